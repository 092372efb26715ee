"""规则方案 under pytest-qt on the county demo as of its today (2026-01-05; quarters of 2024–2025, no
rule set stored, so the defaults apply): opened from 工具 (Ctrl+Shift+R), 季度评议 and 系统设置; a
preset saved for 2025 that 2026 then follows; bad edits shown under their groups and nothing saved;
a voter category added by keyboard, saved and undone in the main window; the example score
following the points; a year's set deleted (asked first); keys of a later version kept; the models."""

import copy
import json
from datetime import datetime

import pytest
from conftest import TZ, StepClock, open_tool_dialog, settle, shown_page
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.core.errors import ValidationError
from desktop_app.core.quarter_scores import quarter_summary
from desktop_app.core.rule_sets import (
    DEFAULT_RULES,
    get_rule_set,
    preset_rules,
    rule_set_years,
    rules_for_year,
    save_rule_set,
)
from desktop_app.gui.dialogs import rule_set_dialog
from desktop_app.gui.dialogs.rule_set_dialog import RuleSetDialog
from desktop_app.gui.models.rule_set_models import (
    ERROR_BACKGROUND,
    aspects_model,
    categories_model,
    thresholds_model,
)

CTRL, ALT, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier
DEFAULT_EXAMPLE = "示例：好 30、较好 4、一般 2、差 0（有效 36）→ 得分 95.56，等次 好"


def press(key, modifiers=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    """A key on the focused widget, through the shortcut map as a real key press."""
    for _ in range(times):
        QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def enter() -> None:
    """Enter in a cell's editor: the delegate commits it on the next turn of the event loop."""
    press(Qt.Key.Key_Return)
    QApplication.processEvents()


def type_text(text: str) -> None:
    """Type (Chinese) text into the focused widget as a keyboard would; keyClicks aborts on non-ASCII."""
    for char in text:
        QApplication.sendEvent(QApplication.focusWidget(), QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def stored(window, year: int):
    found = get_rule_set(window.ctx.reader, year)
    return found.rules if found else None


class Questions(list):
    """The questions the dialog asked (删除？放弃修改？) as (title, text); each answered `answer`."""

    answer = True


@pytest.fixture
def asked(monkeypatch) -> Questions:
    questions = Questions()

    def confirm(_parent, title, text, **_kw):
        questions.append((title, text))
        return questions.answer

    monkeypatch.setattr(rule_set_dialog, "confirm", confirm)
    return questions


@pytest.fixture
def dialog(window, qtbot, asked) -> RuleSetDialog:
    """Opened as the operator does: 工具 → 规则方案 (Ctrl+Shift+R), on the demo's today."""
    window.ctx.store.clock = StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=TZ))
    yield open_tool_dialog(window, qtbot, Qt.Key.Key_R, "rule_set_dialog", RuleSetDialog)
    if window.rule_set_dialog is not None:
        window.rule_set_dialog.done(0)
    settle(window)


def test_the_shortcut_opens_one_dialog_on_this_year_with_the_defaults(window, dialog):
    assert window.rule_set_action.text() == "规则方案(&R)…"
    assert window.rule_set_action.shortcut().toString() == "Ctrl+Shift+R"
    assert window.open_rule_sets() is dialog  # raised, not opened twice
    assert dialog.year == 2026 and dialog.windowTitle() == "规则方案 — 2026年"
    assert dialog.status_label.text() == "2026年：默认规则方案（本年及以前各年都没有规则方案）"
    assert dialog.years_label.text() == "数据库中还没有任何年份的规则方案，各年都用默认规则方案。"
    assert dialog.points_editor.points() == {"好": 100, "较好": 80, "一般": 60, "差": 40}
    assert dialog.points_editor.preset_box.currentText() == "100/80/60/40"
    assert [row["short"] for row in dialog.aspects.model.rows()] == ["思路措施", "作风纪律", "工作实绩"]
    assert dialog.categories.model.rows() == DEFAULT_RULES["quarterly"]["categories"]
    assert [dialog.thresholds.model.index(r, 1).data() for r in range(4)] == ["90", "80", "65", "0"]
    assert dialog.preview.text().splitlines() == [
        DEFAULT_EXAMPLE, "分类示例：领导 好 9，平均 100.00；干部职工 好 20、较好 4、一般 2，平均 93.85；同级未参加",
        "→ 加权得分 (30×100.00 + 40×93.85) ÷ (30 + 40) = 96.48，等次 好"]
    assert dialog.save_button.text() == "保存为2026年规则方案(&S)" and not dialog.delete_button.isEnabled()
    assert not dialog.dirty
    dialog.grab().save("/tmp/rule_set_defaults.png")
    dialog.name_edit.setFocus()
    press(Qt.Key.Key_Return)  # Enter never saves (Ctrl+S does): not in a box…
    dialog.points_editor.spins["好"].setFocus()
    press(Qt.Key.Key_Return)  # …nor in a number
    assert window.ctx.runner.pending == 0 and stored(window, 2026) is None


