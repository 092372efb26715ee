"""季度评议 under pytest-qt on the county demo as of its today (2026-01-05): the quarter's sessions as
the core says, a session registered by keyboard (a bad number refused inline first), tallies typed
in the grid (abstentions computed, an impossible number blocking 保存, one undo step), the voter
categories of 丹江镇, the tally template round trip through the preview, and the ballots printed."""

from datetime import datetime

import pdfplumber
import pytest
from conftest import TZ, StepClock, import_skipping_problems, model_rows, settle, shown_page
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desktop_app.core.evaluations import (
    default_evaluated,
    evaluated_of,
    get_session,
    save_session,
    sessions_of_quarter,
    tallies_of,
)
from desktop_app.core.units import list_units
from desktop_app.gui.dialogs import import_dialog
from desktop_app.gui.dialogs import tally_dialog as tally_dialog_module
from desktop_app.gui.dialogs.ballot_print_dialog import BallotPrintDialog
from desktop_app.gui.dialogs.session_dialog import SessionDialog
from desktop_app.gui.dialogs.tally_dialog import TallyDialog
from desktop_app.gui.dialogs.tally_import import TallyImportDialog
from desktop_app.gui.models.quarterly_models import DONE, NOT_ENTERED, NOT_REGISTERED, SessionsModel
from desktop_app.gui.models.tally_grid_model import ERROR_BACKGROUND, RED, TallyGridModel
from desktop_app.gui.pages import quarterly_files

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
MEETING = {"meeting_date": "2026-03-27", "expected": 40, "present": 38, "issued": 38, "returned": 37, "valid": 36}
SPLIT_UNIT = "丹江镇"


@pytest.fixture
def page(window):
    window.ctx.store.clock = StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=TZ))  # the demo's today
    return shown_page(window, "quarterly")


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the focused widget, through the shortcut map as a real key press."""
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def type_here(text: str) -> None:
    """Type digits (and ASCII) into whatever has the focus at each key: a cell's editor once typing opened it."""
    for char in text:
        QTest.keyClicks(QApplication.focusWidget(), char)


def rows(page) -> list:
    model = page.sessions.model
    return [model.row_at(n) for n in range(model.rowCount())]


def unit_named(window, name: str) -> str:
    return next(u["id"] for u in list_units(window.ctx.reader, "2026-01-05") if u["name"] == name)


def a_unit_with_team(window, year: int, quarter: int, *, skip: str = SPLIT_UNIT) -> tuple[str, str]:
    """A unit other than `skip` whose team members held posts in the quarter (so a default ballot)."""
    for unit in list_units(window.ctx.reader, "2026-01-05"):
        if unit["name"] != skip and len(default_evaluated(window.ctx.reader, unit["id"], year, quarter)) >= 2:
            return unit["id"], unit["name"]
    raise AssertionError("no unit with a team")


def activate(dialog, qtbot) -> None:
    dialog.activateWindow()  # its shortcuts (Ctrl+S, Alt+1…) work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def back_to_window(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_the_quarter_is_todays_and_last_quarter_lists_the_sessions_as_the_core_does(page, window, qtbot, qtmodeltester):
    assert page.quarter == (2026, 1)
    assert {row.status for row in rows(page)} == {NOT_REGISTERED}
    page.sessions.view.setFocus()
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_Left, ALT)
    assert page.quarter == (2025, 4) and page.quarter_chooser.box.currentText() == "2025年第4季度"
    expected = sessions_of_quarter(window.ctx.reader, 2025, 4)
    shown = {row.unit_id: row for row in rows(page) if row.session}
    assert set(shown) == {s["unit_id"] for s in expected}
    assert all(shown[s["unit_id"]].session == s for s in expected)
    assert {row.status for row in shown.values()} == {DONE}
    model = page.sessions.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "单位", "会议日期", "应到", "实到", "发出", "收回", "有效", "分类", "测评人数", "已录入人数", "状态"]
    split = next(row for row in rows(page) if row.unit_name == SPLIT_UNIT)
    line = [model.index(model.row_of(split.unit_id), c).data() for c in range(model.columnCount())]
    session = split.session
    assert line[1:7] == [session["meeting_date"], *(str(session[f]) for f in ("expected", "present", "issued",
                                                                                 "returned", "valid"))]
    assert line[7] == "、".join(f"{c} {session['valid_by_category'][c]}" for c in ("领导", "同级", "干部职工"))
    assert line[8:] == [str(len(session["cadre_ids"])), f"{len(session['cadre_ids'])} / {len(session['cadre_ids'])}", DONE]
    assert page.sessions.count_label.text() == f"共 {model.total} 个单位：已登记 {len(expected)}，已录完 {len(expected)}"
    page.unit_filter.set_unit(split.unit_id)
    assert [row.unit_name for row in rows(page)] == [SPLIT_UNIT]
    assert page.sessions.count_label.text() == f"显示 1 / {model.total} 个单位：已登记 1，已录完 1"
    page.unit_filter.set_unit(None)
    qtmodeltester.check(model, force_py=True)
    page.sessions.select_row(0)
    page.sessions.view.setFocus()
    QApplication.processEvents()  # the count lays out again
    page.window().grab().save("/tmp/quarterly_list.png")
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_Right, ALT)
    assert page.quarter == (2026, 1) and page.sessions.edit_button.text() == "登记（F2）"


