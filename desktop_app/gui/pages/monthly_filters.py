"""The controls above the 月度实绩 lists: the month (上月/下月, Alt+←/Alt+→; PgUp/PgDn in the
list of months) and a unit filter one can type part of a unit's name into."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QToolButton, QWidget

from desktop_app.core.months import month_label, months_between, next_month, previous_month

ALL_UNITS = "全部单位"


class MonthChooser(QWidget):
    """◀ [2026年1月 ▾] ▶ — months in order, so PgUp/PgDn in the list step back and forth."""

    month_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.previous_button = QToolButton()
        self.previous_button.setText("◀ 上月")
        self.previous_button.setToolTip("上一个月（Alt+←）")
        self.previous_button.clicked.connect(self.step_back)
        self.next_button = QToolButton()
        self.next_button.setText("下月 ▶")
        self.next_button.setToolTip("下一个月（Alt+→）")
        self.next_button.clicked.connect(self.step_on)
        self.box = QComboBox()
        self.box.setObjectName("monthly_month")
        self.box.setMaxVisibleItems(15)
        self.box.setMinimumContentsLength(9)
        self.box.setToolTip("月份：PgUp/PgDn 或 Alt+←/Alt+→ 切换")
        self.box.currentIndexChanged.connect(lambda _i: self.month_changed.emit(self.month()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.box)
        layout.addWidget(self.next_button)
        self.setFocusProxy(self.box)

    def month(self) -> str:
        return self.box.currentData() or ""

    def set_range(self, first: str, last: str) -> None:
        """Offer every month from `first` to `last` (the current month stays chosen, and offered)."""
        current = self.month()
        months = months_between(min(first, current or first), max(last, current or last))
        if [self.box.itemData(i) for i in range(self.box.count())] == months:
            return
        self.box.blockSignals(True)
        self.box.clear()
        for month in months:
            self.box.addItem(month_label(month), month)
        self.box.setCurrentIndex(max(0, self.box.findData(current)))
        self.box.blockSignals(False)

    def set_month(self, month: str) -> None:
        if self.box.findData(month) < 0:
            first = self.box.itemData(0) if self.box.count() else month
            last = self.box.itemData(self.box.count() - 1) if self.box.count() else month
            self.set_range(min(first, month), max(last, month))
        self.box.setCurrentIndex(self.box.findData(month))

    def step_back(self) -> None:
        """上月 (Alt+←)."""
        if self.month():
            self.set_month(previous_month(self.month()))

    def step_on(self) -> None:
        """下月 (Alt+→)."""
        if self.month():
            self.set_month(next_month(self.month()))


class UnitFilter(QComboBox):
    """全部单位 + each unit in display order; typing part of a name offers the matching units."""

    unit_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setMinimumContentsLength(12)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        completer.activated[str].connect(self._choose_text)  # the combo alone only completes the text
        self.lineEdit().setPlaceholderText("输入单位名称的一部分")
        self.lineEdit().editingFinished.connect(self._settle_text)
        self.currentIndexChanged.connect(lambda _i: self.unit_changed.emit())

    def set_units(self, units: list[dict]) -> None:
        """Fill from core list_units; the chosen unit stays chosen while it exists."""
        current = self.unit_id()
        self.blockSignals(True)
        self.clear()
        self.addItem(ALL_UNITS, None)
        for unit in units:
            self.addItem(unit["name"], unit["id"])
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)
        if self.unit_id() != current:
            self.unit_changed.emit()

    def unit_id(self) -> str | None:
        return self.currentData()

    def unit_name(self) -> str | None:
        """The name of the unit chosen (not text being typed), None for 全部单位."""
        return self.itemText(self.currentIndex()) if self.unit_id() else None

    def set_unit(self, unit_id: str | None) -> None:
        self.setCurrentIndex(max(0, self.findData(unit_id)))

    def settle(self) -> None:
        """Choose the unit whose name was typed, as leaving the box does (a key that acts at once,
        such as Enter taken by a shortcut, comes before the box has settled it)."""
        if self.lineEdit().text() != self.itemText(self.currentIndex()):
            self._settle_text()

    def _choose_text(self, text: str) -> None:
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self.setCurrentIndex(index)

    def _settle_text(self) -> None:
        """After typing: an exact or single matching name chooses that unit; empty text all units;
        anything else puts back the name of the unit chosen."""
        text = self.lineEdit().text().strip()
        if not text:
            self.setCurrentIndex(0)
            return
        exact = self.findText(text, Qt.MatchFlag.MatchExactly)
        matching = [i for i in range(1, self.count()) if text in self.itemText(i)]
        chosen = exact if exact >= 0 else (matching[0] if len(matching) == 1 else -1)
        if chosen >= 0:
            self.setCurrentIndex(chosen)
        self.setEditText(self.itemText(self.currentIndex()))
