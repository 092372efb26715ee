"""The dialogs of the supervision registers (督办事项, 谈话, 函询, 通报批评, 处分): a form built from a
list of fields, written on the worker by one core call (one undo step), the core's refusals
under their fields in the still-open dialog.

A cadre is picked by typing part of the name, its pinyin or initials ("zs", "zhangsan" find 张三)
or the unit, and choosing in the list that drops down; a name typed in full is taken when no
other cadre has it. Dates are typed as 2026-04-02 (2026.4.2 and 20260402 are read too).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.widgets import ValidatedForm, choice_box, note_label, text_box

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 11
CHOOSE = "（请选择）"
DAY_HINT = "例：2026-04-02"
PICK_PROBLEM = "请从列表中选择干部（输入姓名、拼音首字母或单位后在弹出的列表中选取）"


@dataclass(frozen=True)
class Field:
    """A field of a register's form: `kind` line, day, text, choice, cadre or unit."""

    key: str
    label: str  # the caption, with its Alt letter
    kind: str = "line"
    choices: Sequence[str] | Mapping[str, Sequence[str]] = ()  # a mapping: the choices follow `follows`
    hint: str = ""
    blank: str | None = None  # cadre, unit and choice: the entry meaning "none" (None: one must be chosen)
    follows: str = ""
    height: int = 64


@dataclass(frozen=True)
class Choices:
    """What the pickers offer: cadres (id, 姓名（单位 职务）, search text) and units (id, name)."""

    cadres: Sequence[tuple[str, str, str]] = ()
    units: Sequence[tuple[str, str]] = ()


class _PopupPath(QCompleter):
    """A completer that matches the search text but puts the shown text in the box."""

    def pathFromIndex(self, index) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


