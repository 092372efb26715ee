"""实绩事项导入: monthly report plans and items from a workbook (the template this app writes).

One row per planned task (类别 计划) or completed item (类别 完成, the default), with the
cadre's unit and name (身份证号 when two share a name), the month, and optionally the
self-grade. A row left as the template wrote it (no 工作事项, 完成情况, 佐证材料 or 自评等次)
is no data and is passed over, so a template filled in for some cadres only leaves the others'
drafts alone. Rows are grouped into one draft per cadre and month, which the workbook's rows
replace (以表格为准). Like the roster import: a preview first (新建 / 替换草稿 / each bad row
with its reason), nothing written while a row has a problem unless the operator skips such
rows, and the whole import is one batch — one undo step.
"""

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.worksheet.datavalidation import DataValidation

from desktop_app.core.cadres import cadre_id_by_id_number, cadre_record
from desktop_app.core.errors import ValidationError
from desktop_app.core.idcard import InvalidIdNumber, parse_id_number
from desktop_app.core.monthly_reports import GRADES, get_report, save_draft
from desktop_app.core.months import month_label, validate_month
from desktop_app.core.report_gaps import month_statuses
from desktop_app.core.store import Changes, RecordStore
from desktop_app.core.workbook_tables import (
    TableRow,
    check_importable,
    read_header_table,
    save_template,
    template_workbook,
)

COLUMNS = (("unit", "单位"), ("name", "姓名"), ("id_number", "身份证号"), ("month", "月份"), ("kind", "类别"),
           ("task", "工作事项"), ("result", "完成情况"), ("evidence", "佐证材料或备注"), ("self_grade", "自评等次"))
HEADERS = {"unit": ("单位", "所在单位", "单位名称"), "name": ("姓名", "干部姓名"),
           "id_number": ("身份证号", "身份证号码", "公民身份号码"), "month": ("月份", "报告月份"),
           "kind": ("类别", "类型"), "task": ("工作事项", "事项", "任务"), "result": ("完成情况", "结果"),
           "evidence": ("佐证材料或备注", "佐证材料", "备注"), "self_grade": ("自评等次", "自评")}
REQUIRED = ("name", "month", "task")
FILLED_IN = ("task", "result", "evidence", "self_grade")  # what the operator writes; the template fills the rest
KINDS = {"": "完成", "完成": "完成", "完成事项": "完成", "计划": "计划", "本月计划": "计划"}


@dataclass
class ReportGroup:
    """The rows of one cadre's month: they become that month's draft."""

    cadre_id: str
    name: str
    month: str
    rows: list[int] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    self_grade: str = ""
    action: str = "新建"  # 新建 / 替换草稿 / 有问题
    problem: str = ""


@dataclass(frozen=True)
class RowProblem:
    row: int
    name: str
    month: str
    reason: str


@dataclass
class ReportImportPlan:
    filename: str
    groups: list[ReportGroup]
    problems: list[RowProblem]

    @property
    def ready(self) -> list[ReportGroup]:
        return [group for group in self.groups if not group.problem]

    def as_json(self) -> dict:
        return {"file": self.filename,
                "reports": [{"name": g.name, "month": g.month, "action": g.action, "plans": len(g.plans),
                             "items": len(g.items), "problem": g.problem} for g in self.groups],
                "problems": [{"row": p.row, "name": p.name, "month": p.month, "reason": p.reason}
                             for p in self.problems]}


def read_report_items(db, path) -> ReportImportPlan:
    """Read and judge the workbook; writes nothing."""
    table = read_header_table(path, HEADERS, REQUIRED, what="实绩事项", prose_fields=("task", "result", "evidence"))
    groups: dict[tuple[str, str], ReportGroup] = {}
    problems: list[RowProblem] = []
    for row in table.rows:
        if not any(row.values.get(name) for name in FILLED_IN):
            continue  # a template row nobody filled in
        reason = _place_row(db, row, groups)
        if reason:
            problems.append(RowProblem(row.row, row.values.get("name", ""), row.values.get("month", ""), reason))
    for group in groups.values():
        _judge_group(db, group, problems)
    return ReportImportPlan(table.filename, list(groups.values()), sorted(problems, key=lambda p: p.row))


