"""工作日历 under pytest-qt: the year's source of holidays, entering days by keyboard, undo, the
推算 helper, importing a schedule with a bad row, and the models."""

from datetime import date

import pytest
from conftest import open_tool_dialog, settle, shown_page
from openpyxl import Workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop_app.core.calendar_days import list_days, set_days
from desktop_app.core.calendar_files import read_schedule
from desktop_app.core.workdays import load_calendar
from desktop_app.gui.dialogs import calendar_import, import_dialog
from desktop_app.gui.dialogs.calendar_dialog import CalendarDialog
from desktop_app.gui.dialogs.calendar_import import ScheduleImportDialog, SchedulePlanModel
from desktop_app.gui.models.calendar_models import CHOSEN_ROLE, DAY_KINDS, DAY_ROLE, MARK_ROLE

GUESSED_2027 = "2027年：尚无法定节假日数据，按周六、周日休息推算。请录入或导入当年的放假安排。"
ALT, CTRL, SHIFT = (Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier,
                    Qt.KeyboardModifier.ShiftModifier)


def type_text(widget, text: str) -> None:
    """Type (Chinese) text as a keyboard would; qtbot.keyClicks aborts on non-ASCII."""
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, char))


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    """Keys to whatever has the focus (the operator's view of it)."""
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def alt(qtbot, widget, key) -> None:
    """Alt+letter: a button's mnemonic clicks it after 100 ms (animateClick)."""
    qtbot.keyClick(widget, key, ALT)
    qtbot.wait(150)


def cell(dialog: CalendarDialog, day: date):
    model = dialog.grid.views[day.month - 1].month_model()
    return model.index_of(day)


def entered(window, year: int = 2027) -> list[tuple[str, str, str]]:
    return [(e.day.isoformat(), e.kind, e.name) for e in list_days(window.ctx.reader, year)]


@pytest.fixture
def dialog(window, qtbot) -> CalendarDialog:
    """Opened as the operator does: 工具 → 工作日历 (Ctrl+Shift+C)."""
    yield open_tool_dialog(window, qtbot, Qt.Key.Key_C, "calendar_dialog", CalendarDialog)
    if window.calendar_dialog is not None:
        window.calendar_dialog.close()
    settle(window)


def test_menu_action_opens_one_dialog_on_the_current_year(window, dialog):
    assert window.calendar_action.text() == "工作日历(&C)…"
    assert window.calendar_action.shortcut().toString() == "Ctrl+Shift+C"
    assert window.open_calendar() is dialog  # raised, not opened twice
    assert dialog.windowTitle() == "工作日历" and dialog.year == 2026
    assert dialog.status_label.text() == "2026年：使用国务院公布的放假安排（软件内置）"
    assert dialog.grid.current == date(2026, 11, 20)
    national_day = cell(dialog, date(2026, 10, 1))
    assert national_day.data(MARK_ROLE) == "休" and "国庆节" in national_day.data(Qt.ItemDataRole.ToolTipRole)
    assert national_day.data(Qt.ItemDataRole.BackgroundRole) == QColor(DAY_KINDS["holiday"].background)
    make_up = cell(dialog, date(2026, 10, 10))  # Saturday, 调休上班
    assert make_up.data(MARK_ROLE) == "班" and "调休上班" in make_up.data(Qt.ItemDataRole.ToolTipRole)
    assert cell(dialog, date(2026, 10, 17)).data(MARK_ROLE) == ""  # an ordinary Saturday
    dialog.grab().save("/tmp/calendar_2026.png")


