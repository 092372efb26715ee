"""导入记录: every transfer file this database has merged (when, from which office, what it did)."""

from PySide6.QtWidgets import QWidget

from desktop_app.core.pinyin import search_text
from desktop_app.gui.dialogs.transfer_trial import counts_text, exported_time
from desktop_app.gui.list_panel import DESCENDING, bar, count_label, list_table, search_box, stacked
from desktop_app.gui.models.table_model import Column, RowTableModel
from desktop_app.transfer.imports_log import import_history

HISTORY_WIDTHS = (140, 170, 140, 80, 400)


def history_model(parent=None) -> RowTableModel:
    columns = (
        Column("导入时间", lambda r: exported_time(r.imported_at), lambda r: r.imported_at),
        Column("来源单位", lambda r: r.source_office_name),
        Column("对方导出时间", lambda r: exported_time(r.exported_at), lambda r: r.exported_at),
        Column("操作员", lambda r: r.operator),
        Column("导入结果", lambda r: counts_text(r.report.get("tables", {}))),
    )
    return RowTableModel(columns, row_id=lambda r: r.package_id, parent=parent,
                         search_text=lambda r: search_text(r.source_office_name, r.operator, r.imported_at[:10]))


class ImportHistoryPanel(QWidget):
    """The 导入记录 tab: newest first; a file imported again is recognised by these records."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = history_model(self)
        self.search = search_box("搜索来源单位或操作员", "history_search", self, self.apply_filter)
        self.count_label = count_label("imports_count")
        self.view = list_table(self, self.model, "imports_table", HISTORY_WIDTHS, stretch=4, sort=(0, DESCENDING))
        self.search.results = self.view
        stacked(self, bar(self.search, end=(self.count_label,)), self.view)

    def reload(self) -> None:
        header = self.view.horizontalHeader()
        self.model.set_rows(import_history(self.ctx.reader))
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._update_count()

    def apply_filter(self) -> None:
        self.model.set_filter(self.search.text())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total
        self.count_label.setText(f"共导入过 {total} 个交换文件，显示 {self.model.rowCount()} 个" if total
                                 else "还没有导入过交换文件。")
