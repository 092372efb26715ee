"""Who works on a database the window opens (登录): at start and for 文件 → 打开 / 新建数据库.

- The database has operator accounts: 登录, then 修改密码 when an administrator set the password
  (must_change). Giving up (退出, Esc) opens nothing.
- It has none: 创建管理员账号. Only the demo county (演示县.kpdb) may be tried without (暂不设置):
  an office database holds real people's grades and ID numbers. A database opened from the menu
  while the session already works without accounts (`first_admin` False) is not asked about
  here; the next start asks.
- Worked on without accounts, nobody is signed in: the core gives full rights, under this
  computer's 操作员 name, as before accounts existed (permissions.UNPROTECTED).
"""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.core.clock import system_clock
from desktop_app.core.operators import has_operators
from desktop_app.core.permissions import Operator
from desktop_app.gui.operations import OperationRunner
from desktop_app.gui.welcome import DEMO_FILE


@dataclass(frozen=True)
class Session:
    """Who works on a database: `operator` signed in with an account, or None (it has no accounts)."""

    operator: Operator | None = None


def is_demo(db) -> bool:
    return Path(db.path).name == DEMO_FILE


def sign_in(db, parent: QWidget | None = None, *, first_admin: bool = True, runner: OperationRunner | None = None,
            clock=system_clock) -> Session | None:
    """Who works on `db` now, or None when the operator gave up."""
    if has_operators(db):
        operator = log_in(db, parent, runner=runner, clock=clock)
        return Session(operator) if operator is not None else None
    if not first_admin:
        return Session()
    from desktop_app.gui.dialogs.first_admin_dialog import FirstAdminDialog

    dialog = FirstAdminDialog(db, may_skip=is_demo(db), runner=runner, clock=clock, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return Session(None if dialog.skipped else dialog.operator)


def log_in(db, parent: QWidget | None = None, *, runner: OperationRunner | None = None, clock=system_clock,
           cancel_text: str = "退出", name: str | None = None) -> Operator | None:
    """登录 to `db` (and set a new password when must_change); None when given up. `name` None: the
    last operator who logged in on this computer is offered."""
    from desktop_app.gui.dialogs.login_dialog import LoginDialog
    from desktop_app.gui.dialogs.password_dialog import ChangePasswordDialog

    dialog = LoginDialog(db, runner=runner, clock=clock, name=name, cancel_text=cancel_text, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    logged_in = dialog.logged_in
    if logged_in.must_change:
        change = ChangePasswordDialog(db, logged_in.operator, runner=runner, clock=clock, old=dialog.password_typed,
                                      forced=True, parent=parent)
        if change.exec() != QDialog.DialogCode.Accepted:
            return None
    return logged_in.operator
