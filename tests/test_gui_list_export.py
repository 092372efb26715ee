"""导出为 Excel from any list: the rows as shown (sorted, filtered) read back from the workbook."""

from pathlib import Path

import openpyxl
from conftest import shown_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop_app.core import units
from desktop_app.gui import list_export
from desktop_app.gui.list_export import EXPORT_TEXT, cell, list_to_export, sheet_of_view


def test_cells_keep_long_digit_strings_as_text():
    assert cell("86.5") == 86.5 and cell("12") == 12 and cell("0") == 0
    assert cell("522634198001011234") == "522634198001011234" and cell("13800001111") == "13800001111"
    assert cell("0851") == "0851" and cell("好") == "好" and cell(None) is None


def test_every_list_exports_what_it_shows(qtbot, window, monkeypatch, tmp_path):
    store = window.ctx.store
    for name, order in (("甲单位", 2), ("乙单位", 1), ("丙单位", 3)):
        units.add_unit(store, {"name": name, "kind": "乡镇", "sort_order": order})
    page = shown_page(window, "units")
    page.refresh()
    qtbot.waitUntil(lambda: list_to_export(page) is not None and list_to_export(page).model().rowCount() >= 3)
    view = list_to_export(page)
    count = view.model().rowCount()
    assert EXPORT_TEXT in [a.text() for a in view.actions()]
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    shown = [view.model().index(r, 0).data() for r in range(count)]
    target = tmp_path / "单位"
    monkeypatch.setattr(list_export.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert QFileDialog is list_export.QFileDialog
    window.export_current_list()
    written = Path(f"{target}.xlsx")
    qtbot.waitUntil(written.exists, timeout=10000)
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0)
    sheet = openpyxl.load_workbook(written).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(view.model().columnCount())]
    assert list(rows[0]) == headers
    assert [r[0] for r in rows[1:]] == shown and len(rows) == count + 1 and "乙单位" in shown
    assert sheet_of_view(view, "单位管理").title == "单位管理" and sheet.title.startswith("单位管理")
