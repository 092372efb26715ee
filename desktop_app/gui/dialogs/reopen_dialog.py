"""重新开放已锁定的年度: an administrator's reopening of a locked year, with the reason
(core `reopen_assessment`; not undone with Ctrl+Z — the year is locked again with 锁定). The dialog says that it is recorded — who, when and
why stay in the year's lock record and the operations log — and the core refuses an empty reason.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.core.assessment import reopen_assessment
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.widgets import ValidatedForm, note_label, text_box

RECORDED = ("重新开放后，本年度的审定等次和考核数据可以再修改。重新开放将被记录（操作员、时间和原因），"
            "记入本年度的锁定记录和操作记录，随数据交换传给其他单位；修改完毕后请重新审定并锁定。")


class ReopenDialog(WriteDialog):
    """Reopen `year` (locked as `lock_text` says); emits `saved(str(year))` once written."""

    saved = Signal(str)

    def __init__(self, ctx, year: int, lock_text: str, parent: QWidget | None = None):
        super().__init__(ctx, parent, accept_text="重新开放(&R)")
        self.year = year
        self.setWindowTitle(f"重新开放{year}年度考核")
        self.setMinimumWidth(520)
        self.form = ValidatedForm(self)
        self.reason = self.form.add("reason", "原因(&Y)", text_box())
        self.reason.setPlaceholderText("例：省委巡视反馈需复核个别干部的等次")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        head = QLabel(f"{lock_text}。")
        head.setWordWrap(True)
        for widget in (head, note_label(RECORDED), self.form, self.buttons):
            layout.addWidget(widget)
        self.reason.setFocus()

    def accept(self) -> None:
        if self.saving:
            return
        self.form.clear_problems()
        store, year, reason = self.ctx.store, self.year, self.reason.toPlainText()
        self.run_write(lambda: reopen_assessment(store, year, reason), lambda _changes: self.finish(str(year)),
                       undoable=False)
