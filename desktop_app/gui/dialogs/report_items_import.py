"""导入实绩事项: monthly report plans and items from a workbook, previewed before anything is written.

The shared preview (PreviewImportDialog): the workbook is read and judged on the worker by
core `read_report_items`; the preview shows one row per report the import would write (新建 /
替换草稿, or 有问题 when that month's report was already handed in) and every row of the file
with a problem (第N行 and why); 导入 writes the valid reports as drafts in one batch — one undo
step — skipping the rows with problems after asking.
"""

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.months import month_label
from desktop_app.core.report_items_import import (
    ReportGroup,
    ReportImportPlan,
    RowProblem,
    apply_report_import,
    read_report_items,
)
from desktop_app.gui.dialogs.import_dialog import ProblemRowsModel
from desktop_app.gui.dialogs.skipping_import import SkippingImportDialog, rows_text
from desktop_app.gui.models.table_model import Column, RowTableModel

ACTIONS = {"新建": "create", "替换草稿": "update", "有问题": "reject"}
ACTION_ORDER = {"reject": 0, "create": 1, "update": 2}
COLUMN_WIDTHS = (96, 80, 84, 64, 78, 76)


@dataclass(frozen=True)
class PreviewRow:
    """A line of the preview: a report to write (`group`) or a row of the file with a problem."""

    key: str
    row: int  # the first row of the file it stands for (the preview's order)
    rows_text: str  # 第5行 / 第5–6行
    name: str
    month: str
    action: str  # create / update / reject, as the base dialog counts them
    label: str  # 新建 / 替换草稿 / 有问题
    note: str
    group: ReportGroup | None = None

    @property
    def plans(self) -> str:
        return str(len(self.group.plans)) if self.group else ""

    @property
    def items(self) -> str:
        return str(len(self.group.items)) if self.group else ""


@dataclass(frozen=True)
class ReportPreview:
    """The core plan as the preview dialog reads a plan: `rows`, `counts` and `rejected`."""

    plan: ReportImportPlan
    rows: list[PreviewRow]
    counts: dict[str, int]  # create / update: reports; reject: rows of the file with a problem
    rejected: list[PreviewRow]  # the rows of the file with a problem (skipped on 导入)

    @property
    def blocked(self) -> int:
        """Reports the file would change that were already handed in."""
        return sum(1 for row in self.rows if row.group is not None and row.action == "reject")


def group_row(group: ReportGroup) -> PreviewRow:
    note = group.problem or ("原有草稿的计划和事项将以表格为准" if group.action == "替换草稿" else "")
    return PreviewRow(f"report:{group.cadre_id}:{group.month}", min(group.rows), rows_text(group.rows), group.name,
                      group.month, ACTIONS[group.action], group.action, note, group)


def problem_row(problem: RowProblem) -> PreviewRow:
    return PreviewRow(f"row:{problem.row}", problem.row, f"第{problem.row}行", problem.name, problem.month,
                      "reject", "有问题", problem.reason)


def preview_of(plan: ReportImportPlan) -> ReportPreview:
    """The reports to write, then the rows with problems, in the order of the file."""
    reports = [group_row(group) for group in plan.groups]
    problems = [problem_row(problem) for problem in plan.problems]
    counts = {"create": sum(1 for g in plan.ready if g.action == "新建"),
              "update": sum(1 for g in plan.ready if g.action == "替换草稿"), "reject": len(problems)}
    rows = sorted(reports + problems, key=lambda r: (r.row, r.group is None))
    return ReportPreview(plan, rows, counts, problems)


def month_text(month: str) -> str:
    """2025年12月, or what the file says when it is no month."""
    try:
        return month_label(month)
    except (ValueError, IndexError):
        return str(month)


class ReportPreviewModel(ProblemRowsModel):
    """The preview's lines; a line with a problem on light red, its 处理 and 说明 in red."""

    def __init__(self, parent=None):
        columns = (
            Column("行号", lambda r: r.rows_text, lambda r: (r.row, r.group is None)),
            Column("姓名", lambda r: r.name),
            Column("月份", lambda r: month_text(r.month), lambda r: (r.month, r.row)),
            Column("计划项数", lambda r: r.plans, lambda r: (len(r.group.plans) if r.group else -1, r.row),
                   align_right=True),
            Column("完成事项数", lambda r: r.items, lambda r: (len(r.group.items) if r.group else -1, r.row),
                   align_right=True),
            Column("处理", lambda r: r.label, lambda r: (ACTION_ORDER[r.action], r.row, r.group is None)),
            Column("说明 / 问题", lambda r: r.note),
        )
        super().__init__(columns, lambda r: r.key, self._search_text, parent)

    @staticmethod
    def _search_text(row: PreviewRow) -> str:
        return " ".join((row.rows_text, row.name, row.month, month_text(row.month), row.label, row.note))


class ReportItemsImportDialog(SkippingImportDialog):
    """导入实绩事项: the reports a workbook would write as drafts; 导入 writes the valid ones."""

    title = "导入实绩事项"
    reading_text = "正在读取实绩事项…"
    importing_text = "正在导入实绩事项…"
    search_hint = "按姓名、月份、问题筛选（Ctrl+F）"
    empty_text = "文件中没有填写任何工作事项（只有单位、姓名的模板行不算数据）。"
    nothing_to_write_text = "没有可以导入的报告：所有报告都有问题（如已提交），或文件中没有填写事项。"
    column_widths = COLUMN_WIDTHS
    size = (940, 600)
    noun = "报告"
    import_note = "\n导入的报告为草稿，请核对后提交。"
    apply_import = staticmethod(apply_report_import)

    def make_model(self) -> RowTableModel:
        return ReportPreviewModel(self)

    def read_and_plan(self) -> Callable[[], tuple]:
        db, path = self.ctx.db, self.path

        def read_and_plan() -> tuple[ReportImportPlan, ReportPreview]:
            plan = read_report_items(db, path)
            return plan, preview_of(plan)

        return read_and_plan

    def source_text(self, plan: ReportImportPlan) -> str:
        return f"文件：{plan.filename}（涉及 {len(plan.groups)} 份月度报告，每人每月一份）　位置：{self.path.parent}"

    def summary(self, preview: ReportPreview) -> str:
        """将新建 2 份、替换草稿 1 份报告（草稿）；有问题 3 行（其中 1 份报告已提交，不能覆盖）."""
        counts = preview.counts
        text = f"将新建 {counts['create']} 份、替换草稿 {counts['update']} 份报告（均为草稿）"
        if counts["reject"]:
            text += f"；有问题 {counts['reject']} 行"
            if preview.blocked:
                text += f"（其中 {preview.blocked} 份报告已提交或已审核，不能用表格覆盖）"
        return text

    def rest_text(self, counts: dict[str, int]) -> str:
        return f"新建 {counts['create']} 份、替换草稿 {counts['update']} 份报告"

    def imported_text(self, counts: dict[str, int]) -> str:
        return f"已导入实绩事项：{self.rest_text(counts)}。"
