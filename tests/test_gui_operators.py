"""Working as an operator under pytest-qt: 闲置锁定 and 切换操作员, what a role cannot do, 修改密码,
操作员管理 (管理员), and the 闲置锁定 setting."""

import operator_accounts
import pytest
from conftest import settle, shown_page
from operator_accounts import PASSWORDS, Answers, close_window, fixed_clock, log_in_as, signed_in_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog
from shiboken6 import isValid

from desktop_app.core.audit import audit_log
from desktop_app.core.operators import list_operators, login
from desktop_app.core.permissions import Operator
from desktop_app.core.session_policy import idle_lock_minutes
from desktop_app.core.units import list_units
from desktop_app.gui import settings
from desktop_app.gui.dialogs import accounts_dialog
from desktop_app.gui.idle_lock import Cover, LockDialog

keep_settings, protected_template, protected_path = operator_accounts.FIXTURES


@pytest.fixture
def admin_window(qtbot, protected_path):  # noqa: F811
    window = signed_in_window(qtbot, protected_path, "王芳")
    yield window
    close_window(window)


def closed(widget) -> bool:
    """Closed (a dialog deleted on close is gone)."""
    return not isValid(widget) or not widget.isVisible()


def accounts(window) -> dict[str, dict]:
    return {row["name"]: row for row in list_operators(window.ctx.reader)}


# -- 闲置锁定 -------------------------------------------------------------------------------------------
def test_idle_lock_covers_the_window_and_unlocks_with_the_password(admin_window, qtbot):
    window = admin_window
    lock = window.idle_lock
    assert lock.interval_ms == 10 * 60_000 and lock.timer.isActive()  # 默认 10 分钟
    lock.set_interval_ms(30)
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    lock.set_interval_ms(0)  # no second lock once unlocked
    dialog = lock.dialog
    assert isinstance(dialog, LockDialog) and dialog.isVisible() and dialog.isModal()
    assert dialog.name.text() == "王芳" and dialog.name.isReadOnly()
    [cover] = [cover for cover in lock.covers if cover.parent() is window]
    assert isinstance(cover, Cover) and cover.isVisible() and cover.geometry() == window.rect()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # neither Esc …
    dialog.close()  # … nor the close button unlocks
    assert dialog.isVisible() and lock.locked
    dialog.password.setText("wrong-password1")
    dialog.login_button.click()
    qtbot.waitUntil(lambda: not dialog.checking)
    assert dialog.message.text() == "用户名或密码不正确。" and lock.locked
    assert dialog.login_button.text() == "解锁(&U)" and dialog.login_button.isEnabled()
    dialog.password.setText(PASSWORDS["王芳"])
    dialog.login_button.click()
    qtbot.waitUntil(lambda: not lock.locked)
    assert closed(dialog) and lock.covers == [] and closed(cover)
    assert window.ctx.store.operator == "王芳"


def test_input_postpones_the_lock(admin_window, qtbot):
    lock = admin_window.idle_lock
    lock.timer.stop()
    qtbot.keyClick(admin_window.navigation, Qt.Key.Key_Down)
    assert lock.timer.isActive() and lock.timer.interval() == 10 * 60_000


def test_a_session_without_accounts_never_locks(window):
    assert not window.ctx.account and window.idle_lock.interval_ms == 0 and not window.idle_lock.timer.isActive()
    assert window.idle_lock.lock() is None
    assert not window.lock_action.isEnabled() and not window.password_action.isEnabled()
    assert not window.accounts_action.isVisible()


def test_switching_operator_at_the_lock_screen(admin_window, qtbot):
    window = admin_window
    units_page = shown_page(window, "units")
    window.ctx.undo.done.append("王芳的一步")
    dialog = window.lock_now()
    dialog = window.idle_lock.dialog
    assert "您锁定了本软件" in dialog.note.text()
    answers = Answers(log_in_as("李明"), seen=[dialog])
    dialog.cancel_button.click()  # 切换操作员…
    assert answers.done and not window.idle_lock.locked
    assert (window.ctx.store.operator, window.ctx.store.role) == ("李明", "录入员")
    assert window.operator_label.text() == "操作员：李明（录入员）"
    assert window.ctx.undo.done == []  # 王芳's steps are not 李明's to undo
    assert window.current_page() is not units_page and window.current_page() is window.pages["units"]
    assert not window.accounts_action.isVisible()


