"""公示 tab of 公示栏: every notice with its place on the board, to draft, publish, close and print.

Ctrl+N 新建月度公示, Enter/F2 修改 a draft, Delete 删除草稿; 发布 and 结束公示 ask first. Notices
with a few working days left (即将期满) or past their end (期满待结束) are coloured.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop_app.core.clock import format_date_cn
from desktop_app.core.notices import (
    BoardEntry,
    board,
    close_notice,
    delete_draft_notice,
    get_notice,
    publish_notice,
)
from desktop_app.core.units import list_units
from desktop_app.core.workdays import load_calendar
from desktop_app.gui.dialogs.notice_dialog import NoticeDialog
from desktop_app.gui.list_panel import ASCENDING, ListPanel
from desktop_app.gui.models.notice_models import (
    BOARD_SECTION_COLUMN,
    BOARD_WIDTHS,
    PUBLISHED_SECTIONS,
    SECTIONS,
    board_model,
)
from desktop_app.gui.pages.notice_printing import NoticePrinter
from desktop_app.gui.widgets import confirm, push_button, show_status


class BoardPanel(ListPanel):
    """The list of notices (公示) and the actions on the one selected."""

    selection_changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.unit_names: dict[str, str] = {}
        self.entries: list[BoardEntry] = []  # every notice, as last read
        self.model = board_model(self.unit_names, self)
        self.printer = NoticePrinter(ctx, self)
        self.make_search("搜索标题、单位或类别　Ctrl+F", "notices_search")
        self.section_label, self.section_filter = self.make_filter(SECTIONS, "notices_section_filter", "状态(&S)：",
                                                                   tip="只显示某一状态的公示")
        # what needs the operator first: 期满待结束, 即将期满, 公示中, 未开始, 草稿, then 已结束; 标题 stretches
        self.make_table("notices_table", BOARD_WIDTHS, stretch=0, sort=(BOARD_SECTION_COLUMN, ASCENDING),
                        open_row=self.edit_selected, delete=self.delete_selected)
        self._build_buttons()
        self.lay_out((self.search, self.section_label, self.section_filter), self.buttons, count="notices_count")

    def _build_buttons(self) -> None:
        self.new_button = push_button("新建月度公示(&N)…", "从某月已审核的实绩报告起草公示（Ctrl+N）", self.new_notice)
        self.edit_button = push_button("修改草稿(&M)…", "修改所选公示草稿（Enter 或 F2，或双击）", self.edit_selected)
        self.publish_button = push_button("发布(&P)", "发布所选草稿：名单中的实绩报告标为「已公示」",
                                          self.publish_selected)
        self.close_button = push_button("结束公示(&J)", "结束所选公示：名单中的实绩报告归档（有未办结异议时不能结束）",
                                        self.close_selected)
        self.delete_button = push_button("删除草稿(&D)", "删除所选草稿（Delete，可按 Ctrl+Z 撤销）", self.delete_selected)
        self.print_button = push_button("打印/导出 PDF(&R)…", "把所选公示导出为 PDF 文件，用于打印张贴",
                                        self.print_selected)
        self.buttons = (self.new_button, self.edit_button, self.publish_button, self.close_button,
                        self.delete_button, self.print_button)

    # -- showing ---------------------------------------------------------------------------------
    def read_rows(self) -> list[BoardEntry]:
        self.unit_names.clear()  # the model's search text names the units
        self.unit_names.update({unit["id"]: unit["name"] for unit in list_units(self.ctx.reader, self.ctx.today())})
        self.entries = board(self.ctx.reader, load_calendar(self.ctx.reader), self.ctx.today())
        return self.entries

    def reload(self) -> None:
        super().reload()
        self.selection_changed.emit()

    def apply_filter(self) -> None:
        super().apply_filter()
        self.selection_changed.emit()

    def row_filter(self):
        section = self.section_filter.currentData()
        return (lambda entry: entry.section == section) if section else None

    def count_text(self) -> str:
        entries = self.entries
        overdue = sum(entry.section == "期满待结束" for entry in entries)
        running = sum(entry.section in PUBLISHED_SECTIONS for entry in entries)
        text = f"共 {len(entries)} 条公示，显示 {self.model.rowCount()} 条；公示中 {running} 条"
        return text + (f"，{overdue} 条已期满待结束" if overdue else "")

    def update_buttons(self) -> None:
        entry = self.selected_entry()
        section = entry.section if entry else ""
        self.edit_button.setEnabled(section == "草稿")
        self.publish_button.setEnabled(section == "草稿")
        self.delete_button.setEnabled(section == "草稿")
        self.close_button.setEnabled(section in PUBLISHED_SECTIONS)
        self.print_button.setEnabled(entry is not None)

    def current_changed(self) -> None:
        self.update_buttons()
        self.selection_changed.emit()

    selected_entry = ListPanel.selected_row  # a BoardEntry, or None
    select_notice = ListPanel.select_id

    # -- actions ---------------------------------------------------------------------------------
    def new_notice(self) -> None:
        """新建月度公示 (Ctrl+N)."""
        self._open_dialog(None)

    def edit_selected(self) -> None:
        """修改 a draft (Enter, F2, double click); a published notice is said to be fixed."""
        entry = self.selected_entry()
        if entry is None:
            return
        if entry.section != "草稿":
            show_status(self, f"公示「{entry.notice['title']}」已发布，内容不能再修改。")
            return
        self._open_dialog(get_notice(self.ctx.reader, entry.notice["id"]))

    def _open_dialog(self, notice: dict | None) -> None:
        self.open_dialog(lambda: NoticeDialog(self.ctx, notice, self))

    def after_save(self, notice_id: str) -> None:
        super().after_save(notice_id)
        show_status(self, "公示草稿已保存。核对无误后按「发布」。")

    def publish_selected(self) -> None:
        """发布 (asks first): the notice can no longer be changed, its reports become 已公示."""
        entry = self.selected_entry()
        if entry is None or entry.section != "草稿":
            return
        notice = entry.notice
        period = f"{format_date_cn(notice['start_date'])}至{format_date_cn(notice['end_date'])}"
        text = (f"确定发布公示「{notice['title']}」吗？\n\n公示期：{period}（{notice['workdays']}个工作日）\n"
                f"名单 {len(notice['entries'])} 人；发布后内容不能再修改，名单中的实绩报告将标为「已公示」。")
        if not confirm(self, "发布公示", text, action="发布"):
            return
        store, notice_id = self.ctx.store, notice["id"]
        self.ctx.runner.run(lambda: publish_notice(store, notice_id), parent=self,
                            on_done=lambda _changes: show_status(self, f"已发布公示「{notice['title']}」。"))

    def close_selected(self) -> None:
        """结束公示 (asks first); the core refuses while an objection is open (shown as any error)."""
        entry = self.selected_entry()
        if entry is None or entry.section not in PUBLISHED_SECTIONS:
            return
        notice, today = entry.notice, self.ctx.today()
        text = f"确定结束公示「{notice['title']}」吗？\n\n结束后名单中的实绩报告将归档。"
        if today <= notice["end_date"]:
            text += f"\n公示期到{format_date_cn(notice['end_date'])}才期满，现在结束是提前结束。"
        if not confirm(self, "结束公示", text, action="结束公示"):
            return
        store, notice_id = self.ctx.store, notice["id"]
        self.ctx.runner.run(lambda: close_notice(store, notice_id, today), parent=self,
                            on_done=lambda _changes: show_status(
                                self, f"已结束公示「{notice['title']}」。按 Ctrl+Z 可撤销。"))

    def delete_selected(self) -> None:
        """删除草稿 (Delete, asks first); a published notice cannot be deleted."""
        entry = self.selected_entry()
        if entry is None:
            return
        if entry.section != "草稿":
            show_status(self, "已发布的公示不能删除（它是公开过的记录）。")
            return
        title = entry.notice["title"]
        if not confirm(self, "删除公示草稿", f"确定要删除公示草稿「{title}」吗？\n\n删除后可按 Ctrl+Z 撤销。",
                       action="删除"):
            return
        store, notice_id = self.ctx.store, entry.notice["id"]
        self.ctx.runner.run(lambda: delete_draft_notice(store, notice_id), parent=self,
                            on_done=lambda _changes: show_status(self, f"已删除公示草稿「{title}」。按 Ctrl+Z 可撤销。"))

    def print_selected(self) -> None:
        """打印/导出 PDF of the selected notice."""
        entry = self.selected_entry()
        if entry is not None:
            self.printer.export(entry.notice)
