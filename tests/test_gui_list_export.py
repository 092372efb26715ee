"""导出为 Excel from any list: the rows as shown (sorted, filtered) read back from the workbook."""

from pathlib import Path

import openpyxl
import pytest
from conftest import shown_page
from PySide6.QtCore import Qt

from desktop_app.core import units
from desktop_app.gui import list_export
from desktop_app.gui.dialogs import export_statement
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


def test_the_roster_list_exports_masked_as_shown_after_saying_so(qtbot, window, monkeypatch, tmp_path):
    page = shown_page(window, "roster")
    said = []
    monkeypatch.setattr(export_statement, "ask_export",
                        lambda _parent, _title, statement, _ctx, **options: said.append((statement(False), options)) or False)
    target = tmp_path / "名册列表.xlsx"
    monkeypatch.setattr(list_export.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    list_export.export_view(page.view)
    qtbot.waitUntil(target.exists, timeout=10000)
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0)
    count = page.model.rowCount()
    assert said[0][0] == (f"将导出 {count:,} 行的姓名、性别、出生年月、身份证号、单位、职务、岗位类别、职级等（共 10 项）"
                          "；身份证号和电话已隐去中间位数。")
    assert said[0][1]["offer"] is False and "显示完整证件号和电话" in said[0][1]["hint"]
    rows = list(openpyxl.load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    numbers = {row[0] for row in window.ctx.reader.execute("SELECT id_number FROM cadres WHERE id_number <> ''")}
    assert numbers and not numbers & {row[3] for row in rows} and all("*" in row[3] for row in rows if row[3])
    assert "身份证号和电话已隐去中间位数" in window.statusBar().currentMessage()


def test_a_list_without_id_numbers_or_phones_exports_without_a_question(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(export_statement, "ask_export", lambda *a, **k: pytest.fail("no statement dialog expected"))
    page = shown_page(window, "units")
    page.refresh()
    qtbot.waitUntil(lambda: list_to_export(page) is not None and list_to_export(page).model().rowCount() > 0)
    target = tmp_path / "单位.xlsx"
    monkeypatch.setattr(list_export.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    list_export.export_view(list_to_export(page))
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0 and target.exists(), timeout=10000)
    assert "不含身份证号和电话" in window.statusBar().currentMessage()


def test_the_statement_dialog_starts_with_full_values_off_and_follows_the_checkbox(qtbot):
    from desktop_app.core.masking import export_statement as statement_of

    dialog = export_statement.ExportStatementDialog(
        "导出干部名册", lambda full: statement_of("名干部", 1515, ["姓名", "身份证号", "联系电话"], full=full), offer_full=True)
    qtbot.addWidget(dialog)
    assert not dialog.full_box.isChecked() and not dialog.full() and dialog.full_box.text() == "显示完整证件号和电话(&D)"
    assert dialog.statement_label.text().endswith("身份证号和电话已隐去中间位数。")
    dialog.full_box.setChecked(True)
    assert dialog.full() and dialog.statement_label.text().endswith("含完整身份证号和电话，请妥善保管，不要随意传送或留在公用电脑上。")
    dialog.show()
    dialog.grab().save("/tmp/shots/export_statement.png")
    masked_only = export_statement.ExportStatementDialog(
        "导出干部名册", lambda full: statement_of("名干部", 3, ["身份证号"], full=full), offer_full=False)
    qtbot.addWidget(masked_only)
    assert masked_only.full_box.isHidden() and not masked_only.full()
    assert masked_only.statement_label.text().endswith("已隐去中间位数。（完整号码只有审核员或管理员可以选择导出。）")
