"""年度考核 → 年度数据 under pytest-qt, on the small county of tests/annual_county.py (two towns; 2025
entered, 2024 not), the operator's clock on 2026-03-02: the units with how far their inputs are
entered, the grid typed cell by cell (abstentions computed, a total over the valid ballots shown on
its cells and blocking 保存, 属实 and 等次 by key, the side form's findings and key projects), one
undo step, a refusal of the core shown on its row, the template written by the core filled in and
imported through the preview, and a locked year read only.

The tab is shown in a stand-in for the 年度考核 page (its filter row: the search box and the count;
`refresh(changes)` as the page does), inside the main window, so undo and the reload after a
change go the way they go in the product.
"""


import annual_gui
from annual_gui import rows
from conftest import import_skipping_problems, model_rows, settle
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.core.annual_inputs import delete_inputs, get_inputs, year_inputs
from desktop_app.core.cadres import delete_post
from desktop_app.core.posts import posts_of
from desktop_app.core.year_locks import lock_year
from desktop_app.gui.dialogs import annual_inputs_dialog as dialog_module
from desktop_app.gui.dialogs import import_dialog
from desktop_app.gui.dialogs.annual_import import AnnualImportDialog
from desktop_app.gui.dialogs.annual_inputs_dialog import AnnualInputsDialog
from desktop_app.gui.models.annual_input_models import DONE, ENTERING, NOTHING
from desktop_app.gui.models.tally_grid_model import ERROR_BACKGROUND, RED
from desktop_app.gui.pages import annual_inputs_tab
from desktop_app.gui.pages.annual_inputs_tab import AnnualInputsTab

annual_template, county, window, ids = annual_gui.FIXTURES  # pytest finds fixtures among a module's names
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
HEADERS = ["单位", "考核对象", "已录民主测评", "已录民意调查", "专项调查属实", "责任制考核得分", "责任制考核等次", "状态"]


def show_tab(window, year: int) -> AnnualInputsTab:
    """The tab of `year`, shown in the main window (which calls the stand-in's refresh after changes)."""
    tab = annual_gui.show_tab(window, AnnualInputsTab, year)
    tab.apply_unit(None)
    settle(window)
    return tab


def select(tab, unit_id: str) -> None:
    assert tab.select_id(unit_id)
    tab.view.setFocus()


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def type_here(text: str) -> None:
    """Type into whatever has the focus at each key (a cell's editor once typing opened it); Chinese as a
    keyboard sends it (qtbot.keyClicks aborts on non-ASCII)."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(QApplication.focusWidget(), char)
        else:
            QApplication.sendEvent(QApplication.focusWidget(), QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def activate(widget, qtbot) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def open_grid(tab, window, qtbot, unit_id: str) -> AnnualInputsDialog:
    """Enter on the unit's row, as the operator opens the grid."""
    activate(window, qtbot)
    select(tab, unit_id)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    dialog = tab.dialog
    assert isinstance(dialog, AnnualInputsDialog) and dialog.isVisible()
    activate(dialog, qtbot)
    return dialog


def cell(dialog, name: str, kind: str, grade: int = 0):
    model = dialog.model
    row = next(n for n, s in enumerate(model.subjects) if s.name == name)
    return model.index(row, model.column_of(kind, grade))


def undo(window, qtbot) -> None:
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    settle(window)


