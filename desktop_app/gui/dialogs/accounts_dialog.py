"""操作员管理 (管理员): the database's operator accounts — add one, reset a password, change a role,
disable or enable. Every change runs on the worker through core.operators, which checks the right
(管理操作员) and keeps an enabled administrator; its refusals are shown as they come. The tab 变动记录
lists every account change from the sealed local log (who, when, what), filterable by name."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import PermissionDenied
from desktop_app.core.operators import account_history, list_operators, set_disabled, set_role
from desktop_app.core.permissions import ROLES
from desktop_app.gui.dialogs.operator_forms import AddOperatorDialog, ResetPasswordDialog
from desktop_app.gui.widgets import (
    add_shortcut,
    confirm,
    note_label,
    push_button,
    show_status,
    stretch_column,
)

COLUMNS = ("姓名", "角色", "状态", "创建时间", "创建人", "最近修改")
HISTORY_COLUMNS = ("时间", "操作人", "账户", "变动", "变动后的角色")
EXPLAINED = ("管理员：操作员账号、规则方案、重新开放年度、恢复备份；审核员：审核、公示、审定、锁定年度；"
             "录入员：录入数据；只读：查看和打印。每个角色都能做其下各角色能做的事。至少要保留一个可用的管理员。"
             "操作员账号只保存在本数据库文件中，不随交换文件传到其他单位。")


def account_state(row: dict) -> str:
    if row["disabled"]:
        return "已停用"
    return "须修改密码" if row["must_change"] else "正常"


def when(moment: str) -> str:
    """2026-11-24T16:42:13+08:00 → 2026-11-24 16:42."""
    return moment[:16].replace("T", " ")


class AccountsDialog(QDialog):
    """The accounts as a list with their role and state; the changes an administrator makes."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] = []
        self.setWindowTitle("操作员管理")
        self.resize(760, 420)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        stretch_column(self.table, len(COLUMNS) - 1, (120, 80, 100, 140, 140))
        self.table.itemSelectionChanged.connect(self._enable_buttons)
        self.add_button = push_button("新增操作员(&A)…", "为本单位的一位工作人员新建账号", self.add_operator)
        self.reset_button = push_button("重设密码(&R)…", "忘记密码时为其设新密码；其下次登录时须改为自己的密码",
                                        self.reset_password)
        self.role_button = push_button("修改角色(&O)…", "", self.change_role)
        self.disable_button = push_button("停用(&D)", "停用后不能再登录；账号和其操作记录都保留", self.toggle_disabled)
        row = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.role_button, self.disable_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        accounts = QWidget()
        accounts_layout = QVBoxLayout(accounts)
        accounts_layout.addWidget(note_label(EXPLAINED))
        accounts_layout.addWidget(self.table, 1)
        accounts_layout.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(accounts, "账户(&U)")
        self.tabs.addTab(self._history_tab(), "变动记录(&H)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.refresh()

    def _history_tab(self) -> QWidget:
        self.history_filter = QLineEdit()
        self.history_filter.setPlaceholderText("按账户或操作人筛选（Ctrl+F）")
        self.history_filter.setClearButtonEnabled(True)
        self.history_filter.textChanged.connect(self._show_history)
        self.history = QTableWidget(0, len(HISTORY_COLUMNS))
        self.history.setHorizontalHeaderLabels(HISTORY_COLUMNS)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        stretch_column(self.history, 3, (140, 100, 100))
        tab = QWidget()
        tab_layout = QVBoxLayout(tab)
        tab_layout.addWidget(note_label("账户的每次新增、改角色、停用或启用、改密码和重设密码都记在本机日志里（带封印，"
                                        "用数据库工具改动会在“核验记实链”时查出）；密码本身从不记录。"))
        tab_layout.addWidget(self.history_filter)
        tab_layout.addWidget(self.history, 1)
        add_shortcut("Ctrl+F", self, lambda: (self.tabs.setCurrentIndex(1), self.history_filter.setFocus()))
        return tab

    def _show_history(self) -> None:
        """The account changes, newest first, those whose account or operator contains the filter text."""
        text = self.history_filter.text().strip()
        shown = [change for change in self.changes if not text or text in change["name"] or text in change["by"]]
        self.history.setRowCount(len(shown))
        for number, change in enumerate(shown):
            for column, value in enumerate((when(change["at"]), change["by"], change["name"], change["change"],
                                            change["role"])):
                self.history.setItem(number, column, QTableWidgetItem(value))

    def refresh(self, select: str | None = None) -> None:
        """Read the accounts again (the reader), keeping or moving the selection to `select`."""
        select = select or self.selected_name()
        self.rows = list_operators(self.ctx.reader)
        self.table.setRowCount(len(self.rows))
        for number, account in enumerate(self.rows):
            texts = (account["name"], account["role"], account_state(account), when(account["created_at"]),
                     account["created_by"] or "（首次使用时创建）", when(account["changed_at"]))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if account["disabled"]:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(number, column, item)
        names = [account["name"] for account in self.rows]
        self.table.selectRow(names.index(select) if select in names else 0)
        self._enable_buttons()
        try:
            self.changes = account_history(self.ctx.reader, self.ctx.operator)
        except PermissionDenied:  # one's own role was just lowered: the window follows when this closes
            self.changes = []
        self._show_history()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def selected_name(self) -> str | None:
        account = self.selected() if self.rows else None
        return account["name"] if account else None

    def _enable_buttons(self) -> None:
        account = self.selected()
        for button in (self.reset_button, self.role_button, self.disable_button):
            button.setEnabled(account is not None)
        self.disable_button.setText("启用(&D)" if account and account["disabled"] else "停用(&D)")

    # -- changes, each on the worker ---------------------------------------------------------------
    def _run(self, work, done_text: str, select: str) -> None:
        def done(_result) -> None:
            self.refresh(select)
            show_status(self.parentWidget() or self, done_text)

        self.ctx.runner.run(work, on_done=done, parent=self, undoable=False)

    def add_operator(self) -> QDialog:
        dialog = AddOperatorDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda name: self.refresh(name))
        dialog.open()
        return dialog

    def reset_password(self) -> QDialog | None:
        account = self.selected()
        if account is None:
            return None
        dialog = ResetPasswordDialog(self.ctx, account["name"], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda name: self.refresh(name))
        dialog.open()
        return dialog

    def change_role(self) -> None:
        account = self.selected()
        if account is None:
            return
        name = account["name"]
        role, ok = QInputDialog.getItem(self, "修改角色", f"“{name}”的角色：", list(ROLES), ROLES.index(account["role"]),
                                        False)
        if not ok or role == account["role"]:
            return
        db, by, clock = self.ctx.db, self.ctx.operator, self.ctx.store.clock
        self._run(lambda: set_role(db, by, name, role, clock), f"已将“{name}”的角色改为{role}。", name)

    def toggle_disabled(self) -> None:
        account = self.selected()
        if account is None:
            return
        name, disable = account["name"], not account["disabled"]
        if disable and not confirm(self, "停用操作员", f"停用“{name}”吗？停用后 TA 不能再登录；账号和 TA 的操作记录都保留，"
                                   "需要时可以再启用。", action="停用"):
            return
        db, by, clock = self.ctx.db, self.ctx.operator, self.ctx.store.clock
        self._run(lambda: set_disabled(db, by, name, disable, clock),
                  f"已{'停用' if disable else '启用'}“{name}”。", name)

