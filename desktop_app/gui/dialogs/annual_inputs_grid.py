"""The annual inputs grid's view: typed like a spreadsheet, cell by cell.

Counts take digits only (typing replaces the cell), the score digits and a point, 备注 any text.
属实 is a check box: Space toggles it, 1 and 0 set and clear it. 责任制考核等次 takes 1–4 for
好/较好/一般/差 (or the grade typed; 0 clears it). Tab and Enter go to the next cell that
takes input (computed and unused cells are passed over; at the end of a row to the next row),
Shift+Tab back; Backspace and Delete clear the cell. The header shows each group (年度民主测评,
民意调查…) over its columns, and both scales over the evaluation's: the team's grade above the
cadres'.
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

from desktop_app.core.annual_inputs import evaluation_grades
from desktop_app.gui.dialogs.entry_grid import ENTER_KEYS, EnterMovesOn, EntryGrid
from desktop_app.gui.models.annual_grid_columns import COUNT_KINDS
from desktop_app.gui.models.annual_grid_model import MAX_DIGITS, AnnualGridModel
from desktop_app.gui.models.tally_grid_model import GROUP_ROLE

CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
WIDTHS = {"name": 76, "title": 112, "eval_valid": 50, "eval": 58, "eval_abstain": 42, "survey_valid": 50, "survey": 44,
          "survey_abstain": 42, "confirmed": 42, "score": 50, "grade": 46, "projects": 66, "note": 150}
SCORE_PATTERN = r"\d{0,3}(\.\d{0,2})?"


class BandedHeader(QHeaderView):
    """A horizontal header whose grouped sections show their group (GROUP_ROLE) in a band of one line
    over their own label of two lines (好 over 优秀); sections without a group take the full height."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def band(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.band() + 2 * self.fontMetrics().height() + 10)

    def _group(self, section: int) -> str:
        model = self.model()
        return (model.headerData(section, Qt.Orientation.Horizontal, GROUP_ROLE) or "") if model else ""

    def _span(self, section: int) -> tuple[int, int]:
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
        band = self.band()
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


class AnnualGrid(EntryGrid):
    """The grid over an AnnualGridModel (see the module docstring); `left` when Tab or Enter goes past
    the last cell, so the dialog can offer 保存."""

    left = Signal()

    def __init__(self, model: AnnualGridModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annual_grid")
        self.grid_model = model
        self.setHorizontalHeader(BandedHeader(self))
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.horizontalHeader().setMinimumSectionSize(30)
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

    def full_width(self) -> int:
        """The width that shows every column without scrolling."""
        columns = sum(self.columnWidth(c) for c in range(self.grid_model.columnCount()))
        return columns + self.verticalHeader().width() + 2 * self.frameWidth() + 20

    # -- moving ----------------------------------------------------------------------------------
    def cells(self) -> list[tuple[int, int]]:
        """The cells that take input, row by row."""
        model = self.grid_model
        return [(r, c) for r in range(model.rowCount()) for c in range(model.columnCount()) if model.is_entry(r, c)]

    def first_cell(self) -> QModelIndex:
        cells = self.cells()
        return self.grid_model.index(*cells[0]) if cells else self.grid_model.index(0, 0)

    def focusInEvent(self, event) -> None:
        if not self.currentIndex().isValid() and self.grid_model.rowCount():
            self.setCurrentIndex(self.first_cell())
        super().focusInEvent(event)

    def step(self, index: QModelIndex, forward: bool) -> QModelIndex:
        """The next (previous) cell that takes input; invalid past either end."""
        cells = self.cells()
        here = (index.row(), index.column()) if index.isValid() else None
        if here is None:
            later = cells
        else:
            later = [cell for cell in cells if (cell > here if forward else cell < here)]
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
        key, modifiers, text = event.key(), event.modifiers(), event.text()
        current = self.currentIndex()
        plain = not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if not plain:
            super().keyPressEvent(event)
            return
        if key in ENTER_KEYS:
            following = self.step(current, True)
            if following.isValid():
                self.setCurrentIndex(following)
            else:
                self.left.emit()
            return
        if not current.isValid() or not self.grid_model.is_entry(current.row(), current.column()):
            if text and text.isprintable() and key != Qt.Key.Key_Space:
                event.accept()  # a computed or unused cell takes nothing
                return
            super().keyPressEvent(event)
            return
        if self._typed(current, key, text):
            event.accept()
            return
        super().keyPressEvent(event)

    def _typed(self, index: QModelIndex, key, text: str) -> bool:
        """Keys a cell takes without an editor (clearing, 属实, 等次) or refuses; True when handled."""
        model, kind = self.grid_model, self.grid_model.columns[index.column()].kind
        row, column = index.row(), index.column()
        if key in CLEAR_KEYS:
            model.set_cell(row, column, False if kind == "confirmed" else "")
            return True
        printable = bool(text) and text.isprintable()
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
