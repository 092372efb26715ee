"""What the results tabs of 季度评议 do with a quarter's results.

- 导出结果 PDF… (Alt+O): the selected unit's results (reports `write_quarter_results`: the meeting,
  the ranked scores, the grade distribution, the raw counts and a chart of the scores), written on
  the worker where reportlab and matplotlib are loaded; the folder is offered when it is written.
- 生成结果公示… (Alt+S): asks for which units — the selected one or every unit with results — then
  drafts a notice of kind 季度评议结果 on the worker (core `quarter_entries` / `quarter_title` /
  `quarter_basis`; from today, 7 working days, the channels and issuer remembered from the last
  notice), one undo step; then says it is on the 公示栏 as a draft and offers to go there.
"""

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.errors import RuleViolation
from desktop_app.core.evaluations import quarter_label
from desktop_app.gui.pages.monthly_actions import PDF_FILTER, file_name
from desktop_app.gui.pages.results_notice import (
    ONE_UNIT,
    DraftedNotice,
    ask_units,
    notice_defaults,
    offer_board,
)
from desktop_app.gui.widgets import offer_folder, show_status


def draft_results_notice(store, year: int, quarter: int, unit_ids: list[str], values: dict) -> DraftedNotice:
    """On the worker: the results list of those units, then the draft (one undo step)."""
    from desktop_app.core.notices import write_notice_draft
    from desktop_app.core.quarter_notice import QUARTER_KIND, quarter_basis, quarter_entries, quarter_title
    from desktop_app.core.workdays import load_calendar

    db = store.db
    columns, entries = quarter_entries(db, unit_ids, year, quarter)
    if not entries:
        raise RuleViolation(f"所选单位{quarter_label(year, quarter)}没有可公示的评议结果（无人有季度等次）。")
    title = quarter_title(db, unit_ids, year, quarter)
    created = write_notice_draft(store, load_calendar(db), {
        **values, "kind": QUARTER_KIND, "title": title, "unit_ids": unit_ids, "basis": quarter_basis(year, quarter),
        "columns": columns, "entries": entries})
    return DraftedNotice(created.record_id, title, len(entries), created.changes)


def choose_units(parent: QWidget, label: str, unit_name: str | None, with_results: int) -> str | None:
    """Which units the notice lists: ONE_UNIT, ALL_UNITS, or None (取消)."""
    return ask_units(parent, "生成结果公示", f"为哪些单位生成{label}干部民主评议结果公示？\n名单为有季度等次的干部（按单位、名次），"
                     "生成后是公示栏中的草稿，可修改后再发布。", unit_name, f"全部有结果的单位（{with_results} 个）")


class ResultsActions:
    """导出结果 PDF and 生成结果公示 for the page `page`; the results come from `loader`."""

    def __init__(self, ctx, page: QWidget, loader):
        self.ctx, self.page, self.loader = ctx, page, loader

    @property
    def data(self):
        data = self.loader.data
        return data if data is not None and (data.year, data.quarter) == self.page.quarter else None

    # -- 导出结果 PDF --------------------------------------------------------------------------------
    def export_pdf(self, unit_id: str | None, unit_name: str | None) -> Path | None:
        data, (year, quarter) = self.data, self.page.quarter
        label = quarter_label(year, quarter)
        if data is None or unit_id is None:
            show_status(self.page, "请先选中一个单位（或在上方“单位”中选择），再导出其评议结果。", 6000)
            return None
        if data.unit(unit_id) is None:
            QMessageBox.information(self.page, "没有评议结果", f"{unit_name}{label}还没有登记测评会，没有可导出的评议结果。")
            return None
        target = self.page.sessions.files.ask_save("导出评议结果：选择 PDF 保存位置",
                                                   file_name("评议结果", label, unit_name, suffix=".pdf"), PDF_FILTER)
        if target is None:
            return None
        db, what = self.ctx.db, f"{unit_name}{label}干部评议结果"

        def write() -> Path:
            from desktop_app.reports.quarter_results_print import write_quarter_results

            return write_quarter_results(db, unit_id, year, quarter, target, chart=True)

        self.ctx.runner.run(write, on_done=lambda path: offer_folder(self.page, "已导出评议结果", f"已导出{what}：",
                                                                     Path(path)),
                            parent=self.page, progress=f"正在生成{what} PDF：{target.name}…", undoable=False)
        return target

    # -- 生成结果公示 ---------------------------------------------------------------------------------
    def draft_notice(self, unit_id: str | None, unit_name: str | None) -> None:
        data, (year, quarter) = self.data, self.page.quarter
        label = quarter_label(year, quarter)
        units = data.units_with_results if data is not None else []
        if not units:
            QMessageBox.information(self.page, "没有评议结果", f"{label}还没有可公示的评议结果：请先录入计票。")
            return
        offered = unit_name if any(u.unit_id == unit_id for u in units) else None
        choice = choose_units(self.page, label, offered, len(units))
        if choice is None:
            return
        unit_ids = [unit_id] if choice == ONE_UNIT else [u.unit_id for u in units]
        store, values = self.ctx.store, notice_defaults(self.ctx.today(), self.ctx.office["name"])
        self.ctx.runner.run(lambda: draft_results_notice(store, year, quarter, unit_ids, values),
                            on_done=self._drafted, parent=self.page, progress=f"正在生成{label}评议结果公示…")

    def _drafted(self, drafted: DraftedNotice) -> None:
        offer_board(self.page, drafted, f"已生成公示草稿「{drafted.title}」。按 Ctrl+Z 可撤销。", "已生成结果公示",
                    f"已在公示栏生成公示草稿「{drafted.title}」（{drafted.people} 人）。\n"
                    "发布前可在公示栏修改；按 Ctrl+Z 可撤销。\n\n要转到公示栏查看吗？")
