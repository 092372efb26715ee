"""年度考核 → 审定 under pytest-qt, on the small county of tests/annual_county.py in 2025 (two towns,
six cadres: a 通报批评 of 丹江镇, a 党纪处分 of 赵六, a red card of 李四), the operator's clock on
2026-03-02: the proposals and reasons as the core computes them (on the worker), the filters and
the search, a decision with and without the reason it needs, the rest accepted, a tie at the quota
line, locking (refused while undecided, then every write disabled) and reopening with a reason,
Ctrl+Z of a decision in the main window, the results table in Excel and a unit's results in PDF,
and the results notice drafted from the final grades.

The tab is shown in a stand-in for the 年度考核 page (its filter row: the search box and the
count; `refresh(changes)` as the page does), inside the main window, so undo and the reload after
a change go the way they go in the product.
"""


import annual_gui
import pdfplumber
import pytest
from annual_gui import rows, show_tab
from conftest import alt_keys, doubled, menu_texts, settle
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop_app.core.annual_inputs import save_cadre_inputs
from desktop_app.core.annual_notice import ANNUAL_KIND, annual_entries
from desktop_app.core.assessment import assess_year, quota_lines
from desktop_app.core.notices import list_notices
from desktop_app.core.sanctions import delete_sanction, sanctions
from desktop_app.core.supervision_notices import delete_supervision_notice, supervision_notices
from desktop_app.gui.dialogs.decision_dialog import DecisionDialog
from desktop_app.gui.dialogs.reopen_dialog import ReopenDialog
from desktop_app.gui.pages import annual_review_actions
from desktop_app.gui.pages.annual_review_tab import ReviewTab

annual_template, county, window, ids = annual_gui.FIXTURES  # pytest finds fixtures among a module's names
CTRL = Qt.KeyboardModifier.ControlModifier
YEAR = 2025
HEADERS = ["单位", "对象", "职务", "综合得分", "拟定等次", "审定等次", "状态", "规则", "后续处理"]


@pytest.fixture
def tab(window) -> ReviewTab:
    """The tab of 2025, shown in the main window (which calls the stand-in's refresh after changes)."""
    return show_tab(window, ReviewTab, YEAR)


def select(tab, name: str, unit: str | None = None) -> None:
    """Select the row of `name` (领导班子 with `unit`)."""
    for r in range(tab.model.rowCount()):
        subject = tab.model.row_at(r).subject
        label = "领导班子" if subject.kind == "team" else subject.name
        if label == name and (unit is None or subject.unit_name == unit):
            tab.select_row(r)
            return
    raise AssertionError(f"{name} not listed")


def type_text(widget, text: str) -> None:
    """Type (Chinese) text as a keyboard would; qtbot.keyClicks aborts on non-ASCII."""
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, char))


