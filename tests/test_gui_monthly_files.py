"""The files of 月度实绩 under pytest-qt on the county demo (today 2026-01-05): the fill-in template
exported, filled with openpyxl and imported through the preview (a bad row named, skipped, one undo
step), the 《实绩报告登记表》 PDF filled and blank read back with pdfplumber, and the due day set in
系统设置 moving the page's note."""

from datetime import datetime

import pdfplumber
import pytest
from conftest import TZ, StepClock, settle, shown_page
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from desktop_app.core.monthly_reports import get_report
from desktop_app.core.report_gaps import due_day_setting, month_statuses
from desktop_app.gui.dialogs import import_dialog
from desktop_app.gui.dialogs.print_forms_dialog import PrintFormsDialog
from desktop_app.gui.dialogs.report_dialog import ReportDialog
from desktop_app.gui.dialogs.report_items_import import ReportItemsImportDialog, ReportPreviewModel
from desktop_app.gui.pages import monthly_actions

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
TODAY, MONTH, UNIT = "2026-01-05", "2025-12", "丹江镇"
BAD_KIND = "类别“总结”应为“计划”或“完成”"


@pytest.fixture
def page(window):
    window.ctx.store.clock = StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=TZ))  # the demo's today
    page = shown_page(window, "monthly")
    page.month_chooser.set_month(MONTH)
    page.unit_filter.set_unit(unit_entries(window)[0].unit_id)
    return page


def unit_entries(window) -> list:
    return [e for e in month_statuses(window.ctx.reader, MONTH, TODAY) if e.unit_name == UNIT]


def alt(qtbot, widget, key) -> None:
    """Alt+letter: a button's mnemonic clicks it after 100 ms (animateClick)."""
    qtbot.keyClick(widget, key, ALT)
    qtbot.wait(150)


@pytest.fixture
def saving(monkeypatch, tmp_path):
    """QFileDialog.getSaveFileName answered with a file in tmp_path; the names offered recorded."""
    offered = []

    def choose(_parent, _caption, suggested, _filter):
        offered.append(suggested)
        return str(tmp_path / suggested.rsplit("/", 1)[-1]), ""

    monkeypatch.setattr(monthly_actions.QFileDialog, "getSaveFileName", choose)
    return offered


def pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def fill_template(path, entries) -> None:
    """何伟 (a draft) and 王桂露 (nothing yet) filled in, 周昌 (submitted) left blank, one bad row."""
    book = load_workbook(path)
    sheet = book.active
    filled = {"何伟": ("推进河道清淤", "完成河道清淤验收", "已清淤 2 公里", "好"),
              "王桂露": ("开展安全生产检查", "检查企业 12 家", "整改 3 处", "较好")}
    for row in sheet.iter_rows(min_row=2):
        if row[1].value in filled:
            plan, task, result, grade = filled[row[1].value]
            if row[4].value == "计划":
                row[5].value = plan
            else:
                row[5].value, row[6].value, row[8].value = task, result, grade
    sheet.append([UNIT, "王桂露", "", MONTH, "总结", "写了总结", "", "", ""])  # the bad row
    book.save(path)


