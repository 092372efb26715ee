"""导入年度考核数据: the inputs of a filled-in template, previewed before anything is written.

The shared preview (PreviewImportDialog): core `read_inputs` reads and judges the workbook on the
worker against the year's subjects and scales; the preview shows one line per team or cadre it
would write (新增, 更新 when inputs were saved before, 无变化) with what the row fills in, and each
row of the file with a problem (第N行 and why: unknown unit, not assessed there, more votes than
valid ballots…). 导入 writes the valid rows in one undo step, skipping the rows with problems
after asking.
"""

from desktop_app.core.annual_import import AnnualImportPlan, InputRow, apply_inputs_import, read_inputs
from desktop_app.core.annual_inputs import FIELDS, annual_rules_of_year, get_inputs, validate_inputs
from desktop_app.core.errors import ValidationError
from desktop_app.gui.dialogs.skipping_import import (
    LinesImportDialog,
    LinesPreview,
    LinesPreviewModel,
    PlanLine,
    lines_preview,
    problem_line,
)

PARTS = (("evaluation", "民主测评"), ("survey", "民意调查"), ("survey_confirmed", "专项调查"),
         ("responsibility_score", "责任制得分"), ("responsibility_grade", "责任制等次"), ("note", "备注"))
COLUMN_WIDTHS = (70, 130, 110, 230, 70)


def preview_of(db, plan: AnnualImportPlan) -> LinesPreview:
    """The inputs to write (against those saved before), then the rows with problems, in file order."""
    rules = annual_rules_of_year(db, plan.year)
    lines = [input_line(row, _action(db, rules, plan.year, row)) for row in plan.rows]
    return lines_preview(plan, lines, [problem_line(p) for p in plan.problems])


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


def input_line(row: InputRow, action: str) -> PlanLine:
    """A team's or cadre's inputs to write; `what` says what the row fills in: 民主测评、民意调查…"""
    subject = row.subject
    parts = "、".join(label for field, label in PARTS if field in row.values)
    return PlanLine(f"row:{row.row}", row.row, f"第{row.row}行", subject.unit_name, subject.name, parts, action,
                    "将替换已保存的对应数据" if action == "update" else "")


class InputsPreviewModel(LinesPreviewModel):
    """The preview's lines; a line with a problem on light red, its 处理 and 说明 in red."""

    headers = ("单位", "填写内容")


class AnnualImportDialog(LinesImportDialog):
    """导入年度考核数据 of `year`: what a workbook would write; 导入 writes the valid rows (one undo step)."""

    title = "导入年度考核数据"
    reading_text = "正在读取年度考核数据…"
    importing_text = "正在导入年度考核数据…"
    empty_text = "文件中没有填写任何数据（只有单位、姓名的模板行不算数据）。"
    nothing_to_write_text = "没有需要写入的数据：与已保存的一致，或所有行都有问题。"
    column_widths = COLUMN_WIDTHS
    size = (1000, 600)
    noun = "数据"
    measure, whose = "项", "（班子或干部）"
    model_type = InputsPreviewModel
    apply_import = staticmethod(apply_inputs_import)
    read_file = staticmethod(read_inputs)
    plan_preview = staticmethod(preview_of)

    def __init__(self, ctx, path, year: int, parent=None):
        self.year = year
        super().__init__(ctx, path, parent)

    def read_args(self) -> tuple:
        return (self.year,)

    def source_text(self, plan: AnnualImportPlan) -> str:
        return f"文件：{plan.filename}（{plan.year}年度，涉及 {len(plan.by_unit())} 个单位）　位置：{self.path.parent}"

    def rest_text(self, counts: dict[str, int]) -> str:
        return self.written_text(counts)

    def imported_text(self, counts: dict[str, int]) -> str:
        return f"已导入{self.year}年度考核数据：{self.written_text(counts)}。"
