"""Words the quarterly evaluation (季度评议) prints on its ballots and result lists.

Pure Python (no reportlab), so the GUI can show the same labels as the printed pages.
The three aspects are the defaults of 001_21050b644a524277.txt (月公示、季评议、年考核); a
county's rule set may name others, and then gives their short labels too, or takes the
first phrase of each.
"""

GRADES = ("好", "较好", "一般", "差")
DEFAULT_ASPECTS = (
    "学习研究、工作思路、工作安排、工作措施",
    "工作责任心、联系群众、团结同志、遵纪守法、严格管理、勤奋敬业、出勤情况",
    "工作数量、质量、效率、解决实际问题、业务工作推进、取得总体绩效",
)
# the short label a column header prints for each default aspect
ASPECT_LABELS = dict(zip(DEFAULT_ASPECTS, ("学习思路", "责任作风", "工作绩效"), strict=True))
SHORT_ENOUGH = 6  # an aspect this short is its own label
NUMERALS = "一二三四五六七八九十"


def quarter_text(year: int, quarter: int) -> str:
    """`2025, 3` → "2025年第3季度"."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"季度应为 1 至 4，而不是 {quarter}")
    return f"{year}年第{quarter}季度"


def aspect_labels(aspects: list[str] | tuple[str, ...], labels: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The short label of each aspect: given, known, the aspect itself when short, else its first phrase."""
    if labels is not None:
        if len(labels) != len(aspects):
            raise ValueError(f"测评方面有 {len(aspects)} 个，简称却有 {len(labels)} 个")
        return [str(label) for label in labels]
    result = []
    for aspect in aspects:
        if aspect in ASPECT_LABELS:
            result.append(ASPECT_LABELS[aspect])
        elif len(aspect) <= SHORT_ENOUGH:
            result.append(aspect)
        else:
            result.append(aspect.replace("，", "、").split("、")[0][:SHORT_ENOUGH])
    return result


def numbered(index: int, label: str) -> str:
    """`0, "学习思路"` → "一、学习思路" (up to ten aspects; beyond, Arabic numerals)."""
    number = NUMERALS[index] if index < len(NUMERALS) else str(index + 1)
    return f"{number}、{label}"


def aspect_legend(aspects: list[str] | tuple[str, ...], labels: list[str]) -> list[str]:
    """"一、学习思路：学习研究、工作思路…" for each aspect whose label does not say it all."""
    return [f"{numbered(index, label)}：{aspect}" for index, (aspect, label) in enumerate(zip(aspects, labels, strict=True))
            if aspect != label]
