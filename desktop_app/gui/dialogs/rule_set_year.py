"""What the 规则方案 dialog opens for a year: the rules to edit (the year's own, else those it
follows, else the defaults — the whole JSON, so keys of later versions are saved back), whether
the year has its own, and the status line (which says when the annual part is wrong).

A stored set the core cannot score with (written by hand, or by an older or newer version) is
shown as it is when its shape allows, its problems under the fields they name, so the operator
corrects just those; when even its shape is wrong, the defaults are shown to save over it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from db.errors import KaopingError
from desktop_app.core.rule_sets import (
    QUARTERLY,
    get_rule_set,
    preset_rules,
    rule_set_years,
    rules_for_year,
    validate_rules,
)
from desktop_app.gui.dialogs.rule_set_messages import problems_of, status_text

ANNUAL_PROBLEMS = "。年度考核规则有误，无法定等：请在「年度考核」页按红字改正后保存。"


@dataclass(frozen=True)
class YearRules:
    year: int
    rules: dict  # the whole rules JSON to edit
    own: bool  # the year has a rule set of its own
    source: str  # 2026年规则方案 / 沿用2025年规则方案 / 默认规则方案
    status: str
    name: str = ""
    warning: bool = False  # the rule set in force is broken
    problems: dict = field(default_factory=dict)  # its problems, when shown as it is


def read_year(reader, year: int) -> YearRules:
    """The rules of `year` as the dialog opens them."""
    years = rule_set_years(reader)
    try:
        rules = rules_for_year(reader, year)
    except KaopingError as error:  # the set in force is broken
        return _broken(reader, year, years, error.message)
    stored = get_rule_set(reader, rules.year) if rules.year is not None else None
    own = rules.year == year
    shown = validate_rules(stored.rules) if stored else preset_rules()
    problems = problems_of(shown)  # the annual part's: the quarterly one scores
    status = status_text(year, rules.source, rules.year) + (ANNUAL_PROBLEMS if problems else "")
    return YearRules(year, shown, own, rules.source, status, stored.name if stored and own else "",
                     bool(problems), problems)


def _broken(reader, year: int, years: list[int], message: str) -> YearRules:
    found = max(y for y in years if y <= year)
    source = f"{found}年规则方案" if found == year else f"沿用{found}年规则方案"
    try:
        stored = get_rule_set(reader, found)
    except ValueError:  # not even JSON
        stored = None
    if stored is not None and usable(stored.rules):
        return YearRules(year, stored.rules, found == year, source, f"{year}年：{message}下面红字处改好后保存即可。",
                         stored.name if found == year else "", True, problems_of(stored.rules))
    return YearRules(year, preset_rules(), found == year, source,
                     f"{year}年：{message}下面显示的是默认规则，改好后保存即可替换。", "", True)


def usable(rules) -> bool:
    """The shape the editor shows: the quarterly part with its lists of rows and points by grade."""
    quarterly = rules.get(QUARTERLY) if isinstance(rules, Mapping) else None
    if not isinstance(quarterly, Mapping):
        return False
    grades, points = quarterly.get("grades"), quarterly.get("points")
    rows = [quarterly.get(key, []) for key in ("aspects", "categories", "thresholds")]
    return (isinstance(grades, list) and all(isinstance(g, str) for g in grades) and isinstance(points, Mapping)
            and all(isinstance(r, list) and all(isinstance(item, Mapping) for item in r) for r in rows))