class CadrePicker(QComboBox):
    """An editable list of cadres, filtered as the operator types (name, pinyin, initials, unit)."""

    def __init__(self, cadres: Sequence[tuple[str, str, str]], blank: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setMinimumContentsLength(24)
        self.blank = blank
        if blank is not None:
            self.addItem(blank, None)
            self.setItemData(0, blank.lower(), SEARCH_ROLE)
        for cadre_id, text, search in cadres:
            self.addItem(text, cadre_id)
            self.setItemData(self.count() - 1, search, SEARCH_ROLE)
        completer = _PopupPath(self.model(), self)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText("输入姓名、拼音首字母或单位筛选")
        self.lineEdit().editingFinished.connect(self.settle)
        self.setEditText("")

    def settle(self) -> None:
        """Leaving the box: text that names one cadre ("ww", 王五) shows that cadre in full."""
        cadre_id = self.cadre_id()
        index = self.findData(cadre_id) if cadre_id else -1
        if index >= 0 and self.currentText() != self.itemText(index):
            self.setCurrentIndex(index)

    def set_cadre(self, cadre_id: str | None) -> None:
        index = self.findData(cadre_id) if cadre_id else (0 if self.blank is not None else -1)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText("")

    def cadre_id(self) -> str | None:
        """The cadre chosen: the text shown, a name typed in full that no other cadre has, or the one
        cadre the typed text finds; None when the text finds none or several."""
        text = self.currentText().strip()
        if not text or text == self.blank:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            named = [n for n in range(self.count()) if self.itemData(n) and self.itemText(n).split("（")[0] == text]
            found = named or [n for n in range(self.count()) if self.itemData(n)
                              and text.lower() in (self.itemData(n, SEARCH_ROLE) or "")]
            index = found[0] if len(found) == 1 else -1
        return self.itemData(index) if index >= 0 else None

    def unresolved(self) -> bool:
        """Text typed that names no single cadre."""
        text = self.currentText().strip()
        return bool(text) and text != self.blank and self.cadre_id() is None


class RecordDialog(WriteDialog):
    """A register's form: `fields` filled from `values`; accept runs `write(store, values)` on the
    worker and closes once written (`saved(record id)`). `summary` (the record acted on) heads it."""

    saved = Signal(str)

    def __init__(self, ctx, title: str, fields: Sequence[Field], values: Mapping, write: Callable, *,
                 choices: Choices = Choices(), record_id: str = "", summary: str = "", note: str = "",
                 accept_text: str = "保存(&S)", parent: QWidget | None = None):
        super().__init__(ctx, parent, accept_text=accept_text)
        self.setWindowTitle(title)
        self.fields = {spec.key: spec for spec in fields}
        self.write = write
        self.record_id = record_id
        self.form = ValidatedForm(self)
        self.form.setMinimumWidth(540)
        self.widgets = {spec.key: self.form.add(spec.key, spec.label, self._widget(spec, choices), spec.hint)
                        for spec in fields}
        for spec in fields:
            if spec.follows:
                self.widgets[spec.follows].currentIndexChanged.connect(lambda _n, s=spec: self._refill(s))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        if summary:
            head = QLabel(summary)
            head.setObjectName("register_summary")
            head.setWordWrap(True)
            layout.addWidget(head)
        layout.addWidget(self.form)
        if note:
            layout.addWidget(note_label(note))
        layout.addWidget(self.buttons)
        self.set_values(values)
        first = next(iter(self.widgets.values()), None)
        if first is not None:
            first.setFocus()

    def _widget(self, spec: Field, choices: Choices) -> QWidget:
        if spec.kind == "cadre":
            return CadrePicker(choices.cadres, spec.blank)
        if spec.kind == "unit":
            return choice_box(choices.units, all_label=spec.blank if spec.blank is not None else CHOOSE)
        if spec.kind == "choice":
            options = () if spec.follows else spec.choices
            return choice_box(options, all_label=spec.blank if spec.blank is not None else CHOOSE)
        if spec.kind == "text":
            return text_box(spec.height)
        edit = QLineEdit()
        if spec.kind == "day" and not spec.hint:
            edit.setPlaceholderText(DAY_HINT)
        return edit

    def _refill(self, spec: Field) -> None:
        """A choice following another (处分种类 after 处分类别): the options of the value chosen there."""
        box, kept = self.widgets[spec.key], self.widgets[spec.key].currentData()
        leading = self.widgets[spec.follows].currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(spec.blank if spec.blank is not None else CHOOSE, None)
        for option in spec.choices.get(leading, ()) if isinstance(spec.choices, Mapping) else ():
            box.addItem(option, option)
        box.setCurrentIndex(max(0, box.findData(kept)))
        box.blockSignals(False)

    # -- values ---------------------------------------------------------------------------------
    def set_values(self, values: Mapping) -> None:
        ordered = sorted(self.fields.values(), key=lambda spec: bool(spec.follows))  # the leading choice first
        for spec in ordered:
            widget, value = self.widgets[spec.key], values.get(spec.key)
            if spec.kind == "cadre":
                widget.set_cadre(value)
            elif isinstance(widget, QComboBox):
                index = widget.findData(value) if value else 0
                widget.setCurrentIndex(max(0, index))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText("" if value is None else str(value))
            else:
                widget.setText("" if value is None else str(value))

    def values(self) -> dict:
        found = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, CadrePicker):
                found[key] = widget.cadre_id()
            elif isinstance(widget, QComboBox):
                found[key] = widget.currentData() or ("" if self.fields[key].kind == "choice" else None)
            elif isinstance(widget, QPlainTextEdit):
                found[key] = widget.toPlainText().strip()
            else:
                found[key] = widget.text().strip()
        return found

    # -- writing --------------------------------------------------------------------------------
    def show_refusal(self, error: BaseException) -> None:
        super().show_refusal(error)
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to show the messages under the fields (the wrapped note below keeps its lines)."""
        self.layout().activate()
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def accept(self) -> None:
        if self.saving:
            return
        self.form.clear_problems()
        pickers = {key: widget for key, widget in self.widgets.items() if isinstance(widget, CadrePicker)}
        for picker in pickers.values():
            picker.settle()
        unresolved = {key: PICK_PROBLEM for key, picker in pickers.items() if picker.unresolved()}
        if unresolved:
            self.form.show_problems(unresolved)
            self.fit_height()
            return
        store, values, write = self.ctx.store, self.values(), self.write
        self.run_write(lambda: write(store, values),
                       lambda result: self.finish(getattr(result, "record_id", None) or self.record_id))


@dataclass
class DialogSpec:
    """How a register's record is added and edited: the title, the fields, the core calls."""

    noun: str
    fields: Sequence[Field]
    add: Callable  # (store, values) → Created
    update: Callable  # (store, record id, values) → Changes
    edit_fields: Sequence[Field] = field(default_factory=tuple)  # when editing differs (函询: the reply too)
    note: str = ""