def test_template_exported_filled_and_imported_with_the_bad_row_skipped(page, window, qtbot, tmp_path, saving,
                                                                        monkeypatch, message_boxes, qtmodeltester):
    entries = {e.name: e for e in unit_entries(window)}
    he, wang, zhou = entries["何伟"], entries["王桂露"], entries["周昌"]
    draft_before = get_report(window.ctx.reader, he.cadre_id, MONTH)
    assert (draft_before["state"], zhou.report_state) == ("草稿", "已提交")
    page.reports_view.setFocus()
    page.window().grab().save("/tmp/monthly_files_page.png")
    alt(qtbot, page, Qt.Key.Key_X)  # 导出填写模板(&X)…
    settle(window)
    assert saving[0].endswith(f"实绩事项模板-2025年12月-{UNIT}.xlsx")
    template = tmp_path / f"实绩事项模板-2025年12月-{UNIT}.xlsx"
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出模板") and str(template) in text
    names = {row[1] for row in load_workbook(template).active.iter_rows(min_row=2, values_only=True)}
    assert names == set(entries)
    fill_template(template, entries)

    monkeypatch.setattr(monthly_actions.QFileDialog, "getOpenFileName", lambda *_a: (str(template), ""))
    alt(qtbot, page, Qt.Key.Key_I)  # 导入实绩事项(&I)…
    settle(window)
    preview = page.files.dialog
    assert isinstance(preview, ReportItemsImportDialog) and preview.isVisible() and preview.plan is not None
    model = preview.model
    table = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "行号", "姓名", "月份", "计划项数", "完成事项数", "处理", "说明 / 问题"]
    reports = {row[1]: row for row in table if row[0].count("–")}
    assert reports["何伟"][2:6] == ["2025年12月", "1", "1", "替换草稿"]
    assert reports["王桂露"][2:6] == ["2025年12月", "1", "1", "新建"]
    bad_row = load_workbook(template).active.max_row
    assert [f"第{bad_row}行", "王桂露", "2025年12月", "", "", "有问题", BAD_KIND] in table
    assert "周昌" not in {row[1] for row in table}  # left blank: passed over, no problem
    assert preview.summary_label.text() == "将新建 1 份、替换草稿 1 份报告（均为草稿）；有问题 1 行"
    assert preview.problem_label.isVisibleTo(preview) and "有问题的 1 行" in preview.problem_label.text()
    assert preview.import_button.text() == import_dialog.SKIP_AND_IMPORT_TEXT
    check = ReportPreviewModel()  # the preview's own model goes with the dialog when it closes
    check.set_rows(preview.plan.rows)
    qtmodeltester.check(check, force_py=True)
    preview.problems_only.setChecked(True)
    assert preview.shown_label.text() == f"显示 1 / {len(table)} 行"
    preview.grab().save("/tmp/monthly_files_import_problems_only.png")
    preview.problems_only.setChecked(False)
    preview.grab().save("/tmp/monthly_files_import_preview.png")
    assert get_report(window.ctx.reader, wang.cadre_id, MONTH) is None  # the preview wrote nothing

    asked = []
    monkeypatch.setattr(import_dialog, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    steps = len(window.ctx.undo.done)
    preview.import_button.click()
    settle(window)
    assert "有 1 行有问题" in asked[0] and "新建 1 份、替换草稿 1 份报告" in asked[0]
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("information", "导入完成") and "已跳过 1 行" in text
    assert len(window.ctx.undo.done) == steps + 1
    report = get_report(window.ctx.reader, wang.cadre_id, MONTH)
    assert (report["state"], report["plans"], report["self_grade"]) == ("草稿", ["开展安全生产检查"], "较好")
    assert report["items"] == [{"task": "检查企业 12 家", "result": "整改 3 处", "evidence": ""}]
    assert get_report(window.ctx.reader, he.cadre_id, MONTH)["items"][0]["task"] == "完成河道清淤验收"
    assert get_report(window.ctx.reader, zhou.cadre_id, MONTH)["state"] == "已提交"
    assert page.entries[wang.cadre_id].report_state == "草稿"  # the page reloaded

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.reports_view.setFocus()
    qtbot.keyClick(page.reports_view, Qt.Key.Key_Z, CTRL)  # one undo step takes the whole import back
    settle(window)
    assert get_report(window.ctx.reader, wang.cadre_id, MONTH) is None
    restored = get_report(window.ctx.reader, he.cadre_id, MONTH)
    assert (restored["plans"], restored["items"]) == (draft_before["plans"], draft_before["items"])
    assert page.entries[wang.cadre_id].report_state == ""


def print_dialog(page, qtbot) -> PrintFormsDialog:
    page.window().activateWindow()  # the key goes to the active window (a progress dialog was the last)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())
    page.reports_view.setFocus()
    alt(qtbot, page, Qt.Key.Key_P)  # 打印登记表(&P)…
    dialog = page.files.dialog
    assert isinstance(dialog, PrintFormsDialog) and dialog.isVisible()
    return dialog


def test_filled_and_blank_forms_of_a_unit(page, window, qtbot, saving, tmp_path, message_boxes, monkeypatch):
    entries = unit_entries(window)
    heard = []
    write_forms = monthly_actions.write_forms
    monkeypatch.setattr(monthly_actions, "write_forms", lambda *args: write_forms(
        *args[:-1], lambda *told: heard.append(told[:2]) or args[-1](*told)))  # the runner's progress, spied on
    handed_in = next(e for e in entries if e.report_state == "已提交")
    item = get_report(window.ctx.reader, handed_in.cadre_id, MONTH)["items"][0]["task"]
    dialog = print_dialog(page, qtbot)
    assert dialog.scope.key == "unit" and not dialog.blank
    assert dialog.scope_buttons["unit"].text() == f"当前单位(&U)：{UNIT}（{len(entries)} 人）"
    selected = page.selected_entry()
    assert dialog.scope_buttons["cadre"].text() == f"所选干部(&S)：{selected.name}（{UNIT}）"
    dialog.grab().save("/tmp/monthly_files_print_choice.png")
    dialog.accept()
    settle(window)
    filled = tmp_path / f"实绩报告登记表-2025年12月-{UNIT}.pdf"
    assert saving[-1].endswith(filled.name)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出 PDF") and str(filled) in text
    text = pdf_text(filled)
    assert "实绩报告登记表" in text and handed_in.name in text and item in text
    assert heard == [(n, len(entries)) for n in range(1, len(entries) + 1)]  # the progress dialog's steps

    dialog = print_dialog(page, qtbot)
    dialog.choose(blank=True, scope="unit")
    dialog.accept()
    settle(window)
    blank = tmp_path / f"实绩报告登记表（空白）-2025年12月-{UNIT}.pdf"
    message_boxes.take()
    text = pdf_text(blank)
    assert "实绩报告登记表" in text and all(e.name in text for e in entries)
    assert item not in text


def test_one_cadres_form_from_the_list_and_from_the_report_form(page, window, qtbot, saving, tmp_path,
                                                                message_boxes):
    entries = {e.name: e for e in unit_entries(window)}
    chosen, other = entries["周昌"], entries["何伟"]  # handed in; a draft
    assert page.select(chosen.cadre_id)
    dialog = print_dialog(page, qtbot)
    assert dialog.scope_buttons["cadre"].isEnabled()
    dialog.choose(blank=False, scope="cadre")
    dialog.accept()
    settle(window)
    message_boxes.take()
    text = pdf_text(tmp_path / f"实绩报告登记表-2025年12月-{chosen.name}.pdf")
    assert chosen.name in text and other.name not in text

    assert page.select(other.cadre_id)
    page.open_report()
    form = page.dialog
    assert isinstance(form, ReportDialog) and form.print_button.isVisible()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    form.plans.setPlainText(form.plans.toPlainText() + "\n补充的计划")  # not saved yet
    qtbot.keyClick(form.plans, Qt.Key.Key_P, CTRL)  # 打印（Ctrl+P）: saves the draft, then prints it
    settle(window)
    [(kind, title, _text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出 PDF")
    assert get_report(window.ctx.reader, other.cadre_id, MONTH)["plans"][-1] == "补充的计划"
    text = pdf_text(tmp_path / f"实绩报告登记表-2025年12月-{other.name}.pdf")
    assert other.name in text and chosen.name not in text and "补充的计划" in text
    form.reject()


def test_the_due_day_set_in_settings_moves_the_pages_note(page, window, qtbot):
    assert "截止日期 2025年12月30日（已过截止日期）" in page.note.text()
    settings_page = shown_page(window, "settings")
    assert settings_page.due_day.value() == 30
    assert settings_page.due_day_text.text() == "每月30日，二月为月末"
    assert "不是一条可撤销的记录" in settings_page.due_day_save.toolTip()
    settings_page.due_day.setValue(25)
    assert settings_page.due_day_text.text() == "每月25日"
    qtbot.mouseClick(settings_page.due_day_save, Qt.MouseButton.LeftButton)
    settle(window)
    assert due_day_setting(window.ctx.reader) == 25
    assert settings_page.due_day_text.text().startswith("已保存：每月25日（")  # … 设置）: when, without accounts
    assert settings_page.due_day_text.text().endswith(" 设置）。")
    settings_page.grab().save("/tmp/monthly_files_settings_due_day.png")
    page = shown_page(window, "monthly")
    assert page.month == MONTH
    assert "截止日期 2025年12月25日（已过截止日期）" in page.note.text()


def test_the_pages_alt_keys_are_each_used_once(page, window):
    """The new buttons' mnemonics clash with nothing on the page or the menu bar."""
    texts = [w.text() for w in page.findChildren(QAbstractButton) + page.findChildren(QLabel) if w.isVisibleTo(page)]
    texts += [page.tabs.tabText(n) for n in range(page.tabs.count())]
    texts += [action.text() for action in window.menuBar().actions()]
    keys = [text[text.index("(&") + 2].upper() for text in texts if "(&" in text]
    assert {"I", "X", "P"} <= set(keys) and len(keys) == len(set(keys)), sorted(keys)


def test_a_report_already_handed_in_is_not_overwritten(page, window, tmp_path, monkeypatch, message_boxes):
    entries = {e.name: e for e in unit_entries(window)}
    path = tmp_path / "周昌.xlsx"
    page.files.ask_save = lambda *_a, **_k: path  # the file chosen
    page.export_template()
    settle(window)
    assert [box[:2] for box in message_boxes.take()] == [("question", "已导出模板")]
    book = load_workbook(path)
    rows = [row for row in book.active.iter_rows(min_row=2) if row[1].value == "周昌"]
    for row in rows:
        row[5].value = "补写的事项"
    book.save(path)
    monkeypatch.setattr(monthly_actions.QFileDialog, "getOpenFileName", lambda *_a: (str(path), ""))
    preview = page.files.import_items()
    settle(window)
    model = preview.model
    table = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    reason = "2025年12月的报告为「已提交」，不能用表格覆盖"
    first = rows[0][0].row
    assert table == [[f"第{first}–{first + 1}行", "周昌", "2025年12月", "1", "1", "有问题", reason],
                     [f"第{first}行", "周昌", "2025年12月", "", "", "有问题", reason],
                     [f"第{first + 1}行", "周昌", "2025年12月", "", "", "有问题", reason]]
    assert preview.summary_label.text() == ("将新建 0 份、替换草稿 0 份报告（均为草稿）；有问题 2 行"
                                            "（其中 1 份报告已提交或已审核，不能用表格覆盖）")
    assert not preview.import_button.isEnabled() and "没有可以导入的报告" in preview.status_label.text()
    preview.grab().save("/tmp/monthly_files_import_blocked.png")
    preview.reject()
    assert get_report(window.ctx.reader, entries["周昌"].cadre_id, MONTH)["state"] == "已提交"
