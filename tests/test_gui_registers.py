"""年度考核 → 督办与谈话 under pytest-qt, on the small county of tests/annual_county.py in 2025 (李四's
two late tasks: a red card; a talk and a late reply for 张三; a 党纪处分 of 赵六; a 通报批评 of
丹江镇), the operator's clock on 2026-03-02: each register added through its dialog (a cadre picked by
pinyin, a refusal of the core under its field), states and cards as of today, the filters, delete
and undo, a locked year; and the three tabs in the real 年度考核 page, their Alt keys unique.
"""


import annual_gui
import pytest
from annual_gui import rows, show_tab
from conftest import alt_keys, doubled, menu_texts, settle, shown_page
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.core.inquiries import inquiries
from desktop_app.core.sanctions import sanctions
from desktop_app.core.supervised_tasks import supervised_tasks
from desktop_app.core.talks import talks
from desktop_app.core.year_locks import lock_year
from desktop_app.gui.dialogs.register_dialogs import PICK_PROBLEM, CadrePicker, RecordDialog
from desktop_app.gui.models.register_models import OVERDUE_ROW, RED_CARD, TASK_CARDS_COLUMN, YELLOW_CARD
from desktop_app.gui.pages import register_panels
from desktop_app.gui.pages.annual_registers_tab import RegistersTab
from desktop_app.gui.pages.register_panels import NoticesPanel, SanctionsPanel, TalksPanel
from desktop_app.gui.pages.register_task_panels import InquiriesPanel, TasksPanel

annual_template, county, window, ids = annual_gui.FIXTURES  # pytest finds fixtures among a module's names
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
YEAR = 2025


@pytest.fixture
def tab(window) -> RegistersTab:
    return show_tab(window, RegistersTab, YEAR)


@pytest.fixture
def confirming(monkeypatch) -> list[str]:
    asked = []
    monkeypatch.setattr(register_panels, "confirm", lambda _parent, _title, text, **_kw: asked.append(text) or True)
    return asked


def column(panel, header: str) -> list[str]:
    model = panel.model
    number = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return [model.index(r, number).data() for r in range(model.rowCount())]


def activate(widget, qtbot) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def show_panel(tab, window, qtbot, cls, letter) -> object:
    """The register's sub-tab by its Alt key, its list focused."""
    activate(window, qtbot)
    qtbot.keyClick(tab, letter, ALT)
    panel = tab.current_panel()
    assert isinstance(panel, cls)
    panel.view.setFocus()
    return panel


def open_new(panel, window, qtbot) -> RecordDialog:
    """Ctrl+N in the list: the register's dialog for a new record."""
    qtbot.keyClick(panel.view, Qt.Key.Key_N, CTRL)
    settle(window)  # the cadres to pick from are read on the worker
    dialog = panel.dialog
    assert isinstance(dialog, RecordDialog) and dialog.isVisible()
    activate(dialog, qtbot)
    return dialog


def type_text(widget, text: str) -> None:
    """Type (Chinese) text as a keyboard would; qtbot.keyClicks aborts on non-ASCII."""
    widget.setFocus()
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, char))


def fill(dialog, qtbot, **values) -> None:
    """Set the dialog's fields: text typed, a choice by its text, a cadre by what is typed in its box."""
    for key, value in values.items():
        widget = dialog.widgets[key]
        if isinstance(widget, CadrePicker):
            widget.setEditText("")
            widget.setFocus()
            qtbot.keyClicks(widget.lineEdit(), value)
        elif hasattr(widget, "findText"):
            widget.setCurrentIndex(widget.findText(value))
        else:
            widget.clear()
            type_text(widget, value)


def save(dialog, window, qtbot) -> None:
    """保存 (Alt+S, the accept button's letter)."""
    activate(dialog, qtbot)
    dialog.save_button.click()
    settle(window)


def problem(dialog, key: str) -> str:
    label = dialog.findChild(QLabel, f"error_{key}")
    return label.text() if label.isVisibleTo(dialog) else ""


def undo(window, qtbot) -> None:
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    settle(window)


def brush(panel, row: int, col: int) -> str:
    found = panel.model.index(row, col).data(Qt.ItemDataRole.BackgroundRole)
    return found.color().name() if found is not None else ""


