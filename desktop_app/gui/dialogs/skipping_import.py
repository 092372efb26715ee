"""The preview dialogs of imports whose rows with problems are skipped on 导入 after asking
(实绩事项, 计票, 年度考核数据): the core writes the plan with `skip_invalid`, the texts differ only in
what the file holds. The imports that write one line per person (计票, 年度考核数据) also share the
preview's lines (新增, 更新 when written before, 无变化, 有问题) and their table."""

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.gui.dialogs.import_dialog import PreviewImportDialog, ProblemRowsModel
from desktop_app.gui.models.table_model import Column, RowTableModel

ROWS_SHOWN = 4
UNDO_HINT = "\n如需撤回这次导入，可按 Ctrl+Z 撤销。"
ACTION_LABELS = {"create": "新增", "update": "更新", "unchanged": "无变化", "reject": "有问题"}
ACTION_ORDER = {"reject": 0, "create": 1, "update": 2, "unchanged": 3}


def rows_text(rows: list[int]) -> str:
    """第5行, 第5–6行 (consecutive), 第5、9行, 第5、9、12、14等行."""
    if len(rows) > 1 and rows == list(range(rows[0], rows[-1] + 1)):
        return f"第{rows[0]}–{rows[-1]}行"
    shown = "、".join(str(row) for row in rows[:ROWS_SHOWN])
    return f"第{shown}{'等' if len(rows) > ROWS_SHOWN else ''}行"


def imported_message(head: str, skipped: int, note: str = "") -> str:
    """What an import wrote (`head`), the rows it skipped, `note`, and how to undo it."""
    text = head + (f"\n已跳过 {skipped} 行有问题的数据。" if skipped else "")
    return text + note + UNDO_HINT


class SkippingImportDialog(PreviewImportDialog):
    """A preview whose plan (`preview.plan`) `apply_import(store, plan, skip_invalid=)` writes;
    `noun` names what the rest of the file is (报告, 计票), `rest_text` and `imported_text` say
    what is written from the counts, `import_note` follows the rows skipped in the result."""

    noun = "数据"
    import_note = ""
    apply_import: Callable

    def rest_text(self, counts: dict[str, int]) -> str:
        """What is written besides the rows with problems (新建 2 份、替换草稿 1 份报告)."""
        raise NotImplementedError

    def imported_text(self, counts: dict[str, int]) -> str:
        """The first line of the result (已导入实绩事项：…)."""
        raise NotImplementedError

    def apply_work(self, preview) -> Callable:
        apply, store, plan = type(self).apply_import, self.ctx.store, preview.plan
        skip = bool(preview.rejected)  # skipping was confirmed
        return lambda: apply(store, plan, skip_invalid=skip)

    def problem_hint(self, rejected: int) -> str:
        return (f"有问题的 {rejected} 行（浅红色）不会导入。可在 Excel 中改正后重新导入，"
                f"或跳过这些行只导入其余的{self.noun}。")

    def skip_question(self, preview) -> str:
        counts = preview.counts
        return f"有 {counts['reject']} 行有问题，将不会导入。\n其余将导入：{self.rest_text(counts)}。\n\n是否继续？"

    def result_message(self, _result) -> str:
        counts = self.plan.counts if self.plan else {"create": 0, "update": 0, "reject": 0}
        return imported_message(self.imported_text(counts), counts["reject"], self.import_note)


@dataclass(frozen=True)
class PlanLine:
    """A line of a preview: a person's (or team's) data to write, or a row of the file with a problem.
    `where` is the unit or the session it goes to, `what` what it fills in (民主测评、民意调查; 领导、同级)."""

    key: str
    row: int  # the first row of the file it stands for (the preview's order)
    rows_text: str  # 第5行 / 第5–6行
    where: str
    name: str
    what: str
    action: str  # create / update / unchanged / reject
    note: str = ""

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass(frozen=True)
class LinesPreview:
    """The core plan as the preview dialog reads a plan: `rows`, `counts` and `rejected`."""

    plan: object
    rows: list[PlanLine]
    counts: dict[str, int]
    rejected: list[PlanLine]


def lines_preview(plan, lines: list[PlanLine], problems: list[PlanLine]) -> LinesPreview:
    """The lines to write, then the rows with problems, in the order of the file; counted by action."""
    counts = {action: sum(1 for line in lines if line.action == action) for action in ("create", "update", "unchanged")}
    counts["reject"] = len(problems)
    return LinesPreview(plan, sorted(lines + problems, key=lambda line: (line.row, line.action != "reject")), counts,
                        problems)


def problem_line(problem) -> PlanLine:
    """A row of the file with a problem (core `row`, `name`, `reason`)."""
    return PlanLine(f"row:{problem.row}", problem.row, f"第{problem.row}行", "", problem.name, "", "reject",
                    problem.reason)


class LinesPreviewModel(ProblemRowsModel):
    """The preview's lines under 行号, `headers` (where, what), 姓名 between them, 处理 and 说明; a
    line with a problem on light red, its 处理 and 说明 in red."""

    headers = ("单位", "内容")

    def __init__(self, parent=None):
        where, what = self.headers
        columns = (
            Column("行号", lambda r: r.rows_text, lambda r: (r.row, r.action != "reject")),
            Column(where, lambda r: r.where),
            Column("姓名", lambda r: r.name),
            Column(what, lambda r: r.what),
            Column("处理", lambda r: r.label, lambda r: (ACTION_ORDER[r.action], r.row)),
            Column("说明 / 问题", lambda r: r.note),
        )
        super().__init__(columns, lambda r: r.key,
                         lambda r: " ".join((r.rows_text, r.where, r.name, r.what, r.label, r.note)), parent)


class LinesImportDialog(SkippingImportDialog):
    """A skipping import whose preview is a LinesPreview: `read_file(db, path, *read_args())` reads the
    plan and `plan_preview(db, plan)` previews it, both on the worker; `measure` counts the lines
    (人, 项) and `whose` follows the counts of what is written in the summary."""

    model_type: type[LinesPreviewModel] = LinesPreviewModel
    search_hint = "按单位、姓名、问题筛选（Ctrl+F）"
    read_file: Callable
    plan_preview: Callable
    measure = "项"
    whose = ""

    def read_args(self) -> tuple:
        return ()

    def make_model(self) -> RowTableModel:
        return self.model_type(self)

    def read_and_plan(self) -> Callable[[], tuple]:
        db, path, args = self.ctx.db, self.path, self.read_args()
        read, plan_preview = type(self).read_file, type(self).plan_preview

        def read_and_plan() -> tuple:
            plan = read(db, path, *args)
            return plan, plan_preview(db, plan)

        return read_and_plan

    def written_text(self, counts: dict[str, int]) -> str:
        """新增 2 人、更新 1 人."""
        return f"新增 {counts['create']} {self.measure}、更新 {counts['update']} {self.measure}"

    def summary(self, preview: LinesPreview) -> str:
        counts = preview.counts
        text = f"将{self.written_text(counts)}{self.whose}，无变化 {counts['unchanged']} {self.measure}"
        return text + (f"；有问题 {counts['reject']} 行" if counts["reject"] else "")
