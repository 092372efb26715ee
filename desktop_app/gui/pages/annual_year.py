"""The year above the 年度考核 lists: ◀ 上年 [2025年度 ▾] 下年 ▶ (Alt+←/Alt+→; PgUp/PgDn in the list)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop_app.gui.pages.period_chooser import PeriodChooser


class YearChooser(PeriodChooser):
    """Assessment years in order."""

    year_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("年", "年度", "annual_year", "考核年度：PgUp/PgDn 或 Alt+←/Alt+→ 切换", 12, 8, parent)

    def _changed(self) -> None:
        self.year_changed.emit()

    def _label(self, period: int) -> str:
        return f"{period}年度"

    def _between(self, first: int, last: int) -> list[int]:
        return list(range(first, last + 1))

    def _step(self, period: int, by: int) -> int:
        return period + by

    def year(self) -> int | None:
        return self.period()
