"""年度考核 tab of the 规则方案 dialog: the annual part of the year's rule set (annual/settings.py).

A preset (优秀 15% / 20% / 25%) fills the tab; 班子等次线 and 干部等次线 (the lowest composite score
of each grade); 综合得分 (the weights of the parts and the points of each grade, as the defaults
shape them); and rules 1–11, each with 启用 and its parameters (greyed while off) and a line
saying what it does. The dialog saves this part with the quarterly one, in one save.

What the core refuses (annual.rules.quota.cadre_fraction…) paints the box it names and is listed
under the group; what names no box (the scales themselves) shows at the top of the tab.
"""

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.annual.settings import PRESETS, RULE_NAMES, RULE_NUMBERS, default_annual_rules
from desktop_app.gui.dialogs.rule_set_editors import CUSTOM
from desktop_app.gui.dialogs.rule_set_messages import out_of_order
from desktop_app.gui.dialogs.rule_set_params import Field, make_field
from desktop_app.gui.models.annual_rule_specs import (
    ANNUAL,
    EXPLANATIONS,
    Spec,
    all_specs,
    composite_specs,
    filled,
    overlay,
    preset_of,
    rule_specs,
    set_at,
    threshold_specs,
    value_at,
)
from desktop_app.gui.widgets import ERROR_STYLE, buddy_label, note_label

PRESET_PARTS = {name: filled(default_annual_rules(name)) for name in PRESETS}
PRESET_TEXT = {"15%": "优秀 15%（2007年规定）", "20%": "优秀 20%（2020年规定）", "25%": "优秀 25%（经批准）"}
LEFT_RULES = 5  # rules 1–5 in the left column, 6–11 in the right
PAIRS_PER_ROW = 2
COMPOSITE_NOTE = ("综合得分 = Σ(权重 × 该部分得分) ÷ 有数据各部分的权重之和；"
                  "分值：月度完成等次、测评票、民意调查各选项折算的分数。")
THRESHOLD_NOTE = "综合得分达到某等次的最低分（含）即为该等次；从高到低，最后一档为 0。"
RULES_NOTE = "规则 1–10 决定或限制拟定等次，规则 11 只列出后续处理；不勾选「启用」即不适用该条。"


class Group(QGroupBox):
    """A group with its boxes in a grid and the core's messages about them under it."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.column = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setVisible(False)

    def finish(self) -> None:
        self.column.addWidget(self.message)

    def finish_with(self, grid: QGridLayout, note: str) -> "Group":
        """`grid` (room left at its end), `note` under it and the messages: the group done."""
        grid.setColumnStretch(grid.columnCount(), 1)
        self.column.addLayout(grid)
        self.column.addWidget(note_label(note))
        self.finish()
        return self

    def show_messages(self, messages: list[str]) -> None:
        self.message.setText("\n".join(messages))
        self.message.setVisible(bool(messages))


def pairs_grid() -> QGridLayout:
    """A grid of a caption, then label and box pairs (add_pair) on each row."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(6)
    return grid


def add_pair(grid: QGridLayout, row: int, n: int, label: QLabel, widget: QWidget) -> None:
    """The `n`th label (right-aligned) and box of `row`, after the row's caption."""
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    grid.addWidget(label, row, 1 + 2 * n)
    grid.addWidget(widget, row, 2 + 2 * n)


