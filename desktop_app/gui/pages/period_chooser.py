"""◀ [period ▾] ▶ above a page's lists: the periods in order, so PgUp/PgDn in the list step back
and forth, and the buttons (Alt+←/Alt+→) step one period. MonthChooser and QuarterChooser say
what a period is."""

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget


class PeriodChooser(QWidget):
    """A subclass names its period (月/季) and says how periods are stored, labelled and stepped."""

    def __init__(
        self, word: str, noun: str, name: str, tip: str, visible: int, length: int, parent: QWidget | None = None
    ):
        """`word` is the period as the buttons say it (季: ◀ 上季, 下季 ▶), `noun` as their tool tips
        do (上一个季度), `name` the list's object name, `tip` its tool tip; `visible` and `length`
        size the list."""
        super().__init__(parent)
        self.previous_button = QToolButton()
        self.previous_button.setText(f"◀ 上{word}")
        self.previous_button.setToolTip(f"上一个{noun}（Alt+←）")
        self.previous_button.clicked.connect(self.step_back)
        self.next_button = QToolButton()
        self.next_button.setText(f"下{word} ▶")
        self.next_button.setToolTip(f"下一个{noun}（Alt+→）")
        self.next_button.clicked.connect(self.step_on)
        self.box = QComboBox()
        self.box.setObjectName(name)
        self.box.setMaxVisibleItems(visible)
        self.box.setMinimumContentsLength(length)
        self.box.setToolTip(tip)
        self.box.currentIndexChanged.connect(lambda _i: self._changed())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.box)
        layout.addWidget(self.next_button)
        self.setFocusProxy(self.box)

    # What a period is: a subclass says.
    def _changed(self) -> None:
        raise NotImplementedError

    def _data(self, period):
        """The period as the list's item data."""
        return period

    def _period(self, data):
        """The item data as a period."""
        return data

    def _label(self, period) -> str:
        raise NotImplementedError

    def _between(self, first, last) -> list:
        raise NotImplementedError

    def _step(self, period, by: int):
        raise NotImplementedError

    # The list.
    def period(self):
        """The period chosen, None when the list is empty."""
        data = self.box.currentData()
        return None if data is None else self._period(data)

    def _items(self) -> list:
        return [self._period(self.box.itemData(i)) for i in range(self.box.count())]

    def set_range(self, first, last) -> None:
        """Offer every period from `first` to `last` (the chosen one stays chosen, and offered)."""
        current = self.period()
        periods = self._between(min(first, current or first), max(last, current or last))
        if self._items() == periods:
            return
        self.box.blockSignals(True)
        self.box.clear()
        for period in periods:
            self.box.addItem(self._label(period), self._data(period))
        self.box.setCurrentIndex(max(0, self.box.findData(self._data(current)) if current else 0))
        self.box.blockSignals(False)

    def set_period(self, period) -> None:
        if self.box.findData(self._data(period)) < 0:
            items = self._items() or [period]
            self.set_range(min(items[0], period), max(items[-1], period))
        self.box.setCurrentIndex(self.box.findData(self._data(period)))

    def step_back(self) -> None:
        """The period before (Alt+←)."""
        if self.period():
            self.set_period(self._step(self.period(), -1))

    def step_on(self) -> None:
        """The period after (Alt+→)."""
        if self.period():
            self.set_period(self._step(self.period(), 1))
