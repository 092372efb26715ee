"""月度实绩: a month's 《实绩报告登记表》 of every leadership-team member, the gaps per unit and
the two-months flag (rule 8).

Above the tabs: the month (Alt+←/Alt+→), the unit (type part of its name), the search box
(Ctrl+F: name, pinyin, initials) and the status. Tabs: 报告 (Alt+B; Enter opens the form, fast
entry runs through the list shown), 缺报统计 (Alt+Q; Enter shows that unit's reports) and
连续缺报 (Alt+L; Enter shows the second month of the pair). Beside the month's note: 导入实绩事项…
(Alt+I), 导出填写模板… (Alt+X) and 打印登记表… (Alt+P), in monthly_actions. Writes run on the worker,
one undo step each; the page reloads after any change of reports, reasons, posts, cadres or units.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.clock import format_date_cn
from desktop_app.core.monthly_reports import report_month_span, withdraw_excuse
from desktop_app.core.months import month_label, month_of, next_month
from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.core.report_gaps import (
    STATUSES,
    CadreMonth,
    due_date,
    due_day_setting,
    gaps_by_unit,
    month_statuses,
    report_flags,
)
from desktop_app.core.roster import name_pinyin_of
from desktop_app.core.units import list_units
from desktop_app.gui.models.monthly_models import (
    FLAG_WIDTHS,
    GAPS_WIDTHS,
    LAST,
    REPORT_WIDTHS,
    FlagRow,
    GapsModel,
    GapsRow,
    ReportsModel,
    flags_model,
    gaps_total,
    report_rows,
)
from desktop_app.gui.pages.monthly_actions import MonthlyFiles, print_scopes
from desktop_app.gui.pages.monthly_filters import MonthChooser, UnitFilter
from desktop_app.gui.pages.monthly_tabs import buttons_row, list_tab, select_row, widget_shortcut
from desktop_app.gui.widgets import SearchBox, choice_box, confirm, note_label, show_status

RELOAD_ON = ("reports", "report_excuses", "posts", "cadres", "units")
REPORTS_TAB, GAPS_TAB, FLAGS_TAB = 0, 1, 2
NO_EXCUSE_AFTER = ("已提交", "已审核", "已公示", "归档")  # a report handed in needs no reason


class MonthlyPage(QWidget):
    """月度实绩: the month's reports, 缺报统计 and 连续缺报."""

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.spec = ctx, spec
        self.entries: dict[str, CadreMonth] = {}  # the month's statuses by cadre id, as last read
        self.unit_order: dict[str, int] = {}
        self.loaded_tabs: set[int] = set()
        self.dialog = None  # the report or excuse dialog last opened (tests drive it)
        self.files = MonthlyFiles(ctx, self)
        self.reports_model, self.gaps_model, self.flags_model = ReportsModel(self), GapsModel(self), flags_model(self)
        self._build_filters()
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_row)
        layout.addLayout(self.file_buttons)
        layout.addWidget(self.tabs, 1)
        self._install_shortcuts()
        self.month_chooser.set_month(month_of(ctx.today()))
        self.month_chooser.month_changed.connect(lambda _m: self.load_month())

    # -- building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.month_chooser = MonthChooser()
        self.unit_filter = UnitFilter()
        self.unit_filter.setObjectName("monthly_unit")
        self.unit_filter.unit_changed.connect(self.apply_filter)
        self.search = SearchBox("搜索姓名、拼音首字母（如 zs）或全拼　Ctrl+F")
        self.search.setObjectName("monthly_search")
        self.search.setMinimumWidth(300)
        self.search.textChanged.connect(self.apply_filter)
        self.search.returnPressed.connect(self.focus_list)
        self.status_filter = choice_box(STATUSES, all_label="全部状态")
        self.status_filter.setObjectName("monthly_status")
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.count_label = QLabel()
        self.filter_row = QHBoxLayout()
        for caption, widget in (("月份(&Y)：", self.month_chooser), ("单位(&D)：", self.unit_filter),
                                (None, self.search), ("状态(&Z)：", self.status_filter)):
            if caption:
                label = QLabel(caption)
                label.setBuddy(widget.focusProxy() or widget)
                self.filter_row.addWidget(label)
            self.filter_row.addWidget(widget)
        self.filter_row.addStretch(1)
        self.filter_row.addWidget(self.count_label)
        self.note = note_label("")
        self.note.setObjectName("monthly_note")
        self.file_buttons = buttons_row((("导入实绩事项(&I)…", self.files.import_items),
                                         ("导出填写模板(&X)…", self.export_template),
                                         ("打印登记表(&P)…", self.print_forms)))
        for button, tip in zip(self.file_buttons.made, (
                "从填好的 Excel 表格导入各干部的计划和完成事项：先预览，导入为草稿，Ctrl+Z 可撤销",
                "导出本月的填写模板（当前单位，或全部单位），发给各单位填写后导入",
                "生成本月的《实绩报告登记表》PDF：已填写或空白，当前单位、所选干部或全部"), strict=True):
            button.setToolTip(tip)
            button.setAutoDefault(False)
        self.file_buttons.insertWidget(0, self.note, 1)

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("monthly_tabs")
        self.reports_view, reports_tab = list_tab(self.reports_model, REPORT_WIDTHS, "monthly_reports")
        self.buttons = buttons_row((("填写 / 查看（Enter）", self.open_report),
                                    ("登记未报说明(&M)…", self.register_excuse),
                                    ("撤销说明(&W)", self.withdraw_excuse)))
        self.buttons.addStretch(1)
        self.buttons.addWidget(note_label("登记表：Ctrl+PgDown 保存并下一位，Ctrl+Enter 提交"))
        reports_tab.layout().addLayout(self.buttons)
        self.reports_view.doubleClicked.connect(lambda _i: self.open_report())
        self.reports_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.gaps_view, gaps_tab = list_tab(self.gaps_model, GAPS_WIDTHS, "monthly_gaps", stretch=0)
        self.gaps_note = note_label("")
        gaps_tab.layout().addWidget(self.gaps_note)
        self.gaps_view.doubleClicked.connect(lambda _i: self.show_unit_reports())
        self.flags_view, flags_tab = list_tab(self.flags_model, FLAG_WIDTHS, "monthly_flags")
        self.flags_note = note_label("")
        flags_tab.layout().addWidget(self.flags_note)
        self.flags_view.doubleClicked.connect(lambda _i: self.show_flag())
        self.tabs.addTab(reports_tab, "报告(&B)")
        self.tabs.addTab(gaps_tab, "缺报统计(&Q)")
        self.tabs.addTab(flags_tab, "连续缺报(&L)")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.search.results = self.reports_view

    def _install_shortcuts(self) -> None:
        self.search.install_shortcut(self)
        for keys, slot in (("Alt+Left", self.month_chooser.step_back), ("Alt+Right", self.month_chooser.step_on)):
            QShortcut(QKeySequence(keys), self, slot)  # WindowShortcut: while this page shows
        for view, slot in ((self.reports_view, self.open_report), (self.gaps_view, self.show_unit_reports),
                           (self.flags_view, self.show_flag)):
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                widget_shortcut(view, key, slot)

    # -- loading -------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Reload when shown, and after a change of reports, reasons, posts or cadres while visible."""
        if changes is not None and (not self.isVisible() or not changes.touches(*RELOAD_ON)):
            return  # a hidden page reloads when it is shown again
        self.reload()

    def reload(self) -> None:
        today = self.ctx.today()
        units = list_units(self.ctx.reader, today)
        self.unit_order = {unit["id"]: n for n, unit in enumerate(units)}
        self.unit_filter.blockSignals(True)
        self.unit_filter.set_units(units)
        self.unit_filter.blockSignals(False)
        span = report_month_span(self.ctx.reader) or (month_of(today), month_of(today))
        this_month = month_of(today)
        self.month_chooser.blockSignals(True)
        self.month_chooser.set_range(min(span[0], months_before(this_month, 12)), max(span[1], next_month(this_month)))
        self.month_chooser.blockSignals(False)
        self.load_month()

    def load_month(self) -> None:
        """Read the month's statuses; the other tabs are read when shown."""
        month, today, reader = self.month, self.ctx.today(), self.ctx.reader
        selected = self.selected_entry()
        entries = month_statuses(reader, month, today)
        self.entries = {entry.cadre_id: entry for entry in entries}
        pinyin = name_pinyin_of(reader, list(self.entries))
        self._set_rows(self.reports_model, self.reports_view, report_rows(entries, pinyin, self.unit_order))
        self._update_note(entries)
        self.loaded_tabs = {REPORTS_TAB}
        self._tab_shown(self.tabs.currentIndex())
        self.apply_filter()
        if selected is not None:
            self.select(selected.cadre_id)

    def _tab_shown(self, tab: int) -> None:
        self.status_filter.setEnabled(tab == REPORTS_TAB)
        self.search.results = (self.reports_view, self.gaps_view, self.flags_view)[tab]
        if tab not in self.loaded_tabs:
            self.loaded_tabs.add(tab)
            (self._load_gaps if tab == GAPS_TAB else self._load_flags)()
        self.apply_filter()

    def _load_gaps(self) -> None:
        rows = [GapsRow(g, self.unit_order.get(g.unit_id, LAST), search_text(g.unit_name, *name_pinyin(g.unit_name)))
                for g in gaps_by_unit(self.ctx.reader, self.month, self.ctx.today())]
        self._set_rows(self.gaps_model, self.gaps_view, rows)

    def _load_flags(self) -> None:
        year = int(self.month[:4])
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a year of months: ≈0.3 s for a prefecture
        try:
            flags = report_flags(self.ctx.reader, year, self.ctx.today())
        finally:
            QApplication.restoreOverrideCursor()
        pinyin = name_pinyin_of(self.ctx.reader, [flag.cadre_id for flag in flags])
        rows = [FlagRow(f, *pinyin.get(f.cadre_id, ("", "")), self.unit_order.get(f.unit_id, LAST)) for f in flags]
        self._set_rows(self.flags_model, self.flags_view, rows)
        self.flags_note.setText(f"{year}年内连续两个月未报或内容空洞、且无正当理由（未登记说明）的干部，"
                                f"共 {len(flags)} 人：年度考核按规则 8 定为不称职。Enter 查看第二个月的报告。")

    @staticmethod
    def _set_rows(model, view, rows) -> None:
        header = view.horizontalHeader()
        model.set_rows(rows)
        model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _update_note(self, entries: list[CadreMonth]) -> None:
        month, today = self.month, self.ctx.today()
        due = due_date(month, due_day_setting(self.ctx.reader))
        when = "已过截止日期" if today > due else ("今天截止" if today == due else "尚未到期")
        counts = {status: sum(1 for e in entries if e.status == status) for status in STATUSES}
        shown = "　".join(f"{status} {count}" for status, count in counts.items() if count)
        self.note.setText(f"{month_label(month)}报告截止日期 {format_date_cn(due)}（{when}）。"
                          f"应报 {len(entries)} 人{'：' + shown if shown else ''}")

    @property
    def month(self) -> str:
        return self.month_chooser.month()

    # -- filtering -----------------------------------------------------------------------------
    def apply_filter(self) -> None:
        tab, text, unit_id = self.tabs.currentIndex(), self.search.text(), self.unit_filter.unit_id()
        if tab == REPORTS_TAB:
            selected = self.selected_entry()
            status = self.status_filter.currentData()
            self.reports_model.set_filter(text, lambda r: (unit_id is None or r.entry.unit_id == unit_id)
                                          and (status is None or r.entry.status == status))
            if selected is not None:
                self.select(selected.cadre_id)
            self.count_label.setText(f"显示 {self.reports_model.rowCount()} / {self.reports_model.total} 人")
        elif tab == GAPS_TAB:
            self.gaps_model.set_filter(text, lambda g: unit_id is None or g.gaps.unit_id == unit_id)
            shown = [self.gaps_model.row_at(n) for n in range(self.gaps_model.rowCount())]
            total = gaps_total(shown)
            self.count_label.setText(f"显示 {len(shown)} / {self.gaps_model.total} 个单位")
            self.gaps_note.setText("合计：" + "　".join(f"{k} {v}" for k, v in total.items())
                                   + "。Enter 或双击查看该单位的报告。")
        else:
            self.flags_model.set_filter(text, lambda f: unit_id is None or f.flag.unit_id == unit_id)
            self.count_label.setText(f"显示 {self.flags_model.rowCount()} / {self.flags_model.total} 人")
        self._update_buttons()

    def focus_list(self) -> None:
        view = self.search.results
        if view.model().rowCount() and not view.currentIndex().isValid():
            select_row(view, 0)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- selection -----------------------------------------------------------------------------
    def selected_entry(self) -> CadreMonth | None:
        index = self.reports_view.currentIndex()
        row = self.reports_model.row_at(index.row()) if index.isValid() else None
        return self.entries.get(row.cadre_id, row.entry) if row is not None else None

    def select(self, cadre_id: str) -> bool:
        row = self.reports_model.row_of(cadre_id)
        if row >= 0:
            select_row(self.reports_view, row)
        self._update_buttons()
        return row >= 0

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        open_button, excuse_button, withdraw_button = self.buttons.made
        open_button.setEnabled(entry is not None)
        excuse_button.setEnabled(entry is not None and entry.report_state not in NO_EXCUSE_AFTER)
        withdraw_button.setEnabled(entry is not None and bool(entry.excuse))

    def _require_entry(self) -> CadreMonth | None:
        entry = self.selected_entry()
        if entry is None:
            show_status(self, "请先在列表中选中一名干部。", 4000)
        return entry

    # -- actions -------------------------------------------------------------------------------
    def open_report(self) -> None:
        """填写 / 查看 (Enter): the form of the selected cadre; 下一位 follows the list as shown now."""
        from desktop_app.gui.dialogs.report_dialog import ReportDialog

        entry = self._require_entry()
        if entry is None:
            return
        sequence = [self.reports_model.row_at(n).entry for n in range(self.reports_model.rowCount())]
        position = next(n for n, e in enumerate(sequence) if e.cadre_id == entry.cadre_id)
        self.dialog = ReportDialog(self.ctx, self.month, sequence, position,
                                   lambda cadre_id: self.entries.get(cadre_id), self,  # read anew after each change
                                   printer=self.files)
        self.dialog.current_changed.connect(self.select)
        self.dialog.finished.connect(lambda _r: self.reports_view.setFocus(Qt.FocusReason.OtherFocusReason))
        self.dialog.open()

    def register_excuse(self) -> None:
        """登记未报说明…: a reason for a month without a report handed in."""
        from desktop_app.gui.dialogs.excuse_dialog import ExcuseDialog

        entry = self._require_entry()
        if entry is None:
            return
        if entry.report_state in NO_EXCUSE_AFTER:
            show_status(self, f"{entry.name} 的报告已{entry.report_state}，无需登记未报说明。")
            return
        self.dialog = ExcuseDialog(self.ctx, entry, self)
        self.dialog.saved.connect(lambda cadre_id: (self.select(cadre_id), show_status(
            self, f"已登记 {entry.name} {month_label(entry.month)}的未报说明（Ctrl+Z 可撤销）。")))
        self.dialog.open()

    def withdraw_excuse(self) -> None:
        """撤销说明: the reason was not accepted after all; the month counts as 未报 again when due."""
        entry = self._require_entry()
        if entry is None or not entry.excuse:
            return
        if not confirm(self, "撤销未报说明", f"撤销 {entry.name} {month_label(entry.month)}的未报说明（{entry.excuse}）吗？"
                       "\n撤销后该月按未报统计，可以用 Ctrl+Z 恢复。", action="撤销说明"):
            return
        store, cadre_id, month = self.ctx.store, entry.cadre_id, entry.month
        self.ctx.runner.run(lambda: withdraw_excuse(store, cadre_id, month), parent=self,
                            on_done=lambda _c: show_status(self, f"已撤销 {entry.name} 的未报说明（Ctrl+Z 可恢复）。"))

    def export_template(self) -> None:
        """导出填写模板… (Alt+X): for the month and unit shown (all units when 全部单位)."""
        self.files.export_template(self.month, self.unit_filter.unit_id(), self.unit_filter.unit_name())

    def print_forms(self) -> None:
        """打印登记表… (Alt+P): filled or blank, for the unit shown, the cadre selected or everyone."""
        unit_id = self.unit_filter.unit_id()
        scopes = print_scopes(list(self.entries.values()), unit_id, self.unit_filter.unit_name() or "",
                              self.selected_entry() if self.tabs.currentIndex() == REPORTS_TAB else None)
        self.files.choose_forms(self.month, scopes, "unit" if unit_id else "all")

    def show_unit_reports(self) -> None:
        """缺报统计 → 报告 of the unit chosen (Enter / double click)."""
        index = self.gaps_view.currentIndex()
        row = self.gaps_model.row_at(index.row()) if index.isValid() else None
        if row is None:
            return
        self.search.clear()
        self.unit_filter.set_unit(row.gaps.unit_id)
        self.tabs.setCurrentIndex(REPORTS_TAB)
        self.focus_list()

    def show_flag(self) -> None:
        """连续缺报 → the cadre's report of the second month of the pair (Enter / double click)."""
        index = self.flags_view.currentIndex()
        row = self.flags_model.row_at(index.row()) if index.isValid() else None
        if row is None:
            return
        self.search.clear()
        self.status_filter.setCurrentIndex(0)
        self.unit_filter.set_unit(None)
        self.tabs.setCurrentIndex(REPORTS_TAB)
        self.month_chooser.set_month(row.flag.months[1])
        if self.select(row.flag.cadre_id):
            self.reports_view.setFocus(Qt.FocusReason.OtherFocusReason)


def months_before(month: str, count: int) -> str:
    """The month `count` months before `month`."""
    year, number = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 - count, 12)
    return f"{year:04d}-{number + 1:02d}"

