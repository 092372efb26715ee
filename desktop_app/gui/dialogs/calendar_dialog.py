"""工作日历: which days are working days, year by year; entering and importing a year's schedule.

The bundled schedule (国务院公布的放假安排) covers 2004–2026; for later years the operator
types the days in (设为休息日 / 设为工作日（调休）/ 恢复默认) or imports them from a small file.
Days in the database win over the bundled ones. Each change runs on the worker as one undo
step (Ctrl+Z works here too). Keys: PgUp/PgDn the year, arrows the day, Shift+arrows a run of
days, Alt+X 设为休息日, Alt+B 设为工作日, Delete or Alt+R 恢复默认, Ctrl+F the list's filter.
"""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.calendar_days import MAX_NAME, clear_days, list_days, set_days
from desktop_app.core.errors import ValidationError
from desktop_app.core.store import Changes
from desktop_app.core.workdays import (
    DAY_OFF,
    FIRST_YEAR,
    LAST_YEAR,
    WORKING_DAY,
    date_range_cn,
    load_calendar,
)
from desktop_app.gui.dialogs.calendar_grid import YearGrid
from desktop_app.gui.dialogs.calendar_import import export_schedule_template, import_schedule_file
from desktop_app.gui.dialogs.calendar_tools import WorkdayCalculator, legend
from desktop_app.gui.dialogs.tool_dialog import YearToolDialog
from desktop_app.gui.errors import show_error
from desktop_app.gui.list_panel import bar
from desktop_app.gui.models.calendar_models import EnteredDaysModel, day_description, year_status
from desktop_app.gui.widgets import (
    ERROR_STYLE,
    SearchBox,
    ValidatedForm,
    add_shortcut,
    note_label,
    push_button,
    table_view,
)

STATUS_STYLE = "font-weight: bold;"
WARNING_STYLE = f"{ERROR_STYLE} font-weight: bold;"
SIDE_WIDTH = 340


def change_message(note: str) -> str:
    """What a change made elsewhere (撤销, 重做, 导入, another window) did, e.g. 已撤销：工作日历：…"""
    if note.startswith("撤销：撤销："):
        return f"已重做：{note.removeprefix('撤销：撤销：')}"
    if note.startswith(("撤销：", "导入")):
        return f"已{note}"
    return f"工作日历已更新：{note.removeprefix('工作日历：')}"


