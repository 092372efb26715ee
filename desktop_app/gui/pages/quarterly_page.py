"""季度评议: each unit's evaluation meeting (测评会) of a quarter, its ballots and its tallies.

Above the tabs: the quarter (Alt+←/Alt+→; the quarter of today at first), the unit (type part of
its name), the search box (Ctrl+F: name, pinyin, initials) and the count. The 测评会 tab lists every
unit with its meeting and how far its tallies were entered; from there 登记测评会… (Ctrl+N), 修改,
删除, 录入计票 (the grid), 打印测评表…, 导出计票模板… and 导入计票… (quarterly_sessions). Writes
run on the worker, one undo step each; the page reloads after any change of sessions, tallies,
units, cadres, posts or rule sets. The tabs 评议结果 (Alt+J) and 全县汇总 (Alt+Z) show the quarter's
scores, computed on the worker while they show (quarterly_results).
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.evaluations import session_quarters
from desktop_app.core.units import list_units
from desktop_app.gui.pages.monthly_filters import UnitFilter
from desktop_app.gui.pages.quarterly_filters import QuarterChooser, quarter_of, step
from desktop_app.gui.pages.quarterly_results import QuarterResultsTabs
from desktop_app.gui.pages.quarterly_sessions import SessionsPanel
from desktop_app.gui.widgets import add_shortcut, push_button

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
        self.tabs.addTab(self.sessions, "测评会与计票(&B)")
        self.results = QuarterResultsTabs(ctx, self)  # 评议结果, 全县汇总
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
        for label in self.results.count_labels:  # the count of the results tab shown
            row.addWidget(label)
        self.rules_button = push_button("规则方案…", "本季度所在年份的规则方案：分值、测评方面、类别权重、等次线（Ctrl+Shift+R）",
                                        self.open_rule_sets)
        self.rules_button.setObjectName("quarterly_rules")
        row.addWidget(self.rules_button)
        return row

    def open_rule_sets(self):
        """规则方案… on the year of the quarter shown (the main window's one dialog)."""
        window = self.window()
        if hasattr(window, "open_rule_sets"):
            return window.open_rule_sets(self.quarter[0])
        from desktop_app.gui.dialogs.rule_set_dialog import RuleSetDialog

        dialog = RuleSetDialog(self.ctx, self, self.quarter[0])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

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
        self.results.reload()
