"""The roster table (干部信息库): every cadre's id and filter keys, display rows fetched lazily.

All keys are loaded at once (one query, ≈0.25 s for 20,000 cadres); the visible rows are
a list comprehension over precomputed search strings; display rows are fetched in chunks
around the row the view asks for and cached. Sorting re-reads the keys in SQL order.
"""

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.core.roster import (
    ROSTER_COLUMNS,
    ROSTER_HEADERS,
    RosterKey,
    RosterRow,
    roster_keys,
    roster_rows,
)
from desktop_app.gui.models.table_model import ID_ROLE

CHUNK_BEFORE, CHUNK_AFTER = 40, 160
FORMER_COLOUR = QBrush(QColor("#7a7a7a"))  # cadres no longer in post (退休、调离)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RosterFilter:
    """What the roster page filters by; None means any."""

    text: str = ""
    unit_id: str | None = None
    post_type: str | None = None
    status: str | None = None

    def accepts(self, key: RosterKey, terms: list[str]) -> bool:
        return ((self.unit_id is None or key.unit_id == self.unit_id)
                and (self.post_type is None or key.post_type == self.post_type)
                and (self.status is None or key.status == self.status)
                and all(term in key.search for term in terms))


class RosterModel(QAbstractTableModel):
    def __init__(self, reader, today: str, parent=None):
        super().__init__(parent)
        self._reader = reader
        self.today = today
        self.show_full_id_numbers = False
        self._keys: list[RosterKey] = []
        self._visible: list[RosterKey] = []
        self._rows: dict[str, RosterRow] = {}
        self._filter = RosterFilter()
        self._sort = ("unit_name", False)
        self.loaded = False

    # -- loading and filtering -----------------------------------------------------------
    def reload(self) -> None:
        """Re-read every cadre's keys (after a change or a new day); keeps filter and sort."""
        self.beginResetModel()
        self._keys = roster_keys(self._reader, self.today, *self._sort)
        self._rows.clear()
        self._visible = self._filtered()
        self.loaded = True
        self.endResetModel()

    def set_filter(self, roster_filter: RosterFilter) -> None:
        self.beginResetModel()
        self._filter = roster_filter
        self._visible = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[RosterKey]:
        terms = self._filter.text.lower().split()
        accepts = self._filter.accepts
        return [key for key in self._keys if accepts(key, terms)]

    def set_show_full_id_numbers(self, show: bool) -> None:
        """ID numbers and phones in full (True) or masked (core.masking): the two columns repainted."""
        if show != self.show_full_id_numbers:
            self.show_full_id_numbers = show
            if self._visible:
                for column in (ROSTER_COLUMNS.index("id_number"), ROSTER_COLUMNS.index("phone")):
                    self.dataChanged.emit(self.index(0, column), self.index(len(self._visible) - 1, column))

    @property
    def total(self) -> int:
        return len(self._keys)

    def cadre_id(self, row: int) -> str | None:
        return self._visible[row].id if 0 <= row < len(self._visible) else None

    def row_of(self, cadre_id: str) -> int:
        return next((n for n, key in enumerate(self._visible) if key.id == cadre_id), -1)

    def display_row(self, row: int) -> RosterRow | None:
        """The display row at visible position `row`, fetching its chunk when not cached."""
        key = self._visible[row] if 0 <= row < len(self._visible) else None
        if key is None:
            return None
        if key.id not in self._rows:
            chunk = self._visible[max(0, row - CHUNK_BEFORE):row + CHUNK_AFTER]
            self._rows.update(roster_rows(self._reader, [k.id for k in chunk if k.id not in self._rows], self.today))
        return self._rows.get(key.id)

    # -- Qt model interface -------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(ROSTER_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.column() < len(ROSTER_COLUMNS):
            return None
        if role == ID_ROLE:
            return self.cadre_id(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole):
            return None
        try:
            row = self.display_row(index.row())
        except Exception:  # noqa: BLE001 — a view must never see an exception; the row shows blank
            return None
        if row is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if row.status == "在职" else FORMER_COLOUR
        return self._text(row, ROSTER_COLUMNS[index.column()])

    def _text(self, row: RosterRow, column: str) -> str:
        if column == "id_number" and not self.show_full_id_numbers:
            return row.masked_id_number
        if column == "phone" and not self.show_full_id_numbers:
            return row.masked_phone
        if column == "birth_month":
            return row.birth_month.replace("-", ".")
        return str(getattr(row, column))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(ROSTER_HEADERS):
            return ROSTER_HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(ROSTER_COLUMNS):
            return
        self._sort = (ROSTER_COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        if self.loaded:  # before the first load, only remember the order
            self.reload()