def test_the_units_list_says_how_far_each_unit_is_entered(window, ids, qtmodeltester):
    delete_inputs(window.ctx.store, 2025, ids["丹江镇"], ids["王五"])
    tab = show_tab(window, 2025)
    model = tab.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == HEADERS
    assert rows(tab) == [["丹江镇", "班子 + 3 人", "3 / 4", "1 / 4", "", "92", "好", ENTERING],
                         ["西江镇", "班子 + 3 人", "4 / 4", "1 / 4", "", "92", "好", DONE]]
    assert tab.count_label.text() == "共 2 个单位：已录完 1，未录入 0"
    tab.search.setText("xj")  # pinyin initials of 西江镇
    assert [r[0] for r in rows(tab)] == ["西江镇"] and tab.count_label.text() == "显示 1 / 2 个单位：已录完 1，未录入 0"
    tab.search.clear()
    tab.apply_unit(ids["丹江镇"])
    assert [r[0] for r in rows(tab)] == ["丹江镇"]
    tab.apply_unit(None)
    qtmodeltester.check(model, force_py=True)
    tab.reload(2024)
    assert [r[7] for r in rows(tab)] == [NOTHING, NOTHING] and rows(tab)[1][1] == "班子 + 2 人"
    assert not tab.banner.isVisible()
    tab.reload(2025)
    tab.select_row(0)
    QApplication.processEvents()
    window.grab().save("/tmp/annual_inputs_tab.png")


def test_the_grid_typed_checked_live_saved_in_one_step_and_undone(window, ids, qtbot, qtmodeltester):
    tab = show_tab(window, 2024)
    town = ids["丹江镇"]
    dialog = open_grid(tab, window, qtbot, town)
    model, grid = dialog.model, dialog.grid
    assert [s.name for s in model.subjects] == ["领导班子", "张三", "李四", "王五"]
    assert grid.hasFocus() and grid.currentIndex() == cell(dialog, "领导班子", "eval_valid")
    assert model.headerData(model.column_of("eval", 2), Qt.Orientation.Horizontal) == "一般\n基本称职"
    for number in ("40", "30", "8", "2", "0"):
        type_here(number)
        press(Qt.Key.Key_Tab)  # past 弃权 to the survey
    assert cell(dialog, "领导班子", "eval_abstain").data() == "0"
    assert grid.currentIndex() == cell(dialog, "领导班子", "survey_valid")
    for number in ("90", "50", "10", "30"):
        type_here(number)
        press(Qt.Key.Key_Return)  # Enter moves on as Tab does
    press(Qt.Key.Key_Space)  # 属实
    assert cell(dialog, "领导班子", "confirmed").data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    press(Qt.Key.Key_Tab)
    type_here("78.5")
    press(Qt.Key.Key_Tab)
    type_here("3")  # 等次: 1 好, 2 较好, 3 一般, 4 差
    press(Qt.Key.Key_Tab)
    assert cell(dialog, "领导班子", "grade").data() == "一般"
    type_here("整改中")
    press(Qt.Key.Key_Tab)  # the row's end: on to 张三, whose score is not entered
    assert grid.currentIndex() == cell(dialog, "张三", "eval_valid")
    for number in ("40", "35", "6"):  # 41 votes on 40 ballots
        type_here(number)
        press(Qt.Key.Key_Tab)
    problem = "张三：民主测评各等次票数合计 41 超过有效票 40"
    assert problem in dialog.message.text() and not dialog.save_button.isEnabled()
    assert cell(dialog, "张三", "eval_abstain").data() == "-1"
    assert cell(dialog, "张三", "eval_abstain").data(Qt.ItemDataRole.ForegroundRole) == RED
    assert cell(dialog, "张三", "eval", 0).data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert cell(dialog, "张三", "survey_valid").data(Qt.ItemDataRole.BackgroundRole) is None
    assert cell(dialog, "李四", "score").flags() & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags
    qtmodeltester.check(model, force_py=True)
    QApplication.processEvents()
    dialog.grab().save("/tmp/annual_inputs_grid_error.png")
    press(Qt.Key.Key_S, CTRL)  # refused while wrong
    settle(window)
    assert year_inputs(window.ctx.reader, 2024) == {}
    grid.setCurrentIndex(cell(dialog, "张三", "eval", 1))
    type_here("5")  # typing replaces the cell: 35 + 5 = 40
    press(Qt.Key.Key_Tab)
    assert "超过" not in dialog.message.text() and dialog.save_button.isEnabled()
    grid.setCurrentIndex(cell(dialog, "领导班子", "eval_valid"))  # the side form follows the row
    dialog.details.investigation.setPlainText("经专项调查，群众反映的征地补偿问题属实。")
    dialog.details.add_project()
    type_here("产业园道路")
    press(Qt.Key.Key_Return)
    dialog.details.projects.item(0, 1).setCheckState(Qt.CheckState.Checked)
    assert cell(dialog, "领导班子", "projects").data() == "完成 1/1"
    assert dialog.progress_label.text() == "已录入民主测评 2 / 4，民意调查 1 / 4"
    QApplication.processEvents()
    dialog.grab().save("/tmp/annual_inputs_grid.png")
    activate(dialog, qtbot)
    grid.setFocus()
    press(Qt.Key.Key_S, CTRL)
    settle(window)
    team = get_inputs(window.ctx.reader, 2024, town)
    assert team["evaluation"] == {"valid": 40, "counts": {"好": 30, "较好": 8, "一般": 2, "差": 0}}
    assert (team["survey"]["counts"], team["survey_confirmed"], team["responsibility_score"],
            team["responsibility_grade"], team["note"]) == ({"满意": 50, "基本满意": 10, "不满意": 30}, True, "78.5",
                                                            "一般", "整改中")
    assert team["investigation"] == "经专项调查，群众反映的征地补偿问题属实。"
    assert team["key_projects"] == [{"name": "产业园道路", "done": True, "note": ""}]
    assert get_inputs(window.ctx.reader, 2024, town, ids["张三"])["evaluation"]["counts"] == {
        "优秀": 35, "称职": 5, "基本称职": 0, "不称职": 0}
    assert "已保存 2 项" in dialog.message.text() and not dialog.save_button.isEnabled()
    press(Qt.Key.Key_Escape)  # nothing unsaved: closes without asking
    assert not dialog.isVisible()
    assert rows(tab)[0][2:4] + rows(tab)[0][7:] == ["2 / 4", "1 / 4", ENTERING]
    undo(window, qtbot)  # one undo step takes the whole save back
    assert year_inputs(window.ctx.reader, 2024) == {}
    assert rows(tab)[0][7] == NOTHING


