"""The table models of 公示栏: the board (公示), the objections (异议) and a notice's list (公示名单).

Rows are the core's BoardEntry and ObjectionRow with a precomputed search string each
(RowTableModel); rows that need the operator's eye are coloured: a notice 即将期满 or
期满待结束, an objection 逾期收到 or still open.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.core.notices import BoardEntry
from desktop_app.core.objections import OPEN_STATES, ObjectionRow
from desktop_app.core.pinyin import search_text
from desktop_app.gui.models.table_model import Column, Index, RowTableModel

SECTIONS = ("公示中", "即将期满", "期满待结束", "未开始", "草稿", "已结束")  # the board's filter, in this order
SECTION_ORDER = {section: n for n, section in enumerate(("期满待结束", "即将期满", "公示中", "未开始", "草稿", "已结束"))}
PUBLISHED_SECTIONS = ("公示中", "即将期满", "期满待结束", "未开始")
LATE = "逾期收到"
IN_TIME = "期内"
OPEN_FILTERS = (("open", "未办结"), ("closed", "已办结"))


@dataclass(frozen=True)
class Style:
    """How a row (or one of its cells) stands out: background, text colour, bold."""

    background: str = ""
    foreground: str = ""
    bold: bool = False


ENDING_SOON = Style("#fff4ce", "#7a4f01", True)  # amber: a few working days left
OVERDUE = Style("#fde7e9", "#a4262c", True)  # red: the period is over and the notice still up
LATE_STYLE = Style("", "#a4262c", True)
OPEN_STYLE = Style("", "#0b5cad", False)
SECTION_STYLES = {"即将期满": ENDING_SOON, "期满待结束": OVERDUE}

_BOLD = QFont()
_BOLD.setBold(True)


class StyledRowModel(RowTableModel):
    """RowTableModel whose rows (or cells) can be coloured: `style(row, column)` → Style or None."""

    def __init__(self, columns: Sequence[Column], row_id, search_text, style: Callable, parent=None):
        super().__init__(columns, row_id, search_text, parent)
        self._style = style

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            row = self.row_at(index.row()) if index.isValid() else None
            style = self._style(row, index.column()) if row is not None else None
            if style is None:
                return None
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(style.background)) if style.background else None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(style.foreground)) if style.foreground else None
            return _BOLD if style.bold else None
        return super().data(index, role)


# -- 公示 ----------------------------------------------------------------------------------------
def _newest_first(entry: BoardEntry) -> int:
    """Within a section, the notice ending last first (an ascending sort key)."""
    digits = "".join(ch for ch in entry.notice["end_date"] + entry.notice["start_date"] if ch.isdigit())
    return -int(digits or 0)


def _left_text(entry: BoardEntry) -> str:
    if entry.section in ("草稿", "已结束"):
        return ""
    return str(entry.workdays_left)


BOARD_COLUMNS = (
    Column("标题", lambda e: e.notice["title"]),
    Column("类别", lambda e: e.notice["kind"]),
    Column("开始", lambda e: e.notice["start_date"], lambda e: (e.notice["start_date"], e.notice["title"])),
    Column("结束", lambda e: e.notice["end_date"], lambda e: (e.notice["end_date"], e.notice["title"])),
    Column("剩余工作日", _left_text, lambda e: (e.section in ("草稿", "已结束"), e.workdays_left), align_right=True),
    Column("状态", lambda e: e.section, lambda e: (SECTION_ORDER.get(e.section, 9), _newest_first(e))),
    Column("异议", lambda e: f"{e.open_objections} 件未办结" if e.open_objections else "",
           lambda e: e.open_objections, align_right=True),
)
BOARD_SECTION_COLUMN = 5
BOARD_WIDTHS = (360, 90, 100, 100, 90, 100, 100)


def board_search_text(unit_names: dict[str, str]) -> Callable[[BoardEntry], str]:
    """Title, kind, section and the names of the notice's units."""
    return lambda e: search_text(e.notice["title"], e.notice["kind"], e.section,
                                 *(unit_names.get(unit_id, "") for unit_id in e.notice["unit_ids"]))


def board_style(entry: BoardEntry, _column: int) -> Style | None:
    return SECTION_STYLES.get(entry.section)


def board_model(unit_names: dict[str, str], parent=None) -> StyledRowModel:
    """The board's model; `unit_names` (unit id → name) is read when rows are set: keep it current."""
    return StyledRowModel(BOARD_COLUMNS, lambda e: e.notice["id"], board_search_text(unit_names), board_style,
                          parent)


# -- 异议 ----------------------------------------------------------------------------------------
def is_open(row: ObjectionRow) -> bool:
    return row.state in OPEN_STATES


OBJECTION_COLUMNS = (
    Column("收到日期", lambda o: o.received_on, lambda o: (o.received_on, o.id)),
    Column("方式", lambda o: o.channel),
    Column("针对干部", lambda o: o.cadre_name),
    Column("公示", lambda o: o.notice_title),
    Column("内容", lambda o: o.content),
    Column("期内/逾期", lambda o: IN_TIME if o.within_period else LATE),
    Column("状态", lambda o: o.state, lambda o: (not is_open(o), o.state, o.received_on)),
    Column("经办人", lambda o: o.handler),
    Column("办结日期", lambda o: o.closed_on, lambda o: (o.closed_on, o.received_on)),
)
OBJECTION_LATE_COLUMN = 5
OBJECTION_STATE_COLUMN = 6
OBJECTION_WIDTHS = (100, 60, 90, 250, 300, 90, 80, 120, 100)


def objection_search_text(row: ObjectionRow) -> str:
    return search_text(row.cadre_name, row.notice_title, row.content, row.channel, row.state, row.handler,
                       LATE if not row.within_period else "")


def objection_style(row: ObjectionRow, column: int) -> Style | None:
    if column == OBJECTION_LATE_COLUMN and not row.within_period:
        return LATE_STYLE
    if column == OBJECTION_STATE_COLUMN and is_open(row):
        return OPEN_STYLE
    return None


def objection_model(parent=None) -> StyledRowModel:
    return StyledRowModel(OBJECTION_COLUMNS, lambda o: o.id, objection_search_text, objection_style, parent)


# -- 公示名单 --------------------------------------------------------------------------------------
class EntriesModel(QAbstractTableModel):
    """A notice's list as it will be posted: `columns` (表头) and each entry's `cells`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns: list[str] = []
        self.entries: list[dict] = []

    def set_entries(self, columns: Sequence[str], entries: Sequence[dict]) -> None:
        self.beginResetModel()
        self.columns, self.entries = list(columns), list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if not 0 <= index.row() < len(self.entries):
            return None
        cells = self.entries[index.row()].get("cells", [])
        return str(cells[index.column()]) if 0 <= index.column() < len(cells) else ""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section]
        return None