def test_a_preset_saved_for_2025_rescores_its_quarters_and_2026_follows_it(window, dialog, qtbot):
    before = quarter_summary(window.ctx.reader, 2025, 4).average
    press(Qt.Key.Key_PageUp)
    assert dialog.year == 2025 and dialog.status_label.text().startswith("2025年：默认规则方案")
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # 预设(&P)
    assert dialog.points_editor.preset_box.hasFocus()
    press(Qt.Key.Key_Down)
    assert dialog.points_editor.preset_box.currentText() == "95/85/75/60"
    assert dialog.points_editor.points() == {"好": 95, "较好": 85, "一般": 75, "差": 60}
    assert dialog.preview.text().splitlines()[0] == "示例：好 30、较好 4、一般 2、差 0（有效 36）→ 得分 92.78，等次 好"
    assert dialog.dirty and dialog.windowTitle() == "规则方案 — 2025年（未保存）"
    assert dialog.unsaved_label.isVisibleTo(dialog)
    steps = len(window.ctx.undo.done)
    press(Qt.Key.Key_S, CTRL)  # 保存为2025年规则方案
    settle(window)
    assert stored(window, 2025)["quarterly"]["points"] == {"好": 95, "较好": 85, "一般": 75, "差": 60}
    assert stored(window, 2025)["quarterly"]["aspects"] == DEFAULT_RULES["quarterly"]["aspects"]
    assert rules_for_year(window.ctx.reader, 2026).source == "沿用2025年规则方案"
    assert len(window.ctx.undo.done) == steps + 1 and dialog.isVisible() and not dialog.dirty
    assert not dialog.unsaved_label.isVisibleTo(dialog)
    assert dialog.status_label.text() == "2025年：2025年规则方案（本年有自己的规则方案）"
    assert dialog.message.text() == "已保存2025年规则方案，2025年各季度的得分随之按它计算。可按 Ctrl+Z 撤销。"
    assert dialog.years_label.text() == "有自己规则方案的年份：2025。" and dialog.delete_button.isEnabled()
    assert quarter_summary(window.ctx.reader, 2025, 4).average != before  # scores are computed, never stored
    assert quarter_summary(window.ctx.reader, 2025, 4).source == "2025年规则方案"
    press(Qt.Key.Key_S, CTRL)  # nothing changed since
    settle(window)
    assert dialog.message.text() == "与已保存的2025年规则方案相同，无需保存。" and len(window.ctx.undo.done) == steps + 1
    press(Qt.Key.Key_PageDown)
    assert dialog.year == 2026 and not dialog.delete_button.isEnabled()
    assert dialog.status_label.text() == "2026年：沿用2025年规则方案（本年没有自己的规则方案）"
    assert dialog.points_editor.preset_box.currentText() == "95/85/75/60"
    settings = shown_page(window, "settings")
    assert settings.rule_set_status.text() == "2026年：沿用2025年规则方案。有自己规则方案的年份：2025。"