def test_a_session_registered_by_keyboard_after_a_bad_number(page, window, qtbot):
    unit_id, unit_name = a_unit_with_team(window, 2026, 1)
    people = default_evaluated(window.ctx.reader, unit_id, 2026, 1)
    assert people
    assert page.sessions.select_id(unit_id)
    page.sessions.view.setFocus()
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_N, CTRL)
    dialog = page.sessions.dialog
    assert isinstance(dialog, SessionDialog) and dialog.isVisible() and dialog.unit_id == unit_id
    activate(dialog, qtbot)
    assert [dialog.people.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(dialog.people.list.count())] == [
        p.cadre_id for p in people]
    dialog.date_edit.setFocus()
    type_here("2026-03-27")
    press(Qt.Key.Key_Tab)
    type_here("40")
    press(Qt.Key.Key_Tab)
    type_here("41x")  # 实到 more than 应到; letters are not taken
    error = dialog.findChild(QLabel, "error_present")
    assert dialog.numbers["present"].text() == "41"
    assert error.isVisibleTo(dialog) and error.text() == "实到（41）不能多于应到（40）"
    press(Qt.Key.Key_Return)  # Enter goes on to 发出, as Tab does: it never saves a half-filled meeting
    assert dialog.numbers["issued"].hasFocus() and window.ctx.runner.pending == 0
    press(Qt.Key.Key_S, CTRL)  # 保存 refused: nothing written
    settle(window)
    assert dialog.findChild(QLabel, "error_issued").text() == "请填写发出票数"
    assert dialog.isVisible() and get_session(window.ctx.reader, unit_id, 2026, 1) is None
    dialog.grab().save("/tmp/quarterly_session_dialog_error.png")
    dialog.numbers["present"].setFocus()
    press(Qt.Key.Key_Backspace)
    press(Qt.Key.Key_Backspace)
    type_here("38")
    assert not error.isVisibleTo(dialog)
    for number in ("38", "37", "36"):
        press(Qt.Key.Key_Tab)
        type_here(number)
    dialog.grab().save("/tmp/quarterly_session_dialog.png")
    press(Qt.Key.Key_S, ALT)  # 保存(&S)
    qtbot.wait(150)
    settle(window)
    session = get_session(window.ctx.reader, unit_id, 2026, 1)
    assert not dialog.isVisible()
    assert {f: session[f] for f in MEETING} == MEETING and session["cadre_ids"] == [p.cadre_id for p in people]
    row = page.sessions.selected_row()
    assert (row.unit_name, row.status, row.entered_text) == (unit_name, NOT_ENTERED, f"0 / {len(people)}")


