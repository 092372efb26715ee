"""The facts of a year that the annual rules read (年度考核事实): plain data, filled by the database
layer (or by hand in tests). Nothing here reads the database.

A team (领导班子) is one per unit; a cadre belongs to the unit of the post held in the year.
A unit's principals (主要领导) are the cadres who held its 正职 post at some time in the year
(TeamFacts.principal_ids; a township may have two, one replacing another, one assessed elsewhere);
by default, the cadres assessed in the unit as 正职.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from desktop_app.core.annual.settings import AnnualRules
from desktop_app.core.errors import ValidationError

PRINCIPAL = "正职"
POST_TYPES = ("正职", "副职", "班子成员")


@dataclass(frozen=True)
class Notice:
    """通报批评: the unit was criticised in a supervision (kind 执法 / 效能 / 作风), with what for."""

    kind: str
    text: str = ""


@dataclass(frozen=True)
class Survey:
    """民意调查: 不满意 votes of the valid ones, and whether a special investigation (专项调查) confirmed."""

    dissatisfied: int
    valid: int
    confirmed: bool = False


@dataclass(frozen=True)
class Evaluation:
    """年度民主测评: the raw counts per grade (优秀/称职/基本称职/不称职 or 满意/基本满意/不满意) and valid ballots."""

    counts: Mapping[str, int]
    valid: int


@dataclass(frozen=True)
class TeamFacts:
    """A unit's leadership team in the year. `grade` given → the base grade; else from `composite`."""

    unit_id: str
    unit_name: str
    composite: Fraction | int | None = None  # 综合得分
    grade: str | None = None  # a base grade given by the assessment group
    responsibility_score: Fraction | int | None = None  # 责任制考核得分 0–100
    responsibility_grade: str | None = None  # 责任制考核等次 好/较好/一般/差
    notices: tuple[Notice, ...] = ()  # 通报批评
    survey: Survey | None = None
    evaluation: Evaluation | None = None
    last_year_grade: str | None = None  # 上年度定等
    principal_ids: tuple[str, ...] | None = None  # 当年任正职的干部 (wherever assessed); None: see above


@dataclass(frozen=True)
class CadreFacts:
    """A cadre in the year, in the unit of the post held."""

    cadre_id: str
    name: str
    unit_id: str
    post_type: str  # 正职 / 副职 / 班子成员, of the post held last in the unit (shown)
    composite: Fraction | int | None = None
    grade: str | None = None
    responsibility_grade: str | None = None  # 好/较好/一般/差
    sanction: str = ""  # 党纪处分 received in the year while a principal (what, when); rule 6
    missing_reports: str = ""  # rule 8: report_gaps.ReportFlag.reason, "" when not flagged
    yellow_cards: int = 0  # 黄牌提醒: supervised tasks (督办事项) past their deadline
    red_card: bool = False  # 红牌警告 given as such
    survey: Survey | None = None
    evaluation: Evaluation | None = None
    last_year_grade: str | None = None


@dataclass(frozen=True)
class YearFacts:
    year: int
    teams: tuple[TeamFacts, ...] = ()
    cadres: tuple[CadreFacts, ...] = field(default=())


def check_facts(facts: YearFacts, rules: AnnualRules) -> None:
    """ValidationError naming each fact that does not fit: repeated ids, grades not in the scale,
    votes beyond the valid ballots, scores outside 0–100."""
    problems: dict[str, str] = {}
    _unique((t.unit_id for t in facts.teams), "team", "单位", problems)
    _unique((c.cadre_id for c in facts.cadres), "cadre", "干部", problems)
    cadre_ids = {c.cadre_id for c in facts.cadres}
    for t in facts.teams:
        who, key = f"{t.unit_name}领导班子", f"team.{t.unit_id}"
        unknown = sorted(set(t.principal_ids or ()) - cadre_ids)
        if unknown:
            problems[f"{key}.principal_ids"] = f"{who}的主要领导 {'、'.join(unknown)} 不在本年度考核的干部中"
        _grade(t.grade, rules.team.grades, f"{key}.grade", f"{who}的等次", problems)
        _grade(t.last_year_grade, rules.team.grades, f"{key}.last_year_grade", f"{who}的上年度等次", problems)
        _grade(t.responsibility_grade, rules.team.grades, f"{key}.responsibility_grade", f"{who}的责任制考核等次",
               problems)
        _score(t.composite, f"{key}.composite", f"{who}的综合得分", problems)
        _score(t.responsibility_score, f"{key}.responsibility_score", f"{who}的责任制考核得分", problems)
        _votes(t.survey, t.evaluation, key, who, problems)
    for c in facts.cadres:
        who, key = c.name, f"cadre.{c.cadre_id}"
        _grade(c.grade, rules.cadre.grades, f"{key}.grade", f"{who}的等次", problems)
        _grade(c.last_year_grade, rules.cadre.grades, f"{key}.last_year_grade", f"{who}的上年度等次", problems)
        _grade(c.responsibility_grade, rules.team.grades, f"{key}.responsibility_grade", f"{who}的责任制考核等次",
               problems)
        _score(c.composite, f"{key}.composite", f"{who}的综合得分", problems)
        if c.post_type not in POST_TYPES:
            problems[f"{key}.post_type"] = f"{who}的职务类型须为 {'、'.join(POST_TYPES)} 之一（现为 {c.post_type}）"
        if isinstance(c.yellow_cards, bool) or not isinstance(c.yellow_cards, int) or c.yellow_cards < 0:
            problems[f"{key}.yellow_cards"] = f"{who}的黄牌次数须为不小于 0 的整数（现为 {c.yellow_cards}）"
        _votes(c.survey, c.evaluation, key, who, problems)
    if problems:
        raise ValidationError(problems)


def _unique(ids: Iterable[str], key: str, what: str, problems: dict) -> None:
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        problems[key] = f"{what}重复出现：{'、'.join(repeated)}"


def _grade(grade, grades, key: str, what: str, problems: dict) -> None:
    if grade is not None and grade not in grades:
        problems[key] = f"{what}「{grade}」不是 {'、'.join(grades)} 之一"


def _score(score, key: str, what: str, problems: dict) -> None:
    if score is not None and (isinstance(score, bool) or not 0 <= score <= 100):
        problems[key] = f"{what}须在 0–100 之间（现为 {score}）"


def _votes(survey: Survey | None, evaluation: Evaluation | None, key: str, who: str, problems: dict) -> None:
    if survey is not None and not 0 <= survey.dissatisfied <= survey.valid:
        problems[f"{key}.survey"] = f"{who}的民意调查不满意票 {survey.dissatisfied} 须在 0 与有效票 {survey.valid} 之间"
    if evaluation is not None and (any(n < 0 for n in evaluation.counts.values())
                                   or sum(evaluation.counts.values()) > evaluation.valid):
        problems[f"{key}.evaluation"] = f"{who}的民主测评票数合计超过有效票 {evaluation.valid}"
