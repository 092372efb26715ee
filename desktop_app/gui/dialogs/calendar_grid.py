"""The year at a glance (工作日历的月历): twelve small months, navigated as one calendar.

Arrow keys move a day (←/→) or a week (↑/↓) across month borders, Home/End go to the first
or last day of the month, and Shift with any of them selects a run of days (e.g. 10月1日至7日);
a click selects a day, Shift+click extends. Only the month holding the current day takes Tab
focus, so Tab leaves the grid in one step.
"""

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.workdays import WorkCalendar
from desktop_app.gui.models.calendar_models import CHOSEN_ROLE, MARK_ROLE, WEEKDAYS, WEEKS, MonthModel

CELL_WIDTH, CELL_HEIGHT, HEADER_HEIGHT = 29, 23, 20
MONTHS_PER_ROW = 4
CHOSEN_COLOUR = QColor("#1a73e8")
STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}


class DayDelegate(QStyledItemDelegate):
    """A day in its kind's colours, with 休/班 in the corner; chosen days framed in blue (not filled,
    so their colours stay readable), the current one with a thicker frame."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        rect: QRect = option.rect
        painter.save()
        mark = index.data(MARK_ROLE)
        if mark:
            font = painter.font()
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.62))
            painter.setFont(font)
            painter.setPen(item.palette.text().color())
            painter.drawText(rect.adjusted(0, 0, -2, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight, mark)
        if index.data(CHOSEN_ROLE):
            current = widget is not None and widget.currentIndex() == index
            width = 3 if current and widget.hasFocus() else 2
            painter.setPen(QPen(CHOSEN_COLOUR, width))
            inset = (width + 1) // 2
            painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
        painter.restore()


class MonthView(QTableView):
    """One month: 一 … 日 across the top, the days below; fixed size, no scroll bars."""

    def __init__(self, model: MonthModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(DayDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(CELL_WIDTH)
        header.setMinimumSectionSize(CELL_WIDTH)
        header.setFixedHeight(HEADER_HEIGHT)
        header.setHighlightSections(False)
        header.setSectionsClickable(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(CELL_HEIGHT)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frame = 2 * self.frameWidth()
        self.setFixedSize(WEEKDAYS * CELL_WIDTH + frame, HEADER_HEIGHT + WEEKS * CELL_HEIGHT + frame)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    def month_model(self) -> MonthModel:
        return self.model()


class YearGrid(QWidget):
    """The twelve months of a year; the operator's selection is a run of days from `anchor` to `current`."""

    current_changed = Signal(object)  # date: the day the cursor is on (the selection may be longer)

    def __init__(self, year: int, calendar: WorkCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.year, self.calendar = year, calendar
        self.current = self.anchor = date(year, 1, 1)
        self.views: list[MonthView] = []
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(8)
        for month in range(1, 13):
            view = MonthView(MonthModel(year, month, calendar, self), self)
            view.setObjectName(f"calendar_month_{month}")
            view.installEventFilter(self)
            view.pressed.connect(lambda index, view=view: self._pressed(view, index))
            title = QLabel(f"{month}月")
            title.setStyleSheet("font-weight: bold;")
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(title)
            cell.addWidget(view)
            layout.addLayout(cell, (month - 1) // MONTHS_PER_ROW, (month - 1) % MONTHS_PER_ROW)
            self.views.append(view)
        self._show_choice()

    # -- content -----------------------------------------------------------------------
    def set_calendar(self, year: int, calendar: WorkCalendar) -> None:
        """Show `year` as `calendar` says; the cursor keeps its month and day (29 Feb → 28 Feb)."""
        moved = year != self.year
        self.year, self.calendar = year, calendar
        for month, view in enumerate(self.views, start=1):
            view.month_model().set_month(year, month, calendar)
        if moved:
            day = _same_day_in(self.current, year)
            self.anchor = self.current = day
        self._show_choice()

    # -- the selection -------------------------------------------------------------------
    def selected_days(self) -> list[date]:
        first, last = sorted((self.anchor, self.current))
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def go_to(self, day: date, *, extend: bool = False) -> None:
        """Put the cursor on `day` (kept inside the year); with `extend`, the selection runs from the anchor."""
        day = min(max(day, date(self.year, 1, 1)), date(self.year, 12, 31))
        self.current = day
        if not extend:
            self.anchor = day
        self._show_choice()
        self.current_view().setFocus(Qt.FocusReason.OtherFocusReason)
        self.current_changed.emit(day)

    def current_view(self) -> MonthView:
        return self.views[self.current.month - 1]

    def _show_choice(self) -> None:
        first, last = sorted((self.anchor, self.current))
        for month, view in enumerate(self.views, start=1):
            model = view.month_model()
            inside = date(self.year, month, 1) <= last and first < _next_month(self.year, month)
            model.set_chosen(*((first, last) if inside else (None, None)))
            mine = month == self.current.month
            view.setFocusPolicy(Qt.FocusPolicy.StrongFocus if mine else Qt.FocusPolicy.ClickFocus)
            if mine:
                view.setCurrentIndex(model.index_of(self.current))
                self.setFocusProxy(view)
            view.viewport().update()

    # -- keys and mouse --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched in self.views:
            target = self._key_target(event.key())
            if target is not None:
                self.go_to(target, extend=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
                return True
        return super().eventFilter(watched, event)

    def _key_target(self, key) -> date | None:
        if key in STEPS:
            return self.current + timedelta(days=STEPS[key])
        if key == Qt.Key.Key_Home:
            return self.current.replace(day=1)
        if key == Qt.Key.Key_End:
            return _next_month(self.current.year, self.current.month) - timedelta(days=1)
        return None

    def _pressed(self, view: MonthView, index) -> None:
        day = view.month_model().day_at(index.row(), index.column())
        if day is not None:
            extend = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.go_to(day, extend=extend)


def _next_month(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def _same_day_in(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return date(year, 2, 28)