def test_tasks_show_their_states_and_the_cadres_cards_and_are_assigned_done_and_excused(tab, window, qtbot, ids,
                                                                                          confirming, qtmodeltester):
    panel = show_panel(tab, window, qtbot, TasksPanel, Qt.Key.Key_B)
    assert rows(panel) == [
        ["李四", "丹江镇", "安全生产检查", "2025-01-10", "2025-08-31", "", "逾期未办结", "红牌（黄牌 2 次）", ""],
        ["李四", "丹江镇", "人居环境整治", "2025-01-10", "2025-03-31", "2025-04-20", "逾期办结", "红牌（黄牌 2 次）", ""]]
    assert brush(panel, 0, TASK_CARDS_COLUMN) == RED_CARD.background
    assert panel.cards_label.text() == "红牌警告：李四（黄牌 2 次）"
    assert tab.count_label.text() == "2025年度督办事项共 2 件，其中逾期未办结 1 件"
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findText("逾期未办结"))
    assert column(panel, "督办事项") == ["安全生产检查"]
    panel.kind_filter.setCurrentIndex(0)
    panel.card_filter.setCurrentIndex(panel.card_filter.findText("红牌警告的干部"))
    assert len(rows(panel)) == 2
    panel.card_filter.setCurrentIndex(0)
    qtmodeltester.check(panel.model, force_py=True)

    dialog = open_new(panel, window, qtbot)
    assert dialog.widgets["assigned_on"].text() == "2026-03-02"  # today
    fill(dialog, qtbot, cadre_id="ww", title="危房改造", assigned_on="2025-09-01", deadline="2025-08-01")
    assert dialog.widgets["cadre_id"].cadre_id() == ids["王五"]  # picked by the initials of 王五
    save(dialog, window, qtbot)
    assert problem(dialog, "deadline") == "办结时限（2025-08-01）不能早于交办日期（2025-09-01）"
    assert dialog.isVisible() and len(supervised_tasks(window.ctx.reader, year=YEAR)) == 2
    assert dialog.widgets["cadre_id"].currentText() == "王五（丹江镇 武装部长）"  # settled on leaving the box
    QApplication.processEvents()  # the message lays out
    dialog.grab().save("/tmp/registers_task_dialog_error.png")
    fill(dialog, qtbot, deadline="2025-11-30")
    save(dialog, window, qtbot)
    assert not dialog.isVisible()
    row = panel.selected_row()
    assert (row.cadre_name, row.unit_name, row.text("title"), row.state, row.cards) == (
        "王五", "丹江镇", "危房改造", "逾期未办结", "黄牌 1 次")
    selected = panel.model.row_of(row.id)
    assert brush(panel, selected, TASK_CARDS_COLUMN) == YELLOW_CARD.background
    assert panel.cards_label.text() == "红牌警告：李四（黄牌 2 次）；黄牌提醒 1 人"

    activate(window, qtbot)
    qtbot.keyClick(panel.view, Qt.Key.Key_O, ALT)  # 办结(&O)…
    qtbot.wait(150)
    dialog = panel.dialog
    activate(dialog, qtbot)
    assert dialog.widgets["done_on"].text() == "2026-03-02" and "危房改造" in dialog.findChild(
        QLabel, "register_summary").text()
    save(dialog, window, qtbot)
    assert panel.selected_row().state == "逾期办结" and panel.selected_row().text("done_on") == "2026-03-02"

    activate(window, qtbot)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_U, ALT)  # 说明(&U)…
    qtbot.wait(150)
    dialog = panel.dialog
    fill(dialog, qtbot, excused="汛期停工，经县政府批准延期")
    save(dialog, window, qtbot)
    row = panel.selected_row()
    assert (row.state, row.cards) == ("已说明", "") and "经县政府批准延期" in column(panel, "情况说明 / 备注")[
        panel.model.row_of(row.id)]
    QApplication.processEvents()
    window.grab().save("/tmp/registers_tab.png")

    activate(window, qtbot)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    settle(window)
    assert "王五：危房改造" in confirming[0]
    assert [t["title"] for t in supervised_tasks(window.ctx.reader, year=YEAR)] == ["人居环境整治", "安全生产检查"]
    assert len(rows(panel)) == 2
    undo(window, qtbot)
    assert len(rows(panel)) == 3 and "危房改造" in column(panel, "督办事项")


