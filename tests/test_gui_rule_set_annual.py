"""规则方案 → 年度考核 tab under pytest-qt on the county demo (today 2026-01-05, no rule set stored):
the defaults shown, a preset chosen, a rule switched off and a fraction changed, saved with the
quarterly part in one save and shown again from the database; a bad fraction shown on its box and
nothing saved; a locked year's save refused with the store's message; the keys and mnemonics."""

import copy
import json
import re
from datetime import datetime

import pytest
from conftest import TZ, StepClock, alt_keys, doubled, open_tool_dialog, settle
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_app.core.annual.settings import RULE_KEYS, default_annual_rules, validate_annual_rules
from desktop_app.core.errors import ValidationError
from desktop_app.core.natural_ids import rule_set_id
from desktop_app.core.rule_sets import DEFAULT_RULES, get_rule_set, save_rule_set
from desktop_app.core.year_locks import lock_year
from desktop_app.gui.dialogs import rule_set_dialog
from desktop_app.gui.dialogs.rule_set_dialog import RuleSetDialog
from desktop_app.gui.models.annual_rule_specs import LABELS, all_specs, filled, rule_specs, team_side

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
FRACTION = "annual.rules.quota.cadre_fraction"


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def stored(window, year: int):
    found = get_rule_set(window.ctx.reader, year)
    return found.rules if found else None


def box(dialog, key: str):
    return dialog.annual.fields[key].widget


@pytest.fixture
def asked(monkeypatch) -> list:
    questions = []
    monkeypatch.setattr(rule_set_dialog, "confirm", lambda _p, title, text, **_kw: questions.append(title) or True)
    return questions


@pytest.fixture
def dialog(window, qtbot, asked) -> RuleSetDialog:
    """工具 → 规则方案 (Ctrl+Shift+R) on the demo's today, then Alt+K: the 年度考核 tab."""
    window.ctx.store.clock = StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=TZ))
    opened = open_tool_dialog(window, qtbot, Qt.Key.Key_R, "rule_set_dialog", RuleSetDialog)
    qtbot.keyClick(opened, Qt.Key.Key_K, ALT)
    assert opened.tabs.currentWidget() is opened.annual
    yield opened
    if window.rule_set_dialog is not None:
        window.rule_set_dialog.done(0)
    settle(window)


def test_a_preset_a_rule_switched_off_and_a_fraction_are_saved_with_the_quarterly_part(window, dialog, qtbot):
    annual = dialog.annual
    assert annual.part() == default_annual_rules() and not dialog.dirty
    assert annual.preset_box.currentText() == "优秀 15%（2007年规定）"
    assert [annual.groups[f"annual.rules.{key}"].title() for key in ("quota", "follow_ups")] == [
        "规则1　等次比例", "规则11　结果运用"]
    assert box(dialog, FRACTION).text() == "15%" and box(dialog, "annual.rules.quota.rounding").currentText() == "四舍五入"
    assert box(dialog, "annual.rules.opinion_survey.comparison").currentText() == "超过（>）"
    assert box(dialog, "annual.rules.supervision.kinds").text() == "执法、效能、作风"
    assert box(dialog, "annual.team_thresholds.0.min_score").value() == 90
    dialog.grab().save("/tmp/annual_tab.png")
    annual.scroll.widget().grab().save("/tmp/annual_body.png")  # the whole tab, scrolled or not

    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # 预设(&O)
    assert annual.preset_box.hasFocus()
    press(Qt.Key.Key_Down)  # 20%
    assert box(dialog, FRACTION).text() == "20%" and annual.part() == default_annual_rules("20%")
    assert dialog.dirty and dialog.unsaved_label.isVisibleTo(dialog)

    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # 定等规则(&R): rule 1's 启用
    switch = box(dialog, "annual.rules.quota.enabled")
    assert switch.hasFocus() and switch.isChecked()
    press(Qt.Key.Key_Tab)
    assert box(dialog, "annual.rules.quota.team_fraction").hasFocus()
    press(Qt.Key.Key_Tab)
    assert box(dialog, FRACTION).hasFocus()
    press(Qt.Key.Key_A, CTRL)
    QTest.keyClicks(QApplication.focusWidget(), "1/4")
    assert annual.preset_box.currentText() == "（自定义）"
    veto = box(dialog, "annual.rules.veto.enabled")
    veto.setFocus()
    press(Qt.Key.Key_Space)  # rule 10 off: its score line greyed
    assert not veto.isChecked() and not box(dialog, "annual.rules.veto.min_score").isEnabled()
    dialog.points_editor.spins["差"].setValue(50)  # and a quarterly change: one save for both
    steps = len(window.ctx.undo.done)
    press(Qt.Key.Key_S, CTRL)
    settle(window)
    rules = stored(window, 2026)
    assert rules["annual"]["rules"]["quota"]["cadre_fraction"] == "1/4"
    assert rules["annual"]["rules"]["veto"] == {"enabled": False, "min_score": 80}
    assert rules["quarterly"]["points"]["差"] == 50 and len(window.ctx.undo.done) == steps + 1
    assert not dialog.dirty and dialog.status_label.text() == "2026年：2026年规则方案（本年有自己的规则方案）"

    dialog.done(0)  # opened again: shown from the database
    settle(window)
    again = window.open_rule_sets(2026)
    again.tabs.setCurrentWidget(again.annual)
    assert box(again, FRACTION).text() == "1/4" and not box(again, "annual.rules.veto.enabled").isChecked()
    assert not box(again, "annual.rules.veto.min_score").isEnabled() and box(again, "annual.rules.cards.enabled").isChecked()
    assert again.annual.preset_box.currentText() == "（自定义）" and not again.dirty


