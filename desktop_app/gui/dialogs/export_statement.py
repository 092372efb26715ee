"""导出说明: before an export that holds ID numbers or phones, say what the file will contain.

`ExportStatementDialog` shows the statement (core.masking.export_statement) and, when the
operator's role allows it, the checkbox 显示完整证件号和电话 — off every time the dialog opens,
never remembered. The statement follows the checkbox, so the operator reads what they get
("……已隐去中间位数" or "含完整……，请妥善保管") before choosing where to save.
"""

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QVBoxLayout, QWidget

from desktop_app.core.masking import FULL_ACTION, FULL_CHOICE_TEXT, may_see_full
from desktop_app.core.permissions import roles_allowed
from desktop_app.gui.widgets import dialog_buttons, note_label


class ExportStatementDialog(QDialog):
    """The statement of an export and, if the role allows, the choice of full ID numbers and phones.

    `statement(full)` gives the text for either choice. `exec()` then `full()` (True only when ticked).
    """

    def __init__(self, title: str, statement: Callable[[bool], str], *, offer_full: bool, hint: str = "",
                 parent: QWidget | None = None, accept_text: str = "下一步：选择保存位置(&S)…"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.statement, self.offered, self.hint = statement, offer_full, hint
        layout = QVBoxLayout(self)
        self.statement_label = QLabel()
        self.statement_label.setObjectName("export_statement")
        self.statement_label.setWordWrap(True)
        layout.addWidget(self.statement_label)
        self.full_box = QCheckBox(f"{FULL_CHOICE_TEXT}(&D)")
        self.full_box.setObjectName("export_full_values")
        self.full_box.setChecked(False)
        self.full_box.setVisible(offer_full)
        self.full_box.toggled.connect(self._show_statement)
        layout.addWidget(self.full_box)
        if offer_full:
            layout.addWidget(note_label("默认隐去身份证号和电话的中间位数；只有确需完整号码时才勾选，"
                                        "导出的文件请妥善保管。"))
        self.buttons = dialog_buttons(self, self.accept, accept_text=accept_text)
        layout.addWidget(self.buttons)
        self._show_statement()

    def full(self) -> bool:
        return self.offered and self.full_box.isChecked()

    def _show_statement(self) -> None:
        text = self.statement(self.full())
        if not self.offered and "已隐去" in text:
            text += self.hint or f"（完整号码只有{'或'.join(roles_allowed(FULL_ACTION)[::-1])}可以选择导出。）"
        self.statement_label.setText(text)


def offer_full(ctx) -> bool:
    """Whether the operator may be offered full ID numbers and phones (审核员, 管理员)."""
    return ctx is not None and may_see_full(ctx.operator)


def ask_export(parent: QWidget, title: str, statement: Callable[[bool], str], ctx, *,
               offer: bool | None = None, hint: str = "") -> bool | None:
    """Show the statement; None when cancelled, else whether full values were chosen. `offer` False:
    no checkbox (the export is as the screen shows it; `hint` says how to get full values)."""
    offered = offer_full(ctx) if offer is None else offer and offer_full(ctx)
    dialog = ExportStatementDialog(title, statement, offer_full=offered, hint=hint, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.full()