def test_talks_picked_by_pinyin_filtered_by_kind_edited_deleted_and_undone(tab, window, qtbot, ids, confirming):
    panel = show_panel(tab, window, qtbot, TalksPanel, Qt.Key.Key_K)
    assert rows(panel) == [["2025-04-10", "张三", "丹江镇", "提醒谈话", "县委组织部王部长", "群众反映", "提醒注意工作方法"]]
    dialog = open_new(panel, window, qtbot)
    fill(dialog, qtbot, cadre_id="zhangsan", kind="诫勉", talked_on="2025-11-05", talker="县委书记")
    save(dialog, window, qtbot)
    assert problem(dialog, "cadre_id") == PICK_PROBLEM  # two cadres named 张三
    picker = dialog.widgets["cadre_id"]
    picker.setCurrentIndex(picker.findData(ids["张三2"]))  # the one in 西江镇, chosen in the list
    fill(dialog, qtbot, reason="年度考核一般")
    save(dialog, window, qtbot)
    assert not dialog.isVisible()
    row = panel.selected_row()
    assert (row.cadre_id, row.unit_name, panel.model.index(panel.model.row_of(row.id), 3).data()) == (
        ids["张三2"], "西江镇", "诫勉谈话")
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findText("诫勉"))
    assert column(panel, "谈话人") == ["县委书记"]
    panel.kind_filter.setCurrentIndex(0)
    panel.search.setText("zs")
    assert len(rows(panel)) == 2
    panel.search.setText("西江")
    assert column(panel, "谈话对象") == ["张三"] and tab.count_label.text() == "2025年度谈话显示 1 / 2 次"
    panel.search.clear()

    activate(window, qtbot)
    panel.select_id(row.id)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    settle(window)
    dialog = panel.dialog
    assert dialog.windowTitle() == "修改谈话" and dialog.widgets["talker"].text() == "县委书记"
    fill(dialog, qtbot, summary="指出问题，限期整改。")
    save(dialog, window, qtbot)
    assert [t["summary"] for t in talks(window.ctx.reader, cadre_id=ids["张三2"])] == ["指出问题，限期整改。"]
    activate(window, qtbot)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    settle(window)
    assert len(talks(window.ctx.reader, year=YEAR)) == 1 and "诫勉谈话" in confirming[0]
    undo(window, qtbot)
    assert len(rows(panel)) == 2


def test_inquiries_overdue_highlighted_and_a_reply_recorded(tab, window, qtbot, ids):
    panel = show_panel(tab, window, qtbot, InquiriesPanel, Qt.Key.Key_Q)
    assert column(panel, "状态") == ["逾期回复"]
    dialog = open_new(panel, window, qtbot)
    fill(dialog, qtbot, cadre_id="wangwu", sent_on="2025-12-01", issue="反映违规收受礼金", reply_due="2025-12-15")
    save(dialog, window, qtbot)
    row = panel.selected_row()
    at = panel.model.row_of(row.id)
    assert row.state == "逾期未回复" and brush(panel, at, 0) == OVERDUE_ROW.background
    assert tab.count_label.text() == "2025年度函询共 2 件，其中逾期未回复 1 件"
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findText("逾期未回复"))
    assert column(panel, "函询对象") == ["王五"]
    panel.kind_filter.setCurrentIndex(0)
    activate(window, qtbot)
    panel.select_id(row.id)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_R, ALT)  # 登记回复(&R)…
    qtbot.wait(150)
    dialog = panel.dialog
    activate(dialog, qtbot)
    assert dialog.widgets["replied_on"].text() == "2026-03-02"
    save(dialog, window, qtbot)
    assert problem(dialog, "reply") == "请填写回复内容"
    fill(dialog, qtbot, reply="系亲属间正常往来，已退还。", outcome="予以了结")
    save(dialog, window, qtbot)
    assert panel.selected_row().state == "逾期回复"
    assert [i["outcome"] for i in inquiries(window.ctx.reader, cadre_id=ids["王五"])] == ["予以了结"]


