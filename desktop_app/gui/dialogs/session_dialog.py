"""登记测评会 / 修改测评会: a unit's evaluation meeting of a quarter.

The date, the five numbers (应到, 实到, 发出, 收回, 有效) checked as they are typed — 实到 ≤ 应到,
收回 ≤ 发出, 有效 ≤ 收回, the message under the field that breaks the rule — 分类测评 with the
valid ballots of each voter category (they must add up to 有效), and who is on the ballot: the
unit's team members in the quarter by default, others of the unit can be added, anyone removed
(Delete in the list). The core checks everything again when saving (WriteDialog).
"""

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import ValidationError
from desktop_app.core.evaluations import (
    MEETING_FIELDS,
    MEETING_LABELS,
    Evaluated,
    default_evaluated,
    evaluated_of,
    quarter_label,
    save_session,
    tallies_of,
    tally_problems,
    unit_cadres,
    validate_session,
)
from desktop_app.core.rule_sets import rules_for_year
from desktop_app.gui.dialogs.write_dialog import WriteDialog
from desktop_app.gui.widgets import ValidatedForm, add_shortcut, confirm, note_label, push_button

NUMBER_KEYS = {"expected": "&Y", "present": "&P", "issued": "&F", "returned": "&H", "valid": "&V"}
LIVE_FIELDS = (*MEETING_FIELDS, "valid_by_category")  # checked while typing; the date and the list on 保存
NUMBER_WIDTH = 90
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterMovesOn(QObject):
    """Enter in a line of the form goes to the next field, as Tab does: a count typed and Enter
    must never save a half-filled meeting (保存 is Ctrl+S or Alt+S)."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS and not event.modifiers():
            watched.focusNextChild()
            return True
        return super().eventFilter(watched, event)


def number_edit(name: str) -> QLineEdit:
    """A count of people or ballots: digits only."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}"), edit))
    edit.setMaximumWidth(NUMBER_WIDTH)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    return edit


def person_text(person: Evaluated) -> str:
    return f"{person.name}　{person.title}" if person.title else person.name


class CategoryCounts(QWidget):
    """分类测评: a check box, then the valid ballots of each voter category and their sum."""

    changed = Signal()

    def __init__(self, categories, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox("按测评人类别分别计票(&C)")
        self.check.setObjectName("session_split")
        self.check.toggled.connect(self._toggled)
        self.edits: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for column, name in enumerate(categories):
            edit = number_edit(f"session_valid_{name}")
            edit.textChanged.connect(self.changed)
            grid.addWidget(QLabel(f"{name}类有效票"), 0, column)
            grid.addWidget(edit, 1, column)
            self.edits[name] = edit
        self.sum_label = QLabel()
        grid.addWidget(self.sum_label, 1, len(self.edits))
        grid.setColumnStretch(len(self.edits), 1)
        self.holder = QWidget()
        self.holder.setLayout(grid)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.holder)
        self.setFocusProxy(self.check)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        self.holder.setVisible(on)
        self.changed.emit()

    def values(self) -> tuple[list[str], dict[str, str]]:
        if not self.check.isChecked():
            return [], {}
        return list(self.edits), {name: edit.text() for name, edit in self.edits.items()}

    def set_values(self, categories: list[str], valid: dict) -> None:
        for name in categories:
            if name in self.edits:
                self.edits[name].setText(str(valid.get(name, "")))
        self.check.setChecked(bool(categories))

    def show_sum(self, valid: str) -> None:
        total = sum(int(edit.text() or 0) for edit in self.edits.values())
        self.sum_label.setText(f"合计 {total}，有效票 {valid or 0}")


