"""评议结果 (Alt+J) and 全县汇总 (Alt+Z), the results tabs of 季度评议.

The quarter's scores are computed from the raw counts on the worker (core `quarter_summary`, a
few tenths of a second for a county), with "正在计算…" shown meanwhile, when a results tab is
shown and again after a change of what they are computed from; a result that arrives for a
quarter no longer chosen is dropped.
- 评议结果: a row per cadre, unit after unit (the unit chosen above the tabs only), filtered by
  the page's search box; the summary line of the county (and of the unit chosen); under the
  list, the selected cadre's raw counts (原始票数) per voter category and aspect, always shown.
- 全县汇总: a row per unit with a session; Enter (or a double click) shows that unit's results.
Both tabs: 导出结果 PDF… (Alt+O) and 生成结果公示… (Alt+S) — quarterly_results_actions.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout

from desktop_app.core.errors import KaopingError
from desktop_app.core.evaluations import quarter_label
from desktop_app.gui.errors import show_error
from desktop_app.gui.list_panel import ASCENDING, ListPanel, count_label, list_keys, list_table, tab_chain
from desktop_app.gui.models.quarter_results_models import (
    Ballots,
    CountsModel,
    CountyModel,
    CountyRow,
    ResultRow,
    ResultsModel,
    county_widths,
    result_widths,
)
from desktop_app.gui.pages.quarterly_results_actions import ResultsActions
from desktop_app.gui.pages.quarterly_results_data import QuarterResults, ResultsLoader, county_line, unit_line
from desktop_app.gui.widgets import (
    ERROR_STYLE,
    NOTE_STYLE,
    add_shortcut,
    push_button,
    stretch_column,
    table_view,
)

RESULTS_TAB, COUNTY_TAB = "评议结果(&J)", "全县汇总(&Z)"
RESULTS_SEARCH = "搜索姓名、单位或拼音　Ctrl+F"
COUNTY_SEARCH = "搜索单位名称或拼音首字母　Ctrl+F"
COMPUTING = "正在计算…"
COUNTS_HINT = "选中一人，这里显示其原始票数（各投票类别、各评议内容的每个等次票数）。"


def _summary_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ResultsTab(ListPanel):
    """What both tabs share: the page's search box, the loader's data, the summary line, the actions."""

    NAME = ""  # of the view and labels: quarterly_results, results_summary…
    SORT = (0, ASCENDING)
    STRETCH = 0  # the column that takes the room left: 单位
    model: ResultsModel | CountyModel

    def __init__(self, ctx, page, loader: ResultsLoader, actions: ResultsActions):
        super().__init__(ctx, page)
        self.page, self.loader, self.actions = page, loader, actions
        self.search = page.sessions.search  # one search box above the tabs
        self.summary_label = _summary_label(f"{self.NAME}_summary")
        self.count_label = count_label(f"{self.NAME}_count")
        self.pdf_button = push_button("导出结果 PDF(&O)…", "把所选单位本季度的干部评议结果导出为 PDF（含得分分布图）",
                                      lambda: self.actions.export_pdf(*self.chosen_unit()))
        self.notice_button = push_button("生成结果公示(&S)…", "为所选单位或全部有结果的单位生成季度评议结果公示草稿（Ctrl+Z 可撤销）",
                                         lambda: self.actions.draft_notice(*self.chosen_unit()))
        add_shortcut(QKeySequence.StandardKey.Find, self, self.search.focus_and_select)

    def make_view(self, widths, open_row) -> QTableView:
        self.view = list_table(self, self.model, f"quarterly_{self.NAME}", widths, stretch=self.STRETCH,
                               sort=self.SORT)
        self.view.doubleClicked.connect(lambda _index: open_row())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.current_changed())
        list_keys(self.view, open_row)
        return self.view

    @property
    def data(self) -> QuarterResults | None:
        """The results of the quarter chosen (None while they are first computed)."""
        data = self.loader.data
        return data if data is not None and (data.year, data.quarter) == self.page.quarter else None

    def chosen_unit(self) -> tuple[str | None, str | None]:
        """The unit the actions are for: the one chosen above the tabs, else the selected row's."""
        if self.page.unit_filter.unit_id():
            return self.page.unit_filter.unit_id(), self.page.unit_filter.unit_name()
        row = self.selected_row()
        return (row.unit_id, row.unit_name) if row is not None else (None, None)

    def show_computing(self) -> None:
        """While the worker computes: say so; rows of another quarter go (those of this one stay)."""
        if self.data is None and self.model.total:
            self.model.set_rows([])
            self.update_count()
        self.summary_label.setStyleSheet(NOTE_STYLE)
        self.summary_label.setText(f"{quarter_label(*self.page.quarter)}：{COMPUTING}")

    def show_failure(self, error: BaseException) -> None:
        self.model.set_rows([])
        self.summary_label.setStyleSheet(ERROR_STYLE)
        message = error.message if isinstance(error, KaopingError) else "发生了意外错误（详细信息已记录在日志中）"
        self.summary_label.setText(f"{quarter_label(*self.page.quarter)}的评议结果无法计算：{message}")
        self.update_count()

    def update_buttons(self) -> None:
        data, (unit_id, _name) = self.data, self.chosen_unit()
        self.pdf_button.setEnabled(data is not None and data.unit(unit_id) is not None)
        self.notice_button.setEnabled(data is not None and bool(data.units_with_results))


