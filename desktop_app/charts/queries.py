"""The data of each chart read from the database (图表数据), through the quarterly scoring core.

Scores are never stored: `core.quarter_scores.quarter_summary(db, year, quarter)` computes a
quarter from the raw tallies with the rule set of its year (`core.rule_sets.rules_for_year`),
and everything here is made from those summaries. The converters (`unit_distributions`,
`county_distribution`, `summary_scores`, `average_grid`) take summaries and are tested on
their own; `chart_figure` is what the CLI (and later the GUI's chart page) calls.

Charts show the cadres with a score; those without a valid vote (无有效票) have no grade and
are counted in the subtitle instead.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.charts.data import (
    GRADES,
    AverageGrid,
    QuarterDistribution,
    ScoreSample,
    UnitDistribution,
    quarter_label,
)
from desktop_app.core.errors import KaopingError, RecordNotFound, ValidationError

KINDS: dict[str, str] = {
    "distribution": "各单位等次分布",
    "trend": "等次分布趋势",
    "histogram": "综合得分分布",
    "heatmap": "各单位各季度平均得分",
}
TREND_QUARTERS = 12     # quarters a trend shows when no year is given (the latest ones)
HEATMAP_QUARTERS = 8    # quarters a heat map shows when no year is given


class NoQuarterData(KaopingError):
    """Nothing to draw: no evaluation session (测评会) in the quarters asked for."""


@dataclass(frozen=True)
class Period:
    """The quarters a chart covers and, when it is one unit's chart, the unit."""

    quarters: tuple[tuple[int, int], ...]
    unit_id: str | None = None
    unit_name: str = ""


