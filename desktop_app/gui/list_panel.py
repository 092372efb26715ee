"""The list page (列表页): a search box and filters over a sortable table, buttons under it.

单位管理 and the 公示 and 异议 tabs of 公示栏 are `ListPanel`s; the other lists (冲突, 导入记录,
备份, 干部信息, 操作记录) build their parts with the same helpers, so that every list looks and
behaves alike: the filters row ends in a count, the buttons row in a stretch; ↓ in the search
box (and Enter, in a ListPanel) goes into the list; Enter, F2 or a double click opens the
selected row and Delete deletes it — keys of the list only, so Enter in the search box never
opens a dialog.
"""

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.models.table_model import ID_ROLE
from desktop_app.gui.widgets import (
    SearchBox,
    add_shortcut,
    buddy_label,
    choice_box,
    stretch_column,
    table_view,
)

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


# -- the parts ---------------------------------------------------------------------------------
def search_box(placeholder: str, name: str, owner: QWidget, on_text: Callable) -> SearchBox:
    """The list's search box (搜索…), filtering as the operator types."""
    box = SearchBox(placeholder, owner)
    box.setObjectName(name)
    box.textChanged.connect(on_text)
    return box


def filter_box(values, name: str, on_change: Callable, *, tip: str = "") -> QComboBox:
    """A filter (全部 first) that applies as soon as it is changed."""
    box = choice_box(values)
    box.setObjectName(name)
    if tip:
        box.setToolTip(tip)
    box.currentIndexChanged.connect(on_change)
    return box


def count_label(name: str) -> QLabel:
    """共 n 条，显示 m 条: the end of the filters row."""
    label = QLabel()
    label.setObjectName(name)
    return label


def list_table(owner: QWidget, model, name: str, widths: Sequence[int], *, stretch: int | None = None,
               sort: tuple[int, Qt.SortOrder] = (0, ASCENDING)) -> QTableView:
    """table_view() over `model`, sorted by `sort`; column `stretch` takes the room left (else the last)."""
    view = table_view(owner)
    view.setObjectName(name)
    view.setModel(model)
    view.sortByColumn(*sort)
    if stretch is None:
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
    else:
        stretch_column(view, stretch, widths)
    return view


def list_keys(view: QTableView, open_row: Callable, *, delete: Callable | None = None) -> None:
    """Enter and F2 open the selected row, Delete deletes it: while the list has the focus only."""
    for key in OPEN_KEYS:
        add_shortcut(key, view, open_row, Qt.ShortcutContext.WidgetShortcut)
    if delete is not None:
        add_shortcut(QKeySequence.StandardKey.Delete, view, delete, Qt.ShortcutContext.WidgetShortcut)


def window_keys(owner: QWidget, *, find: Callable, new: Callable) -> None:
    """Ctrl+F and Ctrl+N anywhere in the window while `owner` shows (a hidden page's do nothing)."""
    for keys, slot in ((QKeySequence.StandardKey.Find, find), (QKeySequence.StandardKey.New, new)):
        add_shortcut(keys, owner, slot, Qt.ShortcutContext.WindowShortcut)


def bar(*widgets: QWidget, end: Sequence[QWidget] = ()) -> QHBoxLayout:
    """A row of `widgets`, then a stretch, then `end` (e.g. the count) at the right."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in end:
        row.addWidget(widget)
    return row


def tab_chain(owner: QWidget, widgets: Sequence[QWidget]) -> None:
    """Tab walks `widgets` in this order."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        owner.setTabOrder(first, second)


def stacked(owner: QWidget, filters: QLayout, view: QTableView, actions: QLayout | None = None) -> QVBoxLayout:
    """The page: the filters row, the list (taking the height), the buttons row."""
    layout = QVBoxLayout(owner)
    layout.addLayout(filters)
    layout.addWidget(view, 1)
    if actions is not None:
        layout.addLayout(actions)
    return layout


