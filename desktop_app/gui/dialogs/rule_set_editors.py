"""The parts of the 规则方案 dialog: number boxes, the 等次与分值 group, and a table group with
添加 / 删除 / 上移 / 下移 (Insert, Delete, Ctrl+↑, Ctrl+↓ in the table) and its problems under it."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.rule_sets import PRESETS, QUARTERLY
from desktop_app.gui.models.rule_set_models import RuleRowsModel, clean_number, number_text
from desktop_app.gui.widgets import ERROR_STYLE, add_shortcut, buddy_label, note_label, push_button

CUSTOM = "（自定义）"
PREVIEW_STYLE = "QLabel#rule_preview { background: #f6f8fa; border: 1px solid #dadce0; padding: 6px; }"
BAD_SPIN_STYLE = "QDoubleSpinBox { border: 1px solid #b3261e; }"
ROW_HEIGHT = 26


class NumberSpin(QDoubleSpinBox):
    """A number 0 … `maximum` with up to two decimals, shown without trailing zeros (95, 89.9)."""

    def __init__(self, maximum: float = 100, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(2)
        self.setRange(0, maximum)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.UpDownArrows)

    def textFromValue(self, value: float) -> str:
        return number_text(clean_number(value))

    def number(self) -> int | float:
        return clean_number(self.value())


class RuleDelegate(QStyledItemDelegate):
    """Numbers edited in a NumberSpin, text in a line whose length the column allows."""

    def _column(self, index):
        model = index.model()
        return model.columns[index.column()] if isinstance(model, RuleRowsModel) else None

    def initStyleOption(self, option, index) -> None:
        """Only the table being worked in shows its selected cell: in the others a cell painted for a
        problem stays visible."""
        super().initStyleOption(option, index)
        view = self.parent()
        if isinstance(view, QTableView) and not view.hasFocus():
            option.state &= ~QStyle.StateFlag.State_Selected

    def createEditor(self, parent, option, index):
        column = self._column(index)
        if column is not None and column.number:
            spin = NumberSpin(column.maximum, parent)
            spin.setFrame(False)
            return spin
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit) and column is not None and column.max_length:
            editor.setMaxLength(column.max_length)
        return editor

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, NumberSpin):
            editor.setValue(float(index.data(Qt.ItemDataRole.EditRole) or 0))
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, NumberSpin):
            editor.interpretText()
            model.setData(index, editor.number(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class RowsEditor(QGroupBox):
    """A rule table in a group: the table, its row buttons (when rows may be added), a note, the problems."""

    def __init__(self, title: str, model: RuleRowsModel, *, rows: tuple[int, int] | None, stretch: int,
                 widths: tuple[int, ...], shown: tuple[int, int], note: str = "", parent: QWidget | None = None):
        super().__init__(title, parent)
        self.model = model
        self.limits = rows
        self.view = QTableView()
        self.view.setModel(model)
        self.delegate = RuleDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate(widths):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.fit_rows(*shown)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        self.buttons: list = []
        if rows is not None:
            layout.addLayout(self._row_buttons())
        if note:
            layout.addWidget(note_label(note))
        layout.addWidget(self.message)
        model.rowsInserted.connect(self._update_buttons)
        model.rowsRemoved.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _row_buttons(self) -> QHBoxLayout:
        self.add_button = push_button("添加", "在所选行之后添加一行（表格中按 Insert）", self.add_row)
        self.remove_button = push_button("删除", "删除所选行（表格中按 Delete）", self.remove_row)
        self.up_button = push_button("上移", "所选行上移（Ctrl+↑）", lambda: self.move_row(-1))
        self.down_button = push_button("下移", "所选行下移（Ctrl+↓）", lambda: self.move_row(1))
        self.buttons = [self.add_button, self.remove_button, self.up_button, self.down_button]
        row = QHBoxLayout()
        for button in self.buttons:
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        for keys, slot in ((Qt.Key.Key_Insert, self.add_row), (Qt.Key.Key_Delete, self.remove_row),
                           ("Ctrl+Up", lambda: self.move_row(-1)), ("Ctrl+Down", lambda: self.move_row(1))):
            add_shortcut(keys, self.view, slot, Qt.ShortcutContext.WidgetShortcut)  # not while a cell is edited
        return row

    def fit_rows(self, fewest: int, most: int | None = None) -> None:
        """Room for `fewest` rows without scrolling, growing to `most` (as many as `fewest` when not given)."""
        frame = self.view.horizontalHeader().sizeHint().height() + 2 * self.view.frameWidth() + 6
        self.view.setMinimumHeight(frame + fewest * ROW_HEIGHT)
        self.view.setMaximumHeight(frame + (most or fewest) * ROW_HEIGHT)

    # -- rows ----------------------------------------------------------------------------------
    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> None:
        if self.limits is None or self.model.rowCount() >= self.limits[1]:
            return
        self.commit_edit()
        current = self.current_row()
        row = self.model.insert_row(current + 1 if current >= 0 else self.model.rowCount())
        index = self.model.index(row, 0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.setCurrentIndex(index)
        self.view.edit(index)  # the name first

    def remove_row(self) -> None:
        row = self.current_row()
        if self.limits is None or row < 0 or self.model.rowCount() <= self.limits[0]:
            return
        column = max(self.view.currentIndex().column(), 0)
        self.model.remove_row(row)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), column))

    def move_row(self, step: int) -> None:
        row, column = self.current_row(), max(self.view.currentIndex().column(), 0)
        if row < 0:
            return
        self.commit_edit()
        moved = self.model.move_row(row, step)
        self.view.setCurrentIndex(self.model.index(moved, column))

    def _update_buttons(self, *_args) -> None:
        if self.limits is None:
            return
        count, (low, high) = self.model.rowCount(), self.limits
        self.add_button.setEnabled(count < high)
        self.remove_button.setEnabled(count > low)
        self.up_button.setEnabled(count > 1)
        self.down_button.setEnabled(count > 1)

    def commit_edit(self) -> None:
        """A cell being typed in is taken as it is (Ctrl+S, 添加 and 上移 do not lose it)."""
        if self.view.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.view.indexWidget(self.view.currentIndex())
        if editor is not None:
            self.delegate.commitData.emit(editor)
            self.delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def close_edit(self) -> None:
        """A cell being typed in is dropped (another year's rules are shown)."""
        if self.view.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.view.indexWidget(self.view.currentIndex())
        if editor is not None:
            self.delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)

    # -- problems ------------------------------------------------------------------------------
    def show_problems(self, messages: list[str], cells: dict[tuple[int, str], str]) -> None:
        self.model.set_problems(cells)
        self.message.setText("\n".join(messages))
        self.message.setVisible(bool(messages))

    def focus_first_problem(self) -> None:
        cells = sorted(self.model.problems, key=lambda cell: (cell[0], self.model.column_of(cell[1])))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if cells:
            row, key = cells[0]
            self.view.setCurrentIndex(self.model.index(row, max(self.model.column_of(key), 0)))
        elif self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))


