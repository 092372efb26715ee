"""冲突: records two offices both changed, listed; the selected one shown side by side, to resolve.

保留此版本 keeps one side; 合并编辑… enters a merged value. Both write on the worker, as a new
version whose parents are every side (it travels to the other offices and ends the conflict
there too); Ctrl+Z undoes the resolution like any other action.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.dialogs.conflict_merge import MergeDialog
from desktop_app.gui.errors import show_error
from desktop_app.gui.list_panel import DESCENDING, bar, count_label, list_keys, list_table, search_box
from desktop_app.gui.pages.conflict_model import SidesModel, ValueNames, conflict_list_model
from desktop_app.gui.widgets import NOTE_STYLE, push_button, show_status, table_view
from desktop_app.transfer.conflicts import open_conflicts, resolve_conflict

LIST_WIDTHS = (70, 150, 320, 260, 150)
NONE_TEXT = "没有冲突。导入别的单位的交换文件后，两边都改过的记录会列在这里，由您逐条确认保留哪个版本。"


class ConflictPanel(QWidget):
    """The 冲突 tab of 数据交换. `changed_count(n)` is called after each reload (the tab title)."""

    def __init__(self, ctx, parent: QWidget | None = None, *, on_count=None):
        super().__init__(parent)
        self.ctx = ctx
        self.on_count = on_count
        self.names: ValueNames | None = None  # read in reload()
        self.dialog: MergeDialog | None = None
        self.keep_buttons: list[QPushButton] = []
        self.model = conflict_list_model(self)
        self.sides = SidesModel(self)
        self._build_list()
        self._build_sides()
        self._build_layout()
        list_keys(self.view, self.merge_edit)

    # -- building ------------------------------------------------------------------------------
    def _build_list(self) -> None:
        self.search = search_box("搜索姓名、单位名称、拼音首字母或操作员", "conflicts_search", self, self.apply_filter)
        self.count_label = count_label("conflicts_count")
        self.view = list_table(self, self.model, "conflicts_table", LIST_WIDTHS, stretch=2, sort=(4, DESCENDING))
        self.search.results = self.view
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.empty_label = QLabel(NONE_TEXT)
        self.empty_label.setObjectName("conflicts_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(NOTE_STYLE)

    def _build_sides(self) -> None:
        """The selected conflict side by side, and the buttons that resolve it."""
        self.sides_view = table_view(self)
        self.sides_view.setObjectName("conflict_sides")
        self.sides_view.setSortingEnabled(False)
        self.sides_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.sides_view.setModel(self.sides)
        self.sides_view.setAlternatingRowColors(False)
        self.side_caption = QLabel()
        self.side_caption.setObjectName("conflict_caption")
        self.side_caption.setWordWrap(True)
        self.merge_button = push_button("合并编辑(&M)…", "逐项填写合并后的值（已按最新版本预填）", self.merge_edit)
        self.buttons_row = QHBoxLayout()
        self.buttons_row.addStretch(1)
        self.buttons_row.addWidget(self.merge_button)

    def _build_layout(self) -> None:
        """The list over the selected conflict, split: the list a third, the sides two thirds."""
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(bar(self.search, end=(self.count_label,)))
        upper_layout.addWidget(self.empty_label)
        upper_layout.addWidget(self.view, 1)
        self.lower = lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.side_caption)
        lower_layout.addWidget(self.sides_view, 1)
        lower_layout.addLayout(self.buttons_row)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([220, 480])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- showing ---------------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_conflict()
        header = self.view.horizontalHeader()
        self.model.set_rows(open_conflicts(self.ctx.reader))
        # unit names for the side-by-side table: read once a reload, not at every selection
        self.names = ValueNames(self.ctx.reader, self.ctx.today(), full_id_numbers=self.ctx.show_full_id_numbers)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        row = self.model.row_of(f"{selected.table}/{selected.record_id}") if selected else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._show_selected()
        self._update_count()

    def apply_filter(self) -> None:
        self.model.set_filter(self.search.text())
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._show_selected()
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        self.count_label.setText(f"共 {total} 条冲突，显示 {shown} 条" if total else "")
        self.empty_label.setVisible(total == 0)
        self.lower.setVisible(total > 0)  # no empty side-by-side table when there is nothing to resolve
        if self.on_count is not None:
            self.on_count(total)

    def selected_conflict(self):
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        conflict = self.selected_conflict()
        self.sides.set_conflict(conflict, self.names if conflict is not None else None)
        header = self.sides_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        if self.sides.columnCount():
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
            self.sides_view.setColumnWidth(0, 150)
        if conflict is None:
            self.side_caption.setText("")
        else:
            different = "、".join(conflict.field_label(f) for f in conflict.differing_fields)
            self.side_caption.setText(f"{conflict.label}「{conflict.name}」有 {len(conflict.sides)} 个版本，"
                                      f"不同之处（黄色）：{different}。在确认之前，列表中显示版本1。")
        self._rebuild_keep_buttons(conflict)
        self.merge_button.setEnabled(conflict is not None)

    def _rebuild_keep_buttons(self, conflict) -> None:
        for button in self.keep_buttons:
            self.buttons_row.removeWidget(button)
            button.hide()  # deleted later, when the event loop is back at the top
            button.deleteLater()
        self.keep_buttons = []
        for number, side in enumerate(conflict.sides if conflict else (), start=1):
            mnemonic = f"(&{number})" if number < 10 else ""
            button = QPushButton(f"保留版本{number}{mnemonic}（{side.office_name}）")
            button.setObjectName(f"keep_side_{number}")
            button.setToolTip(f"以版本{number}为准：{side.office_name}，{side.operator}"
                              + ("（该版本已删除此记录）" if side.deleted else ""))
            button.clicked.connect(lambda _=False, n=number - 1: self.keep_side(n))
            self.buttons_row.insertWidget(len(self.keep_buttons), button)
            self.keep_buttons.append(button)

    # -- resolving -------------------------------------------------------------------------------
    def keep_side(self, number: int) -> None:
        """保留此版本: the side `number` (0 = 版本1) becomes the record's state everywhere."""
        conflict = self.selected_conflict()
        if conflict is None or not 0 <= number < len(conflict.sides):
            return
        side, store = conflict.sides[number], self.ctx.store
        for button in self.keep_buttons:
            button.setEnabled(False)
        self.ctx.runner.run(lambda: resolve_conflict(store, conflict, side.content, deleted=side.deleted),
                            on_done=lambda _changes: self._resolved(conflict, f"版本{number + 1}（{side.office_name}）"),
                            on_error=self._failed, parent=self)

    def merge_edit(self) -> None:
        """合并编辑… (Enter / F2 on the list)."""
        conflict = self.selected_conflict()
        if conflict is None:
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        self.dialog = MergeDialog(self.ctx, conflict, self)
        self.dialog.saved.connect(lambda: self._resolved(conflict, "合并后的值"))
        self.dialog.open()

    def _resolved(self, conflict, kept: str) -> None:
        # the list reloads through the page's refresh(changes), as after any write
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        show_status(self, f"已处理冲突：{conflict.label}「{conflict.name}」以{kept}为准。按 Ctrl+Z 可撤销。")

    def _failed(self, error: BaseException) -> None:
        self.reload()
        show_error(self, error)

