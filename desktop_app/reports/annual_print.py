"""Printing the year's results: the glue between core.assessment and the unit's results table
(annual_unit_pdf) and the county summary with its charts (county_summary_pdf).

`write_unit_results` and `write_county_summary` are what the CLI (`kaoping report unit|county`)
and the GUI's worker call; both take the year's assessment when the caller already has it, and
the county summary hears `progress(done, total, text)` as it assesses, draws and lays out.
"""

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.annual.settings import RULE_NAMES
from desktop_app.core.annual_table import part_names
from desktop_app.core.assessment import AS_PROPOSED
from desktop_app.core.errors import RecordNotFound
from desktop_app.reports.annual_parts import score_text
from desktop_app.reports.annual_unit_pdf import AnnualUnitDocument, SubjectRow, build_annual_unit_pdf
from desktop_app.reports.county_summary_pdf import (
    QUOTA_COLUMNS,
    CountySummaryDocument,
    QuotaLine,
    UnitLine,
    build_county_summary_pdf,
)
from desktop_app.reports.layout import written

Progress = Callable[[int, int, str], None]
UNDECIDED = "未审定"
NONE = "—"


def _assessment(db, year: int, assessment):
    if assessment is not None:
        return assessment
    from desktop_app.core.assessment import assess_year

    return assess_year(db, year)


def label(subject) -> str:
    """丹江镇领导班子 / 张三（丹江镇）."""
    return f"{subject.unit_name}领导班子" if subject.kind == "team" else f"{subject.name}（{subject.unit_name}）"


def explanation(subject) -> str:
    """The full note of a subject: each rule's reason, a flag, the committee's change and why; "" if none."""
    lines = list(subject.reasons) + list(subject.proposal.flags)
    if subject.overridden:
        reason = (subject.decision or {}).get("reason") or "未填写"
        lines.append(f"审定等次由“{subject.proposed or NONE}”改为“{subject.final_grade}”，理由：{reason}")
    return "；".join(line.rstrip("。；") for line in lines)


def short_note(subject, number: int | None) -> str:
    """The table's note: the rules that changed the grade by name, 提请审定, 审定调整 — and the number of
    the full note (注2) under the table."""
    names = list(dict.fromkeys(RULE_NAMES.get(s.rule, str(s.rule)) for s in subject.proposal.steps if s.changed))
    names += ["提请审定"] if subject.proposal.flags else []
    names += ["审定调整"] if subject.overridden else []
    pointer = f"注{number}" if number else ""
    return "、".join(names) + (f"（{pointer}）" if names and pointer else pointer)


def status_sentence(assessment, subjects) -> str:
    teams = sum(1 for s in subjects if s.kind == "team")
    undecided = sum(1 for s in subjects if s.final_grade is None)
    text = f"{assessment.year}年度考核领导班子{teams}个、干部{len(subjects) - teams}名。"
    text += f"尚有{undecided}个对象未审定，审定等次栏为“{UNDECIDED}”。" if undecided else "考核委员会已审定全部等次。"
    if assessment.lock is not None:
        text += assessment.lock.text + "。"
    return text


# -- the unit's results -------------------------------------------------------------------------------
def unit_document(db, year: int, unit_id: str, *, assessment=None, issuer: str = "",
                  issued_on=None) -> AnnualUnitDocument:
    """The printable results of one unit; RecordNotFound when nobody of the unit was assessed."""
    assessment = _assessment(db, year, assessment)
    team, cadres = assessment.team(unit_id), list(assessment.unit_cadres(unit_id))
    if team is None and not cadres:
        name = db.execute("SELECT name FROM units WHERE id = ?", [unit_id]).fetchone()
        raise RecordNotFound(f"{name[0] if name else '该单位'}{year}年度没有考核对象。")
    team_parts, cadre_parts = part_names([team] if team else []), part_names(cadres)
    explanations: list[str] = []

    def row(subject, parts: list[str]) -> SubjectRow:
        text = explanation(subject)
        if text:
            explanations.append(f"{label(subject)}：{text}")
        return SubjectRow(subject.name, subject.title if subject.kind != "team" else "",
                          [score_text(subject.parts.get(p)) for p in parts], score_text(subject.proposal.composite),
                          subject.proposed or NONE, subject.final_grade or UNDECIDED,
                          short_note(subject, len(explanations) if text else None))

    team_row = row(team, team_parts) if team else None
    rows = [row(c, cadre_parts) for c in cadres]
    subjects = ([team] if team else []) + cadres
    unit_name = (team or cadres[0]).unit_name
    return AnnualUnitDocument(unit_name, year, team_row, rows, team_parts, cadre_parts,
                              status_sentence(assessment, subjects), explanations,
                              [f"{label(s)}：{item}" for s in subjects for item in s.proposal.follow_ups],
                              issuer=issuer, issued_on=issued_on)


