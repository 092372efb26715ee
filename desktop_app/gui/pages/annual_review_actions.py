"""What the 审定 tab of 年度考核 does, apart from showing the year.

Writes (each one core call on the worker, one undo step — Ctrl+Z in the main window — except locking and reopening):
- 按拟定等次审定其余 (core `accept_proposals`), confirmed first with how many it decides and how
  many are left to the committee (tied at the quota line, no proposed grade);
- 撤销审定 (`clear_decision`), confirmed;
- 锁定本年度 (`lock_assessment`), confirmed once everything is decided — while some are not, the
  core's refusal (naming them) is shown instead of a question that would lead nowhere.
Files, written on the worker with progress, the folder chosen last offered next time:
- 导出 Excel… the year's results table (core.annual_table: 领导班子, 干部, 等次限额);
- 打印 ▸ 本单位结果表… / 全县汇总… / 干部考核档案… (reports.annual_print, reports.dossier_print);
- 起草结果公示… a draft on the 公示栏 (core.annual_notice) for the unit or every unit, from the
  final grades (refused while any of them is undecided).
"""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.assessment import Assessed, accept_proposals, clear_decision, lock_assessment
from desktop_app.gui.pages.annual_review_data import ReviewData
from desktop_app.gui.pages.monthly_actions import PDF_FILTER, XLSX_FILTER, file_name
from desktop_app.gui.pages.results_notice import (
    ONE_UNIT,
    DraftedNotice,
    ask_units,
    notice_defaults,
    offer_board,
)
from desktop_app.gui.widgets import confirm, documents_folder, offer_folder, show_status

ALL_UNITS_NAME = "全县"
LOCKED_DATA = ("年度数据（测评、民意调查、责任制考核）、通报批评、处分、督办事项、月度实绩、季度评议计票、"
               "本年度规则方案，以及本年度的班子成员任职（谁在哪个单位任正职、副职）")


def accept_question(year: int, data: ReviewData) -> str:
    return (f"将 {data.ready} 项按拟定等次审定，并列与无法拟定的 {data.waiting} 项需逐项审定。\n\n"
            f"审定人记为当前操作员，日期为今天；按 Ctrl+Z 可撤销。确定审定{year}年度其余对象吗？")


def lock_question(year: int, data: ReviewData) -> str:
    subjects = len(data.assessment.subjects)
    return (f"{year}年度的 {subjects} 个考核对象已全部审定。\n\n锁定后，{year}年度的审定等次和{LOCKED_DATA}"
            "都不能再修改，直到在本页“重新开放”（须写明原因，并被记录；锁定不能用 Ctrl+Z 撤销）。\n\n确定锁定吗？")


def draft_annual_results_notice(store, year: int, unit_ids: list[str], values: dict) -> DraftedNotice:
    """On the worker: the notice's list from the final grades, then the draft (one undo step)."""
    from desktop_app.core.annual_notice import draft_annual_notice
    from desktop_app.core.notices import get_notice
    from desktop_app.core.workdays import load_calendar

    created = draft_annual_notice(store, load_calendar(store.db), year, unit_ids, values)
    notice = get_notice(store.db, created.record_id)
    return DraftedNotice(created.record_id, notice["title"], len(notice["entries"]), created.changes)


def choose_units(parent: QWidget, year: int, unit_name: str | None, units: int) -> str | None:
    """Which units the notice lists: ONE_UNIT, ALL_UNITS, or None (取消)."""
    return ask_units(parent, "起草年度考核结果公示", f"为哪些单位起草{year}年度考核结果公示？\n名单为各单位领导班子和干部的审定等次；"
                     "起草后是公示栏中的草稿，可修改后再发布。", unit_name, f"全部单位（{units} 个）")


