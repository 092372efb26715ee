"""季度评议 → 评议结果 and 全县汇总 under pytest-qt on the county demo as of its today (2026-01-05),
in 2025年第4季度: the scores as the core computes them (on the worker), the summary line, the raw
counts of a cadre per voter category, the county's units, Enter on a unit, the results PDF read back,
a results notice drafted and undone, a refresh after a change."""

import threading
from datetime import datetime

import pdfplumber
import pytest
from conftest import TZ, StepClock, settle, shown_page
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox

from desktop_app.core.evaluations import delete_session, get_session, sessions_of_quarter
from desktop_app.core.notices import get_notice, list_notices
from desktop_app.core.quarter_notice import QUARTER_KIND, quarter_entries, quarter_title
from desktop_app.core.quarter_scores import (
    CadreScore,
    TallyError,
    display_rate,
    quarter_summary,
    session_scores,
)
from desktop_app.core.units import list_units
from desktop_app.gui.models.quarter_results_models import (
    GRADE_COLOURS,
    Ballots,
    CountsModel,
    CountyModel,
    ResultsModel,
)
from desktop_app.gui.pages import quarterly_files, quarterly_results_actions, quarterly_results_data

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
SPLIT_UNIT = "丹江镇"  # its 2025Q4 ballots were split by voter category
QUARTER = (2025, 4)
HEADERS = ["名次", "单位", "姓名", "思路措施", "作风纪律", "工作实绩", "综合得分", "季度等次", "好评率", "好及较好率", "有效票"]


@pytest.fixture
def page(window):
    window.ctx.store.clock = StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=TZ))  # the demo's today
    page = shown_page(window, "quarterly")
    page.quarter_chooser.set_quarter(QUARTER)
    return page


def unit_named(window, name: str) -> str:
    return next(u["id"] for u in list_units(window.ctx.reader, "2026-01-05") if u["name"] == name)


def type_text(widget, text: str) -> None:
    """Type (Chinese) text as a keyboard would; qtbot.keyClicks aborts on non-ASCII."""
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, char))


def table(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def open_tab(window, qtbot, page, key) -> None:
    """Alt+J / Alt+Z: the tab's mnemonic, then the worker's results."""
    page.sessions.view.setFocus()
    qtbot.keyClick(page.sessions.view, key, ALT)
    settle(window)


def summary_text(summary) -> str:
    grades = "、".join(f"{g} {n}" for g, n in summary.grade_counts.items())
    return (f"2025年第4季度（{summary.source}）：{len(summary.units)} 个单位，{summary.cadre_count} 人，"
            f"平均 {summary.average_text} 分；{grades}；无有效票 {summary.unscored}")


def test_results_computed_on_the_worker_and_a_units_match_the_core(page, window, qtbot, qtmodeltester, monkeypatch):
    threads = []
    real = quarterly_results_data.quarter_summary
    monkeypatch.setattr(quarterly_results_data, "quarter_summary",
                        lambda *a: threads.append(threading.current_thread().name) or real(*a))
    tabs = page.results
    page.sessions.view.setFocus()
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_J, ALT)  # 评议结果(&J)
    assert page.tabs.currentWidget() is tabs.results
    assert tabs.results.summary_label.text() == "2025年第4季度：正在计算…"  # before the worker is done
    settle(window)
    assert threads and all(name.startswith("kaoping-op") for name in threads)  # never on the GUI thread
    summary = quarter_summary(window.ctx.reader, *QUARTER)
    line = tabs.results.summary_label.text()
    assert line == summary_text(summary)
    assert line == "2025年第4季度（默认规则方案）：100 个单位，597 人，平均 85.96 分；好 177、较好 302、一般 118、差 0；无有效票 0"
    model = tabs.results.model
    assert headers(model) == HEADERS and model.rowCount() == summary.cadre_count
    assert tabs.results.count_label.isVisible() and not page.sessions.count_label.isVisible()
    assert tabs.results.count_label.text() == "共 597 人"
    first_units = []  # unit after unit, each by rank
    for row in range(model.rowCount()):
        name = model.row_at(row).unit_name
        if not first_units or first_units[-1] != name:
            first_units.append(name)
    assert first_units == [u.unit_name for u in summary.units]

    unit_id = unit_named(window, SPLIT_UNIT)
    page.unit_filter.set_unit(unit_id)
    scores = session_scores(window.ctx.reader, get_session(window.ctx.reader, unit_id, *QUARTER)["id"])
    shown = table(model)
    assert [r[2] for r in shown] == [c.name for c in scores.cadres]
    assert [r[6] for r in shown] == [c.score_text for c in scores.cadres]
    assert [r[0] for r in shown] == [str(c.rank) for c in scores.cadres]
    assert shown[0][1] == SPLIT_UNIT and shown[0][7] == scores.cadres[0].grade
    assert shown[0][8] == display_rate(scores.cadres[0].good_rate) and shown[0][10] == str(scores.cadres[0].valid)
    assert tabs.results.count_label.text() == f"显示 {len(scores.cadres)} / 597 人"
    assert tabs.results.unit_label.isVisible()
    assert tabs.results.unit_label.text().startswith(f"{SPLIT_UNIT}：{len(scores.cadres)} 人，平均 {scores.average_text} 分")
    grade_column = HEADERS.index("季度等次")
    colours = {model.row_at(r).cadre.grade: model.index(r, grade_column).data(Qt.ItemDataRole.ForegroundRole).color()
               for r in range(model.rowCount())}
    assert colours["好"] == QColor(GRADE_COLOURS[0]) and colours["一般"] == QColor(GRADE_COLOURS[2])

    view = tabs.results.view  # sorted by the number, not the text
    view.sortByColumn(HEADERS.index("综合得分"), Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r).cadre.name for r in range(model.rowCount())] == [c.name for c in reversed(scores.cadres)]
    view.sortByColumn(HEADERS.index("好评率"), Qt.SortOrder.DescendingOrder)
    rates = [model.row_at(r).cadre.good_rate for r in range(model.rowCount())]
    assert rates == sorted(rates, reverse=True)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)

    page.sessions.search.setFocus()
    type_text(page.sessions.search, scores.cadres[1].name)  # the page's search box filters the results
    assert scores.cadres[1].name in [r[2] for r in table(model)] and model.rowCount() < len(scores.cadres)
    page.sessions.search.clear()
    page.unit_filter.set_unit(None)
    page.sessions.search.setText("zhouchang")  # pinyin too
    assert {model.row_at(r).cadre.name for r in range(model.rowCount())} == {"周昌"}
    page.sessions.search.clear()
    for checked in (model, tabs.county.model, tabs.results.counts_model):
        qtmodeltester.check(checked, force_py=True)


