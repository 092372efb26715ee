"""新增单位 / 修改单位: name, kind and sort order, checked inline before and after the write."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QSpinBox, QVBoxLayout, QWidget

from desktop_app.core.errors import ValidationError
from desktop_app.core.units import add_unit, update_unit, validate_unit
from desktop_app.core.vocabulary import UNIT_KINDS
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.widgets import ValidatedForm, choice_box

AUTOMATIC_ORDER = "自动（排在最后）"


class UnitDialog(WriteDialog):
    """Adds a unit (`unit` None) or edits `unit` (a row of core list_units).

    The write runs on the worker; the dialog closes only once it succeeded, and a refusal
    by the core (e.g. a duplicate name) is shown under its field in the still-open dialog.
    """

    saved = Signal(str)  # the id of the unit written

    def __init__(self, ctx, unit: dict | None = None, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.unit = unit
        self.setWindowTitle("修改单位" if unit else "新增单位")
        self.setMinimumWidth(420)
        self._build()
        if unit:
            self._fill(unit)

    def _build(self) -> None:
        self.form = ValidatedForm(self)
        self.name_edit = self.form.add("name", "单位名称(&N)：", QLineEdit(), "例如：丹江镇、县财政局")
        self.name_edit.setMaxLength(60)
        self.kind_box = self.form.add("kind", "单位类别(&K)：", choice_box(UNIT_KINDS, all_label=None))
        self.order_spin = self.form.add("sort_order", "排序号(&O)：", QSpinBox())
        self.order_spin.setRange(0, 999999)
        self.order_spin.setSingleStep(10)
        self.order_spin.setToolTip("列表和报表中单位的先后顺序，数字小的在前")
        if self.unit is None:
            self.order_spin.setSpecialValueText(AUTOMATIC_ORDER)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.name_edit, self.kind_box)
        self.setTabOrder(self.kind_box, self.order_spin)

    def _fill(self, unit: dict) -> None:
        self.form.set_value("name", unit["name"])
        self.form.set_value("kind", unit["kind"])
        self.order_spin.setValue(int(unit.get("sort_order") or 0))

    def values(self) -> dict:
        """What the operator entered; an automatic sort order is left for the core to choose."""
        order = self.order_spin.value()
        automatic = self.unit is None and order == self.order_spin.minimum()
        return {"name": self.form.value("name"), "kind": self.form.value("kind"),
                "sort_order": "" if automatic else order}

    # -- saving --------------------------------------------------------------------------------
    def accept(self) -> None:
        """保存: check the form here, then write on the worker."""
        if self.saving:
            return
        values = self.values()
        try:
            validate_unit(values)
        except ValidationError as error:
            self.show_refusal(error)
            return
        self.form.clear_problems()
        store = self.ctx.store
        if self.unit is None:
            self.run_write(lambda: add_unit(store, values), lambda result: self.finish(result[0]))  # (id, changes)
        else:
            unit_id = self.unit["id"]
            self.run_write(lambda: update_unit(store, unit_id, values), lambda _changes: self.finish(unit_id))