def test_giving_up_the_switch_keeps_the_lock(admin_window, qtbot):
    window = admin_window
    window.lock_now()
    dialog = window.idle_lock.dialog
    answers = Answers(lambda login: login.cancel_button.click(), seen=[dialog])  # 返回
    dialog.cancel_button.click()
    assert answers.done and window.idle_lock.locked and window.ctx.store.operator == "王芳"
    dialog.password.setText(PASSWORDS["王芳"])
    dialog.login_button.click()
    qtbot.waitUntil(lambda: not window.idle_lock.locked)


# -- roles ------------------------------------------------------------------------------------------
def test_a_read_only_operator_is_refused_with_the_cores_message(qtbot, protected_path, message_boxes):  # noqa: F811
    window = signed_in_window(qtbot, protected_path, "赵六")
    assert window.operator_label.text() == "操作员：赵六（只读）"
    assert not window.accounts_action.isVisible() and not window.import_action.isEnabled()
    assert not window.undo_action.isEnabled()
    page = shown_page(window, "units")
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    dialog.name_edit.setText("西江镇")
    dialog.accept()
    settle(window)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("warning", "无法完成")
    assert text.startswith("操作员「赵六」的角色是只读，无权录入") and "须由录入员、审核员或管理员操作" in text
    assert dialog.isVisible()  # nothing was written; the form is still there
    assert [unit["name"] for unit in list_units(window.ctx.reader, window.ctx.today())] == ["丹江镇"]
    close_window(window)


def test_an_entry_clerk_writes_under_their_own_name(qtbot, protected_path):  # noqa: F811
    window = signed_in_window(qtbot, protected_path, "李明")
    page = shown_page(window, "units")
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page.dialog.name_edit.setText("西江镇")
    page.dialog.accept()
    settle(window)
    assert audit_log(window.ctx.reader, limit=1)[0].operator == "李明"
    close_window(window)


# -- 修改密码 -------------------------------------------------------------------------------------------
def test_changing_ones_own_password(admin_window, qtbot):
    dialog = admin_window.change_password()
    dialog.old.setText("wrong-password1")
    dialog.password.setText("wangfang2027")
    dialog.again.setText("wangfang2027")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.checking)
    assert dialog.form.messages["old"].text() == "原密码不正确" and dialog.isVisible()
    dialog.old.setText(PASSWORDS["王芳"])
    dialog.save_button.click()
    qtbot.waitUntil(lambda: closed(dialog))
    assert admin_window.statusBar().currentMessage() == "密码已修改，下次登录请用新密码。"
    assert login(admin_window.ctx.db, "王芳", "wangfang2027", fixed_clock) == Operator("王芳", "管理员")


# -- 操作员管理 -----------------------------------------------------------------------------------------
def test_the_administrator_adds_an_entry_clerk(admin_window, qtbot):
    window = admin_window
    assert window.accounts_action.isVisible()
    dialog = window.open_accounts()
    assert [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())] == ["李明", "王芳", "赵六"]
    form = dialog.add_operator()
    assert form.form.value("role") == "录入员"
    form.name.setText("李明")
    form.password.setText("chenhong2026")
    form.again.setText("chenhong2026")
    form.accept()
    qtbot.waitUntil(lambda: not form.saving)
    assert form.form.messages["name"].text() == "已有名为「李明」的操作员" and form.isVisible()
    form.name.setText("陈红")
    form.accept()
    qtbot.waitUntil(lambda: closed(form))
    added = accounts(window)["陈红"]
    assert (added["role"], added["created_by"], added["disabled"]) == ("录入员", "王芳", False)
    assert dialog.selected_name() == "陈红"
    row = dialog.table.currentRow()
    assert [dialog.table.item(row, column).text() for column in range(3)] == ["陈红", "录入员", "正常"]
    assert login(window.ctx.db, "陈红", "chenhong2026", fixed_clock) == Operator("陈红", "录入员")
    dialog.close()


