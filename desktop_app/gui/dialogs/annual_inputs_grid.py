"""The annual inputs grid's view: typed like a spreadsheet, cell by cell.

Counts take digits only (typing replaces the cell), the score digits and a point, 备注 any text.
属实 is a check box: Space toggles it, 1 and 0 set and clear it. 责任制考核等次 takes 1–4 for
好/较好/一般/差 (or the grade typed; 0 clears it). Tab and Enter go to the next cell that
takes input (computed and unused cells are passed over; at the end of a row to the next row),
Shift+Tab back; Backspace and Delete clear the cell. The header shows each group (年度民主测评,
民意调查…) over its columns, and both scales over the evaluation's: the team's grade above the
cadres'.
"""

from PySide6.QtCore import QModelIndex, QRect, QRegularExpression, QSize, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_app.core.annual_inputs import evaluation_grades
from desktop_app.gui.dialogs.entry_grid import CLEAR_KEYS, CellGrid, EnterMovesOn, GroupedHeader
from desktop_app.gui.models.annual_grid_columns import COUNT_KINDS
from desktop_app.gui.models.annual_grid_model import MAX_DIGITS, AnnualGridModel

WIDTHS = {"name": 76, "title": 112, "eval_valid": 50, "eval": 58, "eval_abstain": 42, "survey_valid": 50, "survey": 44,
          "survey_abstain": 42, "confirmed": 42, "score": 50, "grade": 46, "projects": 66, "note": 150}
SCORE_PATTERN = r"\d{0,3}(\.\d{0,2})?"


class BandedHeader(GroupedHeader):
    """A grouped header whose group takes a band of one line over the sections' own labels of two
    lines (好 over 优秀); sections without a group take the full height."""

    def band(self, rect: QRect) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.band(self.rect()) + 2 * self.fontMetrics().height() + 10)


class CellDelegate(EnterMovesOn):
    """Each kind of cell its editor: digits for counts, a score, the grades' list, free text for 备注."""

    def __init__(self, grid: "AnnualGrid"):
        super().__init__(grid)
        self.grid = grid

    def createEditor(self, parent, option, index):
        kind = self.grid.grid_model.columns[index.column()].kind
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if kind in COUNT_KINDS or kind == "score":
            pattern = SCORE_PATTERN if kind == "score" else rf"\d{{0,{MAX_DIGITS}}}"
            editor.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), editor))
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif kind == "grade":  # a number (1 好 …) or the grade itself; anything else leaves the cell as it was
            grades = evaluation_grades(self.grid.grid_model.rules, team=True)
            editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
            editor.setToolTip("，".join(f"{n} {grade}" for n, grade in enumerate(grades, start=1)) + "，0 清空")
        return editor


class AnnualGrid(CellGrid):
    """The grid over an AnnualGridModel (see the module docstring); `left` when Tab or Enter goes past
    the last cell, so the dialog can offer 保存."""

    header_type = BandedHeader
    delegate_type = CellDelegate

    def __init__(self, model: AnnualGridModel, parent: QWidget | None = None):
        super().__init__(model, parent)
        self.setObjectName("annual_grid")
        self.verticalHeader().setMinimumWidth(36)
        metrics = self.horizontalHeader().fontMetrics()
        for column, spec in enumerate(model.columns):  # wide enough for its label (基本称职, 基本满意)
            label = max((metrics.horizontalAdvance(line) for line in spec.label.split("\n")), default=0)
            self.setColumnWidth(column, max(WIDTHS[spec.kind], label + 14))
        self._fit_groups(metrics)
        self.horizontalHeader().setStretchLastSection(True)

    def _fit_groups(self, metrics) -> None:
        """Widen a group's last column when the group's name (专项调查) is wider than its columns."""
        columns = self.grid_model.columns
        for group in dict.fromkeys(spec.group for spec in columns if spec.group):
            sections = [n for n, spec in enumerate(columns) if spec.group == group]
            missing = metrics.horizontalAdvance(group) + 16 - sum(self.columnWidth(n) for n in sections)
            if missing > 0:
                self.setColumnWidth(sections[-1], self.columnWidth(sections[-1]) + missing)

    def takes_input(self, row: int, column: int) -> bool:
        return self.grid_model.is_entry(row, column)

    def first_cell(self) -> QModelIndex:
        """The first cell that takes input; in a locked year the first cell, to look at."""
        first = super().first_cell()
        return first if first.isValid() or not self.grid_model.rowCount() else self.grid_model.index(0, 0)

    def typed(self, index: QModelIndex, key, text: str) -> bool:
        """Keys a cell takes without an editor (clearing, 属实, 等次) or refuses; True when handled."""
        model = self.grid_model
        printable = bool(text) and text.isprintable()
        if not index.isValid() or not model.is_entry(index.row(), index.column()):
            return printable and key != Qt.Key.Key_Space  # a computed or unused cell takes nothing
        kind, row, column = model.columns[index.column()].kind, index.row(), index.column()
        if key in CLEAR_KEYS:
            model.set_cell(row, column, False if kind == "confirmed" else "")
            return True
        if kind == "confirmed":
            if key == Qt.Key.Key_Space:
                model.set_cell(row, column, not model.entries[row]["confirmed"])
            elif text in ("1", "0"):
                model.set_cell(row, column, text == "1")
            return printable
        if kind == "grade":  # a digit sets it at once; the grade's name typed opens the editor
            if text.isdigit():
                model.set_cell(row, column, "" if text == "0" else text)
            return printable and text.isascii()
        if kind in COUNT_KINDS:
            return printable and not text.isdigit()
        if kind == "score":
            return printable and not (text.isdigit() or text == ".")
        return False
