"""The roster page under pytest-qt: search (pinyin initials, Chinese, ID number), filters,
sorting, the cadre dialog with inline validation, transfer, leave, delete, undo and redo."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.core import cadres
from desktop_app.core.audit import cadre_history
from desktop_app.core.posts import posts_of
from desktop_app.core.roster import ROSTER_COLUMNS
from desktop_app.core.units import list_units
from desktop_app.gui.dialogs.cadre_dialog import HISTORY_TAB, CadreDialog
from desktop_app.gui.dialogs.post_dialogs import RetireDialog, TransferDialog
from desktop_app.gui.models.roster_model import RosterModel
from tests.conftest import settle

ZHANG_SAN_ID = "11010519491231002X"  # GB 11643's own example number, a woman born 1949-12-31


def type_text(widget, text: str) -> None:
    """Type any text, Chinese included (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, ch))


def visible_rows(page):
    return [page.model.display_row(n) for n in range(page.model.rowCount())]


@pytest.fixture
def page(window):
    return window.show_page("roster")


@pytest.fixture
def zhang_san(window, page):
    unit = list_units(window.ctx.reader, window.ctx.today())[0]
    created = cadres.add_cadre(window.ctx.store, {"name": "张三", "id_number": ZHANG_SAN_ID, "phone": "13800000000"},
                               {"unit_id": unit["id"], "title": "科员", "post_type": "其他", "start_date": "2020-01-01"})
    window.ctx.undo.record(created.changes.batch_id)
    page.refresh(created.changes)
    return created.record_id


def test_roster_model_passes_the_model_tester(qtmodeltester, window):
    model = RosterModel(window.ctx.reader, window.ctx.today())
    model.reload()
    assert model.rowCount() > 1000
    qtmodeltester.check(model, force_py=True)


def test_pinyin_initials_find_the_cadre(qtbot, page, zhang_san):
    qtbot.keyClicks(page.search, "zs")
    rows = visible_rows(page)
    assert zhang_san in [row.id for row in rows]
    assert 0 < len(rows) < page.model.total
    assert "共" in page.count_label.text() and f"显示 {len(rows)} 人" in page.count_label.text()


def test_full_pinyin_chinese_and_id_number_search(qtbot, page, zhang_san):
    qtbot.keyClicks(page.search, "zhangsan")
    assert [row.name for row in visible_rows(page)].count("张三") == 1
    page.search.clear()
    type_text(page.search, "张三")
    assert page.search.text() == "张三"
    assert all("张三" in row.name for row in visible_rows(page)) and visible_rows(page)
    page.search.clear()
    qtbot.keyClicks(page.search, "19491231")
    assert [row.id for row in visible_rows(page)] == [zhang_san]
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.model.rowCount() == page.model.total


def test_id_numbers_are_masked_in_the_list(page, zhang_san):
    row = page.model.row_of(zhang_san)
    column = ROSTER_COLUMNS.index("id_number")
    assert page.model.index(row, column).data() == "1101**********002X"


def cells_of(page, cadre_id: str) -> tuple[str, str]:
    row = page.model.row_of(cadre_id)
    return tuple(page.model.index(row, ROSTER_COLUMNS.index(c)).data() for c in ("id_number", "phone"))


def test_the_full_values_toggle_starts_off_and_shows_both_columns_in_full(page, window, zhang_san):
    assert not page.full_values.isChecked() and page.full_values.isEnabled()
    assert cells_of(page, zhang_san) == ("1101**********002X", "138****0000")
    page.full_values.setChecked(True)
    assert cells_of(page, zhang_san) == (ZHANG_SAN_ID, "13800000000")
    page.full_values.setChecked(False)
    assert cells_of(page, zhang_san) == ("1101**********002X", "138****0000")


