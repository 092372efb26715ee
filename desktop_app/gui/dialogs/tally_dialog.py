"""录入计票: the tallies of one session typed from the paper ballots' count sheets.

Above the grid: the meeting's numbers and, when ballots were split by voter category, one tab per
category (Alt+1, Alt+2 …) with its valid ballots. Under it: 已录入 N / M 人 and the message line —
what is wrong, naming cadre, aspect and numbers, or what was saved. 保存 (Ctrl+S) writes every row
through core save_tally_grid — one undo step, nothing when any row is wrong, so it stays disabled
while the message says why. Closing with unsaved numbers asks first.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import ValidationError
from desktop_app.core.evaluations import (
    MEETING_FIELDS,
    MEETING_LABELS,
    evaluated_of,
    quarter_label,
    save_tally_grid,
)
from desktop_app.gui.dialogs.tally_grid import TallyGrid
from desktop_app.gui.errors import show_error
from desktop_app.gui.models.tally_grid_model import TallyGridModel
from desktop_app.gui.widgets import ERROR_STYLE, add_shortcut, note_label

SAVE_TEXT, SAVING_TEXT = "保存（Ctrl+S）", "正在保存…"
PROBLEMS_SHOWN = 3
OK_STYLE = "color: #1e7b34;"
HELP = ("数字键录入，Tab 或 Enter 到下一格（行末到下一人），Backspace/Delete 清空一格；"
        "弃权 = 有效票 − 各等次票数之和，自动计算。")


def unsaved_answer(parent: QWidget) -> QMessageBox.StandardButton:
    """Closing with numbers not saved: 保存 / 不保存 / 取消."""
    return QMessageBox.question(parent, "计票尚未保存", "录入的票数还没有保存。要保存吗？",
                                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)


class TallyDialog(QDialog):
    """The grid of `session` (a row of core get_session) of the unit `unit_name`; `rules` a TallyRules."""

    saved = Signal(str)  # the unit id, once a save is written

    def __init__(self, ctx, session: dict, unit_name: str, rules, saved_counts: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.session, self.rules = ctx, session, rules
        self.saving = False
        self.close_after_save = False
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
        self.grid.left.connect(lambda: self.save_button.setFocus(Qt.FocusReason.TabFocusReason))
        self.progress_label = QLabel()
        self.progress_label.setObjectName("tally_progress")
        self.message = QLabel()
        self.message.setObjectName("tally_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(SAVE_TEXT)
        self.save_button.setObjectName("tally_save")
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.reject)
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)  # Enter belongs to the grid
        add_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        top = QHBoxLayout()
        top.addWidget(self.meeting_label, 1)
        top.addWidget(self.valid_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress_label)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
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
        problems = model.problems()
        if problems:
            shown = "；".join(p.text for p in problems[:PROBLEMS_SHOWN])
            more = f"等 {len(problems)} 处" if len(problems) > PROBLEMS_SHOWN else ""
            self._say(f"票数多于有效票，改正后才能保存：{shown}{more}", error=True)
        elif self.message.property("error"):
            self._say("")
        self.save_button.setEnabled(not self.saving and not problems and model.dirty)

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
        counts, cleared = self.model.counts_by_cadre(), self.model.cleared()
        store, session = self.ctx.store, self.session
        self._set_saving(True)
        self.ctx.runner.run(lambda: save_tally_grid(store, session, counts, cleared),
                            on_done=lambda _changes: self._saved(len(counts) + len(cleared)),
                            on_error=self._refused, parent=self)

    def _saved(self, count: int) -> None:
        self._set_saving(False)
        self.model.mark_saved()
        self._say(f"已保存 {count} 人的计票。关闭后可在主窗口按 Ctrl+Z 撤销这次保存。")
        self.update_state()
        self.saved.emit(self.session["unit_id"])
        if self.close_after_save:
            super().reject()

    def _refused(self, error: BaseException) -> None:
        self._set_saving(False)
        self.close_after_save = False
        if isinstance(error, ValidationError):
            self._say("未保存：" + "；".join(error.problems.values()), error=True)
        else:
            show_error(self, error)
        self.update_state()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setText(SAVING_TEXT if saving else SAVE_TEXT)
        self.save_button.setEnabled(not saving)

    # -- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        """关闭, Esc, the close button: asks first when numbers are not saved."""
        if self.saving:
            return
        self.grid.commit_open_editor()
        if self.model.dirty:
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
