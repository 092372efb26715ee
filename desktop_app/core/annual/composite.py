"""The composite score (综合得分) of a team or a cadre in a year, and its settings (the rule set's
`annual.composite`, defaults documented in annual/settings.py). Pure: no database.

A cadre's parts:
- 月度实绩: the mean points of the months judged — a reviewed completion grade (完成等次) scores
  its points, a month 未报 (no report and no accepted reason once due) or 空洞 scores 0; months
  excused (说明), not yet due, before reporting began, or submitted but not yet reviewed are left out;
- 季度评议: the mean of the year's quarter scores (quarters without a score are left out);
- 年度测评: the mean points of the annual democratic evaluation's votes — Σ points × votes ÷ votes;
  a valid ballot left blank for the person is an abstention (弃权) and is not a vote, as in the
  quarterly scores.
A team's: 责任制考核 (the score itself), 年度测评 (votes on the team scale), 民意调查 (满意 100 …).

Composite = Σ weight × part ÷ Σ weights of the parts that have data: a part without data neither
adds nor penalises (domain.md "Ballots and tallies"); no part at all → None. Arithmetic is exact
(fractions), so equal scores are equal and a score of exactly 90 is 90; rounding (one decimal, half
up) is for display only, never for comparisons.
"""

import copy
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from desktop_app.core.monthly_reports import GRADES as MONTHLY_GRADES
from desktop_app.core.normalize import clean_text
from desktop_app.core.quarter_scores import display_score
from desktop_app.core.rule_sets import exact_number

COMPOSITE = "composite"
SURVEY_GRADES = ("满意", "基本满意", "不满意")
CADRE_PARTS = ("月度实绩", "季度评议", "年度测评")
TEAM_PARTS = ("责任制考核", "年度测评", "民意调查")
ZERO_MONTHS = ("未报", "空洞")  # month statuses (core.report_gaps) that score 0 points
COMPOSITE_KEYS = ("cadre_weights", "team_weights", "monthly_points", "team_evaluation_points",
                  "cadre_evaluation_points", "survey_points")
_NAMES = {"cadre_weights": "干部综合得分权重", "team_weights": "领导班子综合得分权重",
          "monthly_points": "月度完成等次分值", "team_evaluation_points": "领导班子年度测评分值",
          "cadre_evaluation_points": "干部年度测评分值", "survey_points": "民意调查分值"}


@dataclass(frozen=True)
class CompositeRules:
    """How the composite score is made: the weight of each part and the points of each grade (exact)."""

    cadre_weights: Mapping[str, int | Fraction]  # 月度实绩 / 季度评议 / 年度测评
    team_weights: Mapping[str, int | Fraction]  # 责任制考核 / 年度测评 / 民意调查
    monthly_points: Mapping[str, int | Fraction]  # 月度完成等次 好/较好/一般/差
    team_evaluation_points: Mapping[str, int | Fraction]  # 班子年度测评 好/较好/一般/差
    cadre_evaluation_points: Mapping[str, int | Fraction]  # 干部年度测评 优秀/称职/基本称职/不称职
    survey_points: Mapping[str, int | Fraction]  # 民意调查 满意/基本满意/不满意


# -- settings ----------------------------------------------------------------------------------------
def default_composite(team_grades, cadre_grades) -> dict:
    """The composite part's defaults for these scales (annual/settings.py says why these numbers)."""
    return {"cadre_weights": dict(zip(CADRE_PARTS, (30, 30, 40), strict=True)),
            "team_weights": dict(zip(TEAM_PARTS, (50, 30, 20), strict=True)),
            "monthly_points": dict(zip(MONTHLY_GRADES, (100, 80, 65, 40), strict=True)),
            "team_evaluation_points": _by_position(team_grades),
            "cadre_evaluation_points": _by_position(cadre_grades),
            "survey_points": dict(zip(SURVEY_GRADES, (100, 60, 0), strict=True))}


def _by_position(grades) -> dict:
    """100, 80, 60, 40 … from the best grade down (a scale has at most six grades: the last gets 0)."""
    return {grade: 100 - 20 * n for n, grade in enumerate(grades)}


def validate_composite(value, team, cadre, problems: dict) -> dict:
    """The composite part cleaned, problems added as annual.composite.<key>[.<name>]: every part's
    weight a number ≥ 0 and their sum above 0; every grade's points 0–100, not rising from the
    best grade to the worst. None (a rule set from before) → the defaults; unknown keys are kept."""
    defaults = default_composite(team, cadre)
    if value is None:
        return defaults
    if not isinstance(value, Mapping):
        problems[f"annual.{COMPOSITE}"] = "综合得分设置须为 JSON 对象"
        return defaults
    names = {"cadre_weights": CADRE_PARTS, "team_weights": TEAM_PARTS, "monthly_points": MONTHLY_GRADES,
             "team_evaluation_points": tuple(team), "cadre_evaluation_points": tuple(cadre),
             "survey_points": SURVEY_GRADES}
    clean = copy.deepcopy(dict(value))
    for key in COMPOSITE_KEYS:
        clean[key] = _numbers(value.get(key, defaults[key]), names[key], key, problems)
    return clean