def test_a_role_that_may_not_see_full_values_cannot_tick_the_toggle(page, window, zhang_san):
    window.ctx.store.role = "只读"
    page.refresh()
    assert not page.full_values.isEnabled() and "审核员或管理员" in page.full_values.toolTip()
    window.ctx.full_sensitive = True  # even set behind the page's back, the role decides
    page.refresh()
    assert cells_of(page, zhang_san) == ("1101**********002X", "138****0000") and not page.full_values.isChecked()


def test_filters_by_status_unit_and_post_type(page, window):
    page.status_filter.setCurrentIndex(page.status_filter.findData("退休"))
    rows = visible_rows(page)
    assert rows and all(row.status == "退休" for row in rows)
    page.status_filter.setCurrentIndex(0)
    unit = list_units(window.ctx.reader, window.ctx.today())[3]
    page.unit_filter.setCurrentIndex(page.unit_filter.findData(unit["id"]))
    page.post_type_filter.setCurrentIndex(page.post_type_filter.findData("正职"))
    rows = visible_rows(page)
    assert rows and all(row.unit_name == unit["name"] and row.post_type == "正职" for row in rows)


def test_sorting_by_name_follows_pinyin(page):
    page.view.sortByColumn(ROSTER_COLUMNS.index("birth_month"), Qt.SortOrder.DescendingOrder)
    births = [row.birth_month for row in visible_rows(page)[:200]]
    assert births == sorted(births, reverse=True)


def test_new_cadre_dialog_shows_problems_inline_and_writes_nothing(window, page):
    dialog = CadreDialog(window.ctx, None, page)
    dialog.form.fields["name"].setText("张")
    dialog.form.fields["id_number"].setText("110105194912310021")
    dialog.save()
    settle(window)
    assert dialog.isVisible() is False or dialog.result() == 0
    messages = {key: label.text() for key, label in dialog.form.messages.items() if label.text()}
    assert "姓名" in messages["name"] and "校验位" in messages["id_number"]
    assert dialog.post.messages["unit_id"].text() == "请选择单位"
    assert page.model.total == window.ctx.reader.execute("SELECT COUNT(*) FROM cadres WHERE deleted = 0").fetchone()[0]


def test_add_cadre_through_the_dialog_then_undo_and_redo(qtbot, window, page):
    before = page.model.total
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, CadreDialog) and dialog.isVisible()
    dialog.form.fields["name"].setText("欧阳玥")
    dialog.form.fields["id_number"].setText("11010519491231002X")
    dialog.post.fields["unit_id"].setCurrentIndex(2)
    dialog.post.fields["title"].setText("副镇长")
    dialog.post.fields["post_type"].setCurrentIndex(dialog.post.fields["post_type"].findData("副职"))
    dialog.save()
    settle(window)
    assert not dialog.isVisible()
    assert page.model.total == before + 1
    assert page.model.display_row(page.view.currentIndex().row()).name == "欧阳玥"
    window.undo()
    settle(window)
    assert page.model.total == before
    window.redo()
    settle(window)
    assert page.model.total == before + 1


def test_duplicate_id_number_is_refused_inline(window, page, zhang_san):
    dialog = CadreDialog(window.ctx, None, page)
    dialog.form.fields["name"].setText("李四")
    dialog.form.fields["id_number"].setText(ZHANG_SAN_ID)
    dialog.post.fields["unit_id"].setCurrentIndex(1)
    dialog.post.fields["title"].setText("科员")
    dialog.open()
    dialog.save()
    settle(window)
    assert dialog.isVisible()
    assert "已登记给张三" in dialog.form.messages["id_number"].text()


