"""登录: the operator's name and password for a database that has operator accounts.

The check runs on the worker (argon2id). A refusal shows the core's message (the same for a wrong
name and a wrong password); while the core slows attempts down after repeated failures, the button
counts the wait down: 请 N 秒后再试. The lock screen (idle_lock.LockDialog) is this dialog with the
name fixed.
"""

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from db.errors import KaopingError
from desktop_app.core.clock import system_clock
from desktop_app.core.operators import login, login_wait, must_change_password
from desktop_app.core.permissions import Operator
from desktop_app.gui import settings
from desktop_app.gui.dialogs.password_dialog import (
    CHECKING_TEXT,
    CheckingDialog,
    OwnRunner,
    message_label,
    password_edit,
    show_message,
)
from desktop_app.gui.errors import show_error
from desktop_app.gui.operations import OperationRunner
from desktop_app.gui.widgets import ValidatedForm, note_label
from desktop_app.resources import APP_TITLE

LOGIN_TEXT = "登录(&L)"


@dataclass(frozen=True)
class LoggedIn:
    operator: Operator
    must_change: bool  # an administrator set or reset the password: the operator sets their own first


@dataclass(frozen=True)
class Refused:
    message: str
    wait: int  # seconds before the next attempt is taken (0: none)


def attempt_login(db, name: str, password: str, clock) -> LoggedIn | Refused:
    """One login attempt (on the worker): who logged in, or the core's refusal and the wait it imposes."""
    try:
        operator = login(db, name, password, clock)
    except KaopingError as refusal:
        return Refused(refusal.message, login_wait(db, name, clock))
    return LoggedIn(operator, must_change_password(db, operator.name))


def wait_text(seconds: int) -> str:
    return f"请 {seconds} 秒后再试"


class LoginDialog(CheckingDialog):
    """Log in to `db`; `logged_in` (a LoggedIn) and `password_typed` once accepted. Esc/退出 rejects."""

    accept_text = LOGIN_TEXT

    def __init__(self, db, *, runner: OperationRunner | None = None, clock=system_clock, name: str | None = None,
                 cancel_text: str = "退出", parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.clock = db, clock
        self.worker = OwnRunner(runner, self)
        self.checking = False
        self.logged_in: LoggedIn | None = None
        self.password_typed = ""
        self.wait_left = 0
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)
        office = db.office()["name"]
        self.setWindowTitle(f"登录 — {APP_TITLE}")
        self.setMinimumWidth(400)
        self.column = QVBoxLayout(self)
        self.head = QLabel(f"<b>{office}</b>")
        self.note = note_label("请输入操作员姓名和密码。没有账号或忘记密码，请找本单位的管理员。")
        self.form = ValidatedForm(self)
        self.name = self.form.add("name", "操作员(&N)", QLineEdit())
        self.name.setMaxLength(40)
        self.name.setText(settings.get(settings.LAST_LOGIN) if name is None else name)
        self.name.textEdited.connect(lambda _text: self._stop_countdown())
        self.password = self.form.add("password", "密码(&P)", password_edit())
        self.message = message_label()
        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(self.accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.head, self.note, self.form, self.message, self.buttons):
            self.column.addWidget(widget)
        (self.password if self.name.text() else self.name).setFocus()

    # -- the attempt ---------------------------------------------------------------------------
    def accept(self) -> None:
        """登录: check the name and password on the worker (nothing while a check or a wait runs)."""
        if self.checking or self.wait_left:
            return
        name, password = " ".join(self.name.text().split()), self.password.text()
        problems = {"name": "请填写操作员姓名"} if not name else {"password": "请输入密码"} if not password else {}
        self.form.show_problems(problems)
        if problems:
            return
        show_message(self.message, "")
        self._set_checking(True)
        db, clock = self.db, self.clock
        self.worker.runner.run(lambda: attempt_login(db, name, password, clock),
                               on_done=lambda answer: self._answered(answer, password),
                               on_error=self._failed, parent=self, undoable=False)

    def _answered(self, answer: LoggedIn | Refused, password: str) -> None:
        self._set_checking(False)
        if isinstance(answer, LoggedIn):
            self.logged_in, self.password_typed = answer, password
            settings.put(settings.LAST_LOGIN, answer.operator.name)
            self.admitted(answer)
            return
        show_message(self.message, answer.message)
        self.password.clear()
        self.password.setFocus()
        if answer.wait > 0:
            self._start_countdown(answer.wait)

    def admitted(self, answer: LoggedIn) -> None:
        """The password was right: close (the lock screen does more)."""
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self._set_checking(False)
        show_error(self, error)

    # -- the wait after repeated failures --------------------------------------------------------
    def _start_countdown(self, seconds: int) -> None:
        self.wait_left = seconds
        self._show_wait()
        self.countdown.start()

    def _tick(self) -> None:
        self.wait_left = max(0, self.wait_left - 1)
        if not self.wait_left:
            self._stop_countdown()
            return
        self._show_wait()

    def _stop_countdown(self) -> None:
        self.countdown.stop()
        self.wait_left = 0
        self.login_button.setEnabled(not self.checking)
        self.login_button.setText(CHECKING_TEXT if self.checking else self.accept_text)

    def _show_wait(self) -> None:
        self.login_button.setEnabled(False)
        self.login_button.setText(wait_text(self.wait_left))

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        if not self.wait_left:
            self.login_button.setEnabled(not checking)
            self.login_button.setText(CHECKING_TEXT if checking else self.accept_text)

    # -- closing ---------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self.countdown.stop()
        super().done(result)