def test_split_categories_must_add_up_and_people_can_be_added_and_removed(page, window, qtbot):
    unit_id, _name = a_unit_with_team(window, 2026, 1)
    page.sessions.select_id(unit_id)
    page.sessions.edit_selected()  # 登记 for a unit without a session
    dialog = page.sessions.dialog
    activate(dialog, qtbot)
    for field, value in MEETING.items():
        (dialog.date_edit if field == "meeting_date" else dialog.numbers[field]).setText(str(value))
    dialog.split.check.setChecked(True)
    for name, value in (("领导", "5"), ("同级", "10"), ("干部职工", "20")):
        dialog.split.edits[name].setText(value)
    error = dialog.findChild(QLabel, "error_valid_by_category")
    assert error.isVisibleTo(dialog) and error.text() == "各类有效票之和（35）应等于有效票（36）"
    assert dialog.split.sum_label.text() == "合计 35，有效票 36"
    dialog.split.edits["干部职工"].setText("21")
    assert not error.isVisibleTo(dialog)
    first = dialog.people.cadre_ids()[0]
    dialog.people.list.setCurrentRow(0)
    dialog.people.list.setFocus()
    press(Qt.Key.Key_Delete)
    assert first not in dialog.people.cadre_ids()
    dialog.people.candidates.setCurrentIndex(dialog.people.candidates.findData(first))
    dialog.people.add_chosen()
    assert dialog.people.cadre_ids()[-1] == first
    dialog.accept()
    settle(window)
    session = get_session(window.ctx.reader, unit_id, 2026, 1)
    assert session["categories"] == ["领导", "同级", "干部职工"] and session["valid_by_category"]["干部职工"] == 21
    assert session["cadre_ids"][-1] == first


def test_changing_a_session_under_its_tallies_asks_first(page, window, qtbot, monkeypatch):
    from desktop_app.gui.dialogs import session_dialog

    page.quarter_chooser.set_quarter((2025, 4))
    unit_id, _name = a_unit_with_team(window, 2025, 4)
    before = get_session(window.ctx.reader, unit_id, 2025, 4)
    page.sessions.select_id(unit_id)
    page.sessions.view.setFocus()
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_F2)
    dialog = page.sessions.dialog
    assert dialog.session == before and dialog.numbers["valid"].text() == str(before["valid"])
    asked = []
    monkeypatch.setattr(session_dialog, "confirm", lambda _p, _t, text, **_k: asked.append(text) or False)
    dialog.numbers["valid"].setText("1")
    dialog.accept()
    settle(window)
    assert "计票不再成立" in asked[0] and "超过有效票 1" in asked[0]
    assert dialog.isVisible() and get_session(window.ctx.reader, unit_id, 2025, 4) == before
    dialog.numbers["valid"].setText(str(before["valid"]))
    dialog.note_edit.setText("补记备注")
    dialog.accept()
    settle(window)
    assert len(asked) == 1 and get_session(window.ctx.reader, unit_id, 2025, 4)["note"] == "补记备注"


@pytest.fixture
def registered(page, window):
    """A 2026 Q1 session of a unit with a team (36 valid ballots), registered through the core."""
    unit_id, name = a_unit_with_team(window, 2026, 1)
    save_session(window.ctx.store, unit_id, 2026, 1, MEETING)
    page.refresh(None)
    return unit_id, name


def open_grid(page, qtbot, unit_id: str) -> TallyDialog:
    assert page.sessions.select_id(unit_id)
    page.sessions.view.setFocus()
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_L, ALT)  # 录入计票(&L)
    qtbot.wait(150)
    dialog = page.sessions.dialog
    assert isinstance(dialog, TallyDialog) and dialog.isVisible()
    activate(dialog, qtbot)
    return dialog


def cell(dialog, row: int, aspect: int, grade: int):
    model = dialog.model
    return model.index(row, model.column_of(aspect, grade))


