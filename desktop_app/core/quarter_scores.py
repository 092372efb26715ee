"""季度评议量化评分: a quarter's scores, computed from the raw counts of the ballots (计票).

Scores are never stored: they are computed from the counts with the rule set of the quarter's
year (core.rule_sets), so a past quarter always reads the same. The arithmetic is exact
(fractions): a score of exactly 90 is 好 and equal scores are equal; the floats given are for
charts and tables, rounded half up (四舍五入) to two decimals only when shown.

A tally's counts map a voter category (投票类别; "" when the session has none) to one row per
aspect (评议内容), each row the votes per grade in the rules' order ([好, 较好, 一般, 差]).
- 类别平均分: Σ points × votes ÷ votes of that category on that aspect (abstentions do not count);
- 单项得分: Σ(weight × category average) ÷ Σ(weights of the categories that voted on the aspect)
  — a category that did not vote neither adds nor penalises (one production system forgets
  the divisor and does);
- 综合得分: the weighted mean of the aspect scores, over the aspects that got votes; no vote at
  all → no score and no grade (无有效票);
- 好评率 = 好 ÷ valid ballots, 好及较好率 = (好 + 较好) ÷ valid ballots, over all aspects;
  弃权 per aspect = valid ballots − votes.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from desktop_app.core.errors import RecordNotFound, ValidationError
from desktop_app.core.rule_sets import QuarterRules, exact_number, rules_for_year

NO_CATEGORY = ""
NO_VOTES = "无有效票"

Counts = Mapping[str, Sequence[Sequence[int]]]


class TallyError(ValidationError):
    """计票有误: counts that do not fit the rules or exceed the valid ballots; names cadre, aspect, numbers."""


@dataclass(frozen=True)
class Ballots:
    """有效票 of a session: in all, and per voter category (empty when voters are not divided)."""

    valid: int
    by_category: Mapping[str, int] = field(default_factory=dict)

    def of(self, category: str) -> int | None:
        """The valid ballots of `category` ("" → all); None when the session has no such category."""
        return self.valid if category == NO_CATEGORY else self.by_category.get(category)

    @property
    def total(self) -> int:
        return sum(self.by_category.values()) if self.by_category else self.valid


@dataclass(frozen=True)
class Tally:
    """计票: a cadre's raw counts in a session."""

    cadre_id: str
    name: str
    counts: Counts = field(default_factory=dict)


@dataclass(frozen=True)
class CadreScore:
    """一名干部的季度评议结果. Scores are None when there was no vote (无有效票)."""

    cadre_id: str
    name: str
    aspect_scores: tuple[float | None, ...]  # 单项得分, in the rules' aspect order
    score: float | None  # 综合得分, full precision
    grade: str | None  # 季度等次 from the thresholds
    good_rate: float | None  # 好评率
    good_or_better_rate: float | None  # 好及较好率
    abstentions: tuple[int, ...]  # 弃权 per aspect
    valid: int  # 有效票
    counts: Mapping  # the raw counts, as checked
    rank: int | None = None  # 单位内名次; equal scores share one (1, 2, 2, 4)
    exact_score: Fraction | None = field(default=None, repr=False)

    @property
    def score_text(self) -> str:
        return display_score(self.exact_score)

    @property
    def grade_text(self) -> str:
        return self.grade or NO_VOTES


@dataclass(frozen=True)
class UnitScores:
    """一个单位一个季度的评议结果: cadres by rank, the unit's average and grade distribution."""

    unit_id: str
    unit_name: str
    cadres: tuple[CadreScore, ...]  # by rank; those without a score last, by name
    average: float | None  # 平均分 of the cadres with a score
    grade_counts: Mapping[str, int]  # 等次分布: every grade of the rules, in order
    unscored: int  # cadres without a vote (无有效票)
    source: str = ""  # the rule set used (2026年规则方案…)
    exact_average: Fraction | None = field(default=None, repr=False)
    problem: str = ""  # why the unit could not be scored (计票与测评会或规则方案不符), else ""

    @property
    def average_text(self) -> str:
        return display_score(self.exact_average)

    def cadre(self, cadre_id: str) -> CadreScore | None:
        return next((c for c in self.cadres if c.cadre_id == cadre_id), None)


