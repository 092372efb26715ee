"""The problem list of a roster import (导入问题清单): the rejected rows, with reasons, as .xlsx.

The sheet has the roster's 13 columns between 原行号 (the row in the imported file) and
问题, so the operator can correct it in Excel and import it again: the importer finds the
header row and ignores the two extra columns. 身份证号 and 联系电话 are masked like every export
(core.masking) unless the list is written with a full `Disclosure`.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop_app.core.errors import KaopingError
from desktop_app.core.masking import MASKED, Disclosure
from desktop_app.core.roster_columns import COLUMNS
from desktop_app.core.roster_export import COLUMN_WIDTHS, TEXT_FORMAT
from desktop_app.core.roster_plan import ImportPlan
from desktop_app.core.table_export import save_workbook_atomically

SHEET_TITLE = "导入问题清单"
ROW_HEADER = "原行号"
REASON_HEADER = "问题"
REASON_FILL = PatternFill("solid", fgColor="FDE7E9")


def problem_rows(plan: ImportPlan, shown: Disclosure = MASKED) -> list[list]:
    """One list per rejected row: 原行号, the 13 roster columns as read (ID numbers and phones as
    `shown` discloses them), 问题."""
    return [[row.row, *(str(shown.field(field, row.values.get(field)) or "") for field, _header in COLUMNS),
             row.reason] for row in plan.rows if row.action == "reject"]


def problem_headers() -> list[str]:
    return [ROW_HEADER, *(header for _field, header in COLUMNS), REASON_HEADER]


def export_problems(plan: ImportPlan, path, shown: Disclosure = MASKED) -> int:
    """Write the plan's rejected rows to `path` (.xlsx); returns how many rows were written."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise KaopingError(f"问题清单的文件名须以 .xlsx 结尾：{target.name}")
    rows = problem_rows(plan, shown)
    if not rows:
        raise KaopingError("名册中没有有问题的行，无需导出问题清单。")
    save_workbook_atomically(lambda: _workbook(rows), target)
    return len(rows)


def _workbook(rows: list[list]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(problem_headers())
    for row in rows:
        sheet.append(row)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font, cell.alignment = bold, Alignment(horizontal="center")
    widths = [8, *(COLUMN_WIDTHS[field] for field, _header in COLUMNS), 60]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells[1:-1]:
            cell.number_format = TEXT_FORMAT  # ID numbers and phones stay text
        cells[-1].fill, cells[-1].alignment = REASON_FILL, Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    return workbook
