"""The review part of the 实绩报告登记表 (单位班子审核、主要负责人签字) and the 退回 reason dialog."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import ValidationError
from desktop_app.core.monthly_reports import GRADES, TRUTHFUL_CHOICES, return_report
from desktop_app.core.months import month_label
from desktop_app.gui.dialogs.report_fields import ChoiceButtons
from desktop_app.gui.errors import show_error
from desktop_app.gui.widgets import ValidatedForm, dialog_buttons, note_label

REVIEW_FIELDS = ("truthful", "completion_grade", "remarks", "hollow", "signed_by", "signed_on")


class ReviewSection(QGroupBox):
    """审核: 报告是否属实, 完成等次, 审核意见, 内容空洞, 主要负责人签字 and 日期; 审核通过 and 退回."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("审核（单位班子审核，主要负责人签字）", parent)
        self.form, signing = ValidatedForm(), ValidatedForm()  # side by side: the dialog stays low
        self.truthful = self.form.add("truthful", "报告是否属实(&T)", ChoiceButtons(TRUTHFUL_CHOICES))
        self.completion_grade = self.form.add("completion_grade", "完成等次(&C)", ChoiceButtons(GRADES))
        self.remarks = self.form.add("remarks", "审核意见(&Y)", QLineEdit(), "例：按计划完成，佐证材料齐全")
        self.hollow = signing.add("hollow", "", QCheckBox("内容空洞（按未报对待）(&K)"))
        self.signed_by = signing.add("signed_by", "主要负责人签字(&N)", QLineEdit(), "签字人姓名")
        self.signed_on = signing.add("signed_on", "签字日期(&D)", QLineEdit(), "例：2026-01-05")
        for key in ("hollow", "signed_by", "signed_on"):  # one form to fill and to show problems in
            self.form.fields[key], self.form.messages[key] = signing.fields[key], signing.messages[key]
        self.approve_button = QPushButton("审核通过(&A)")
        self.approve_button.setAutoDefault(False)
        self.return_button = QPushButton("退回(&R)…")
        self.return_button.setAutoDefault(False)
        self.return_button.setToolTip("退回给本人修改（须填写原因）")
        self.reviewed_label = note_label("")
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reviewed_label)
        forms = QHBoxLayout()
        forms.addWidget(self.form, 3)
        forms.addWidget(signing, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(forms)
        layout.addLayout(buttons)

    def show_report(self, report: dict, today: str) -> None:
        """Fill from the report; editable only while 已提交, 退回 also while 已审核."""
        state = report["state"]
        editable = state == "已提交"
        self.truthful.set_value(report.get("truthful") or ("属实" if editable else ""))
        self.completion_grade.set_value(report.get("completion_grade") or "")
        self.remarks.setText(report.get("review_remarks") or "")
        self.hollow.setChecked(bool(report.get("hollow")))
        self.signed_by.setText(report.get("signed_by") or "")
        self.signed_on.setText(report.get("signed_on") or (today if editable else ""))
        for widget in (self.truthful, self.completion_grade):
            widget.set_read_only(not editable)
        for edit in (self.remarks, self.signed_by, self.signed_on):
            edit.setReadOnly(not editable)
        self.hollow.setEnabled(editable)
        self.approve_button.setVisible(editable)
        self.return_button.setVisible(state in ("已提交", "已审核"))
        reviewed = report.get("reviewed_on") or ""
        self.reviewed_label.setText(f"审核日期：{reviewed}" if reviewed and not editable else "")
        self.form.clear_problems()

    def values(self) -> dict:
        return {"truthful": self.truthful.value(), "completion_grade": self.completion_grade.value(),
                "remarks": self.remarks.text(), "hollow": self.hollow.isChecked(),
                "signed_by": self.signed_by.text(), "signed_on": self.signed_on.text().strip()}

    def show_problems(self, problems: dict[str, str]) -> None:
        """Inline, under each field; the core calls a bad 签字日期 `date`."""
        shown = {key: text for key, text in problems.items() if key in self.form.fields}
        if "date" in problems:
            shown["signed_on"] = problems["date"]
        self.form.show_problems(shown)


class ReturnDialog(QDialog):
    """退回: asks for the reason (kept in the review remarks), then sends the report back to draft."""

    returned = Signal()

    def __init__(self, ctx, cadre_id: str, name: str, month: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.cadre_id, self.month = ctx, cadre_id, month
        self.setWindowTitle("退回报告")
        self.setMinimumWidth(460)
        self.form = ValidatedForm()
        self.reason = self.form.add("reason", "退回原因(&Y)", QLineEdit(), "例：佐证材料不全，请补充")
        self.buttons = dialog_buttons(self, self.accept, accept_text="退回(&R)")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"将 {name} {month_label(month)}的报告退回本人修改（状态回到草稿）。"))
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        reason = self.reason.text()  # the core says when it is missing (inline, under the field)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        store, cadre_id, month = self.ctx.store, self.cadre_id, self.month
        self.ctx.runner.run(lambda: return_report(store, cadre_id, month, reason), parent=self,
                            on_done=self._done, on_error=self._refused)

    def _done(self, _changes) -> None:
        self.returned.emit()
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        if isinstance(error, ValidationError) and "reason" in error.problems:
            self.form.show_problems(error.problems)
        else:
            show_error(self, error)