def test_tallies_typed_in_the_grid_checked_saved_and_undone(page, window, qtbot, registered, qtmodeltester):
    unit_id, _name = registered
    dialog = open_grid(page, qtbot, unit_id)
    model, grid = dialog.model, dialog.grid
    people = model.people
    assert not dialog.category_bar.isVisible() and dialog.valid_label.text() == "有效票 36 张"
    assert grid.hasFocus() and grid.currentIndex() == cell(dialog, 0, 0, 0)
    first = [["30", "4", "2", "0"], ["28", "6", "1", "0"], ["25", "8", "2", "1"]]
    for aspect in first:
        for number in aspect:
            type_here(number)
            press(Qt.Key.Key_Tab)  # past 弃权 to the next aspect; at the row's end to the next row
    assert grid.currentIndex() == cell(dialog, 1, 0, 0)
    assert [cell(dialog, 0, a, 4).data() for a in range(3)] == ["0", "1", "0"]  # 弃权 = 36 − votes
    assert dialog.progress_label.text() == f"已录入 1 / {len(people)} 人"
    type_here("31")
    press(Qt.Key.Key_Return)  # Enter moves on as Tab does
    type_here("5")
    press(Qt.Key.Key_Return)
    assert grid.currentIndex() == cell(dialog, 1, 0, 2)
    assert cell(dialog, 1, 0, 4).data() == "0"
    type_here("3")  # 31 + 5 + 3 = 39 > 36
    press(Qt.Key.Key_Return)
    problem = f"{people[1].name} 思路措施：共 39 票，多于有效票 36 张"
    assert not dialog.save_button.isEnabled() and problem in dialog.message.text()
    assert cell(dialog, 1, 0, 4).data() == "-3"
    assert cell(dialog, 1, 0, 4).data(Qt.ItemDataRole.ForegroundRole) == RED
    assert cell(dialog, 1, 0, 0).data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert cell(dialog, 1, 1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    dialog.grab().save("/tmp/quarterly_grid_error.png")
    press(Qt.Key.Key_S, CTRL)  # refused while wrong
    settle(window)
    assert tallies_of(window.ctx.reader, get_session(window.ctx.reader, unit_id, 2026, 1)["id"]) == {}
    qtmodeltester.check(model, force_py=True)
    grid.setCurrentIndex(cell(dialog, 1, 0, 0))
    type_here("28")  # typing replaces the cell
    press(Qt.Key.Key_Tab)
    assert cell(dialog, 1, 0, 0).data() == "28" and cell(dialog, 1, 0, 4).data() == "0"
    assert dialog.save_button.isEnabled() and "多于" not in dialog.message.text()
    grid.setCurrentIndex(cell(dialog, 1, 0, 2))
    press(Qt.Key.Key_Delete)  # clears the cell: 28 + 5 = 33, three abstain
    assert cell(dialog, 1, 0, 2).data() == "" and cell(dialog, 1, 0, 4).data() == "3"
    total = model.index(model.total_row, model.column_of(0, 0))
    assert total.data() == "58" and model.index(model.total_row, 0).data() == "合计"
    dialog.grab().save("/tmp/quarterly_grid.png")
    press(Qt.Key.Key_S, CTRL)
    settle(window)
    session = get_session(window.ctx.reader, unit_id, 2026, 1)
    saved = tallies_of(window.ctx.reader, session["id"])
    assert saved == {people[0].cadre_id: {"": [[30, 4, 2, 0], [28, 6, 1, 0], [25, 8, 2, 1]]},
                     people[1].cadre_id: {"": [[28, 5, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]}}
    assert "已保存 2 人的计票" in dialog.message.text() and not dialog.save_button.isEnabled()
    row = page.sessions.model.row_at(page.sessions.model.row_of(unit_id))
    assert row.entered_text == f"2 / {len(people)}" and row.status == "录入中"
    press(Qt.Key.Key_Escape)  # nothing unsaved: closes without asking
    assert not dialog.isVisible()
    back_to_window(window, qtbot)
    page.sessions.view.setFocus()
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_Z, CTRL)  # one undo step takes the whole save back
    settle(window)
    assert tallies_of(window.ctx.reader, session["id"]) == {}
    assert page.sessions.model.row_at(page.sessions.model.row_of(unit_id)).status == NOT_ENTERED


def test_closing_with_unsaved_numbers_asks(page, window, qtbot, registered, monkeypatch):
    dialog = open_grid(page, qtbot, registered[0])
    type_here("12")
    press(Qt.Key.Key_Tab)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(tally_dialog_module, "unsaved_answer", lambda _parent: answers.pop(0))
    dialog.reject()
    assert dialog.isVisible()  # 取消: still open
    dialog.reject()  # 保存: saved, then closed
    settle(window)
    assert not dialog.isVisible()
    session = get_session(window.ctx.reader, registered[0], 2026, 1)
    assert tallies_of(window.ctx.reader, session["id"])[dialog.model.people[0].cadre_id] == {
        "": [[12, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]}


def test_categories_of_a_split_session_each_with_its_valid_ballots(page, window, qtbot, qtmodeltester, monkeypatch):
    page.quarter_chooser.set_quarter((2025, 4))
    unit_id = unit_named(window, SPLIT_UNIT)
    session = get_session(window.ctx.reader, unit_id, 2025, 4)
    saved = tallies_of(window.ctx.reader, session["id"])
    dialog = open_grid(page, qtbot, unit_id)
    model = dialog.model
    valid = session["valid_by_category"]
    assert dialog.category_bar.isVisible() and dialog.category_bar.count() == 3
    assert dialog.valid_label.text() == f"领导类有效票 {valid['领导']} 张"
    first = model.people[0].cadre_id
    assert cell(dialog, 0, 0, 0).data() == str(saved[first]["领导"][0][0])
    press(Qt.Key.Key_2, ALT)
    assert model.category == "同级" and dialog.valid_label.text() == f"同级类有效票 {valid['同级']} 张"
    assert cell(dialog, 0, 0, 0).data() == str(saved[first]["同级"][0][0])
    assert cell(dialog, 0, 0, 4).data() == str(valid["同级"] - sum(saved[first]["同级"][0]))
    press(Qt.Key.Key_3, ALT)
    assert model.category == "干部职工" and dialog.category_bar.currentIndex() == 2
    assert dialog.progress_label.text() == f"已录入 {len(model.people)} / {len(model.people)} 人（干部职工类 {len(model.people)} 人）"
    grid = dialog.grid
    grid.setFocus()
    grid.setCurrentIndex(cell(dialog, 0, 1, 0))
    type_here(str(valid["干部职工"] + 1))
    press(Qt.Key.Key_Tab)
    assert f"{model.people[0].name}（干部职工） 作风纪律：共" in dialog.message.text()
    assert f"多于干部职工类有效票 {valid['干部职工']} 张" in dialog.message.text()
    qtmodeltester.check(model, force_py=True)
    QApplication.processEvents()  # the labels lay out again
    dialog.grab().save("/tmp/quarterly_grid_categories.png")
    monkeypatch.setattr(tally_dialog_module, "unsaved_answer", lambda _p: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible() and tallies_of(window.ctx.reader, session["id"]) == saved  # discarded


def test_template_exported_filled_and_imported_through_the_preview(page, window, qtbot, registered, tmp_path,
                                                                    monkeypatch, message_boxes, qtmodeltester):
    unit_id, name = registered
    session = get_session(window.ctx.reader, unit_id, 2026, 1)
    people = evaluated_of(window.ctx.reader, session)
    offered = []

    def choose(_parent, _caption, suggested, _filter):
        offered.append(suggested)
        return str(tmp_path / suggested.rsplit("/", 1)[-1]), ""

    monkeypatch.setattr(quarterly_files.QFileDialog, "getSaveFileName", choose)
    page.sessions.view.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_X, ALT)  # 导出计票模板(&X)…
    qtbot.wait(150)
    settle(window)
    template = tmp_path / "计票模板-2026年第1季度-全部单位.xlsx"
    assert offered[0].endswith(template.name)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出模板") and str(template) in text
    book = load_workbook(template)
    sheet = book.active
    assert [row[3].value for row in sheet.iter_rows(min_row=2)] == [p.name for p in people]
    good, bad = [30, 4, 2, 0, 28, 6, 1, 0, 25, 8, 2, 1], [30, 4, 2, 1] + [0] * 8  # 37 > 36
    for row, counts in zip(sheet.iter_rows(min_row=2, max_row=3), (good, bad), strict=True):
        for offset, value in enumerate(counts):
            row[6 + offset].value = value
    book.save(template)

    monkeypatch.setattr(quarterly_files.QFileDialog, "getOpenFileName", lambda *_a: (str(template), ""))
    qtbot.keyClick(page, Qt.Key.Key_I, ALT)  # 导入计票(&I)…
    qtbot.wait(150)
    settle(window)
    preview = page.sessions.files.dialog
    assert isinstance(preview, TallyImportDialog) and preview.plan is not None
    assert model_rows(preview.model) == [["第2行", f"{name} 2026年第1季度", people[0].name, "", "新增", ""],
                                         ["第3行", "", people[1].name, "", "有问题", "「思路措施」票数合计 37 超过有效票 36"]]
    assert preview.summary_label.text() == "将新增 1 人、更新 0 人的计票，无变化 0 人；有问题 1 行"
    assert preview.import_button.text() == import_dialog.SKIP_AND_IMPORT_TEXT
    preview.grab().save("/tmp/quarterly_import_preview.png")
    text = import_skipping_problems(window, preview, monkeypatch, message_boxes, qtmodeltester)
    assert "新增 1 人" in text and "已跳过 1 行" in text
    assert tallies_of(window.ctx.reader, session["id"]) == {people[0].cadre_id: {"": [good[:4], good[4:8], good[8:]]}}
    assert page.sessions.model.row_at(page.sessions.model.row_of(unit_id)).status == "录入中"


def test_ballots_printed_per_category_and_for_a_unit_not_yet_registered(page, window, qtbot, tmp_path, monkeypatch,
                                                                         message_boxes):
    monkeypatch.setattr(quarterly_files.QFileDialog, "getSaveFileName",
                        lambda _p, _c, suggested, _f: (str(tmp_path / suggested.rsplit("/", 1)[-1]), ""))
    page.quarter_chooser.set_quarter((2025, 4))
    unit_id = unit_named(window, SPLIT_UNIT)
    session = get_session(window.ctx.reader, unit_id, 2025, 4)
    page.sessions.select_id(unit_id)
    page.sessions.view.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_P, ALT)  # 打印测评表(&P)…
    qtbot.wait(150)
    choice = page.sessions.files.dialog
    assert isinstance(choice, BallotPrintDialog) and choice.by_category.isChecked()
    assert choice.choice() == session["valid_by_category"]
    choice.grab().save("/tmp/quarterly_ballot_choice.png")
    for box in choice.category_copies.values():
        box.setValue(1)
    choice.accept()
    settle(window)
    pdf = tmp_path / f"民主测评表-2025年第4季度-{SPLIT_UNIT}.pdf"
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已生成测评表") and "共 3 份" in text
    with pdfplumber.open(pdf) as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    first = evaluated_of(window.ctx.reader, session)[0]
    assert SPLIT_UNIT in text and first.name in text and "干部职工" in text

    page.quarter_chooser.set_quarter((2026, 1))
    other_id, other = a_unit_with_team(window, 2026, 1)
    page.sessions.select_id(other_id)
    page.sessions.print_ballots()
    choice = page.sessions.files.dialog
    assert not choice.by_category.isChecked() and choice.choice() == 1
    choice.copies.setValue(2)
    choice.accept()
    settle(window)
    message_boxes.take()
    with pdfplumber.open(tmp_path / f"民主测评表-2026年第1季度-{other}.pdf") as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    names = [p.name for p in default_evaluated(window.ctx.reader, other_id, 2026, 1)]
    assert other in text and names[0] in text and "第 2 份" in text

    monkeypatch.setattr(quarterly_files, "ballot_module_available", lambda: False)
    assert page.sessions.print_ballots() is None
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("information", "暂不能打印") and "还没有民主测评表打印功能" in text


def test_the_grid_model_never_raises_and_passes_the_model_tester(qtmodeltester):
    from desktop_app.core.evaluations import Evaluated

    people = [Evaluated("a", "张三", "党委书记"), Evaluated("b", "李四", "镇长")]
    model = TallyGridModel(people, ["思路措施", "作风纪律"], ("好", "较好", "一般", "差"), ["领导", "干部职工"],
                           {"领导": 5, "干部职工": 20}, {"a": {"领导": [[5, 0, 0, 0], [4, 1, 0, 0]], "x": [[1]]}})
    assert model.setData(model.index(1, model.column_of(0, 0)), "7")
    assert not model.setData(model.index(1, model.column_of(0, 0)), "七")
    assert not model.setData(model.index(1, model.column_of(0, 4)), "1")  # 弃权 is computed
    assert [p.text for p in model.problems()] == ["李四（领导） 思路措施：共 7 票，多于领导类有效票 5 张"]
    assert model.counts_by_cadre() == {"a": {"领导": [[5, 0, 0, 0], [4, 1, 0, 0]]}, "b": {"领导": [[7, 0, 0, 0], [0, 0, 0, 0]]}}
    model.set_category("干部职工")
    assert model.index(0, model.column_of(0, 4)).data() == ""  # nothing entered in this category
    assert model.index(99, 99).data() is None and model.headerData(99, Qt.Orientation.Horizontal) is None
    qtmodeltester.check(model, force_py=True)
    sessions = SessionsModel()
    qtmodeltester.check(sessions, force_py=True)
