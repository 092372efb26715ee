"""The table models of 月度实绩: a month's reports (one row per cadre expected), the gaps per
unit (缺报统计) and the two-months flags (连续缺报, rule 8).

Rows are the core's CadreMonth / UnitGaps / ReportFlag wrapped with what sorting and the
search box need (pinyin, the unit's display order), precomputed once per load
(RowTableModel). The status cell is coloured: 未报 and 空洞 red, 逾期 orange, 说明 grey.
"""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.core.monthly_reports import STATES
from desktop_app.core.months import month_label
from desktop_app.core.pinyin import search_text
from desktop_app.core.report_gaps import STATUSES, CadreMonth, ReportFlag, UnitGaps
from desktop_app.gui.models.table_model import Column, Index, RowTableModel

RED, ORANGE, GREY = "#b3261e", "#b35c00", "#5f6368"
STATUS_COLOURS = {"未报": RED, "空洞": RED, "逾期": ORANGE, "说明": GREY}
LAST = 1 << 30  # sorts a unit without a display order after the others

_BOLD = QFont()
_BOLD.setBold(True)


@dataclass(frozen=True)
class ReportRow:
    """One cadre's month as the 报告 tab shows it."""

    entry: CadreMonth
    pinyin: str = ""
    initials: str = ""
    unit_order: int = LAST

    @property
    def cadre_id(self) -> str:
        return self.entry.cadre_id

    @property
    def unit_key(self) -> tuple:
        return self.unit_order, self.entry.unit_name, self.pinyin, self.entry.cadre_id


def report_rows(entries: list[CadreMonth], pinyin: dict[str, tuple[str, str]],
                unit_order: dict[str, int]) -> list[ReportRow]:
    return [ReportRow(e, *pinyin.get(e.cadre_id, ("", "")), unit_order.get(e.unit_id, LAST)) for e in entries]


def report_search_text(row: ReportRow) -> str:
    """Name, full pinyin and initials, as the roster's search box (zs, zhangsan, 张三)."""
    return search_text(row.entry.name, row.pinyin, row.initials)


def _order(values, value: str) -> int:
    return values.index(value) if value in values else len(values)


REPORT_COLUMNS = (
    Column("单位", lambda r: r.entry.unit_name, lambda r: r.unit_key),
    Column("姓名", lambda r: r.entry.name, lambda r: (r.pinyin, r.entry.name, r.entry.cadre_id)),
    Column("状态", lambda r: r.entry.status, lambda r: (_order(STATUSES, r.entry.status), r.unit_key)),
    Column("报告状态", lambda r: r.entry.report_state or "（未填写）",
           lambda r: (_order(STATES, r.entry.report_state) if r.entry.report_state else -1, r.unit_key)),
    Column("提交日期", lambda r: r.entry.submitted_on, lambda r: (r.entry.submitted_on or "9", r.unit_key)),
    Column("说明", lambda r: r.entry.excuse, lambda r: (r.entry.excuse or "\uffff", r.unit_key)),
)
REPORT_WIDTHS = (220, 90, 70, 90, 100, 80)
UNIT_COLUMN, STATUS_COLUMN = 0, 2


class ReportsModel(RowTableModel):
    """The 报告 tab: the status cell coloured (未报/空洞 red and bold, 逾期 orange, 说明 grey)."""

    def __init__(self, parent=None):
        super().__init__(REPORT_COLUMNS, row_id=lambda r: r.cadre_id, search_text=report_search_text, parent=parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            row = self.row_at(index.row()) if index.isValid() and index.column() == STATUS_COLUMN else None
            colour = STATUS_COLOURS.get(row.entry.status) if row is not None else None
            if colour is None:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(colour))
            return _BOLD if colour == RED else None
        return super().data(index, role)


# -- 缺报统计 ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GapsRow:
    gaps: UnitGaps
    unit_order: int = LAST
    search: str = ""  # the unit's name and its pinyin


def _count_column(status: str) -> Column:
    return Column(status, lambda g: str(g.gaps.counts.get(status, 0)),
                  lambda g: (g.gaps.counts.get(status, 0), g.unit_order, g.gaps.unit_name), align_right=True)


GAPS_COLUMNS = (
    Column("单位", lambda g: g.gaps.unit_name, lambda g: (g.unit_order, g.gaps.unit_name)),
    Column("应报", lambda g: str(g.gaps.expected), lambda g: (g.gaps.expected, g.unit_order, g.gaps.unit_name),
           align_right=True),
    *(_count_column(status) for status in STATUSES),
)
GAPS_WIDTHS = (220, *(64,) * (len(GAPS_COLUMNS) - 1))
GAP_COLOURS = {"逾期": ORANGE, "未报": RED, "空洞": RED}


class GapsModel(RowTableModel):
    """缺报统计: per unit, how many cadres are in each status; non-zero 未报/空洞/逾期 coloured."""

    def __init__(self, parent=None):
        super().__init__(GAPS_COLUMNS, row_id=lambda g: g.gaps.unit_id, search_text=lambda g: g.search, parent=parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            row = self.row_at(index.row()) if index.isValid() else None
            if row is None or not 0 <= index.column() < len(self.columns):
                return None
            status = self.columns[index.column()].header
            colour = GAP_COLOURS.get(status) if row.gaps.counts.get(status, 0) else None
            if colour is None:
                return None
            return QBrush(QColor(colour)) if role == Qt.ItemDataRole.ForegroundRole else _BOLD
        return super().data(index, role)


def gaps_total(rows: list[GapsRow]) -> dict[str, int]:
    """The county's counts over the rows shown: 应报 and each status."""
    total = dict.fromkeys(("应报", *STATUSES), 0)
    for row in rows:
        total["应报"] += row.gaps.expected
        for status in STATUSES:
            total[status] += row.gaps.counts.get(status, 0)
    return total


# -- 连续缺报 ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FlagRow:
    flag: ReportFlag
    pinyin: str = ""
    initials: str = ""
    unit_order: int = LAST


def flag_months(flag: ReportFlag) -> str:
    return "、".join(f"{month_label(m)}{s}" for m, s in zip(flag.months, flag.statuses, strict=True))


FLAG_COLUMNS = (
    Column("姓名", lambda f: f.flag.name, lambda f: (f.pinyin, f.flag.name, f.flag.cadre_id)),
    Column("单位", lambda f: f.flag.unit_name, lambda f: (f.unit_order, f.flag.unit_name, f.pinyin)),
    Column("月份", lambda f: flag_months(f.flag), lambda f: (f.flag.months, f.pinyin)),
    Column("情况", lambda f: f.flag.reason),
)
FLAG_WIDTHS = (90, 200, 260, 400)


def flags_model(parent=None) -> RowTableModel:
    return RowTableModel(FLAG_COLUMNS, row_id=lambda f: f.flag.cadre_id,
                         search_text=lambda f: search_text(f.flag.name, f.pinyin, f.initials), parent=parent)
