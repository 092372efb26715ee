"""录入计票: the tallies of one session typed from the paper ballots' count sheets.

Above the grid: the meeting's numbers and, when ballots were split by voter category, one tab per
category (Alt+1, Alt+2 …) with its valid ballots. Under it: 已录入 N / M 人 and the message line —
what is wrong, naming cadre, aspect and numbers, or what was saved. 保存 (Ctrl+S) writes every row
through core save_tally_grid — one undo step, nothing when any row is wrong, so it stays disabled
while the message says why. Closing with unsaved numbers asks first.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QTabBar, QVBoxLayout, QWidget

from desktop_app.core.evaluations import (
    MEETING_FIELDS,
    MEETING_LABELS,
    evaluated_of,
    quarter_label,
    save_tally_grid,
)
from desktop_app.gui.dialogs.grid_dialog import GridDialog, ask_to_save
from desktop_app.gui.dialogs.tally_grid import TallyGrid
from desktop_app.gui.models.tally_grid_model import TallyGridModel
from desktop_app.gui.widgets import add_shortcut, note_label

HELP = ("数字键录入，Tab 或 Enter 到下一格（行末到下一人），Backspace/Delete 清空一格；"
        "弃权 = 有效票 − 各等次票数之和，自动计算。")


def unsaved_answer(parent: QWidget) -> QMessageBox.StandardButton:
    """Closing with numbers not saved: 保存 / 不保存 / 取消."""
    return ask_to_save(parent, "计票尚未保存", "录入的票数还没有保存。要保存吗？")


class TallyDialog(GridDialog):
    """The grid of `session` (a row of core get_session) of the unit `unit_name`; `rules` a TallyRules."""

    def __init__(self, ctx, session: dict, unit_name: str, rules, saved_counts: dict, parent: QWidget | None = None):
        super().__init__(ctx, session["unit_id"], parent)
        self.session, self.rules = session, rules
        self.setWindowTitle(f"录入计票 — {unit_name} {quarter_label(session['year'], session['quarter'])}")
        categories = list(session["categories"]) or [""]
        valid = session["valid_by_category"] if session["categories"] else {"": session["valid"]}
        self.model = TallyGridModel(evaluated_of(ctx.reader, session), rules.shorts, rules.grades, categories, valid,
                                    saved_counts, self)
        self._build(unit_name)
        self.model.edited.connect(self.update_state)
        self.update_state()
        self.resize(max(760, self.grid.full_width() + 24), min(720, 300 + 26 * len(self.model.people)))

    # -- building --------------------------------------------------------------------------------
    def _build(self, unit_name: str) -> None:
        session = self.session
        numbers = "，".join(f"{MEETING_LABELS[f]} {session[f]}" for f in MEETING_FIELDS)
        self.meeting_label = QLabel(f"<b>{unit_name}</b>　会议日期 {session['meeting_date'] or '—'}　{numbers}")
        self.valid_label = QLabel()
        self.valid_label.setObjectName("tally_valid")
        self.valid_label.setStyleSheet("font-weight: bold;")
        self.category_bar = QTabBar()
        self.category_bar.setObjectName("tally_categories")
        self.category_bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+1…: the grid keeps the focus
        for number, name in enumerate(self.model.categories, start=1):
            self.category_bar.addTab(f"{name}（有效 {self.model.valid[name]}）　Alt+{number}")
            add_shortcut(f"Alt+{number}", self, lambda n=number - 1: self.category_bar.setCurrentIndex(n))
        self.category_bar.setVisible(bool(session["categories"]))
        self.category_bar.currentChanged.connect(self._category_chosen)
        self.grid = TallyGrid(self.model, self)
        bottom = self.buttons_row("tally")
        top = QHBoxLayout()
        top.addWidget(self.meeting_label, 1)
        top.addWidget(self.valid_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.category_bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.message)
        layout.addWidget(note_label(HELP))
        layout.addLayout(bottom)
        self.grid.setFocus()

    # -- state -----------------------------------------------------------------------------------
    def _category_chosen(self, number: int) -> None:
        self.grid.commit_open_editor()
        self.model.set_category(self.model.categories[number])
        self.update_state()

    def update_state(self) -> None:
        """Valid ballots, progress, the message and whether 保存 may be pressed, after any change."""
        model, name = self.model, self.model.category
        self.valid_label.setText(f"{name + '类' if name else ''}有效票 {model.valid[name]} 张")
        progress = f"已录入 {model.complete_count()} / {len(model.people)} 人"
        if name:
            progress += f"（{name}类 {model.entered_count()} 人）"
        self.progress_label.setText(progress)
        self.show_problems([p.text for p in model.problems()], "票数多于有效票，改正后才能保存")

    # -- saving ----------------------------------------------------------------------------------
    def save_work(self):
        counts, cleared = self.model.counts_by_cadre(), self.model.cleared()
        store, session = self.ctx.store, self.session
        return (lambda: save_tally_grid(store, session, counts, cleared)), len(counts) + len(cleared)

    def saved_text(self, count: int) -> str:
        return f"已保存 {count} 人的计票。"

    def unsaved_answer(self) -> QMessageBox.StandardButton:
        return unsaved_answer(self)
