"""What the grids typed cell to cell like a spreadsheet share (the tally grid, the annual inputs
grid, the 完成事项 grid): one cell chosen at a time, typing starts editing, Tab moves on, Enter in an
editor commits and edits the next cell as Tab does. The tally and annual inputs grids also share a
header that shows each group over its columns and the moving from one cell that takes input to the
next (CellGrid)."""

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

from desktop_app.gui.models.tally_grid_model import GROUP_ROLE

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class EnterMovesOn(QStyledItemDelegate):
    """Enter (not Ctrl+Enter, which is the dialog's) in a cell's editor commits and edits the next
    cell, as Tab does, unless `leaves` says it leaves the grid instead."""

    def leaves(self, editor) -> bool:
        """Whether Enter in `editor` leaves the grid (having closed the editor itself): not here."""
        return False

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if not self.leaves(editor):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)
            return True
        return super().eventFilter(editor, event)


class EntryGrid(QTableView):
    """A table typed into cell by cell; rows 26 px high."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setMinimumWidth(28)

    def commit_open_editor(self) -> None:
        """Put the text of a cell still being edited into the model (before saving or moving on)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        for editor in self.viewport().findChildren(QLineEdit):
            if editor.isVisible():
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class GroupedHeader(QHeaderView):
    """A horizontal header whose grouped sections show their group (GROUP_ROLE: the tally's aspect,
    年度民主测评…) in a band over their own label; sections without a group (姓名, 职务) take the
    full height. The band is half the header's height unless `band` says otherwise."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def band(self, rect: QRect) -> int:
        """The height of the group's band over a section painted in `rect`."""
        return rect.height() // 2

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), hint.height() * 2)

    def _group(self, section: int) -> str:
        model = self.model()
        return (model.headerData(section, Qt.Orientation.Horizontal, GROUP_ROLE) or "") if model else ""

    def _span(self, section: int) -> tuple[int, int]:
        """The first and last section of `section`'s group."""
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
        band = self.band(rect)
        painter.save()
        super().paintSection(painter, QRect(rect.left(), rect.top() + band, rect.width(), rect.height() - band), section)
        painter.restore()
        first, last = self._span(section)
        left = self.sectionViewportPosition(first)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = QRect(left, rect.top(), self.sectionViewportPosition(last) + self.sectionSize(last) - left, band)
        option.text = group
        option.section = first
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.position = QStyleOptionHeader.SectionPosition.Middle
        painter.save()
        painter.setClipRect(QRect(rect.left(), rect.top(), rect.width(), band))  # each section paints its piece
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()


class CellGrid(EntryGrid):
    """An EntryGrid over `model` (the tally grid, the annual inputs grid) under a GroupedHeader
    (`header_type`) whose Tab and Enter go only to the cells that `takes_input`, row by row (at the
    end of a row to the next row), Shift+Tab back; `left` when Tab or Enter goes past the last cell,
    so the dialog can offer 保存. `typed` takes the keys a cell handles without an editor."""

    left = Signal()
    header_type: type[GroupedHeader] = GroupedHeader
    delegate_type: type[EnterMovesOn] = EnterMovesOn

    def __init__(self, model, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid_model = model
        self.setHorizontalHeader(self.header_type(self))
        self.setModel(model)
        self.setItemDelegate(self.delegate_type(self))
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.horizontalHeader().setMinimumSectionSize(30)

    def full_width(self) -> int:
        """The width that shows every column without scrolling."""
        columns = sum(self.columnWidth(c) for c in range(self.grid_model.columnCount()))
        return columns + self.verticalHeader().width() + 2 * self.frameWidth() + 20

    # -- what a subclass says ----------------------------------------------------------------------
    def takes_input(self, row: int, column: int) -> bool:
        raise NotImplementedError

    def typed(self, index: QModelIndex, key, text: str) -> bool:
        """Keys the cell at `index` takes without an editor, or refuses; True when handled."""
        return False

    # -- moving ----------------------------------------------------------------------------------
    def cells(self) -> list[tuple[int, int]]:
        """The cells that take input, row by row."""
        model = self.grid_model
        return [(r, c) for r in range(model.rowCount()) for c in range(model.columnCount()) if self.takes_input(r, c)]

    def first_cell(self) -> QModelIndex:
        cells = self.cells()
        return self.grid_model.index(*cells[0]) if cells else QModelIndex()

    def focusInEvent(self, event) -> None:
        if not self.currentIndex().isValid():
            first = self.first_cell()
            if first.isValid():
                self.setCurrentIndex(first)
        super().focusInEvent(event)

    def step(self, index: QModelIndex, forward: bool) -> QModelIndex:
        """The next (previous) cell that takes input; invalid past either end."""
        cells = self.cells()
        here = (index.row(), index.column()) if index.isValid() else None
        later = cells if here is None else [cell for cell in cells if (cell > here if forward else cell < here)]
        if not later:
            return QModelIndex()
        return self.grid_model.index(*(later[0] if forward else later[-1]))

    def moveCursor(self, action, modifiers) -> QModelIndex:
        if action == QAbstractItemView.CursorAction.MoveNext:
            return self.step(self.currentIndex(), True)
        if action == QAbstractItemView.CursorAction.MovePrevious:
            return self.step(self.currentIndex(), False)
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor, hint) -> None:
        at_end = hint == QAbstractItemDelegate.EndEditHint.EditNextItem and not self.step(self.currentIndex(),
                                                                                            True).isValid()
        super().closeEditor(editor, hint)
        if at_end:
            self.left.emit()

    # -- typing ----------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key, text, current = event.key(), event.text(), self.currentIndex()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if plain and key in ENTER_KEYS:
            following = self.step(current, True)
            if following.isValid():
                self.setCurrentIndex(following)
            else:
                self.left.emit()
            return
        if plain and self.typed(current, key, text):
            event.accept()
            return
        super().keyPressEvent(event)
