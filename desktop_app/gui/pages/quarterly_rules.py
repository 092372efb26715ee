"""What the 季度评议 screens need of a year's rule set (规则方案): the aspects (full and short
names), the four grades and the voter categories — in one adapter, so the page, the grid, the
template and the ballots all follow the same rules.

The rules come from core `rule_sets.rules_for_year` (the year's own, else the latest earlier
year's, else the defaults). Should that module be missing from an installation, the defaults of
domain.md are used: three aspects 思路措施/作风纪律/工作实绩, 好/较好/一般/差, 领导/同级/干部职工.
"""

from dataclasses import dataclass

from desktop_app.core.evaluations import GRADE_COUNT

DEFAULT_ASPECTS = (("学习研究、工作思路、工作安排、工作措施", "思路措施"),
                   ("工作责任心、联系群众、团结同志、遵纪守法、严格管理、勤奋敬业、出勤情况", "作风纪律"),
                   ("工作数量、质量、效率、解决实际问题、业务工作推进、取得总体绩效", "工作实绩"))
DEFAULT_GRADES = ("好", "较好", "一般", "差")
DEFAULT_CATEGORIES = ("领导", "同级", "干部职工")


@dataclass(frozen=True)
class TallyRules:
    """The quarterly rules as the entry screens use them."""

    aspects: tuple[tuple[str, str], ...] = DEFAULT_ASPECTS  # (full name, short name)
    grades: tuple[str, ...] = DEFAULT_GRADES
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    source: str = "默认规则方案"

    @property
    def shorts(self) -> list[str]:
        """The short names: the grid's and the template's column groups."""
        return [short for _name, short in self.aspects]

    @property
    def names(self) -> list[str]:
        return [name for name, _short in self.aspects]


def tally_rules(db, year: int) -> TallyRules:
    """The rules of `year` for entering tallies (a KaopingError when the year's rule set is broken)."""
    try:
        from desktop_app.core.rule_sets import rules_for_year
    except ImportError:
        return TallyRules()
    rules = rules_for_year(db, year)
    grades = tuple(rules.grades) if len(rules.grades) == GRADE_COUNT else DEFAULT_GRADES  # tallies hold four
    return TallyRules(aspects=tuple((a.name, a.short or a.name) for a in rules.aspects), grades=grades,
                      categories=tuple(c.name for c in rules.categories) or DEFAULT_CATEGORIES,
                      source=rules.source)
