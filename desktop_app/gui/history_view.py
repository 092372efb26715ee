"""A list of audit entries (全程记实), used by the 操作记录 page and a cadre's 历史记录 tab.

API: `HistoryView(parent=None)`, `show_entries(entries, full_id_numbers=)`, `.model` (RowTableModel of
AuditEntry), `.view` (the QTableView) and `.detail` (every change of the selected entry).
"""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from desktop_app.core.audit import AuditEntry
from desktop_app.core.pinyin import search_text
from desktop_app.gui.list_panel import DESCENDING, list_table
from desktop_app.gui.models.table_model import Column, RowTableModel


def entry_time(entry: AuditEntry) -> str:
    """'2026-11-20T09:00:01+08:00' → '2026-11-20 09:00:01'."""
    return entry.at[:19].replace("T", " ")


def history_columns(full_id_numbers) -> tuple[Column, ...]:
    """The list's columns; `full_id_numbers()` says whether 变更内容 shows ID numbers unmasked."""
    return (
        Column("时间", entry_time, lambda entry: entry.seq),
        Column("操作员", lambda entry: entry.operator),
        Column("操作", lambda entry: entry.action),
        Column("对象", lambda entry: entry.table),
        Column("名称", lambda entry: entry.record_name),
        Column("变更内容", lambda entry: "；".join(entry.lines(full_id_numbers=full_id_numbers()))),
        Column("说明", lambda entry: entry.note),
    )
COLUMN_WIDTHS = (142, 80, 46, 72, 140, 360, 150)  # 变更内容 takes the rest


def entry_detail(entry: AuditEntry, *, full_id_numbers: bool = False) -> str:
    """All of an entry, one change a line, for the pane under the list."""
    head = f"{entry_time(entry)}　{entry.operator}　{entry.action}{entry.table}「{entry.record_name}」"
    lines = [head + (f"（{entry.note}）" if entry.note else "")]
    lines += [f"　{line}" for line in entry.lines(full_id_numbers=full_id_numbers)]
    if not entry.changes:
        lines.append("　（内容无变化）")
    return "\n".join(lines)


class HistoryView(QWidget):
    """The entries newest first (sortable); the selected entry in full below."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.full_id_numbers = False  # 系统设置 → 隐私
        self.model = RowTableModel(
            history_columns(lambda: self.full_id_numbers), row_id=lambda entry: str(entry.seq),
            search_text=lambda entry: search_text(entry.operator, entry.record_name, entry.summary, entry.note),
            parent=self)
        self.view = list_table(self, self.model, "history_table", COLUMN_WIDTHS, stretch=5, sort=(0, DESCENDING))
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("history_detail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("选中一条记录，在此查看全部变更内容。")
        self.detail.setTabChangesFocus(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)

    def show_entries(self, entries: list[AuditEntry], *, full_id_numbers: bool = False) -> None:
        """Show `entries` (as core audit functions return them, newest first)."""
        self.full_id_numbers = full_id_numbers
        header = self.view.horizontalHeader()
        self.model.set_rows(entries)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.detail.clear()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def current_entry(self) -> AuditEntry | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.model.row_at(current.row()) if current.isValid() else None
        self.detail.setPlainText(entry_detail(entry, full_id_numbers=self.full_id_numbers) if entry else "")