def test_a_refusal_of_the_core_is_shown_on_its_row_and_closing_asks(window, ids, qtbot, monkeypatch):
    tab = show_tab(window, 2024)
    dialog = open_grid(tab, window, qtbot, ids["丹江镇"])
    dialog.grid.setCurrentIndex(cell(dialog, "王五", "eval_valid"))
    type_here("40")
    press(Qt.Key.Key_Tab)
    type_here("20")
    press(Qt.Key.Key_Tab)
    for post in posts_of(window.ctx.reader, ids["王五"]):  # 王五 no longer assessed in 丹江镇 in 2024
        delete_post(window.ctx.store, post["id"])
    settle(window)
    press(Qt.Key.Key_S, CTRL)
    settle(window)
    name = cell(dialog, "王五", "name")
    assert "王五：王五2024年度不在丹江镇参加考核" in dialog.message.text()
    assert name.data(Qt.ItemDataRole.ForegroundRole) == RED and "不在丹江镇参加考核" in name.data(
        Qt.ItemDataRole.ToolTipRole)
    assert not dialog.save_button.isEnabled() and year_inputs(window.ctx.reader, 2024) == {}
    answers = [dialog_module.QMessageBox.StandardButton.Cancel, dialog_module.QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(dialog_module, "unsaved_answer", lambda _parent: answers.pop(0))
    dialog.reject()
    assert dialog.isVisible()  # 取消: still open
    dialog.reject()  # 不保存: closed, nothing written
    assert not dialog.isVisible() and year_inputs(window.ctx.reader, 2024) == {}


def test_the_core_template_filled_in_and_imported_through_the_preview(window, ids, qtbot, tmp_path, monkeypatch,
                                                                       message_boxes, qtmodeltester):
    tab = show_tab(window, 2024)
    offered = []

    def choose(_parent, _caption, suggested, _filter):
        offered.append(suggested)
        return str(tmp_path / suggested.rsplit("/", 1)[-1]), ""

    monkeypatch.setattr(annual_inputs_tab.QFileDialog, "getSaveFileName", choose)
    activate(window, qtbot)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_X, ALT)  # 导出模板(&X)…
    qtbot.wait(150)  # a mnemonic clicks the button after its press animation
    settle(window)
    template = tmp_path / "年度考核数据模板-2024年度-全部单位.xlsx"
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("question", "已导出模板") and str(template) in text
    book = load_workbook(template)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)] == [
        ("丹江镇", "领导班子"), ("丹江镇", "张三"), ("丹江镇", "李四"), ("丹江镇", "王五"),
        ("西江镇", "领导班子"), ("西江镇", "赵六"), ("西江镇", "张三")]
    filled = {2: {"测评有效票": 40, "好": 30, "较好": 8, "责任制考核得分": 91, "责任制考核等次": "好"},
              3: {"测评有效票": 40, "优秀": 41}}  # 张三: more votes than ballots
    for row, values in filled.items():
        for column, value in values.items():
            sheet.cell(row, header.index(column) + 1).value = value
    book.save(template)

    monkeypatch.setattr(annual_inputs_tab.QFileDialog, "getOpenFileName", lambda *_a: (str(template), ""))
    qtbot.keyClick(tab.view, Qt.Key.Key_I, ALT)  # 导入(&I)…
    qtbot.wait(150)
    settle(window)
    preview = tab.dialog_files
    assert isinstance(preview, AnnualImportDialog) and preview.plan is not None
    assert model_rows(preview.model) == [["第2行", "丹江镇", "领导班子", "民主测评、责任制得分、责任制等次", "新增", ""],
                                         ["第3行", "", "张三", "", "有问题", "民主测评各等次票数合计 41 超过有效票 40"]]
    assert preview.summary_label.text() == "将新增 1 项、更新 0 项（班子或干部），无变化 0 项；有问题 1 行"
    assert preview.import_button.text() == import_dialog.SKIP_AND_IMPORT_TEXT
    preview.grab().save("/tmp/annual_inputs_import_preview.png")
    text = import_skipping_problems(window, preview, monkeypatch, message_boxes, qtmodeltester)
    assert "新增 1 项" in text and "已跳过 1 行" in text
    assert set(year_inputs(window.ctx.reader, 2024)) == {(ids["丹江镇"], None)}
    assert get_inputs(window.ctx.reader, 2024, ids["丹江镇"])["responsibility_score"] == "91"
    assert rows(tab)[0][5:] == ["91", "好", "录入中"]