# -- the page ----------------------------------------------------------------------------------
class ListPanel(QWidget):
    """A list of records (a RowTableModel) with a search box and filters over it, buttons under it.

    A subclass sets `self.model`, builds its parts with make_search / make_filter / make_table,
    lays them out with lay_out(), and says what is its own: how rows are read (`read_rows`),
    which rows its filters keep (`row_filter`), the count (`count_text`) and which buttons
    apply (`update_buttons`). The panel keeps the selected record across reloads and filters,
    and opens one dialog at a time; a dialog's `saved(record_id)` selects what it wrote.
    """

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None  # the dialog last opened (tests drive it)
        self.filters: list[QComboBox] = []

    # -- building ------------------------------------------------------------------------------
    def make_search(self, placeholder: str, name: str) -> SearchBox:
        self.search = search_box(placeholder, name, self, self.apply_filter)
        self.search.returnPressed.connect(self.focus_list)
        return self.search

    def make_filter(self, values, name: str, label: str, *, tip: str = "") -> tuple[QLabel, QComboBox]:
        """A filter and its caption (whose Alt+letter focuses it)."""
        box = filter_box(values, name, self.apply_filter, tip=tip)
        self.filters.append(box)
        return buddy_label(label, box), box

    def make_table(self, name: str, widths: Sequence[int], *, stretch: int, sort: tuple[int, Qt.SortOrder],
                   open_row: Callable, delete: Callable | None = None) -> QTableView:
        """The list; Enter, F2 and a double click call `open_row`, Delete calls `delete`."""
        self.view = list_table(self, self.model, name, widths, stretch=stretch, sort=sort)
        self.search.results = self.view
        self.view.doubleClicked.connect(lambda _index: open_row())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.current_changed())
        list_keys(self.view, open_row, delete=delete)
        return self.view

    def lay_out(self, filters: Sequence[QWidget], buttons: Sequence[QPushButton], *, count: str) -> None:
        """Filters (and the count named `count`) over the list over the buttons; Tab in that order."""
        self.count_label = count_label(count)
        self.buttons = tuple(buttons)
        stacked(self, bar(*filters, end=(self.count_label,)), self.view, bar(*self.buttons))
        tab_chain(self, [w for w in filters if not isinstance(w, QLabel)] + [self.view, *self.buttons])

    # -- what a subclass says ------------------------------------------------------------------
    def read_rows(self) -> list:
        raise NotImplementedError

    def row_filter(self) -> Callable | None:
        """The rows the filters (other than the search box) keep: a predicate, or None for all."""
        return None

    def count_text(self) -> str:
        raise NotImplementedError

    def update_buttons(self) -> None:
        """Enable the buttons that apply to the selected row."""

    def current_changed(self) -> None:
        self.update_buttons()

    # -- showing ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the rows again, in the list's order, keeping the selected record (shown even if filtered)."""
        def read() -> None:
            header = self.view.horizontalHeader()
            self.model.set_rows(self.read_rows())
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._keeping_selection(read, reveal=True)

    def apply_filter(self) -> None:
        """Filter by the search box and the filters; the selected record stays selected while it shows."""
        self._keeping_selection(lambda: self.model.set_filter(self.search.text(), self.row_filter()), reveal=False)

    def _keeping_selection(self, change: Callable[[], None], *, reveal: bool) -> None:
        selected = self.selected_id()
        change()
        if selected is not None:
            if reveal:
                self.select_id(selected)
            elif (row := self.model.row_of(selected)) >= 0:
                self.select_row(row)
        self.update_count()

    def update_count(self) -> None:
        self.count_label.setText(self.count_text())
        self.update_buttons()

    # -- selection -------------------------------------------------------------------------------
    def selected_row(self):
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_id(self, record_id: str) -> bool:
        """Make `record_id` current (clearing the search and filters if they hide it); False if it is gone."""
        row = self.model.row_of(record_id)
        if row < 0 and (self.search.text() or any(box.currentIndex() for box in self.filters)):
            self.search.clear()
            for box in self.filters:
                box.setCurrentIndex(0)
            row = self.model.row_of(record_id)
        if row < 0:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.update_buttons()

    def focus_list(self) -> None:
        """Enter in the search box: into the list (on its first row when none is current)."""
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.select_row(0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- dialogs ---------------------------------------------------------------------------------
    def open_dialog(self, make: Callable[[], QWidget]) -> None:
        """Open the dialog `make()` builds — or raise the one still open (one at a time)."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        self.dialog = make()
        self.dialog.saved.connect(self.after_save)
        self.dialog.open()

    def after_save(self, record_id: str) -> None:
        """A dialog wrote `record_id`: select it (clearing filters that hide it), back in the list."""
        self.select_id(record_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
