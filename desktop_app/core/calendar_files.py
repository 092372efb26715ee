"""Schedule files for the working-day calendar (放假安排文件): reading .xlsx / .csv, writing the template.

The file has a header row (in its first 10 rows) with 日期 and 类型, and optionally 名称;
each following row is one day: 2027-10-01 | 休 | 国庆节. Cells are read as text here and
judged by calendar_days.plan_schedule, so every bad row gets its own Chinese reason.
"""

from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import KaopingError
from desktop_app.core.workbook_tables import read_header_table, save_template, template_workbook

HEADER_SCAN_ROWS = 10
MAX_ROWS = 5000
HEADERS = ("日期", "类型", "名称")
HEADER_NAMES = {
    "day": ("日期", "date"),
    "kind": ("类型", "类别", "安排", "休/班", "休班"),
    "name": ("名称", "节日", "节假日", "假日名称", "说明", "备注"),
}
EXAMPLE_ROWS = (("2025-10-01", "休", "国庆节"), ("2025-09-28", "班", "国庆调休"))
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class ScheduleRow:
    row: int  # row number in the file, as the operator sees it
    day: str
    kind: str
    name: str


@dataclass(frozen=True)
class ScheduleFile:
    filename: str
    header_row: int
    rows: tuple[ScheduleRow, ...]


def read_schedule(path) -> ScheduleFile:
    """The rows of a schedule file (.xlsx, or .csv in UTF-8 — with or without BOM — or GB18030)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise KaopingError(f"{path.name}：只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv），未导入任何数据。")
    table = read_header_table(path, HEADER_NAMES, ("day", "kind"), what="放假安排（表头：日期、类型、名称）",
                              allow_csv=True, date_fields=("day",))
    if len(table.rows) > MAX_ROWS:
        raise KaopingError(f"{path.name} 的行数超过{MAX_ROWS}行，不像是放假安排文件，未导入任何数据。")
    return ScheduleFile(table.filename, table.header_row, tuple(
        ScheduleRow(row.row, row.values.get("day", ""), row.values.get("kind", ""), row.values.get("name", ""))
        for row in table.rows))


def write_template(path: Path) -> Path:
    """An .xlsx to fill in: 日期 / 类型 / 名称, rows that agree with the official 2025 schedule,
    and a sheet 填写说明."""
    workbook, sheet = template_workbook("工作日历", list(HEADERS))
    for row in EXAMPLE_ROWS:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["C"].width = 16
    notes = workbook.create_sheet("填写说明")
    for line in ("每行一天：日期写作 2027-10-01；类型填“休”（放假的休息日）或“班”（调休上班的周末）；名称如 国庆节。",
                 "只需填写与“周一至周五上班、周六周日休息”不同的日子。",
                 "示例两行与2025年国务院安排一致，可删去后填写新一年的安排。"):
        notes.append([line])
    return save_template(workbook, path)


__all__ = ["ScheduleRow", "ScheduleFile", "read_schedule", "write_template", "HEADERS"]