def test_a_locked_year_is_read_only_with_a_banner(window, ids, qtbot):
    lock_year(window.ctx.store, 2025)
    tab = show_tab(window, 2025)
    assert tab.banner.isVisible() and "2025年度考核已于" in tab.banner.text() and "只能查看" in tab.banner.text()
    assert not tab.import_button.isEnabled() and tab.enter_button.text() == "查看年度数据(&B)…"
    dialog = open_grid(tab, window, qtbot, ids["丹江镇"])
    model = dialog.model
    assert dialog.banner.isVisible() and "本表只能查看" in dialog.banner.text()
    assert not dialog.save_button.isVisible() and model.read_only
    before = cell(dialog, "张三", "eval", 0).data()
    dialog.grid.setCurrentIndex(cell(dialog, "张三", "eval", 0))
    type_here("9")
    press(Qt.Key.Key_Delete)
    assert cell(dialog, "张三", "eval", 0).data() == before and not model.dirty
    assert not any(model.flags(model.index(r, c)) & Qt.ItemFlag.ItemIsEditable
                   for r in range(model.rowCount()) for c in range(model.columnCount()))
    assert not dialog.details.investigation.isEnabled() or dialog.details.investigation.isReadOnly()
    QApplication.processEvents()
    dialog.grab().save("/tmp/annual_inputs_grid_locked.png")
    press(Qt.Key.Key_Escape)
    assert not dialog.isVisible()