class EvaluatedList(QWidget):
    """测评名单: the cadres on the ballot, in order; add one of the unit's other cadres, remove (Delete)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("session_cadres")
        self.list.setMinimumHeight(170)
        self.candidates = QComboBox()
        self.candidates.setObjectName("session_candidates")
        self.candidates.setMinimumContentsLength(10)
        self.add_button = push_button("添加(&A)", "把左边选中的干部加入测评名单", self.add_chosen)
        self.remove_button = push_button("移除(&R)", "从测评名单中移除所选干部（Delete）", self.remove_selected)
        self.reset_button = push_button("恢复默认(&D)", "恢复为本季度在任的班子成员", self.reset)
        for button in (self.add_button, self.remove_button, self.reset_button):
            button.setAutoDefault(False)
        add_shortcut(Qt.Key.Key_Delete, self.list, self.remove_selected, Qt.ShortcutContext.WidgetShortcut)
        row = QHBoxLayout()
        row.addWidget(self.candidates, 1)
        for button in (self.add_button, self.remove_button, self.reset_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.people: list[Evaluated] = []  # everyone who may be on the ballot
        self.defaults: list[Evaluated] = []

    def set_people(self, chosen: list[Evaluated], others: list[Evaluated], defaults: list[Evaluated]) -> None:
        known = {p.cadre_id for p in chosen}
        self.people = chosen + [p for p in others if p.cadre_id not in known]
        self.defaults = defaults
        self._show([p.cadre_id for p in chosen])

    def cadre_ids(self) -> list[str]:
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())]

    def _show(self, cadre_ids: list[str]) -> None:
        by_id = {p.cadre_id: p for p in self.people}
        self.list.clear()
        for cadre_id in cadre_ids:
            item = QListWidgetItem(person_text(by_id[cadre_id]))
            item.setData(Qt.ItemDataRole.UserRole, cadre_id)
            self.list.addItem(item)
        self.candidates.clear()
        for person in self.people:
            if person.cadre_id not in cadre_ids:
                self.candidates.addItem(person_text(person), person.cadre_id)
        self.add_button.setEnabled(self.candidates.count() > 0)
        self.remove_button.setEnabled(self.list.count() > 0)
        self.changed.emit()

    def add_chosen(self) -> None:
        cadre_id = self.candidates.currentData()
        if cadre_id:
            self._show(self.cadre_ids() + [cadre_id])
            self.list.setCurrentRow(self.list.count() - 1)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        ids = self.cadre_ids()
        del ids[row]
        self._show(ids)
        if ids:
            self.list.setCurrentRow(min(row, len(ids) - 1))

    def reset(self) -> None:
        self._show([p.cadre_id for p in self.defaults])


class SessionDialog(WriteDialog):
    """Registers the session of a unit without one (`session` None: the unit chosen among
    `units`), or changes `session`. `saved(unit_id)` once written."""

    saved = Signal(str)

    def __init__(self, ctx, year: int, quarter: int, units: list[tuple[str, str]], session: dict | None,
                 categories, aspects: int, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.year, self.quarter, self.session, self.aspects = year, quarter, session, aspects
        verb = "修改" if session else "登记"
        self.setWindowTitle(f"{verb}测评会 — {quarter_label(year, quarter)}")
        self.setMinimumWidth(560)
        categories = list(categories) + [c for c in (session or {}).get("categories", []) if c not in categories]
        self._build(units, categories)
        self.unit_box.currentIndexChanged.connect(lambda _i: self._load_people())
        self._load_people()
        if session:
            self._fill(session)
        self._check_live()

    # -- building --------------------------------------------------------------------------------
    def _build(self, units: list[tuple[str, str]], categories: list[str]) -> None:
        self.form = ValidatedForm(self)
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("session_unit")
        for unit_id, name in units:
            self.unit_box.addItem(name, unit_id)
        self.unit_box.setEnabled(self.session is None and len(units) > 1)
        self.form.add("unit_id", "单位(&U)：", self.unit_box)
        self.date_edit = self.form.add("meeting_date", "会议日期(&T)：", QLineEdit(), "例：2026-03-27")
        self.date_edit.setObjectName("session_date")
        self.date_edit.setMaximumWidth(160)
        self.numbers: dict[str, QLineEdit] = {}
        for field in MEETING_FIELDS:
            edit = self.form.add(field, f"{MEETING_LABELS[field]}({NUMBER_KEYS[field]})：", number_edit(f"session_{field}"))
            edit.textChanged.connect(self._check_live)
            self.numbers[field] = edit
        self.split = self.form.add("valid_by_category", "分类测评：", CategoryCounts(categories))
        self.split.changed.connect(self._check_live)
        self.people = self.form.add("cadre_ids", "测评名单(&L)：", EvaluatedList())
        self.people.changed.connect(self._people_changed)
        self.note_edit = self.form.add("note", "备注(&N)：", QLineEdit())
        self.count_note = note_label("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.count_note)
        layout.addWidget(self.buttons)
        self.enter_moves_on = EnterMovesOn(self)
        for edit in (self.date_edit, *self.numbers.values(), *self.split.edits.values()):
            edit.installEventFilter(self.enter_moves_on)
        add_shortcut(QKeySequence.StandardKey.Save, self, self.accept)
        order = [self.unit_box, self.date_edit, *self.numbers.values(), self.split.check, *self.split.edits.values(),
                 self.people.list, self.people.candidates, self.people.add_button, self.people.remove_button,
                 self.people.reset_button, self.note_edit]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)
        (self.date_edit if self.session or not self.unit_box.isEnabled() else self.unit_box).setFocus()

    def _load_people(self) -> None:
        unit_id, reader = self.unit_id, self.ctx.reader
        if unit_id is None:
            return
        defaults = default_evaluated(reader, unit_id, self.year, self.quarter)
        others = unit_cadres(reader, unit_id, self.year, self.quarter)
        chosen = evaluated_of(reader, self.session) if self.session else defaults
        self.people.set_people(chosen, others, defaults)

    def _fill(self, session: dict) -> None:
        self.date_edit.setText(session["meeting_date"] or "")
        for field, edit in self.numbers.items():
            edit.setText(str(session[field]))
        self.split.set_values(session["categories"], session["valid_by_category"])
        self.note_edit.setText(session.get("note") or "")

    @property
    def unit_id(self) -> str | None:
        return self.unit_box.currentData()

    # -- checking --------------------------------------------------------------------------------
    def values(self) -> dict:
        categories, by_category = self.split.values()
        return {"meeting_date": self.date_edit.text().strip(),
                **{field: edit.text() for field, edit in self.numbers.items()},
                "categories": categories, "valid_by_category": by_category,
                "cadre_ids": self.people.cadre_ids(), "note": self.note_edit.text()}

    def problems(self, *, saving: bool = False) -> dict[str, str]:
        """What the core would refuse now ({} when nothing); `saving`: an empty count too."""
        values = self.values()
        found: dict[str, str] = {}
        if saving:
            found |= {f: f"请填写{MEETING_LABELS[f]}人数" if f in ("expected", "present") else f"请填写{MEETING_LABELS[f]}票数"
                      for f in MEETING_FIELDS if not values[f]}
        if not values["cadre_ids"]:
            found["cadre_ids"] = "请选择参加测评的干部"
            values["cadre_ids"] = ["?"]  # the core would fall back on the default list
        if self.unit_id is None:
            found["unit_id"] = "请选择单位"
            return found
        try:
            validate_session(self.ctx.reader, self.unit_id, self.year, self.quarter, values)
        except ValidationError as error:
            for key, text in error.problems.items():  # valid_by_category.领导 shows under the categories
                found.setdefault(key.split(".")[0], text)
        return found

    def _check_live(self) -> None:
        """The numbers as they are typed: only the nesting and the categories (the date waits for 保存)."""
        self.split.show_sum(self.numbers["valid"].text())
        problems = self.problems()
        for key in LIVE_FIELDS:
            label = self.form.messages[key]
            label.setText(problems.get(key, ""))
            label.setVisible(bool(problems.get(key)))

    def _people_changed(self) -> None:
        count = len(self.people.cadre_ids())
        self.count_note.setText(f"测评名单共 {count} 人。Enter 到下一项，Ctrl+S 保存；实到 ≤ 应到，收回 ≤ 发出，有效 ≤ 收回。")
        if count:
            self.form.messages["cadre_ids"].setVisible(False)

    # -- saving ----------------------------------------------------------------------------------
    def accept(self) -> None:
        """保存: check here (every field), then write on the worker."""
        if self.saving:
            return
        problems = self.problems(saving=True)
        if problems:
            self.form.show_problems(problems)
            return
        self.form.clear_problems()
        if not self._tallies_still_fit():
            return
        store, unit_id, year, quarter, values = self.ctx.store, self.unit_id, self.year, self.quarter, self.values()
        self.run_write(lambda: save_session(store, unit_id, year, quarter, values, accept_misfits=True),
                       lambda _created: self.finish(unit_id))  # the operator was asked (_tallies_still_fit)

    def _tallies_still_fit(self) -> bool:
        """Changing a session whose tallies the new numbers no longer hold: say so, and ask."""
        if self.session is None:
            return True
        values = self.values()
        changed = {**self.session, "categories": values["categories"],
                   "valid": int(values["valid"] or 0),
                   "valid_by_category": {k: int(v or 0) for k, v in values["valid_by_category"].items()}}
        names = {p.cadre_id: p.name for p in self.people.people}
        rules = rules_for_year(self.ctx.reader, self.year)
        misfits = [f"{names.get(cadre_id, '')}：{found[0]}"
                   for cadre_id, counts in tallies_of(self.ctx.reader, self.session["id"]).items()
                   if (found := tally_problems(changed, counts, rules))]
        if not misfits:
            return True
        return confirm(self, "已录入的计票与新的有效票不符",
                       f"按修改后的有效票，已录入的 {len(misfits)} 人计票不再成立，例如\n{misfits[0]}\n\n"
                       "保存后请在“录入计票”中改正（改正前不能保存计票）。仍要保存吗？", action="仍要保存")
