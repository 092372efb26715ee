"""The controls above the 月度实绩 lists: the month (上月/下月, Alt+←/Alt+→; PgUp/PgDn in the
list of months) and a unit filter one can type part of a unit's name into."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop_app.core.months import month_label, months_between, next_month, previous_month
from desktop_app.gui.pages.period_chooser import PeriodChooser

ALL_UNITS = "全部单位"


class MonthChooser(PeriodChooser):
    """◀ [2026年1月 ▾] ▶ — months in order, so PgUp/PgDn in the list step back and forth."""

    month_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("月", "月", "monthly_month", "月份：PgUp/PgDn 或 Alt+←/Alt+→ 切换", 15, 9, parent)

    def _changed(self) -> None:
        self.month_changed.emit(self.month())

    def _label(self, period: str) -> str:
        return month_label(period)

    def _between(self, first: str, last: str) -> list[str]:
        return months_between(first, last)

    def _step(self, period: str, by: int) -> str:
        return next_month(period) if by > 0 else previous_month(period)

    def month(self) -> str:
        return self.period() or ""

    def set_month(self, month: str) -> None:
        self.set_period(month)


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
