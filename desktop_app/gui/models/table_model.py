"""A table model over a list of rows with a precomputed search string each (small lists).

Filtering happens in the model: the visible rows are a list comprehension over the
precomputed strings (≈2 ms for 20,000 rows here), cheaper than a proxy calling Python
per row. Sorting sorts the full list by the column's sort key.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[object], str]  # row → display text
    sort_key: Callable[[object], object] | None = None  # row → sort key (default: the text)
    align_right: bool = False


class RowTableModel(QAbstractTableModel):
    """Rows of any type, shown through `columns`; `row_id(row)` gives the record id (ID_ROLE)."""

    def __init__(self, columns: Sequence[Column], row_id: Callable[[object], str],
                 search_text: Callable[[object], str], parent=None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._row_id = row_id
        self._search_text = search_text
        self._all: list = []
        self._search: list[str] = []
        self._visible: list = []
        self._predicate: Callable[[object], bool] | None = None
        self._terms: list[str] = []

    # -- content -----------------------------------------------------------------------
    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._search = [self._search_text(row).lower() for row in self._all]
        self._visible = self._filtered()
        self.endResetModel()

    def set_filter(self, text: str = "", predicate: Callable[[object], bool] | None = None) -> None:
        """Keep rows whose search string has every space-separated term and that pass `predicate`."""
        self.beginResetModel()
        self._terms = text.lower().split()
        self._predicate = predicate
        self._visible = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list:
        terms, predicate = self._terms, self._predicate
        return [row for row, text in zip(self._all, self._search, strict=True)
                if all(term in text for term in terms) and (predicate is None or predicate(row))]

    def row_at(self, row: int):
        return self._visible[row] if 0 <= row < len(self._visible) else None

    def row_of(self, record_id: str) -> int:
        return next((n for n, row in enumerate(self._visible) if self._row_id(row) == record_id), -1)

    @property
    def total(self) -> int:
        return len(self._all)

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == ID_ROLE:
            return self._row_id(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        key = spec.sort_key or spec.text
        self.layoutAboutToBeChanged.emit()
        pairs = sorted(zip(self._all, self._search, strict=True), key=lambda pair: key(pair[0]),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self._all = [row for row, _ in pairs]
        self._search = [text for _, text in pairs]
        old = self.persistentIndexList()
        old_ids = [self._row_id(self._visible[i.row()]) if i.row() < len(self._visible) else None for i in old]
        self._visible = self._filtered()
        positions = {self._row_id(row): n for n, row in enumerate(self._visible)}
        self.changePersistentIndexList(
            old, [self.index(positions[rid], i.column()) if rid in positions else QModelIndex()
                  for i, rid in zip(old, old_ids, strict=True)])
        self.layoutChanged.emit()


class UnitStatusModel(RowTableModel):
    """A list of units (rows with `unit_id`, `search` and `status`) whose last column, the status,
    is coloured by `status_colours` (status → colour)."""

    status_colours: dict[str, str] = {}

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(columns, row_id=lambda r: r.unit_id, search_text=lambda r: r.search, parent=parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole:
            status_column = index.isValid() and index.column() == len(self.columns) - 1
            row = self.row_at(index.row()) if status_column else None
            colour = self.status_colours.get(row.status) if row is not None else None
            return QBrush(QColor(colour)) if colour else None
        return super().data(index, role)
