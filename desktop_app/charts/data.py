"""The plain data the chart builders draw (图表数据): no database, no matplotlib.

Grades are the four-grade scale of the quarterly evaluation (季度评议), best first. A rule set
may name them otherwise (好/较好/一般/较差): every builder takes `grades=` and colours a grade
by its place in the scale, so the best is always green and the worst always red.
"""

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop_app.core.evaluations import quarter_label as core_quarter_label

GRADES: tuple[str, ...] = ("好", "较好", "一般", "差")

_QUARTER = re.compile(r"^\s*(\d{4})\s*(?:年\s*第\s*([1-4])\s*季度|[-\s]*[Qq]\s*([1-4]))\s*$")


def quarter_label(year: int, quarter: int) -> str:
    """How a quarter is written, in the charts as everywhere (core.evaluations): 2025年第1季度."""
    if not 1 <= int(quarter) <= 4:
        raise ValueError(f"季度须为 1–4：{quarter}")
    return core_quarter_label(int(year), int(quarter))


def parse_quarter(label: str) -> tuple[int, int]:
    """(year, quarter) from '2025年第1季度' or '2025Q1'; ValueError otherwise."""
    match = _QUARTER.match(label)
    if not match:
        raise ValueError(f"季度的写法不对：{label}（例：2025年第1季度 或 2025Q1）")
    return int(match[1]), int(match[2] or match[3])


def tick_label(label: str) -> str:
    """A quarter label on two lines for a narrow axis slot: '2025年\\n第1季度'."""
    return label.replace("年", "年\n", 1) if "年第" in label else label


def _clean_counts(counts: Mapping[str, int]) -> dict[str, int]:
    clean = {}
    for grade, count in counts.items():
        if int(count) != count or count < 0:
            raise ValueError(f"{grade}的人数须为非负整数：{count}")
        clean[str(grade)] = int(count)
    return clean


class _GradeCounts:
    """A count of cadres per grade (`counts`, a dataclass field checked on creation)."""

    counts: Mapping[str, int]

    def __post_init__(self):
        object.__setattr__(self, "counts", _clean_counts(self.counts))

    def count(self, grade: str) -> int:
        return self.counts.get(grade, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class UnitDistribution(_GradeCounts):
    """One unit's count of cadres per grade in a quarter (各等次人数), e.g.
    UnitDistribution("丹江镇", {"好": 3, "较好": 8, "一般": 2, "差": 0})."""

    unit: str
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class QuarterDistribution(_GradeCounts):
    """The county's count of cadres per grade in one quarter (全县各等次人数)."""

    year: int
    quarter: int
    counts: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self):
        quarter_label(self.year, self.quarter)  # validates the quarter
        super().__post_init__()

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)


@dataclass(frozen=True)
class ScoreSample:
    """Overall scores (综合得分) of the cadres of a quarter, with the rule set's grade thresholds:
    `thresholds` maps a grade to the lowest score that earns it (the worst grade has none)."""

    scores: Sequence[float]
    thresholds: Mapping[str, float] = field(default_factory=dict)
    grades: Sequence[str] = GRADES


@dataclass(frozen=True)
class AverageGrid:
    """Average score per unit (rows) and quarter (columns); None where a unit had no scores."""

    units: Sequence[str]
    quarters: Sequence[str]
    averages: Sequence[Sequence[float | None]]


def finite_scores(scores: Sequence[float | None]) -> list[float]:
    """The scores that are numbers (None and NaN dropped)."""
    return [float(s) for s in scores if s is not None and not math.isnan(float(s))]


def grade_of(score: float, thresholds: Mapping[str, float], grades: Sequence[str] = GRADES) -> str:
    """The grade a score falls in by the thresholds (the worst grade when below them all)."""
    for grade in grades:
        if grade in thresholds and score >= thresholds[grade]:
            return grade
    return grades[-1]


__all__ = ["GRADES", "quarter_label", "parse_quarter", "tick_label", "UnitDistribution", "QuarterDistribution",
           "ScoreSample", "AverageGrid", "finite_scores", "grade_of"]