def undo(window, qtbot) -> None:
    """Ctrl+Z in the main window (active again once a dialog closed)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    settle(window)


def choose_filter(tab, label: str) -> None:
    tab.filter_box.setCurrentIndex(tab.filter_box.findText(label))


def confirming(monkeypatch, answer: bool = True) -> list[str]:
    asked = []
    monkeypatch.setattr(annual_review_actions, "confirm",
                        lambda _parent, _title, text, **_kw: asked.append(text) or answer)
    return asked


def save_to(monkeypatch, tmp_path) -> list[str]:
    offered = []

    def choose(_parent, _caption, suggested, _filter):
        offered.append(suggested.rsplit("/", 1)[-1])
        return str(tmp_path / offered[-1]), ""

    monkeypatch.setattr(annual_review_actions.QFileDialog, "getSaveFileName", choose)
    return offered


def decide_in_dialog(tab, window, grade: str, reason: str = "") -> DecisionDialog:
    tab.decide_selected()
    dialog = tab.dialog
    assert isinstance(dialog, DecisionDialog) and dialog.isVisible()
    dialog.form.set_value("final_grade", grade)
    if reason:
        dialog.reason.setFocus()
        type_text(dialog.reason, reason)
    dialog.accept()
    settle(window)
    return dialog


# -- showing -----------------------------------------------------------------------------------------
def test_the_year_assessed_on_the_worker_with_proposals_reasons_and_quotas(tab, window, ids):
    a = assess_year(window.ctx.reader, YEAR)
    assert [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)] == HEADERS
    assert rows(tab) == [
        ["丹江镇", "领导班子", "", "91.8", "较好", "", "未审定", "通报批评", ""],
        ["丹江镇", "张三", "党委书记", "91.8", "称职", "", "未审定", "通报批评", ""],
        ["丹江镇", "李四", "副镇长", "85.1", "称职", "", "未审定", "黄牌红牌（未改变）", ""],
        ["丹江镇", "王五", "武装部长", "85.2", "称职", "", "未审定", "", ""],
        ["西江镇", "领导班子", "", "91.8", "差", "", "未审定", "党纪处分；主要领导定差连带班子（未改变）",
         "诫勉谈话，责令限期整改（年度考核评为'差'）"],
        ["西江镇", "赵六", "党委书记", "87.9", "不称职", "", "未审定", "党纪处分；班子定差连带成员（未改变）",
         "诫勉谈话，责令限期整改（年度考核评为'不称职'）"],
        ["西江镇", "张三", "副镇长", "82.1", "称职", "", "未审定", "班子定差连带成员（未改变）", ""],
        ["西江镇", "钱七", "党委委员、组织委员", "89.6", "称职", "", "未审定", "班子定差连带成员（未改变）", ""]]
    assert [tab.model.row_at(r).subject.proposed for r in range(8)] == [r[4] for r in rows(tab)]
    assert sorted(tab.model.row_at(r).subject.subject_id for r in range(8)) == sorted(s.subject_id for s in a.subjects)
    assert tab.count_label.text() == "共 8 项，未审定 8 项"
    assert [label.text() for label in tab.quota_labels] == quota_lines(a)
    assert "依据：2025年规则方案" in tab.source_label.text() and "数据截至 2026-01-01" in tab.source_label.text()
    assert not tab.banner.isVisible()
    select(tab, "赵六")
    detail = tab.detail.toPlainText()
    assert "赵六（西江镇 党委书记）" in detail and "综合得分 87.9（月度实绩" in detail
    assert "规则6 党纪处分：“称职” → “不称职”。当年受到党纪处分（2025年6月1日警告），评为'不称职'" in detail
    assert "规则2 班子定差连带成员：“不称职”（未改变）" in detail
    assert "后续处理" in detail and "诫勉谈话" in detail and "尚未审定（可按拟定等次审定）" in detail
    select(tab, "李四")
    assert "督办事项黄牌提醒 2 次（红牌警告）" in tab.detail.toPlainText()  # the notes of the committee
    assert tab.decide_button.isEnabled() and tab.accept_button.isEnabled() and not tab.clear_button.isEnabled()
    assert not tab.reopen_button.isEnabled() and tab.lock_button.isEnabled()


def test_filters_search_and_the_unit(tab, ids):
    choose_filter(tab, "班子")
    assert [r[:2] for r in rows(tab)] == [["丹江镇", "领导班子"], ["西江镇", "领导班子"]]
    assert tab.count_label.text() == "显示 2 / 8 项，未审定 8 项"
    choose_filter(tab, "被规则改变")
    assert [r[1] for r in rows(tab)] == ["领导班子", "张三", "领导班子", "赵六"]
    choose_filter(tab, "干部")
    tab.apply_unit(ids["西江镇"])
    assert [r[1] for r in rows(tab)] == ["赵六", "张三", "钱七"]
    tab.search.setText("zl")  # 赵六's initials
    assert [r[1] for r in rows(tab)] == ["赵六"]
    tab.search.clear()
    tab.apply_unit(None)
    choose_filter(tab, "限额线上并列")
    assert rows(tab) == [] and tab.count_label.text() == "显示 0 / 8 项，未审定 8 项"
    choose_filter(tab, "全部")
    tab.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 综合得分, by the number
    assert [r[3] for r in rows(tab)] == ["91.8", "91.8", "91.8", "89.6", "87.9", "85.2", "85.1", "82.1"]


# -- deciding ----------------------------------------------------------------------------------------
def test_a_decision_needs_a_reason_when_it_differs_and_goes_down_the_undecided(tab, window, qtbot, ids):
    choose_filter(tab, "未审定")
    select(tab, "王五")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter opens 审定…
    dialog = tab.dialog
    assert isinstance(dialog, DecisionDialog) and dialog.isVisible()
    assert dialog.chosen() == "称职" and "王五（丹江镇 武装部长）：综合得分 85.2，拟定等次 “称职”" in \
        dialog.findChild(type(tab.count_label), "decision_summary").text()
    dialog.form.set_value("final_grade", "基本称职")
    assert "须写明理由" in dialog.note.text()
    dialog.accept()
    settle(window)
    assert dialog.isVisible() and dialog.form.messages["reason"].text() == \
        "王五审定为'基本称职'，与拟定等次'称职'不同，须写明理由"
    dialog.reason.setFocus()
    type_text(dialog.reason, "全年多次脱岗，经考核委员会研究")
    dialog.accept()
    settle(window)
    assert not dialog.isVisible()
    decision = assess_year(window.ctx.reader, YEAR).cadre(ids["王五"]).decision
    assert (decision["final_grade"], decision["reason"], decision["decided_on"]) == \
        ("基本称职", "全年多次脱岗，经考核委员会研究", "2026-03-02")
    # 王五 left the 未审定 list: the row that took its place is selected, ready for the next decision
    assert [r[1] for r in rows(tab)] == ["领导班子", "张三", "李四", "领导班子", "赵六", "张三", "钱七"]
    assert tab.selected_row().subject.subject_id == ids["西江镇"]
    choose_filter(tab, "已改定")
    assert rows(tab)[0][1:7] == ["王五", "武装部长", "85.2", "称职", "基本称职", "已改定"]
    tab.select_row(0)
    detail = tab.detail.toPlainText()
    assert "与拟定等次 “称职” 不同，理由：全年多次脱岗，经考核委员会研究" in detail and "2026-03-02" in detail
    dialog = decide_in_dialog(tab, window, "称职")  # as proposed again: no reason needed
    assert not dialog.isVisible() and rows(tab) == []  # no longer 已改定
    choose_filter(tab, "全部")
    select(tab, "王五")
    assert rows(tab)[3][5:7] == ["称职", "已审定"]


def test_a_decision_whose_proposal_changed_since_is_shown_as_such(tab, window, qtbot, ids):
    select(tab, "王五")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)  # F2 opens 审定… too
    assert isinstance(tab.dialog, DecisionDialog)
    tab.dialog.accept()  # as proposed: 称职
    settle(window)
    assert rows(tab)[3][4:7] == ["称职", "称职", "已审定"]
    store = window.ctx.store
    window.ctx.runner.run(lambda: save_cadre_inputs(store, YEAR, ids["丹江镇"], ids["王五"],
                                                    {"evaluation": {"valid": 40, "counts": {"不称职": 40}}}))
    settle(window)  # annual inputs changed: assessed again
    assert rows(tab)[3][3:7] == ["66.6", "基本称职", "称职", "建议已变化"]
    assert "审定时的拟定等次为 “称职”，现在为 “基本称职”（此后数据有变化），请重新审定。" in tab.detail.toPlainText()
    choose_filter(tab, "建议已变化")
    assert [r[1] for r in rows(tab)] == ["王五"]


def test_accept_the_rest_then_undo_it_and_clear_a_decision(tab, window, qtbot, ids, monkeypatch):
    asked = confirming(monkeypatch)
    tab.accept_button.click()
    settle(window)
    assert asked == ["将 8 项按拟定等次审定，并列与无法拟定的 0 项需逐项审定。\n\n"
                     "审定人记为当前操作员，日期为今天；按 Ctrl+Z 可撤销。确定审定2025年度其余对象吗？"]
    assert [r[6] for r in rows(tab)] == ["已审定"] * 8 and tab.count_label.text() == "共 8 项，未审定 0 项"
    assert not tab.accept_button.isEnabled()
    select(tab, "赵六")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)  # 撤销审定
    settle(window)
    assert "撤销对赵六（西江镇 党委书记）的审定（审定等次“不称职”）" in asked[-1]
    assert rows(tab)[5][5:7] == ["", "未审定"] and assess_year(window.ctx.reader, YEAR).cadre(ids["赵六"]).decision is None
    undo(window, qtbot)  # the clearing undone
    assert rows(tab)[5][5:7] == ["不称职", "已审定"]
    undo(window, qtbot)  # and accepting the rest: one step
    assert [r[6] for r in rows(tab)] == ["未审定"] * 8


def test_a_decision_undone_in_the_main_window(tab, window, qtbot, ids):
    select(tab, "钱七")
    decide_in_dialog(tab, window, "优秀", "年度表现突出，经考核委员会研究")
    assert rows(tab)[7][5:7] == ["优秀", "已改定"]
    undo(window, qtbot)
    assert rows(tab)[7][5:7] == ["", "未审定"]
    assert assess_year(window.ctx.reader, YEAR).cadre(ids["钱七"]).decision is None
    assert window.statusBar().currentMessage().startswith("已撤销")


def test_a_tie_at_the_quota_line_is_left_to_the_committee_and_going_over_is_red(tab, window, monkeypatch):
    """Without the 通报批评 and the 党纪处分 both towns score 91.8 for one seat of 好: a tie."""
    store, reader = window.ctx.store, window.ctx.reader
    [notice], [sanction] = supervision_notices(reader, year=YEAR), sanctions(reader, year=YEAR)
    window.ctx.runner.run(lambda: delete_supervision_notice(store, notice["id"]))
    window.ctx.runner.run(lambda: delete_sanction(store, sanction["id"]))
    settle(window)  # a change of sanctions and notices: the tab assesses the year again
    choose_filter(tab, "限额线上并列")
    assert [r[:7] for r in rows(tab)] == [["丹江镇", "领导班子", "", "91.8", "好", "", "并列待定"],
                                          ["西江镇", "领导班子", "", "91.8", "好", "", "并列待定"]]
    assert "#b35c00" in tab.quota_labels[0].styleSheet()  # over the quota unless the committee lowers one
    tab.select_row(0)
    assert "并列，需审定委员会决定：综合得分 91.8 的 2 个并列于'好'限额线（限额 1 个，线上已定 0 个，尚余 1 个）" in tab.detail.toPlainText()
    asked = confirming(monkeypatch)
    tab.accept_button.click()
    settle(window)
    assert asked[0].startswith("将 6 项按拟定等次审定，并列与无法拟定的 2 项需逐项审定。")
    assert tab.count_label.text() == "显示 2 / 8 项，未审定 2 项"
    decide_in_dialog(tab, window, "好")  # the first keeps the seat
    assert [r[5:7] for r in rows(tab)] == [["好", "已审定"], ["", "并列待定"]]  # still tied at the line, decided
    select(tab, "领导班子", "西江镇")
    dialog = decide_in_dialog(tab, window, "好")  # both 好: over the quota, only with a reason
    assert dialog.isVisible() and dialog.form.messages["reason"].text() == "审定为'好'的将有 2 个，超过限额 1 个，须写明理由"
    type_text(dialog.reason, "两镇并列，经考核委员会研究均评为好")
    dialog.accept()
    settle(window)
    team_line = tab.quota_labels[0]
    assert team_line.text().endswith("审定后 2 个，超出限额 1 个") and "#b3261e" in team_line.styleSheet()
    assert "#b3261e" not in tab.quota_labels[1].styleSheet()


# -- locking -----------------------------------------------------------------------------------------
def test_locking_is_refused_while_undecided_then_locks_and_reopens_with_a_reason(tab, window, monkeypatch,
                                                                                message_boxes):
    asked = confirming(monkeypatch)
    tab.lock_button.click()  # undecided remain: the core's refusal, no question first
    settle(window)
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and text.startswith("2025年度还有 8 个考核对象未审定（丹江镇领导班子、")
    assert asked == []
    tab.accept_button.click()
    settle(window)
    tab.lock_button.click()
    settle(window)
    assert "2025年度的 8 个考核对象已全部审定" in asked[-1] and "重新开放" in asked[-1]
    assert tab.banner.isVisible() and tab.banner.text().startswith("2025年度考核已于 2026-03-02 由")
    assert "锁定" in tab.banner.text() and "锁定后任职经历有变动" not in tab.banner.text()
    tab.select_row(0)
    for button in (tab.decide_button, tab.accept_button, tab.clear_button, tab.lock_button):
        assert not button.isEnabled()
    assert tab.reopen_button.isEnabled() and tab.excel_button.isEnabled() and tab.notice_button.isEnabled()
    tab.decide_selected()
    assert tab.dialog is None  # nothing opens on a locked year
    tab.reopen_year()
    dialog = tab.dialog
    assert isinstance(dialog, ReopenDialog) and "将被记录" in "".join(
        label.text() for label in dialog.findChildren(type(tab.banner)))
    dialog.accept()
    settle(window)
    assert dialog.isVisible() and dialog.form.messages["reason"].text() == "重新开放已锁定的年度须写明原因"
    type_text(dialog.reason, "省委巡视反馈需复核")
    dialog.accept()
    settle(window)
    assert not dialog.isVisible()
    assert tab.banner.text().endswith("重新开放（省委巡视反馈需复核）。审定完毕后请重新锁定。")
    assert tab.decide_button.isEnabled() and tab.clear_button.isEnabled() and not tab.reopen_button.isEnabled()


# -- files -------------------------------------------------------------------------------------------
def test_the_results_table_exported_to_excel(tab, window, tmp_path, monkeypatch, message_boxes):
    offered = save_to(monkeypatch, tmp_path)
    tab.excel_button.click()
    settle(window)
    assert offered == ["年度考核结果表-2025年度.xlsx"]
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出结果表") and "2025年度考核结果表" in text
    book = load_workbook(tmp_path / offered[0])
    assert book.sheetnames == ["领导班子", "干部", "等次限额"]
    teams, cadres = list(book["领导班子"].values), list(book["干部"].values)
    proposed = teams[0].index("拟定等次")
    assert [(r[1], r[proposed]) for r in teams[1:]] == [("丹江镇", "较好"), ("西江镇", "差")]
    name, proposed = cadres[0].index("姓名"), cadres[0].index("拟定等次")
    assert [(r[name], r[proposed]) for r in cadres[1:]] == [(r[1], r[4]) for r in rows(tab) if r[1] != "领导班子"]


def test_the_units_results_printed_to_pdf(tab, window, tmp_path, monkeypatch, message_boxes):
    offered = save_to(monkeypatch, tmp_path)
    select(tab, "李四")
    assert tab.unit_action.isEnabled() and tab.dossier_action.isEnabled()
    tab.unit_action.trigger()
    settle(window)
    assert offered == ["年度考核结果-2025年度-丹江镇.pdf"]
    [(kind, title, _text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出结果表")
    with pdfplumber.open(tmp_path / offered[0]) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "丹江镇" in text and "2025" in text and "李四" in text and "王五" in text and "赵六" not in text


def test_the_results_notice_drafted_once_everything_is_decided(tab, window, qtbot, ids, monkeypatch, message_boxes):
    confirming(monkeypatch)
    monkeypatch.setattr(annual_review_actions, "choose_units", lambda _p, year, unit, count: "all")
    tab.notice_button.click()  # nothing decided yet: the core refuses
    settle(window)
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and "全部审定后才能生成年度考核结果公示" in text
    tab.accept_button.click()
    settle(window)
    tab.notice_button.click()
    settle(window)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已起草结果公示") and "公示栏" in text
    [notice] = [n for n in list_notices(window.ctx.reader) if n["kind"] == ANNUAL_KIND]
    columns, entries = annual_entries(window.ctx.reader, [ids["丹江镇"], ids["西江镇"]], YEAR)
    assert notice["state"] == "草稿" and notice["columns"] == columns and notice["entries"] == entries
    assert [e["cells"][2:] for e in entries[:2]] == [["领导班子", "", "较好"], ["张三", "党委书记", "称职"]]
    undo(window, qtbot)  # 撤销: the draft is gone
    assert [n for n in list_notices(window.ctx.reader) if n["kind"] == ANNUAL_KIND] == []


def test_screenshot(tab, window):
    select(tab, "赵六")
    QApplication.processEvents()
    window.grab().save("/tmp/annual_review.png")


def test_in_the_annual_page_with_its_year_unit_and_search(window, qtbot, ids):
    """Through the real page, once its other tabs exist: the year chosen, the unit filter, the search
    box and the count in its filter row, and no Alt+letter twice while the tab shows."""
    pytest.importorskip("desktop_app.gui.pages.annual_inputs_tab")
    pytest.importorskip("desktop_app.gui.pages.annual_registers_tab")
    from desktop_app.gui.pages import PageSpec
    from desktop_app.gui.pages.annual_page import AnnualPage

    page = AnnualPage(window.ctx, PageSpec("annual", "年度考核", "annual_page", "AnnualPage"))
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    window.pages["annual_page_test"] = page
    page.refresh(None)
    settle(window)
    tab = page.panels[0]
    assert isinstance(tab, ReviewTab) and page.tabs.tabText(0) == "审定(&J)" and page.year == YEAR
    assert tab.count_label.isVisible() and tab.search.isVisible() and tab.count_label.text() == "共 8 项，未审定 8 项"
    page.unit_filter.set_unit(ids["西江镇"])
    assert [r[1] for r in rows(tab)] == ["领导班子", "赵六", "张三", "钱七"]
    tab.search.setText("qianqi")
    assert [r[1] for r in rows(tab)] == ["钱七"] and tab.count_label.text() == "显示 1 / 8 项，未审定 8 项"
    assert doubled(alt_keys(page, menu_texts(window))) == []
    page.year_chooser.step_back()  # 2024: nobody had inputs, the posts were held
    settle(window)
    assert tab.year == 2024 and all(r[0] for r in rows(tab))
