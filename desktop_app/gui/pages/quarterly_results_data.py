"""The results of a quarter as the 评议结果 and 全县汇总 tabs of 季度评议 show them.

`read_quarter_results` runs on the worker: core `quarter_summary` scores every unit's session
from the raw counts (a few tenths of a second for a county), the rows of both tabs are built
there too (names spelled in pinyin off the GUI thread). `ResultsLoader` starts it and hands
the results back, dropping those of a quarter no longer chosen.
"""

from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from desktop_app.core.evaluations import quarter_label, sessions_of_quarter
from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.core.quarter_scores import QuarterSummary, UnitScores, quarter_summary
from desktop_app.core.rule_sets import rules_for_year
from desktop_app.gui.models.quarter_results_models import Ballots, CountyRow, ResultRow
from desktop_app.gui.pages.latest_loader import LatestLoader


# -- on the worker ------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuarterResults:
    """A quarter's results as the tabs show them, computed on the worker."""

    year: int
    quarter: int
    summary: QuarterSummary
    aspects: tuple[str, ...]
    grades: tuple[str, ...]
    ballots: dict[str, Ballots] = field(default_factory=dict)
    rows: tuple[ResultRow, ...] = ()
    county: tuple[CountyRow, ...] = ()

    def unit(self, unit_id: str | None) -> UnitScores | None:
        return next((u for u in self.summary.units if u.unit_id == unit_id), None)

    @property
    def units_with_results(self) -> list[UnitScores]:
        """Units where someone has a 季度等次 (what a results notice can post)."""
        return [u for u in self.summary.units if any(c.grade for c in u.cadres)]


def read_quarter_results(db, year: int, quarter: int) -> QuarterResults:
    """The quarter's scores and the rows of both tabs (names spelled here, off the GUI thread)."""
    summary = quarter_summary(db, year, quarter)
    rules = rules_for_year(db, year)
    ballots = {s["unit_id"]: Ballots(int(s["valid"] or 0), dict(s["valid_by_category"]), tuple(s["categories"]))
               for s in sessions_of_quarter(db, year, quarter)}
    rows, county = [], []
    for order, unit in enumerate(summary.units):
        unit_full, unit_initials = name_pinyin(unit.unit_name)
        for cadre in unit.cadres:
            full, initials = name_pinyin(cadre.name)
            rows.append(ResultRow(unit.unit_id, unit.unit_name, order, cadre, full,
                                  search_text(cadre.name, full, initials, unit.unit_name, unit_full, unit_initials)))
        county.append(CountyRow(unit.unit_id, unit.unit_name, order, len(unit.cadres), unit.exact_average,
                                tuple(unit.grade_counts.get(g, 0) for g in rules.grades), unit.unscored,
                                search_text(unit.unit_name, unit_full, unit_initials)))
    return QuarterResults(year, quarter, summary, tuple(a.short or a.name for a in rules.aspects), tuple(rules.grades),
                          ballots, tuple(rows), tuple(county))


# -- the summary lines ----------------------------------------------------------------------------
def _distribution(scores, grades) -> str:
    average = f"平均 {scores.average_text} 分" if scores.exact_average is not None else "暂无平均分"
    counts = "、".join(f"{grade} {scores.grade_counts.get(grade, 0)}" for grade in grades)
    return f"{average}；{counts}；无有效票 {scores.unscored}"


def county_line(data: QuarterResults) -> str:
    """2025年第4季度（默认规则方案）：100 个单位，600 人，平均 85.92 分；好 185、…；无有效票 0."""
    summary = data.summary
    head = f"{quarter_label(data.year, data.quarter)}（{summary.source}）"
    if not summary.units:
        return f"{head}：还没有测评会，暂无评议结果。"
    return f"{head}：{len(summary.units)} 个单位，{summary.cadre_count} 人，{_distribution(summary, data.grades)}"


def unit_line(data: QuarterResults, unit_id: str, unit_name: str) -> str:
    unit = data.unit(unit_id)
    if unit is None:
        return f"{unit_name}{quarter_label(data.year, data.quarter)}还没有登记测评会，暂无评议结果。"
    return f"{unit_name}：{len(unit.cadres)} 人，{_distribution(unit, data.grades)}"


# -- loading ----------------------------------------------------------------------------------------
class ResultsLoader(LatestLoader):
    """Computes a quarter's results on the worker; keeps the last ones until newer arrive."""

    data: QuarterResults | None

    def __init__(self, ctx, page: QWidget):
        super().__init__(ctx, page)
        self.key: tuple[int, int] | None = None  # the quarter `data` (or the error) is of, while current
        self.pending: tuple[int, int] | None = None

    def invalidate(self) -> None:
        """What the results are computed from changed: compute again when next needed."""
        self.key = self.pending = None

    def ensure(self, quarter: tuple[int, int]) -> None:
        """Compute `quarter`'s results unless they are current or on their way."""
        if quarter in (self.key, self.pending):
            return
        db, self.pending = self.ctx.db, quarter
        self.start(lambda: read_quarter_results(db, *quarter), f"正在计算{quarter_label(*quarter)}评议结果…", quarter)

    def arrived(self, quarter: tuple[int, int]) -> None:
        self.pending, self.key = None, quarter


