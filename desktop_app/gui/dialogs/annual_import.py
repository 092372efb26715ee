"""导入年度考核数据: the inputs of a filled-in template, previewed before anything is written.

The shared preview (PreviewImportDialog): core `read_inputs` reads and judges the workbook on the
worker against the year's subjects and scales; the preview shows one line per team or cadre it
would write (新增, 更新 when inputs were saved before, 无变化) with what the row fills in, and each
row of the file with a problem (第N行 and why: unknown unit, not assessed there, more votes than
valid ballots…). 导入 writes the valid rows in one undo step, skipping the rows with problems
after asking.
"""

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.annual_import import (
    AnnualImportPlan,
    InputRow,
    InputRowProblem,
    apply_inputs_import,
    read_inputs,
)
from desktop_app.core.annual_inputs import FIELDS, annual_rules_of_year, get_inputs, validate_inputs
from desktop_app.core.errors import ValidationError
from desktop_app.gui.dialogs.import_dialog import ProblemRowsModel
from desktop_app.gui.dialogs.skipping_import import SkippingImportDialog
from desktop_app.gui.models.table_model import Column, RowTableModel

LABELS = {"create": "新增", "update": "更新", "unchanged": "无变化", "reject": "有问题"}
ACTION_ORDER = {"reject": 0, "create": 1, "update": 2, "unchanged": 3}
PARTS = (("evaluation", "民主测评"), ("survey", "民意调查"), ("survey_confirmed", "专项调查"),
         ("responsibility_score", "责任制得分"), ("responsibility_grade", "责任制等次"), ("note", "备注"))
COLUMN_WIDTHS = (70, 130, 110, 230, 70)


@dataclass(frozen=True)
class InputLine:
    """A line of the preview: a team's or cadre's inputs to write, or a row of the file with a problem."""

    key: str
    row: int
    unit: str
    name: str
    parts: str  # what the row fills in: 民主测评、民意调查…
    action: str
    note: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.action]


@dataclass(frozen=True)
class InputsPreview:
    """The core plan as the preview dialog reads a plan: `rows`, `counts` and `rejected`."""

    plan: AnnualImportPlan
    rows: list[InputLine]
    counts: dict[str, int]
    rejected: list[InputLine]


def preview_of(db, plan: AnnualImportPlan) -> InputsPreview:
    """The inputs to write (against those saved before), then the rows with problems, in file order."""
    rules = annual_rules_of_year(db, plan.year)
    lines = [input_line(row, _action(db, rules, plan.year, row)) for row in plan.rows]
    problems = [problem_line(p) for p in plan.problems]
    counts = {action: sum(1 for line in lines if line.action == action) for action in ("create", "update", "unchanged")}
    counts["reject"] = len(problems)
    return InputsPreview(plan, sorted(lines + problems, key=lambda line: (line.row, line.action != "reject")), counts,
                         problems)


def _action(db, rules, year: int, row: InputRow) -> str:
    subject = row.subject
    saved = get_inputs(db, year, subject.unit_id, subject.cadre_id)
    if saved is None:
        return "create"
    before = {field: saved[field] for field in FIELDS}
    try:
        same = validate_inputs(rules, before, team=subject.is_team) == validate_inputs(
            rules, {**before, **row.values}, team=subject.is_team)
    except ValidationError:
        same = False
    return "unchanged" if same else "update"


def input_line(row: InputRow, action: str) -> InputLine:
    subject = row.subject
    parts = "、".join(label for field, label in PARTS if field in row.values)
    return InputLine(f"row:{row.row}", row.row, subject.unit_name, subject.name, parts, action,
                     "将替换已保存的对应数据" if action == "update" else "")


def problem_line(problem: InputRowProblem) -> InputLine:
    return InputLine(f"row:{problem.row}", problem.row, "", problem.name, "", "reject", problem.reason)


class InputsPreviewModel(ProblemRowsModel):
    """The preview's lines; a line with a problem on light red, its 处理 and 说明 in red."""

    def __init__(self, parent=None):
        columns = (
            Column("行号", lambda r: f"第{r.row}行", lambda r: (r.row, r.action != "reject")),
            Column("单位", lambda r: r.unit),
            Column("姓名", lambda r: r.name),
            Column("填写内容", lambda r: r.parts),
            Column("处理", lambda r: r.label, lambda r: (ACTION_ORDER[r.action], r.row)),
            Column("说明 / 问题", lambda r: r.note),
        )
        super().__init__(columns, lambda r: r.key,
                         lambda r: " ".join((f"第{r.row}行", r.unit, r.name, r.parts, r.label, r.note)), parent)


class AnnualImportDialog(SkippingImportDialog):
    """导入年度考核数据 of `year`: what a workbook would write; 导入 writes the valid rows (one undo step)."""

    title = "导入年度考核数据"
    reading_text = "正在读取年度考核数据…"
    importing_text = "正在导入年度考核数据…"
    search_hint = "按单位、姓名、问题筛选（Ctrl+F）"
    empty_text = "文件中没有填写任何数据（只有单位、姓名的模板行不算数据）。"
    nothing_to_write_text = "没有需要写入的数据：与已保存的一致，或所有行都有问题。"
    column_widths = COLUMN_WIDTHS
    size = (1000, 600)
    noun = "数据"
    apply_import = staticmethod(apply_inputs_import)

    def __init__(self, ctx, path, year: int, parent=None):
        self.year = year
        super().__init__(ctx, path, parent)

    def make_model(self) -> RowTableModel:
        return InputsPreviewModel(self)

    def read_and_plan(self) -> Callable[[], tuple]:
        db, path, year = self.ctx.db, self.path, self.year

        def read_and_plan() -> tuple[AnnualImportPlan, InputsPreview]:
            plan = read_inputs(db, path, year)
            return plan, preview_of(db, plan)

        return read_and_plan

    def source_text(self, plan: AnnualImportPlan) -> str:
        return f"文件：{plan.filename}（{plan.year}年度，涉及 {len(plan.by_unit())} 个单位）　位置：{self.path.parent}"

    def summary(self, preview: InputsPreview) -> str:
        counts = preview.counts
        text = f"将新增 {counts['create']} 项、更新 {counts['update']} 项（班子或干部），无变化 {counts['unchanged']} 项"
        return text + (f"；有问题 {counts['reject']} 行" if counts["reject"] else "")

    def rest_text(self, counts: dict[str, int]) -> str:
        return f"新增 {counts['create']} 项、更新 {counts['update']} 项"

    def imported_text(self, counts: dict[str, int]) -> str:
        return f"已导入{self.year}年度考核数据：新增 {counts['create']} 项、更新 {counts['update']} 项。"