class ResultsPanel(ResultsTab):
    """评议结果: the cadres' results, and the selected one's raw counts under them."""

    NAME = "results"
    SORT = (1, ASCENDING)  # 单位: unit after unit, each by rank
    STRETCH = 1

    def __init__(self, ctx, page, loader: ResultsLoader, actions: ResultsActions):
        super().__init__(ctx, page, loader, actions)
        self.model = ResultsModel(self)
        self.make_view(result_widths(()), self.focus_counts)
        self.unit_label = _summary_label("results_unit_summary")
        self.unit_label.setVisible(False)
        self.counts_model = CountsModel(self)
        self.counts_caption = QLabel(COUNTS_HINT)
        self.counts_caption.setObjectName("results_counts_caption")
        self.counts_caption.setStyleSheet(NOTE_STYLE)
        self.counts_view = self._counts_view()
        self.buttons = (self.pdf_button, self.notice_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in self.buttons:
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.unit_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counts_caption)
        layout.addWidget(self.counts_view)
        layout.addLayout(buttons)
        tab_chain(self, [self.view, self.counts_view, *self.buttons])

    def _counts_view(self) -> QTableView:
        from desktop_app.gui.dialogs.entry_grid import GroupedHeader

        view = table_view(self)
        view.setObjectName("results_counts")
        view.setSortingEnabled(False)
        view.setHorizontalHeader(GroupedHeader(view))
        view.setModel(self.counts_model)
        view.horizontalHeader().setStretchLastSection(False)
        view.verticalHeader().setDefaultSectionSize(24)
        self._fit_counts(view)
        return view

    def _fit_counts(self, view: QTableView | None = None) -> None:
        """Widths of the count columns, and a height for every category's line (5 at most, here 1–4)."""
        view = view or self.counts_view
        for column in range(self.counts_model.columnCount()):
            view.setColumnWidth(column, 76 if column == 0 else 50)
        lines = max(self.counts_model.rowCount(), 1)
        header = view.horizontalHeader().sizeHint().height()
        view.setFixedHeight(header + lines * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth() + 2)

    # -- what the list shows ---------------------------------------------------------------------
    def read_rows(self) -> list[ResultRow]:
        return list(self.data.rows) if self.data else []

    def row_filter(self):
        unit_id = self.page.unit_filter.unit_id()
        return (lambda row: row.unit_id == unit_id) if unit_id else None

    def count_text(self) -> str:
        shown, total = self.model.rowCount(), self.model.total
        return f"共 {total} 人" if shown == total else f"显示 {shown} / {total} 人"

    def show_data(self) -> None:
        """The loader's results arrived: columns of the year's aspects, the rows, the summary lines."""
        data = self.data
        if data is None:
            return
        if self.model.set_rules(data.aspects, data.grades):
            stretch_column(self.view, self.STRETCH, result_widths(data.aspects))
        self.reload()
        self.summary_label.setStyleSheet("")
        self.summary_label.setText(county_line(data))
        self.update_unit_line()

    def apply_filter(self) -> None:
        super().apply_filter()
        self.update_unit_line()

    def update_unit_line(self) -> None:
        unit_id, data = self.page.unit_filter.unit_id(), self.data
        self.unit_label.setVisible(bool(unit_id and data))
        if unit_id and data:
            self.unit_label.setText(unit_line(data, unit_id, self.page.unit_filter.unit_name()))

    def current_changed(self) -> None:
        super().current_changed()
        self.show_counts()

    def update_count(self) -> None:
        super().update_count()
        self.show_counts()

    def show_counts(self) -> None:
        """The selected cadre's raw counts (原始票数) under the list."""
        row, data = self.selected_row(), self.data
        if row is None or data is None:
            self.counts_model.set_cadre(None, None, data.aspects if data else (), data.grades if data else ())
            self.counts_caption.setText(COUNTS_HINT)
        else:
            ballots = data.ballots.get(row.unit_id, Ballots(row.cadre.valid))
            self.counts_model.set_cadre(row.cadre, ballots, data.aspects, data.grades)
            entered = "" if row.cadre.counts else "；未录入计票"
            self.counts_caption.setText(f"{row.cadre.name}（{row.unit_name}）的原始票数：有效票 {ballots.text}"
                                        f"；综合得分 {row.cadre.score_text}，{row.cadre.grade_text}{entered}")
        self._fit_counts()

    def focus_counts(self) -> None:
        """Enter in the list: to the raw counts of the selected cadre."""
        if self.counts_model.rowCount():
            self.counts_view.setFocus(Qt.FocusReason.OtherFocusReason)