@dataclass(frozen=True)
class QuarterSummary:
    """全县季度评议汇总: every unit's results of a quarter, and the county-wide average and distribution."""

    year: int
    quarter: int
    units: tuple[UnitScores, ...]
    cadre_count: int
    average: float | None
    grade_counts: Mapping[str, int]
    unscored: int
    source: str = ""
    exact_average: Fraction | None = field(default=None, repr=False)

    @property
    def average_text(self) -> str:
        return display_score(self.exact_average)


# -- display ---------------------------------------------------------------------------------------
def display_score(value, places: int = 2) -> str:
    """A score as shown: rounded half up (85.625 → 85.63); 无有效票 when there is none."""
    if value is None:
        return NO_VOTES
    return f"{_half_up(value, places):.{places}f}"


def display_rate(value, places: int = 1) -> str:
    """A rate as a percentage rounded half up (0.48571 → 48.6%); "—" when there is none."""
    return "—" if value is None else f"{_half_up(exact_number(value) * 100, places):.{places}f}%"


def _half_up(value, places: int) -> Decimal:
    """`value` rounded half up at `places` decimals, from its exact value (round() would give 85.62)."""
    scaled = Fraction(exact_number(value)) * 10 ** places
    whole = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)  # ⌊x + ½⌋
    return Decimal(whole).scaleb(-places)


# -- checking a tally --------------------------------------------------------------------------------
def check_tally(rules: QuarterRules, tally: Tally, ballots: Ballots, unit_name: str = "") -> dict:
    """The tally's counts, checked: known categories, a row per aspect and a count per grade, whole
    counts ≥ 0, and per aspect and category no more votes than that category's valid ballots.
    Returns {category: ((int, …) per aspect)}; TallyError naming each problem otherwise."""
    who = f"{unit_name} {tally.name}".strip()
    if not isinstance(tally.counts, Mapping):
        raise TallyError({f"{tally.cadre_id}": f"{who}的计票格式不对"})
    problems: dict[str, str] = {}
    clean = {}
    for category, rows in tally.counts.items():
        if not _category_known(rules, ballots, category, who, problems, tally.cadre_id):
            continue
        clean[category] = _check_rows(rules, rows, ballots.of(category), category, who,
                                      problems, f"{tally.cadre_id}.{category}")
    if problems:
        raise TallyError(problems)
    return clean


def _category_known(rules: QuarterRules, ballots: Ballots, category: str, who: str, problems: dict,
                    key: str) -> bool:
    if category == NO_CATEGORY and ballots.by_category:
        problems[key] = f"{who}的计票未分投票类别，但本次测评按类别（{'、'.join(ballots.by_category)}）计票"
    elif category != NO_CATEGORY and rules.category(category) is None:
        known = "、".join(c.name for c in rules.categories) or "无"
        problems[key] = f"{who}的计票中「{category}」不是规则方案中的投票类别（现有：{known}）"
    elif ballots.of(category) is None:
        problems[key] = f"{who}的计票有「{category}」类，但测评会没有登记该类的有效票数"
    else:
        return True
    return False


def _check_rows(rules: QuarterRules, rows, valid: int, category: str, who: str, problems: dict,
                key: str) -> tuple[tuple[int, ...], ...]:
    label = f"{category}类" if category else ""
    if not isinstance(rows, Sequence) or isinstance(rows, str) or len(rows) != len(rules.aspects):
        problems[key] = f"{who}{label}的计票须有 {len(rules.aspects)} 项评议内容的票数"
        return ()
    clean = []
    for aspect, row in zip(rules.aspects, rows, strict=True):
        where = f"{who}「{aspect.short}」{label}"
        if not isinstance(row, Sequence) or isinstance(row, str) or len(row) != len(rules.grades):
            problems[f"{key}.{aspect.short}"] = f"{where}须有 {len(rules.grades)} 个等次（{'、'.join(rules.grades)}）的票数"
            continue
        bad = [(g, n) for g, n in zip(rules.grades, row, strict=True) if isinstance(n, bool) or not isinstance(n, int)
               or n < 0]
        if bad:
            grade, count = bad[0]
            problems[f"{key}.{aspect.short}"] = f"{where}「{grade}」的票数须为不小于 0 的整数（现为 {count}）"
        elif sum(row) > valid:
            problems[f"{key}.{aspect.short}"] = f"{where}票数合计 {sum(row)} 超过{label}有效票 {valid}"
        clean.append(tuple(row))
    return tuple(clean)