def test_a_cadre_selected_shows_the_raw_counts_of_each_voter_category(page, window, qtbot):
    open_tab(window, qtbot, page, Qt.Key.Key_J)
    results = page.results.results
    unit_id = unit_named(window, SPLIT_UNIT)
    page.unit_filter.set_unit(unit_id)
    session = get_session(window.ctx.reader, unit_id, *QUARTER)
    cadre = session_scores(window.ctx.reader, session["id"]).cadres[0]
    assert results.counts_model.rowCount() == 0 and "选中一人" in results.counts_caption.text()
    results.select_row(0)
    counts = results.counts_model
    assert [counts.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "投票类别", "有效票", "好", "较好", "一般", "差", "弃权"]
    assert counts.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.UserRole + 7) == "思路措施"
    shown = table(counts)
    categories = session["categories"]
    assert [r[0] for r in shown] == [*categories, "合计"]
    for line, category in zip(shown, categories, strict=False):
        valid = session["valid_by_category"][category]
        assert line[1] == str(valid)
        for aspect, row in enumerate(cadre.counts[category]):
            cells = line[2 + aspect * 5: 7 + aspect * 5]
            assert cells == [*map(str, row), str(valid - sum(row))]
    total = shown[-1]
    assert total[1] == str(session["valid"])
    for aspect in range(3):
        votes = [sum(cadre.counts[c][aspect][g] for c in categories) for g in range(4)]
        assert total[2 + aspect * 5: 7 + aspect * 5] == [*map(str, votes), str(cadre.abstentions[aspect])]
    caption = results.counts_caption.text()
    assert caption.startswith(f"{cadre.name}（{SPLIT_UNIT}）的原始票数：有效票 {session['valid']}（领导 ")
    assert f"综合得分 {cadre.score_text}，{cadre.grade}" in caption
    assert results.counts_view.isVisible()
    results.view.setFocus()
    QApplication.processEvents()
    page.window().grab().save("/tmp/quarterly_results_unit.png")
    qtbot.keyClick(results.view, Qt.Key.Key_Down)
    assert results.counts_caption.text().startswith(session_scores(window.ctx.reader, session["id"]).cadres[1].name)


