"""公示栏: drafting a monthly notice by keyboard, publishing, objections, closing, undo, filters."""

import sys
import types
from datetime import date, datetime

import pytest
from conftest import TZ, main_window, settle, shown_page
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel
from test_notices import reviewed_month

from db import open_database
from desktop_app.core.monthly_reports import get_report
from desktop_app.core.notices import get_notice, monthly_entries, publish_notice, write_notice_draft
from desktop_app.core.objections import log_objection, objections_list
from desktop_app.core.workdays import load_calendar
from desktop_app.gui import settings
from desktop_app.gui.pages import notice_printing

BOARD = "desktop_app.gui.pages.notice_board"
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def type_text(widget, text: str) -> None:
    """Type (Chinese) text as a keyboard would; qtbot.keyClicks aborts on non-ASCII."""
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, char))


def retype(qtbot, widget, text: str) -> None:
    """Select what the field holds and type `text` over it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        type_text(widget, text)


@pytest.fixture
def win(qtbot, tmp_path):
    """The main window on a new, small database; today is 2026-04-01 (a Wednesday)."""
    db = open_database(tmp_path / "notices.kpdb", create=True, office_name="雷山县委组织部")
    yield from main_window(qtbot, db, datetime(2026, 4, 1, 9, 0, tzinfo=TZ))


@pytest.fixture
def month(win):
    """丹江镇 (丹甲, 丹乙) and 西江镇 (西甲; 西乙 still a draft): March 2026 reports reviewed."""
    return reviewed_month(win.ctx.store)


@pytest.fixture
def page(win, month):
    return shown_page(win, "notices")


def draft(win, unit_ids, *, title=None, start="2026-04-01", workdays=7, kind="月度实绩") -> str:
    """A notice drafted through the core (as the dialog would), shown on the page."""
    db, store = win.ctx.store.db, win.ctx.store
    columns, entries = monthly_entries(db, unit_ids, "2026-03")
    if kind != "月度实绩":
        columns, entries = ["序号", "姓名"], [{"cells": ["1", "某某"]}]
    values = {"kind": kind, "title": title or f"测试公示{start}", "unit_ids": unit_ids, "columns": columns,
              "entries": entries, "start_date": start, "workdays": workdays, "issuer": "中共雷山县委组织部"}
    notice_id = write_notice_draft(store, load_calendar(db), values).record_id
    win.pages["notices"].refresh()
    return notice_id


def section_of(page, notice_id: str) -> str:
    return next(entry.section for entry in page.board.entries if entry.notice["id"] == notice_id)


def shown_titles(page) -> list[str]:
    return [page.board.model.row_at(n).notice["title"] for n in range(page.board.model.rowCount())]


def activated(dialog, qtbot):
    """The dialog as the active window, so its Alt+letter mnemonics work (offscreen Qt does not do it)."""
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def open_notice_dialog(page, qtbot):
    activated(page.window(), qtbot)
    page.board.view.setFocus()
    qtbot.keyClick(page.board.view, Qt.Key.Key_N, CTRL)
    return activated(page.board.dialog, qtbot)


# -- drafting ---------------------------------------------------------------------------------
def test_the_page_replaces_the_placeholder(page, qtmodeltester):
    assert type(page).__name__ == "NoticesPage" and page.findChild(QLabel, "placeholder_text") is None
    assert [page.tabs.tabText(n) for n in range(2)] == ["公示(&G)", "异议(&Y)"]
    assert [page.board.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == \
        ["标题", "类别", "开始", "结束", "剩余工作日", "状态", "异议"]
    assert [page.objections.model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)] == \
        ["收到日期", "方式", "针对干部", "公示", "内容", "期内/逾期", "状态", "经办人", "办结日期"]
    assert page.board.count_label.text() == "共 0 条公示，显示 0 条；公示中 0 条"
    qtmodeltester.check(page.board.model, force_py=True)
    qtmodeltester.check(page.objections.model, force_py=True)


def test_a_monthly_notice_drafted_with_the_keyboard(page, win, month, qtbot, qtmodeltester):
    dialog = open_notice_dialog(page, qtbot)
    assert dialog.windowTitle() == "新建月度公示" and dialog.month() == "2026-03"  # the month before today
    assert dialog.start_edit.text() == "2026-04-01" and dialog.workdays_spin.value() == 7
    # 4 月 4–6 日清明节: 1, 2, 3, 7, 8, 9, 10 are the seven working days
    assert dialog.period.end == date(2026, 4, 10)
    assert dialog.end_label.text().startswith("2026年4月10日（星期五）")
    assert not dialog.warning_label.isVisibleTo(dialog)
    assert [item.text() for item in dialog.checklist.items()] == ["丹江镇（2 人）", "西江镇（1 人）"]
    qtbot.keyClick(dialog, Qt.Key.Key_U, ALT)  # 公示单位: the filter box, then Space ticks
    assert dialog.checklist.search.hasFocus()
    type_text(dialog.checklist.search, "丹江")
    assert [item.isHidden() for item in dialog.checklist.items()] == [False, True]
    qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # 全选 (the units shown; a mnemonic clicks after a moment)
    qtbot.waitUntil(lambda: dialog.checklist.checked_ids() == [month[0]["丹江镇"]], timeout=2000)
    assert dialog.entries_model.rowCount() == 2 and dialog.entries_label.text() == "公示名单(&N)：2 人"
    qtmodeltester.check(dialog.entries_model, force_py=True)
    assert dialog.title_edit.text() == "丹江镇2026年3月干部工作实绩公示"
    assert "2026年3月干部工作实绩" in dialog.basis_edit.toPlainText()
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)
    assert dialog.form.fields["phone"].hasFocus()
    qtbot.keyClicks(dialog.form.fields["phone"], "0855-3331234")
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)
    retype(qtbot, dialog.issuer_edit, "中共雷山县委组织部")
    qtbot.keyClick(dialog.issuer_edit, Qt.Key.Key_Return)  # Enter: 保存草稿
    settle(win)
    assert not dialog.isVisible()
    entry = page.board.selected_entry()
    notice = get_notice(win.ctx.reader, entry.notice["id"])
    assert (entry.section, notice["title"], notice["end_date"], len(notice["entries"])) == \
        ("草稿", "丹江镇2026年3月干部工作实绩公示", "2026-04-10", 2)
    assert notice["channels"]["phone"] == "0855-3331234" and notice["issuer"] == "中共雷山县委组织部"
    qtmodeltester.check(page.board.model, force_py=True)
    again = open_notice_dialog(page, qtbot)  # the channels and the issuer are remembered
    assert again.form.fields["phone"].text() == "0855-3331234" and again.issuer_edit.text() == "中共雷山县委组织部"
    again.reject()
    assert settings.get(settings.NOTICE_ISSUER) == "中共雷山县委组织部"


def populated(win, month) -> dict[str, str]:
    """A notice in each section of the board, and objections (one in time, one late, one concluded)."""
    unit_ids, people = month
    store, both = win.ctx.store, list(unit_ids.values())
    ids = {"公示中": draft(win, [unit_ids["丹江镇"]], title="丹江镇2026年3月干部工作实绩公示"),
           "即将期满": draft(win, both, title="2026年第一季度干部评议结果公示", start="2026-03-30", workdays=3,
                         kind="季度评议结果"),
           "期满待结束": draft(win, both, title="县直单位拟提拔干部任前公示", start="2026-03-20", workdays=3,
                          kind="其他"),
           "未开始": draft(win, both, title="2025年度考核优秀等次人选公示", start="2026-04-08", kind="年度考核结果"),
           "草稿": draft(win, [unit_ids["西江镇"]], title="西江镇2026年3月干部工作实绩公示")}
    for section in ("公示中", "即将期满", "期满待结束", "未开始"):
        publish_notice(store, ids[section])
    log_objection(store, {"notice_id": ids["公示中"], "cadre_id": people["丹甲"], "received_on": "2026-04-01",
                          "channel": "电话", "content": "所报道路验收里程与实际不符", "complainant": "匿名"})
    log_objection(store, {"notice_id": ids["期满待结束"], "cadre_id": people["西甲"], "received_on": "2026-03-27",
                          "channel": "来信", "content": "反映出勤情况"})
    win.pages["notices"].refresh()
    return ids


def test_screenshots_of_both_tabs_and_the_dialogs(page, win, month, qtbot):
    ids = populated(win, month)
    win.resize(1280, 800)
    page.board.select_notice(ids["公示中"])
    QApplication.processEvents()
    assert not page.grab().isNull() and page.grab().save("/tmp/notices_board.png")
    dialog = open_notice_dialog(page, qtbot)
    dialog.checklist.set_checked([month[0]["丹江镇"]])
    assert dialog.grab().save("/tmp/notices_dialog.png")
    dialog.reject()
    page.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    assert page.grab().save("/tmp/notices_objections.png")
    page.objections.log_objection()
    assert page.objections.dialog.grab().save("/tmp/notices_objection_dialog.png")
    page.objections.dialog.reject()
    page.objections.view.setCurrentIndex(page.objections.model.index(0, 0))
    page.objections.conclude_selected()
    assert page.objections.dialog.grab().save("/tmp/notices_conclude_dialog.png")
    page.objections.dialog.reject()


def test_the_end_date_follows_the_start_and_a_guessed_year_is_warned(page, win, qtbot):
    dialog = open_notice_dialog(page, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_D, ALT)  # 开始日期
    assert dialog.start_edit.hasFocus()
    retype(qtbot, dialog.start_edit, "2027-04-01")  # chinesecalendar knows 2004–2026 only
    warning = dialog.findChild(QLabel, "notice_calendar_warning")
    assert warning.isVisibleTo(dialog) and "2027年" in warning.text() and "只按周六、周日休息推算" in warning.text()
    assert dialog.period.guessed_years == (2027,) and dialog.period.end == date(2027, 4, 9)
    dialog.grab().save("/tmp/notices_dialog_2027.png")
    retype(qtbot, dialog.start_edit, "2026-04-01")
    assert not warning.isVisibleTo(dialog) and dialog.period.end == date(2026, 4, 10)
    qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)  # 工作日数: one more working day → Monday 13 April
    qtbot.keyClick(dialog.workdays_spin, Qt.Key.Key_Up)
    assert dialog.workdays_spin.value() == 8 and dialog.period.end == date(2026, 4, 13)
    assert "2026年4月13日（星期一）" in dialog.end_label.text()
    retype(qtbot, dialog.start_edit, "下周")
    assert dialog.period is None and "请先填写开始日期" in dialog.end_label.text()
    dialog.reject()


def test_problems_show_inline_and_nothing_is_written(page, win, qtbot):
    dialog = open_notice_dialog(page, qtbot)
    retype(qtbot, dialog.title_edit, "")
    retype(qtbot, dialog.start_edit, "下周")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert win.ctx.runner.pending == 0
    for name, text in (("error_title", "请填写公示标题"), ("error_start_date", "请填写公示开始日期（例：2026-03-31）"),
                       ("error_unit_ids", "请选择公示的单位")):
        label = dialog.findChild(QLabel, name)
        assert label.isVisibleTo(dialog) and label.text() == text
    assert dialog.title_edit.hasFocus() and dialog.isVisible()
    dialog.reject()
    assert page.board.entries == []


# -- publishing, objections, closing ---------------------------------------------------------
def log_through_dialog(page, win, qtbot, content: str, *, received: str | None = None, cadre: str = "") -> None:
    """登记异议 by keyboard: Ctrl+N on the 异议 tab, then the fields by their Alt+letters."""
    activated(win, qtbot)
    qtbot.keyClick(win, Qt.Key.Key_N, CTRL)
    dialog = activated(page.objections.dialog, qtbot)
    if received:
        retype(qtbot, dialog.received_edit, received)
    if cadre:
        qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # 在全部干部中查找
        qtbot.waitUntil(dialog.cadre_box.isEditable, timeout=2000)
        dialog.cadre_box.setFocus()
        type_text(dialog.cadre_box.lineEdit(), cadre)
    else:
        qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)
        qtbot.keyClick(dialog.cadre_box, Qt.Key.Key_Down)  # the first cadre the notice lists
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    type_text(dialog.content_edit, content)
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)  # 登记
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    settle(win)


def test_publish_object_close_refused_then_conclude_close_and_undo(page, win, month, qtbot, monkeypatch,
                                                                     message_boxes):
    unit_ids, people = month
    asked = []
    monkeypatch.setattr(f"{BOARD}.confirm", lambda _parent, title, text, **_k: asked.append((title, text)) or True)
    notice_id = draft(win, [unit_ids["丹江镇"]], title="丹江镇2026年3月干部工作实绩公示")
    assert page.board.select_notice(notice_id)
    qtbot.mouseClick(page.board.publish_button, Qt.MouseButton.LeftButton)
    settle(win)
    assert asked[-1][0] == "发布公示" and "公示期：2026年4月1日至2026年4月10日（7个工作日）" in asked[-1][1]
    assert section_of(page, notice_id) == "公示中"
    assert get_report(win.ctx.reader, people["丹甲"], "2026-03")["state"] == "已公示"

    activated(win, qtbot)
    qtbot.keyClick(win, Qt.Key.Key_Y, ALT)  # the 异议 tab
    assert page.tabs.currentWidget() is page.objections
    activated(win, qtbot)
    qtbot.keyClick(win, Qt.Key.Key_N, CTRL)
    dialog = activated(page.objections.dialog, qtbot)
    assert dialog.windowTitle() == "登记异议" and dialog.notice_box.currentData() == notice_id  # the one selected
    assert [dialog.cadre_box.itemText(n) for n in range(dialog.cadre_box.count())] == \
        ["（不针对某一干部）", "丹甲（丹江镇，副镇长）", "丹乙（丹江镇，副镇长）"]
    dialog.reject()
    log_through_dialog(page, win, qtbot, "所报道路验收里程与实际不符")
    in_time = page.objections.selected_row()
    assert (in_time.cadre_name, in_time.state, in_time.within_period) == ("丹甲", "受理", True)
    log_through_dialog(page, win, qtbot, "反映出勤情况", received="2026-04-15", cadre="西甲")
    late = page.objections.selected_row()
    assert (late.cadre_name, late.notice_title, late.within_period) == ("西甲", "丹江镇2026年3月干部工作实绩公示", False)
    model, row = page.objections.model, page.objections.model.row_of(late.id)
    assert model.data(model.index(row, 5)) == "逾期收到"
    assert isinstance(model.data(model.index(row, 5), Qt.ItemDataRole.ForegroundRole), QBrush)
    assert page.tabs.tabText(1) == "异议（2 件未办结）(&Y)"

    page.tabs.setCurrentIndex(0)
    page.board.select_notice(notice_id)
    qtbot.mouseClick(page.board.close_button, Qt.MouseButton.LeftButton)
    settle(win)
    assert asked[-1][0] == "结束公示" and "提前结束" in asked[-1][1]
    assert message_boxes.take() == [("warning", "无法完成",
                                     "公示「丹江镇2026年3月干部工作实绩公示」还有 2 件异议未办结，办结后才能结束公示。")]
    assert section_of(page, notice_id) == "公示中" and page.board.selected_entry().open_objections == 2

    page.tabs.setCurrentIndex(1)
    page.objections.select_objection(in_time.id)
    qtbot.mouseClick(page.objections.check_button, Qt.MouseButton.LeftButton)
    check = activated(page.objections.dialog, qtbot)
    assert check.handler_edit.text() == win.ctx.store.operator
    check.accept()
    settle(win)
    assert page.objections.selected_row().state == "核查中"
    activated(win, qtbot)
    page.objections.view.setFocus()
    qtbot.keyClick(page.objections.view, Qt.Key.Key_Return)  # 办结
    conclude = activated(page.objections.dialog, qtbot)
    assert conclude.windowTitle() == "异议办结"
    conclude.accept()  # nothing chosen or written: the core's refusal shows under the fields
    settle(win)
    assert conclude.isVisible()
    assert conclude.findChild(QLabel, "error_finding").text() == "核查结论须为：属实、部分属实、不属实"
    assert conclude.findChild(QLabel, "error_findings").text() == "请填写核查情况"
    conclude.finding_box.setCurrentIndex(conclude.finding_box.findData("部分属实"))
    type_text(conclude.findings_edit, "实际验收 2.8 公里，已责令更正")
    conclude.accept()
    settle(win)
    assert not conclude.isVisible() and page.objections.selected_row().state == "部分属实"
    page.objections.select_objection(late.id)
    page.objections.conclude_selected()
    conclude = page.objections.dialog
    conclude.finding_box.setCurrentIndex(conclude.finding_box.findData("不属实"))
    type_text(conclude.findings_edit, "考勤记录完整")
    conclude.accept()
    settle(win)
    assert objections_list(win.ctx.reader, open_only=True) == [] and page.tabs.tabText(1) == "异议(&Y)"

    page.tabs.setCurrentIndex(0)
    page.board.select_notice(notice_id)
    qtbot.mouseClick(page.board.close_button, Qt.MouseButton.LeftButton)
    settle(win)
    assert section_of(page, notice_id) == "已结束"
    assert get_report(win.ctx.reader, people["丹甲"], "2026-03")["state"] == "归档"
    assert "已结束公示" in win.statusBar().currentMessage()
    activated(win, qtbot)
    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL)  # 撤销: the notice runs again, its reports are 已公示 again
    settle(win)
    assert section_of(page, notice_id) == "公示中"
    assert get_report(win.ctx.reader, people["丹甲"], "2026-03")["state"] == "已公示"
    assert page.board.close_button.isEnabled()


# -- the lists -------------------------------------------------------------------------------
def test_sections_are_coloured_and_filtered_and_search_takes_chinese(page, win, month, qtbot, qtmodeltester):
    ids = populated(win, month)
    assert {section: section_of(page, notice_id) for section, notice_id in ids.items()} == \
        {section: section for section in ids}
    model = page.board.model
    for section, coloured in (("即将期满", True), ("期满待结束", True), ("公示中", False), ("草稿", False)):
        row = model.row_of(ids[section])
        assert isinstance(model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole), QBrush) is coloured
    running = page.board.entries[[e.notice["id"] for e in page.board.entries].index(ids["未开始"])]
    assert running.workdays_left == 7  # the whole period is still ahead of a notice not yet started
    assert page.board.count_label.text() == "共 5 条公示，显示 5 条；公示中 4 条，1 条已期满待结束"
    for section in ("公示中", "即将期满", "期满待结束", "草稿"):
        page.board.section_filter.setCurrentIndex(page.board.section_filter.findData(section))
        assert [model.row_at(n).notice["id"] for n in range(model.rowCount())] == [ids[section]]
    page.board.select_notice(ids["草稿"])
    page.board.section_filter.setCurrentIndex(page.board.section_filter.findData("已结束"))
    assert model.rowCount() == 0 and page.board.section_filter.currentData() == "已结束"  # not undone to show the draft
    page.board.section_filter.setCurrentIndex(0)
    activated(win, qtbot)
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)
    assert page.board.search.hasFocus()
    type_text(page.board.search, "西江")  # 西江镇's draft, and notices covering both towns
    assert sorted(shown_titles(page)) == sorted(["西江镇2026年3月干部工作实绩公示", "2026年第一季度干部评议结果公示",
                                                 "县直单位拟提拔干部任前公示", "2025年度考核优秀等次人选公示"])
    page.board.search.clear()
    type_text(page.board.search, "季度评议")  # the kind
    assert shown_titles(page) == ["2026年第一季度干部评议结果公示"]
    qtbot.keyClick(page.board.search, Qt.Key.Key_Escape)
    assert model.rowCount() == 5
    qtmodeltester.check(model, force_py=True)

    objections = page.objections
    page.tabs.setCurrentIndex(1)
    assert objections.model.rowCount() == 2
    objections.state_filter.setCurrentIndex(objections.state_filter.findData("closed"))
    assert objections.model.rowCount() == 0
    objections.state_filter.setCurrentIndex(objections.state_filter.findData("open"))
    assert objections.model.rowCount() == 2
    type_text(objections.search, "出勤")
    assert [objections.model.row_at(n).cadre_name for n in range(objections.model.rowCount())] == ["西甲"]
    objections.search.clear()
    page.board.select_notice(ids["公示中"])
    objections.only_selected.setChecked(True)
    assert [objections.model.row_at(n).cadre_name for n in range(objections.model.rowCount())] == ["丹甲"]
    assert objections.scope_label.text() == "（丹江镇2026年3月干部工作实绩公示）"
    page.board.select_notice(ids["期满待结束"])  # follows the board's selection
    assert [objections.model.row_at(n).cadre_name for n in range(objections.model.rowCount())] == ["西甲"]
    qtmodeltester.check(objections.model, force_py=True)


def test_tab_order_and_shortcuts_belong_to_the_tab_shown(page, win, month, qtbot):
    populated(win, month)
    activated(win, qtbot)
    page.board.search.setFocus()
    for widget in (page.board.section_filter, page.board.view, page.board.new_button):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert widget.hasFocus()
    qtbot.keyClick(win, Qt.Key.Key_S, ALT)  # 状态
    assert page.board.section_filter.hasFocus()
    page.tabs.setCurrentIndex(1)
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)
    assert page.objections.search.hasFocus()
    qtbot.keyClick(win, Qt.Key.Key_N, CTRL)
    assert type(page.objections.dialog).__name__ == "ObjectionDialog" and page.board.dialog is None
    page.objections.dialog.reject()
    win.show_page("units")
    activated(win, qtbot)
    qtbot.keyClick(win, Qt.Key.Key_N, CTRL)  # the units page's Ctrl+N, not ours
    assert not page.objections.dialog.isVisible()
    win.pages["units"].dialog.reject()


def test_editing_then_deleting_a_draft_and_undoing_the_delete(page, win, month, qtbot, monkeypatch):
    unit_ids, _people = month
    notice_id = draft(win, [unit_ids["西江镇"]], title="西江镇三月实绩公示")
    asked = []
    monkeypatch.setattr(f"{BOARD}.confirm", lambda _parent, title, text, **_k: asked.append(text) or True)
    page.board.select_notice(notice_id)
    activated(win, qtbot)
    page.board.view.setFocus()
    qtbot.keyClick(page.board.view, Qt.Key.Key_F2)
    dialog = activated(page.board.dialog, qtbot)
    assert dialog.windowTitle() == "修改公示草稿" and dialog.month() == "2026-03"
    assert dialog.title_edit.text() == "西江镇三月实绩公示" and not dialog.title_auto  # typed titles stay
    assert dialog.checklist.checked_ids() == [unit_ids["西江镇"]] and dialog.entries_model.rowCount() == 1
    dialog.checklist.set_checked(list(unit_ids.values()))
    assert dialog.entries_model.rowCount() == 3 and dialog.title_edit.text() == "西江镇三月实绩公示"
    retype(qtbot, dialog.start_edit, "2026-04-02")
    dialog.accept()
    settle(win)
    notice = get_notice(win.ctx.reader, notice_id)
    assert (len(notice["entries"]), notice["start_date"], notice["end_date"]) == (3, "2026-04-02", "2026-04-13")
    activated(win, qtbot)
    page.board.view.setFocus()
    qtbot.keyClick(page.board.view, Qt.Key.Key_Delete)
    settle(win)
    assert "西江镇三月实绩公示" in asked[-1] and "Ctrl+Z" in asked[-1]
    assert page.board.entries == [] and page.board.model.rowCount() == 0
    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL)
    settle(win)
    assert page.board.model.row_of(notice_id) >= 0


def test_printing_waits_for_the_pdf_module_and_uses_it_once_there(page, win, month, qtbot, monkeypatch, tmp_path,
                                                                   message_boxes):
    notice_id = draft(win, [month[0]["丹江镇"]], title="丹江镇/3月:公示")
    page.board.select_notice(notice_id)
    monkeypatch.setattr(notice_printing, "print_module_available", lambda: False)
    qtbot.mouseClick(page.board.print_button, Qt.MouseButton.LeftButton)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("information", "暂不能打印") and "还没有公示打印功能" in text
    written = []

    def write_notice_pdf(db, notice_id, target):
        written.append((get_notice(db, notice_id)["title"], target))
        target.write_bytes(b"%PDF-1.4\n")
        return target

    fake = types.ModuleType(notice_printing.PRINT_MODULE)
    fake.write_notice_pdf = write_notice_pdf
    monkeypatch.setitem(sys.modules, notice_printing.PRINT_MODULE, fake)
    monkeypatch.setattr(notice_printing, "print_module_available", lambda: True)
    offered = []
    monkeypatch.setattr(notice_printing.QFileDialog, "getSaveFileName",
                        lambda _parent, _caption, suggested, _filter: offered.append(suggested) or
                        (str(tmp_path / "公示"), ""))
    qtbot.mouseClick(page.board.print_button, Qt.MouseButton.LeftButton)
    settle(win)
    assert offered[0].endswith("丹江镇_3月_公示.pdf")
    assert written == [("丹江镇/3月:公示", tmp_path / "公示.pdf")] and (tmp_path / "公示.pdf").exists()
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出 PDF") and str(tmp_path / "公示.pdf") in text


def test_the_real_pdf_builder_writes_the_notice(page, win, month, qtbot, monkeypatch, tmp_path, message_boxes):
    if not notice_printing.print_module_available():
        pytest.skip("desktop_app.reports.notice_print is not there yet")
    notice_id = draft(win, [month[0]["丹江镇"]], title="丹江镇2026年3月干部工作实绩公示")
    page.board.select_notice(notice_id)
    monkeypatch.setattr(notice_printing.QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "丹江镇.pdf"), ""))
    qtbot.mouseClick(page.board.print_button, Qt.MouseButton.LeftButton)
    settle(win)
    assert (tmp_path / "丹江镇.pdf").read_bytes().startswith(b"%PDF")
    assert [box[:2] for box in message_boxes.take()] == [("question", "已导出 PDF")]