def test_bad_edits_are_shown_under_their_groups_and_nothing_is_saved(window, dialog, qtbot):
    aspects, categories, thresholds = dialog.aspects, dialog.categories, dialog.thresholds
    aspects.view.setFocus()
    aspects.view.setCurrentIndex(aspects.model.index(0, 0))
    press(Qt.Key.Key_F2)  # edit the first aspect's name: clear it
    press(Qt.Key.Key_A, CTRL)
    press(Qt.Key.Key_Backspace)
    enter()
    assert aspects.model.value(0, "name") == ""
    categories.view.setFocus()
    categories.view.setCurrentIndex(categories.model.index(0, 1))
    type_text("0")  # typing opens the cell: 领导's weight 0
    enter()
    assert categories.model.value(0, "weight") == 0
    thresholds.view.setFocus()
    thresholds.view.setCurrentIndex(thresholds.model.index(1, 1))
    type_text("95")  # 较好 from 95, above 好 at 90
    press(Qt.Key.Key_S, CTRL)  # the cell being typed in is taken, then refused
    settle(window)
    assert thresholds.model.value(1, "min_score") == 95
    assert stored(window, 2026) is None and window.ctx.runner.pending == 0
    assert dialog.message.text() == "有 3 处问题，未保存：请按红字改正。"
    assert thresholds.message.isVisibleTo(dialog)
    assert thresholds.message.text() == "分数线须从高到低排列，且各档最低分不能相同"
    assert aspects.message.text() == "第 1 项评议内容须填写名称（最多60字）"
    assert categories.message.text() == "投票类别「领导」的权重须是大于 0 的数（现为 0）"
    bad = categories.model.index(0, 1)
    assert bad.data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert bad.data(Qt.ItemDataRole.ToolTipRole) == categories.message.text()
    assert aspects.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert QApplication.focusWidget() is thresholds.view  # the first group with a problem
    assert dialog.preview.text().startswith("规则有误，改正后显示示例得分：")
    dialog.grab().save("/tmp/rule_set_problems.png")

    thresholds.model.setData(thresholds.model.index(1, 1), 80)  # corrected: its message goes at once
    assert not thresholds.message.isVisibleTo(dialog) and aspects.message.isVisibleTo(dialog)
    aspects.model.setData(aspects.model.index(0, 0), "学习研究、工作思路")
    categories.model.setData(categories.model.index(0, 1), 30)
    assert not categories.message.isVisibleTo(dialog)
    assert categories.model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    dialog.show_refusal(ValidationError({"quarterly.aspects.2.weight": "第 2 项评议内容的权重须是大于 0 的数"}))
    assert aspects.message.text() == "第 2 项评议内容的权重须是大于 0 的数"  # the core's refusal, mapped alike
    assert aspects.model.index(1, 2).data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND


def test_a_category_added_by_keyboard_is_saved_then_undone_in_the_main_window(window, dialog, qtbot):
    categories = dialog.categories
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)  # 测评人类别(&L) focuses its table
    assert QApplication.focusWidget() is categories.view
    categories.view.setCurrentIndex(categories.model.index(2, 0))
    press(Qt.Key.Key_Insert)  # a row after 干部职工, its name being edited
    type_text("服务对象")
    enter()
    assert categories.view.currentIndex().row() == 3
    press(Qt.Key.Key_Right)
    type_text("20")
    enter()
    assert categories.model.rows()[3] == {"name": "服务对象", "weight": 20}
    categories.view.setCurrentIndex(categories.model.index(3, 0))
    press(Qt.Key.Key_Up, CTRL)  # 上移
    assert [row["name"] for row in categories.model.rows()] == ["领导", "同级", "服务对象", "干部职工"]
    assert "加权得分" in dialog.preview.text()
    dialog.grab().save("/tmp/rule_set_category_added.png")
    press(Qt.Key.Key_S, CTRL)
    settle(window)
    saved = stored(window, 2026)["quarterly"]["categories"]
    assert saved == [{"name": "领导", "weight": 30}, {"name": "同级", "weight": 30}, {"name": "服务对象", "weight": 20},
                     {"name": "干部职工", "weight": 40}]
    assert rules_for_year(window.ctx.reader, 2026).source == "2026年规则方案"

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # 撤销 in the main window
    settle(window)
    assert stored(window, 2026) is None and rules_for_year(window.ctx.reader, 2026).source == "默认规则方案"
    assert dialog.message.text() == "已撤销：保存2026年规则方案"  # the open dialog follows
    assert [row["name"] for row in categories.model.rows()] == ["领导", "同级", "干部职工"]
    assert dialog.status_label.text().startswith("2026年：默认规则方案")


def test_the_example_follows_the_points_as_they_are_typed(dialog, qtbot):
    spin = dialog.points_editor.spins["好"]
    assert dialog.preview.text().splitlines()[0] == DEFAULT_EXAMPLE
    qtbot.keyClick(dialog, Qt.Key.Key_G, ALT)  # 等次与分值(&G): 预设 first, then the boxes
    assert dialog.points_editor.preset_box.hasFocus()
    press(Qt.Key.Key_Tab)
    assert spin.hasFocus()
    press(Qt.Key.Key_A, CTRL)
    type_text("90")
    assert dialog.points_editor.points()["好"] == 90
    assert dialog.preview.text().splitlines()[0] == "示例：好 30、较好 4、一般 2、差 0（有效 36）→ 得分 87.22，等次 较好"
    assert dialog.points_editor.preset_box.currentText() == "（自定义）"
    dialog.thresholds.model.setData(dialog.thresholds.model.index(1, 1), 87.5)  # 较好 from 87.5: a decimal
    assert dialog.thresholds.model.index(1, 1).data() == "87.5"
    assert dialog.preview.text().splitlines()[0].endswith("→ 得分 87.22，等次 一般")
    dialog.categories.model.remove_row(0)
    dialog.categories.model.remove_row(0)
    dialog.categories.model.remove_row(0)
    assert dialog.preview.text().splitlines()[1] == "不分测评人类别：全部有效票合在一起计算平均分。"