def test_reset_role_and_disable_each_through_the_core(admin_window, qtbot, monkeypatch, message_boxes):
    window = admin_window
    dialog = window.open_accounts()
    dialog.refresh("李明")
    form = dialog.reset_password()
    form.password.setText("temporary2026")
    form.again.setText("temporary2026")
    form.accept()
    qtbot.waitUntil(lambda: closed(form))
    assert accounts(window)["李明"]["must_change"]
    assert dialog.table.item(dialog.table.currentRow(), 2).text() == "须修改密码"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("审核员", True))
    dialog.change_role()
    settle(window)
    assert accounts(window)["李明"]["role"] == "审核员"
    monkeypatch.setattr(accounts_dialog, "confirm", lambda *_a, **_k: True)
    dialog.toggle_disabled()
    settle(window)
    assert accounts(window)["李明"]["disabled"] and dialog.disable_button.text() == "启用(&D)"
    dialog.refresh("王芳")
    dialog.toggle_disabled()  # the last administrator: the core refuses
    settle(window)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("warning", "无法完成") and "最后一个可用的管理员" in text
    assert not accounts(window)["王芳"]["disabled"]
    # every change is in 变动记录, newest first, and the list filters by name
    history = dialog.history
    rows = [[history.item(row, column).text() for column in (1, 2, 3)] for row in range(history.rowCount())]
    assert rows[:3] == [["王芳", "李明", "停用"], ["王芳", "李明", "改为审核员"], ["王芳", "李明", "重设密码"]]
    dialog.history_filter.setText("赵六")
    assert [history.item(row, 2).text() for row in range(history.rowCount())] == ["赵六"]
    dialog.close()


# -- 系统设置 ------------------------------------------------------------------------------------------
def test_the_idle_minutes_are_set_in_the_settings_page(admin_window):
    page = shown_page(admin_window, "settings")
    assert page.idle_lock.isEnabled() and page.operator_edit.isReadOnly()
    assert page.operator_edit.text() == "王芳（管理员）" and not page.operator_save.isVisibleTo(page)
    assert (page.idle_lock.minimum(), page.idle_lock.maximum(), page.idle_lock.value()) == (1, 120, 10)
    assert page.idle_lock_state.text() == "（默认）"
    page.idle_lock.setValue(3)
    page.idle_lock.setValue(4)  # arrow steps: nothing saved until Enter or leaving the box
    assert idle_lock_minutes(admin_window.ctx.reader) == 10
    page.idle_lock.setValue(3)
    page.idle_lock.editingFinished.emit()
    settle(admin_window)
    assert idle_lock_minutes(admin_window.ctx.reader) == 3 and admin_window.idle_lock.interval_ms == 3 * 60_000
    assert page.idle_lock_state.text() == "（王芳 于 2026-03-02 09:00 设置）"
    page.idle_lock.setValue(0)  # below the range: the box keeps 1
    page.idle_lock.editingFinished.emit()
    settle(admin_window)
    assert page.idle_lock.value() == 1 and idle_lock_minutes(admin_window.ctx.reader) == 1
    assert admin_window.idle_lock.timer.isActive() and admin_window.idle_lock.interval_ms == 60_000


def test_an_entry_clerk_sees_the_idle_minutes_but_may_not_change_them(qtbot, protected_path, message_boxes):  # noqa: F811
    window = signed_in_window(qtbot, protected_path, "李明")
    page = shown_page(window, "settings")
    assert not page.idle_lock.isEnabled() and page.idle_lock.value() == 10
    assert page.idle_lock.toolTip() == "只有管理员可以修改闲置锁定时间"
    page.set_idle_lock_minutes(30)  # as if the box had been got round: the core refuses
    settle(window)
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and text.startswith("操作员「李明」的角色是录入员，无权修改安全设置（闲置锁定时间）")
    assert idle_lock_minutes(window.ctx.reader) == 10 and page.idle_lock.value() == 10
    assert window.idle_lock.interval_ms == 10 * 60_000
    close_window(window)


def test_the_idle_minutes_are_not_in_this_computers_settings_file():
    assert not hasattr(settings, "IDLE_LOCK_MINUTES")
    assert QApplication.instance() is not None
