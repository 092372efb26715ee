"""异议 tab of 公示栏: objections received, to log, send for checking and conclude.

Ctrl+N 登记异议 (on the notice selected in the 公示 tab by default), Enter/F2 办结 the one
selected. 只看所选公示 narrows the list to that notice. Objections received after a notice's
period are marked 逾期收到 in red; open ones show their state in blue.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.objections import ObjectionRow, objections_list
from desktop_app.gui.dialogs.objection_dialogs import CheckDialog, ConcludeDialog, ObjectionDialog
from desktop_app.gui.models.notice_models import (
    OBJECTION_WIDTHS,
    OPEN_FILTERS,
    is_open,
    objection_model,
)
from desktop_app.gui.widgets import NOTE_STYLE, SearchBox, add_shortcut, choice_box, show_status, table_view


class ObjectionsPanel(QWidget):
    """The objections (异议) and the actions on the one selected; `board` gives the selected notice."""

    def __init__(self, ctx, board, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.board = board
        self.dialog = None
        self.model = objection_model(self)
        self._build_filters()
        self._build_table()
        self._build_buttons()
        self._build_layout()
        for key, slot in ((Qt.Key.Key_Return, self.conclude_selected), (Qt.Key.Key_Enter, self.conclude_selected),
                          (Qt.Key.Key_F2, self.conclude_selected)):
            add_shortcut(key, self.view, slot, Qt.ShortcutContext.WidgetShortcut)

    # -- building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = SearchBox("搜索干部、公示、内容或经办人　Ctrl+F", self)
        self.search.setObjectName("objections_search")
        self.search.textChanged.connect(self.apply_filter)
        self.search.returnPressed.connect(self._focus_table)
        self.state_filter = choice_box(OPEN_FILTERS)
        self.state_filter.setObjectName("objections_state_filter")
        self.state_filter.currentIndexChanged.connect(self.apply_filter)
        self.state_label = QLabel("办理状态(&S)：")
        self.state_label.setBuddy(self.state_filter)
        self.only_selected = QCheckBox("只看所选公示(&O)")
        self.only_selected.setToolTip("只显示「公示」页中所选公示收到的异议")
        self.only_selected.toggled.connect(self.reload)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("objections_scope")
        self.scope_label.setStyleSheet(NOTE_STYLE)
        self.count_label = QLabel()
        self.count_label.setObjectName("objections_count")

    def _build_table(self) -> None:
        self.view = table_view(self)
        self.view.setObjectName("objections_table")
        self.view.setModel(self.model)
        self.search.results = self.view
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate(OBJECTION_WIDTHS):
            self.view.setColumnWidth(column, width)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # 内容
        self.view.doubleClicked.connect(lambda _index: self.conclude_selected())
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)

    def _build_buttons(self) -> None:
        self.log_button = QPushButton("登记异议(&N)…")
        self.log_button.setToolTip("登记收到的异议、举报（Ctrl+N）")
        self.log_button.clicked.connect(self.log_objection)
        self.check_button = QPushButton("转入核查(&C)…")
        self.check_button.setToolTip("所选异议已交由专人核查")
        self.check_button.clicked.connect(self.check_selected)
        self.conclude_button = QPushButton("办结(&B)…")
        self.conclude_button.setToolTip("填写核查结论，办结所选异议（Enter 或 F2，或双击）")
        self.conclude_button.clicked.connect(self.conclude_selected)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        for widget in (self.search, self.state_label, self.state_filter, self.only_selected, self.scope_label):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        actions = QHBoxLayout()
        for button in (self.log_button, self.check_button, self.conclude_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        order = (self.search, self.state_filter, self.only_selected, self.view, self.log_button, self.check_button,
                 self.conclude_button)
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    # -- showing ---------------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_row()
        notice_id = self.board.selected_id() if self.only_selected.isChecked() else None
        entry = self.board.selected_entry()
        self.scope_label.setText(f"（{entry.notice['title']}）" if notice_id and entry else
                                 "（请先在「公示」页选择公示）" if self.only_selected.isChecked() else "")
        only = self.only_selected.isChecked()
        rows = [] if only and not notice_id else objections_list(self.ctx.reader, notice_id=notice_id)
        header = self.view.horizontalHeader()
        self.model.set_rows(rows)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if selected is not None:
            self.select_objection(selected.id)
        self._update_count()

    def notice_selected(self) -> None:
        """The board's selection moved: follow it when only its objections are shown."""
        if self.only_selected.isChecked():
            self.reload()

    def apply_filter(self) -> None:
        selected = self.selected_row()
        wanted = self.state_filter.currentData()
        predicate = None if wanted is None else (lambda row: is_open(row) == (wanted == "open"))
        self.model.set_filter(self.search.text(), predicate)
        if selected is not None:
            self.select_objection(selected.id)
        self._update_count()

    def _update_count(self) -> None:
        rows = [self.model.row_at(n) for n in range(self.model.rowCount())]
        self.count_label.setText(f"共 {self.model.total} 件，显示 {len(rows)} 件，其中未办结 "
                                 f"{sum(is_open(row) for row in rows)} 件")
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.check_button.setEnabled(row is not None and row.state == "受理")
        self.conclude_button.setEnabled(row is not None and is_open(row))

    # -- selection -------------------------------------------------------------------------------
    def selected_row(self) -> ObjectionRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_objection(self, objection_id: str) -> bool:
        row = self.model.row_of(objection_id)
        if row < 0 and (self.search.text() or self.state_filter.currentIndex()):
            self.search.clear()
            self.state_filter.setCurrentIndex(0)
            row = self.model.row_of(objection_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self._update_buttons()
        return True

    def _focus_table(self) -> None:
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- actions ---------------------------------------------------------------------------------
    def log_objection(self) -> None:
        """登记异议 (Ctrl+N on this tab): about the notice selected on the board, by default."""
        notices = [entry.notice for entry in self.board.entries if entry.section != "草稿"]  # newest first
        self._open(ObjectionDialog(self.ctx, notices, self.board.selected_id(), self))

    def check_selected(self) -> None:
        """转入核查 of the selected objection (受理 only)."""
        row = self.selected_row()
        if row is not None and row.state == "受理":
            self._open(CheckDialog(self.ctx, row, self))

    def conclude_selected(self) -> None:
        """办结 (Enter, F2, double click) of the selected open objection."""
        row = self.selected_row()
        if row is None:
            return
        if not is_open(row):
            show_status(self, f"这件异议已办结（{row.state}）。如需改正，请按 Ctrl+Z 撤销后重新办结。")
            return
        self._open(ConcludeDialog(self.ctx, row, self))

    def _open(self, dialog) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, objection_id: str) -> None:
        if not self.select_objection(objection_id) and self.only_selected.isChecked():
            self.only_selected.setChecked(False)  # logged about another notice: show it
            self.select_objection(objection_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        show_status(self, "异议已保存。按 Ctrl+Z 可撤销。")
