"""The boxes of the 规则方案 dialog's 年度考核 tab (one Field per value of the annual part, made by
its Spec — gui/models/annual_rule_specs): each reads and writes its value and paints itself red,
the core's message as its tooltip, where the core found a problem."""

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from desktop_app.gui.dialogs.rule_set_editors import NumberSpin
from desktop_app.gui.models.annual_rule_specs import Spec

RED = "#b3261e"
NAME_SEPARATORS = r"[、,，;；\s]+"


# -- the boxes ---------------------------------------------------------------------------------------
class Field:
    """A value's box: `widget`, `value()`, `set_value(v)`, `connect(slot)` for its edits, `show_problem`."""

    selector = "QWidget"

    def __init__(self, spec: Spec, widget: QWidget):
        self.spec, self.widget = spec, widget
        widget.setObjectName(spec.key.replace(".", "_"))
        widget.setToolTip(spec.tip)

    def show_problem(self, text: str) -> None:
        """Red border (red text for a tick box) and the message as tooltip; '' clears both."""
        what = "color" if isinstance(self.widget, QCheckBox) else "border: 1px solid"
        self.widget.setStyleSheet(f"{self.selector} {{ {what} {RED}; }}" if text else "")
        self.widget.setToolTip(text or self.spec.tip)

    @property
    def bad(self) -> bool:
        return bool(self.widget.styleSheet())


class FlagField(Field):
    selector = "QCheckBox"

    def __init__(self, spec: Spec):
        super().__init__(spec, QCheckBox(spec.label))

    def value(self):
        return self.widget.isChecked()

    def set_value(self, value) -> None:
        self.widget.setChecked(bool(value))

    def connect(self, slot) -> None:
        self.widget.toggled.connect(slot)


class TextField(Field):
    """A fraction (1/3, 15%) as typed, or names separated by 、 (a list)."""

    selector = "QLineEdit"

    def __init__(self, spec: Spec):
        super().__init__(spec, QLineEdit())
        self.widget.setMaxLength(60)
        if spec.kind == "fraction":
            self.widget.setFixedWidth(80)
            self.widget.setPlaceholderText("如 1/3")
        else:
            self.widget.setMinimumWidth(150)

    def value(self):
        text = self.widget.text().strip()
        return [n for n in re.split(NAME_SEPARATORS, text) if n] if self.spec.kind == "names" else text

    def set_value(self, value) -> None:
        shown = "、".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
        self.widget.setText(shown)

    def connect(self, slot) -> None:
        self.widget.textChanged.connect(slot)


class ChoiceField(Field):
    """One of fixed values; a stored value not among them is shown as it is (and the core says why)."""

    selector = "QComboBox"

    def __init__(self, spec: Spec):
        super().__init__(spec, QComboBox())
        for value, text in spec.choices:
            self.widget.addItem(text, value)

    def value(self):
        return self.widget.currentData()

    def set_value(self, value) -> None:
        position = self.widget.findData(value)
        if position < 0:
            self.widget.addItem(str(value), value)
            position = self.widget.count() - 1
        self.widget.setCurrentIndex(position)

    def connect(self, slot) -> None:
        self.widget.currentIndexChanged.connect(slot)


class CountField(Field):
    """A whole number 1–99 (黄牌几次即红牌)."""

    selector = "QSpinBox"

    def __init__(self, spec: Spec):
        super().__init__(spec, QSpinBox())
        self.widget.setRange(1, 99)
        self.widget.setSuffix(" 次")
        self.widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def value(self):
        return self.widget.value()

    def set_value(self, value) -> None:
        self.widget.setValue(int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 1)

    def connect(self, slot) -> None:
        self.widget.valueChanged.connect(slot)


class ScoreField(Field):
    """A number 0–`maximum` with up to two decimals (分数线, 权重, 分值)."""

    selector = "QDoubleSpinBox"

    def __init__(self, spec: Spec, maximum: float = 100, suffix: str = ""):
        super().__init__(spec, NumberSpin(maximum))
        self.widget.setSuffix(suffix)
        self.widget.setMinimumWidth(72)

    def value(self):
        return self.widget.number()

    def set_value(self, value) -> None:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        self.widget.setValue(float(value) if number else 0)

    def connect(self, slot) -> None:
        self.widget.valueChanged.connect(slot)


def make_field(spec: Spec, *, maximum: float = 100, suffix: str = "") -> Field:
    if spec.kind == "flag":
        return FlagField(spec)
    if spec.kind == "choice":
        return ChoiceField(spec)
    if spec.kind == "count":
        return CountField(spec)
    if spec.kind == "score":
        return ScoreField(spec, maximum, suffix)
    return TextField(spec)
