"""月度实绩 under pytest-qt on the county demo as of its today (2026-01-05): statuses as the core
says, filters, the report form filled by keyboard, save / submit / review / 退回, fast entry
(Ctrl+PgDown), undo from the main window, 未报说明, 缺报统计 and 连续缺报 (rule 8)."""

from datetime import datetime

import pytest
from conftest import TZ, StepClock, settle, shown_page
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.core.monthly_reports import get_excuse, get_report, last_month_plans
from desktop_app.core.report_gaps import gaps_by_unit, month_statuses, report_flags
from desktop_app.gui.dialogs.excuse_dialog import ExcuseDialog
from desktop_app.gui.dialogs.report_dialog import ReportDialog
from desktop_app.gui.models.monthly_models import RED, flag_months
from desktop_app.gui.pages.monthly_page import FLAGS_TAB, GAPS_TAB, REPORTS_TAB
from desktop_app.gui.pages.monthly_tabs import select_row

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
TODAY = "2026-01-05"


def type_text(widget, text: str) -> None:
    """Type (Chinese) text as a keyboard would; qtbot.keyClicks aborts on non-ASCII."""
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, char))


def type_here(text: str) -> None:
    """Type into whatever has the focus now (a cell's editor once typing opened it)."""
    for char in text:
        type_text(QApplication.focusWidget(), char)


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key (with Ctrl…) on the focused widget, through the shortcut map as a real key press."""
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


@pytest.fixture
def page(window):
    window.ctx.store.clock = StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=TZ))  # the demo's today
    return shown_page(window, "monthly")


@pytest.fixture
def december(page, qtbot):
    page.reports_view.setFocus()
    qtbot.keyClick(page.reports_view, Qt.Key.Key_Left, ALT)
    assert page.month == "2025-12"
    return page


def rows(page) -> list:
    return [page.reports_model.row_at(n).entry for n in range(page.reports_model.rowCount())]


def open_report(page, qtbot, cadre_id: str) -> ReportDialog:
    assert page.select(cadre_id)
    page.reports_view.setFocus()
    qtbot.keyClick(page.reports_view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ReportDialog) and dialog.isVisible() and dialog.cadre_id == cadre_id
    dialog.activateWindow()  # its shortcuts (Ctrl+S, Ctrl+PgDown…) work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def first(page, **wanted):
    return next(e for e in rows(page) if all(getattr(e, k) == v for k, v in wanted.items()))


def test_the_month_is_todays_and_alt_arrows_change_it(page, qtbot):
    assert page.month == "2026-01"
    assert "2026年1月报告截止日期 2026年1月30日（尚未到期）" in page.note.text()
    assert {e.status for e in rows(page)} == {"未到期"}
    page.reports_view.setFocus()
    qtbot.keyClick(page.reports_view, Qt.Key.Key_Left, ALT)
    assert page.month == "2025-12" and page.month_chooser.box.currentText() == "2025年12月"
    assert "截止日期 2025年12月30日（已过截止日期）" in page.note.text()
    qtbot.keyClick(page.reports_view, Qt.Key.Key_Right, ALT)
    assert page.month == "2026-01"
    qtbot.keyClick(page.month_chooser.box, Qt.Key.Key_PageUp)  # in the list of months: the one before
    assert page.month == "2025-12"


def test_december_shows_every_status_as_the_core_does(december, window, qtmodeltester):
    page = december
    expected = month_statuses(window.ctx.reader, "2025-12", TODAY)
    assert {e.cadre_id: (e.status, e.report_state, e.submitted_on, e.excuse) for e in rows(page)} == {
        e.cadre_id: (e.status, e.report_state, e.submitted_on, e.excuse) for e in expected}
    assert {"按时", "逾期", "未报", "空洞", "说明"} <= {e.status for e in expected}
    assert page.count_label.text() == f"显示 {len(expected)} / {len(expected)} 人"
    model = page.reports_model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == \
        ["单位", "姓名", "状态", "报告状态", "提交日期", "说明"]
    missing = model.row_of(first(page, status="未报").cadre_id)
    assert model.data(model.index(missing, 2)) == "未报"
    assert model.data(model.index(missing, 2), Qt.ItemDataRole.ForegroundRole).color().name() == RED
    late = model.row_of(first(page, status="逾期").cadre_id)
    assert model.data(model.index(late, 2), Qt.ItemDataRole.ForegroundRole).color().name() == "#b35c00"
    assert model.data(model.index(late, 0), Qt.ItemDataRole.ForegroundRole) is None
    qtmodeltester.check(model, force_py=True)


def test_status_unit_and_name_filters(december, window, qtbot):
    page = december
    page.status_filter.setCurrentIndex(page.status_filter.findData("未报"))
    missing = rows(page)
    assert missing and {e.status for e in missing} == {"未报"}
    assert page.count_label.text().startswith(f"显示 {len(missing)} / ")
    page.status_filter.setCurrentIndex(0)
    unit_box = page.unit_filter
    unit_box.setFocus()
    unit_box.lineEdit().selectAll()
    type_text(unit_box.lineEdit(), "丹江")  # the matching units pop up; ↓ and Enter choose one
    popup = unit_box.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert unit_box.currentText() == "丹江镇"
    shown = rows(page)
    assert shown and {e.unit_name for e in shown} == {"丹江镇"}
    assert len(shown) == sum(1 for e in month_statuses(window.ctx.reader, "2025-12", TODAY) if e.unit_name == "丹江镇")
    unit_box.set_unit(None)
    someone = shown[1]
    page.reports_view.setFocus()
    qtbot.keyClick(page.reports_view, Qt.Key.Key_F, CTRL)
    assert page.search.hasFocus()
    type_text(page.search, someone.name)
    assert someone.cadre_id in [e.cadre_id for e in rows(page)]
    assert all(someone.name in e.name for e in rows(page))
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.reports_model.rowCount() == page.reports_model.total


def test_a_report_typed_by_keyboard_saved_submitted_and_undone(page, window, qtbot):
    entry = first(page, status="未到期", unit_name="丹江镇")
    dialog = open_report(page, qtbot, entry.cadre_id)
    assert dialog.header["status"].text() == "未到期（未填写）" and dialog.plans.hasFocus()
    type_text(dialog.plans, "推进村道硬化")
    qtbot.keyClick(dialog.plans, Qt.Key.Key_Return)
    type_text(dialog.plans, "组织防火巡查")
    dialog.grid.setFocus()
    assert dialog.grid.currentIndex().row() == 0 and dialog.grid.currentIndex().column() == 0
    type_text(dialog.grid, "完")  # typing opens the cell's editor
    type_here("成村道验收")
    press(Qt.Key.Key_Return)  # on to 完成情况
    type_here("已验收3公里")
    press(Qt.Key.Key_Tab)  # on to 佐证材料
    type_here("验收单")
    press(Qt.Key.Key_Return)  # on to the next row, appended when the first was typed in
    type_here("开展巡查")
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_Return)  # the new empty row's first cell
    assert dialog.items.rowCount() == 3 and dialog.grid.currentIndex().row() == 2
    press(Qt.Key.Key_Return)  # Enter on the empty last row: done with the items, on to 自评等次
    assert QApplication.focusWidget() in dialog.self_grade.buttons
    press(Qt.Key.Key_2)
    assert dialog.self_grade.value() == "较好"
    press(Qt.Key.Key_S, CTRL)
    settle(window)
    report = get_report(window.ctx.reader, entry.cadre_id, "2026-01")
    assert report["state"] == "草稿" and report["plans"] == ["推进村道硬化", "组织防火巡查"]
    assert report["items"] == [{"task": "完成村道验收", "result": "已验收3公里", "evidence": "验收单"},
                               {"task": "开展巡查", "result": "", "evidence": ""}]
    assert report["self_grade"] == "较好"
    assert page.entries[entry.cadre_id].status == "草稿" and "已保存" in dialog.message.text()
    press(Qt.Key.Key_Return, CTRL)  # 提交
    settle(window)
    report = get_report(window.ctx.reader, entry.cadre_id, "2026-01")
    assert (report["state"], report["submitted_on"]) == ("已提交", TODAY)
    assert page.entries[entry.cadre_id].status == "按时"
    assert dialog.header["status"].text() == f"按时（已提交，{TODAY}）"
    assert dialog.plans.isReadOnly() and not dialog.save_button.isEnabled() and dialog.review.isVisible()
    dialog.reject()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.reports_view.setFocus()
    qtbot.keyClick(page.reports_view, Qt.Key.Key_Z, CTRL)  # undoes the submit (the last write)
    settle(window)
    assert get_report(window.ctx.reader, entry.cadre_id, "2026-01")["state"] == "草稿"
    assert page.entries[entry.cadre_id].status == "草稿"
    qtbot.keyClick(page.reports_view, Qt.Key.Key_Y, CTRL)  # redo: submitted again
    settle(window)
    assert get_report(window.ctx.reader, entry.cadre_id, "2026-01")["state"] == "已提交"
    assert page.entries[entry.cadre_id].status == "按时"


def test_copying_last_months_plans(page, window, qtbot):
    entry = next(e for e in rows(page) if last_month_plans(window.ctx.reader, e.cadre_id, "2026-01"))
    dialog = open_report(page, qtbot, entry.cadre_id)
    type_text(dialog.plans, "新的计划")
    qtbot.keyClick(dialog.plans, Qt.Key.Key_L, CTRL)
    plans = last_month_plans(window.ctx.reader, entry.cadre_id, "2026-01")
    assert dialog.plans.toPlainText().splitlines() == ["新的计划", *plans]
    assert f"已复制上月计划 {len(plans)} 项" in dialog.message.text()
    qtbot.keyClick(dialog.plans, Qt.Key.Key_L, CTRL)  # again: nothing twice
    assert dialog.plans.toPlainText().splitlines() == ["新的计划", *plans]


def test_problems_show_inline_and_nothing_is_written(page, window, qtbot):
    entry = first(page, status="未到期")
    dialog = open_report(page, qtbot, entry.cadre_id)
    press(Qt.Key.Key_Return, CTRL)  # 提交 an empty form
    assert window.ctx.runner.pending == 0
    assert dialog.findChild(QLabel, "error_items").text() == "请至少填写一项完成事项再提交"
    assert dialog.findChild(QLabel, "error_self_grade").text() == "请选择自评等次再提交"
    dialog.items.setData(dialog.items.index(0, 1), "只写了完成情况")
    press(Qt.Key.Key_S, CTRL)
    settle(window)
    assert dialog.findChild(QLabel, "error_items").text() == "第 1 项没有填写工作事项"
    assert dialog.items.data(dialog.items.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert get_report(window.ctx.reader, entry.cadre_id, "2026-01") is None
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Delete, CTRL)  # the row goes; the empty last one stays
    assert dialog.items.rowCount() == 1 and dialog.items.items()[0]["result"] == ""


def test_review_then_send_back_with_a_reason(december, window, qtbot):
    page = december
    entry = first(page, report_state="已提交")
    dialog = open_report(page, qtbot, entry.cadre_id)
    assert dialog.review.isVisible() and dialog.review.approve_button.isVisible()
    assert dialog.review.truthful.value() == "属实"
    qtbot.keyClick(dialog.review.completion_grade.buttons[0], Qt.Key.Key_3)
    assert dialog.review.completion_grade.value() == "一般"
    dialog.review.signed_by.setText("杨书记")
    qtbot.mouseClick(dialog.review.approve_button, Qt.MouseButton.LeftButton)
    settle(window)
    report = get_report(window.ctx.reader, entry.cadre_id, "2025-12")
    assert (report["state"], report["completion_grade"], report["signed_by"], report["reviewed_on"]) == (
        "已审核", "一般", "杨书记", TODAY)
    assert not dialog.review.approve_button.isVisible() and dialog.review.return_button.isVisible()
    qtbot.mouseClick(dialog.review.return_button, Qt.MouseButton.LeftButton)
    back = dialog.return_dialog
    assert back.isVisible()
    back.accept()  # no reason yet: the core refuses, the reason shows under the field
    settle(window)
    assert back.isVisible() and back.findChild(QLabel, "error_reason").text() == "请填写退回的原因"
    type_text(back.reason, "佐证材料不全")
    back.accept()
    settle(window)
    assert not back.isVisible()
    report = get_report(window.ctx.reader, entry.cadre_id, "2025-12")
    assert (report["state"], report["review_remarks"], report["signed_by"]) == ("草稿", "退回：佐证材料不全", "")
    assert "已退回修改 —— 佐证材料不全" in dialog.notice.text()
    assert not dialog.plans.isReadOnly() and not dialog.review.isVisible()
    assert page.entries[entry.cadre_id].status == "未报"  # a draft after the due day


def test_ctrl_pgdown_saves_and_opens_the_next_cadre(page, window, qtbot):
    page.unit_filter.set_unit(first(page, unit_name="西江镇").unit_id)
    shown = rows(page)
    dialog = open_report(page, qtbot, shown[0].cadre_id)
    assert dialog.position_label.text() == f"第 1 / {len(shown)} 人"
    type_text(dialog.plans, "第一位的计划")
    press(Qt.Key.Key_PageDown, CTRL)
    settle(window)
    assert get_report(window.ctx.reader, shown[0].cadre_id, "2026-01")["plans"] == ["第一位的计划"]
    assert dialog.cadre_id == shown[1].cadre_id and dialog.header["name"].text() == shown[1].name
    assert page.selected_entry().cadre_id == shown[1].cadre_id
    assert dialog.plans.toPlainText() == "" and dialog.plans.hasFocus()
    dialog.grid.setFocus()
    type_text(dialog.grid, "巡")
    type_here("查")  # the cell is still being edited when the key comes
    press(Qt.Key.Key_PageDown, CTRL)
    settle(window)
    assert get_report(window.ctx.reader, shown[1].cadre_id, "2026-01")["items"] == [
        {"task": "巡查", "result": "", "evidence": ""}]
    assert dialog.cadre_id == shown[2].cadre_id
    press(Qt.Key.Key_PageDown, CTRL)  # nothing typed: nothing saved
    settle(window)
    assert dialog.cadre_id == shown[3].cadre_id
    assert get_report(window.ctx.reader, shown[2].cadre_id, "2026-01") is None
    for _ in range(3):
        press(Qt.Key.Key_PageUp, CTRL)
    assert dialog.cadre_id == shown[0].cadre_id and dialog.plans.toPlainText() == "第一位的计划"
    press(Qt.Key.Key_PageUp, CTRL)
    assert dialog.cadre_id == shown[0].cadre_id and "第一位" in dialog.message.text()


def test_closing_with_changes_asks_first(page, monkeypatch, qtbot):
    answers = []
    monkeypatch.setattr("desktop_app.gui.dialogs.report_dialog.confirm",
                        lambda *a, **k: answers.append(a[2]) or False)
    dialog = open_report(page, qtbot, rows(page)[0].cadre_id)
    type_text(dialog.plans, "未保存")
    qtbot.keyClick(dialog.plans, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "尚未保存" in answers[0]


def test_an_accepted_reason_turns_missing_into_excused(december, window, qtbot, monkeypatch):
    page = december
    entry = first(page, status="未报", report_state="")
    assert page.select(entry.cadre_id)
    assert page.buttons.made[1].isEnabled() and not page.buttons.made[2].isEnabled()
    qtbot.mouseClick(page.buttons.made[1], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ExcuseDialog) and dialog.isVisible()
    dialog.accept()
    settle(window)
    assert dialog.findChild(QLabel, "error_reason").text().startswith("理由须为")
    dialog.reason.setCurrentIndex(dialog.reason.findData("病假"))
    dialog.accepted_by.setText("杨书记")
    dialog.accept()
    settle(window)
    assert not dialog.isVisible()
    assert page.entries[entry.cadre_id].status == "说明" and page.selected_entry().excuse == "病假"
    assert get_excuse(window.ctx.reader, entry.cadre_id, "2025-12")["accepted_by"] == "杨书记"
    monkeypatch.setattr("desktop_app.gui.pages.monthly_page.confirm", lambda *a, **k: True)
    qtbot.mouseClick(page.buttons.made[2], Qt.MouseButton.LeftButton)
    settle(window)
    assert page.entries[entry.cadre_id].status == "未报"


def test_gaps_tab_counts_what_the_core_counts(december, window, qtbot, qtmodeltester):
    page = december
    qtbot.keyClick(page, Qt.Key.Key_Q, ALT)
    assert page.tabs.currentIndex() == GAPS_TAB and not page.status_filter.isEnabled()
    model = page.gaps_model
    expected = {g.unit_id: g for g in gaps_by_unit(window.ctx.reader, "2025-12", TODAY)}
    assert model.rowCount() == len(expected)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["单位", "应报", "按时", "逾期", "未报", "空洞", "说明", "草稿", "未到期"]
    for n in range(model.rowCount()):
        gaps = expected[model.row_at(n).gaps.unit_id]
        texts = [model.data(model.index(n, c)) for c in range(model.columnCount())]
        assert texts == [gaps.unit_name, str(gaps.expected), *(str(gaps.counts[h]) for h in headers[2:])]
    page.gaps_view.sortByColumn(headers.index("未报"), Qt.SortOrder.DescendingOrder)
    top = model.row_at(0).gaps
    assert top.counts["未报"] == max(g.counts["未报"] for g in expected.values())
    qtmodeltester.check(model, force_py=True)
    select_row(page.gaps_view, 0)
    page.gaps_view.setFocus()
    qtbot.keyClick(page.gaps_view, Qt.Key.Key_Return)  # → 报告 of that unit
    assert page.tabs.currentIndex() == REPORTS_TAB and page.unit_filter.unit_id() == top.unit_id
    assert len(rows(page)) == top.expected


def test_flags_tab_lists_rule_8(december, window, qtbot, qtmodeltester):
    page = december
    page.tabs.setCurrentIndex(FLAGS_TAB)
    flags = report_flags(window.ctx.reader, 2025, TODAY)
    model = page.flags_model
    assert flags and model.rowCount() == len(flags)
    shown = {model.row_at(n).flag.cadre_id: [model.data(model.index(n, c)) for c in range(4)]
             for n in range(model.rowCount())}
    assert shown == {f.cadre_id: [f.name, f.unit_name, flag_months(f), f.reason] for f in flags}
    assert f"共 {len(flags)} 人" in page.flags_note.text()
    qtmodeltester.check(model, force_py=True)
    flag = model.row_at(0).flag
    select_row(page.flags_view, 0)
    page.flags_view.setFocus()
    qtbot.keyClick(page.flags_view, Qt.Key.Key_Return)  # → the second month of the pair
    assert page.tabs.currentIndex() == REPORTS_TAB and page.month == flag.months[1]
    assert page.selected_entry().cadre_id == flag.cadre_id
    assert page.selected_entry().status == flag.statuses[1]


def test_items_grid_model_passes_the_model_tester(page, qtbot, qtmodeltester):
    dialog = open_report(page, qtbot, rows(page)[0].cadre_id)
    dialog.items.set_items([{"task": "甲", "result": "乙", "evidence": ""}])
    qtmodeltester.check(dialog.items, force_py=True)
    dialog.items.setData(dialog.items.index(1, 0), "丙")
    assert dialog.items.rowCount() == 3  # typing in the last row appended an empty one
    qtmodeltester.check(dialog.items, force_py=True)


def test_enter_in_the_search_box_goes_to_the_list_and_enter_there_opens_the_form(december, window, qtbot):
    page = december
    someone = first(page, status="按时")
    page.reports_view.setFocus()
    qtbot.keyClick(page.reports_view, Qt.Key.Key_F, CTRL)
    type_text(page.search, someone.name)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.reports_view.hasFocus() and page.dialog is None
    assert page.selected_entry().name == someone.name
    qtbot.keyClick(page.reports_view, Qt.Key.Key_Return)
    assert isinstance(page.dialog, ReportDialog) and page.dialog.header["name"].text() == someone.name
    assert page.dialog.plans.isReadOnly()  # handed in: read-only
