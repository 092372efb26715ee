"""The preview dialogs of imports whose rows with problems are skipped on 导入 after asking
(实绩事项, 计票): the core writes the plan with `skip_invalid`, the texts differ only in what the
file holds."""

from collections.abc import Callable

from desktop_app.gui.dialogs.import_dialog import PreviewImportDialog

ROWS_SHOWN = 4
UNDO_HINT = "\n如需撤回这次导入，可按 Ctrl+Z 撤销。"


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
