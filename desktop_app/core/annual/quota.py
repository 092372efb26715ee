"""Rule 1, the quota (等次比例, "纺锤形"): at most 1/3 of the units' teams 好, at most 15 % of the
cadres 优秀, counted over all subjects of the kind assessed in the year.

The seats are n × fraction, rounded as the rule set says: 四舍五入 (half up), 进一法 (up) or
去尾法 (down). Those still at the top grade when the quota is applied are ranked by composite
score, best first (no score ranks last). Whoever is clearly inside the seats keeps the grade;
whoever is clearly outside drops one grade, with the rank and score in the reason; a group with
equal scores straddling the line keeps the grade and is flagged for the committee — never broken
silently (by name, id or order). So the grade is exceeded only by flagged ties. A score in a
reason or a flag reads as the results table shows it (one decimal), with more decimals where
that would print it like a neighbour ranked apart (90.029, 90.025 — not 90.03 twice).
"""

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from fractions import Fraction

from desktop_app.core.annual.settings import RULE_NAMES, Scale, to_fraction
from desktop_app.core.quarter_scores import display_score
from desktop_app.core.rule_sets import exact_number

TIE_FLAG = "并列，需审定委员会决定"


@dataclass(frozen=True)
class QuotaUsage:
    """A scale's quota: seats allowed, held clearly inside it (used), and held by the tied at the line."""

    kind: str  # team / cadre
    grade: str  # 好 / 优秀
    assessed: int
    fraction: str  # as written in the rule set: 1/3, 15%
    rounding: str
    allowed: int
    used: int
    tied: int = 0
    tied_ids: tuple[str, ...] = ()

    @property
    def open_seats(self) -> int:
        """Seats left for the committee to give among the tied (0 when there is no tie)."""
        return self.allowed - self.used if self.tied else 0


def seats(assessed: int, fraction, rounding: str) -> int:
    """n × fraction rounded: 10 × 1/3 → 3 (四舍五入), 4 (进一法), 3 (去尾法); 20 × 15% → 3."""
    exact = assessed * to_fraction(fraction)
    if rounding == "进一法":
        return math.ceil(exact)
    if rounding == "去尾法":
        return math.floor(exact)
    return math.floor(exact + Fraction(1, 2))


def _key(subject):
    """Ranking key, best first: higher composite first, no composite last (all equal to each other)."""
    return (1, 0) if subject.composite is None else (0, -exact_number(subject.composite))


def _ranked_texts(keys: list) -> dict:
    """Ranking key → its score as shown: one decimal, half up, or as many more as it takes to print
    it unlike the scores ranked just above and below it (the exact fraction beyond 15); "无" for none."""
    scores = sorted({-key[1] for key in keys if key[0] == 0}, reverse=True)
    texts = {(1, 0): "无"}
    for i, score in enumerate(scores):
        texts[(0, -score)] = _apart(score, scores[max(i - 1, 0):i] + scores[i + 1:i + 2])
    return texts


def _apart(score, near: list) -> str:
    for places in range(1, 16):
        text = display_score(score, places)
        if all(display_score(other, places) != text for other in near):
            return text
    return str(Fraction(score))


def apply_quota(subjects, scale: Scale, kind: str, fraction: str, rounding: str) -> QuotaUsage:
    """Lower those beyond the quota one grade (recording rule 1) and flag ties at the line.
    `subjects`: every subject of the kind assessed (engine._Subject), in any order."""
    top, count_word = scale.top, ("个", "个单位") if kind == "team" else ("名", "名干部")
    allowed = seats(len(subjects), fraction, rounding)
    candidates = sorted((s for s in subjects if s.grade == top), key=lambda s: (_key(s), s.subject_id))
    keys = [_key(s) for s in candidates]
    score_text = _ranked_texts(keys)
    used, tied = 0, []
    for subject, key in zip(candidates, keys, strict=True):
        above = bisect_left(keys, key)  # keys are sorted: those strictly better, and those equal
        same = bisect_right(keys, key) - above
        if above + same <= allowed:
            used += 1
        elif above < allowed:
            tied.append(subject)
            subject.flags.append(f"{TIE_FLAG}：综合得分 {score_text[key]} 的 {same} {count_word[0]}"
                                 f"并列于'{top}'限额线（限额 {allowed} {count_word[0]}，"
                                 f"线上已定 {above} {count_word[0]}，尚余 {allowed - above} {count_word[0]}）")
        else:
            reason = (f"'{top}'等次限额 {allowed} {count_word[0]}（{len(subjects)} {count_word[1]} × {fraction}，"
                      f"{rounding}），综合得分 {score_text[key]} 排第 {above + 1} 位，超出限额")
            subject.lower(1, RULE_NAMES[1], scale.below(top), reason)
    return QuotaUsage(kind, top, len(subjects), fraction, rounding, allowed, used, len(tied),
                      tuple(s.subject_id for s in tied))
