"""年度考核: a year's inputs, the supervision registers and the committee's review, tab by tab.

Above the tabs: the year (Alt+←/Alt+→; at first the year in hand — core.assessment.working_year:
the latest year with inputs entered and not yet locked, else last year until March and this year
after), the unit (type part of its name) and the count of the tab shown.
The tabs are separate modules, each a QWidget with this small interface, so the page stays thin:
- `count_label` (a QLabel shown in the filter row while the tab shows) and `search` (or None);
- `reload(year: int)`: show the year (read on the worker where it takes time);
- `apply_unit(unit_id: str | None)`: filter to a unit (None: all units);
- `RELOAD_ON`: the tables whose change makes the tab reload while the page shows.
"""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.assessment import assessment_years, committee_year, working_year
from desktop_app.core.units import list_units
from desktop_app.gui.pages.annual_year import YearChooser
from desktop_app.gui.pages.monthly_filters import UnitFilter
from desktop_app.gui.widgets import add_shortcut

YEARS_BACK = 3  # years offered before the default one when the database has no earlier data


class AnnualPage(QWidget):
    """年度考核: 年度数据, 督办与谈话, 审定."""

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.spec = ctx, spec
        self.year_chooser = YearChooser()
        self.unit_filter = UnitFilter()
        self.unit_filter.setObjectName("annual_unit")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("annual_tabs")
        self.panels = self._create_tabs()
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_row())
        layout.addWidget(self.tabs, 1)
        for keys, slot in (("Alt+Left", self.year_chooser.step_back), ("Alt+Right", self.year_chooser.step_on)):
            add_shortcut(keys, self, slot)  # WindowShortcut: while this page shows
        self.year_chooser.set_range(committee_year(ctx.today()) - YEARS_BACK, committee_year(ctx.today()))
        self.year_chooser.set_period(committee_year(ctx.today()))
        self._year_chosen = False  # the first reload opens on the year in hand
        self.year_chooser.year_changed.connect(self._reload_tabs)
        self.unit_filter.unit_changed.connect(self._apply_unit)
        self.tabs.currentChanged.connect(self._show_count)
        self._show_count()

    def _create_tabs(self) -> list[QWidget]:
        from desktop_app.gui.pages.annual_inputs_tab import AnnualInputsTab
        from desktop_app.gui.pages.annual_registers_tab import RegistersTab
        from desktop_app.gui.pages.annual_review_tab import ReviewTab

        panels = []
        for cls, title in ((ReviewTab, "审定(&J)"), (AnnualInputsTab, "年度数据(&L)"), (RegistersTab, "督办与谈话(&W)")):
            panel = cls(self.ctx, self)
            self.tabs.addTab(panel, title)
            panels.append(panel)
        return panels

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for caption, widget in (("年度(&Y)：", self.year_chooser), ("单位(&D)：", self.unit_filter)):
            label = QLabel(caption)
            label.setBuddy(widget.focusProxy() or widget)
            row.addWidget(label)
            row.addWidget(widget)
        for panel in self.panels:
            if getattr(panel, "search", None) is not None:
                row.addWidget(panel.search)
        row.addStretch(1)
        for panel in self.panels:
            row.addWidget(panel.count_label)
        return row

    @property
    def year(self) -> int:
        return self.year_chooser.year() or committee_year(self.ctx.today())

    def _show_count(self, *_args) -> None:
        current = self.tabs.currentWidget()
        for panel in self.panels:
            panel.count_label.setVisible(panel is current)
            if getattr(panel, "search", None) is not None:
                panel.search.setVisible(panel is current)

    # -- loading -------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Reload when shown, and after a change of what a tab shows while visible."""
        if changes is not None and not self.isVisible():
            return  # a hidden page reloads when it is shown again
        if changes is None:
            self.reload()
            return
        for panel in self.panels:
            if changes.touches(*panel.RELOAD_ON):
                panel.reload(self.year)

    def reload(self) -> None:
        reader, today = self.ctx.reader, self.ctx.today()
        self.unit_filter.blockSignals(True)
        self.unit_filter.set_units(list_units(reader, today))
        self.unit_filter.blockSignals(False)
        years = assessment_years(reader, today) or [committee_year(today)]
        self.year_chooser.blockSignals(True)
        self.year_chooser.set_range(min(min(years), committee_year(today) - YEARS_BACK), max(max(years), committee_year(today)))
        if not self._year_chosen:
            self.year_chooser.set_period(working_year(reader, today))
            self._year_chosen = True
        self.year_chooser.blockSignals(False)
        self._reload_tabs()

    def _reload_tabs(self) -> None:
        for panel in self.panels:
            panel.reload(self.year)
            panel.apply_unit(self.unit_filter.unit_id())

    def _apply_unit(self) -> None:
        for panel in self.panels:
            panel.apply_unit(self.unit_filter.unit_id())
