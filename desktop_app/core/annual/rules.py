"""Rules 1–11 of domain.md, one small function each (quota, rule 1, is in quota.py).

A grade rule returns a Cap — "at most this grade, because…" — or None when it does not apply;
the engine lowers the grade to the cap and records the step. Rules never raise a grade.
Rule 10 returns the veto's reason; rule 11 returns follow-up actions, not grade changes.
Every function takes the rule's cleaned parameters (settings.validate_annual_rules) and facts.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from desktop_app.core.annual.facts import CadreFacts, Evaluation, Notice, Survey, TeamFacts
from desktop_app.core.annual.settings import Scale, fraction_text, to_fraction
from desktop_app.core.quarter_scores import display_score
from desktop_app.core.rule_sets import exact_number


@dataclass(frozen=True)
class Cap:
    """A rule's verdict: the subject may have at most `grade`."""

    rule: int
    grade: str
    reason: str


def score_text(score) -> str:
    """76 → "76", 85.625 → "85.63" (half up); "无" when there is none."""
    if score is None:
        return "无"
    score = Fraction(exact_number(score))
    return str(score.numerator) if score.denominator == 1 else display_score(score)


def forbid(rule: int, scale: Scale, grade: str, because: str, who: str = "") -> Cap:
    """{because}，{who}不得评为 `grade`: at most the grade below it."""
    return Cap(rule, scale.below(grade), f"{because}，{who}不得评为'{grade}'")


def at_most(rule: int, scale: Scale, grade: str, because: str, who: str = "") -> Cap:
    """{because}，{who}评为 `grade` (the lowest grade) or 最高评为 `grade`."""
    word = "评为" if grade == scale.grades[-1] else "最高评为"
    return Cap(rule, grade, f"{because}，{who}{word}'{grade}'")


def share_reaches(count: int, valid: int, fraction: str, comparison: str) -> bool:
    """count/valid > fraction (or ≥), exactly: 30/90 is not > 1/3 but is ≥ 1/3."""
    if not valid:
        return False
    share, line = Fraction(count, valid), to_fraction(fraction)
    return share > line if comparison == ">" else share >= line


def _share_words(count: int, valid: int, fraction: str, comparison: str) -> str:
    return f"{count}/{valid} {'超过' if comparison == '>' else '达到'}{fraction_text(fraction)}"


# -- rule 2 and 3: cascades --------------------------------------------------------------------------
def cascade_down(p, scale: Scale, unit_name: str, team_grade: str | None, team_scale: Scale) -> Cap | None:
    """Rule 2: a team graded 差 → none of its members may be 优秀 (好 on the team scale)."""
    if not team_scale.at_or_below(team_grade, p["team_grade"]):
        return None
    return forbid(2, scale, p["member_forbid"], f"{unit_name}领导班子评为'{team_grade}'", "其班子成员")


def cascade_up(p, scale: Scale, principals: Sequence[tuple[str, str | None]], cadre_scale: Scale) -> Cap | None:
    """Rule 3: a principal graded 不称职 (差) → the team may not be 好."""
    low = [(name, grade) for name, grade in principals if cadre_scale.at_or_below(grade, p["principal_grade"])]
    if not low:
        return None
    who = "、".join(f"{name}评为'{grade}'" for name, grade in low)
    return forbid(3, scale, p["team_forbid"], f"主要领导{who}", "领导班子")


# -- rules 4–9: caps from the facts ---------------------------------------------------------------
def opinion_survey(p, scale: Scale, survey: Survey | None, grade_key: str) -> Cap | None:
    """Rule 4: 不满意 > 1/3 (or ≥) in the opinion survey, confirmed by a special investigation → not 好."""
    if survey is None or not share_reaches(survey.dissatisfied, survey.valid, p["fraction"], p["comparison"]):
        return None
    if p["need_investigation"] and not survey.confirmed:
        return None
    confirmed = "且经专项调查属实" if p["need_investigation"] else ""
    words = _share_words(survey.dissatisfied, survey.valid, p["fraction"], p["comparison"])
    return forbid(4, scale, p[grade_key], f"民意调查不满意票 {words}{confirmed}")


def supervision(p, scale: Scale, notices: Sequence[Notice], where: str, who: str, grade_key: str) -> Cap | None:
    """Rule 5: the unit criticised (通报批评) in law-enforcement, efficiency or conduct supervision →
    its team and its principal may not be 好 (优秀)."""
    found = sorted({n for n in notices if n.kind in p["kinds"]}, key=lambda n: (n.kind, n.text))
    if not found:
        return None
    details = "、".join(f"{n.kind}监督" + (f"（{n.text}）" if n.text else "") for n in found)
    return forbid(5, scale, p[grade_key], f"{where}在{details}中被通报批评", who)