class CountyPanel(ResultsTab):
    """全县汇总: a row per unit with a session; Enter shows the unit's 评议结果."""

    NAME = "county"
    unit_chosen = Signal(str)

    def __init__(self, ctx, page, loader: ResultsLoader, actions: ResultsActions):
        super().__init__(ctx, page, loader, actions)
        self.model = CountyModel(self)
        self.make_view(county_widths(()), self.open_unit)
        self.open_button = push_button("查看评议结果（Enter）", "在“评议结果”中只看所选单位（Enter 或双击）", self.open_unit)
        self.buttons = (self.open_button, self.pdf_button, self.notice_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        for button in self.buttons[1:]:
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        tab_chain(self, [self.view, *self.buttons])

    def chosen_unit(self) -> tuple[str | None, str | None]:
        row = self.selected_row()  # here the selected unit comes first
        return (row.unit_id, row.unit_name) if row is not None else super().chosen_unit()

    def read_rows(self) -> list[CountyRow]:
        return list(self.data.county) if self.data else []

    def count_text(self) -> str:
        shown, total = self.model.rowCount(), self.model.total
        return f"共 {total} 个单位" if shown == total else f"显示 {shown} / {total} 个单位"

    def show_data(self) -> None:
        data = self.data
        if data is None:
            return
        if self.model.set_rules(data.grades):
            stretch_column(self.view, self.STRETCH, county_widths(data.grades))
        self.reload()
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.summary_label.setText(f"全县 {county_line(data)}")

    def update_buttons(self) -> None:
        super().update_buttons()
        self.open_button.setEnabled(self.selected_row() is not None)

    def open_unit(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.unit_chosen.emit(row.unit_id)


class QuarterResultsTabs:
    """Adds 评议结果 and 全县汇总 to the 季度评议 page `page` and keeps them following its quarter, its
    unit, its search box and the changes: the results are computed only while a results tab shows."""

    def __init__(self, ctx, page):
        self.page = page
        self.loader = ResultsLoader(ctx, page)
        self.actions = ResultsActions(ctx, page, self.loader)
        self.results = ResultsPanel(ctx, page, self.loader, self.actions)
        self.county = CountyPanel(ctx, page, self.loader, self.actions)
        self.panels = (self.results, self.county)
        self.sessions_search = page.sessions.search.placeholderText()
        page.tabs.addTab(self.results, RESULTS_TAB)
        page.tabs.addTab(self.county, COUNTY_TAB)
        self.count_labels = [panel.count_label for panel in self.panels]
        for label in self.count_labels:
            label.setVisible(False)
        self._connect()

    def _connect(self) -> None:
        page, search = self.page, self.page.sessions.search
        self.loader.started.connect(lambda: [panel.show_computing() for panel in self.panels])
        self.loader.loaded.connect(lambda: [panel.show_data() for panel in self.panels])
        self.loader.failed.connect(self._failed)
        page.quarter_chooser.quarter_changed.connect(self.follow)
        page.unit_filter.unit_changed.connect(self.results.apply_filter)
        page.unit_filter.unit_changed.connect(self.county.update_buttons)
        for panel in self.panels:
            search.textChanged.connect(panel.apply_filter)
        search.returnPressed.connect(self._search_entered)
        page.tabs.currentChanged.connect(self._tab_changed)
        self.county.unit_chosen.connect(self.show_unit)

    def _failed(self, error: BaseException) -> None:
        """The scores could not be computed: said on both tabs; an unexpected error is also logged."""
        for panel in self.panels:
            panel.show_failure(error)
        if not isinstance(error, KaopingError):
            show_error(self.page, error)

    def current(self) -> ResultsTab | None:
        """The results tab shown, None on 测评会与计票."""
        widget = self.page.tabs.currentWidget()
        return widget if widget in self.panels else None

    def reload(self) -> None:
        """What the results come from changed (or the page is shown again): compute again if shown."""
        self.loader.invalidate()
        self.follow()

    def follow(self) -> None:
        """The quarter (or the tab) changed: compute the quarter's results if a results tab shows."""
        if self.current() is not None and self.page.isVisible():
            self.loader.ensure(self.page.quarter)

    def _tab_changed(self, _index: int) -> None:
        current, page = self.current(), self.page
        search = page.sessions.search
        page.sessions.count_label.setVisible(current is None)
        for panel in self.panels:
            panel.count_label.setVisible(panel is current)
        search.setPlaceholderText(self.sessions_search if current is None else
                                  RESULTS_SEARCH if current is self.results else COUNTY_SEARCH)
        view = page.sessions.view if current is None else current.view
        search.results = view  # ↓ in the search box goes into the list shown
        page.setTabOrder(search, view)
        self.follow()

    def _search_entered(self) -> None:
        """Enter in the search box on a results tab: into its list."""
        current = self.current()
        if current is not None:
            current.focus_list()

    def show_unit(self, unit_id: str) -> None:
        """全县汇总 → 评议结果 of `unit_id` (the unit chosen above the tabs), its first cadre selected."""
        self.page.sessions.search.clear()  # it looked for units here; the unit chosen does that now
        self.page.unit_filter.set_unit(unit_id)
        self.page.tabs.setCurrentWidget(self.results)
        if self.results.model.rowCount() and not self.results.view.currentIndex().isValid():
            self.results.select_row(0)
        self.results.view.setFocus(Qt.FocusReason.OtherFocusReason)
