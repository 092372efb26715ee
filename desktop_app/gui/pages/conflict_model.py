"""冲突 shown side by side: the list of records in conflict and, for one, field label × side
(who and when first, then the fields that differ, then the rest).

`ValueNames` turns stored values into what the operator reads (a unit's name for its id, a
masked ID number); `SidesModel` is the small table under the list, differing fields highlighted.
"""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from db.records import RECORD_TABLES
from desktop_app.core.cadres import cadre_record
from desktop_app.core.errors import KaopingError
from desktop_app.core.masking import Disclosure
from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.core.units import list_units
from desktop_app.gui.models.table_model import Column, RowTableModel

HIDDEN_FIELDS = ("name_pinyin", "name_initials")
DIFFERENT_BACKGROUND = QBrush(QColor("#fff1c2"))
META_BACKGROUND = QBrush(QColor("#eef1f5"))
META_ROWS = ("单位（谁改的）", "操作员", "修改时间", "记录状态")
EMPTY = "—"  # a field left blank
Index = QModelIndex | QPersistentModelIndex


def shown_time(stamp: str) -> str:
    """'2026-11-20T09:00:01.123+08:00' → '2026-11-20 09:00:01'."""
    return stamp[:19].replace("T", " ")


def content_fields(table: str) -> list[str]:
    return [field for field in RECORD_TABLES[table] if field not in HIDDEN_FIELDS]


class ValueNames:
    """Stored value → text for the operator; unit and cadre ids become names (looked up once)."""

    def __init__(self, reader, today: str, *, full_id_numbers: bool = False):
        self.reader = reader
        self.full_id_numbers = full_id_numbers
        self.units = {unit["id"]: unit["name"] for unit in list_units(reader, today)}
        self.cadres: dict[str, str] = {}

    def text(self, field: str, value, *, full: bool = False) -> str:
        if value is None or value == "":
            return EMPTY
        if field == "unit_id":
            return self.units.get(value, f"（已删除的单位 {str(value)[:8]}）")
        if field == "cadre_id":
            return self._cadre(value)
        return str(Disclosure(full or self.full_id_numbers).field(field, value))

    def _cadre(self, cadre_id: str) -> str:
        if cadre_id not in self.cadres:
            try:
                self.cadres[cadre_id] = cadre_record(self.reader, cadre_id)["name"]
            except KaopingError:
                self.cadres[cadre_id] = f"（已删除的干部 {cadre_id[:8]}）"
        return self.cadres[cadre_id]


def conflict_list_model(parent=None) -> RowTableModel:
    """The records in conflict: 类别, 名称, the offices whose versions differ, the fields that differ."""
    columns = (
        Column("类别", lambda c: c.label),
        Column("名称", lambda c: c.name, lambda c: name_pinyin(c.name)[0] if c.name else ""),
        Column("各方版本", lambda c: " / ".join(f"{s.office_name}（{s.operator}）" for s in c.sides)),
        Column("不同之处", lambda c: "、".join(c.field_label(f) for f in c.differing_fields)),
        Column("最近修改", lambda c: shown_time(c.sides[0].at)),
    )
    return RowTableModel(columns, row_id=lambda c: f"{c.table}/{c.record_id}", parent=parent,
                         search_text=lambda c: search_text(c.label, c.name, *name_pinyin(c.name or "-"),
                                                           *(s.office_name for s in c.sides),
                                                           *(s.operator for s in c.sides)))


class SidesModel(QAbstractTableModel):
    """One conflict: rows are who/when and then each field; columns are 项目 and one per side."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.conflict = None
        self.names: ValueNames | None = None
        self._fields: list[str] = []
        self._differing: set[str] = set()

    def set_conflict(self, conflict, names: ValueNames | None) -> None:
        self.beginResetModel()
        self.conflict, self.names = conflict, names
        self._differing = set(conflict.differing_fields) if conflict is not None else set()
        fields = content_fields(conflict.table) if conflict is not None else []
        self._fields = sorted(fields, key=lambda field: field not in self._differing)  # what differs first
        self.endResetModel()

    def is_different(self, row: int) -> bool:
        if row < len(META_ROWS):
            return row == 3 and "deleted" in self._differing
        field = self.field_at(row)
        return field is not None and field in self._differing

    def field_at(self, row: int) -> str | None:
        index = row - len(META_ROWS)
        return self._fields[index] if 0 <= index < len(self._fields) else None

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        if (parent is not None and parent.isValid()) or self.conflict is None:
            return 0
        return len(META_ROWS) + len(self._fields)

    def columnCount(self, parent: Index | None = None) -> int:
        if (parent is not None and parent.isValid()) or self.conflict is None:
            return 0
        return 1 + len(self.conflict.sides)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if self.conflict is None or not index.isValid() or not (
                0 <= index.row() < self.rowCount() and 0 <= index.column() < self.columnCount()):
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.is_different(row):
                return DIFFERENT_BACKGROUND
            return META_BACKGROUND if row < len(META_ROWS) else None
        if role == Qt.ItemDataRole.FontRole and (self.is_different(row) or column == 0):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: int, column: int) -> str:
        if column == 0:
            if row < len(META_ROWS):
                return META_ROWS[row]
            label = self.conflict.field_label(self.field_at(row))
            return f"{label}　≠" if self.is_different(row) else label
        side = self.conflict.sides[column - 1]
        if row < len(META_ROWS):
            return (side.office_name, side.operator, shown_time(side.at), "已删除" if side.deleted else "有效")[row]
        field = self.field_at(row)
        value = side.content.get(field)
        return self.names.text(field, value) if self.names is not None else str(value or "")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal \
                or self.conflict is None or not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return "项目"
        return f"版本{section}（最新，当前显示）" if section == 1 else f"版本{section}"
