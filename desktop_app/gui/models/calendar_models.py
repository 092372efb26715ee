"""Models of the working-day calendar (工作日历): one month's days, and the year's entered days.

Every day is drawn as one of four kinds, the same in the grid and its legend: 工作日, 周末,
放假 (a day off that is not an ordinary weekend day: 法定节假日, or a weekday made a day off)
and 调休上班 (a Saturday or Sunday that is a working day). Days typed into the database are
bold and underlined: they win over the bundled schedule.
"""

import calendar as month_layout
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.core.clock import format_date_cn
from desktop_app.core.workdays import DAY_OFF, WEEKDAY_NAMES, TableDay, WorkCalendar, day_cn, package_knows
from desktop_app.gui.models.table_model import Column, RowTableModel

Index = QModelIndex | QPersistentModelIndex
WEEKS, WEEKDAYS = 6, 7
DAY_ROLE = Qt.ItemDataRole.UserRole + 1  # the day, as a date
MARK_ROLE = Qt.ItemDataRole.UserRole + 2  # 休 / 班 / ''
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 3  # inside the days the operator selected
SHORT_WEEKDAYS = tuple(name[-1] for name in WEEKDAY_NAMES)  # 一 … 日
ENTERED_NOTE = "已录入，以录入为准"


@dataclass(frozen=True)
class DayKind:
    legend: str
    background: str
    foreground: str
    mark: str = ""


DAY_KINDS = {
    "workday": DayKind("工作日", "#ffffff", "#202124"),
    "weekend": DayKind("周末休息", "#e8eaed", "#5f6368"),
    "holiday": DayKind("放假（节假日）", "#f9d6d5", "#b3261e", "休"),
    "makeup": DayKind("调休上班", "#fde9b0", "#7a4b00", "班"),
}


def day_kind(calendar: WorkCalendar, day: date) -> str:
    """'workday', 'weekend', 'holiday' (a day off other than a plain weekend day) or 'makeup'."""
    weekend = day.weekday() >= 5
    if calendar.is_workday(day):
        return "makeup" if weekend else "workday"
    return "holiday" if not weekend or calendar.day_label(day) else "weekend"


def year_status(calendar: WorkCalendar, year: int, entered: int) -> tuple[str, bool]:
    """The line saying where `year`'s holidays come from, and whether it is a warning (guessed)."""
    built_in = package_knows(year)
    if built_in and entered:
        return f"{year}年：使用国务院公布的放假安排（软件内置），另已录入 {entered} 天（以录入为准）", False
    if built_in:
        return f"{year}年：使用国务院公布的放假安排（软件内置）", False
    if entered:
        return f"{year}年：已录入 {entered} 天（以录入为准）", False
    return f"{year}年：尚无法定节假日数据，按周六、周日休息推算。请录入或导入当年的放假安排。", True


def day_description(calendar: WorkCalendar, day: date) -> str:
    """'2027年10月1日（星期五，国庆节）：休息日，已录入，以录入为准' — a day's tooltip."""
    working = calendar.is_workday(day)
    if calendar.table_day(day) is not None:
        source = ENTERED_NOTE
    elif package_knows(day.year):
        source = "国务院公布的安排（软件内置）"
    elif calendar.official_year(day.year):
        source = "此日未录入，按星期推算"
    else:
        source = "本年尚无放假安排，按周六、周日休息推算"
    return f"{day_cn(day, calendar.day_label(day))}：{'工作日' if working else DAY_OFF}，{source}"


class MonthModel(QAbstractTableModel):
    """One month as 6 weeks × 7 days (星期一 first); cells outside the month are empty and disabled."""

    def __init__(self, year: int, month: int, calendar: WorkCalendar, parent=None):
        super().__init__(parent)
        self.year, self.month, self.calendar = year, month, calendar
        self._cells: list[date | None] = []
        self._chosen: tuple[date, date] | None = None
        self._entered_font = QFont()
        self._entered_font.setBold(True)
        self._entered_font.setUnderline(True)
        self._layout()

    def _layout(self) -> None:
        weeks = month_layout.Calendar(firstweekday=0).monthdatescalendar(self.year, self.month)
        cells = [day if day.month == self.month else None for week in weeks for day in week]
        self._cells = cells + [None] * (WEEKS * WEEKDAYS - len(cells))

    # -- content -----------------------------------------------------------------------
    def set_month(self, year: int, month: int, calendar: WorkCalendar) -> None:
        self.beginResetModel()
        self.year, self.month, self.calendar = year, month, calendar
        self._layout()
        self.endResetModel()

    def set_chosen(self, first: date | None, last: date | None) -> None:
        """Mark the days from `first` to `last` (the operator's selection); None clears."""
        chosen = (first, last) if first is not None and last is not None else None
        if chosen != self._chosen:
            self._chosen = chosen
            self.dataChanged.emit(self.index(0, 0), self.index(WEEKS - 1, WEEKDAYS - 1), [CHOSEN_ROLE])

    def day_at(self, row: int, column: int) -> date | None:
        if 0 <= row < WEEKS and 0 <= column < WEEKDAYS:
            return self._cells[row * WEEKDAYS + column]
        return None

    def index_of(self, day: date) -> QModelIndex:
        if (day.year, day.month) != (self.year, self.month):
            return QModelIndex()
        position = self._cells.index(day)
        return self.index(position // WEEKDAYS, position % WEEKDAYS)

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else WEEKS

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else WEEKDAYS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or self.day_at(index.row(), index.column()) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        day = self.day_at(index.row(), index.column()) if index.isValid() else None
        if day is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(day.day)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return day_description(self.calendar, day)
        if role == DAY_ROLE:
            return day
        if role == CHOSEN_ROLE:
            return self._chosen is not None and self._chosen[0] <= day <= self._chosen[1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._entered_font if self.calendar.table_day(day) is not None else None
        kind = DAY_KINDS[day_kind(self.calendar, day)]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(kind.background)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(kind.foreground)
        if role == MARK_ROLE:
            return kind.mark
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < WEEKDAYS:
            if role == Qt.ItemDataRole.DisplayRole:
                return SHORT_WEEKDAYS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return WEEKDAY_NAMES[section]
        return None


# -- the year's entered days ------------------------------------------------------------------
def _entered_search(entry: TableDay) -> str:
    return " ".join((entry.day.isoformat(), format_date_cn(entry.day), WEEKDAY_NAMES[entry.day.weekday()],
                     entry.kind, entry.name))


class EnteredDaysModel(RowTableModel):
    """The days of a year typed into the database (list_days); 类型 in the colour of its kind."""

    def __init__(self, parent=None):
        columns = (
            Column("日期", lambda e: f"{e.day.isoformat()} {SHORT_WEEKDAYS[e.day.weekday()]}",
                   lambda e: e.day),
            Column("类型", lambda e: e.kind, lambda e: (e.kind, e.day)),
            Column("名称", lambda e: e.name, lambda e: (e.name, e.day)),
        )
        super().__init__(columns, lambda e: e.day.isoformat(), _entered_search, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 1:
            entry = self.row_at(index.row())
            if entry is not None:
                return QColor(DAY_KINDS["makeup" if entry.working else "holiday"].foreground)
        return super().data(index, role)
