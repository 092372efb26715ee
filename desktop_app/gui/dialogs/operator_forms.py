"""The forms of 操作员管理: a new account (新增操作员) and an administrator's new password for one
(重设密码). Both write on the worker through core.operators; the core's refusals show under the
fields (a name already taken, a weak password) or in a box (no right to manage accounts)."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop_app.core.operators import add_operator, reset_password
from desktop_app.core.permissions import ROLES
from desktop_app.gui.dialogs.password_dialog import PASSWORD_HINT, new_password_problems, password_edit
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.widgets import ValidatedForm, choice_box, note_label

ROLE_TEXTS = {
    "管理员": "管理员：操作员账号、规则方案、重新开放年度、恢复备份，以及审核员的一切",
    "审核员": "审核员：审核实绩报告、发布和结束公示、办结异议、审定、锁定年度、导入交换文件，以及录入员的一切",
    "录入员": "录入员：录入单位、干部、实绩报告、计票、年度考核数据、各类登记等",
    "只读": "只读：查看、打印和导出（证件号遮挡），不能修改",
}
NEW_ROLE = "录入员"


def role_box():
    box = choice_box(ROLES, all_label=None)
    box.setCurrentIndex(ROLES.index(NEW_ROLE))
    for index, role in enumerate(ROLES):
        box.setItemData(index, ROLE_TEXTS[role], Qt.ItemDataRole.ToolTipRole)
    return box


class AddOperatorDialog(WriteDialog):
    """新增操作员: name, role, first password (typed twice); `saved(name)` once the account exists."""

    saved = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent, accept_text="新增(&S)")
        self.setWindowTitle("新增操作员")
        self.setMinimumWidth(460)
        self.form = ValidatedForm(self)
        self.name = self.form.add("name", "姓名(&N)", QLineEdit(), "例：李明")
        self.role = self.form.add("role", "角色(&O)", role_box())
        self.password = self.form.add("password", "初始密码(&P)", password_edit(), PASSWORD_HINT)
        self.again = self.form.add("again", "再输一次(&A)", password_edit())
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.form)
        layout.addWidget(note_label("请把初始密码当面告诉本人，并请其登录后在「文件 → 修改密码」中改为自己的密码。"))
        layout.addWidget(self.buttons)
        self.name.setFocus()

    def accept(self) -> None:
        if self.saving:
            return
        name = " ".join(self.name.text().split())
        problems = {"name": "请填写操作员姓名"} if not name else new_password_problems(
            self.password.text(), self.again.text())
        self.form.show_problems(problems)
        if problems:
            return
        db, by, role, password, clock = (self.ctx.db, self.ctx.operator, self.form.value("role"),
                                         self.password.text(), self.ctx.store.clock)
        self.run_write(lambda: add_operator(db, by, name, role, password, clock), lambda _none: self.finish(name),
                       undoable=False)


class ResetPasswordDialog(WriteDialog):
    """重设密码 of `name` (forgotten, or a new person in the post); they set their own at the next login."""

    saved = Signal(str)

    def __init__(self, ctx, name: str, parent: QWidget | None = None):
        super().__init__(ctx, parent, accept_text="重设密码(&S)")
        self.account = name
        self.setWindowTitle(f"重设“{name}”的密码")
        self.setMinimumWidth(440)
        self.form = ValidatedForm(self)
        self.password = self.form.add("new_password", "新密码(&P)", password_edit(), PASSWORD_HINT)
        self.again = self.form.add("again", "再输一次(&A)", password_edit())
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(note_label(f"为“{name}”设一个新密码。TA 下次登录时须先改为自己的密码；"
                                    "此前因多次输错而等待的，也一并解除。"))
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def accept(self) -> None:
        if self.saving:
            return
        problems = new_password_problems(self.password.text(), self.again.text(), field="new_password")
        self.form.show_problems(problems)
        if problems:
            return
        db, by, name, password, clock = (self.ctx.db, self.ctx.operator, self.account, self.password.text(),
                                         self.ctx.store.clock)
        self.run_write(lambda: reset_password(db, by, name, password, clock), lambda _none: self.finish(name),
                       undoable=False)
