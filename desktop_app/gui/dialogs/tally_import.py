"""导入计票: the tallies of a filled-in template, previewed before anything is written.

The shared preview (PreviewImportDialog): core `read_tallies` reads and judges the workbook on the
worker against the registered sessions; the preview shows one line per cadre it would write
(新增, 更新 when a tally was entered before, 无变化) and each row of the file with a problem (第N行
and why: no session, not on the ballot, more votes than valid ballots…). 导入 writes the valid
tallies in one undo step, skipping the rows with problems after asking.
"""

from desktop_app.core.evaluations import tallies_of
from desktop_app.core.tally_import import TallyImportPlan, apply_tally_import, read_tallies
from desktop_app.gui.dialogs.skipping_import import (
    LinesImportDialog,
    LinesPreview,
    LinesPreviewModel,
    PlanLine,
    lines_preview,
    problem_line,
    rows_text,
)

COLUMN_WIDTHS = (96, 200, 80, 150, 70)


def preview_of(db, plan: TallyImportPlan) -> LinesPreview:
    """The tallies to write (against those entered before), then the rows with problems, in file order."""
    lines = []
    for tallies in plan.sessions:
        before = tallies_of(db, tallies.session["id"])
        for cadre_id, counts in tallies.counts.items():
            action = "create" if cadre_id not in before else "unchanged" if before[cadre_id] == counts else "update"
            rows = tallies.rows[cadre_id]
            lines.append(PlanLine(f"tally:{tallies.session['id']}:{cadre_id}", min(rows), rows_text(rows),
                                  tallies.label, tallies.names[cadre_id], "、".join(n for n in counts if n), action,
                                  "将替换已录入的票数" if action == "update" else ""))
    return lines_preview(plan, lines, [problem_line(p) for p in plan.problems])


class TallyPreviewModel(LinesPreviewModel):
    """The preview's lines: the session (丹江镇 2025年第4季度) and the voter categories of each cadre."""

    headers = ("测评会", "类别")


class TallyImportDialog(LinesImportDialog):
    """导入计票: the tallies a workbook would write; 导入 writes the valid ones (one undo step).
    `aspects` are the short names of the year's aspects (the template's column groups)."""

    title = "导入计票"
    reading_text = "正在读取计票…"
    importing_text = "正在导入计票…"
    empty_text = "文件中没有填写任何票数（只有单位、姓名的模板行不算数据）。"
    nothing_to_write_text = "没有需要写入的计票：票数与已录入的一致，或所有行都有问题。"
    column_widths = COLUMN_WIDTHS
    size = (960, 600)
    noun = "计票"
    measure, whose = "人", "的计票"
    model_type = TallyPreviewModel
    apply_import = staticmethod(apply_tally_import)
    read_file = staticmethod(read_tallies)
    plan_preview = staticmethod(preview_of)

    def __init__(self, ctx, path, aspects: list[str], parent=None):
        self.aspects = list(aspects)
        super().__init__(ctx, path, parent)

    def read_args(self) -> tuple:
        return (self.aspects,)

    def source_text(self, plan: TallyImportPlan) -> str:
        return f"文件：{plan.filename}（涉及 {len(plan.sessions)} 次测评会）　位置：{self.path.parent}"

    def rest_text(self, counts: dict[str, int]) -> str:
        return self.written_text(counts) + self.whose

    def imported_text(self, counts: dict[str, int]) -> str:
        return f"已导入计票：{self.written_text(counts)}。"
