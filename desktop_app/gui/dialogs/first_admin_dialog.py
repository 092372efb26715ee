"""创建管理员账号: a database without operator accounts, opened for the first time since accounts exist.

The first account is an administrator's (core `create_first_admin`); from then on everyone logs in.
Only the demo county may be tried without accounts (暂不设置): an office database holds real
people's grades and ID numbers, so it is protected from its first use.
"""

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from db.errors import KaopingError
from desktop_app.core.clock import system_clock
from desktop_app.core.operators import create_first_admin
from desktop_app.core.permissions import Operator
from desktop_app.gui import settings
from desktop_app.gui.dialogs.password_dialog import (
    PASSWORD_HINT,
    CheckingDialog,
    OwnRunner,
    message_label,
    new_password_problems,
    password_edit,
    show_message,
)
from desktop_app.gui.errors import show_error
from desktop_app.gui.operations import OperationRunner
from desktop_app.gui.widgets import ValidatedForm, note_label

CREATE_TEXT = "创建并登录(&C)"
SKIP_TEXT = "暂不设置（演示试用）(&S)"
EXPLAINED = ("从现在起，每次打开本数据库都要用操作员账号登录；每一次修改都记下登录的操作员。"
             "管理员可以在「文件 → 操作员管理」中为其他人添加账号并设定角色："
             "管理员（账号、规则方案、重新开放年度）、审核员（审核、审定）、录入员（录入数据）、只读（查看和打印）。"
             "请牢记管理员密码：忘记后只能由另一位管理员重设。")
NAME_MAX_LENGTH = 20


class FirstAdminDialog(CheckingDialog):
    """Create the first administrator of `db`; `operator` once accepted. With `may_skip` (the demo
    county), 暂不设置 accepts with `skipped` True and no account is made."""

    def __init__(self, db, *, may_skip: bool = False, runner: OperationRunner | None = None, clock=system_clock,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.clock = db, clock
        self.worker = OwnRunner(runner, self)
        self.checking = False
        self.operator: Operator | None = None
        self.skipped = False
        self.setWindowTitle("创建管理员账号")
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{db.office()['name']}</b>的数据库还没有操作员账号，请先创建管理员账号。")
        head.setWordWrap(True)
        self.form = ValidatedForm(self)
        self.name = self.form.add("name", "管理员姓名(&N)", QLineEdit(), "例：王芳")
        self.name.setMaxLength(NAME_MAX_LENGTH + 10)  # longer names get a message, not a silent cut
        workstation_name = settings.get(settings.OPERATOR)
        if workstation_name != settings.OPERATOR.default:
            self.name.setText(workstation_name)
        self.password = self.form.add("password", "密码(&P)", password_edit(), PASSWORD_HINT)
        self.again = self.form.add("again", "再输一次(&A)", password_edit())
        self.message = message_label()
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(CREATE_TEXT, QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        self.skip_button = None
        if may_skip:
            self.skip_button = self.buttons.addButton(SKIP_TEXT, QDialogButtonBox.ButtonRole.ActionRole)
            self.skip_button.setToolTip("演示县不设账号也可试用；本单位的数据库请务必设置。")
            self.skip_button.clicked.connect(self.skip)
        self.buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for widget in (head, note_label(EXPLAINED), self.form, self.message, self.buttons):
            layout.addWidget(widget)
        (self.password if self.name.text() else self.name).setFocus()

    def accept(self) -> None:
        """创建并登录: the account is made on the worker once the form is right."""
        if self.checking:
            return
        name, password = " ".join(self.name.text().split()), self.password.text()
        problems = ({"name": "请填写管理员姓名"} if not name else
                    {"name": f"姓名过长（最多{NAME_MAX_LENGTH}字）"} if len(name) > NAME_MAX_LENGTH else
                    new_password_problems(password, self.again.text()))
        self.form.show_problems(problems)
        show_message(self.message, "")
        if problems:
            return
        self._set_checking(True)
        db, clock = self.db, self.clock
        self.worker.runner.run(lambda: create_first_admin(db, name, password, clock), on_done=self._created,
                               on_error=self._refused, parent=self, undoable=False)

    def _created(self, operator: Operator) -> None:
        self._set_checking(False)
        self.operator = operator
        settings.put(settings.LAST_LOGIN, operator.name)
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self._set_checking(False)
        if isinstance(error, KaopingError):
            show_message(self.message, error.message)
        else:
            show_error(self, error)

    def skip(self) -> None:
        if not self.checking:
            self.skipped = True
            super().accept()

    @property
    def check_button(self):
        return self.create_button

    check_text = CREATE_TEXT
