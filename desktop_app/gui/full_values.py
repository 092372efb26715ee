"""显示完整证件号和电话: the session's one switch for showing ID numbers and phones in full.

Off at every start and never saved (a workstation left open must not keep them on for the next
person); only a role that may see full values (审核员, 管理员) can turn it on. The roster page and
系统设置 each carry a `FullValuesToggle`; turning either one refreshes every page, and each page's
refresh(None) re-syncs its toggle. Lists, the audit log, conflicts and dossier prints read
`ctx.show_full_id_numbers`.
"""

from PySide6.QtWidgets import QCheckBox, QWidget

from desktop_app.core.masking import FULL_ACTION, FULL_CHOICE_TEXT, may_see_full
from desktop_app.core.permissions import roles_allowed
from desktop_app.gui.errors import show_error

TIP_ALLOWED = "只在本次使用期间有效，不保存；关闭软件或换人登录后恢复隐去中间位数"


def not_allowed_tip() -> str:
    return f"只有{'或'.join(roles_allowed(FULL_ACTION)[::-1])}可以查看完整证件号和电话"


def set_full_values(widget: QWidget, ctx, show: bool) -> None:
    """Turn the session's switch on or off (on only when the role allows) and refresh every page."""
    ctx.full_sensitive = bool(show) and may_see_full(ctx.operator)
    for page in getattr(widget.window(), "pages", {}).values():
        if hasattr(page, "refresh"):
            try:
                page.refresh(None)
            except Exception as error:  # noqa: BLE001 — one page failing must not stop the others
                show_error(widget, error)


class FullValuesToggle(QCheckBox):
    """The checkbox 显示完整证件号和电话 bound to `ctx.full_sensitive`; disabled for roles that may not."""

    def __init__(self, ctx, mnemonic: str = "D", parent: QWidget | None = None):
        super().__init__(f"{FULL_CHOICE_TEXT}(&{mnemonic})", parent)
        self.ctx = ctx
        self.setObjectName("full_values_toggle")
        self.sync()
        self.toggled.connect(lambda on: set_full_values(self, self.ctx, on))

    def sync(self) -> None:
        """Show the session's state and whether this operator may change it."""
        allowed = may_see_full(self.ctx.operator)
        self.blockSignals(True)
        self.setChecked(self.ctx.show_full_id_numbers)
        self.blockSignals(False)
        self.setEnabled(allowed)
        self.setToolTip(TIP_ALLOWED if allowed else not_allowed_tip())
