"""导入放假安排 / 导出模板 for the working-day calendar: a year's schedule from a small .xlsx or .csv.

The same preview as the roster's import (PreviewImportDialog): the file is read and planned on
the worker, every row is shown with what it would do (新增 / 修改 / 无变化 / 有问题 and why),
and only 导入 writes — the valid rows, in one batch (one undo step).
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.calendar_days import (
    PlannedDay,
    SchedulePlan,
    apply_schedule,
    export_template,
    plan_schedule,
)
from desktop_app.core.calendar_files import ScheduleFile, ScheduleRow, read_schedule
from desktop_app.core.store import Changes
from desktop_app.gui.dialogs.import_dialog import PreviewImportDialog, ProblemRowsModel, with_xlsx_suffix
from desktop_app.gui.dialogs.skipping_import import imported_message
from desktop_app.gui.models.table_model import Column, RowTableModel
from desktop_app.gui.widgets import open_chosen_file

SCHEDULE_FILTER = "放假安排 (*.xlsx *.csv);;Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"
TEMPLATE_FILTER = "Excel 工作簿 (*.xlsx)"
ACTION_LABELS = {"create": "新增", "update": "修改", "unchanged": "无变化", "reject": "有问题"}
ACTION_ORDER = {"reject": 0, "create": 1, "update": 2, "unchanged": 3}
COLUMN_WIDTHS = (56, 110, 70, 130, 70)


class SchedulePlanModel(ProblemRowsModel):
    """The rows of a schedule file and what importing each would do (rows with a problem in red);
    a row with a problem shows what the file says (`file_rows`), the others what would be written."""

    def __init__(self, parent=None):
        self.file_rows: dict[int, ScheduleRow] = {}
        columns = (
            Column("行号", lambda r: str(r.row), lambda r: r.row, align_right=True),
            Column("日期", lambda r: self.cell_text(r, "day")),
            Column("类型", lambda r: self.cell_text(r, "kind")),
            Column("名称", lambda r: self.cell_text(r, "name")),
            Column("处理", lambda r: ACTION_LABELS[r.action], lambda r: (ACTION_ORDER[r.action], r.row)),
            Column("说明 / 问题", lambda r: r.reason),
        )
        super().__init__(columns, lambda r: str(r.row), self._search_text, parent)

    def cell_text(self, row: PlannedDay, attribute: str) -> str:
        source = row.entry if row.entry is not None else self.file_rows.get(row.row)
        value = getattr(source, attribute, "") if source is not None else ""
        return value.isoformat() if isinstance(value, date) else str(value)

    def _search_text(self, row: PlannedDay) -> str:
        return " ".join((str(row.row), *(self.cell_text(row, a) for a in ("day", "kind", "name")),
                         ACTION_LABELS[row.action], row.reason))


def schedule_summary(plan: SchedulePlan) -> str:
    """将新增 8 天、修改 1 天、无变化 0 天、有问题 1 行."""
    counts = plan.counts
    return (f"将新增 {counts['create']} 天、修改 {counts['update']} 天、无变化 {counts['unchanged']} 天、"
            f"有问题 {counts['reject']} 行")


class ScheduleImportDialog(PreviewImportDialog):
    """导入放假安排: the plan of a schedule file; 导入 writes its valid rows."""

    title = "导入放假安排"
    reading_text = "正在读取放假安排…"
    importing_text = "正在导入放假安排…"
    search_hint = "按日期、名称、问题筛选（Ctrl+F）"
    empty_text = "文件中没有数据行。"
    nothing_to_write_text = "没有需要写入的行：文件与工作日历一致，或所有行都有问题。"
    column_widths = COLUMN_WIDTHS
    size = (860, 560)

    def make_model(self) -> RowTableModel:
        return SchedulePlanModel(self)

    def read_and_plan(self) -> Callable[[], tuple]:
        db, path = self.ctx.db, self.path

        def read_and_plan() -> tuple[ScheduleFile, SchedulePlan]:
            schedule = read_schedule(path)
            return schedule, plan_schedule(db, schedule)

        return read_and_plan

    def _show_plan(self, loaded: tuple[ScheduleFile, SchedulePlan]) -> None:
        self.model.file_rows = {row.row: row for row in loaded[0].rows}
        super()._show_plan(loaded)

    def apply_work(self, plan: SchedulePlan) -> Callable:
        store = self.ctx.store
        return lambda: apply_schedule(store, plan)

    def source_text(self, source: ScheduleFile) -> str:
        return f"文件：{source.filename}（表头在第 {source.header_row} 行，数据 {len(source.rows)} 行）"

    def summary(self, plan: SchedulePlan) -> str:
        return schedule_summary(plan)

    def problem_hint(self, rejected: int) -> str:
        return f"有问题的 {rejected} 行（浅红色）不会导入。可在文件中改正后重新导入，或跳过这些行只导入其余各行。"

    def result_message(self, result: Changes) -> str:
        return imported_message(f"已导入放假安排：{self.writable_rows} 天。", len(self.plan.rejected) if self.plan else 0)


def import_schedule_file(ctx, parent: QWidget) -> ScheduleImportDialog | None:
    """Ask for a schedule file and open its preview (window-modal, deleted when closed); None when cancelled."""
    return open_chosen_file(parent, "导入放假安排", SCHEDULE_FILTER, lambda path: ScheduleImportDialog(ctx, path, parent))


def export_schedule_template(ctx, parent: QWidget, on_done: Callable[[str], None]) -> str | None:
    """Ask where to save the template (日期 / 类型 / 名称), write it on the worker; None when cancelled."""
    default = Path.home() / "放假安排模板.xlsx"
    chosen, _filter = QFileDialog.getSaveFileName(parent, "导出放假安排模板", str(default), TEMPLATE_FILTER)
    if not chosen:
        return None
    target = with_xlsx_suffix(chosen)
    ctx.runner.run(lambda: export_template(target), on_done=lambda _path: on_done(target), parent=parent,
                   undoable=False)
    return target