def test_page_down_shows_2027_in_red_and_the_calculator_warns(dialog, qtbot):
    dialog.grid.setFocus()
    press(qtbot, Qt.Key.Key_PageDown)
    assert dialog.year == 2027 and dialog.grid.current == date(2027, 11, 20)
    assert dialog.status_label.text() == GUESSED_2027
    assert "#b3261e" in dialog.status_label.styleSheet()
    dialog.calculator.set_start(date(2027, 9, 30))
    assert dialog.calculator.warning_label.isVisibleTo(dialog)
    assert "2027年的法定节假日和调休安排软件中没有" in dialog.calculator.warning_label.text()
    dialog.grab().save("/tmp/calendar_2027_guessed.png")
    press(qtbot, Qt.Key.Key_PageUp)
    assert dialog.year == 2026
    dialog.year_spin.setFocus()
    press(qtbot, Qt.Key.Key_PageDown)  # the year box's own PgDn (10 years) does not win
    assert dialog.year == 2027


def test_entering_national_day_2027_by_keyboard_then_undo(window, dialog, qtbot):
    dialog.grid.setFocus()
    press(qtbot, Qt.Key.Key_PageDown)  # 2027-11-20
    press(qtbot, Qt.Key.Key_Up, times=7)  # 2027-10-02
    press(qtbot, Qt.Key.Key_Left)
    press(qtbot, Qt.Key.Key_Right, SHIFT, times=6)
    assert dialog.grid.selected_days()[0] == date(2027, 10, 1) and len(dialog.grid.selected_days()) == 7
    assert dialog.selection_label.text() == "已选 2027年10月1日至10月7日，共 7 天"
    assert cell(dialog, date(2027, 10, 4)).data(CHOSEN_ROLE) and not cell(dialog, date(2027, 10, 8)).data(CHOSEN_ROLE)
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)  # 名称(&N)
    assert dialog.name_edit.hasFocus()
    type_text(dialog.name_edit, "国庆节")
    alt(qtbot, dialog, Qt.Key.Key_X)  # 设为休息日(&X)
    settle(window)
    assert entered(window) == [(f"2027-10-0{n}", "休息日", "国庆节") for n in range(1, 8)]
    assert dialog.status_label.text() == "2027年：已录入 7 天（以录入为准）"
    assert "#b3261e" not in dialog.status_label.styleSheet()
    assert dialog.message.text() == "已保存：2027年10月1日至10月7日设为休息日（国庆节）。可按 Ctrl+Z 撤销。"
    first = cell(dialog, date(2027, 10, 1))
    assert first.data(Qt.ItemDataRole.FontRole).bold() and first.data(Qt.ItemDataRole.FontRole).underline()
    assert first.data(MARK_ROLE) == "休" and "已录入" in first.data(Qt.ItemDataRole.ToolTipRole)

    dialog.grid.setFocus()
    press(qtbot, Qt.Key.Key_Up)  # 2027-09-30
    press(qtbot, Qt.Key.Key_Left, times=4)  # 2027-09-26, a Sunday
    assert dialog.grid.selected_days() == [date(2027, 9, 26)]
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_A, CTRL)
    type_text(dialog.name_edit, "国庆调休")
    alt(qtbot, dialog, Qt.Key.Key_B)  # 设为工作日（调休）(&B)
    settle(window)
    assert ("2027-09-26", "工作日", "国庆调休") in entered(window)
    assert dialog.status_label.text() == "2027年：已录入 8 天（以录入为准）"
    assert cell(dialog, date(2027, 9, 26)).data(MARK_ROLE) == "班"
    assert dialog.entered_model.rowCount() == 8

    dialog.grid.setFocus()
    press(qtbot, Qt.Key.Key_Right, times=4)  # 2027-09-30
    alt(qtbot, dialog, Qt.Key.Key_U)  # 用所选日期(&U): the calculator starts there
    calculator = dialog.calculator
    assert calculator.period.start == date(2027, 9, 30) and calculator.workdays_spin.value() == 7
    assert calculator.period.end == date(2027, 10, 15)
    assert calculator.end_label.text() == "截止日期：2027年10月15日（星期五）"
    assert calculator.period_label.text() == "期间：2027年9月30日至10月15日（7个工作日）"
    assert not calculator.period.guessed and not calculator.warning_label.isVisibleTo(dialog)
    dialog.grab().save("/tmp/calendar_2027_entered.png")

    steps = len(window.ctx.undo.done)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the main window's 撤销 works in the dialog
    settle(window)
    assert len(window.ctx.undo.done) == steps - 1
    assert ("2027-09-26", "工作日", "国庆调休") not in entered(window) and len(entered(window)) == 7
    assert dialog.status_label.text() == "2027年：已录入 7 天（以录入为准）"
    assert dialog.message.text() == "已撤销：工作日历：2027年9月26日设为工作日（国庆调休）"
    assert cell(dialog, date(2027, 9, 26)).data(MARK_ROLE) == ""


