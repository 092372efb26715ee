"""The editable tables of the 规则方案 dialog: 测评方面, 测评人类别, 季度等次线.

One model serves the three: rows are the rule set's own dicts (so keys this version does not
know stay in them when saved), columns name a key each, text or number. A problem the core
found in a cell (quarterly.aspects.2.weight…) paints the cell and is its tooltip.
"""

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop_app.gui.models.table_model import Index

ERROR_BACKGROUND = QBrush(QColor("#fde7e9"))
READ_ONLY_BACKGROUND = QBrush(QColor("#f1f3f4"))
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class RuleColumn:
    """A column of a rule table: the key of the row dict it shows, text or a number."""

    key: str
    header: str
    number: bool = False
    editable: bool = True
    maximum: float = 100  # numbers: 0 … maximum in the editor
    max_length: int = 0  # text: what the editor lets through (longer gets the core's message)
    tip: str = ""


def number_text(value) -> str:
    """A number as the operator reads it: 30, 0.5, 89.9 (never 30.0 or 89.90000001)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def clean_number(value: float) -> int | float:
    """A spin box's value as stored: 95.0 → 95, 89.9 stays 89.9 (two decimals at most)."""
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


class RuleRowsModel(QAbstractTableModel):
    """Rows (dicts) of a rule table; `new_row(rows)` makes the row 添加 inserts."""

    edited = Signal()

    def __init__(self, columns: Sequence[RuleColumn], new_row: Callable[[list[dict]], dict] | None = None,
                 parent=None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self.new_row = new_row
        self._rows: list[dict] = []
        self.problems: dict[tuple[int, str], str] = {}  # (row, column key) → message

    # -- content -------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = [copy.deepcopy(dict(row)) if isinstance(row, dict) else {} for row in rows]
        self.problems = {}
        self.endResetModel()

    def rows(self) -> list[dict]:
        """The rows as they are now (copies, unknown keys included)."""
        return copy.deepcopy(self._rows)

    def value(self, row: int, key: str):
        return self._rows[row].get(key) if 0 <= row < len(self._rows) else None

    def column_of(self, key: str) -> int:
        return next((n for n, column in enumerate(self.columns) if column.key == key), -1)

    def set_problems(self, problems: dict[tuple[int, str], str]) -> None:
        self.problems = dict(problems)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    # -- rows --------------------------------------------------------------------------------
    def insert_row(self, position: int) -> int:
        """添加: a new row at `position` (clamped); returns where it went."""
        position = max(0, min(position, len(self._rows)))
        row = self.new_row(self.rows()) if self.new_row else {}
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()
        self._rows_changed()
        return position

    def remove_row(self, row: int) -> bool:
        if not 0 <= row < len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self._rows_changed()
        return True

    def move_row(self, row: int, step: int) -> int:
        """上移 (-1) / 下移 (+1): returns the row's new place (unchanged at either end)."""
        target = row + step
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)) or step not in (-1, 1):
            return row
        # Qt's destination is the row before which it goes, in the rows as they were
        if not self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if step > 0 else target):
            return row
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        self._rows_changed()
        return target

    def _rows_changed(self) -> None:
        self.problems = {}  # rows moved: the numbers in the old messages no longer match
        self.edited.emit()

    # -- Qt model interface --------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.columns[index.column()].editable else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        value = self._rows[index.row()].get(column.key)
        problem = self.problems.get((index.row(), column.key))
        if role == Qt.ItemDataRole.DisplayRole:
            return number_text(value) if column.number else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.EditRole:
            if column.number:
                return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or column.tip or None
        if role == Qt.ItemDataRole.BackgroundRole:
            return ERROR_BACKGROUND if problem else (None if column.editable else READ_ONLY_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return RIGHT
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        column = self.columns[index.column()]
        if column.number:
            try:
                value = clean_number(value)
            except (TypeError, ValueError):
                return False
        else:
            value = "" if value is None else str(value)
        row = self._rows[index.row()]
        if row.get(column.key) == value and type(row.get(column.key)) is type(value):
            return True
        row[column.key] = value
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[section].tip or None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


# -- the three tables ------------------------------------------------------------------------------
ASPECT_COLUMNS = (
    RuleColumn("name", "全称", max_length=70, tip="测评表上的评议内容，如“工作数量、质量、效率…”（最多60字）"),
    RuleColumn("short", "简称", max_length=20, tip="表头和计票模板用的简称，如“工作实绩”（最多10字；不填取全称前10字）"),
    RuleColumn("weight", "权重", number=True, maximum=1000, tip="在综合得分中所占的权重（大于0）；各项相同即平均"),
)
CATEGORY_COLUMNS = (
    RuleColumn("name", "类别", max_length=20, tip="测评人类别，如 领导、同级、干部职工（最多10字）"),
    RuleColumn("weight", "权重", number=True, maximum=1000, tip="该类平均分的权重（大于0），如 30、30、40"),
)
THRESHOLD_COLUMNS = (
    RuleColumn("grade", "等次", editable=False),
    RuleColumn("min_score", "最低分", number=True, tip="得分达到此分（含）即为该等次；从高到低，最后一档为0"),
)


def new_aspect(rows: list[dict]) -> dict:
    return {"name": "", "short": "", "weight": 1}


def new_category(rows: list[dict]) -> dict:
    return {"name": "", "weight": 1}


def aspects_model(parent=None) -> RuleRowsModel:
    return RuleRowsModel(ASPECT_COLUMNS, new_aspect, parent)


def categories_model(parent=None) -> RuleRowsModel:
    return RuleRowsModel(CATEGORY_COLUMNS, new_category, parent)


def thresholds_model(parent=None) -> RuleRowsModel:
    return RuleRowsModel(THRESHOLD_COLUMNS, None, parent)
