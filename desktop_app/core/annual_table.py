"""The year's results table (年度考核结果表): every team and cadre with the parts of the composite
score, the proposed and the final grade and why — as rows for the screen, the printed tables and
Excel (`export_annual_table`, through the one table writer core.table_export).

Two sheets, 领导班子 and 干部, then 等次限额 (rule 1: seats allowed, used, tied at the line).
Scores are numbers in the workbook, rounded as the screen shows them (one decimal, half up).
"""

from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

from desktop_app.core.annual.composite import score_text
from desktop_app.core.annual.settings import RULE_NAMES
from desktop_app.core.assessment import AS_PROPOSED
from desktop_app.core.table_export import TableSheet, export_tables

UNDECIDED = "未审定"
NO_GRADE = "—"
TEAM_LEAD = ["序号", "单位"]
CADRE_LEAD = ["序号", "单位", "姓名", "职务", "岗位类别"]
GRADE_COLUMNS = ["综合得分", "基础等次", "拟定等次", "审定等次", "审定调整理由", "规则调整说明", "后续措施", "提请审定"]
QUOTA_COLUMNS = ["对象", "限额等次", "参评数", "比例", "取整", "限额", "线上已定", "并列待定", "审定后实有"]
SCORE_FORMAT = "0.0"


def part_names(subjects: Iterable) -> list[str]:
    """The names of the composite's parts, in the order the subjects first give them."""
    names: dict[str, None] = {}
    for subject in subjects:
        names.update(dict.fromkeys(subject.parts))
    return list(names)


def score_number(value) -> float | None:
    """A score as the workbook holds it: as the screen shows it (one decimal, half up), None when absent."""
    if value is None or not isinstance(value, int | float | Fraction):
        return None
    return float(score_text(value))


def rule_names(subject) -> str:
    """The rules that changed the grade, by name: "民意调查、等次比例" (the short form of the reasons)."""
    return "、".join(dict.fromkeys(RULE_NAMES.get(step.rule, str(step.rule))
                                   for step in subject.proposal.steps if step.changed))


def grade_cells(subject) -> list:
    """综合得分 … 提请审定 of a team or cadre."""
    decision = subject.decision or {}
    return [score_number(subject.proposal.composite), subject.proposal.base_grade or NO_GRADE,
            subject.proposed or NO_GRADE, subject.final_grade or UNDECIDED,
            (decision.get("reason") or "") if subject.overridden else "", "\n".join(subject.reasons),
            "\n".join(subject.proposal.follow_ups), "\n".join(subject.proposal.flags)]


def team_sheet(assessment) -> TableSheet:
    parts = part_names(assessment.teams)
    columns = TEAM_LEAD + parts + GRADE_COLUMNS + ["一票否决"]
    rows = [[n, t.unit_name, *(score_number(t.parts.get(p)) for p in parts), *grade_cells(t), t.proposal.veto]
            for n, t in enumerate(assessment.teams, start=1)]
    return TableSheet("领导班子", columns, rows, number_format=_score_columns(columns, parts))


def cadre_sheet(db, assessment) -> TableSheet:
    parts = part_names(assessment.cadres)
    columns = CADRE_LEAD + parts + GRADE_COLUMNS
    rows = [[n, c.unit_name, c.name, c.title, c.proposal.post_type,
             *(score_number(c.parts.get(p)) for p in parts), *grade_cells(c)]
            for n, c in enumerate(assessment.cadres, start=1)]
    return TableSheet("干部", columns, rows, number_format=_score_columns(columns, parts))


def _score_columns(columns: list[str], parts: list[str]) -> dict[int, str]:
    return {columns.index(name): SCORE_FORMAT for name in [*parts, "综合得分"]}


def quota_sheet(assessment) -> TableSheet:
    rows = []
    for quota in assessment.quotas:
        kind = "领导班子" if quota.kind == "team" else "干部"
        final = assessment.final_counts(quota.kind).get(quota.grade, 0)
        rows.append([kind, quota.grade, quota.assessed, quota.fraction, quota.rounding, quota.allowed, quota.used,
                     quota.tied, final])
    pending = AS_PROPOSED if assessment.undecided else ""  # the undecided are counted at their proposed grade
    return TableSheet("等次限额", [*QUOTA_COLUMNS[:-1], f"{QUOTA_COLUMNS[-1]}{pending}"], rows)


def annual_table_sheets(db, assessment) -> list[TableSheet]:
    """The sheets of the year's results: 领导班子, 干部, 等次限额."""
    return [team_sheet(assessment), cadre_sheet(db, assessment), quota_sheet(assessment)]


def export_annual_table(db, year: int, path, *, assessment=None) -> Path:
    """Write the year's results table to `path` (.xlsx); the path written."""
    if assessment is None:
        from desktop_app.core.assessment import assess_year

        assessment = assess_year(db, year)
    return export_tables(path, annual_table_sheets(db, assessment))


__all__ = ["UNDECIDED", "part_names", "score_number", "rule_names", "grade_cells", "team_sheet",
           "cadre_sheet", "quota_sheet", "annual_table_sheets", "export_annual_table"]