def test_sanctions_and_notices_with_their_kinds_and_the_unit_filter(tab, window, qtbot, ids):
    panel = show_panel(tab, window, qtbot, SanctionsPanel, Qt.Key.Key_C)
    assert rows(panel) == [["2025-06-01", "赵六", "西江镇", "党纪处分", "警告", "违反中央八项规定精神", "县纪委"]]
    dialog = open_new(panel, window, qtbot)
    fill(dialog, qtbot, cadre_id="qq", category="政务处分")
    measures = dialog.widgets["measure"]
    assert [measures.itemText(n) for n in range(measures.count())] == ["（请选择）", "警告", "记过", "记大过", "降级", "撤职", "开除"]
    fill(dialog, qtbot, measure="记过", decided_on="2025-10-10", text="履职不力", decided_by="县监委")
    save(dialog, window, qtbot)
    assert [s["measure"] for s in sanctions(window.ctx.reader, cadre_id=ids["钱七"])] == ["记过"]
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findText("党纪处分"))
    assert column(panel, "受处分干部") == ["赵六"]
    panel.kind_filter.setCurrentIndex(0)
    tab.apply_unit(ids["西江镇"])
    assert sorted(column(panel, "受处分干部")) == ["赵六", "钱七"]
    tab.apply_unit(ids["丹江镇"])
    assert rows(panel) == [] and tab.count_label.text() == "2025年度处分共 0 件"

    panel = show_panel(tab, window, qtbot, NoticesPanel, Qt.Key.Key_P)
    assert rows(panel) == [["2025-07-01", "丹江镇", "", "作风", "值班期间脱岗", "县纪委"]]
    tab.apply_unit(None)
    dialog = open_new(panel, window, qtbot)
    fill(dialog, qtbot, kind="效能", text="窗口服务推诿扯皮", issued_on="2025-09-09")
    save(dialog, window, qtbot)
    assert problem(dialog, "unit_id") == "请选择单位"
    fill(dialog, qtbot, unit_id="西江镇", cadre_id="zl")
    save(dialog, window, qtbot)
    assert not dialog.isVisible()
    assert [(n["unit_name"], n["cadre_name"], n["kind"]) for n in column_rows(panel)] == [
        ("丹江镇", "", "作风"), ("西江镇", "赵六", "效能")]
    QApplication.processEvents()
    window.grab().save("/tmp/registers_notices.png")


def column_rows(panel) -> list[dict]:
    return sorted((panel.model.row_at(r).record for r in range(panel.model.rowCount())), key=lambda n: n["issued_on"])


def test_a_locked_year_says_so_and_its_registers_refuse_changes(tab, window, qtbot, ids, confirming, message_boxes):
    lock_year(window.ctx.store, YEAR)
    tab.reload(YEAR)
    assert tab.banner.isVisible() and "不能再修改" in tab.banner.text()
    panel = show_panel(tab, window, qtbot, SanctionsPanel, Qt.Key.Key_C)
    panel.select_row(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    settle(window)
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and "2025年度考核已锁定" in text
    assert len(sanctions(window.ctx.reader, year=YEAR)) == 1
    panel = show_panel(tab, window, qtbot, TalksPanel, Qt.Key.Key_K)  # talks go on
    panel.select_row(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    settle(window)
    assert talks(window.ctx.reader, year=YEAR) == [] and rows(panel) == []


def test_the_three_tabs_in_the_real_page_with_unique_alt_keys(window, qtbot, ids):
    """The 年度考核 page itself, as the navigation shows it."""
    window.resize(1280, 800)
    page = shown_page(window, "annual")
    page.year_chooser.set_period(YEAR)
    settle(window)

    for letter, name in ((Qt.Key.Key_L, "inputs"), (Qt.Key.Key_W, "registers")):
        activate(window, qtbot)
        qtbot.keyClick(page, letter, ALT)
        settle(window)
        tab = page.tabs.currentWidget()
        assert tab.year == YEAR and tab.count_label.isVisible()
        assert doubled(alt_keys(page, menu_texts(window))) == [], name
        QApplication.processEvents()
        window.grab().save(f"/tmp/annual_page_{name}.png")
    registers = page.tabs.currentWidget()
    for number in range(registers.tabs.count()):
        registers.tabs.setCurrentIndex(number)
        assert doubled(alt_keys(page, menu_texts(window))) == [], registers.tabs.tabText(number)
    registers.tabs.setCurrentIndex(0)
    assert registers.count_label.text() == "2025年度督办事项共 2 件，其中逾期未办结 1 件"
    page.unit_filter.set_unit(ids["西江镇"])
    settle(window)
    assert registers.unit_id == ids["西江镇"] and rows(registers.panel(TasksPanel)) == []