# -- scoring ----------------------------------------------------------------------------------------
def score_cadre(rules: QuarterRules, tally: Tally, ballots: Ballots, unit_name: str = "") -> CadreScore:
    """A cadre's quarter result from the tally (rank is left to score_unit)."""
    counts = check_tally(rules, tally, ballots, unit_name)
    points = [exact_number(p) for p in rules.points]
    weights = {c.name: exact_number(c.weight) for c in rules.categories} | {NO_CATEGORY: 1}
    aspects = [_aspect_score(points, weights, counts, index) for index in range(len(rules.aspects))]
    overall = _weighted_mean((exact_number(a.weight), s) for a, s in zip(rules.aspects, aspects, strict=True))
    valid = ballots.total
    votes = [sum(sum(rows[i]) for rows in counts.values()) for i in range(len(rules.aspects))]
    slots = valid * len(rules.aspects)
    good = sum(row[0] for rows in counts.values() for row in rows)
    better = sum(row[0] + row[1] for rows in counts.values() for row in rows)
    return CadreScore(
        cadre_id=tally.cadre_id, name=tally.name, aspect_scores=tuple(_float(s) for s in aspects),
        score=_float(overall), grade=rules.grade_for(overall) if overall is not None else None,
        good_rate=good / slots if slots else None, good_or_better_rate=better / slots if slots else None,
        abstentions=tuple(max(valid - n, 0) for n in votes), valid=valid,
        counts={c: [list(row) for row in rows] for c, rows in counts.items()}, exact_score=overall)


def _aspect_score(points: list, weights: Mapping, counts: Mapping, index: int) -> Fraction | None:
    """单项得分: the weighted mean of the category averages (Σ points × votes ÷ votes), over the
    categories that voted on the aspect."""
    averages = []
    for category, rows in counts.items():
        votes = sum(rows[index])
        if votes:
            total = sum(p * n for p, n in zip(points, rows[index], strict=True))
            averages.append((weights[category], Fraction(total) / votes))
    return _weighted_mean(averages)


def _weighted_mean(pairs: Iterable[tuple]) -> Fraction | None:
    """Σ weight × value ÷ Σ weight over the values present; None when none is."""
    present = [(w, v) for w, v in pairs if v is not None]
    total = sum(w for w, _v in present)
    return Fraction(sum(w * v for w, v in present)) / total if present else None


def score_unit(rules: QuarterRules, tallies: Iterable[Tally], ballots: Ballots, *, unit_id: str = "",
               unit_name: str = "") -> UnitScores:
    """A unit's quarter: every cadre scored and ranked in the unit, its average and grade distribution."""
    problems, scores = {}, []
    for tally in tallies:
        try:
            scores.append(score_cadre(rules, tally, ballots, unit_name))
        except TallyError as error:
            problems |= error.problems
    if problems:
        raise TallyError(problems)
    ranked = rank_scores(scores)
    exact = _weighted_mean((1, s.exact_score) for s in ranked)
    return UnitScores(unit_id=unit_id, unit_name=unit_name, cadres=tuple(ranked), average=_float(exact),
                      grade_counts=_grade_counts(rules, ranked), unscored=sum(s.score is None for s in ranked),
                      source=rules.source, exact_average=exact)


def rank_scores(scores: Iterable[CadreScore]) -> list[CadreScore]:
    """The scores by rank (名次): higher first, equal scores share a rank and the next skips (1, 2, 2, 4);
    no score → no rank, last. Equal ones are listed by name, so the input order never matters."""
    ordered = sorted(scores, key=lambda s: (s.exact_score is None, -(s.exact_score or 0), s.name, s.cadre_id))
    ranked, rank, previous = [], 0, None
    for position, score in enumerate(ordered, start=1):
        if score.exact_score is None:
            ranked.append(replace(score, rank=None))
            continue
        if score.exact_score != previous:
            rank, previous = position, score.exact_score
        ranked.append(replace(score, rank=rank))
    return ranked