class ReviewActions:
    """The writes, files and prints of the 审定 tab `tab` (which knows the year's data and selection)."""

    def __init__(self, ctx, tab: QWidget):
        self.ctx, self.tab = ctx, tab
        self.last_folder = documents_folder()

    # -- writes ------------------------------------------------------------------------------------
    def accept_others(self, year: int, data: ReviewData) -> None:
        if not data.ready:
            show_status(self.tab, f"{year}年度没有可按拟定等次审定的对象：其余的需逐项审定。", 6000)
            return
        if not confirm(self.tab, "按拟定等次审定其余", accept_question(year, data), action="审定"):
            return
        store = self.ctx.store
        self.ctx.runner.run(lambda: accept_proposals(store, year), parent=self.tab,
                            on_done=lambda changes: show_status(
                                self.tab, f"已按拟定等次审定 {data.ready} 项。按 Ctrl+Z 可撤销。"),
                            progress=f"正在审定{year}年度其余对象…")

    def clear(self, year: int, subject: Assessed) -> None:
        if not subject.decided:
            show_status(self.tab, f"{subject.label}尚未审定。", 5000)
            return
        text = (f"撤销对{subject.label}的审定（审定等次“{subject.final_grade}”）？\n"
                "撤销后该对象回到未审定；按 Ctrl+Z 可恢复。")
        if not confirm(self.tab, "撤销审定", text, action="撤销审定"):
            return
        store = self.ctx.store
        self.ctx.runner.run(lambda: clear_decision(store, year, subject.kind, subject.subject_id), parent=self.tab,
                            on_done=lambda _c: show_status(self.tab, f"已撤销对{subject.label}的审定。按 Ctrl+Z 可恢复。"))

    def lock(self, year: int, data: ReviewData) -> None:
        store = self.ctx.store
        if not data.assessment.undecided and not confirm(self.tab, f"锁定{year}年度考核", lock_question(year, data),
                                                          action="锁定"):
            return
        self.ctx.runner.run(lambda: lock_assessment(store, year), parent=self.tab, undoable=False,
                            on_done=lambda _c: show_status(self.tab, f"已锁定{year}年度考核。如需修改，请“重新开放”（须写明原因）。"))

    # -- files -------------------------------------------------------------------------------------
    def ask_save(self, caption: str, name: str, file_filter: str) -> Path | None:
        suffix = Path(name).suffix
        chosen, _filter = QFileDialog.getSaveFileName(self.tab, caption, str(self.last_folder / name), file_filter)
        if not chosen:
            return None
        target = Path(chosen if chosen.lower().endswith(suffix) else chosen + suffix)
        self.last_folder = target.parent
        return target

    def _write(self, work, target: Path, what: str, title: str) -> None:
        self.ctx.runner.run(work, on_done=lambda path: offer_folder(self.tab, title, f"已导出{what}：",
                                                                    Path(path) if path else target),
                            parent=self.tab, progress=f"正在生成{what}：{target.name}…", undoable=False)

    def export_excel(self, year: int) -> Path | None:
        target = self.ask_save("导出年度考核结果表：选择 Excel 保存位置",
                               file_name("年度考核结果表", f"{year}年度", suffix=".xlsx"), XLSX_FILTER)
        if target is None:
            return None
        db = self.ctx.db

        def write() -> Path:
            from desktop_app.core.annual_table import export_annual_table

            return export_annual_table(db, year, target)

        self._write(write, target, f"{year}年度考核结果表", "已导出结果表")
        return target

    def print_unit(self, year: int, unit_id: str | None, unit_name: str | None) -> Path | None:
        if unit_id is None:
            show_status(self.tab, "请先选中一行（或在上方“单位”中选择），再打印其单位的年度考核结果表。", 6000)
            return None
        target = self.ask_save("打印本单位结果表：选择 PDF 保存位置",
                               file_name("年度考核结果", f"{year}年度", unit_name or "", suffix=".pdf"), PDF_FILTER)
        if target is None:
            return None
        db, issuer, today = self.ctx.db, self.ctx.office["name"], self.ctx.today()

        def write() -> Path:
            from desktop_app.reports.annual_print import write_unit_results

            return write_unit_results(db, year, unit_id, target, issuer=issuer, issued_on=today)

        self._write(write, target, f"{unit_name}{year}年度考核结果表", "已导出结果表")
        return target

    def print_county(self, year: int) -> Path | None:
        target = self.ask_save("打印全县汇总：选择 PDF 保存位置",
                               file_name("年度考核情况汇总", f"{year}年度", suffix=".pdf"), PDF_FILTER)
        if target is None:
            return None
        db, issuer, today = self.ctx.db, self.ctx.office["name"], self.ctx.today()

        def write(progress) -> Path:
            from desktop_app.reports.annual_print import write_county_summary

            return write_county_summary(db, year, target, issuer=issuer, issued_on=today, progress=progress)

        self._write(write, target, f"{year}年度考核情况汇总", "已导出汇总")
        return target

    def print_dossier(self, subject: Assessed | None) -> Path | None:
        if subject is None or subject.kind != "cadre":
            show_status(self.tab, "请先在列表中选中一名干部，再打印其考核档案。", 6000)
            return None
        target = self.ask_save("打印干部考核档案：选择 PDF 保存位置",
                               file_name("干部考核档案", subject.name, subject.unit_name, suffix=".pdf"), PDF_FILTER)
        if target is None:
            return None
        db, cadre_id, today, full = self.ctx.db, subject.subject_id, self.ctx.today(), self.ctx.show_full_id_numbers

        def write() -> Path:
            from desktop_app.reports.dossier_print import write_dossier

            return write_dossier(db, cadre_id, target, as_of=today, full_id_number=full)

        self._write(write, target, f"{subject.name}的考核档案", "已导出考核档案")
        return target

    # -- 起草结果公示 ---------------------------------------------------------------------------------
    def draft_notice(self, year: int, data: ReviewData, unit_id: str | None, unit_name: str | None) -> None:
        units = list(dict.fromkeys(s.unit_id for s in data.assessment.subjects))
        offered = unit_name if unit_id in units else None
        choice = choose_units(self.tab, year, offered, len(units))
        if choice is None:
            return
        unit_ids = [unit_id] if choice == ONE_UNIT else units
        store, values = self.ctx.store, notice_defaults(self.ctx.today(), self.ctx.office["name"])
        self.ctx.runner.run(lambda: draft_annual_results_notice(store, year, unit_ids, values),
                            on_done=self._drafted, parent=self.tab, progress=f"正在起草{year}年度考核结果公示…")

    def _drafted(self, drafted: DraftedNotice) -> None:
        offer_board(self.tab, drafted, f"已起草公示「{drafted.title}」。按 Ctrl+Z 可撤销。", "已起草结果公示",
                    f"已在公示栏起草公示「{drafted.title}」（{drafted.people} 行）。\n"
                    "发布前可在公示栏修改；按 Ctrl+Z 可撤销。\n\n要转到公示栏查看吗？")
