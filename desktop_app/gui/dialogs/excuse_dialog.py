"""登记未报说明: an accepted reason (请假、病假、培训…) for a month a cadre did not report.

A month with an accepted reason counts as 说明, not 未报, and never toward the two-months
flag (rule 8). Registering again replaces the earlier reason; 撤销说明 on the page removes it.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.core.errors import ValidationError
from desktop_app.core.monthly_reports import EXCUSE_REASONS, excuse_month, get_excuse
from desktop_app.core.months import month_label
from desktop_app.core.report_gaps import CadreMonth
from desktop_app.gui.errors import show_error
from desktop_app.gui.widgets import ValidatedForm, choice_box, dialog_buttons, note_label


class ExcuseDialog(QDialog):
    """Records `excuse_month` for the cadre and month of `entry`; emits `saved(cadre_id)`."""

    saved = Signal(str)

    def __init__(self, ctx, entry: CadreMonth, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.entry = ctx, entry
        self.setWindowTitle("登记未报说明")
        self.setMinimumWidth(480)
        self.form = ValidatedForm()
        self.reason = self.form.add("reason", "理由(&L)", choice_box(EXCUSE_REASONS, all_label="（请选择理由）"))
        self.note = self.form.add("note", "情况说明(&M)", QLineEdit(), "例：3月10日至25日住院治疗；理由为“其他”时必填")
        self.accepted_by = self.form.add("accepted_by", "认可人(&R)", QLineEdit(), "例：单位主要负责人姓名")
        self.buttons = dialog_buttons(self, self.accept, accept_text="登记(&S)")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{entry.name}（{entry.unit_name}）{month_label(entry.month)}未报实绩报告的理由："))
        layout.addWidget(self.form)
        layout.addWidget(note_label("登记后，该月按“说明”统计，不计入连续两个月未报。"))
        layout.addWidget(self.buttons)
        self._fill(get_excuse(ctx.reader, entry.cadre_id, entry.month))
        self.reason.setFocus()

    def _fill(self, excuse: dict | None) -> None:
        if excuse is None:
            return
        self.form.set_value("reason", excuse["reason"])
        self.note.setText(excuse.get("note") or "")
        self.accepted_by.setText(excuse.get("accepted_by") or "")

    def accept(self) -> None:
        """登记: the core checks the reason (and the note for 其他); problems show under the fields."""
        self.save_button.setEnabled(False)
        store, entry = self.ctx.store, self.entry
        reason, note, accepted_by = self.form.value("reason"), self.note.text(), self.accepted_by.text()
        self.ctx.runner.run(lambda: excuse_month(store, entry.cadre_id, entry.month, reason, note, accepted_by),
                            parent=self, on_done=self._done, on_error=self._refused)

    def _done(self, _changes) -> None:
        self.saved.emit(self.entry.cadre_id)
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError) and set(error.problems) <= set(self.form.fields):
            self.form.show_problems(error.problems)
        else:
            show_error(self, error)