def county_summary(rules: QuarterRules, units: Iterable[UnitScores], year: int, quarter: int) -> QuarterSummary:
    """全县汇总 of a quarter: the average over every cadre with a score and the grade distribution."""
    units = tuple(units)
    cadres = [c for u in units for c in u.cadres]
    exact = _weighted_mean((1, c.exact_score) for c in cadres)
    return QuarterSummary(year=year, quarter=quarter, units=units, cadre_count=len(cadres), average=_float(exact),
                          grade_counts=_grade_counts(rules, cadres), unscored=sum(c.score is None for c in cadres),
                          source=rules.source, exact_average=exact)


def _grade_counts(rules: QuarterRules, scores: Sequence[CadreScore]) -> dict[str, int]:
    return {grade: sum(s.grade == grade for s in scores) for grade in rules.grades}


# -- reading a quarter from the database ----------------------------------------------------------
_SESSIONS = ("SELECT s.id, s.unit_id, u.name, s.year, s.valid, s.valid_by_category, s.cadre_ids"
             " FROM evaluation_sessions s JOIN units u ON u.id = s.unit_id WHERE s.deleted = 0")


def session_scores(db, session_id: str, rules: QuarterRules | None = None) -> UnitScores:
    """A session's results (测评会), scored with the rule set of the session's year unless `rules` is given."""
    row = db.execute(f"{_SESSIONS} AND s.id = ?", [session_id]).fetchone()
    if row is None:
        raise RecordNotFound("找不到该测评会（可能已被删除）。")
    return _score_session(db, row, rules or rules_for_year(db, row[3]))


def quarter_summary(db, year: int, quarter: int) -> QuarterSummary:
    """全县汇总 of a quarter from every unit's session, by unit order, with the rule set of `year`."""
    rules = rules_for_year(db, year)
    rows = db.execute(f"{_SESSIONS} AND s.year = ? AND s.quarter = ? ORDER BY u.sort_order, u.name, s.id",
                      [year, quarter]).fetchall()
    return county_summary(rules, [_score_or_problem(db, row, rules) for row in rows], year, quarter)


def _score_or_problem(db, row, rules: QuarterRules) -> UnitScores:
    """A unit's scores; a unit whose tallies no longer fit its session or the rule set (计票有误) is
    listed without scores and with the reason, so one unit never stops the whole quarter."""
    try:
        return _score_session(db, row, rules)
    except TallyError as error:
        return UnitScores(unit_id=row[1], unit_name=row[2], cadres=(), average=None,
                          grade_counts=dict.fromkeys(rules.grades, 0), unscored=0, source=rules.source,
                          problem="计票有误：" + "；".join(error.problems.values()))


def _score_session(db, row, rules: QuarterRules) -> UnitScores:
    """The cadres the session lists and those with a tally in it (a listed cadre without one: 无有效票)."""
    session, unit_id, unit_name, _year, valid, by_category, cadre_ids = row
    found = db.execute(
        "SELECT c.id, c.name, t.counts FROM cadres c"
        " LEFT JOIN tallies t ON t.cadre_id = c.id AND t.session_id = ? AND t.deleted = 0"
        " WHERE c.id IN (SELECT value FROM json_each(?)"
        " UNION SELECT cadre_id FROM tallies WHERE session_id = ? AND deleted = 0)",
        [session, cadre_ids or "[]", session]).fetchall()
    tallies = [Tally(cadre_id, name, _decoded(counts, f"{unit_name} {name}的计票")) for cadre_id, name, counts in found]
    by_category = _decoded(by_category, f"{unit_name}测评会的分类有效票")
    ballots = Ballots(int(valid or 0), {str(k): int(v) for k, v in by_category.items()})
    return score_unit(rules, tallies, ballots, unit_id=unit_id, unit_name=unit_name)


def _decoded(text: str | None, what: str) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise TallyError({what: f"{what}格式不对，无法计分"})
    return value


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


__all__ = ["NO_CATEGORY", "NO_VOTES", "TallyError", "Ballots", "Tally", "CadreScore", "UnitScores", "QuarterSummary",
           "display_score", "display_rate", "check_tally", "score_cadre", "score_unit", "rank_scores",
           "county_summary", "session_scores", "quarter_summary"]
