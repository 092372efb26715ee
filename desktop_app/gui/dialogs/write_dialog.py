"""The dialog whose accept button writes on the worker (保存 → 正在保存…) and closes once written.

While the write runs, the button is disabled and the dialog cannot be closed (取消, Esc); a
refusal by the core is shown under its fields in the still-open dialog, any other error by
the one error presenter.
"""

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from desktop_app.core.errors import ValidationError
from desktop_app.gui.errors import show_error
from desktop_app.gui.widgets import dialog_buttons

SAVING_TEXT = "正在保存…"


class WriteDialog(QDialog):
    """A subclass builds `self.form` (a ValidatedForm) and lays out `self.buttons` last; its accept()
    calls `run_write(work, on_done)`, and `on_done` ends with `finish(...)`, which emits `saved(...)`."""

    def __init__(self, ctx, parent: QWidget | None = None, *, accept_text: str = "保存(&S)"):
        super().__init__(parent)
        self.ctx = ctx
        self.saving = False
        self.accept_text = accept_text
        self.buttons = dialog_buttons(self, self.accept, accept_text=accept_text)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def run_write(self, work: Callable, on_done: Callable, *, undoable: bool = True) -> None:
        """Run `work` on the worker; `on_done(result)` once it is written, a refusal shown if not.
        `undoable` False: not offered to Ctrl+Z (reopening a locked year)."""
        self._set_saving(True)
        self.ctx.runner.run(work, on_done=on_done, on_error=self._refused, parent=self, undoable=undoable)

    def finish(self, *saved) -> None:
        """Written: say so (`saved` signal with `saved`) and close."""
        self._set_saving(False)
        self.saved.emit(*saved)
        super().accept()

    def reject(self) -> None:
        if not self.saving:  # a write under way finishes first
            super().reject()

    def _refused(self, error: BaseException) -> None:
        self._set_saving(False)
        self.show_refusal(error)

    def show_refusal(self, error: BaseException) -> None:
        """The core's problems under their fields; anything else by the error presenter."""
        if isinstance(error, ValidationError) and set(error.problems) <= set(self.form.fields):
            self.form.show_problems(error.problems)
        else:
            show_error(self, error)

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText(SAVING_TEXT if saving else self.accept_text)
