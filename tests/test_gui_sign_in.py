"""登录 under pytest-qt: the first administrator, logins right and wrong, the countdown while slowed
down, a password set by an administrator, and signing in at start and to another database."""

import operator_accounts
import pytest
from conftest import StepClock
from operator_accounts import (
    FIXED,
    PASSWORDS,
    Answers,
    close_window,
    fixed_clock,
    log_in_as,
    signed_in_window,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db import open_database
from desktop_app.core.operators import (
    add_operator,
    create_first_admin,
    has_operators,
    list_operators,
    login,
    reset_password,
)
from desktop_app.core.permissions import Operator
from desktop_app.gui import settings
from desktop_app.gui.dialogs.first_admin_dialog import FirstAdminDialog
from desktop_app.gui.dialogs.login_dialog import LoginDialog
from desktop_app.gui.dialogs.password_dialog import ChangePasswordDialog
from desktop_app.gui.sign_in import Session, sign_in

keep_settings, protected_template, protected_path = operator_accounts.FIXTURES


@pytest.fixture
def protected_db(protected_path):  # noqa: F811
    db = open_database(protected_path)
    yield db
    db.close()


def attempt(qtbot, dialog: LoginDialog, name: str, password: str) -> None:
    dialog.name.setText(name)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.checking)


# -- 创建管理员账号 ----------------------------------------------------------------------------------
def test_first_run_creates_the_administrator(qtbot, office_db):
    dialog = FirstAdminDialog(office_db, clock=fixed_clock)
    qtbot.addWidget(dialog)
    assert dialog.skip_button is None  # an office database is protected from its first use
    dialog.name.setText("王芳")
    for password, again, field, message in (("abc123", "abc123", "password", "密码至少 8 位"),
                                            ("abcdefgh", "abcdefgh", "password", "密码须同时包含字母和数字"),
                                            ("wangfang2026", "wangfang2062", "again", "两次输入的密码不一致")):
        dialog.password.setText(password)
        dialog.again.setText(again)
        dialog.create_button.click()
        assert dialog.form.messages[field].text() == message and not has_operators(office_db)
    dialog.again.setText("wangfang2026")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.operator == Operator("王芳", "管理员")
    [account] = list_operators(office_db)
    assert (account["name"], account["role"], account["must_change"]) == ("王芳", "管理员", False)
    assert login(office_db, "王芳", "wangfang2026", fixed_clock) == Operator("王芳", "管理员")
    assert settings.get(settings.LAST_LOGIN) == "王芳"


def test_only_the_demo_county_may_be_tried_without_accounts(qtbot, tmp_path):
    db = open_database(tmp_path / "演示县.kpdb", create=True, office_name="雷山县委组织部")
    answers = Answers(lambda dialog: dialog.skip_button.click())
    assert sign_in(db) == Session(None)
    assert answers.done and not has_operators(db)
    db.close()


def test_giving_up_the_first_run_opens_nothing(qtbot, office_db):
    answers = Answers(lambda dialog: dialog.reject())
    assert sign_in(office_db) is None and answers.done


# -- 登录 ----------------------------------------------------------------------------------------------
def test_login_wrong_then_right(qtbot, protected_db):
    dialog = LoginDialog(protected_db, clock=StepClock(FIXED), name="")
    qtbot.addWidget(dialog)
    dialog.login_button.click()
    assert dialog.form.messages["name"].text() == "请填写操作员姓名"
    attempt(qtbot, dialog, "王芳", "wrong-password1")
    assert dialog.message.text() == "用户名或密码不正确。" and dialog.password.text() == ""
    attempt(qtbot, dialog, "无此人", "wangfang2026")
    assert dialog.message.text() == "用户名或密码不正确。"  # the same words: names are not given away
    assert dialog.result() != QDialog.DialogCode.Accepted
    attempt(qtbot, dialog, "王芳", "wangfang2026")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.logged_in.operator == Operator("王芳", "管理员") and not dialog.logged_in.must_change


def test_repeated_failures_show_the_countdown(qtbot, protected_db):
    dialog = LoginDialog(protected_db, clock=fixed_clock, name="李明")
    qtbot.addWidget(dialog)
    for _ in range(2):
        attempt(qtbot, dialog, "李明", "wrong-password1")
        assert dialog.login_button.isEnabled()
    attempt(qtbot, dialog, "李明", "wrong-password1")  # the third failure in a row: 5 s
    assert dialog.message.text() == "用户名或密码不正确。请 5 秒后再试。"
    assert dialog.login_button.text() == "请 5 秒后再试" and not dialog.login_button.isEnabled()
    dialog.countdown.timeout.emit()  # a second passes
    assert dialog.login_button.text() == "请 4 秒后再试"
    dialog.accept()  # Enter meanwhile does nothing
    assert not dialog.checking
    for _ in range(4):
        dialog.countdown.timeout.emit()
    assert dialog.login_button.isEnabled() and dialog.login_button.text() == "登录(&L)"
    attempt(qtbot, dialog, "李明", PASSWORDS["李明"])  # the clock stood still: the core still refuses
    assert dialog.message.text() == "登录失败次数过多，请 5 秒后再试。"
    assert dialog.login_button.text() == "请 5 秒后再试"


