"""Tables in operators' workbooks (表格文件): find the header row, read the rows under it as text.

One reader for every import that takes a sheet with a header row (实绩事项, 放假安排…): the
file is checked to be a real .xlsx (an old .xls, a password-protected or damaged file, or a
CSV renamed .xlsx each get their own Chinese message), the header is looked for in the first
rows of the first sheet that has one, header cells are matched after normalising (full-width
characters, spaces, "*" marks and a trailing remark in brackets), and every cell is read as
normalised text. A .csv (UTF-8 with or without BOM, or GB18030) is read the same way where the
caller allows it. Judging the values is the caller's work, row by row.
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook

from desktop_app.core.errors import KaopingError
from desktop_app.core.normalize import clean_compact, clean_prose
from desktop_app.core.roster_columns import cell_text, date_cell_text

HEADER_SCAN_ROWS = 10
MAX_ROWS = 100_000
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class TableRow:
    row: int  # the row number the operator sees in the file
    values: dict[str, str]


@dataclass(frozen=True)
class HeaderTable:
    filename: str
    sheet: str
    header_row: int
    fields: tuple[str, ...]  # the fields found in the header, in column order
    rows: tuple[TableRow, ...]


def header_key(value) -> str:
    """A header cell as compared: no spaces, half-width, no '*' or ':', no trailing （备注）."""
    return re.sub(r"\(.*\)$", "", re.sub(r"[*:]", "", clean_compact(value)))


def read_header_table(path, headers: dict[str, tuple[str, ...]], required: tuple[str, ...], *,
                      what: str, allow_csv: bool = False, date_fields: tuple[str, ...] = (),
                      prose_fields: tuple[str, ...] = ()) -> HeaderTable:
    """The rows under the first header row naming all `required` fields. `headers` maps each
    field to the header texts that name it; `what` names the file's content in messages;
    `date_fields` are read as dates (an Excel date or its serial number → YYYY-MM-DD), and
    `prose_fields` as sentences (Chinese punctuation and line breaks kept: normalize.clean_prose)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv" and allow_csv:
        sheets = [("CSV", _csv_rows(_read_bytes(path)))]
    else:
        sheets = _xlsx_sheets(_read_bytes(path), path.name)
    readers = {**dict.fromkeys(date_fields, date_cell_text), **dict.fromkeys(prose_fields, _prose_text)}
    return _find_table(path.name, sheets, headers, required, what, readers)


def _find_table(filename: str, sheets: list[tuple[str, list[tuple]]], headers, required, what: str,
                readers: dict) -> HeaderTable:
    lookup = {header_key(text): field for field, texts in headers.items() for text in texts}
    for title, rows in sheets:
        for number, cells in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
            columns = {}
            for index, cell in enumerate(cells):
                field = lookup.get(header_key(cell))
                if field and field not in columns:
                    columns[field] = index
            if set(required) <= set(columns):
                return HeaderTable(filename, title, number, tuple(columns),
                                   tuple(_rows(rows[number:], columns, number, readers)))
    names = "“" + "”“".join(headers[field][0] for field in required) + "”"
    raise KaopingError(f"未找到表头：{filename} 前{HEADER_SCAN_ROWS}行中没有包含{names}的行。"
                       f"请使用本软件导出的{what}模板，未导入任何数据。")


def _rows(rows, columns: dict[str, int], header_row: int, readers: dict):
    for number, cells in enumerate(rows, start=header_row + 1):
        values = {field: readers.get(field, cell_text)(cells[index]) if index < len(cells) else ""
                  for field, index in columns.items()}
        if any(values.values()):
            yield TableRow(number, values)


def template_workbook(title: str, headers: list[str]):
    """A new workbook for an import template: one sheet called `title` with the header row in
    bold, frozen under it. Returns (workbook, sheet)."""
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    sheet.freeze_panes = "A2"
    return workbook, sheet


def save_template(workbook, path) -> Path:
    """Save a template; a folder that cannot be written gets a Chinese message."""
    target = Path(path)
    try:
        workbook.save(target)
    except OSError as error:
        raise KaopingError(f"无法保存模板 {target.name}：{error.strerror or error}") from error
    return target


def _prose_text(value) -> str:
    return clean_prose(value) if isinstance(value, str) else cell_text(value)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise KaopingError(f"找不到文件：{path}") from error
    except OSError as error:
        raise KaopingError(f"无法读取文件 {path.name}：{error.strerror or error}") from error


def _xlsx_sheets(data: bytes, filename: str) -> list[tuple[str, list[tuple]]]:
    if data.startswith(_OLE2_MAGIC):
        raise KaopingError(f"{filename} 是旧版 Excel（.xls）文件或加了密码，无法直接导入。"
                           "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx，不设密码）后再导入。")
    if not data.startswith(_ZIP_MAGICS):
        raise KaopingError(f"{filename} 不是 Excel 工作簿（.xlsx）文件，未导入任何数据。"
                           "如为 CSV 或文本文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — a damaged zip makes openpyxl raise many kinds
        raise KaopingError(f"{filename} 已损坏或不是 Excel 工作簿（.xlsx），无法读取，未导入任何数据。"
                           "请在 Excel 或 WPS 中打开确认，重新保存为 .xlsx 后再导入。") from error
    try:
        found = []
        for sheet in dict.fromkeys([workbook.active, *workbook.worksheets]):
            if hasattr(sheet, "iter_rows"):
                sheet.reset_dimensions()  # some programs write a wrong size; read what is really there
                found.append((sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS)]))
        return found
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[tuple]:
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030: Excel on Chinese Windows saves CSV so
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise KaopingError("CSV 文件的编码无法识别，请用 Excel 或 WPS 另存为 UTF-8 编码的 CSV 或 .xlsx 后再导入。")
    return [tuple(row) for row in csv.reader(io.StringIO(text, newline=""))]


def check_importable(filename: str, problems: int, ready: int, what: str, *, skip_invalid: bool) -> None:
    """Refuse an import, naming the file, while rows have problems (unless they are to be skipped)
    or when nothing is left to import (`what`: 计票, 报告…)."""
    if problems and not skip_invalid:
        raise KaopingError(f"{filename} 有 {problems} 行有问题，未导入任何数据。"
                           "请改正后重新导入，或选择跳过有问题的行。")
    if not ready:
        raise KaopingError(f"{filename} 中没有可以导入的{what}。")


__all__ = ["TableRow", "HeaderTable", "header_key", "read_header_table", "check_importable", "HEADER_SCAN_ROWS"]