class CalendarDialog(YearToolDialog, QDialog):
    """The working-day calendar of `ctx`'s database, opened on the year of `ctx.today()`."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        today = date.fromisoformat(ctx.today())
        self.calendar = load_calendar(ctx.reader)
        self.setWindowTitle("工作日历")
        self.grid = YearGrid(today.year, self.calendar, self)
        self.grid.current_changed.connect(self._show_selection)
        self.calculator = WorkdayCalculator(self.calendar, today, self)
        self.calculator.use_button.clicked.connect(lambda: self.calculator.set_start(self.grid.current))
        layout = QVBoxLayout(self)
        layout.addLayout(self.year_row(today.year, FIRST_YEAR, LAST_YEAR, ("calendar_year", "calendar_status"),
                                       lambda _year: self.reload()))
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.grid)
        left.addWidget(legend())
        left.addStretch(1)
        body.addLayout(left)
        body.addLayout(self._build_side(), 1)
        layout.addLayout(body, 1)
        self.message = QLabel()
        self.message.setObjectName("calendar_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons())
        self._install_shortcuts(parent)
        self._set_tab_order()
        self.follow_changes()
        self.reload()
        self.grid.go_to(today)

    # -- building ------------------------------------------------------------------------------
    def _build_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        side.addWidget(self._build_editor())
        side.addWidget(self._build_entered(), 1)
        side.addWidget(self.calculator)
        for index in range(side.count()):
            side.itemAt(index).widget().setMinimumWidth(SIDE_WIDTH)
        return side

    def _build_editor(self) -> QGroupBox:
        box = QGroupBox("所选日期")
        self.selection_label = QLabel()
        self.selection_label.setObjectName("calendar_selection")
        self.selection_label.setWordWrap(True)
        self.form = ValidatedForm()
        self.form.form.setContentsMargins(0, 0, 0, 0)
        self.name_edit = self.form.add("name", "名称(&N)：", QLineEdit(), "如 国庆节（可不填）")
        self.name_edit.setMaxLength(MAX_NAME + 10)  # longer names get a message, not a silent cut
        self.off_button = push_button("设为休息日(&X)", "所选日期放假（Alt+X）", lambda: self.set_selected(DAY_OFF))
        self.work_button = push_button("设为工作日（调休）(&B)", "所选日期上班，如调休上班的周六、周日（Alt+B）",
                                       lambda: self.set_selected(WORKING_DAY))
        self.clear_button = push_button("恢复默认(&R)", "删去所选日期的录入，按软件内置安排或周末推算（Delete 或 Alt+R）",
                                        self.clear_selected)
        buttons = QGridLayout()
        for position, button in enumerate((self.off_button, self.work_button, self.clear_button)):
            button.setAutoDefault(False)
            buttons.addWidget(button, position // 2, position % 2)
        layout = QVBoxLayout(box)
        layout.addWidget(self.selection_label)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(note_label("方向键选日期，Shift+方向键选连续几天。录入的日子以粗体加下划线显示，以录入为准。"))
        return box

    def _build_entered(self) -> QGroupBox:
        box = QGroupBox("本年已录入的日子")
        self.search = SearchBox("按日期、名称筛选（Ctrl+F）", self)
        self.search.setMinimumWidth(180)
        self.search.install_shortcut(self)
        self.search.textChanged.connect(self._apply_filter)
        self.entered_model = EnteredDaysModel(self)
        self.entered_view = table_view(self)
        self.entered_view.setObjectName("calendar_entered")
        self.entered_view.setModel(self.entered_model)
        self.entered_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((130, 70)):
            self.entered_view.setColumnWidth(column, width)
        self.entered_view.activated.connect(self._go_to_entered)
        self.search.results = self.entered_view
        self.search.returnPressed.connect(lambda: self.entered_view.setFocus())
        self.entered_count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.entered_count)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.entered_view, 1)
        return box

    def _build_buttons(self) -> QHBoxLayout:
        self.import_button = push_button("导入放假安排(&I)…", "从 Excel（.xlsx）或 CSV 文件导入一年的放假安排，先预览再导入",
                                         self.import_schedule)
        self.template_button = push_button("导出模板(&T)…", "保存一个可填写的放假安排模板（日期、类型、名称）",
                                           self.export_template)
        self.close_button = push_button("关闭", "", self.reject)
        row = bar(self.import_button, self.template_button, end=(self.close_button,))
        for button in (self.import_button, self.template_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the name box must not close the dialog
        return row

    def _install_shortcuts(self, parent: QWidget | None) -> None:
        self.install_year_keys(parent)
        add_shortcut(QKeySequence.StandardKey.Delete, self.grid, self.clear_selected,
                     Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_shortcut(QKeySequence.StandardKey.Delete, self.entered_view, self._clear_entered,
                     Qt.ShortcutContext.WidgetShortcut)

    def _set_tab_order(self) -> None:
        """Year, the grid (only the current month takes Tab), the editor, the list, 推算, the files."""
        calculator = self.calculator
        order = (self.year_spin, *self.grid.views, self.name_edit, self.off_button, self.work_button,
                 self.clear_button, self.search, self.entered_view, calculator.start_edit, calculator.use_button,
                 calculator.workdays_spin, self.import_button, self.template_button, self.close_button)
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    # -- showing -------------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.year_spin.value()

    def reload(self) -> None:
        """Read the calendar again and show the chosen year (after a change, or another year)."""
        self.calendar = load_calendar(self.ctx.reader)
        entered = list_days(self.ctx.reader, self.year)
        text, warning = year_status(self.calendar, self.year, len(entered))
        self.status_label.setText(text)
        self.status_label.setStyleSheet(WARNING_STYLE if warning else STATUS_STYLE)
        self.grid.set_calendar(self.year, self.calendar)
        self.entered_model.set_rows(entered)
        header = self.entered_view.horizontalHeader()
        self.entered_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._apply_filter()
        self.calculator.set_calendar(self.calendar)
        self._show_selection()

    def _apply_filter(self) -> None:
        self.entered_model.set_filter(self.search.text())
        total, shown = self.entered_model.total, self.entered_model.rowCount()
        self.entered_count.setText(f"共 {total} 天" if shown == total else f"显示 {shown} / {total} 天")

    def _show_selection(self, _day=None) -> None:
        days = self.grid.selected_days()
        if len(days) == 1:
            self.selection_label.setText(day_description(self.calendar, days[0]))
            entered = self.calendar.table_day(days[0])
            if entered is not None and entered.name:
                self.name_edit.setText(entered.name)
        else:
            self.selection_label.setText(f"已选 {date_range_cn(days[0], days[-1])}，共 {len(days)} 天")
        self.form.clear_problems()

    def _on_changed(self, changes: Changes) -> None:
        if self._open and changes.touches("calendar_days"):
            self.reload()
            self.message.setText(change_message(changes.note))

    # -- editing -------------------------------------------------------------------------------
    def set_selected(self, kind: str) -> None:
        """设为休息日 / 设为工作日 for the selected days, with the name typed (one undo step)."""
        days, name, store = self.grid.selected_days(), self.form.value("name"), self.ctx.store
        self.form.clear_problems()
        self._run(lambda: set_days(store, days, kind, name), "所选日期已是如此，无需修改。")

    def clear_selected(self) -> None:
        """恢复默认: the selected days follow the bundled schedule (or weekends) again."""
        days, store = self.grid.selected_days(), self.ctx.store
        self._run(lambda: clear_days(store, days), "所选日期没有录入，本来就是默认安排。")

    def _clear_entered(self) -> None:
        index = self.entered_view.currentIndex()
        entry = self.entered_model.row_at(index.row()) if index.isValid() else None
        if entry is not None:
            store = self.ctx.store
            self._run(lambda: clear_days(store, [entry.day]), "")

    def _run(self, work, unchanged: str) -> None:
        def done(changes: Changes) -> None:
            if self._open:
                self.message.setText(f"已保存：{changes.note.removeprefix('工作日历：')}。可按 Ctrl+Z 撤销。"
                                     if not changes.empty else unchanged)

        self.ctx.runner.run(work, on_done=done, on_error=self._refused, parent=self)

    def _refused(self, error: BaseException) -> None:
        if not self._open:  # closed meanwhile: the message still reaches the operator
            show_error(None, error)
        elif isinstance(error, ValidationError) and set(error.problems) <= {"name"}:
            self.form.show_problems(error.problems)
        else:
            show_error(self, error)

    def _go_to_entered(self, index) -> None:
        entry = self.entered_model.row_at(index.row())
        if entry is not None:
            self.grid.go_to(entry.day)

    # -- files ---------------------------------------------------------------------------------
    def import_schedule(self):
        """导入放假安排…: choose a file, preview its plan, import (on the worker, one undo step)."""
        return import_schedule_file(self.ctx, self)

    def export_template(self) -> None:
        """导出模板…: an .xlsx with the header 日期 / 类型 / 名称 and example rows."""
        export_schedule_template(self.ctx, self, lambda target: self._template_written(target))

    def _template_written(self, target: str) -> None:
        if self._open:
            self.message.setText(f"已导出模板：{target}（填好后点“导入放假安排”）")

    # -- opening and closing ---------------------------------------------------------------------
    def refresh(self) -> None:
        self.reload()