def test_deleting_a_years_set_asks_first_then_the_year_falls_back(window, dialog, qtbot, asked):
    for year, name in ((2025, "95/85/75/60"), (2026, "100/80/60/40")):  # after the demo's locked 2024
        window.ctx.runner.run(lambda year=year, name=name: save_rule_set(window.ctx.store, year, preset_rules(name)))
    settle(window)
    assert dialog.status_label.text() == "2026年：2026年规则方案（本年有自己的规则方案）"
    assert dialog.delete_button.isEnabled()
    asked.answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_D, ALT)  # 删除本年方案(&D)…
    qtbot.wait(150)
    settle(window)
    assert asked[-1][0] == "删除规则方案" and "删除后2026年沿用2025年规则方案" in asked[-1][1]
    assert rule_set_years(window.ctx.reader) == [2025, 2026]  # 取消: nothing deleted
    asked.answer = True
    dialog.delete_button.click()
    settle(window)
    assert rule_set_years(window.ctx.reader) == [2025]
    assert dialog.status_label.text() == "2026年：沿用2025年规则方案（本年没有自己的规则方案）"
    assert dialog.message.text() == "已删除2026年规则方案，2026年现沿用2025年规则方案。可按 Ctrl+Z 撤销。"
    assert dialog.points_editor.points()["好"] == 95 and not dialog.delete_button.isEnabled()
    press(Qt.Key.Key_PageUp, times=1)
    assert dialog.year == 2025
    dialog.delete_button.click()
    settle(window)
    assert "删除后2025年使用默认规则方案" in asked[-1][1]
    assert rule_set_years(window.ctx.reader) == [] and dialog.status_label.text().startswith("2025年：默认规则方案")
    assert dialog.message.text() == "已删除2025年规则方案，2025年现使用默认规则方案。可按 Ctrl+Z 撤销。"
    press(Qt.Key.Key_PageDown, times=1)
    assert dialog.status_label.text() == "2026年：默认规则方案（本年及以前各年都没有规则方案）"
    dialog.thresholds.view.setFocus()
    press(Qt.Key.Key_Z, CTRL)  # the main window's 撤销 works in the dialog too
    settle(window)
    assert rule_set_years(window.ctx.reader) == [2025] and dialog.message.text() == "已撤销：删除2025年规则方案"
    assert dialog.status_label.text() == "2026年：沿用2025年规则方案（本年没有自己的规则方案）"


def test_unsaved_edits_are_kept_unless_the_operator_lets_them_go(window, dialog, asked):
    dialog.points_editor.spins["差"].setValue(50)
    asked.answer = False
    press(Qt.Key.Key_PageDown)
    assert dialog.year == 2026 and dialog.points_editor.points()["差"] == 50  # stays, edits kept
    assert asked[-1] == ("放弃修改", "2026年规则方案的修改尚未保存。要放弃这些修改吗？")
    dialog.reject()  # Esc / 关闭 asks too
    assert dialog.isVisible()
    asked.answer = True
    press(Qt.Key.Key_PageDown)
    assert dialog.year == 2027 and dialog.points_editor.points()["差"] == 40
    dialog.points_editor.spins["差"].setValue(45)
    dialog.reject()
    assert not dialog.isVisible()


def test_keys_of_a_later_version_are_saved_back_untouched(window, dialog):
    rules = copy.deepcopy(DEFAULT_RULES)
    rules["monthly"] = {"grades": ["好", "较好", "一般", "差"], "quota": 0.2}
    rules["annual"] = {"posting_days": 5, "rules": {"veto": {"enabled": False, "basis": "002"}}}
    rules["quarterly"]["quota"] = {"好": 0.4}
    rules["quarterly"]["aspects"][0]["ballot_note"] = "含学习情况"
    window.ctx.runner.run(lambda: save_rule_set(window.ctx.store, 2026, rules, name="试行方案"))
    settle(window)
    assert dialog.name_edit.text() == "试行方案"
    dialog.aspects.model.setData(dialog.aspects.model.index(0, 2), 2)
    dialog.accept()
    settle(window)
    saved = stored(window, 2026)
    assert saved["monthly"] == rules["monthly"] and saved["quarterly"]["quota"] == {"好": 0.4}
    assert saved["annual"]["posting_days"] == 5  # the annual tab shows the part over the defaults…
    assert saved["annual"]["rules"]["veto"] == {"enabled": False, "basis": "002", "min_score": 80}  # …keeping the rest
    assert saved["quarterly"]["aspects"][0] == {**rules["quarterly"]["aspects"][0], "weight": 2}
    assert get_rule_set(window.ctx.reader, 2026).name == "试行方案"


