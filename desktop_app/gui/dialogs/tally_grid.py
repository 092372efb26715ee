"""The tally grid's view: typed like a spreadsheet, digits only.

Typing a digit replaces the cell; Tab and Enter go to the next count cell (past 弃权, and at the
end of a row to the next row's first cell), Shift+Tab back; Backspace and Delete clear the cell;
any other character is refused. The header shows each aspect's short name over its grades.
"""

from PySide6.QtCore import QModelIndex, QRect, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyleOptionHeader,
    QWidget,
)

from desktop_app.gui.dialogs.entry_grid import ENTER_KEYS, EnterMovesOn, EntryGrid
from desktop_app.gui.models.tally_grid_model import (
    GROUP_ROLE,
    MAX_DIGITS,
    NAME_COLUMN,
    TITLE_COLUMN,
    TallyGridModel,
)

CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
COUNT_WIDTH, ABSTAIN_WIDTH, NAME_WIDTH, TITLE_WIDTH = 46, 50, 76, 132


class GroupedHeader(QHeaderView):
    """A horizontal header of two bands: the aspect (GROUP_ROLE) over the grades of its columns;
    columns without an aspect (姓名, 职务) take both bands."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), hint.height() * 2)

    def _group(self, section: int) -> str:
        model = self.model()
        return (model.headerData(section, Qt.Orientation.Horizontal, GROUP_ROLE) or "") if model else ""

    def _span(self, section: int) -> tuple[int, int]:
        """The first and last section of `section`'s aspect."""
        group, first, last = self._group(section), section, section
        while first > 0 and self._group(first - 1) == group:
            first -= 1
        while last < self.count() - 1 and self._group(last + 1) == group:
            last += 1
        return first, last

    def paintSection(self, painter, rect: QRect, section: int) -> None:
        group = self._group(section)
        if not group:
            super().paintSection(painter, rect, section)
            return
        half = rect.height() // 2
        painter.save()
        super().paintSection(painter, QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half),
                             section)
        painter.restore()
        first, last = self._span(section)
        left = self.sectionViewportPosition(first)
        band = QRect(left, rect.top(), self.sectionViewportPosition(last) + self.sectionSize(last) - left, half)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = band
        option.text = group
        option.section = first
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.position = QStyleOptionHeader.SectionPosition.Middle
        painter.save()
        painter.setClipRect(QRect(rect.left(), rect.top(), rect.width(), half))  # each section paints its piece
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()


class CountDelegate(EnterMovesOn):
    """A cell's editor takes digits only; Enter commits and goes on to the next cell, as Tab does."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{MAX_DIGITS}}}"), editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor


class TallyGrid(EntryGrid):
    """The grid over a TallyGridModel (see the module docstring); `left` when Tab or Enter goes
    past the last cell, so the dialog can offer 保存."""

    left = Signal()

    def __init__(self, model: TallyGridModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tally_grid")
        self.grid_model = model
        self.setHorizontalHeader(GroupedHeader(self))
        self.setModel(model)
        self.setItemDelegate(CountDelegate(self))
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.horizontalHeader().setMinimumSectionSize(30)
        self.setColumnWidth(NAME_COLUMN, NAME_WIDTH)
        self.setColumnWidth(TITLE_COLUMN, TITLE_WIDTH)
        for column in range(2, model.columnCount()):
            self.setColumnWidth(column, COUNT_WIDTH if model.is_count(column) else ABSTAIN_WIDTH)
        self.horizontalHeader().setStretchLastSection(False)

    def full_width(self) -> int:
        """The width that shows every column without scrolling."""
        columns = sum(self.columnWidth(c) for c in range(self.grid_model.columnCount()))
        return columns + self.verticalHeader().width() + 2 * self.frameWidth() + 20

    # -- moving ----------------------------------------------------------------------------------
    def first_cell(self) -> QModelIndex:
        return self.grid_model.index(0, self.grid_model.column_of(0, 0)) if self.grid_model.people else QModelIndex()

    def focusInEvent(self, event) -> None:
        if not self.currentIndex().isValid():
            self.setCurrentIndex(self.first_cell())
        super().focusInEvent(event)

    def _step(self, index: QModelIndex, forward: bool) -> QModelIndex:
        """The next (previous) count cell, row by row; invalid past either end."""
        model = self.grid_model
        cells = [(r, c) for r in range(len(model.people)) for c in range(model.columnCount()) if model.is_count(c)]
        if not cells:
            return QModelIndex()
        here = (index.row(), index.column()) if index.isValid() else None
        if here not in cells:
            later = [cell for cell in cells if (cell > here if forward else cell < here)] if here else cells
            target = (later[0] if forward else later[-1]) if later else None
        else:
            position = cells.index(here) + (1 if forward else -1)
            target = cells[position] if 0 <= position < len(cells) else None
        return model.index(*target) if target else QModelIndex()

    def moveCursor(self, action, modifiers) -> QModelIndex:
        if action == QAbstractItemView.CursorAction.MoveNext:
            return self._step(self.currentIndex(), True)
        if action == QAbstractItemView.CursorAction.MovePrevious:
            return self._step(self.currentIndex(), False)
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor, hint) -> None:
        at_end = hint == QAbstractItemDelegate.EndEditHint.EditNextItem and not self._step(self.currentIndex(),
                                                                                             True).isValid()
        super().closeEditor(editor, hint)
        if at_end:
            self.left.emit()

    def keyPressEvent(self, event) -> None:
        key, modifiers = event.key(), event.modifiers()
        current = self.currentIndex()
        plain = not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if key in CLEAR_KEYS and plain:
            if current.isValid() and self.grid_model.is_count(current.column()):
                self.grid_model.setData(current, "")
            return
        if key in ENTER_KEYS and plain:
            following = self._step(current, True)
            if following.isValid():
                self.setCurrentIndex(following)
            else:
                self.left.emit()
            return
        text = event.text()
        if plain and text and text.isprintable() and not text.isdigit():
            event.accept()  # digits only: letters, spaces and signs are not counts
            return
        super().keyPressEvent(event)
