"""导入计票: the tallies of a filled-in template, previewed before anything is written.

The shared preview (PreviewImportDialog): core `read_tallies` reads and judges the workbook on the
worker against the registered sessions; the preview shows one line per cadre it would write
(新增, 更新 when a tally was entered before, 无变化) and each row of the file with a problem (第N行
and why: no session, not on the ballot, more votes than valid ballots…). 导入 writes the valid
tallies in one undo step, skipping the rows with problems after asking.
"""

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.evaluations import tallies_of
from desktop_app.core.tally_import import TallyImportPlan, TallyRowProblem, apply_tally_import, read_tallies
from desktop_app.gui.dialogs.import_dialog import ProblemRowsModel
from desktop_app.gui.dialogs.skipping_import import SkippingImportDialog, rows_text
from desktop_app.gui.models.table_model import Column, RowTableModel

LABELS = {"create": "新增", "update": "更新", "unchanged": "无变化", "reject": "有问题"}
ACTION_ORDER = {"reject": 0, "create": 1, "update": 2, "unchanged": 3}
COLUMN_WIDTHS = (96, 200, 80, 150, 70)


@dataclass(frozen=True)
class TallyLine:
    """A line of the preview: a cadre's tally to write, or a row of the file with a problem."""

    key: str
    row: int
    rows_text: str
    session: str  # 丹江镇 2025年第4季度
    name: str
    categories: str
    action: str
    note: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.action]


@dataclass(frozen=True)
class TallyPreview:
    """The core plan as the preview dialog reads a plan: `rows`, `counts` and `rejected`."""

    plan: TallyImportPlan
    rows: list[TallyLine]
    counts: dict[str, int]
    rejected: list[TallyLine]


def preview_of(db, plan: TallyImportPlan) -> TallyPreview:
    """The tallies to write (against those entered before), then the rows with problems, in file order."""
    lines = []
    for tallies in plan.sessions:
        before = tallies_of(db, tallies.session["id"])
        for cadre_id, counts in tallies.counts.items():
            action = "create" if cadre_id not in before else "unchanged" if before[cadre_id] == counts else "update"
            rows = tallies.rows[cadre_id]
            lines.append(TallyLine(f"tally:{tallies.session['id']}:{cadre_id}", min(rows), rows_text(rows),
                                   tallies.label, tallies.names[cadre_id], "、".join(n for n in counts if n), action,
                                   "将替换已录入的票数" if action == "update" else ""))
    problems = [problem_line(p) for p in plan.problems]
    counts = {action: sum(1 for line in lines if line.action == action) for action in ("create", "update", "unchanged")}
    counts["reject"] = len(problems)
    return TallyPreview(plan, sorted(lines + problems, key=lambda line: (line.row, line.action != "reject")), counts,
                        problems)


def problem_line(problem: TallyRowProblem) -> TallyLine:
    return TallyLine(f"row:{problem.row}", problem.row, f"第{problem.row}行", "", problem.name, "", "reject",
                     problem.reason)


class TallyPreviewModel(ProblemRowsModel):
    """The preview's lines; a line with a problem on light red, its 处理 and 说明 in red."""

    def __init__(self, parent=None):
        columns = (
            Column("行号", lambda r: r.rows_text, lambda r: (r.row, r.action != "reject")),
            Column("测评会", lambda r: r.session),
            Column("姓名", lambda r: r.name),
            Column("类别", lambda r: r.categories),
            Column("处理", lambda r: r.label, lambda r: (ACTION_ORDER[r.action], r.row)),
            Column("说明 / 问题", lambda r: r.note),
        )
        super().__init__(columns, lambda r: r.key,
                         lambda r: " ".join((r.rows_text, r.session, r.name, r.categories, r.label, r.note)), parent)


class TallyImportDialog(SkippingImportDialog):
    """导入计票: the tallies a workbook would write; 导入 writes the valid ones (one undo step).
    `aspects` are the short names of the year's aspects (the template's column groups)."""

    title = "导入计票"
    reading_text = "正在读取计票…"
    importing_text = "正在导入计票…"
    search_hint = "按单位、姓名、问题筛选（Ctrl+F）"
    empty_text = "文件中没有填写任何票数（只有单位、姓名的模板行不算数据）。"
    nothing_to_write_text = "没有需要写入的计票：票数与已录入的一致，或所有行都有问题。"
    column_widths = COLUMN_WIDTHS
    size = (960, 600)
    noun = "计票"
    apply_import = staticmethod(apply_tally_import)

    def __init__(self, ctx, path, aspects: list[str], parent=None):
        self.aspects = list(aspects)
        super().__init__(ctx, path, parent)

    def make_model(self) -> RowTableModel:
        return TallyPreviewModel(self)

    def read_and_plan(self) -> Callable[[], tuple]:
        db, path, aspects = self.ctx.db, self.path, self.aspects

        def read_and_plan() -> tuple[TallyImportPlan, TallyPreview]:
            plan = read_tallies(db, path, aspects)
            return plan, preview_of(db, plan)

        return read_and_plan

    def source_text(self, plan: TallyImportPlan) -> str:
        return f"文件：{plan.filename}（涉及 {len(plan.sessions)} 次测评会）　位置：{self.path.parent}"

    def summary(self, preview: TallyPreview) -> str:
        counts = preview.counts
        text = f"将新增 {counts['create']} 人、更新 {counts['update']} 人的计票，无变化 {counts['unchanged']} 人"
        return text + (f"；有问题 {counts['reject']} 行" if counts["reject"] else "")

    def rest_text(self, counts: dict[str, int]) -> str:
        return f"新增 {counts['create']} 人、更新 {counts['update']} 人的计票"

    def imported_text(self, counts: dict[str, int]) -> str:
        return f"已导入计票：新增 {counts['create']} 人、更新 {counts['update']} 人。"
