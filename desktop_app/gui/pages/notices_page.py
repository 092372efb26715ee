"""公示栏: notices posted for N working days (公示, Alt+G) and the objections to them (异议, Alt+Y).

Ctrl+F searches and Ctrl+N adds on the tab shown: a monthly notice (新建月度公示) or an
objection (登记异议). Every write runs on the worker as one undo step (Ctrl+Z); the page
reloads after any change of notices, objections, reports, units, cadres or the calendar.
"""

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.objections import objections_list
from desktop_app.gui.list_panel import window_keys
from desktop_app.gui.pages.notice_board import BoardPanel
from desktop_app.gui.pages.objections_panel import ObjectionsPanel

RELOAD_ON = ("notices", "objections", "reports", "units", "cadres", "posts", "calendar_days")
BOARD_TAB = "公示(&G)"
OBJECTIONS_TAB = "异议(&Y)"


class NoticesPage(QWidget):
    """公示栏, two tabs: 公示 (the board) and 异议 (objections)."""

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.board = BoardPanel(ctx, self)
        self.objections = ObjectionsPanel(ctx, self.board, self)
        self.board.selection_changed.connect(self.objections.notice_selected)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("notices_tabs")
        self.tabs.addTab(self.board, BOARD_TAB)
        self.tabs.addTab(self.objections, OBJECTIONS_TAB)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        window_keys(self, find=self.focus_search, new=self.add_new)

    def current_panel(self) -> QWidget:
        return self.tabs.currentWidget()

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the tab shown."""
        self.current_panel().search.focus_and_select()

    def add_new(self) -> None:
        """Ctrl+N: 新建月度公示 on 公示, 登记异议 on 异议."""
        if self.current_panel() is self.objections:
            self.objections.log_objection()
        else:
            self.board.new_notice()

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Reload when shown, and after a change touching notices or what they show while visible."""
        if changes is not None and (not self.isVisible() or not changes.touches(*RELOAD_ON)):
            return  # a hidden page reloads when it is shown again
        self.board.reload()
        self.objections.reload()
        self._update_tab_texts()

    def _update_tab_texts(self) -> None:
        waiting = len(objections_list(self.ctx.reader, open_only=True))
        self.tabs.setTabText(1, f"异议（{waiting} 件未办结）(&Y)" if waiting else OBJECTIONS_TAB)