def test_a_bad_fraction_is_shown_on_its_box_and_nothing_is_saved(window, dialog, qtbot):
    fraction = box(dialog, FRACTION)
    fraction.setText("三成")
    dialog.tabs.setCurrentIndex(0)  # saved from the other tab: the dialog turns to the problem
    press(Qt.Key.Key_S, CTRL)
    settle(window)
    assert stored(window, 2026) is None and window.ctx.runner.pending == 0
    assert dialog.message.text() == "有 1 处问题，未保存：请按红字改正。"
    assert dialog.tabs.currentWidget() is dialog.annual and fraction.hasFocus()
    message = "规则 1（等次比例）：比例须为 0 到 1 之间的分数或百分数（如 1/3、15%、0.2）（现为 三成）"
    group = dialog.annual.groups["annual.rules.quota"]
    assert group.message.text() == message and group.message.isVisibleTo(dialog)
    assert "#b3261e" in fraction.styleSheet() and fraction.toolTip() == message
    assert dialog.tabs.tabBar().tabTextColor(1).name() == "#b3261e"
    assert not dialog.annual.message.isVisibleTo(dialog)  # nothing for the top of the tab
    dialog.grab().save("/tmp/annual_problem.png")
    fraction.setText("15%")  # corrected: the message goes at once
    assert not group.message.isVisibleTo(dialog) and not fraction.styleSheet()
    box(dialog, "annual.composite.cadre_evaluation_points.优秀").setValue(70)  # below 称职's 80: the rise painted
    assert dialog.annual.groups["annual.composite"].message.isVisibleTo(dialog)
    assert "#b3261e" in box(dialog, "annual.composite.cadre_evaluation_points.称职").styleSheet()
    assert not box(dialog, "annual.composite.cadre_evaluation_points.优秀").styleSheet()
    box(dialog, "annual.composite.cadre_evaluation_points.优秀").setValue(100)
    dialog.show_refusal(ValidationError({"annual.team_thresholds": "班子分数线须…", "annual.scale_map": "等次对应须…"}))
    assert dialog.annual.groups["annual.team_thresholds"].message.text() == "班子分数线须…"
    assert dialog.annual.message.text() == "等次对应须…"  # names no box: at the top of the tab


def test_a_locked_years_rule_set_is_refused_with_the_stores_message(window, dialog):
    window.ctx.runner.run(lambda: lock_year(window.ctx.store, 2026))
    settle(window)
    # the lock gave the year its own copy of the rules it followed
    assert dialog.status_label.text() == "2026年：2026年规则方案（按默认值）（本年有自己的规则方案）（已锁定）"
    kept = stored(window, 2026)
    box(dialog, FRACTION).setText("20%")
    dialog.accept()
    settle(window)
    assert stored(window, 2026) == kept and dialog.isVisible() and dialog.dirty
    assert dialog.message.text().startswith("2026年度考核已锁定，不能再修改该年度的数据")
    assert box(dialog, FRACTION).text() == "20%"  # the edits stay, to save once reopened


