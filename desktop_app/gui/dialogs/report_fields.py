"""Fields of the 实绩报告登记表 that plain widgets do not give: grade buttons chosen with the
keys 1–4, and the grid of completed items (完成事项) typed cell to cell like a spreadsheet.

The grid always ends with one empty row: typing in it appends the next. Tab and Enter move
to the next cell (Enter on the empty row's first cell leaves the grid), Ctrl+Delete removes
a row, Delete clears a cell. Rows the core refused (items.N) are shaded, with the reason as
their tooltip.
"""

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QRadioButton,
    QWidget,
)

from desktop_app.core.monthly_reports import ITEM_FIELDS
from desktop_app.gui.dialogs.entry_grid import ENTER_KEYS, EnterMovesOn, EntryGrid
from desktop_app.gui.models.table_model import Index

ITEM_HEADERS = ("工作事项", "完成情况", "佐证材料或备注")
PROBLEM_BACKGROUND = QBrush(QColor("#fde7e9"))


class ChoiceButtons(QWidget):
    """One of a few values (好/较好/一般/差…) as radio buttons; keys 1…n choose while focused."""

    changed = Signal()

    def __init__(self, values, parent: QWidget | None = None):
        super().__init__(parent)
        self.values = tuple(values)
        self.group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QRadioButton] = []
        for number, value in enumerate(self.values, start=1):
            button = QRadioButton(f"{number} {value}")
            button.setToolTip(f"按 {number} 选“{value}”")
            button.installEventFilter(self)
            self.group.addButton(button, number - 1)
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        self.setFocusProxy(self.buttons[0])
        self.group.idToggled.connect(lambda _id, on: on and self.changed.emit())

    def value(self) -> str:
        chosen = self.group.checkedId()
        return self.values[chosen] if chosen >= 0 else ""

    def set_value(self, value: str) -> None:
        if value in self.values:
            self.buttons[self.values.index(value)].setChecked(True)
            return
        self.group.setExclusive(False)  # an exclusive group cannot be emptied otherwise
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons:
            button.setEnabled(not read_only or button.isChecked())

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.text().isdigit() \
                and 1 <= int(event.text()) <= len(self.values) and watched.isEnabled():
            button = self.buttons[int(event.text()) - 1]
            if button.isEnabled():
                button.setChecked(True)
                button.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)


class ItemsModel(QAbstractTableModel):
    """The completed items (工作事项/完成情况/佐证材料或备注), with one empty row at the end while editable."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, str]] = [self._blank()]
        self._problems: dict[int, str] = {}
        self.read_only = False

    @staticmethod
    def _blank() -> dict[str, str]:
        return dict.fromkeys(ITEM_FIELDS, "")

    # -- content ---------------------------------------------------------------------------------
    def set_items(self, items, *, read_only: bool = False) -> None:
        self.beginResetModel()
        self.read_only = read_only
        self._rows = [{field: str(item.get(field) or "") for field in ITEM_FIELDS} for item in items]
        if not read_only:
            self._rows.append(self._blank())
        self._problems = {}
        self.endResetModel()

    def items(self) -> list[dict[str, str]]:
        """Every row in order, empty ones included: the core numbers problems by position (items.N)."""
        return [dict(row) for row in self._rows]

    def filled_items(self) -> list[dict[str, str]]:
        return [dict(row) for row in self._rows if any(value.strip() for value in row.values())]

    def is_blank_row(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and not any(value.strip() for value in self._rows[row].values())

    def remove_row(self, row: int) -> bool:
        """Ctrl+Delete: remove a row (the empty last row stays)."""
        if self.read_only or not 0 <= row < len(self._rows) - 1:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.set_problems({})
        self.edited.emit()
        return True

    def set_problems(self, problems: dict[int, str]) -> None:
        """Shade rows (0-based) the core refused, with the reason as tooltip."""
        self._problems = dict(problems)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(ITEM_FIELDS) - 1))

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(ITEM_FIELDS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(ITEM_FIELDS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][ITEM_FIELDS[index.column()]]
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self._problems:
            return PROBLEM_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._problems.get(index.row()) or self._rows[index.row()][ITEM_FIELDS[index.column()]] or None
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.read_only or role != Qt.ItemDataRole.EditRole or not index.isValid() \
                or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(ITEM_FIELDS):
            return False
        text = "" if value is None else str(value)
        row = self._rows[index.row()]
        if row[ITEM_FIELDS[index.column()]] == text:
            return True
        row[ITEM_FIELDS[index.column()]] = text
        self.dataChanged.emit(index, index)
        if index.row() == len(self._rows) - 1 and text.strip():  # typing in the last row: a new empty one
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(self._blank())
            self.endInsertRows()
        self.edited.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if self.read_only else flags | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return ITEM_HEADERS[section] if 0 <= section < len(ITEM_HEADERS) else None
        return str(section + 1) if 0 <= section < len(self._rows) else None


class _EnterMovesOn(EnterMovesOn):
    """Enter in a cell's editor commits and edits the next cell (as Tab does); on the empty last
    row's first cell it leaves the grid."""

    def __init__(self, grid: "ItemsGrid"):
        super().__init__(grid)
        self.grid = grid

    def leaves(self, editor) -> bool:
        index = self.grid.currentIndex()
        if index.column() == 0 and self.grid.items.is_blank_row(index.row()) and not editor.text().strip() \
                and index.row() == self.grid.items.rowCount() - 1:
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
            self.grid.leave()
            return True
        return False