def test_the_quarterly_page_and_the_settings_open_the_same_dialog(window, qtbot, asked):
    window.ctx.store.clock = StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=TZ))
    page = shown_page(window, "quarterly")
    page.quarter_chooser.set_quarter((2025, 4))
    page.rules_button.click()
    dialog = window.rule_set_dialog
    assert isinstance(dialog, RuleSetDialog) and dialog.year == 2025  # the year of the quarter shown
    settings = shown_page(window, "settings")
    assert settings.rule_set_status.text() == "2026年：默认规则方案。有自己规则方案的年份：无。"
    settings.rule_set_button.click()
    assert window.rule_set_dialog is dialog and dialog.isVisible()
    window.open_rule_sets(2024)
    assert dialog.year == 2024
    dialog.done(0)
    settle(window)


def test_the_table_models_pass_the_model_tester(qtmodeltester):
    for make, rows in ((aspects_model, DEFAULT_RULES["quarterly"]["aspects"]),
                       (categories_model, DEFAULT_RULES["quarterly"]["categories"]),
                       (thresholds_model, DEFAULT_RULES["quarterly"]["thresholds"])):
        model = make()
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
        model.set_problems({(0, model.columns[-1].key): "有误"})
        qtmodeltester.check(model, force_py=True)
    model = categories_model()
    model.set_rows(DEFAULT_RULES["quarterly"]["categories"])
    assert model.move_row(0, 1) == 1 and [r["name"] for r in model.rows()] == ["同级", "领导", "干部职工"]
    assert model.move_row(2, 1) == 2  # the last row goes no further
    assert model.insert_row(9) == 3 and model.rows()[3] == {"name": "", "weight": 1}
    assert model.remove_row(3) and not model.remove_row(3)
    assert not model.setData(model.index(0, 1), "abc") and model.value(0, "weight") == 30
    assert not thresholds_model().flags(thresholds_model().index(0, 0))  # no rows: no item


def test_a_broken_stored_set_is_shown_with_its_problems_and_corrected_by_saving(window, dialog):
    """A rule set written by hand (or by a faulty import) that the core cannot score with."""
    from desktop_app.core.natural_ids import rule_set_id

    broken = copy.deepcopy(DEFAULT_RULES)
    broken["quarterly"]["thresholds"][1]["min_score"] = 95

    def write(rules, store=window.ctx.store):
        with store.batch("手工写入") as batch:
            store.put("rule_sets", rule_set_id(2025), {"year": 2025, "name": "", "rules": json.dumps(rules)})
        return batch.changes()

    window.ctx.runner.run(lambda: write(broken))
    settle(window)
    assert dialog.status_label.text() == ("2026年：2025年规则方案有误，无法计分：分数线须从高到低排列，且各档最低分不能相同。"
                                          "请在规则方案中改正后再试。下面红字处改好后保存即可。")
    assert "#b3261e" in dialog.status_label.styleSheet() and not dialog.delete_button.isEnabled()
    assert dialog.thresholds.model.value(1, "min_score") == 95  # as stored, painted where it breaks the order
    assert dialog.thresholds.message.text() == "分数线须从高到低排列，且各档最低分不能相同"
    assert dialog.thresholds.model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    dialog.thresholds.model.setData(dialog.thresholds.model.index(1, 1), 85)
    assert not dialog.thresholds.message.isVisibleTo(dialog)
    dialog.accept()  # 2026 gets a set of its own; 2025's stays for 2025 to correct
    settle(window)
    assert stored(window, 2026)["quarterly"]["thresholds"][1] == {"grade": "较好", "min_score": 85}
    assert dialog.status_label.text() == "2026年：2026年规则方案（本年有自己的规则方案）"

    window.ctx.runner.run(lambda: write({"quarterly": "?"}))  # not even the shape: the defaults to save over it
    settle(window)
    press(Qt.Key.Key_PageUp)
    assert dialog.status_label.text().endswith("下面显示的是默认规则，改好后保存即可替换。")
    assert dialog.delete_button.isEnabled() and dialog.thresholds.model.value(1, "min_score") == 80
