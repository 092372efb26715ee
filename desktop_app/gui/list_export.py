"""导出 Excel for every list: the table as shown (columns, rows in their sorted and filtered order, cell
texts) goes out through core.table_export, the one writer of table workbooks.

Every list made by widgets.table_view has 导出为 Excel… in its right-click menu, and 文件 → 导出当前列表
(Ctrl+Shift+X) exports the list that has the focus, else the largest list on the page shown. The file
is written on the worker; a pulled USB stick or a file open in WPS gives the core's Chinese message.

A list with 身份证号 or 电话 columns is exported as shown — masked unless 显示完整证件号和电话 is on
this session — and the export statement (导出说明) says so before the file is chosen; the message
after every export says what the file holds.
"""

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop_app.core.masking import export_statement, may_see_full, sensitive_headers
from desktop_app.core.table_export import TableSheet, export_tables

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
EXPORT_TEXT = "导出为 Excel…"
_NUMBER = re.compile(r"-?(0|[1-9]\d{0,5})(\.\d+)?")  # a score or a count; long digit strings (ID, phone) stay text


def cell(text):
    """A cell's display text as Excel should hold it: short numbers as numbers, the rest as text."""
    if text is None:
        return None
    text = str(text)
    if _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return text


def sheet_of_view(view: QAbstractItemView, title: str) -> TableSheet:
    """The visible columns and rows of `view` in the order shown."""
    model = view.model()
    header = view.horizontalHeader() if isinstance(view, QTableView) else None
    columns = [c for c in range(model.columnCount()) if header is None or not header.isSectionHidden(c)]
    if header is not None:
        columns.sort(key=header.visualIndex)
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "") for c in columns]
    rows = [[cell(model.index(r, c).data(Qt.ItemDataRole.DisplayRole)) for c in columns]
            for r in range(model.rowCount())]
    return TableSheet(title, headers, rows)


def install_export(view: QTableView) -> None:
    """Add 导出为 Excel… to the list's right-click menu."""
    action = QAction(EXPORT_TEXT, view)
    action.triggered.connect(lambda: export_view(view))
    view.addAction(action)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)


def list_to_export(page: QWidget | None) -> QTableView | None:
    """The list with the focus, else the visible list with the most rows on `page`."""
    focused = QApplication.focusWidget()
    while focused is not None and not isinstance(focused, QTableView):
        focused = focused.parentWidget()
    if focused is not None and page is not None and page.isAncestorOf(focused):
        return focused
    views = [v for v in (page.findChildren(QTableView) if page is not None else []) if v.isVisible() and v.model()]
    return max(views, key=lambda v: v.model().rowCount(), default=None)


def export_view(view: QTableView, title: str | None = None) -> Path | None:
    """Ask where to save, then write the list on the worker. Returns the path chosen (None: cancelled)."""
    window = view.window()
    ctx = getattr(window, "ctx", None)
    title = title or _title(view)
    sheet = sheet_of_view(view, title)
    if not sheet.rows:
        QMessageBox.information(window, EXPORT_TEXT, "这个列表现在没有内容，没有可导出的行。")
        return None
    full = bool(ctx is not None and ctx.show_full_id_numbers)
    said = export_statement("行", len(sheet.rows), sheet.columns, full=full)
    if sensitive_headers(sheet.columns) and not _stated(window, ctx, said):
        return None
    today = ctx.today() if ctx is not None else ""
    default = Path.home() / f"{title}-{today.replace('-', '')}.xlsx"
    chosen, _filter = QFileDialog.getSaveFileName(window, "导出为 Excel", str(default), XLSX_FILTER)
    if not chosen:
        return None
    target = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
    if ctx is None:
        export_tables(target, sheet)
        _exported(window, len(sheet.rows), target, said)
    else:
        ctx.runner.run(lambda: export_tables(target, sheet), parent=window, progress="正在导出…",
                       on_done=lambda _path: _exported(window, len(sheet.rows), target, said))
    return target


def _stated(window: QWidget, ctx, said: str) -> bool:
    """The statement of a list with ID numbers or phones, confirmed (False: cancelled)."""
    from desktop_app.gui.dialogs.export_statement import ask_export

    hint = "（如需完整号码，请先在「干部信息」页或「系统设置」中勾选“显示完整证件号和电话”。）" if ctx is not None and may_see_full(ctx.operator) else ""
    return ask_export(window, EXPORT_TEXT.rstrip("…"), lambda _full: said, ctx, offer=False, hint=hint) is not None


def _title(view: QTableView) -> str:
    """The page's title, and the tab's the list is on (干部信息, 公示栏-异议)."""
    parts, widget = [], view.parentWidget()
    while widget is not None:
        parent = widget.parentWidget()
        tabs = parent.parentWidget() if parent is not None else None
        if isinstance(tabs, QTabWidget) and tabs.indexOf(widget) >= 0:
            parts.append(tabs.tabText(tabs.indexOf(widget)))
        if getattr(widget, "spec", None) is not None:
            parts.append(widget.spec.title)
            break
        widget = parent
    clean = [re.sub(r"\(&.\)|&", "", p).strip() for p in reversed(parts)]
    return "-".join(p for p in clean if p) or "列表"


def _exported(window: QWidget, count: int, target: Path, said: str = "") -> None:
    if isinstance(window, QMainWindow):
        contents = said.split("；", 1)[1].rstrip("。") if "；" in said else ""
        window.statusBar().showMessage(f"已导出 {count} 行：{target}" + (f"（{contents}）" if contents else ""), 10000)