def discipline_team(p, scale: Scale, principals: Sequence[CadreFacts]) -> Cap | None:
    """Rule 6 for the team: its principal received a party disciplinary sanction that year → 差."""
    punished = [c for c in principals if c.sanction]
    if not punished:
        return None
    who = "、".join(f"{c.name}当年受到党纪处分（{c.sanction}）" for c in punished)
    return at_most(6, scale, p["team_grade"], f"主要领导{who}", "领导班子")


def discipline_principal(p, scale: Scale, cadre: CadreFacts) -> Cap | None:
    """Rule 6 for a principal (the engine asks only for those): sanctioned that year → 不称职."""
    if not cadre.sanction:
        return None
    return at_most(6, scale, p["principal_grade"], f"当年受到党纪处分（{cadre.sanction}）")


def responsibility_team(p, scale: Scale, team: TeamFacts) -> Cap | None:
    """Rule 7 for a team: not 好 in the responsibility assessment → not 好 in the annual one."""
    grade, line = team.responsibility_grade, p["team_forbid"]
    if grade is None or scale.rank(grade) <= scale.rank(line):
        return None
    return forbid(7, scale, line, f"责任制考核评为'{grade}'（未评为'{line}'）", "年度考核")


def responsibility_cadre(p, scale: Scale, team_scale: Scale, cadre: CadreFacts) -> Cap | None:
    """Rule 7 for a cadre: 一般 or below in the responsibility assessment → not 优秀."""
    grade, line = cadre.responsibility_grade, p["cadre_at_or_below"]
    if not team_scale.at_or_below(grade, line):
        return None
    return forbid(7, scale, p["cadre_forbid"], f"责任制考核评为'{grade}'（'{line}'及以下）", "年度考核")


def missing_reports(p, scale: Scale, cadre: CadreFacts) -> Cap | None:
    """Rule 8: two consecutive missing or empty monthly reports without a justified reason → 不称职."""
    if not cadre.missing_reports:
        return None
    return at_most(8, scale, p["cadre_grade"], f"工作实绩月报告：{cadre.missing_reports}")


def cards(p, scale: Scale, cadre: CadreFacts) -> Cap | None:
    """Rule 9: a red card (given, or ≥ 2 yellow cards for missed supervised-task deadlines) → not 优秀."""
    limit = p["yellow_for_red"]
    if cadre.red_card:
        because = f"被红牌警告（督办事项黄牌提醒 {cadre.yellow_cards} 次）"
    elif cadre.yellow_cards >= limit:
        because = f"督办事项逾期黄牌提醒 {cadre.yellow_cards} 次（{limit} 次及以上即红牌警告）"
    else:
        return None
    return forbid(9, scale, p["cadre_forbid"], because)


# -- rule 10: the veto ---------------------------------------------------------------------------------
def veto(p, team: TeamFacts) -> str:
    """Rule 10: responsibility score below 80 → 一票否决 in the unit's annual target assessment ("" if not)."""
    score = team.responsibility_score
    if score is None or exact_number(score) >= exact_number(p["min_score"]):
        return ""
    return f"责任制考核得分 {score_text(score)}，低于 {score_text(p['min_score'])} 分，年度目标责任制考核一票否决"


# -- rule 11: follow-up actions ---------------------------------------------------------------------
def admonish(grades: Sequence[str], grade: str | None) -> list[str]:
    """差 or 一般 → 诫勉谈话 and rectification within a deadline."""
    return [f"诫勉谈话，责令限期整改（年度考核评为'{grade}'）"] if grade in grades else []


def evaluation_admonish(p, evaluation: Evaluation | None) -> list[str]:
    """004: the annual democratic evaluation with 不满意 ≥ 1/3 → 诫勉."""
    if evaluation is None:
        return []
    count = sum(evaluation.counts.get(name, 0) for name in p["dissatisfied"])
    if not share_reaches(count, evaluation.valid, p["evaluation_fraction"], p["evaluation_comparison"]):
        return []
    words = _share_words(count, evaluation.valid, p["evaluation_fraction"], p["evaluation_comparison"])
    return [f"诫勉（年度民主测评不满意票 {words}）"]


def team_repeat(grade: str | None, last_year: str | None, repeat: str) -> list[str]:
    """A team 差 two years in a row → its principal is adjusted (组织调整)."""
    if grade != repeat or last_year != repeat:
        return []
    return [f"对班子主要领导进行组织调整（领导班子连续两年评为'{repeat}'）"]


def principal_repeat(unit_name: str, repeat: str) -> list[str]:
    return [f"组织调整（所在{unit_name}领导班子连续两年评为'{repeat}'，请核实两年均任主要领导）"]


def cadre_repeat(grade: str | None, last_year: str | None, repeat: str) -> list[str]:
    """A cadre 差 (不称职) two years in a row → resign / removal / demotion proposal."""
    if grade != repeat or last_year != repeat:
        return []
    return [f"提出责令辞职、免职、降职等组织处理建议（连续两年评为'{repeat}'）"]
