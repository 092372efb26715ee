"""季度评议: each unit's evaluation meeting (测评会) of a quarter, its ballots and its tallies.

Above the tabs: the quarter (Alt+←/Alt+→; the quarter of today at first), the unit (type part of
its name), the search box (Ctrl+F: name, pinyin, initials) and the count. The 测评会 tab lists every
unit with its meeting and how far its tallies were entered; from there 登记测评会… (Ctrl+N), 修改,
删除, 录入计票 (the grid), 打印测评表…, 导出计票模板… and 导入计票… (quarterly_sessions). Writes
run on the worker, one undo step each; the page reloads after any change of sessions, tallies,
units, cadres, posts or rule sets.
"""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.evaluations import session_quarters
from desktop_app.core.units import list_units
from desktop_app.gui.pages.monthly_filters import UnitFilter
from desktop_app.gui.pages.quarterly_filters import QuarterChooser, quarter_of, step
from desktop_app.gui.pages.quarterly_sessions import SessionsPanel
from desktop_app.gui.widgets import add_shortcut

RELOAD_ON = ("evaluation_sessions", "tallies", "units", "cadres", "posts", "rule_sets")
QUARTERS_BACK = 4  # a year of quarters before today's is always offered, and the next one


class QuarterlyPage(QWidget):
    """季度评议: the quarter's 测评会 and 计票."""

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.spec = ctx, spec
        self.quarter_chooser = QuarterChooser()
        self.unit_filter = UnitFilter()
        self.unit_filter.setObjectName("quarterly_unit")
        self.sessions = SessionsPanel(ctx, self)
        self.sessions.search.setMinimumWidth(220)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("quarterly_tabs")
        self.tabs.addTab(self.sessions, "测评会与计票(&H)")
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_row())
        layout.addWidget(self.tabs, 1)
        self.setTabOrder(self.quarter_chooser.box, self.unit_filter)
        self.setTabOrder(self.unit_filter, self.sessions.search)
        self.setTabOrder(self.sessions.search, self.sessions.view)
        for keys, slot in (("Alt+Left", self.quarter_chooser.step_back), ("Alt+Right", self.quarter_chooser.step_on)):
            add_shortcut(keys, self, slot)  # WindowShortcut: while this page shows
        self.quarter_chooser.set_quarter(quarter_of(ctx.today()))
        self.quarter_chooser.quarter_changed.connect(self.sessions.reload)
        self.unit_filter.unit_changed.connect(self.sessions.apply_filter)

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for caption, widget in (("季度(&Q)：", self.quarter_chooser), ("单位(&D)：", self.unit_filter),
                                (None, self.sessions.search)):
            if caption:
                label = QLabel(caption)
                label.setBuddy(widget.focusProxy() or widget)
                row.addWidget(label)
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.sessions.count_label)
        return row

    @property
    def quarter(self) -> tuple[int, int]:
        return self.quarter_chooser.quarter() or quarter_of(self.ctx.today())

    # -- loading -------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Reload when shown, and after a change of sessions, tallies, units, people or rules while visible."""
        if changes is not None and (not self.isVisible() or not changes.touches(*RELOAD_ON)):
            return  # a hidden page reloads when it is shown again
        self.reload()

    def reload(self) -> None:
        reader, today = self.ctx.reader, quarter_of(self.ctx.today())
        self.unit_filter.blockSignals(True)
        self.unit_filter.set_units(list_units(reader, self.ctx.today()))
        self.unit_filter.blockSignals(False)
        span = session_quarters(reader) or (today, today)
        self.quarter_chooser.blockSignals(True)
        self.quarter_chooser.set_range(min(span[0], step(today, -QUARTERS_BACK)), max(span[1], step(today, 1)))
        self.quarter_chooser.blockSignals(False)
        self.sessions.reload()
