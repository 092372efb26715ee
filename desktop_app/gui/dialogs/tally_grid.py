"""The tally grid's view: typed like a spreadsheet, digits only.

Typing a digit replaces the cell; Tab and Enter go to the next count cell (past 弃权, and at the
end of a row to the next row's first cell), Shift+Tab back; Backspace and Delete clear the cell;
any other character is refused. The header shows each aspect's short name over its grades.
"""

from PySide6.QtCore import QModelIndex, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_app.gui.dialogs.entry_grid import CLEAR_KEYS, CellGrid, EnterMovesOn
from desktop_app.gui.models.tally_grid_model import (
    MAX_DIGITS,
    NAME_COLUMN,
    TITLE_COLUMN,
    TallyGridModel,
)

COUNT_WIDTH, ABSTAIN_WIDTH, NAME_WIDTH, TITLE_WIDTH = 46, 50, 76, 132


class CountDelegate(EnterMovesOn):
    """A cell's editor takes digits only; Enter commits and goes on to the next cell, as Tab does."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{MAX_DIGITS}}}"), editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor


class TallyGrid(CellGrid):
    """The grid over a TallyGridModel (see the module docstring): the count cells of the people's
    rows take input; `left` when Tab or Enter goes past the last cell, so the dialog can offer 保存."""

    delegate_type = CountDelegate

    def __init__(self, model: TallyGridModel, parent: QWidget | None = None):
        super().__init__(model, parent)
        self.setObjectName("tally_grid")
        self.setColumnWidth(NAME_COLUMN, NAME_WIDTH)
        self.setColumnWidth(TITLE_COLUMN, TITLE_WIDTH)
        for column in range(2, model.columnCount()):
            self.setColumnWidth(column, COUNT_WIDTH if model.is_count(column) else ABSTAIN_WIDTH)
        self.horizontalHeader().setStretchLastSection(False)

    def takes_input(self, row: int, column: int) -> bool:
        return row < len(self.grid_model.people) and self.grid_model.is_count(column)

    def typed(self, index: QModelIndex, key, text: str) -> bool:
        """Backspace and Delete clear a count; digits only: letters, spaces and signs are refused."""
        if key in CLEAR_KEYS:
            if index.isValid() and self.grid_model.is_count(index.column()):
                self.grid_model.setData(index, "")
            return True
        return bool(text) and text.isprintable() and not text.isdigit()
