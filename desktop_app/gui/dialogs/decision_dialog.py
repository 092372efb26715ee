"""审定等次: the committee's grade for one team or cadre of the year (core `decide`, one undo step).

The grades are those of the subject's scale, the grade already decided (else the proposed one)
chosen at first. A grade other than the proposed one needs a reason — so does one that would put
more at the top grade than the quota allows; the core says so under the field and the dialog stays.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.core.assessment import Assessed, decide
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.models.annual_review_models import row_key
from desktop_app.gui.widgets import NOTE_STYLE, ValidatedForm, choice_box, text_box

REASON_HINT = "与拟定等次不同时必填，例：经考核委员会研究，……"
DIFFERS = "审定等次与拟定等次“{proposed}”不同，须写明理由（将记入审定记录）。"
NO_PROPOSAL = "本对象没有拟定等次（{why}），请审定委员会决定等次并写明理由。"


def subject_summary(subject: Assessed) -> str:
    """张三（丹江镇 党委书记）：综合得分 84.0，拟定等次“称职”（规则调整：…）."""
    proposed = f"“{subject.proposed}”" if subject.proposed else "无"
    text = f"{subject.label}：综合得分 {subject.composite_text}，拟定等次 {proposed}"
    lines = [text] + [f"· {reason}" for reason in subject.reasons] + [f"· {flag}" for flag in subject.proposal.flags]
    return "\n".join(lines)


class DecisionDialog(WriteDialog):
    """审定 one subject of `year`; emits `saved(row key)` once written."""

    saved = Signal(str)

    def __init__(self, ctx, year: int, subject: Assessed, grades: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(ctx, parent, accept_text="审定(&S)")
        self.year, self.subject = year, subject
        self.setWindowTitle(f"审定{year}年度等次")
        self.setMinimumWidth(520)
        summary = QLabel(subject_summary(subject))
        summary.setObjectName("decision_summary")
        summary.setWordWrap(True)
        self.form = ValidatedForm(self)
        self.grade = self.form.add("final_grade", "审定等次(&G)", choice_box(grades, all_label=None))
        self.reason = self.form.add("reason", "理由(&R)", text_box())
        self.reason.setPlaceholderText(REASON_HINT)
        self.note = QLabel()
        self.note.setObjectName("decision_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        for widget in (summary, self.form, self.note, self.buttons):
            layout.addWidget(widget)
        self.form.set_value("final_grade", subject.final_grade or subject.proposed or "")
        if subject.decision and subject.overridden:
            self.reason.setPlainText(subject.decision.get("reason") or "")
        self.grade.currentIndexChanged.connect(self._grade_changed)
        self._grade_changed()
        self.grade.setFocus()

    def chosen(self) -> str:
        return self.form.value("final_grade")

    def _grade_changed(self, *_args) -> None:
        subject = self.subject
        if subject.proposed is None:
            why = "并列" if subject.tied else "缺少综合得分和等次"
            text = NO_PROPOSAL.format(why=why)
        elif self.chosen() != subject.proposed:
            text = DIFFERS.format(proposed=subject.proposed)
        else:
            text = "与拟定等次相同；如有需要也可写明理由。"
        self.note.setText(text)

    def accept(self) -> None:
        """审定: the core checks the grade and the reason; its refusal shows under the field."""
        if self.saving:
            return
        self.form.clear_problems()
        store, year, subject = self.ctx.store, self.year, self.subject
        grade, reason = self.chosen(), self.reason.toPlainText()
        self.run_write(lambda: decide(store, year, subject.kind, subject.subject_id, grade, reason),
                       lambda _changes: self.finish(row_key(subject.kind, subject.subject_id)))