def test_the_county_tab_lists_the_units_with_sessions_and_enter_opens_one(page, window, qtbot):
    open_tab(window, qtbot, page, Qt.Key.Key_Z)  # 全县汇总(&Z)
    county = page.results.county
    assert page.tabs.currentWidget() is county
    summary = quarter_summary(window.ctx.reader, *QUARTER)
    model = county.model
    assert headers(model) == ["单位", "测评人数", "平均分", "好", "较好", "一般", "差", "无有效票"]
    assert {model.row_at(r).unit_id for r in range(model.rowCount())} == {
        s["unit_id"] for s in sessions_of_quarter(window.ctx.reader, *QUARTER)}
    shown = {r[0]: r for r in table(model)}
    for unit in summary.units:
        assert shown[unit.unit_name] == [unit.unit_name, str(len(unit.cadres)), unit.average_text,
                                         *(str(n) for n in unit.grade_counts.values()), str(unit.unscored)]
    assert county.summary_label.text() == f"全县 {summary_text(summary)}"
    assert county.count_label.text() == "共 100 个单位"
    county.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # 平均分, by the number
    averages = [model.row_at(r).average for r in range(model.rowCount())]
    assert averages == sorted(averages, reverse=True)
    county.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    county.select_id(unit_named(window, SPLIT_UNIT))
    county.view.setFocus()
    QApplication.processEvents()
    page.window().grab().save("/tmp/quarterly_results_county.png")
    qtbot.keyClick(county.view, Qt.Key.Key_Return)
    results = page.results.results
    assert page.tabs.currentWidget() is results and page.unit_filter.unit_name() == SPLIT_UNIT
    assert {results.model.row_at(r).unit_name for r in range(results.model.rowCount())} == {SPLIT_UNIT}
    assert results.view.hasFocus() and results.selected_row().cadre.rank == 1
    page.unit_filter.set_unit(None)
    results.select_row(0)
    QApplication.processEvents()
    page.window().grab().save("/tmp/quarterly_results_all.png")


def test_the_results_pdf_of_the_unit_chosen(page, window, qtbot, tmp_path, monkeypatch, message_boxes):
    offered = []

    def choose(_parent, _caption, suggested, _filter):
        offered.append(suggested.rsplit("/", 1)[-1])
        return str(tmp_path / offered[-1]), ""

    monkeypatch.setattr(quarterly_files.QFileDialog, "getSaveFileName", choose)
    open_tab(window, qtbot, page, Qt.Key.Key_J)
    results = page.results.results
    assert not results.pdf_button.isEnabled()  # no unit chosen, no row selected
    unit_id = unit_named(window, SPLIT_UNIT)
    page.unit_filter.set_unit(unit_id)
    assert results.pdf_button.isEnabled()
    results.view.setFocus()
    qtbot.keyClick(results.view, Qt.Key.Key_O, ALT)  # 导出结果 PDF(&O)… (a mnemonic clicks after a moment)
    qtbot.wait(150)
    settle(window)
    assert offered == [f"评议结果-2025年第4季度-{SPLIT_UNIT}.pdf"]
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出评议结果") and f"{SPLIT_UNIT}2025年第4季度干部评议结果" in text
    with pdfplumber.open(tmp_path / offered[0]) as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    first = session_scores(window.ctx.reader, get_session(window.ctx.reader, unit_id, *QUARTER)["id"]).cadres[0]
    assert f"{SPLIT_UNIT}2025年第4季度干部评议结果" in text and first.name in text


def test_a_results_notice_drafted_for_the_unit_then_undone(page, window, qtbot, monkeypatch, message_boxes):
    asked = []
    monkeypatch.setattr(quarterly_results_actions, "choose_units",
                        lambda _p, label, unit, count: asked.append((label, unit, count)) or "unit")
    open_tab(window, qtbot, page, Qt.Key.Key_J)
    unit_id = unit_named(window, SPLIT_UNIT)
    page.unit_filter.set_unit(unit_id)
    results = page.results.results
    results.view.setFocus()
    qtbot.keyClick(results.view, Qt.Key.Key_S, ALT)  # 生成结果公示(&S)…
    qtbot.wait(150)
    settle(window)
    assert asked == [("2025年第4季度", SPLIT_UNIT, 100)]
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已生成结果公示") and "公示栏" in text and "草稿" in text
    [notice] = [n for n in list_notices(window.ctx.reader) if n["kind"] == QUARTER_KIND]
    columns, entries = quarter_entries(window.ctx.reader, [unit_id], *QUARTER)
    assert notice["state"] == "草稿" and notice["unit_ids"] == [unit_id]
    assert notice["title"] == quarter_title(window.ctx.reader, [unit_id], *QUARTER)
    assert notice["columns"] == columns and notice["entries"] == entries and entries
    assert notice["start_date"] == "2026-01-05" and notice["workdays"] == 7
    assert get_notice(window.ctx.reader, notice["id"])["entries"][0]["cells"][2] == results.model.row_at(0).cadre.name
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # 撤销: the draft is gone
    settle(window)
    assert [n for n in list_notices(window.ctx.reader) if n["kind"] == QUARTER_KIND] == []


