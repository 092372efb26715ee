"""年度考核数据导入: a year's annual inputs from a workbook (the template this app writes).

One row per team and per cadre assessed: 单位, 姓名 (领导班子 or blank for the unit's team), 身份证号
(needed only when a unit has two cadres of the same name), 测评有效票, the votes per grade — a team
fills the team scale's columns (好/较好/一般/差), a cadre the cadre scale's (优秀/称职/基本称职/不称职)
— 民意调查有效票, 满意, 基本满意, 不满意, 专项调查属实 (是/否), 责任制考核得分, 责任制考核等次, 备注.

A row only changes what it fills in: a blank group of cells (the evaluation, the survey, the
score…) keeps what was saved (clear in the entry grid); key projects and the investigation's
findings are not in the file and are kept. Rows are judged against the year's subjects and
scales, each bad row gets its reason; untouched template rows are skipped. Like every import:
preview first, nothing written while a row has a problem unless such rows are skipped, and the
whole import is one undo step.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.annual_inputs import (
    SURVEY_GRADES,
    annual_rules_of_year,
    evaluation_grades,
    get_inputs,
    save_inputs_grid,
    validate_inputs,
)
from desktop_app.core.annual_subjects import TEAM_NAME, Subject, assessed_cadres, unit_subjects, year_subjects
from desktop_app.core.errors import KaopingError, RuleViolation, ValidationError
from desktop_app.core.masking import mask_id_number
from desktop_app.core.normalize import clean_compact
from desktop_app.core.rule_sets import validate_year
from desktop_app.core.store import Changes, RecordStore
from desktop_app.core.units import unit_id_named
from desktop_app.core.workbook_tables import (
    TableRow,
    check_importable,
    read_header_table,
    save_template,
    template_workbook,
)
from desktop_app.core.year_locks import is_locked

WHAT = "年度考核数据"
SUBJECT_COLUMNS = (("unit", "单位"), ("name", "姓名"), ("id_number", "身份证号"))
SURVEY_COLUMNS = (("survey_valid", "民意调查有效票"),) + tuple((f"s|{g}", g) for g in SURVEY_GRADES)
TAIL_COLUMNS = (("confirmed", "专项调查属实（是/否）"), ("score", "责任制考核得分"), ("grade", "责任制考核等次"),
                ("note", "备注"))


def grade_columns(rules) -> list[str]:
    """The vote columns: the team scale's grades, then the cadre scale's not already among them."""
    return list(dict.fromkeys([*rules.team.grades, *rules.cadre.grades]))


def _columns(rules) -> list[tuple[str, str]]:
    return [*SUBJECT_COLUMNS, ("valid", "测评有效票"), *((f"g|{g}", g) for g in grade_columns(rules)),
            *SURVEY_COLUMNS, *TAIL_COLUMNS]


@dataclass(frozen=True)
class InputRow:
    row: int
    subject: Subject
    values: dict  # what the row fills in (the save services' fields)


@dataclass(frozen=True)
class InputRowProblem:
    row: int
    name: str
    reason: str


@dataclass
class AnnualImportPlan:
    filename: str
    year: int
    rows: list[InputRow] = field(default_factory=list)
    problems: list[InputRowProblem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    def by_unit(self) -> dict[str, list[InputRow]]:
        found: dict[str, list[InputRow]] = {}
        for row in self.rows:
            found.setdefault(row.subject.unit_id, []).append(row)
        return found

    def as_json(self) -> dict:
        return {"file": self.filename, "year": self.year,
                "units": [{"unit": rows[0].subject.unit_name, "rows": len(rows)} for rows in self.by_unit().values()],
                "problems": [{"row": p.row, "name": p.name, "reason": p.reason} for p in self.problems]}


# -- the template --------------------------------------------------------------------------------------
def write_inputs_template(db, path, year: int, unit_ids: list[str] | None = None) -> Path:
    """The import template of `year`: a row for each team and cadre assessed (in `unit_ids` when given),
    the ID number masked (core.masking) — it only tells namesakes apart, and a masked one still does."""
    year = validate_year(year)
    rules = annual_rules_of_year(db, year)
    subjects = [s for s in year_subjects(db, year) if unit_ids is None or s.unit_id in unit_ids]
    if not subjects:
        raise KaopingError(f"{year}年度没有考核对象（各单位没有担任班子职务的干部），无法导出模板。")
    columns = _columns(rules)
    workbook, sheet = template_workbook(_sheet_title(year), [label for _key, label in columns])
    for subject in subjects:
        sheet.append([subject.unit_name, TEAM_NAME if subject.is_team else subject.name, mask_id_number(subject.id_number)]
                     + [None] * (len(columns) - len(SUBJECT_COLUMNS)))
    sheet.freeze_panes = "D2"  # who the row is stays in view while the numbers scroll
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["C"].width = 21
    return save_template(workbook, path)


def _sheet_title(year: int) -> str:
    return f"{year}年度考核数据"


# -- reading -------------------------------------------------------------------------------------------
def refuse_locked_import(db, year: int) -> None:
    if is_locked(db, year):
        raise RuleViolation(f"{year}年度考核已锁定，不能再导入该年度的{WHAT}。如确需修改，请管理员先在「年度考核」页"
                            "重新开放该年度（须写明原因）。")


def read_inputs(db, path, year: int) -> AnnualImportPlan:
    """Read and judge the workbook as `year`'s inputs; writes nothing. A locked year is refused
    before the file is read (nothing in it could be imported)."""
    year = validate_year(year)
    refuse_locked_import(db, year)
    rules = annual_rules_of_year(db, year)
    headers = {key: (label,) for key, label in _columns(rules)}
    table = read_header_table(path, headers, ("unit", "name", "valid"), what=f"{WHAT}模板", prose_fields=("note",))
    _require_year(table.sheet, table.filename, year)
    plan = AnnualImportPlan(table.filename, year)
    reader = _RowReader(db, year, rules)
    for row in table.rows:
        try:
            found = reader.read(row)
        except _RowError as error:
            plan.problems.append(InputRowProblem(row.row, row.values.get("name", ""), str(error)))
            continue
        if found is not None:
            plan.rows.append(found)
    return plan


def _require_year(sheet: str, filename: str, year: int) -> None:
    match = re.match(r"^(\d{4})年", sheet)
    if match and int(match[1]) != year:
        raise KaopingError(f"{filename} 是{match[1]}年度的模板，不能导入{year}年度，未导入任何数据。")


class _RowError(Exception):
    pass


class _RowReader:
    """Judges rows one by one, remembering the units' subjects and the rows already seen."""

    def __init__(self, db, year: int, rules):
        self.db, self.year, self.rules = db, year, rules
        self.subjects: dict[str, list[Subject]] = {}
        self.seen: dict[tuple, int] = {}
        self.everyone: dict[str, Subject] | None = None

    def read(self, row: TableRow) -> InputRow | None:
        values = row.values
        filled = {k: v for k, v in values.items() if k not in dict(SUBJECT_COLUMNS) and v}
        if not filled:
            return None  # a template row nobody filled in
        subject = self.subject(values)
        if subject.key in self.seen:
            raise _RowError(f"{subject.label}在第 {self.seen[subject.key]} 行已经出现过")
        self.seen[subject.key] = row.row
        inputs = self.inputs(values, subject)
        saved = get_inputs(self.db, self.year, subject.unit_id, subject.cadre_id) or {}
        try:
            validate_inputs(self.rules, {**saved, **inputs}, team=subject.is_team)
        except ValidationError as error:
            raise _RowError("；".join(error.problems.values())) from None
        return InputRow(row.row, subject, inputs)

    def subject(self, values: dict) -> Subject:
        unit_id = unit_id_named(self.db, values.get("unit", ""))
        if unit_id is None:
            raise _RowError(f"找不到单位“{values.get('unit', '')}”")
        subjects = self.subjects.setdefault(unit_id, unit_subjects(self.db, unit_id, self.year))
        name = values.get("name", "")
        if name in ("", TEAM_NAME):
            return subjects[0]
        id_number = clean_compact(values.get("id_number")).upper()
        named = [s for s in subjects[1:] if s.name == name and _same_person(s.id_number, id_number)]
        if len(named) == 1:
            return named[0]
        if named:
            raise _RowError(f"{subjects[0].unit_name}有 {len(named)} 位“{name}”，请填写身份证号以区分")
        raise _RowError(self.not_here(name, id_number, subjects[0]))

    def not_here(self, name: str, id_number: str, team: Subject) -> str:
        if self.everyone is None:
            self.everyone = assessed_cadres(self.db, self.year)
        elsewhere = [s for s in self.everyone.values() if s.name == name and _same_person(s.id_number, id_number)]
        if len(elsewhere) == 1:
            return f"“{name}”{self.year}年度在{elsewhere[0].unit_name}参加考核，不在{team.unit_name}"
        return f"“{name}”不在{team.unit_name}{self.year}年度的考核名单中（须在该年度担任班子职务）"

    def inputs(self, values: dict, subject: Subject) -> dict:
        """What the row fills in, as the save services take it; blank groups left out (kept as saved)."""
        grades = evaluation_grades(self.rules, team=subject.is_team)
        strays = [g for g in grade_columns(self.rules) if g not in grades and values.get(f"g|{g}")]
        if strays:
            raise _RowError(f"{'领导班子' if subject.is_team else '干部'}的测评等次为 {'、'.join(grades)}，"
                            f"不应填写“{'、'.join(strays)}”列")
        found = {}
        evaluation = {"valid": values.get("valid", ""), "counts": {g: values.get(f"g|{g}", "") for g in grades}}
        survey = {"valid": values.get("survey_valid", ""), "counts": {g: values.get(f"s|{g}", "") for g in SURVEY_GRADES}}
        for key, votes in (("evaluation", evaluation), ("survey", survey)):
            if votes["valid"] or any(votes["counts"].values()):
                found[key] = votes
        for key, column in (("survey_confirmed", "confirmed"), ("responsibility_score", "score"),
                            ("responsibility_grade", "grade"), ("note", "note")):
            if values.get(column):
                found[key] = values[column]
        return found


# -- writing -------------------------------------------------------------------------------------------
def apply_inputs_import(store: RecordStore, plan: AnnualImportPlan, *, skip_invalid: bool = False) -> Changes:
    """Write the plan's rows (one undo step); refused while rows have problems unless skipped."""
    refuse_locked_import(store.db, plan.year)
    check_importable(plan.filename, len(plan.problems), plan.count, WHAT, skip_invalid=skip_invalid)
    with store.batch(f"导入{WHAT} {plan.filename}（{plan.year}年度，{plan.count} 项）") as batch:
        for unit_id, rows in plan.by_unit().items():
            save_inputs_grid(store, plan.year, unit_id, {row.subject.cadre_id: row.values for row in rows})
    return batch.changes()


def _same_person(known: str, given: str) -> bool:
    """A row's 身份证号 (blank, whole, or masked as the template writes it) fits a subject's."""
    return not given or given in (known, mask_id_number(known))


__all__ = ["AnnualImportPlan", "InputRow", "InputRowProblem", "grade_columns", "write_inputs_template",
           "read_inputs", "apply_inputs_import"]

