"""异议 tab of 公示栏: objections received, to log, send for checking and conclude.

Ctrl+N 登记异议 (on the notice selected in the 公示 tab by default), Enter/F2 办结 the one
selected. 只看所选公示 narrows the list to that notice. Objections received after a notice's
period are marked 逾期收到 in red; open ones show their state in blue.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from desktop_app.core.objections import ObjectionRow, objections_list
from desktop_app.gui.dialogs.objection_dialogs import CheckDialog, ConcludeDialog, ObjectionDialog
from desktop_app.gui.list_panel import DESCENDING, ListPanel
from desktop_app.gui.models.notice_models import (
    OBJECTION_WIDTHS,
    OPEN_FILTERS,
    is_open,
    objection_model,
)
from desktop_app.gui.widgets import NOTE_STYLE, push_button, show_status


class ObjectionsPanel(ListPanel):
    """The objections (异议) and the actions on the one selected; `board` gives the selected notice."""

    def __init__(self, ctx, board, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.board = board
        self.model = objection_model(self)
        self.make_search("搜索干部、公示、内容或经办人　Ctrl+F", "objections_search")
        self.state_label, self.state_filter = self.make_filter(OPEN_FILTERS, "objections_state_filter",
                                                               "办理状态(&S)：")
        self._build_scope()
        self.make_table("objections_table", OBJECTION_WIDTHS, stretch=4, sort=(0, DESCENDING),  # 内容 stretches
                        open_row=self.conclude_selected)
        self.log_button = push_button("登记异议(&N)…", "登记收到的异议、举报（Ctrl+N）", self.log_objection)
        self.check_button = push_button("转入核查(&C)…", "所选异议已交由专人核查", self.check_selected)
        self.conclude_button = push_button("办结(&B)…", "填写核查结论，办结所选异议（Enter 或 F2，或双击）",
                                           self.conclude_selected)
        self.lay_out((self.search, self.state_label, self.state_filter, self.only_selected, self.scope_label),
                     (self.log_button, self.check_button, self.conclude_button), count="objections_count")

    def _build_scope(self) -> None:
        """只看所选公示, and which notice that is."""
        self.only_selected = QCheckBox("只看所选公示(&O)")
        self.only_selected.setToolTip("只显示「公示」页中所选公示收到的异议")
        self.only_selected.toggled.connect(self.reload)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("objections_scope")
        self.scope_label.setStyleSheet(NOTE_STYLE)

    # -- showing ---------------------------------------------------------------------------------
    def read_rows(self) -> list[ObjectionRow]:
        """The objections (to the notice selected on the board, with 只看所选公示); says which in the scope label."""
        only = self.only_selected.isChecked()
        notice_id = self.board.selected_id() if only else None
        entry = self.board.selected_entry()
        self.scope_label.setText(f"（{entry.notice['title']}）" if notice_id and entry else
                                 "（请先在「公示」页选择公示）" if only else "")
        return [] if only and not notice_id else objections_list(self.ctx.reader, notice_id=notice_id)

    def notice_selected(self) -> None:
        """The board's selection moved: follow it when only its objections are shown."""
        if self.only_selected.isChecked():
            self.reload()

    def row_filter(self):
        wanted = self.state_filter.currentData()
        return None if wanted is None else (lambda row: is_open(row) == (wanted == "open"))

    def count_text(self) -> str:
        rows = [self.model.row_at(n) for n in range(self.model.rowCount())]
        return f"共 {self.model.total} 件，显示 {len(rows)} 件，其中未办结 {sum(is_open(row) for row in rows)} 件"

    def update_buttons(self) -> None:
        row = self.selected_row()
        self.check_button.setEnabled(row is not None and row.state == "受理")
        self.conclude_button.setEnabled(row is not None and is_open(row))

    select_objection = ListPanel.select_id

    # -- actions ---------------------------------------------------------------------------------
    def log_objection(self) -> None:
        """登记异议 (Ctrl+N on this tab): about the notice selected on the board, by default."""
        notices = [entry.notice for entry in self.board.entries if entry.section != "草稿"]  # newest first
        self.open_dialog(lambda: ObjectionDialog(self.ctx, notices, self.board.selected_id(), self))

    def check_selected(self) -> None:
        """转入核查 of the selected objection (受理 only)."""
        row = self.selected_row()
        if row is not None and row.state == "受理":
            self.open_dialog(lambda: CheckDialog(self.ctx, row, self))

    def conclude_selected(self) -> None:
        """办结 (Enter, F2, double click) of the selected open objection."""
        row = self.selected_row()
        if row is None:
            return
        if not is_open(row):
            show_status(self, f"这件异议已办结（{row.state}）。如需改正，请按 Ctrl+Z 撤销后重新办结。")
            return
        self.open_dialog(lambda: ConcludeDialog(self.ctx, row, self))

    def after_save(self, objection_id: str) -> None:
        if not self.select_objection(objection_id) and self.only_selected.isChecked():
            self.only_selected.setChecked(False)  # logged about another notice: show it
            self.select_objection(objection_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        show_status(self, "异议已保存。按 Ctrl+Z 可撤销。")