def test_restore_default_and_the_list(window, dialog, qtbot, qtmodeltester):
    window.ctx.runner.run(lambda: set_days(window.ctx.store, ["2027-10-01", "2027-10-02"], "休", "国庆节"))
    window.ctx.runner.run(lambda: set_days(window.ctx.store, ["2027-10-09"], "班", "国庆调休"))
    settle(window)
    dialog.year_spin.setValue(2027)
    assert dialog.entered_model.rowCount() == 3 and dialog.entered_count.text() == "共 3 天"
    qtmodeltester.check(dialog.entered_model, force_py=True)
    qtbot.keyClick(dialog, Qt.Key.Key_F, CTRL)
    assert dialog.search.hasFocus()
    type_text(dialog.search, "调休")
    assert dialog.entered_model.rowCount() == 1 and dialog.entered_count.text() == "显示 1 / 3 天"
    press(qtbot, Qt.Key.Key_Down)  # into the list
    press(qtbot, Qt.Key.Key_Return)  # shows the day in the grid
    assert dialog.grid.current == date(2027, 10, 9)
    assert dialog.name_edit.text() == "国庆调休"
    press(qtbot, Qt.Key.Key_Delete)  # 恢复默认
    settle(window)
    assert [day for day, _kind, _name in entered(window)] == ["2027-10-01", "2027-10-02"]
    assert dialog.message.text() == "已保存：清除2027年10月9日的录入。可按 Ctrl+Z 撤销。"
    press(qtbot, Qt.Key.Key_Delete)  # again: nothing entered there
    settle(window)
    assert dialog.message.text() == "所选日期没有录入，本来就是默认安排。"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)
    dialog.entered_view.setFocus()
    dialog.entered_view.setCurrentIndex(dialog.entered_model.index(0, 0))
    press(qtbot, Qt.Key.Key_Delete)  # in the list: that day's entry
    settle(window)
    assert [day for day, _kind, _name in entered(window)] == ["2027-10-02"]


def test_a_too_long_name_is_refused_under_the_field(window, dialog, qtbot):
    dialog.year_spin.setValue(2027)
    dialog.grid.go_to(date(2027, 10, 1))
    dialog.name_edit.setText("节" * 21)
    dialog.off_button.click()
    settle(window)
    assert dialog.form.messages["name"].text() == "名称过长（最多20字）"
    assert entered(window) == []


def test_models_pass_the_model_tester(dialog, qtmodeltester):
    for view in dialog.grid.views[:2]:
        qtmodeltester.check(view.month_model(), force_py=True)
    dialog.year_spin.setValue(2027)
    qtmodeltester.check(dialog.grid.views[9].month_model(), force_py=True)
    february = dialog.grid.views[1].month_model()
    assert february.index(0, 0).data() == "1"  # 2027-02-01 is a Monday: the first cell; four weeks in all
    assert february.index(3, 6).data(DAY_ROLE) == date(2027, 2, 28)
    assert february.index(4, 0).flags() == Qt.ItemFlag.NoItemFlags and february.index(4, 0).data() is None


