"""单位管理: filtering, numeric sorting, the unit dialog, deleting with confirm and undo."""

import pytest
from conftest import settle, shown_page
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.core.units import add_unit, list_units

PAGE = "desktop_app.gui.pages.units_page"


@pytest.fixture
def page(window):
    return shown_page(window, "units")


def units_by_name(window) -> dict[str, dict]:
    return {unit["name"]: unit for unit in list_units(window.ctx.reader, window.ctx.today())}


def shown_names(page) -> list[str]:
    return [page.model.row_at(row)["name"] for row in range(page.model.rowCount())]


def type_text(widget, text: str) -> None:
    """Type (Chinese) text as a keyboard would; qtbot.keyClicks aborts on non-ASCII."""
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, char))


def add_through_runner(window, name: str) -> str:
    results = []
    window.ctx.runner.run(lambda: add_unit(window.ctx.store, {"name": name, "kind": "其他"}),
                          on_done=results.append)
    settle(window)
    return results[0][0]


def open_add_dialog(page, qtbot):
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is not None and page.dialog.isVisible()
    assert page.dialog.windowTitle() == "新增单位"
    return page.dialog


def test_the_list_shows_every_unit_with_its_cadres_in_post(page, window, qtmodeltester):
    qtmodeltester.check(page.model, force_py=True)
    assert page.model.rowCount() == 100
    assert page.findChild(QLabel, "units_count").text() == "共 100 个单位，显示 100 个"
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == \
        ["单位名称", "类别", "排序号", "在任人数"]
    first = page.model.row_at(0)
    assert first["cadre_count"] == units_by_name(window)[first["name"]]["cadre_count"] > 0
    assert page.model.data(page.model.index(0, 3)) == str(first["cadre_count"])


def test_filter_text_and_kind_narrow_the_rows(page, qtbot):
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    type_text(page.search, "县委")
    names = shown_names(page)
    assert 0 < len(names) < 100 and all("县委" in name for name in names)
    assert page.count_label.text() == f"共 100 个单位，显示 {len(names)} 个"
    page.search.setText("djz")  # pinyin initials of 丹江镇
    assert "丹江镇" in shown_names(page)
    page.search.clear()
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("街道"))
    streets = page.model.rowCount()
    assert streets and {page.model.row_at(row)["kind"] for row in range(streets)} == {"街道"}
    page.search.setText("乡镇")  # the kind filter and the text must both hold
    assert page.model.rowCount() == 0
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.model.rowCount() == streets


def test_sorting_by_cadres_in_post_is_numeric(page, qtmodeltester):
    page.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    counts = [page.model.row_at(row)["cadre_count"] for row in range(page.model.rowCount())]
    texts = [page.model.data(page.model.index(row, 3)) for row in range(page.model.rowCount())]
    assert counts == sorted(counts)
    assert texts != sorted(texts)  # as text "10" < "9": a text sort would be wrong
    page.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert page.model.row_at(0)["cadre_count"] == max(counts)
    qtmodeltester.check(page.model, force_py=True)