def test_edit_shows_history_and_ctrl_z_restores(qtbot, window, page, zhang_san):
    page.select(zhang_san)
    page.edit_cadre()
    dialog = page.dialog
    assert dialog.form.fields["phone"].text() == "138****0000" and dialog.form.fields["phone"].isReadOnly()
    dialog.refill_buttons["phone"].click()  # 重新填写联系电话: the masked phone replaced on purpose
    dialog.form.fields["phone"].setText("13911112222")
    dialog.save()
    settle(window)
    assert cadres.cadre_record(window.ctx.reader, zhang_san)["phone"] == "13911112222"
    history = CadreDialog(window.ctx, zhang_san, page, tab=HISTORY_TAB)
    assert history.tabs.currentIndex() == HISTORY_TAB
    assert any("138****0000 → 139****2222" in entry.summary for entry in cadre_history(window.ctx.reader, zhang_san))
    assert any("13800000000 → 13911112222" in "；".join(entry.lines(full_id_numbers=True))
               for entry in cadre_history(window.ctx.reader, zhang_san))
    assert history.history.model.rowCount() == len(cadre_history(window.ctx.reader, zhang_san))
    window.activateWindow()  # the closed dialog was the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert cadres.cadre_record(window.ctx.reader, zhang_san)["phone"] == "13800000000"


def test_transfer_closes_the_old_post_and_opens_the_new(window, page, zhang_san):
    dialog = TransferDialog(window.ctx, zhang_san, page)
    units = list_units(window.ctx.reader, window.ctx.today())
    dialog.form.set_value("unit_id", units[5]["id"])
    dialog.form.set_value("title", "副局长")
    dialog.form.set_value("start_date", "2026-11-01")
    dialog.open()
    dialog.save()
    settle(window)
    posts = posts_of(window.ctx.reader, zhang_san)
    assert [(p["unit_name"], p["end_date"]) for p in posts] == [(units[5]["name"], None),
                                                                (units[0]["name"], "2026-11-01")]
    row = page.model.display_row(page.model.row_of(zhang_san))
    assert row.unit_name == units[5]["name"] and row.title == "副局长"


def test_retire_and_delete_with_confirmation_and_undo(monkeypatch, window, page, zhang_san):
    dialog = RetireDialog(window.ctx, zhang_san, page)
    dialog.open()
    dialog.save()
    settle(window)
    assert cadres.cadre_record(window.ctx.reader, zhang_san)["status"] == "退休"
    monkeypatch.setattr("desktop_app.gui.pages.roster_page.confirm", lambda *a, **k: True)
    page.select(zhang_san)
    page.delete_cadre()
    settle(window)
    assert page.model.row_of(zhang_san) == -1
    window.undo()
    settle(window)
    assert page.model.row_of(zhang_san) >= 0


def test_actions_without_a_selection_say_so(window, page):
    page.view.clearSelection()
    page.view.setCurrentIndex(page.model.index(-1, -1))
    page.transfer_cadre()
    assert "请先在列表中选中" in window.statusBar().currentMessage()


def test_delete_is_not_done_when_the_operator_cancels(monkeypatch, window, page, zhang_san):
    monkeypatch.setattr("desktop_app.gui.pages.roster_page.confirm", lambda *a, **k: False)
    page.select(zhang_san)
    page.delete_cadre()
    settle(window)
    assert page.model.row_of(zhang_san) >= 0


def test_id_number_hint_when_leaving_the_field(window, page):
    dialog = CadreDialog(window.ctx, None, page)
    dialog.form.fields["id_number"].setText(ZHANG_SAN_ID)
    dialog._check_id_number()
    assert "女" in dialog.id_hint.text() and "1949年12月" in dialog.id_hint.text()
    assert isinstance(dialog.id_hint, QLabel)


def test_arrow_down_from_the_search_box_enters_the_list(qtbot, window, page, zhang_san):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.search.setFocus()
    qtbot.keyClicks(page.search, "zhangsan")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.view.hasFocus()
    assert page.selected_id() == page.model.cadre_id(0)


def test_another_operator_starts_with_full_values_off(page, window, zhang_san):
    from desktop_app.core.permissions import Operator

    page.full_values.setChecked(True)
    assert window.ctx.show_full_id_numbers
    window.begin_session(Operator("审核乙", "审核员"))  # 切换操作员 from the lock screen
    roster = window.show_page("roster")
    assert not window.ctx.show_full_id_numbers and not roster.full_values.isChecked()
    assert cells_of(roster, zhang_san) == ("1101**********002X", "138****0000")