class PointsEditor(QGroupBox):
    """等次与分值: the points of each grade (0–100) and the preset they match (预设)."""

    edited = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.preset_box = QComboBox()
        self.preset_box.setObjectName("rule_preset")
        self.preset_box.addItem(CUSTOM, None)
        for name in PRESETS:
            self.preset_box.addItem(name, name)
        self.preset_box.setToolTip("选一个常用的分值方案填入下面各等次的分值，再按需要修改")
        self.preset_box.activated.connect(self._preset_chosen)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.spins: dict[str, NumberSpin] = {}
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(buddy_label("预设(&P)：", self.preset_box))
        top.addWidget(self.preset_box)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.grid)
        layout.addWidget(note_label("每张票按所投等次计分，一项的得分为各票分值的平均。分值从好到差不能升高。"))
        layout.addWidget(self.message)

    def set_points(self, grades, points: dict) -> None:
        """One box per grade, in order, holding its points."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.spins = {}
        for position, grade in enumerate(grades):
            spin = NumberSpin(100)
            spin.setObjectName(f"rule_points_{grade}")
            spin.setSuffix(" 分")
            value = points.get(grade)
            spin.setValue(float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0)
            spin.valueChanged.connect(self._changed)
            caption = buddy_label(f"{grade}：", spin)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(caption, 0, position * 2)
            self.grid.addWidget(spin, 0, position * 2 + 1)
            self.spins[grade] = spin
        self._show_preset()

    def points(self) -> dict:
        return {grade: spin.number() for grade, spin in self.spins.items()}

    def preset_points(self, name: str) -> dict:
        return dict(PRESETS[name][QUARTERLY]["points"])

    def choose_preset(self, name: str) -> None:
        """预设: the preset's points in the boxes of the grades it has."""
        points = self.preset_points(name)
        for grade, spin in self.spins.items():
            if grade in points:
                spin.blockSignals(True)
                spin.setValue(points[grade])
                spin.blockSignals(False)
        self._changed()

    def _preset_chosen(self, position: int) -> None:
        name = self.preset_box.itemData(position)
        if name:
            self.choose_preset(name)

    def _changed(self, *_args) -> None:
        self._show_preset()
        self.edited.emit()

    def _show_preset(self) -> None:
        """The preset the points are (自定义 when none)."""
        points = self.points()
        found = next((n for n in PRESETS if self.preset_points(n) == points), None)
        self.preset_box.blockSignals(True)
        self.preset_box.setCurrentIndex(max(self.preset_box.findData(found), 0) if found else 0)
        self.preset_box.blockSignals(False)

    def show_problems(self, messages: list[str], bad_grades: set[str]) -> None:
        for grade, spin in self.spins.items():
            spin.setStyleSheet(BAD_SPIN_STYLE if grade in bad_grades else "")
        self.message.setText("\n".join(messages))
        self.message.setVisible(bool(messages))

    def focus_first_problem(self, bad_grades: set[str]) -> None:
        target = next((spin for grade, spin in self.spins.items() if grade in bad_grades), None)
        target = target or next(iter(self.spins.values()), self.preset_box)
        target.setFocus(Qt.FocusReason.OtherFocusReason)


class PreviewBox(QGroupBox):
    """示例得分: the example's lines in a quiet box (selectable, to copy into a note)."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.label = QLabel()
        self.label.setObjectName("rule_preview")
        self.label.setStyleSheet(PREVIEW_STYLE)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