def write_unit_results(db, year: int, unit_id: str, target, *, assessment=None, issuer: str = "",
                       issued_on=None) -> Path:
    """The unit's annual results as a PDF at `target`; the path written."""
    build_annual_unit_pdf(unit_document(db, year, unit_id, assessment=assessment, issuer=issuer,
                                        issued_on=issued_on), target)
    return written(target)


# -- the county summary ---------------------------------------------------------------------------------
def grade_counts(subjects, grades, final: bool) -> list[int]:
    """Per grade, best first: the final grades (the proposed where undecided) or the proposed ones."""
    counts = Counter((s.final_grade or s.proposed) if final else s.proposed for s in subjects)
    return [counts.get(grade, 0) for grade in grades]


def county_document(db, year: int, *, assessment=None, issuer: str = "", issued_on=None) -> CountySummaryDocument:
    """The printable summary of the year (charts apart)."""
    assessment = _assessment(db, year, assessment)
    team_grades, cadre_grades = list(assessment.grades["team"]), list(assessment.grades["cadre"])
    teams, cadres = list(assessment.teams), list(assessment.cadres)
    subjects = teams + cadres
    pending = AS_PROPOSED if assessment.undecided else ""
    final_label = f"审定等次{pending}"
    return CountySummaryDocument(
        year, f"{year}年度领导班子和干部考核情况汇总", status_sentence(assessment, subjects),
        totals(assessment), team_grades, cadre_grades,
        {"拟定等次": grade_counts(teams, team_grades, False), final_label: grade_counts(teams, team_grades, True)},
        {"拟定等次": grade_counts(cadres, cadre_grades, False), final_label: grade_counts(cadres, cadre_grades, True)},
        quota_lines(assessment), f"{QUOTA_COLUMNS[-1]}{pending}", unit_lines(assessment, cadre_grades),
        rule_changes(subjects),
        [f"{label(s)}：{explanation_of_override(s)}" for s in subjects if s.overridden],
        grouped_flags(subjects),
        grouped_follow_ups(subjects), issuer=issuer, issued_on=issued_on)


def grouped_follow_ups(subjects) -> list[str]:
    """Each follow-up action once, with everyone it is for: "诫勉谈话…：张三（丹江镇）、…（共 2 个）"."""
    by_action: dict[str, list[str]] = {}
    for subject in subjects:
        for action in subject.proposal.follow_ups:
            by_action.setdefault(action, []).append(label(subject))
    return [f"{action}：{'、'.join(who)}（共 {len(who)} 个）" for action, who in by_action.items()]


def grouped_flags(subjects) -> list[str]:
    """Each matter put to the committee once (a tie at the quota line names all who share it), with
    who was decided what: "并列…：审定为“优秀”：张三（丹江镇）、…；未审定：…"."""
    by_flag: dict[str, dict[str, list[str]]] = {}
    for subject in subjects:
        for flag in subject.proposal.flags:
            outcome = f"审定为“{subject.final_grade}”" if subject.final_grade else UNDECIDED
            by_flag.setdefault(flag, {}).setdefault(outcome, []).append(label(subject))
    return [f"{flag}。" + "；".join(f"{outcome}：{'、'.join(who)}" for outcome, who in outcomes.items())
            for flag, outcomes in by_flag.items()]


def explanation_of_override(subject) -> str:
    decision = subject.decision or {}
    who = "，".join(x for x in (decision.get("decided_by") or "", decision.get("decided_on") or "") if x)
    return (f"拟定“{subject.proposed or NONE}”，审定“{subject.final_grade}”；理由：{decision.get('reason') or '未填写'}"
            + (f"（{who}）" if who else ""))


