"""The quarter above the 季度评议 lists: ◀ 上季 [2026年第1季度 ▾] 下季 ▶ (Alt+←/Alt+→; PgUp/PgDn in
the list of quarters)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop_app.core.evaluations import quarter_label
from desktop_app.gui.pages.period_chooser import PeriodChooser

Quarter = tuple[int, int]


def quarter_of(day: str) -> Quarter:
    """The quarter of an ISO day: 2026-01-05 → (2026, 1)."""
    return int(day[:4]), (int(day[5:7]) - 1) // 3 + 1


def step(quarter: Quarter, by: int) -> Quarter:
    """The quarter `by` quarters after (before, when negative) `quarter`."""
    year, number = divmod(quarter[0] * 4 + quarter[1] - 1 + by, 4)
    return year, number + 1


def code(quarter: Quarter) -> int:
    """A quarter as one number (the list's item data: a tuple would not compare in Qt)."""
    return quarter[0] * 4 + quarter[1] - 1


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    count = (last[0] * 4 + last[1]) - (first[0] * 4 + first[1])
    return [step(first, n) for n in range(count + 1)]


class QuarterChooser(PeriodChooser):
    """Quarters in order, so PgUp/PgDn in the list step back and forth."""

    quarter_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("季", "季度", "quarterly_quarter", "季度：PgUp/PgDn 或 Alt+←/Alt+→ 切换", 16, 13, parent)

    def _changed(self) -> None:
        self.quarter_changed.emit()

    def _data(self, period: Quarter) -> int:
        return code(period)

    def _period(self, data: int) -> Quarter:
        return data // 4, data % 4 + 1

    def _label(self, period: Quarter) -> str:
        return quarter_label(*period)

    def _between(self, first: Quarter, last: Quarter) -> list[Quarter]:
        return quarters_between(first, last)

    def _step(self, period: Quarter, by: int) -> Quarter:
        return step(period, by)

    def quarter(self) -> Quarter | None:
        return self.period()

    def set_quarter(self, quarter: Quarter) -> None:
        self.set_period(quarter)
