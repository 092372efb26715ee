"""Exporting a table to Excel (导出 Excel): one writer for every list the office exports.

A `TableSheet` is plain data — a sheet title, the column headers and the rows — so any list the
GUI shows (its model's headers and display texts) and any report table (core.annual_table) goes
out through the same `export_tables`: the header row bold, centred and frozen under it, columns
as wide as their text (a Chinese character counts two), numbers kept as numbers (a score sorts
and sums in Excel), texts kept as text cells (an ID number is never rounded to 5.22634E+17), and the
file written under a temporary name and renamed at the end, so a pulled USB stick or a file open
in WPS never leaves half a workbook behind. openpyxl is imported when a file is written.
"""

import errno
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from desktop_app.core.errors import KaopingError

MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths in Excel's units (about one Latin character)
_FORBIDDEN_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class TableSheet:
    """One sheet: `columns` are the header texts, `rows` the cells (text, numbers, None for blank).

    `widths` gives each column's width when the natural one will not do; `number_format` maps a
    column index to an Excel format for its numbers ("0.00" for scores).
    """

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float] | None = None
    number_format: dict[int, str] | None = None

    def safe_title(self) -> str:
        """The title as Excel allows a sheet name: at most 31 characters, none of []:*?/\\."""
        return (self.title.translate(_FORBIDDEN_TITLE).strip() or "Sheet")[:31]


def cell_value(value):
    """What a cell holds: numbers as numbers (exact fractions as floats), everything else as text."""
    if value is None or isinstance(value, bool):
        return None if value is None else ("是" if value else "否")
    if isinstance(value, int | float):
        return value
    if isinstance(value, Fraction | Decimal):
        return float(value)
    return str(value)


def text_width(value) -> int:
    """The width a value needs in Excel's units: a CJK (wide) character counts two."""
    text = "" if value is None else str(value)
    longest = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.splitlines()), default=0)
    return longest


def column_widths(sheet: TableSheet) -> list[float]:
    """Each column's width: given, else its longest cell (header included), within bounds."""
    if sheet.widths is not None:
        return [float(width) for width in sheet.widths]
    widths = [text_width(header) for header in sheet.columns]
    for row in sheet.rows:
        for index, value in enumerate(row[:len(widths)]):
            widths[index] = max(widths[index], text_width(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in widths]


def export_tables(path, sheets: TableSheet | Sequence[TableSheet]) -> Path:
    """Write the sheets to `path` (.xlsx), one worksheet each, in order; the path written.

    KaopingError (Chinese) for a name not ending .xlsx, a folder, or a file that cannot be written.
    """
    target = Path(path)
    sheets = [sheets] if isinstance(sheets, TableSheet) else list(sheets)
    if target.suffix.lower() != ".xlsx":
        raise KaopingError(f"导出的文件名须以 .xlsx 结尾：{target.name}")
    if target.is_dir():
        raise KaopingError(f"{target} 是文件夹，请指定要保存的文件名（如：考核结果.xlsx）。")
    if not sheets:
        raise KaopingError("没有要导出的表格。")
    save_workbook_atomically(lambda: _workbook(sheets), target)
    return target


def export_table(path, title: str, columns: Sequence[str], rows: Sequence[Sequence[object]], **options) -> Path:
    """One table to one sheet: `export_tables(path, TableSheet(title, columns, rows, **options))`."""
    return export_tables(path, TableSheet(title, columns, rows, **options))


def _workbook(sheets: list[TableSheet]):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook, sheet, _unique_title(sheet.safe_title(), used))
    return workbook


def _unique_title(title: str, used: set[str]) -> str:
    candidate, number = title, 2
    while candidate in used:
        suffix = f"({number})"
        candidate, number = title[:31 - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def _write_sheet(workbook, sheet: TableSheet, title: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    out = workbook.create_sheet(title)
    out.freeze_panes = "A2"
    for number, width in enumerate(column_widths(sheet), start=1):
        out.column_dimensions[get_column_letter(number)].width = width
    bold, centred = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    for text in sheet.columns:
        cell = WriteOnlyCell(out, value=str(text))
        cell.font, cell.alignment = bold, centred
        header.append(cell)
    out.append(header)
    formats = sheet.number_format or {}
    for row in sheet.rows:
        values = [cell_value(value) for value in row]
        for index, value in enumerate(values):  # a styled cell only where a number needs its format
            if index in formats and isinstance(value, int | float):
                values[index] = cell = WriteOnlyCell(out, value=value)
                cell.number_format = formats[index]
        out.append(values)


def save_workbook_atomically(build_workbook, target: Path) -> None:
    """Build the workbook (only once the folder is known writable), save it under a temporary
    name beside `target`, fsync, rename; a Chinese KaopingError when the folder or file cannot be written."""
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~kaoping-", suffix=".xlsx", dir=target.parent)
    except OSError as error:
        raise KaopingError(f"无法在 {target.parent} 中写入文件（{_os_reason(error)}）。"
                           "请检查文件夹是否存在、是否有写入权限、U盘是否插好。") from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            build_workbook().save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except OSError as error:
        raise KaopingError(f"无法写入 {target.name}（{_os_reason(error)}）。"
                           "如该文件正在 Excel 或 WPS 中打开，请先关闭后再导出。") from error
    finally:
        temp.unlink(missing_ok=True)


_OS_REASONS = {
    errno.ENOENT: "文件夹不存在", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘为只读",
}


def _os_reason(error: OSError) -> str:
    return _OS_REASONS.get(error.errno, error.strerror or str(error))


__all__ = ["TableSheet", "cell_value", "text_width", "column_widths", "export_tables", "export_table",
           "save_workbook_atomically"]
