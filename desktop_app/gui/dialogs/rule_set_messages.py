"""What the 规则方案 dialog says: the year's status, changes made elsewhere, and where each problem
of a rule set goes — the core names a field (quarterly.points.好, quarterly.aspects.2.weight,
quarterly.thresholds…) and the dialog shows the message under the group of that field, painting
the cell or box it names."""

from dataclasses import dataclass, field

from desktop_app.core.errors import ValidationError
from desktop_app.core.rule_sets import ANNUAL, validate_rule_set

SECTIONS = ("points", "aspects", "categories", "thresholds")
GENERAL = "general"

ABOUT = ("改动某年的规则方案后，该年各季度的得分随之按新规则重新计算（得分不保存，每次都从计票算出）；"
         "没有自己方案的年份沿用此前最近一年的方案，都没有时用默认规则方案。")


def status_text(year: int, source: str, found: int | None) -> str:
    """2026年：沿用2025年规则方案（本年没有自己的规则方案）…"""
    if found == year:
        return f"{year}年：{source}（本年有自己的规则方案）"
    if found is not None:
        return f"{year}年：{source}（本年没有自己的规则方案）"
    return f"{year}年：{source}（本年及以前各年都没有规则方案）"


def change_message(note: str) -> str:
    """What a change made elsewhere did: 已撤销：保存2025年规则方案 / 已重做：… / 规则方案已更新：…"""
    if note.startswith("撤销：撤销："):
        return f"已重做：{note.removeprefix('撤销：撤销：')}"
    if note.startswith("撤销："):
        return f"已{note}"
    return f"规则方案已更新：{note}"


def problems_of(rules: dict) -> dict[str, str]:
    """What the core would refuse in `rules`, either part ({} when nothing): checked as they are edited."""
    try:
        validate_rule_set(rules)
    except ValidationError as error:
        return dict(error.problems)
    return {}


@dataclass
class Routed:
    """A group's share of the problems: messages under it, and the cells (row, key) or grades they name."""

    messages: list[str] = field(default_factory=list)
    cells: dict = field(default_factory=dict)


def route_problems(problems: dict[str, str]) -> dict[str, Routed]:
    """{group: Routed} for the points, the three tables and `general` (anything else: year, JSON…);
    the annual part's problems are left to its tab (rule_set_annual)."""
    routed = {name: Routed() for name in (*SECTIONS, GENERAL)}
    for key, text in problems.items():
        parts = key.split(".")
        if parts[0] == ANNUAL:
            continue
        part = parts[1] if parts[0] == "quarterly" and len(parts) > 1 else ""
        section = "points" if part in ("grades", "points") else part if part in SECTIONS else GENERAL
        target = routed[section]
        target.messages.append(text)
        if section == "points" and part == "points" and len(parts) == 3:
            target.cells[parts[2]] = text  # the grade's box
        elif section in SECTIONS and len(parts) == 4 and parts[2].isdigit():
            target.cells[(int(parts[2]) - 1, parts[3])] = text  # 1-based in the message, rows from 0
    return routed


def out_of_order(values: list, *, strict: bool) -> list[int]:
    """The places where a list that should fall does not: a value above the one before it (or equal to
    it, when `strict`) — the boxes and cells to paint for 分值须…不能升高 and 分数线须从高到低."""
    numbers = [v if isinstance(v, int | float) and not isinstance(v, bool) else None for v in values]
    return [n for n in range(1, len(numbers)) if None not in (numbers[n - 1], numbers[n])
            and (numbers[n] >= numbers[n - 1] if strict else numbers[n] > numbers[n - 1])]


def mark_order_problems(routed: dict[str, Routed], problems: dict[str, str], points: dict, thresholds: list[dict]) -> None:
    """The core says only that the points rise or the thresholds do not fall: paint where they do."""
    if "quarterly.points" in problems:
        grades = list(points)
        for n in out_of_order(list(points.values()), strict=False):
            routed["points"].cells.setdefault(grades[n], problems["quarterly.points"])
    if "quarterly.thresholds" in problems and not routed["thresholds"].cells:
        scores = [row.get("min_score") for row in thresholds]
        places = out_of_order(scores, strict=True) or ([len(scores) - 1] if scores and scores[-1] != 0 else [])
        for n in places:
            routed["thresholds"].cells[(n, "min_score")] = problems["quarterly.thresholds"]
