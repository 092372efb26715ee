"""Exporting the roster to Excel (干部名册导出): the 13 columns the import reads.

One row per live cadre with the post the roster shows. Every cell is a text cell (ID
numbers and phones are not rounded, dates are not reformatted by Excel), so exporting
and importing again changes nothing. The file is written under a temporary name beside
the target and renamed at the end: a pulled USB stick never leaves half a file behind.

身份证号 and 联系电话 are masked (5226**********123X, 138****0000) unless the export is given a
full `Disclosure` (core.masking: asked for, and the operator's role allows it). A masked file
imports again too: the importer takes a masked number for the one cadre it fits.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from desktop_app.core.errors import KaopingError
from desktop_app.core.masking import MASKED, Disclosure
from desktop_app.core.posts import POST_TYPE_ORDER_SQL
from desktop_app.core.roster import SHOWN_POST_CTE
from desktop_app.core.roster_columns import COLUMNS, month_for_sheet
from desktop_app.core.table_export import save_workbook_atomically

SHEET_TITLE = "干部名册"
COLUMN_WIDTHS = {
    "name": 10, "gender": 6, "ethnicity": 8, "birth_month": 10, "id_number": 21, "political_status": 13,
    "education": 10, "unit_name": 26, "title": 22, "post_type": 10, "rank": 8, "start_date": 12, "phone": 15,
}
TEXT_FORMAT = "@"

# The roster's shown post per cadre (the same definition as the roster page), in unit
# order, 正职 before 副职 within a unit, then by pinyin. Bound: :today.
_EXPORT_SQL = SHOWN_POST_CTE + f"""
SELECT c.name, c.gender, c.ethnicity, c.birth_month, c.id_number, c.political_status, c.education,
       COALESCE(u.name, ''), COALESCE(s.title, ''), COALESCE(s.post_type, ''), COALESCE(s.rank, ''),
       COALESCE(s.start_date, ''), c.phone
  FROM cadres c
  LEFT JOIN shown s ON s.cadre_id = c.id AND s.n = 1
  LEFT JOIN units u ON u.id = s.unit_id
 WHERE c.deleted = 0
 ORDER BY u.sort_order IS NULL, u.sort_order, u.name, {POST_TYPE_ORDER_SQL.replace("p.", "s.")},
          c.name_pinyin, c.id
"""


def roster_sheet_rows(db, today: str, shown: Disclosure = MASKED) -> list[tuple[str, ...]]:
    """The export's data rows, as the text the cells will hold (出生年月 as 1975.03; ID numbers and
    phones as `shown` discloses them)."""
    rows = db.execute(_EXPORT_SQL, {"today": today}).fetchall()
    fields = [field for field, _header in COLUMNS]
    birth = fields.index("birth_month")
    return [tuple(month_for_sheet(v) if n == birth else (shown.field(fields[n], v) or "") for n, v in enumerate(row))
            for row in rows]


def roster_headers() -> list[str]:
    """The export's column headers, in order."""
    return [header for _field, header in COLUMNS]


def export_roster(db, path, today: str, shown: Disclosure = MASKED) -> int:
    """Write the roster to `path` (.xlsx), ID numbers and phones masked unless `shown` is full;
    returns the number of cadres written."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise KaopingError(f"导出的文件名须以 .xlsx 结尾：{target.name}")
    if target.is_dir():
        raise KaopingError(f"{target} 是文件夹，请指定要保存的文件名（如：干部名册.xlsx）。")
    rows = roster_sheet_rows(db, today, shown)
    save_workbook_atomically(lambda: _workbook(rows), target)
    return len(rows)


def _workbook(rows: list[tuple[str, ...]]) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for number, (field, _header) in enumerate(COLUMNS, start=1):
        column = sheet.column_dimensions[get_column_letter(number)]
        column.width = COLUMN_WIDTHS[field]
        column.number_format = TEXT_FORMAT  # rows the operator adds later stay text too
    bold, centred = Font(bold=True), Alignment(horizontal="center", vertical="center")
    sheet.append([_text_cell(sheet, header, font=bold, alignment=centred) for _field, header in COLUMNS])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    return workbook


def _text_cell(sheet, value: str, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value or None)  # a blank stays a (text-formatted) blank cell
    cell.number_format = TEXT_FORMAT
    for name, item in style.items():
        setattr(cell, name, item)
    return cell