def test_typing_another_name_ends_the_countdown(qtbot, protected_db):
    dialog = LoginDialog(protected_db, clock=fixed_clock, name="李明")
    qtbot.addWidget(dialog)
    for _ in range(3):
        attempt(qtbot, dialog, "李明", "wrong-password1")
    assert not dialog.login_button.isEnabled()
    qtbot.keyClicks(dialog.name, "x")
    assert dialog.login_button.isEnabled() and not dialog.countdown.isActive()


def test_a_password_set_by_the_administrator_is_changed_right_after_login(qtbot, protected_db):
    reset_password(protected_db, Operator("王芳", "管理员"), "李明", "temporary2026", fixed_clock)

    def new_password(dialog: ChangePasswordDialog) -> None:
        assert isinstance(dialog, ChangePasswordDialog) and dialog.windowTitle() == "请设置新密码"
        assert "old" not in dialog.form.fields  # just typed to log in
        dialog.password.setText("temporary2026")
        dialog.again.setText("temporary2026")
        dialog.save_button.click()
        assert dialog.form.messages["password"].text() == "新密码不能与原密码相同"
        dialog.password.setText("liming2027")
        dialog.again.setText("liming2027")
        dialog.save_button.click()

    answers = Answers(log_in_as("李明", "temporary2026"), new_password)
    assert sign_in(protected_db, clock=fixed_clock) == Session(Operator("李明", "录入员"))
    assert answers.done
    assert login(protected_db, "李明", "liming2027", fixed_clock) == Operator("李明", "录入员")
    assert not any(row["must_change"] for row in list_operators(protected_db))


def test_escape_at_the_login_opens_nothing(qtbot, protected_db):
    answers = Answers(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    assert sign_in(protected_db) is None and answers.done


# -- at start, and 打开数据库 ------------------------------------------------------------------------
def test_the_window_opens_after_the_login_with_the_operator_and_role(qtbot, protected_path):
    from desktop_app.gui.app import show_main_window

    db = open_database(protected_path)
    answers = Answers(log_in_as("李明"))
    window = show_main_window(db)
    qtbot.addWidget(window)
    assert answers.done
    assert window.ctx.store.operator == "李明" and window.ctx.store.role == "录入员" and window.ctx.account
    assert window.operator_label.text() == "操作员：李明（录入员）"
    assert not window.accounts_action.isVisible() and window.password_action.isEnabled()
    close_window(window)


def test_giving_up_the_login_at_start_opens_no_window(qtbot, protected_path):
    from desktop_app.gui.app import show_main_window

    db = open_database(protected_path)
    answers = Answers(lambda dialog: dialog.cancel_button.click())
    assert show_main_window(db) is None and answers.done
    db.close()


def test_opening_another_database_logs_in_to_that_one(qtbot, monkeypatch, tmp_path, protected_path):
    from desktop_app.gui import database_files

    other = tmp_path / "丹寨县.kpdb"
    db = open_database(other, create=True, office_name="丹寨县委组织部")
    admin = create_first_admin(db, "陈红", "chenhong2026", fixed_clock)
    add_operator(db, admin, "李明", "审核员", "liming-dz-1", fixed_clock)
    db.close()
    window = signed_in_window(qtbot, protected_path, "王芳")
    monkeypatch.setattr(database_files.QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    answers = Answers(log_in_as("李明", "liming-dz-1"))
    window.open_other_database()
    assert answers.done and window.ctx.db.path == other
    assert window.operator_label.text() == "操作员：李明（审核员）"
    answers = Answers(lambda dialog: dialog.reject())  # 退出 at the login: the database in use stays
    monkeypatch.setattr(database_files.QFileDialog, "getOpenFileName", lambda *a, **k: (str(protected_path), ""))
    window.open_other_database()
    assert answers.done and window.ctx.db.path == other and window.ctx.store.operator == "李明"
    close_window(window)


def test_a_signed_in_session_asks_for_an_administrator_of_a_database_without_accounts(qtbot, monkeypatch, tmp_path,
                                                                                       protected_path):
    from desktop_app.gui import database_files

    other = tmp_path / "台江县.kpdb"
    open_database(other, create=True, office_name="台江县委组织部").close()
    window = signed_in_window(qtbot, protected_path, "王芳")
    monkeypatch.setattr(database_files.QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    answers = Answers(lambda dialog: dialog.reject())
    window.open_other_database()
    assert answers.done and window.ctx.db.path == protected_path  # no administrator made: not opened
    close_window(window)
