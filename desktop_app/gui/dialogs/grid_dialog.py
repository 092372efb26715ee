"""What the dialogs that type a grid from paper and save it in one step share (录入计票, 录入年度考核数据).

Under the grid: 已录入 N / M, the message line — what is wrong, or what was saved — and 保存 (Ctrl+S),
which writes every row on the worker in one undo step and stays disabled while any row is wrong.
A refusal of the core is said on the message line. Closing with unsaved numbers asks first.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desktop_app.core.errors import ValidationError
from desktop_app.gui.errors import show_error
from desktop_app.gui.widgets import ERROR_STYLE, add_shortcut

SAVE_TEXT, SAVING_TEXT = "保存（Ctrl+S）", "正在保存…"
PROBLEMS_SHOWN = 3
OK_STYLE = "color: #1e7b34;"


def ask_to_save(parent: QWidget, title: str, text: str) -> QMessageBox.StandardButton:
    """Closing with numbers not saved: 保存 / 不保存 / 取消."""
    return QMessageBox.question(parent, title, text,
                                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)


class GridDialog(QDialog):
    """A dialog over `self.grid` (a CellGrid) and `self.model` (with `dirty`, `mark_saved`) of the unit
    `unit_id`. A subclass builds them, puts `buttons_row` under them and says `save_work`,
    `saved_text`, `unsaved_answer` and `update_state` (which ends in `show_problems`)."""

    saved = Signal(str)  # the unit id, once a save is written

    def __init__(self, ctx, unit_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.unit_id = ctx, unit_id
        self.saving = False
        self.close_after_save = False

    # -- what a subclass says --------------------------------------------------------------------
    def save_work(self) -> tuple[Callable[[], object], int]:
        """The write to run on the worker and how many rows (people) it saves."""
        raise NotImplementedError

    def saved_text(self, count: int) -> str:
        raise NotImplementedError

    def unsaved_answer(self) -> QMessageBox.StandardButton:
        raise NotImplementedError

    def update_state(self) -> None:
        raise NotImplementedError

    def refusal_text(self, problems: dict[str, str]) -> str:
        """What a ValidationError of the core says that the grid does not show on a row."""
        return "；".join(problems.values())

    def writable(self) -> bool:
        return True

    # -- building --------------------------------------------------------------------------------
    def buttons_row(self, name: str) -> QHBoxLayout:
        """The progress label, the message line (`name`_message) and the buttons under the grid; Tab
        or Enter past the grid's last cell goes to 保存."""
        self.grid.left.connect(lambda: self.save_button.setFocus(Qt.FocusReason.TabFocusReason))
        self.progress_label = QLabel()
        self.progress_label.setObjectName(f"{name}_progress")
        self.message = QLabel()
        self.message.setObjectName(f"{name}_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(SAVE_TEXT)
        self.save_button.setObjectName(f"{name}_save")
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.reject)
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)  # Enter belongs to the grid
        add_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress_label)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        return bottom

    # -- state -----------------------------------------------------------------------------------
    def show_problems(self, problems: list[str], lead: str) -> None:
        """The first problems after `lead` on the message line (cleared once they are all fixed);
        保存 may be pressed only without problems and with something to save."""
        if problems:
            shown = "；".join(problems[:PROBLEMS_SHOWN])
            more = f"等 {len(problems)} 处" if len(problems) > PROBLEMS_SHOWN else ""
            self._say(f"{lead}：{shown}{more}", error=True)
        elif self.message.property("error"):
            self._say("")
        self.save_button.setEnabled(not self.saving and not problems and self.model.dirty and self.writable())

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setProperty("error", error)

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> None:
        """保存 (Ctrl+S): every row, in one undo step; refused while any row is wrong."""
        self.grid.commit_open_editor()
        self.update_state()
        if self.saving or not self.save_button.isEnabled():
            return
        work, count = self.save_work()
        self._set_saving(True)
        self.ctx.runner.run(work, on_done=lambda _changes: self._saved(count), on_error=self._refused, parent=self)

    def _saved(self, count: int) -> None:
        self._set_saving(False)
        self.model.mark_saved()
        self._say(self.saved_text(count) + "关闭后可在主窗口按 Ctrl+Z 撤销这次保存。")
        self.update_state()
        self.saved.emit(self.unit_id)
        if self.close_after_save:
            super().reject()

    def _refused(self, error: BaseException) -> None:
        self._set_saving(False)
        self.close_after_save = False
        if not isinstance(error, ValidationError):
            show_error(self, error)
            self.update_state()
            return
        loose = self.refusal_text(error.problems)
        self.update_state()
        if loose:
            self._say("未保存：" + loose, error=True)

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setText(SAVING_TEXT if saving else SAVE_TEXT)
        self.save_button.setEnabled(not saving)

    # -- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        """关闭, Esc, the close button: asks first when something typed is not saved."""
        if self.saving:
            return
        self.grid.commit_open_editor()
        if self.model.dirty and self.writable():
            answer = self.unsaved_answer()
            if answer == QMessageBox.StandardButton.Save:
                self.close_after_save = True
                self.save()
                if not self.saving:  # refused: the message says why
                    self.close_after_save = False
                return
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
