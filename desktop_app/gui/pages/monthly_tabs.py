"""Building blocks of the 月度实绩 tabs: a list with its layout, a row of buttons, selecting a row."""

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop_app.gui.widgets import add_shortcut, table_view


def list_tab(model, widths, name: str, *, stretch: int | None = None) -> tuple[QTableView, QWidget]:
    """A tab holding one sortable list of `model` (more rows can be added to its layout); the
    column `stretch` takes the spare width (the last one by default)."""
    tab = QWidget()
    view = table_view(tab)
    view.setObjectName(name)
    view.setModel(model)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    if stretch is not None:
        view.horizontalHeader().setStretchLastSection(False)
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(view, 1)
    return view, tab


class ButtonRow(QHBoxLayout):
    """Buttons in a row, in `made` in the order given."""

    def __init__(self, specs):
        super().__init__()
        self.made: list[QPushButton] = []
        for text, slot in specs:
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.addWidget(button)
            self.made.append(button)


def buttons_row(specs) -> ButtonRow:
    return ButtonRow(specs)


def select_row(view: QTableView, row: int) -> None:
    index = view.model().index(row, 0)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    view.scrollTo(index)


def widget_shortcut(widget, key, slot) -> QShortcut:
    """A key that works only while `widget` has the focus."""
    return add_shortcut(key, widget, slot, Qt.ShortcutContext.WidgetShortcut)