def test_adding_a_unit_through_the_dialog(page, window, qtbot):
    dialog = open_add_dialog(page, qtbot)
    dialog.name_edit.setText("县数据资源管理局")
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("县直部门"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert not dialog.isVisible()
    unit = units_by_name(window)["县数据资源管理局"]
    assert unit["kind"] == "县直部门" and unit["cadre_count"] == 0
    assert unit["sort_order"] == max(u["sort_order"] for u in units_by_name(window).values())  # 自动: last
    assert page.model.rowCount() == 101
    assert page.selected_unit()["id"] == unit["id"]


def test_problems_show_inline_and_a_duplicate_keeps_the_dialog_open(page, window, qtbot):
    dialog = open_add_dialog(page, qtbot)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.findChild(QLabel, "error_name")
    assert message.isVisibleTo(dialog) and message.text() == "请填写单位名称"
    assert window.ctx.runner.pending == 0  # nothing sent to the database
    dialog.name_edit.setText("丹江镇")
    dialog.accept()
    settle(window)
    assert dialog.isVisible()
    assert message.isVisibleTo(dialog) and message.text() == "单位「丹江镇」已存在"
    assert dialog.save_button.isEnabled()
    assert len(units_by_name(window)) == 100
    dialog.reject()
    assert not dialog.isVisible()


def test_editing_keeps_the_selection_on_the_unit(page, window, qtbot):
    row = page.model.row_of(units_by_name(window)["西江镇"]["id"])
    page.view.setCurrentIndex(page.model.index(row, 0))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    dialog = page.dialog
    assert dialog.windowTitle() == "修改单位" and dialog.name_edit.text() == "西江镇"
    assert dialog.kind_box.currentData() == "乡镇" and dialog.order_spin.value() == 20
    dialog.name_edit.setText("西江镇人民政府")
    dialog.order_spin.setValue(5)
    dialog.accept()
    settle(window)
    assert not dialog.isVisible()
    unit = units_by_name(window)["西江镇人民政府"]
    assert unit["sort_order"] == 5 and "西江镇" not in units_by_name(window)
    assert page.selected_unit()["id"] == unit["id"]
    assert page.view.currentIndex().row() == 0  # sorted by 排序号, 5 comes first


def test_enter_and_double_click_open_the_edit_dialog(page, qtbot):
    page.view.setCurrentIndex(page.model.index(2, 0))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.dialog.isVisible() and page.dialog.name_edit.text() == page.model.row_at(2)["name"]
    page.dialog.reject()
    rect = page.view.visualRect(page.model.index(4, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.dialog.isVisible() and page.dialog.name_edit.text() == page.model.row_at(4)["name"]
    page.dialog.reject()


def test_deleting_a_unit_with_cadres_in_post_is_refused(page, window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr("desktop_app.gui.errors.QMessageBox.warning", lambda _parent, title, text: shown.append(text))
    monkeypatch.setattr(f"{PAGE}.confirm", lambda *a, **k: pytest.fail("no need to ask: the core refuses"))
    unit = units_by_name(window)["丹江镇"]
    page.select_unit(unit["id"])
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    settle(window)
    assert shown == [f"单位「丹江镇」还有{unit['cadre_count']}名干部在任，请先调动或办理离任后再删除。"]
    assert "丹江镇" in units_by_name(window) and page.model.rowCount() == 100


def test_deleting_an_empty_unit_after_confirming_and_undoing_it(page, window, qtbot, monkeypatch):
    unit_id = add_through_runner(window, "临时工作专班")
    asked = []
    monkeypatch.setattr(f"{PAGE}.confirm", lambda _parent, title, text, **k: asked.append(text) or True)
    assert page.select_unit(unit_id)
    row = page.view.currentIndex().row()
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert "临时工作专班" in asked[0] and "Ctrl+Z" in asked[0]
    assert "临时工作专班" not in units_by_name(window) and page.model.row_of(unit_id) == -1
    assert page.view.currentIndex().row() == min(row, page.model.rowCount() - 1)  # the next unit
    assert "已删除单位「临时工作专班」" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert "临时工作专班" in units_by_name(window) and page.model.row_of(unit_id) >= 0


def test_declining_the_confirmation_deletes_nothing(page, window, monkeypatch):
    unit_id = add_through_runner(window, "临时工作专班")
    monkeypatch.setattr(f"{PAGE}.confirm", lambda *a, **k: False)
    page.select_unit(unit_id)
    page.delete_selected()
    settle(window)
    assert "临时工作专班" in units_by_name(window)


def test_a_filtered_out_unit_is_shown_again_after_saving(page, window, qtbot):
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("乡镇"))
    dialog = open_add_dialog(page, qtbot)
    dialog.name_edit.setText("县地方志编纂中心")
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("县直部门"))
    dialog.accept()
    settle(window)
    assert page.kind_filter.currentIndex() == 0
    assert page.selected_unit()["name"] == "县地方志编纂中心"


def test_keyboard_shortcuts_belong_to_the_page_shown(page, window, qtbot):
    window.show_page("audit")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is None  # a hidden page's Ctrl+N does nothing
    window.show_page("units")
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert page.kind_filter.hasFocus()
    qtbot.keyClick(page.kind_filter, Qt.Key.Key_Tab)
    assert page.view.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is not None and page.dialog.isVisible()
    page.dialog.reject()


def test_a_change_elsewhere_updates_the_counts(page, window):
    add_through_runner(window, "县新设机构办公室")
    assert page.model.rowCount() == 101
    assert page.count_label.text() == "共 101 个单位，显示 101 个"


def test_enter_in_the_search_box_goes_to_the_list_and_opens_nothing(page, qtbot):
    """Enter edits the selected unit only from the list (a shortcut of the list, not of the window)."""
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(page.search, "丹江")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.dialog is None or not page.dialog.isVisible()
    assert page.view.hasFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.dialog is not None and page.dialog.isVisible() and page.dialog.windowTitle() == "修改单位"
    page.dialog.reject()


def test_a_filter_that_hides_the_selected_unit_is_kept(page, window):
    """Filtering while a unit is selected narrows the list (it used to clear the filter to show the unit)."""
    xijiang = units_by_name(window)["西江镇"]["id"]
    page.select_unit(xijiang)
    page.search.setText("江")  # 西江镇 still shows: it stays selected
    assert page.selected_unit()["id"] == xijiang
    page.search.setText("县委")
    assert page.search.text() == "县委" and "西江镇" not in shown_names(page)
    assert page.selected_unit() is None and not page.edit_button.isEnabled()
    page.search.clear()
    page.select_unit(xijiang)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("街道"))
    assert page.kind_filter.currentData() == "街道" and "西江镇" not in shown_names(page)


def test_down_in_the_search_box_goes_into_the_list(page, qtbot):
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.view.hasFocus() and page.selected_unit() == page.model.row_at(0)
