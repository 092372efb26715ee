"""修改密码: the operator's own password, from the 文件 menu or, when an administrator set or reset it
(must_change), right after logging in. The change runs on the worker (argon2id takes a moment);
the core's refusal (wrong old password, too weak) is shown inside the dialog."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from db.errors import KaopingError
from desktop_app.core.clock import system_clock
from desktop_app.core.errors import ValidationError
from desktop_app.core.operators import change_password, check_password_strength
from desktop_app.core.permissions import Operator
from desktop_app.gui.errors import show_error
from desktop_app.gui.operations import OperationRunner
from desktop_app.gui.widgets import ERROR_STYLE, ValidatedForm, dialog_buttons, note_label

PASSWORD_HINT = "至少8位，包含字母和数字"
CORE_FIELDS = {"old_password": "old", "new_password": "password", "password": "password"}  # the core's → the form's
PASSWORD_MAX_LENGTH = 64
CHECKING_TEXT = "正在核对…"


def password_edit() -> QLineEdit:
    """A line that shows dots, not the password."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PASSWORD_MAX_LENGTH)
    return edit


def new_password_problems(password: str, again: str, *, field: str = "password") -> dict[str, str]:
    """The problem with a new password typed twice, under its field; {} when it may be used."""
    weak = check_password_strength(password)
    if weak:
        return {field: weak}
    if password != again:
        return {"again": "两次输入的密码不一致"}
    return {}


def message_label() -> QLabel:
    """The red line a dialog shows the core's refusal on."""
    label = QLabel()
    label.setObjectName("message")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class OwnRunner:
    """A dialog's worker: the window's runner when given, else one of its own shut down with it."""

    def __init__(self, runner: OperationRunner | None, parent: QWidget):
        self.owned = runner is None
        self.runner = runner or OperationRunner(parent)

    def shutdown(self) -> None:
        if self.owned:
            self.runner.shutdown()


class CheckingDialog(QDialog):
    """A dialog whose password check runs on the worker: while it runs, its button says 正在核对…
    and closing waits for the answer; its own worker stops with it. A subclass sets `check_button`,
    `check_text` (the button's text otherwise) and `worker` (an OwnRunner)."""

    checking = False

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        self.check_button.setEnabled(not checking)
        self.check_button.setText(CHECKING_TEXT if checking else self.check_text)

    def reject(self) -> None:
        if not self.checking:  # a check under way answers first
            super().reject()

    def done(self, result: int) -> None:
        super().done(result)
        self.worker.shutdown()


class ChangePasswordDialog(CheckingDialog):
    """Change `who`'s password. `old` given (just typed to log in): not asked again; `forced`: the
    operator must set one before working (取消 reads 退出)."""

    def __init__(self, db, who: Operator, *, runner: OperationRunner | None = None, clock=system_clock,
                 old: str | None = None, forced: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.who, self.clock, self.old_known = db, who, clock, old
        self.worker = OwnRunner(runner, self)
        self.checking = False
        self.setWindowTitle("请设置新密码" if forced else "修改密码")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        head = (f"{who.name}（{who.role}）：管理员为您设置了初始密码或重设了密码，请先设置只有您知道的新密码。"
                if forced else f"修改操作员“{who.name}”的登录密码。")
        layout.addWidget(note_label(head))
        self.form = ValidatedForm(self)
        self.old = password_edit()
        if old is None:
            self.form.add("old", "原密码(&O)", self.old)
        self.password = self.form.add("password", "新密码(&P)", password_edit(), PASSWORD_HINT)
        self.again = self.form.add("again", "再输一次(&A)", password_edit())
        layout.addWidget(self.form)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = dialog_buttons(self, self.accept, accept_text="修改密码(&S)")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出" if forced else "取消")
        layout.addWidget(self.buttons)
        (self.password if old is not None else self.old).setFocus()

    def accept(self) -> None:
        if self.checking:
            return
        old = self.old_known if self.old_known is not None else self.old.text()
        problems = {"old": "请输入原密码"} if not old else {}
        problems = problems or new_password_problems(self.password.text(), self.again.text())
        if problems == {} and old == self.password.text():
            problems = {"password": "新密码不能与原密码相同"}
        self.form.show_problems(problems)
        show_message(self.message, "")
        if problems:
            return
        db, who, new, clock = self.db, self.who, self.password.text(), self.clock
        self._set_checking(True)
        self.worker.runner.run(lambda: change_password(db, who, old, new, clock), on_done=self._changed,
                               on_error=self._refused, parent=self, undoable=False)

    def _changed(self, _result) -> None:
        self._set_checking(False)
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self._set_checking(False)
        if not isinstance(error, KaopingError):
            show_error(self, error)
            return
        fields = {CORE_FIELDS.get(key, key): text for key, text in getattr(error, "problems", {}).items()}
        if isinstance(error, ValidationError) and set(fields) <= set(self.form.fields):
            self.form.show_problems(fields)
            return
        show_message(self.message, error.message)
        (self.old if self.old_known is None else self.password).setFocus()

    @property
    def check_button(self):
        return self.save_button

    check_text = "修改密码(&S)"
