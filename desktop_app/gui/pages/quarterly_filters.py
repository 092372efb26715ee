"""The quarter above the 季度评议 lists: ◀ 上季 [2026年第1季度 ▾] 下季 ▶ (Alt+←/Alt+→; PgUp/PgDn in
the list of quarters)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from desktop_app.core.evaluations import quarter_label

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


class QuarterChooser(QWidget):
    """Quarters in order, so PgUp/PgDn in the list step back and forth."""

    quarter_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.previous_button = QToolButton()
        self.previous_button.setText("◀ 上季")
        self.previous_button.setToolTip("上一个季度（Alt+←）")
        self.previous_button.clicked.connect(self.step_back)
        self.next_button = QToolButton()
        self.next_button.setText("下季 ▶")
        self.next_button.setToolTip("下一个季度（Alt+→）")
        self.next_button.clicked.connect(self.step_on)
        self.box = QComboBox()
        self.box.setObjectName("quarterly_quarter")
        self.box.setMaxVisibleItems(16)
        self.box.setMinimumContentsLength(13)
        self.box.setToolTip("季度：PgUp/PgDn 或 Alt+←/Alt+→ 切换")
        self.box.currentIndexChanged.connect(lambda _i: self.quarter_changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.box)
        layout.addWidget(self.next_button)
        self.setFocusProxy(self.box)

    def quarter(self) -> Quarter | None:
        data = self.box.currentData()
        return None if data is None else (data // 4, data % 4 + 1)

    def _items(self) -> list[Quarter]:
        return [(self.box.itemData(i) // 4, self.box.itemData(i) % 4 + 1) for i in range(self.box.count())]

    def set_range(self, first: Quarter, last: Quarter) -> None:
        """Offer every quarter from `first` to `last` (the chosen one stays chosen, and offered)."""
        current = self.quarter()
        quarters = quarters_between(min(first, current or first), max(last, current or last))
        if self._items() == quarters:
            return
        self.box.blockSignals(True)
        self.box.clear()
        for quarter in quarters:
            self.box.addItem(quarter_label(*quarter), code(quarter))
        self.box.setCurrentIndex(max(0, self.box.findData(code(current)) if current else 0))
        self.box.blockSignals(False)

    def set_quarter(self, quarter: Quarter) -> None:
        if self.box.findData(code(quarter)) < 0:
            items = self._items() or [quarter]
            self.set_range(min(items[0], quarter), max(items[-1], quarter))
        self.box.setCurrentIndex(self.box.findData(code(quarter)))

    def step_back(self) -> None:
        """上季 (Alt+←)."""
        if self.quarter():
            self.set_quarter(step(self.quarter(), -1))

    def step_on(self) -> None:
        """下季 (Alt+→)."""
        if self.quarter():
            self.set_quarter(step(self.quarter(), 1))
