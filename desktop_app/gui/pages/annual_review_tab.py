"""年度考核 → 审定 (Alt+J): the committee's review of the year.

Above the table: the lock (锁定 by whom and when, or reopened and why), each scale's quota line
(red when the final grades decided exceed it, orange when they would unless the committee lowers
some of those tied at the line), the rule set and the day the facts were read. The table
has a row per leadership team and cadre — 单位, 对象, 职务, 综合得分, 拟定等次, 审定等次, 状态,
规则, 后续处理 — filtered by the page's unit and search box and by 显示 (Alt+V); under it, the
selected row in full (parts of the score, every rule's step and reason, flags, veto, follow-ups,
the decision). The year is assessed on the worker (core `assess_year`), again after any change
of what it is computed from (RELOAD_ON), keeping the selected row — or the one that took its
place when a filter (未审定) no longer shows it, so the committee goes down the list.

Keys: Enter/F2 (or a double click) 审定… the selected row, Delete 撤销审定; buttons 审定(&S),
按拟定等次审定其余(&A), 撤销审定(&U), 锁定本年度(&C), 重新开放(&R), 导出 Excel(&X), 打印(&P) ▸,
起草结果公示(&G). A locked year shows a banner and allows no write but 重新开放 (the core
refuses anyway). Every write is one undo step (Ctrl+Z in the main window).
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KaopingError
from desktop_app.gui.errors import show_error
from desktop_app.gui.list_panel import ASCENDING, ListPanel, count_label, tab_chain
from desktop_app.gui.models.annual_review_detail import detail_html
from desktop_app.gui.models.annual_review_models import (
    FILTER_TESTS,
    FILTERS,
    REVIEW_WIDTHS,
    STRETCH,
    ReviewModel,
    ReviewRow,
)
from desktop_app.gui.pages.annual_review_actions import ReviewActions
from desktop_app.gui.pages.annual_review_data import OVER, PENDING, ReviewData, ReviewLoader
from desktop_app.gui.widgets import ERROR_STYLE, NOTE_STYLE, add_shortcut, push_button

SEARCH = "搜索单位、姓名、职务或拼音　Ctrl+F"
COMPUTING = "正在计算…"
UPDATING = "正在更新…"
LOCKED_STYLE = "background: #fff4ce; border: 1px solid #e0c060; padding: 4px; font-weight: bold;"
REOPENED_STYLE = "background: #eef3fb; border: 1px solid #b8c7e0; padding: 4px;"
QUOTA_STYLES = {OVER: "color: #b3261e; font-weight: bold;", PENDING: "color: #b35c00;"}  # over; over unless ties go


def _line(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ReviewTab(ListPanel):
    """审定: the year's proposals and decisions, the committee's actions."""

    RELOAD_ON = ("annual_decisions", "year_locks", "annual_inputs", "reports", "tallies", "evaluation_sessions",
                 "sanctions", "supervision_notices", "supervised_tasks", "rule_sets", "posts", "cadres", "units")

    def __init__(self, ctx, page: QWidget):
        super().__init__(ctx, page)
        self.page = page
        self.year: int | None = None
        self.unit_id: str | None = None
        self.loader = ReviewLoader(ctx, self)
        self.actions = ReviewActions(ctx, self)
        self.model = ReviewModel(self)
        self.make_search(SEARCH, "annual_review_search")
        self.filter_label, self.filter_box = self.make_filter([(key, label) for key, label, _test in FILTERS],
                                                              "annual_review_filter", "显示(&V)：",
                                                              tip="只看班子、干部，或被规则改变、限额线上并列、未审定、已改定的")
        self.make_table("annual_review", REVIEW_WIDTHS, stretch=STRETCH, sort=(0, ASCENDING),
                        open_row=self.decide_selected, delete=self.clear_selected)
        self.view.setWordWrap(False)
        self.count_label = count_label("annual_review_count")
        self.banner = _line("annual_review_lock")
        self.quota_labels = [_line(f"annual_review_quota_{n}") for n in range(2)]
        self.source_label = _line("annual_review_source")
        self.source_label.setStyleSheet(NOTE_STYLE)
        self.detail = self._detail_view()
        self._build_buttons()
        self._lay_out()
        add_shortcut(QKeySequence.StandardKey.Find, self, self.search.focus_and_select)
        self.loader.started.connect(self._computing)
        self.loader.loaded.connect(self._show_data)
        self.loader.failed.connect(self._failed)
        self._computing()

    # -- building ------------------------------------------------------------------------------
    def _detail_view(self) -> QTextBrowser:
        view = QTextBrowser(self)
        view.setObjectName("annual_review_detail")
        view.setOpenLinks(False)
        view.setTabChangesFocus(True)
        view.setHtml(detail_html(None))
        return view

    def _build_buttons(self) -> None:
        self.decide_button = push_button("审定(&S)…", "审定所选对象的等次（Enter 或 F2；与拟定等次不同须写明理由）",
                                         self.decide_selected)
        self.accept_button = push_button("按拟定等次审定其余(&A)", "把其余未审定、有拟定等次且不并列的对象按拟定等次审定（Ctrl+Z 可撤销）",
                                         self.accept_others)
        self.clear_button = push_button("撤销审定(&U)", "撤销所选对象的审定（Delete）", self.clear_selected)
        self.lock_button = push_button("锁定本年度(&C)", "全部审定后锁定本年度：此后本年度的数据和审定等次不能再修改",
                                       self.lock_year)
        self.reopen_button = push_button("重新开放(&R)…", "重新开放已锁定的年度（须写明原因，并被记录）", self.reopen_year)
        self.excel_button = push_button("导出 Excel(&X)…", "把本年度考核结果表（领导班子、干部、等次限额）导出为 Excel",
                                        self.export_excel)
        self.print_button = QPushButton("打印(&P)")
        self.print_button.setToolTip("打印本单位结果表、全县汇总或所选干部的考核档案（PDF）")
        self.print_menu = QMenu(self.print_button)
        self.unit_action = self.print_menu.addAction("本单位结果表(&U)…", self.print_unit)
        self.county_action = self.print_menu.addAction("全县汇总(&C)…", self.print_county)
        self.dossier_action = self.print_menu.addAction("干部考核档案(&D)…", self.print_dossier)
        self.print_button.setMenu(self.print_menu)
        self.notice_button = push_button("起草结果公示(&G)…", "用审定等次在公示栏起草年度考核结果公示（全部审定后；Ctrl+Z 可撤销）",
                                         self.draft_notice)
        self.buttons = (self.decide_button, self.accept_button, self.clear_button, self.lock_button,
                        self.reopen_button, self.excel_button, self.print_button, self.notice_button)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.source_label, 1)
        filters.addWidget(self.filter_label)
        filters.addWidget(self.filter_box)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("annual_review_splitter")
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([500, 150])
        splitter.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        for button in self.buttons[:3]:
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in self.buttons[3:5]:
            buttons.addWidget(button)
        buttons.addSpacing(16)
        for button in self.buttons[5:]:
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        for label in self.quota_labels:
            layout.addWidget(label)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        tab_chain(self, [self.filter_box, self.view, self.detail, *self.buttons])

    # -- the page's interface ------------------------------------------------------------------------
    def reload(self, year: int | None = None) -> None:
        """Assess `year` (the one shown when None) on the worker."""
        self.year = year if year is not None else self.year
        if self.year is not None:
            self.loader.load(self.year)

    def apply_unit(self, unit_id: str | None) -> None:
        self.unit_id = unit_id
        self.apply_filter()

    @property
    def data(self) -> ReviewData | None:
        """The year shown, once assessed (None while it is first computed)."""
        data = self.loader.data
        return data if data is not None and data.year == self.year else None

    # -- what the list shows ---------------------------------------------------------------------------
    def read_rows(self) -> list[ReviewRow]:
        return list(self.data.rows) if self.data else []

    def row_filter(self):
        unit_id, test = self.unit_id, FILTER_TESTS.get(self.filter_box.currentData())
        if unit_id is None and test is None:
            return None
        return lambda row: (unit_id is None or row.subject.unit_id == unit_id) and (test is None or test(row))

    def count_text(self) -> str:
        data = self.data
        if data is None:
            return ""
        shown, total = self.model.rowCount(), self.model.total
        undecided = len(data.assessment.undecided)
        head = f"共 {total} 项" if shown == total else f"显示 {shown} / {total} 项"
        return f"{head}，未审定 {undecided} 项"

    def _computing(self) -> None:
        """While the worker assesses: say so; rows of another year go (those of this one stay)."""
        if self.data is None:
            if self.model.total:
                self.model.set_rows([])
            self.detail.setHtml(detail_html(None))
            for label in self.quota_labels:
                label.clear()
            self.banner.setVisible(False)
            self.count_label.setText("")
            self.update_buttons()
        year = f"{self.year}年度" if self.year else ""
        self.source_label.setText(f"{year}{COMPUTING if self.data is None else UPDATING}")

    def _show_data(self) -> None:
        data = self.data
        if data is None:
            return
        self._show_rows()
        a = data.assessment
        self.source_label.setText(f"依据：{a.source}；数据截至 {a.as_of}。"
                                  f"拟定等次按规则计算，审定等次由考核委员会决定。")
        for label, (text, state) in zip(self.quota_labels, data.quota_lines, strict=False):
            label.setText(text)
            label.setStyleSheet(QUOTA_STYLES.get(state, ""))
        self._show_lock(data)
        self.show_detail()

    def _show_lock(self, data: ReviewData) -> None:
        lock = data.assessment.lock
        self.banner.setVisible(lock is not None)
        if lock is None:
            return
        if lock.locked:
            changed = data.assessment.changed_since_lock
            self.banner.setText(f"{lock.text}：本年度的审定等次和考核数据不能再修改；如确需修改，请“重新开放”（须写明原因）。"
                                + (f"\n{changed}" if changed else ""))
            self.banner.setStyleSheet(LOCKED_STYLE)
        else:
            self.banner.setText(f"{lock.text}。审定完毕后请重新锁定。")
            self.banner.setStyleSheet(REOPENED_STYLE)

    def _failed(self, error: BaseException) -> None:
        self.model.set_rows([])
        self.update_count()
        self.source_label.setStyleSheet(ERROR_STYLE)
        message = error.message if isinstance(error, KaopingError) else "发生了意外错误（详细信息已记录在日志中）"
        self.source_label.setText(f"{self.year}年度考核无法计算：{message}")
        if not isinstance(error, KaopingError):
            show_error(self, error)

    def _show_rows(self) -> None:
        """The new rows in the list's order, keeping the selected row — or, when the filter no
        longer shows it (just decided, under 未审定), the row that took its place."""
        selected, position = self.selected_id(), self.view.currentIndex().row()
        header = self.view.horizontalHeader()
        self.model.set_rows(self.read_rows())
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.source_label.setStyleSheet(NOTE_STYLE)
        row = self.model.row_of(selected) if selected is not None else -1
        if row < 0 and selected is not None and self.model.rowCount():
            row = min(position, self.model.rowCount() - 1)
        if row >= 0:
            self.select_row(row)
        self.update_count()

    # -- the selected row ------------------------------------------------------------------------------
    def current_changed(self) -> None:
        super().current_changed()
        self.show_detail()

    def update_count(self) -> None:
        super().update_count()
        self.show_detail()

    def show_detail(self) -> None:
        row = self.selected_row()
        self.detail.setHtml(detail_html(row.subject if row is not None else None))

    def chosen_unit(self) -> tuple[str | None, str | None]:
        """The unit the unit's table is for: the one chosen above the tabs, else the selected row's."""
        data, row = self.data, self.selected_row()
        unit_id = self.unit_id or (row.subject.unit_id if row is not None else None)
        if unit_id is None or data is None:
            return None, None
        subject = data.assessment.team(unit_id) or next(iter(data.assessment.unit_cadres(unit_id)), None)
        return (unit_id, subject.unit_name) if subject is not None else (None, None)

    def update_buttons(self) -> None:
        data, row = self.data, self.selected_row()
        open_year = data is not None and not data.locked
        subjects = data is not None and bool(data.assessment.subjects)
        self.decide_button.setEnabled(open_year and row is not None)
        self.accept_button.setEnabled(open_year and data.ready > 0)
        self.clear_button.setEnabled(open_year and row is not None and row.subject.decided)
        self.lock_button.setEnabled(open_year and subjects)
        self.reopen_button.setEnabled(data is not None and data.locked)
        self.excel_button.setEnabled(subjects)
        self.print_button.setEnabled(subjects)
        self.unit_action.setEnabled(subjects and self.chosen_unit()[0] is not None)
        self.county_action.setEnabled(subjects)
        self.dossier_action.setEnabled(row is not None and row.subject.kind == "cadre")
        self.notice_button.setEnabled(subjects)

    # -- actions ---------------------------------------------------------------------------------------
    def decide_selected(self) -> None:
        """审定… (Enter, F2, a double click): the grade of the selected row."""
        from desktop_app.gui.dialogs.decision_dialog import DecisionDialog

        data, row = self.data, self.selected_row()
        if data is None or row is None or not self.decide_button.isEnabled():
            return
        self.open_dialog(lambda: DecisionDialog(self.ctx, data.year, row.subject, row.grades, self))

    def after_save(self, _record_id: str) -> None:
        """A dialog wrote: back in the list (the year is assessed again, the row kept)."""
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept_others(self) -> None:
        if (data := self.data) is not None and not data.locked:
            self.actions.accept_others(data.year, data)

    def clear_selected(self) -> None:
        data, row = self.data, self.selected_row()
        if data is not None and row is not None and self.clear_button.isEnabled():
            self.actions.clear(data.year, row.subject)

    def lock_year(self) -> None:
        if (data := self.data) is not None and not data.locked:
            self.actions.lock(data.year, data)

    def reopen_year(self) -> None:
        from desktop_app.gui.dialogs.reopen_dialog import ReopenDialog

        data = self.data
        if data is None or not data.locked:
            return
        self.open_dialog(lambda: ReopenDialog(self.ctx, data.year, data.assessment.lock.text, self))

    def export_excel(self) -> None:
        if self.data is not None:
            self.actions.export_excel(self.data.year)

    def print_unit(self) -> None:
        if self.data is not None:
            self.actions.print_unit(self.data.year, *self.chosen_unit())

    def print_county(self) -> None:
        if self.data is not None:
            self.actions.print_county(self.data.year)

    def print_dossier(self) -> None:
        row = self.selected_row()
        self.actions.print_dossier(row.subject if row is not None else None)

    def draft_notice(self) -> None:
        if (data := self.data) is not None:
            self.actions.draft_notice(data.year, data, *self.chosen_unit())
