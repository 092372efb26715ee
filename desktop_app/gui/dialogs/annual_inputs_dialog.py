"""录入年度考核数据: a unit's team and cadres of the year, typed from the paper tallies and reports.

Above the grid: the unit, the scales, and — for a locked year — a banner (the grid is then read
only; the core would refuse anyway). Under it: the side form of the row selected (专项调查情况,
重点项目), 已录入 N / M and the message line — what is wrong, naming the row and the numbers, or
what was saved. 保存 (Ctrl+S) writes every row edited through core save_inputs_grid — one undo
step, nothing when any row is wrong, so it stays disabled while the message says why; a refusal
of the core is shown on its row. Closing with unsaved inputs asks first.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.annual_inputs import evaluation_grades, save_inputs_grid
from desktop_app.core.errors import ValidationError
from desktop_app.gui.dialogs.annual_inputs_grid import AnnualGrid
from desktop_app.gui.dialogs.annual_row_details import RowDetails
from desktop_app.gui.dialogs.tally_dialog import OK_STYLE
from desktop_app.gui.errors import show_error
from desktop_app.gui.models.annual_grid_model import AnnualGridModel
from desktop_app.gui.widgets import ERROR_STYLE, add_shortcut, note_label

SAVE_TEXT, SAVING_TEXT = "保存（Ctrl+S）", "正在保存…"
PROBLEMS_SHOWN = 3
LOCKED_STYLE = "background: #fff4ce; color: #7a4f01; padding: 6px; border: 1px solid #e8c34a; border-radius: 3px;"
HELP = ("数字键录入，Tab 或 Enter 到下一格（行末到下一人），Backspace/Delete 清空一格；弃权自动计算。"
        "属实：空格键勾选；责任制考核等次：数字键 1–{n} 依次为 {grades}。")


def unsaved_answer(parent: QWidget) -> QMessageBox.StandardButton:
    """Closing with inputs not saved: 保存 / 不保存 / 取消."""
    return QMessageBox.question(parent, "年度考核数据尚未保存", "录入的数据还没有保存。要保存吗？",
                                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)


class AnnualInputsDialog(QDialog):
    """The grid of the unit `unit_id` in `year`: `subjects` (core unit_subjects), `saved` (cadre id or
    None → decoded inputs), `rules` the year's AnnualRules; `lock_text` says why it is read only."""

    saved = Signal(str)  # the unit id, once a save is written

    def __init__(self, ctx, year: int, unit_id: str, subjects: list, saved: dict, rules, lock_text: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year, self.unit_id = ctx, year, unit_id
        self.saving = False
        self.close_after_save = False
        self.unit_name = subjects[0].unit_name
        self.setWindowTitle(f"录入年度考核数据 — {self.unit_name} {year}年度")
        self.model = AnnualGridModel(rules, subjects, saved, read_only=bool(lock_text), parent=self)
        self._build(rules, lock_text)
        self.model.edited.connect(self.update_state)
        self.update_state()
        self._show_details()
        self.resize(min(1240, max(900, self.grid.full_width() + 24)), min(760, 430 + 26 * len(subjects)))

    # -- building --------------------------------------------------------------------------------
    def _build(self, rules, lock_text: str) -> None:
        team, cadre = evaluation_grades(rules, team=True), evaluation_grades(rules, team=False)
        heading = QLabel(f"<b>{self.unit_name}</b>　{self.year}年度　领导班子按 {'/'.join(team)} 计票，"
                         f"干部按 {'/'.join(cadre)} 计票")
        self.banner = QLabel(f"{lock_text}：本表只能查看，不能修改。" if lock_text else "")
        self.banner.setObjectName("annual_locked")
        self.banner.setStyleSheet(LOCKED_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setVisible(bool(lock_text))
        self.grid = AnnualGrid(self.model, self)
        self.grid.left.connect(lambda: self.save_button.setFocus(Qt.FocusReason.TabFocusReason))
        self.grid.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        self.details = RowDetails(self)
        self.details.edited.connect(self._details_edited)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("annual_progress")
        self.message = QLabel()
        self.message.setObjectName("annual_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(SAVE_TEXT)
        self.save_button.setObjectName("annual_save")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(not lock_text)
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
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.message)
        help_label = note_label(HELP.format(n=len(team), grades="、".join(team)))
        help_label.setVisible(not lock_text)  # nothing to type in a locked year
        layout.addWidget(help_label)
        layout.addLayout(bottom)
        self.setTabOrder(self.grid, self.details.investigation)
        self.setTabOrder(self.details.investigation, self.details.projects)
        self.setTabOrder(self.details.projects, self.save_button)
        self.grid.setFocus()

    # -- the row selected ---------------------------------------------------------------------------
    def current_row(self) -> int:
        index = self.grid.currentIndex()
        return index.row() if index.isValid() else 0

    def _show_details(self) -> None:
        row = self.current_row()
        if not self.model.subjects:
            return
        subject, entry = self.model.subjects[row], self.model.entries[row]
        self.details.show_row(subject.label, entry["investigation"], entry["projects"], read_only=self.model.read_only)
        self._show_detail_problems()

    def _details_edited(self) -> None:
        row = self.current_row()
        self.model.set_investigation(row, self.details.investigation_text())
        self.model.set_projects(row, self.details.project_list())

    def _show_detail_problems(self) -> None:
        problems = self.model.row_problems(self.current_row())
        self.details.show_problem("；".join(text for key, text in problems.items()
                                           if key.startswith(("key_projects", "investigation"))))

    # -- state -----------------------------------------------------------------------------------
    def update_state(self) -> None:
        """Progress, the message and whether 保存 may be pressed, after any change."""
        model = self.model
        people = len(model.subjects)
        self.progress_label.setText(f"已录入民主测评 {model.entered_count('eval')} / {people}，"
                                    f"民意调查 {model.entered_count('survey')} / {people}")
        problems = model.problems()
        if problems:
            shown = "；".join(problems[:PROBLEMS_SHOWN])
            more = f"等 {len(problems)} 处" if len(problems) > PROBLEMS_SHOWN else ""
            self._say(f"有误，改正后才能保存：{shown}{more}", error=True)
        elif self.message.property("error"):
            self._say("")
        self._show_detail_problems()
        self.save_button.setEnabled(not self.saving and not problems and model.dirty and not model.read_only)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setProperty("error", error)

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> None:
        """保存 (Ctrl+S): every row edited, in one undo step; refused while any row is wrong."""
        self.grid.commit_open_editor()
        self.update_state()
        if self.saving or not self.save_button.isEnabled():
            return
        rows = self.model.rows_to_save()
        store, year, unit_id = self.ctx.store, self.year, self.unit_id
        self._set_saving(True)
        self.ctx.runner.run(lambda: save_inputs_grid(store, year, unit_id, rows),
                            on_done=lambda _changes: self._saved(len(rows)), on_error=self._refused, parent=self)

    def _saved(self, count: int) -> None:
        self._set_saving(False)
        self.model.mark_saved()
        self._say(f"已保存 {count} 项（班子或干部）的年度考核数据。关闭后可在主窗口按 Ctrl+Z 撤销这次保存。")
        self.update_state()
        self.saved.emit(self.unit_id)
        if self.close_after_save:
            super().reject()

    def _refused(self, error: BaseException) -> None:
        self._set_saving(False)
        self.close_after_save = False
        if isinstance(error, ValidationError):
            loose = self.model.set_refusals(error.problems)
            self.update_state()
            if loose:
                self._say("未保存：" + "；".join(loose), error=True)
            return
        show_error(self, error)
        self.update_state()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setText(SAVING_TEXT if saving else SAVE_TEXT)
        self.save_button.setEnabled(not saving)

    # -- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        """关闭, Esc, the close button: asks first when inputs are not saved."""
        if self.saving:
            return
        self.grid.commit_open_editor()
        if self.model.dirty and not self.model.read_only:
            answer = unsaved_answer(self)
            if answer == QMessageBox.StandardButton.Save:
                self.close_after_save = True
                self.save()
                if not self.saving:  # refused: the message says why
                    self.close_after_save = False
                return
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
