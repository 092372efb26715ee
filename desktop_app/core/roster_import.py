"""Importing the Excel roster (干部名册导入): read → plan (the preview) → apply.

read_roster parses a workbook; plan_import decides, per Excel row and without writing,
what would happen (create / update / unchanged, or a rejection with a Chinese reason);
apply_import writes the valid rows through the core services in ONE batch: one
transaction, one undo step.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from desktop_app.core import cadres, units
from desktop_app.core.errors import KaopingError
from desktop_app.core.roster_columns import (
    DATE_FIELDS,
    REQUIRED_FIELDS,
    cell_text,
    date_cell_text,
    header_field,
    id_number_cell,
)
from desktop_app.core.roster_plan import ImportPlan, PlannedRow, plan_import
from desktop_app.core.store import Changes, RecordStore

__all__ = ["read_roster", "plan_import", "apply_import", "RosterSheet", "SheetRow", "ImportPlan", "PlannedRow",
           "ImportResult"]

HEADER_SCAN_ROWS = 10
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SheetRow:
    row: int  # Excel row number, as the operator sees it
    values: dict[str, str]  # field → normalised cell text
    problems: dict[str, str]  # found while reading, e.g. an ID number stored as a number


@dataclass(frozen=True)
class RosterSheet:
    filename: str
    sheet_name: str
    header_row: int
    headers: dict[str, str]  # field → header text as found in the file
    ignored_headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    units_created: int
    rejected: list[dict]
    changes: Changes
    new_units: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {"created": self.created, "updated": self.updated,
                "units_created": self.units_created, "rejected": self.rejected}


# -- reading ---------------------------------------------------------------------------
def read_roster(path) -> RosterSheet:
    """The roster in the first sheet (active one first) with a header row in its first 10 rows."""
    path = Path(path)
    with _open_xlsx(path) as handle:
        workbook = _load_workbook(handle, path)
        try:
            sheets = [workbook.active, *workbook.worksheets]
            for sheet in dict.fromkeys(s for s in sheets if hasattr(s, "iter_rows")):
                found = _read_sheet(sheet, path.name)
                if found is not None:
                    return found
        finally:
            workbook.close()
    raise KaopingError(f"未找到表头：{path.name} 前{HEADER_SCAN_ROWS}行中没有包含“姓名”“单位”“职务”的行。"
                       "请检查表头文字，未导入任何数据。")


def _open_xlsx(path: Path):
    try:
        handle = open(path, "rb")  # noqa: SIM115 — closed by the caller's with
    except FileNotFoundError as error:
        raise KaopingError(f"找不到文件：{path}") from error
    except OSError as error:
        raise KaopingError(f"无法读取文件 {path.name}：{error.strerror or error}") from error
    magic = handle.read(8)
    handle.seek(0)
    if magic.startswith(_OLE2_MAGIC):
        handle.close()
        raise KaopingError(f"{path.name} 是旧版 Excel（.xls）文件或加了密码，无法直接导入。"
                           "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx，不设密码）后再导入。")
    if not magic.startswith(_ZIP_MAGICS):
        handle.close()
        raise KaopingError(f"{path.name} 不是 Excel 工作簿（.xlsx）文件，未导入任何数据。"
                           "如为 CSV 或文本文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")
    return handle


def _load_workbook(handle, path: Path):
    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — a damaged zip makes openpyxl raise many kinds
        handle.close()
        raise KaopingError(f"{path.name} 已损坏或不是 Excel 工作簿（.xlsx），无法读取，未导入任何数据。"
                           "请在 Excel 或 WPS 中打开确认，重新保存为 .xlsx 后再导入。") from error


def _read_sheet(sheet, filename: str) -> RosterSheet | None:
    sheet.reset_dimensions()  # some programs write a wrong size; read what is really there
    rows = sheet.iter_rows(values_only=True)
    for number, cells in enumerate(rows, start=1):
        if number > HEADER_SCAN_ROWS:
            return None
        columns = _header_columns(cells)
        if columns is not None:
            fields, ignored = columns
            data = tuple(_data_rows(rows, fields, number))
            headers = {field: str(cells[index]).strip() for field, index in fields.items()}
            return RosterSheet(filename, sheet.title, number, headers, ignored, data)
    return None


def _header_columns(cells) -> tuple[dict[str, int], tuple[str, ...]] | None:
    fields: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        field = header_field(cell)
        if field and field not in fields:
            fields[field] = index
        elif cell_text(cell):
            ignored.append(cell_text(cell))
    if not set(REQUIRED_FIELDS) <= set(fields):
        return None
    return fields, tuple(ignored)


def _data_rows(rows, fields: dict[str, int], header_row: int):
    for number, cells in enumerate(rows, start=header_row + 1):
        values, problems = {}, {}
        for field, index in fields.items():
            raw = cells[index] if index < len(cells) else None
            values[field], problem = _field_text(field, raw)
            if problem:
                problems[field] = problem
        if any(values.values()):
            yield SheetRow(number, values, problems)


def _field_text(field: str, raw) -> tuple[str, str]:
    if field == "id_number":
        return id_number_cell(raw)
    if field in DATE_FIELDS:
        return date_cell_text(raw), ""
    return cell_text(raw), ""


# -- applying --------------------------------------------------------------------------
def apply_import(store: RecordStore, plan: ImportPlan, *, progress: Progress | None = None) -> ImportResult:
    """Write the plan's valid rows in one transaction and one undo step (导入名册 <file>).

    A write refused by a service (the database changed since the plan) rolls the whole
    import back and raises a KaopingError naming the row. An operator who may not enter data
    is refused before anything (PermissionDenied).
    """
    store.require("录入")
    report = progress or (lambda done, total, text: None)
    work = [row for row in plan.rows if row.action in ("create", "update")]
    total = len(plan.units_to_create) + len(work)
    with store.batch(f"导入名册 {plan.filename}") as batch:
        unit_ids = _create_units(store, plan, report, total)
        for done, planned in enumerate(work, start=len(plan.units_to_create) + 1):
            _apply_row(store, planned, unit_ids)
            if done % 200 == 0 or done == total:
                report(done, total, f"正在导入名册：{done}/{total}")
    counts = plan.counts
    return ImportResult(counts["create"], counts["update"], counts["unchanged"], len(plan.units_to_create),
                        plan.rejected_json(), batch.changes(), tuple(plan.units_to_create))


def _create_units(store: RecordStore, plan: ImportPlan, report: Progress, total: int) -> dict[str, str]:
    unit_ids: dict[str, str] = {}
    for done, name in enumerate(plan.units_to_create, start=1):
        existing = units.unit_id_by_name(store, name)
        unit_ids[name] = existing or units.add_unit(store, {"name": name, "kind": plan.unit_kinds[name]})[0]
        report(done, total, f"正在新建单位：{name}")
    return unit_ids


def _apply_row(store: RecordStore, planned: PlannedRow, unit_ids: dict[str, str]) -> None:
    post = dict(planned.new_post or {})
    if post:
        post["unit_id"] = post.get("unit_id") or unit_ids[post.pop("unit_name")]
        post.pop("unit_name", None)
    try:
        _write_row(store, planned, post)
    except KaopingError as error:
        raise KaopingError(f"第{planned.row}行（{planned.name}）写入失败：{error.message}。"
                           "整个导入已撤回，数据库未作改动。") from error


def _write_row(store: RecordStore, planned: PlannedRow, post: dict) -> None:
    if planned.action == "create":
        cadres.add_cadre(store, planned.cadre_changes, post)
        return
    if planned.cadre_changes:
        cadres.update_cadre(store, planned.cadre_id, planned.cadre_changes)
    if planned.post_action == "edit":
        cadres.update_post(store, planned.post_id, planned.post_changes)
    elif planned.post_action == "move":
        cadres.transfer_cadre(store, planned.cadre_id, post, planned.move_date)
    elif planned.post_action == "add":
        cadres.add_post(store, planned.cadre_id, post)