def test_a_stored_annual_part_keeps_what_the_tab_does_not_show_and_a_broken_one_says_where(window, dialog):
    rules = {**DEFAULT_RULES, "annual": {**default_annual_rules(), "note": "县委2025年8号文"}}
    window.ctx.runner.run(lambda: save_rule_set(window.ctx.store, 2026, rules))
    settle(window)
    assert not dialog.dirty and dialog.annual.part()["note"] == "县委2025年8号文"

    broken = copy.deepcopy(rules)  # written by hand: the store's save would refuse it
    broken["annual"]["rules"]["cards"].update(yellow_for_red=0, cadre_forbid="不称职")

    def write(store=window.ctx.store):
        with store.batch("手工写入") as batch:
            store.put("rule_sets", rule_set_id(2026), {"year": 2026, "name": "", "rules": json.dumps(broken)})
        return batch.changes()

    window.ctx.runner.run(write)
    settle(window)
    assert dialog.status_label.text().endswith("年度考核规则有误，无法定等：请在「年度考核」页按红字改正后保存。")
    group = dialog.annual.groups["annual.rules.cards"]
    assert group.message.text().count("规则 9（黄牌红牌）") == 2
    assert "#b3261e" in box(dialog, "annual.rules.cards.cadre_forbid").styleSheet()
    assert box(dialog, "annual.rules.cards.cadre_forbid").currentText() == "不称职"  # shown as stored
    assert dialog.tabs.tabBar().tabTextColor(1).name() == "#b3261e"
    box(dialog, "annual.rules.cards.cadre_forbid").setCurrentIndex(0)  # 优秀
    box(dialog, "annual.rules.cards.yellow_for_red").setValue(2)
    assert not group.message.isVisibleTo(dialog)
    dialog.accept()
    settle(window)
    assert stored(window, 2026)["annual"]["rules"]["cards"] == {"enabled": True, "yellow_for_red": 2,
                                                                 "cadre_forbid": "优秀"}
    assert dialog.status_label.text() == "2026年：2026年规则方案（本年有自己的规则方案）"


def test_every_parameter_has_a_chinese_caption_and_grade_boxes_offer_the_right_scale():
    part = filled(None)
    specs = all_specs(part)
    assert len({spec.key for spec in specs}) == len(specs)
    for key, row in rule_specs(part):
        names = [spec.path[-1] for spec in row]
        assert names == list(default_annual_rules()["rules"][key]) and all(name in LABELS for name in names)
        assert all(re.search(r"[\u4e00-\u9fff]", spec.label) for spec in row)
        for spec in row:
            for value, _text in spec.choices:  # every offered value is one the core accepts
                changed = filled(None)
                changed["rules"][key][spec.path[-1]] = value
                validate_annual_rules(changed)
            if spec.choices and spec.path[-1].endswith(("_forbid", "_grade", "at_or_below")):
                grades = part["team_grades" if team_side(spec.path[-1]) else "cadre_grades"]
                assert {v for v, _t in spec.choices} <= set(grades)
    assert {key for key, _row in rule_specs(part)} == set(RULE_KEYS)


def test_alt_keys_are_unique_in_the_whole_dialog_and_tab_walks_the_annual_tab(dialog):
    keys = alt_keys(dialog, visible_only=False)  # every tab's, shown or not
    assert doubled(keys) == []
    assert {"Q", "K", "O", "B", "C", "W", "R", "Y", "S"} <= set(keys)
    dialog.year_spin.setFocus()
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.tabs.tabBar()
    press(Qt.Key.Key_Tab)
    assert dialog.annual.preset_box.hasFocus()
    press(Qt.Key.Key_Tab)
    assert box(dialog, "annual.team_thresholds.0.min_score").hasFocus()
    last = box(dialog, "annual.rules.follow_ups.dissatisfied")
    last.setFocus()
    assert isinstance(last, QLineEdit)
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.name_edit

