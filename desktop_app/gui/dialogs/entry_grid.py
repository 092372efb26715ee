"""What the grids typed cell to cell like a spreadsheet share (the tally grid, the 完成事项 grid):
one cell chosen at a time, typing starts editing, Tab moves on, Enter in an editor commits and
edits the next cell as Tab does."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


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
