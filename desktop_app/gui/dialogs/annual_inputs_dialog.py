"""录入年度考核数据: a unit's team and cadres of the year, typed from the paper tallies and reports.

Above the grid: the unit, the scales, and — for a locked year — a banner (the grid is then read
only; the core would refuse anyway). Under it: the side form of the row selected (专项调查情况,
重点项目), 已录入 N / M and the message line — what is wrong, naming the row and the numbers, or
what was saved. 保存 (Ctrl+S) writes every row edited through core save_inputs_grid — one undo
step, nothing when any row is wrong, so it stays disabled while the message says why; a refusal
of the core is shown on its row. Closing with unsaved inputs asks first.
"""

from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from desktop_app.core.annual_inputs import evaluation_grades, save_inputs_grid
from desktop_app.gui.dialogs.annual_inputs_grid import AnnualGrid
from desktop_app.gui.dialogs.annual_row_details import RowDetails
from desktop_app.gui.dialogs.grid_dialog import GridDialog, ask_to_save
from desktop_app.gui.models.annual_grid_model import AnnualGridModel
from desktop_app.gui.widgets import note_label

LOCKED_STYLE = "background: #fff4ce; color: #7a4f01; padding: 6px; border: 1px solid #e8c34a; border-radius: 3px;"
HELP = ("数字键录入，Tab 或 Enter 到下一格（行末到下一人），Backspace/Delete 清空一格；弃权自动计算。"
        "属实：空格键勾选；责任制考核等次：数字键 1–{n} 依次为 {grades}。")


def unsaved_answer(parent: QWidget) -> QMessageBox.StandardButton:
    """Closing with inputs not saved: 保存 / 不保存 / 取消."""
    return ask_to_save(parent, "年度考核数据尚未保存", "录入的数据还没有保存。要保存吗？")


class AnnualInputsDialog(GridDialog):
    """The grid of the unit `unit_id` in `year`: `subjects` (core unit_subjects), `saved` (cadre id or
    None → decoded inputs), `rules` the year's AnnualRules; `lock_text` says why it is read only."""

    def __init__(self, ctx, year: int, unit_id: str, subjects: list, saved: dict, rules, lock_text: str = "",
                 parent: QWidget | None = None):
        super().__init__(ctx, unit_id, parent)
        self.year = year
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
        self.grid.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        self.details = RowDetails(self)
        self.details.edited.connect(self._details_edited)
        bottom = self.buttons_row("annual")
        self.save_button.setVisible(not lock_text)
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
        self._show_detail_problems()
        self.show_problems(model.problems(), "有误，改正后才能保存")

    def writable(self) -> bool:
        return not self.model.read_only

    # -- saving ----------------------------------------------------------------------------------
    def save_work(self):
        rows = self.model.rows_to_save()
        store, year, unit_id = self.ctx.store, self.year, self.unit_id
        return (lambda: save_inputs_grid(store, year, unit_id, rows)), len(rows)

    def saved_text(self, count: int) -> str:
        return f"已保存 {count} 项（班子或干部）的年度考核数据。"

    def refusal_text(self, problems: dict[str, str]) -> str:
        """The refusals of rows go to their rows; the rest is said on the message line."""
        return "；".join(self.model.set_refusals(problems))

    def unsaved_answer(self) -> QMessageBox.StandardButton:
        return unsaved_answer(self)