def _place_row(db, row: TableRow, groups: dict) -> str:
    values = row.values
    if not values.get("task"):
        return "没有填写工作事项（完成情况、佐证材料、自评等次须与工作事项写在同一行）"
    try:
        month = validate_month(values.get("month"))
    except ValidationError:
        return f"月份“{values.get('month')}”格式不对（例：2026-03）"
    cadre_id, reason = _find_cadre(db, values)
    if reason:
        return reason
    kind = KINDS.get(values.get("kind", ""))
    if kind is None:
        return f"类别“{values['kind']}”应为“计划”或“完成”"
    grade = values.get("self_grade", "")
    if grade and grade not in GRADES:
        return f"自评等次“{grade}”应为：{'、'.join(GRADES)}"
    name = values.get("name") or cadre_record(db, cadre_id)["name"]  # found by 身份证号 alone
    group = groups.setdefault((cadre_id, month), ReportGroup(cadre_id, name, month))
    if grade and group.self_grade and grade != group.self_grade:
        return f"同一人同一月的自评等次前后不一致（{group.self_grade}、{grade}）"
    group.self_grade = grade or group.self_grade
    group.rows.append(row.row)
    if kind == "计划":
        group.plans.append(values["task"])
    else:
        group.items.append({"task": values["task"], "result": values.get("result", ""),
                            "evidence": values.get("evidence", "")})
    return ""


def _find_cadre(db, values: dict) -> tuple[str, str]:
    """(cadre id, "") or ("", why not): by 身份证号 when given, else by name within the unit."""
    if values.get("id_number"):
        try:
            number = parse_id_number(values["id_number"]).number
        except InvalidIdNumber as error:
            return "", f"身份证号 {values['id_number']} 有误：{error}"
        cadre_id = cadre_id_by_id_number(db, number)
        return (cadre_id, "") if cadre_id else ("", f"身份证号 {values['id_number']} 在干部信息库中找不到")
    found = [row[0] for row in db.execute(
        "SELECT DISTINCT c.id FROM cadres c LEFT JOIN posts p ON p.cadre_id = c.id AND p.deleted = 0"
        " LEFT JOIN units u ON u.id = p.unit_id WHERE c.deleted = 0 AND c.name = ? AND (? = '' OR u.name = ?)",
        [values["name"], values.get("unit", ""), values.get("unit", "")])]
    where = f"{values['unit']}的" if values.get("unit") else ""
    if not found:
        return "", f"干部信息库中没有{where}“{values['name']}”"
    if len(found) > 1:
        return "", f"{where}“{values['name']}”有 {len(found)} 人同名，请在该行填写身份证号"
    return found[0], ""


def _judge_group(db, group: ReportGroup, problems: list[RowProblem]) -> None:
    current = get_report(db, group.cadre_id, group.month)
    if current is not None and current["state"] != "草稿":
        group.action, group.problem = "有问题", f"{month_label(group.month)}的报告为「{current['state']}」，不能用表格覆盖"
        problems.extend(RowProblem(row, group.name, group.month, group.problem) for row in group.rows)
    elif current is not None:
        group.action = "替换草稿"


def apply_report_import(store: RecordStore, plan: ReportImportPlan, *, skip_invalid: bool = False) -> Changes:
    """Write the drafts of the plan in one batch; refused while rows have problems unless skipped."""
    check_importable(plan.filename, len(plan.problems), len(plan.ready), "报告", skip_invalid=skip_invalid)
    with store.batch(f"导入实绩事项 {plan.filename}（{len(plan.ready)} 份报告）") as batch:
        for group in plan.ready:
            save_draft(store, group.cadre_id, group.month, plans=group.plans, items=group.items,
                       self_grade=group.self_grade)
    return batch.changes()


def write_report_template(db, path, *, month: str, today: str, unit_id: str | None = None) -> Path:
    """The import template: the header, and a 计划 and a 完成 row for every cadre expected that month."""
    month = validate_month(month)
    workbook, sheet = template_workbook("实绩事项", [header for _field, header in COLUMNS])
    for entry in month_statuses(db, month, today):
        if unit_id is None or entry.unit_id == unit_id:
            for kind in ("计划", "完成"):
                sheet.append([entry.unit_name, entry.name, "", month, kind, "", "", "", ""])
    choices = DataValidation(type="list", formula1='"计划,完成"', allow_blank=True)
    grades = DataValidation(type="list", formula1=f'"{",".join(GRADES)}"', allow_blank=True)
    sheet.add_data_validation(choices)
    sheet.add_data_validation(grades)
    choices.add("E2:E5000")
    grades.add("I2:I5000")
    for letter, width in zip("ABCDEFGHI", (18, 10, 20, 10, 8, 36, 30, 20, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    return save_template(workbook, path)


__all__ = ["ReportGroup", "RowProblem", "ReportImportPlan", "read_report_items", "apply_report_import",
           "write_report_template", "COLUMNS"]
