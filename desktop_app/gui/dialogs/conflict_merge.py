"""合并编辑: the operator enters the value to keep for each field the versions disagree on.

The form starts from the latest version; each differing field offers every side's value
(and may be typed over). Saving resolves the conflict on the worker; a value the core
refuses is shown under its field (ValidationError.problems), the dialog staying open.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import ValidationError
from desktop_app.core.masking import SENSITIVE_FIELDS
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.errors import show_error
from desktop_app.gui.pages.conflict_model import ValueNames
from desktop_app.gui.widgets import ERROR_STYLE, ValidatedForm
from desktop_app.transfer.conflicts import resolve_conflict

ID_FIELDS = ("unit_id", "cadre_id")  # chosen from the sides' values, never typed


class MergeDialog(WriteDialog):
    """合并编辑 of `conflict`; emits `saved` once the resolution is written."""

    saved = Signal()

    def __init__(self, ctx, conflict, parent: QWidget | None = None):
        super().__init__(ctx, parent, accept_text="保存合并结果(&S)")
        self.conflict = conflict
        self.full = ctx.show_full_id_numbers  # else ID numbers and phones masked, chosen from the sides only
        self.names = ValueNames(ctx.reader, ctx.today(), full_id_numbers=self.full)
        self.setWindowTitle(f"合并编辑 — {conflict.label}「{conflict.name}」")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        offices = "、".join(dict.fromkeys(side.office_name for side in conflict.sides))
        intro = QLabel(f"{offices}都修改过这条{conflict.label}记录。下面是两边不同的字段，已按最新版本预填；"
                       "可从下拉列表中选另一方的值，或直接改成正确的值。其余字段保持不变。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = ValidatedForm(self)
        self.boxes: dict[str, QComboBox] = {}
        for field in (f for f in conflict.differing_fields if f != "deleted"):
            self.boxes[field] = self.form.add(field, f"{conflict.field_label(field)}：", self._choices(field))
        layout.addWidget(self.form)
        self.delete_box = None
        if "deleted" in conflict.differing_fields:
            self.delete_box = QCheckBox("删除这条记录（有一方已删除）(&D)")
            self.delete_box.setChecked(conflict.sides[0].deleted)
            layout.addWidget(self.delete_box)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("merge_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.setVisible(False)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

    def _choices(self, field: str) -> QComboBox:
        box = QComboBox()
        box.setEditable(field not in ID_FIELDS and (self.full or field not in SENSITIVE_FIELDS))
        seen = []
        for number, side in enumerate(self.conflict.sides, start=1):
            value = side.content.get(field)
            if value in seen:
                continue
            seen.append(value)
            box.addItem(self.names.text(field, value), value)
            box.setItemData(box.count() - 1, f"版本{number}：{side.office_name}（{side.operator}）",
                            Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(0)
        box.setMinimumWidth(280)
        return box

    # -- values --------------------------------------------------------------------------
    def value(self, field: str):
        box = self.boxes[field]
        if not box.isEditable():
            return box.currentData()
        text = box.currentText().strip()
        index = box.findText(text)
        return box.itemData(index) if index >= 0 else text  # a side's value as stored, else what was typed

    def content(self) -> dict:
        """The latest side's content with the operator's value for each differing field."""
        return dict(self.conflict.sides[0].content) | {field: self.value(field) for field in self.boxes}

    def deleted(self) -> bool:
        return self.delete_box.isChecked() if self.delete_box is not None else self.conflict.sides[0].deleted

    # -- saving --------------------------------------------------------------------------
    def accept(self) -> None:
        if self.saving:
            return
        self.form.clear_problems()
        self.problem_label.setVisible(False)
        store, conflict, content, deleted = self.ctx.store, self.conflict, self.content(), self.deleted()
        self.run_write(lambda: resolve_conflict(store, conflict, content, deleted=deleted),
                       lambda _changes: self.finish())

    def show_refusal(self, error: BaseException) -> None:
        """Problems of the fields shown under them; the others (not in the form) above the buttons."""
        if not isinstance(error, ValidationError):
            show_error(self, error)
            return
        self.form.show_problems(error.problems)
        elsewhere = [text for field, text in error.problems.items() if field not in self.boxes]
        self.problem_label.setText("；".join(elsewhere))
        self.problem_label.setVisible(bool(elsewhere))