class AnnualEditor(QWidget):
    """The annual part as edited: `set_part(part)` shows one, `part()` gives it back (keys the tab does
    not show kept as they were); `edited` after each change by the operator."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.base: dict = filled(None)
        self.fields: dict[str, Field] = {}
        self.groups: dict[str, Group] = {}
        self.switches: list[tuple[Field, QWidget]] = []  # each rule's 启用 and the box of its parameters
        self.shape: tuple = ()
        self._filling = False
        self.preset_box = QComboBox()
        self.preset_box.setObjectName("annual_preset")
        self.preset_box.addItem(CUSTOM, None)
        for name in PRESETS:
            self.preset_box.addItem(PRESET_TEXT.get(name, name), name)
        self.preset_box.setToolTip("选一个预设填入本页各项（等次线、综合得分、规则 1–11），再按需要修改")
        self.preset_box.activated.connect(self._preset_chosen)
        self.message = QLabel()
        self.message.setObjectName("annual_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        top = QHBoxLayout()
        top.addWidget(buddy_label("预设(&O)：", self.preset_box))
        top.addWidget(self.preset_box)
        top.addWidget(note_label("各县可选一个预设，再按本县规定修改下面各项。"), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        QApplication.instance().focusChanged.connect(self._follow_focus)

    # -- showing a part ------------------------------------------------------------------------------
    def set_part(self, part) -> None:
        """Show `part` (the stored annual part, None when the rule set has none: the defaults)."""
        self.base = filled(part)
        self._filling = True
        try:
            shape = all_specs(self.base)
            if shape != self.shape:  # another scale or another version's parameters: boxes anew
                self._build(self.base)
                self.shape = shape
            for field in self.fields.values():
                field.set_value(value_at(self.base, field.spec.path))
            for switch, params in self.switches:
                params.setEnabled(bool(switch.value()))
        finally:
            self._filling = False
        self.show_problems({})
        self._show_preset()

    def part(self) -> dict:
        """The annual part as edited."""
        part = copy.deepcopy(self.base)
        for field in self.fields.values():
            set_at(part, field.spec.path, field.value())
        return part

    def focus_order(self) -> list[QWidget]:
        """The preset, then every box as shown (the dialog chains them between its own)."""
        return [self.preset_box, *(field.widget for field in self.fields.values())]

    def choose_preset(self, name: str) -> None:
        """预设: the preset's values over those shown (keys the tab does not show stay)."""
        self.set_part(overlay(self.part(), default_annual_rules(name)))
        self.edited.emit()

    def _preset_chosen(self, position: int) -> None:
        name = self.preset_box.itemData(position)
        if name:
            self.choose_preset(name)

    def _show_preset(self) -> None:
        values = {field.spec.path: field.value() for field in self.fields.values()}
        found = preset_of(values, PRESET_PARTS)
        self.preset_box.blockSignals(True)
        self.preset_box.setCurrentIndex(max(self.preset_box.findData(found), 0) if found else 0)
        self.preset_box.blockSignals(False)

    def _changed(self, *_args) -> None:
        if self._filling:
            return
        self._show_preset()
        self.edited.emit()

    # -- building ------------------------------------------------------------------------------------
    def _build(self, part: dict) -> None:
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.fields, self.groups, self.switches = {}, {}, []
        body = QWidget()
        body.setObjectName("annual_body")
        layout = QVBoxLayout(body)
        layout.addWidget(self._thresholds_group(part))
        rows = composite_specs(part)
        if rows:
            layout.addWidget(self._composite_group(rows))
        rules = rule_specs(part)
        groups = [self._rule_group(key, specs) for key, specs in rules]
        heading = buddy_label("定等规则(&R)", self.fields[rules[0][1][0].key].widget)
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        layout.addWidget(note_label(RULES_NOTE))
        columns = QHBoxLayout()
        for share in (groups[:LEFT_RULES], groups[LEFT_RULES:]):
            column = QVBoxLayout()
            for group in share:
                column.addWidget(group)
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout.addLayout(columns)
        layout.addStretch(1)
        self.scroll.setWidget(body)

    def _field(self, spec: Spec, **options) -> Field:
        field = make_field(spec, **options)
        field.connect(self._changed)
        self.fields[spec.key] = field
        return field

    def _thresholds_group(self, part: dict) -> Group:
        """等次线: a row of the lowest scores per scale (班子, 干部)."""
        group = Group("等次线")
        grid = pairs_grid()
        for row, (kind, caption) in enumerate((("team", "班子等次线(&B)："), ("cadre", "干部等次线(&C)："))):
            self.groups[f"{ANNUAL}.{kind}_thresholds"] = group
            for n, spec in enumerate(threshold_specs(part, kind)):
                field = self._field(spec, suffix=" 分")
                if n == 0:
                    grid.addWidget(buddy_label(caption, field.widget), row, 0)
                add_pair(grid, row, n, QLabel(spec.label), field.widget)
        return group.finish_with(grid, THRESHOLD_NOTE)

    def _composite_group(self, rows: list[tuple[str, list[Spec]]]) -> Group:
        group = Group("综合得分(&W)")
        group.setObjectName("annual_composite")
        self.groups[f"{ANNUAL}.composite"] = group
        grid = pairs_grid()
        for row, (caption, specs) in enumerate(rows):
            grid.addWidget(QLabel(f"{caption}："), row, 0)
            for n, spec in enumerate(specs):
                weights = spec.path[1].endswith("weights") if len(spec.path) > 1 else False
                field = self._field(spec, maximum=1000 if weights else 100, suffix="" if weights else " 分")
                add_pair(grid, row, n, buddy_label(f"{spec.label}", field.widget), field.widget)
        return group.finish_with(grid, COMPOSITE_NOTE)

    def _rule_group(self, key: str, specs: list[Spec]) -> Group:
        """规则N　名称: what it does, 启用, its parameters two a row (a tick box takes a pair's room)."""
        number = RULE_NUMBERS[key]
        group = Group(f"规则{number}　{RULE_NAMES[number]}")
        group.setObjectName(f"annual_rule_{key}")
        self.groups[f"{ANNUAL}.rules.{key}"] = group
        switch = self._field(specs[0])
        group.column.addWidget(note_label(EXPLANATIONS.get(key, "")))
        group.column.addWidget(switch.widget)
        params = QWidget()
        grid = QGridLayout(params)
        grid.setContentsMargins(18, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        for n, spec in enumerate(specs[1:]):
            field = self._field(spec, suffix=" 分")  # a score's unit (否决分数线)
            row, column = divmod(n, PAIRS_PER_ROW)
            if spec.kind == "flag":
                grid.addWidget(field.widget, row, 2 * column, 1, 2)
                continue
            grid.addWidget(buddy_label(f"{spec.label}：", field.widget), row, 2 * column)
            grid.addWidget(field.widget, row, 2 * column + 1)
        grid.setColumnStretch(2 * PAIRS_PER_ROW, 1)  # boxes at their own width, the room left at the end
        switch.widget.toggled.connect(params.setEnabled)
        self.switches.append((switch, params))
        group.column.addWidget(params)
        group.finish()
        return group

    def _follow_focus(self, _old, new) -> None:
        """A box reached by Tab, Alt+letter or a problem is scrolled into sight."""
        body = self.scroll.widget()
        if new is not None and body is not None and body.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 20, 20)

    # -- problems --------------------------------------------------------------------------------------
    def show_problems(self, problems: dict[str, str]) -> int:
        """The annual part's problems (keys annual…) under their groups, their boxes painted; how many."""
        mine = {key: text for key, text in problems.items() if key == ANNUAL or key.startswith(f"{ANNUAL}.")}
        for field in self.fields.values():
            field.show_problem("")
        routed: dict[str, list[str]] = {}
        general = []
        for key, text in mine.items():
            for field in self._fields_named(key):
                field.show_problem(text)
            group = self._group_of(key)
            (routed.setdefault(group, []) if group else general).append(text)
        for group in set(self.groups.values()):  # 班子 and 干部 等次线 share a group
            group.show_messages([text for key, texts in routed.items() if self.groups[key] is group for text in texts])
        self.message.setText("\n".join(general))
        self.message.setVisible(bool(general))
        return len(mine)

    def focus_first_problem(self) -> None:
        """The first box painted, its group's messages in sight too (else the preset)."""
        field = next((field for field in self.fields.values() if field.bad), None)
        if field is None:
            self.preset_box.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        field.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        group = self.groups.get(self._group_of(field.spec.key) or "")
        if group is not None:
            self.scroll.ensureWidgetVisible(group.message, 20, 20)
            self.scroll.ensureWidgetVisible(field.widget, 20, 20)

    def _fields_named(self, key: str) -> list[Field]:
        """The box a problem names; for a scale's thresholds or a row of points those out of order
        (the thresholds' last when not 0); for another group of values all of them."""
        if key in self.fields:
            return [self.fields[key]]
        under = [field for name, field in self.fields.items() if name.startswith(f"{key}.")]
        values = [field.value() for field in under]
        if key.endswith("_thresholds") and under:
            places = out_of_order(values, strict=True) or ([len(values) - 1] if values[-1] != 0 else [])
        elif key.endswith("_points"):
            places = out_of_order(values, strict=False)
        else:
            places = []
        return [under[n] for n in places] or (under if key != ANNUAL else [])

    def _group_of(self, key: str) -> str | None:
        found = [name for name in self.groups if key == name or key.startswith(f"{name}.")]
        return max(found, key=len) if found else None