class ItemsGrid(EntryGrid):
    """The 完成事项 grid: keyboard entry cell to cell (see the module docstring)."""

    def __init__(self, items: ItemsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.items = items
        self.setModel(items)
        self.setItemDelegate(_EnterMovesOn(self))
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(2, 170)
        items.rowsInserted.connect(lambda *_: self.scrollToBottom() if self.state() != self.State.EditingState else None)

    def focusInEvent(self, event) -> None:
        if not self.currentIndex().isValid() and self.items.rowCount():
            self.setCurrentIndex(self.items.index(0, 0))
        super().focusInEvent(event)

    def moveCursor(self, action, modifiers) -> QModelIndex:
        """Tab past the last cell (or Shift+Tab before the first) leaves the grid instead of wrapping."""
        current = self.currentIndex()
        last_row, last_column = self.items.rowCount() - 1, self.items.columnCount() - 1
        if action == QAbstractItemView.CursorAction.MoveNext and current.row() == last_row \
                and current.column() == last_column:
            return QModelIndex()
        if action == QAbstractItemView.CursorAction.MovePrevious and current.row() == 0 and current.column() == 0:
            return QModelIndex()
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event) -> None:
        key, ctrl = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        current = self.currentIndex()
        if key == Qt.Key.Key_Delete and ctrl:
            row = current.row()
            if self.items.remove_row(row):
                self.setCurrentIndex(self.items.index(min(row, self.items.rowCount() - 1), current.column()))
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and current.isValid() and not self.items.read_only:
            self.items.setData(current, "")
            return
        if key in ENTER_KEYS and not ctrl:
            self._enter(current)
            return
        super().keyPressEvent(event)

    def _enter(self, current: QModelIndex) -> None:
        """Enter without an editor open: on to the next cell, editing it; out of the grid at the end."""
        if not current.isValid():
            self.setCurrentIndex(self.items.index(0, 0))
            return
        at_end = current.column() == 0 and current.row() == self.items.rowCount() - 1 \
            and self.items.is_blank_row(current.row())
        following = QModelIndex() if at_end else self.moveCursor(QAbstractItemView.CursorAction.MoveNext,
                                                                 Qt.KeyboardModifier.NoModifier)
        if not following.isValid() or self.items.read_only:
            if following.isValid():
                self.setCurrentIndex(following)
            else:
                self.leave()
            return
        self.setCurrentIndex(following)
        self.edit(following)

    def leave(self) -> None:
        """Give the focus to the field after the grid (QWidget's order, not the next cell)."""
        QWidget.focusNextPrevChild(self, True)