def _numbers(given, names: tuple, key: str, problems: dict) -> dict:
    where, what, weights = f"annual.{COMPOSITE}.{key}", _NAMES[key], key.endswith("weights")
    given = {clean_text(k): v for k, v in given.items()} if isinstance(given, Mapping) else {}
    if set(given) != set(names):
        unknown = [k for k in given if k not in names]
        problems[where] = (f"{what}须为 {'、'.join(names)} 各填一个{'权重（不用的填 0）' if weights else '分值'}"
                           + (f"（「{'、'.join(unknown)}」不是其中之一）" if unknown else ""))
        return given
    clean = {name: _number(given[name]) for name in names}
    for name, number in clean.items():
        if number is None or number < 0 or (not weights and number > 100):
            problems[f"{where}.{name}"] = (f"{what}：「{name}」须为{'不小于 0 的数' if weights else ' 0–100 之间的数'}"
                                           f"（现为 {given[name]}）")
    numbers = list(clean.values())
    if any(f"{where}." in k for k in problems):
        return clean
    if weights and sum(numbers) <= 0:
        problems[where] = f"{what}之和须大于 0"
    elif not weights and any(a < b for a, b in zip(numbers, numbers[1:], strict=False)):
        problems[where] = f"{what}须按等次从好到差排列，不能升高（{' ≥ '.join(names)}）"
    return clean


def _number(value) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def parse_composite(clean: Mapping) -> CompositeRules:
    """CompositeRules from a cleaned composite part (validate_composite)."""
    return CompositeRules(*({k: exact_number(v) for k, v in clean[key].items()} for key in COMPOSITE_KEYS))


# -- the parts ---------------------------------------------------------------------------------------
def mean_points(counts: Mapping[str, int] | None, points: Mapping) -> Fraction | None:
    """Σ points × votes ÷ votes over the grades `points` knows; None when nobody voted."""
    votes = [(points[grade], n) for grade, n in (counts or {}).items() if grade in points and n]
    total = sum(n for _p, n in votes)
    return Fraction(sum(p * n for p, n in votes), total) if total else None


def monthly_part(months: Iterable[str], points: Mapping) -> Fraction | None:
    """月度实绩: the mean over the months judged, each a completion grade (its points) or 未报/空洞 (0)."""
    scored = [0 if month in ZERO_MONTHS else points[month] for month in months]
    return Fraction(sum(scored), len(scored)) if scored else None


def mean(values: Iterable) -> Fraction | None:
    """The exact mean of the values that are not None; None when there is none."""
    present = [Fraction(exact_number(v)) for v in values if v is not None]
    return sum(present) / len(present) if present else None


def cadre_parts(rules: CompositeRules, *, months: Iterable[str] = (), quarter_scores: Iterable = (),
                evaluation: Mapping[str, int] | None = None) -> dict[str, Fraction | None]:
    """A cadre's parts: 月度实绩, 季度评议, 年度测评 (None: no data that year)."""
    return {"月度实绩": monthly_part(months, rules.monthly_points), "季度评议": mean(quarter_scores),
            "年度测评": mean_points(evaluation, rules.cadre_evaluation_points)}


def team_parts(rules: CompositeRules, *, responsibility_score=None, evaluation: Mapping[str, int] | None = None,
               survey: Mapping[str, int] | None = None) -> dict[str, Fraction | None]:
    """A team's parts: 责任制考核, 年度测评, 民意调查 (None: no data that year)."""
    score = None if responsibility_score is None else Fraction(exact_number(responsibility_score))
    return {"责任制考核": score, "年度测评": mean_points(evaluation, rules.team_evaluation_points),
            "民意调查": mean_points(survey, rules.survey_points)}


def composite_score(parts: Mapping[str, Fraction | None], weights: Mapping) -> Fraction | None:
    """Σ weight × part ÷ Σ weights of the parts that have data (and a weight); None when none has."""
    present = [(weights.get(name, 0), value) for name, value in parts.items() if value is not None]
    total = sum(w for w, _v in present)
    return Fraction(sum(w * v for w, v in present)) / total if total else None


def score_text(value, places: int = 1) -> str:
    """A score as shown: one decimal, half up (89.95 → 90.0); "—" when there is none."""
    return "—" if value is None else display_score(value, places)


__all__ = ["COMPOSITE", "SURVEY_GRADES", "CADRE_PARTS", "TEAM_PARTS", "ZERO_MONTHS", "CompositeRules",
           "default_composite", "validate_composite", "parse_composite", "mean_points", "monthly_part", "mean",
           "cadre_parts", "team_parts", "composite_score", "score_text"]