def test_a_notice_for_every_unit_with_results_and_going_to_the_board(page, window, qtbot, monkeypatch):
    monkeypatch.setattr(quarterly_results_actions, "choose_units", lambda *_a: "all")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    open_tab(window, qtbot, page, Qt.Key.Key_Z)
    page.results.county.notice_button.click()
    settle(window)
    [notice] = [n for n in list_notices(window.ctx.reader) if n["kind"] == QUARTER_KIND]
    assert len(notice["unit_ids"]) == 100 and len(notice["entries"]) == 597
    board = window.current_page()
    assert board is window.pages["notices"] and board.board.selected_id() == notice["id"]


def test_the_results_follow_a_change_of_the_sessions(page, window, qtbot):
    open_tab(window, qtbot, page, Qt.Key.Key_Z)
    unit_id = unit_named(window, SPLIT_UNIT)
    store = window.ctx.store
    window.ctx.runner.run(lambda: delete_session(store, unit_id, *QUARTER))
    settle(window)
    county = page.results.county
    assert county.model.rowCount() == 99 and county.model.row_of(unit_id) < 0
    assert "99 个单位" in county.summary_label.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    settle(window)
    settle(window)
    assert county.model.rowCount() == 100 and "100 个单位" in county.summary_label.text()
    page.quarter_chooser.step_on()  # 2026年第1季度: no session yet
    settle(window)
    assert county.model.rowCount() == 0 and county.summary_label.text() == "全县 2026年第1季度（默认规则方案）：还没有测评会，暂无评议结果。"
    assert not county.notice_button.isEnabled() and not county.pdf_button.isEnabled()


def test_the_alt_keys_of_the_results_tabs_clash_with_nothing(page, window, qtbot):
    open_tab(window, qtbot, page, Qt.Key.Key_J)
    mine = {"J", "Z", "O", "S"}
    for shown in (page.results.results, page.results.county):
        page.tabs.setCurrentWidget(shown)
        texts = [w.text() for w in page.findChildren(QAbstractButton) + page.findChildren(QLabel) if w.isVisibleTo(page)]
        texts += [page.tabs.tabText(n) for n in range(page.tabs.count())]
        texts += [action.text() for action in window.menuBar().actions()]
        keys = [text[text.index("(&") + 2].upper() for text in texts if "(&" in text]
        assert all(keys.count(key) == 1 for key in mine), sorted(keys)


def test_scores_that_cannot_be_computed_are_said_on_the_tab(page, window, qtbot, monkeypatch):
    def broken(*_a):
        raise TallyError({"x": "丹江镇 周昌的计票格式不对"})

    monkeypatch.setattr(quarterly_results_data, "quarter_summary", broken)
    open_tab(window, qtbot, page, Qt.Key.Key_J)
    results = page.results.results
    assert results.summary_label.text() == "2025年第4季度的评议结果无法计算：丹江镇 周昌的计票格式不对"
    assert results.model.rowCount() == 0 and not results.pdf_button.isEnabled()
    assert not results.notice_button.isEnabled()
    monkeypatch.undo()
    page.refresh(None)  # shown again (or a change): computed again
    settle(window)
    assert results.model.rowCount() == 597 and results.summary_label.text().endswith("无有效票 0")
    results.view.setFocus()
    qtbot.keyClick(results.view, Qt.Key.Key_F, CTRL)  # Ctrl+F: the page's search box, on this tab too
    assert page.sessions.search.hasFocus() and page.sessions.search.placeholderText().startswith("搜索姓名")
    page.sessions.search.setText("周昌")
    qtbot.keyClick(page.sessions.search, Qt.Key.Key_Return)  # into the results list
    assert results.view.hasFocus() and results.selected_row().cadre.name == "周昌"


def test_the_models_never_raise(qtmodeltester):
    for model in (ResultsModel(), CountyModel(), CountsModel()):
        assert model.index(5, 5).data() is None and model.headerData(99, Qt.Orientation.Horizontal) is None
        qtmodeltester.check(model, force_py=True)
    counts = CountsModel()
    nobody = CadreScore("c", "张三", (None, None), None, None, None, None, (5, 5), 5, {})
    counts.set_cadre(nobody, Ballots(5, {"领导": 2, "干部职工": 3}, ("领导", "干部职工")), ["甲", "乙"],
                     ("好", "较好", "一般", "差"))
    assert table(counts) == [["领导", "2", *["—"] * 10], ["干部职工", "3", *["—"] * 10], ["合计", "5", *["—"] * 10]]
    qtmodeltester.check(counts, force_py=True)
    one = CadreScore("c", "张三", (90.0, None), 90.0, "好", 1.0, 1.0, (0, 1), 1, {"": [[1, 0, 0, 0]]})
    counts.set_cadre(one, Ballots(1), ["甲", "乙"], ("好", "较好", "一般", "差"))
    assert table(counts) == [["全体", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "1"]]
    qtmodeltester.check(counts, force_py=True)