# -- which quarters ----------------------------------------------------------------------------------
def evaluated_quarters(db) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter with at least one evaluation session, in time order.

    TODO(lead): move to core.evaluations (e.g. `evaluated_quarters(db)`) so charts read through
    core services only; this is the one query of the package.
    """
    from desktop_app.core import evaluations

    if hasattr(evaluations, "evaluated_quarters"):
        return [tuple(q) for q in evaluations.evaluated_quarters(db)]
    return [(int(y), int(q)) for y, q in db.execute(
        "SELECT DISTINCT year, quarter FROM evaluation_sessions WHERE deleted = 0 ORDER BY year, quarter")]


def chart_period(db, kind: str, *, year: int | None = None, quarter: int | None = None,
                 unit: str | None = None) -> Period:
    """The quarters of a chart of `kind`: one quarter (distribution, histogram; the latest with
    sessions unless given), or a span (trend, heat map; the given year's, else the latest ones)."""
    if kind not in KINDS:
        raise ValidationError({"kind": f"没有「{kind}」这种图表（可选：{'、'.join(KINDS)}）"})
    if quarter is not None and year is None:
        raise ValidationError({"quarter": "指定季度时请同时指定年份（--year）"})
    if quarter is not None and kind in ("trend", "heatmap"):
        raise ValidationError({"quarter": f"{KINDS[kind]}图跨多个季度，不能指定季度：请去掉 --quarter，或用 --year 选一年"})
    unit_id, unit_name = _unit(db, unit)
    known = evaluated_quarters(db)
    if year is not None:
        known = [q for q in known if q[0] == year]
    if quarter is not None:
        known = [q for q in known if q[1] == quarter]
    if not known:
        raise NoQuarterData(_nothing_message(year, quarter))
    if kind in ("distribution", "histogram"):
        chosen = known[-1:]
    else:
        chosen = known if year is not None else known[-(TREND_QUARTERS if kind == "trend" else HEATMAP_QUARTERS):]
    return Period(tuple(chosen), unit_id, unit_name)


def _unit(db, name: str | None) -> tuple[str | None, str]:
    if not name:
        return None, ""
    from desktop_app.core.units import unit_id_named

    unit_id = unit_id_named(db, name)
    if unit_id is None:
        raise RecordNotFound(f"找不到名为「{name}」的单位（请写单位的全称）。")
    return unit_id, name.strip()


def _nothing_message(year: int | None, quarter: int | None) -> str:
    where = quarter_label(year, quarter) if quarter else f"{year}年" if year else "数据库中"
    return f"{where}还没有季度评议的测评会，无法作图。请先录入测评会和计票。"


# -- summaries → chart data -------------------------------------------------------------------------
def summaries(db, quarters: Sequence[tuple[int, int]]) -> list:
    """The quarter summaries (core.quarter_scores.QuarterSummary) of `quarters`, in that order."""
    from desktop_app.core.quarter_scores import quarter_summary

    return [quarter_summary(db, year, quarter) for year, quarter in quarters]


def grades_of(db, year: int) -> tuple[str, ...]:
    """The grade names of the year's rule set, best first."""
    from desktop_app.core.rule_sets import rules_for_year

    return tuple(rules_for_year(db, year).grades)


def thresholds_of(db, year: int) -> dict[str, float]:
    """Grade → lowest score earning it, from the year's rule set (the worst grade's 0 left out)."""
    from desktop_app.core.rule_sets import rules_for_year

    rules = rules_for_year(db, year)
    return {t.grade: float(t.min_score) for t in rules.thresholds if t.grade != rules.grades[-1]}


def _units_of(summary, unit_id: str | None) -> list:
    return [u for u in summary.units if unit_id is None or u.unit_id == unit_id]


def _by_position(counts, grades: Sequence[str]) -> dict[str, int]:
    """A summary's grade counts under `grades`: by name, or by place when a year named them otherwise."""
    if set(counts) <= set(grades):
        return dict(counts)
    values = list(counts.values())
    return {grade: values[i] for i, grade in enumerate(grades) if i < len(values)}


def unit_distributions(summary, grades: Sequence[str] = GRADES, unit_id: str | None = None) -> list[UnitDistribution]:
    """Each unit's grade counts in the quarter (only `unit_id`'s when given), in unit order."""
    return [UnitDistribution(u.unit_name, _by_position(u.grade_counts, grades)) for u in _units_of(summary, unit_id)]


def county_distribution(summary, grades: Sequence[str] = GRADES, unit_id: str | None = None) -> QuarterDistribution:
    """The county's grade counts in the quarter (one unit's when `unit_id` is given)."""
    if unit_id is None:
        counts = _by_position(summary.grade_counts, grades)
    else:
        counts = {g: 0 for g in grades}
        for unit in _units_of(summary, unit_id):
            for grade, count in _by_position(unit.grade_counts, grades).items():
                counts[grade] += count
    return QuarterDistribution(summary.year, summary.quarter, counts)


def summary_scores(summary, unit_id: str | None = None) -> list[float]:
    """The overall scores (综合得分) of the quarter's cadres that have one."""
    return [c.score for u in _units_of(summary, unit_id) for c in u.cadres if c.score is not None]


def unscored_count(summary, unit_id: str | None = None) -> int:
    return sum(u.unscored for u in _units_of(summary, unit_id))


def average_grid(quarter_summaries: Sequence, unit_id: str | None = None) -> AverageGrid:
    """Units × quarters of average scores; a unit appears in the order the quarters list it, and a
    quarter it had no session or no score in is None."""
    names: dict[str, str] = {}
    for summary in quarter_summaries:
        for unit in _units_of(summary, unit_id):
            names.setdefault(unit.unit_id, unit.unit_name)
    averages = {(s.year, s.quarter, u.unit_id): u.average for s in quarter_summaries for u in s.units}
    rows = [[averages.get((s.year, s.quarter, uid)) for s in quarter_summaries] for uid in names]
    return AverageGrid(list(names.values()), [quarter_label(s.year, s.quarter) for s in quarter_summaries], rows)


# -- a chart from the database ----------------------------------------------------------------------
def chart_figure(db, kind: str, *, year: int | None = None, quarter: int | None = None, unit: str | None = None,
                 shares: bool | None = None):
    """The figure of chart `kind` (distribution / trend / histogram / heatmap) read from `db`;
    NoQuarterData when there is nothing to draw. The title names the period and the unit.
    `shares` None draws each chart's usual way: counts per unit, shares over time."""
    period = chart_period(db, kind, year=year, quarter=quarter, unit=unit)
    found = summaries(db, period.quarters)
    last = found[-1]
    grades = grades_of(db, last.year)
    who = period.unit_name or "全县"
    span = _span_text(period.quarters)
    unscored = sum(unscored_count(s, period.unit_id) for s in found)
    note = f"另有 {unscored} 人无有效票，未计入" if unscored else ""
    if kind == "distribution":
        from desktop_app.charts.grades import grade_distribution

        return grade_distribution(unit_distributions(last, grades, period.unit_id), shares=bool(shares),
                                  grades=grades, title=f"{span}{period.unit_name or '各单位'}评议等次分布",
                                  subtitle=note)
    if kind == "trend":
        from desktop_app.charts.grades import county_trend

        return county_trend([county_distribution(s, grades, period.unit_id) for s in found],
                            shares=shares is not False, grades=grades, title=f"{who}季度评议等次分布趋势",
                            subtitle=_join(span, note))
    if kind == "histogram":
        from desktop_app.charts.scores import score_histogram

        sample = ScoreSample(summary_scores(last, period.unit_id), thresholds_of(db, last.year), grades)
        return score_histogram(sample.scores, thresholds=sample.thresholds, grades=sample.grades,
                               title=f"{span}{who}评议综合得分分布", subtitle=note)
    from desktop_app.charts.scores import unit_quarter_heatmap

    grid = average_grid(found, period.unit_id)
    return unit_quarter_heatmap(grid.units, grid.quarters, grid.averages,
                                title=f"{period.unit_name or '各单位'}各季度平均得分", subtitle=span)


def _span_text(quarters: Sequence[tuple[int, int]]) -> str:
    first, last = quarter_label(*quarters[0]), quarter_label(*quarters[-1])
    return first if first == last else f"{first}至{last}"


def _join(*parts: str) -> str:
    return "　".join(p for p in parts if p)


__all__ = ["KINDS", "NoQuarterData", "Period", "evaluated_quarters", "chart_period", "summaries", "grades_of",
           "thresholds_of", "unit_distributions", "county_distribution", "summary_scores", "unscored_count",
           "average_grid", "chart_figure"]