def totals(assessment) -> list[tuple[str, str]]:
    teams, cadres = list(assessment.teams), list(assessment.cadres)
    subjects = teams + cadres

    def both(test) -> str:
        return f"班子{sum(1 for s in teams if test(s))}个，干部{sum(1 for s in cadres if test(s))}名"

    decided = len(subjects) - len(assessment.undecided)
    return [("参评领导班子", f"{len(teams)}个"), ("参评干部", f"{len(cadres)}名"),
            ("已审定", f"{decided}个对象"), ("未审定", f"{len(assessment.undecided)}个对象"),
            ("规则改变等次", both(lambda s: s.changed_by_rule)), ("审定调整", both(lambda s: s.overridden)),
            ("限额线并列", both(lambda s: s.tied)), ("一票否决", f"{sum(1 for t in teams if t.proposal.veto)}个单位"),
            ("年度状态", (assessment.lock.text if assessment.lock else "未锁定"))]


def quota_lines(assessment) -> list[QuotaLine]:
    return [QuotaLine("领导班子" if q.kind == "team" else "干部", q.grade, q.assessed, q.fraction, q.rounding,
                      q.allowed, q.used, q.tied, assessment.final_counts(q.kind).get(q.grade, 0))
            for q in assessment.quotas]


def unit_lines(assessment, cadre_grades: list[str]) -> list[UnitLine]:
    """Each unit's team grade and its cadres' grades, in the assessment's unit order."""
    teams = {t.unit_id: t for t in assessment.teams}
    cadres: dict[str, list] = {}
    for cadre in assessment.cadres:
        cadres.setdefault(cadre.unit_id, []).append(cadre)
    lines = []
    for unit_id in dict.fromkeys([*teams, *cadres]):
        team, members = teams.get(unit_id), cadres.get(unit_id, [])
        counts = grade_counts(members, cadre_grades, True)
        share = f"{counts[0] * 100 / len(members):.1f}%" if members else NONE
        lines.append(UnitLine((team or members[0]).unit_name, (team.final_grade or team.proposed or NONE) if team
                              else NONE, len(members), counts, share))
    return lines


def rule_changes(subjects) -> list[tuple[str, int, int]]:
    """(规则 n 名称, teams, cadres) whose grade each rule changed, for the rules that changed any."""
    teams, cadres = Counter(), Counter()
    for subject in subjects:
        for rule in {s.rule for s in subject.proposal.steps if s.changed}:
            (teams if subject.kind == "team" else cadres)[rule] += 1
    return [(f"规则{rule} {RULE_NAMES.get(rule, '')}", teams[rule], cadres[rule]) for rule in sorted(teams | cadres)]


def distribution_figures(document: CountySummaryDocument) -> list:
    """The grade distributions, proposed against final, of teams and of cadres (matplotlib figures);
    each bar named as its row of the table ("审定等次（未审定的按拟定）" while some are undecided)."""
    from desktop_app.charts.data import UnitDistribution
    from desktop_app.charts.grades import PEOPLE, TEAMS, grade_distribution

    found = []
    for kind, grades, counts, counting in (("领导班子", document.team_grades, document.team_counts, TEAMS),
                                           ("干部", document.cadre_grades, document.cadre_counts, PEOPLE)):
        rows = [UnitDistribution(name, dict(zip(grades, values, strict=True))) for name, values in counts.items()]
        found.append(grade_distribution(rows, grades=grades, title=f"{document.year}年度{kind}考核等次分布",
                                        subtitle="拟定等次与审定等次", counting=counting))
    return found


def distribution_charts(document: CountySummaryDocument) -> list[tuple[bytes, str]]:
    """distribution_figures as PNG (200 dpi), without captions."""
    from desktop_app.charts.export import png_bytes

    return [(png_bytes(figure), "") for figure in distribution_figures(document)]


def write_county_summary(db, year: int, target, *, assessment=None, charts: bool = True, issuer: str = "",
                         issued_on=None, progress: Progress | None = None) -> Path:
    """The county summary as a PDF at `target`; `progress(done, total, text)` hears of each step."""
    report = progress or (lambda done, total, text: None)
    report(0, 10, "正在汇总年度考核结果")
    document = county_document(db, year, assessment=assessment, issuer=issuer, issued_on=issued_on)
    report(1, 10, "正在绘制等次分布图")
    pngs = distribution_charts(document) if charts else []
    report(3, 10, "正在排版汇总")
    build_county_summary_pdf(document, target, pngs,
                             progress=lambda done, total, text: report(3 + done, 3 + total, text))
    return written(target)


__all__ = ["unit_document", "write_unit_results", "county_document", "distribution_figures", "distribution_charts",
           "write_county_summary", "label", "explanation", "short_note"]