def write_schedule(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["日期", "类型", "名称"])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_import_previews_the_bad_row_then_skips_it(window, dialog, qtbot, tmp_path, monkeypatch, message_boxes,
                                                  qtmodeltester):
    path = write_schedule(tmp_path / "2027年放假安排.xlsx", [
        ("2027-01-01", "休", "元旦"), ("2027-02-30", "休", "春节"), ("2027-02-06", "班", "春节调休")])
    monkeypatch.setattr(calendar_import.QFileDialog, "getOpenFileName", lambda *_a: (str(path), ""))
    asked = []
    monkeypatch.setattr(import_dialog, "confirm", lambda _parent, _title, text, **_kw: asked.append(text) or True)
    dialog.year_spin.setValue(2027)
    alt(qtbot, dialog, Qt.Key.Key_I)  # 导入放假安排(&I)…
    settle(window)
    preview = dialog.findChild(ScheduleImportDialog)
    assert preview is not None and preview.plan is not None
    model = SchedulePlanModel()  # the preview's own model goes with it when it closes
    model.file_rows = preview.model.file_rows
    model.set_rows(preview.plan.rows)
    qtmodeltester.check(model, force_py=True)
    rows = [[preview.model.index(r, c).data() for c in range(6)] for r in range(preview.model.rowCount())]
    assert [(row[0], row[4]) for row in rows] == [("2", "新增"), ("3", "有问题"), ("4", "新增")]
    assert rows[1][1:4] == ["2027-02-30", "休", "春节"]  # as the file says
    assert "2027-02-30" in rows[1][5] and "不是有效的日期" in rows[1][5]
    assert rows[2][1:4] == ["2027-02-06", "工作日", "春节调休"]  # as it would be written
    assert preview.summary_label.text() == "将新增 2 天、修改 0 天、无变化 0 天、有问题 1 行"
    assert preview.problem_label.isVisibleTo(preview) and "有问题的 1 行" in preview.problem_label.text()
    assert preview.import_button.text() == "跳过有问题的行并导入(&I)"
    assert entered(window) == []  # the preview writes nothing
    preview.grab().save("/tmp/calendar_import_preview.png")
    steps = len(window.ctx.undo.done)
    preview.import_button.click()
    settle(window)
    assert "有 1 行有问题" in asked[0]
    assert entered(window) == [("2027-01-01", "休息日", "元旦"), ("2027-02-06", "工作日", "春节调休")]
    assert len(window.ctx.undo.done) == steps + 1
    assert message_boxes.take()[-1][:2] == ("information", "导入完成")
    assert dialog.status_label.text() == "2027年：已录入 2 天（以录入为准）"
    assert dialog.message.text().startswith("已导入工作日历 2027年放假安排.xlsx")


def test_template_is_written_where_chosen(window, dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(calendar_import.QFileDialog, "getSaveFileName",
                        lambda *_a: (str(tmp_path / "模板"), ""))
    dialog.template_button.click()
    settle(window)
    written = tmp_path / "模板.xlsx"
    assert [row.day for row in read_schedule(written).rows] == ["2025-10-01", "2025-09-28"]
    assert str(written) in dialog.message.text()


def test_settings_page_says_which_years_are_known_and_opens_the_dialog(window):
    page = shown_page(window, "settings")
    page.grab().save("/tmp/calendar_settings_page.png")
    text = page.calendar_years.text()
    assert "2026年：使用国务院公布的放假安排（软件内置）" in text and GUESSED_2027 in text
    page.calendar_button.click()
    assert isinstance(window.calendar_dialog, CalendarDialog) and window.calendar_dialog.isVisible()
    window.ctx.runner.run(lambda: set_days(window.ctx.store, ["2027-01-01"], "休", "元旦"))
    settle(window)
    assert "2027年：已录入 1 天（以录入为准）" in page.calendar_years.text()
    assert load_calendar(window.ctx.reader).official_year(2027)
    window.calendar_dialog.grab().save("/tmp/calendar_from_settings.png")
    window.calendar_dialog.close()
    settle(window)
