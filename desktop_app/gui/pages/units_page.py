"""单位管理: the list of units with the number of cadres in post, to add, edit and delete."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.core.units import delete_unit, list_units
from desktop_app.core.vocabulary import UNIT_KINDS
from desktop_app.gui.dialogs.unit_dialog import UnitDialog
from desktop_app.gui.models.table_model import Column, RowTableModel
from desktop_app.gui.widgets import SearchBox, add_shortcut, choice_box, confirm, show_status, table_view

UNIT_COLUMNS = (
    Column("单位名称", lambda unit: unit["name"], lambda unit: name_pinyin(unit["name"])[0]),
    Column("类别", lambda unit: unit["kind"], lambda unit: (UNIT_KINDS.index(unit["kind"])
                                                         if unit["kind"] in UNIT_KINDS else len(UNIT_KINDS))),
    Column("排序号", lambda unit: str(unit["sort_order"]), lambda unit: (unit["sort_order"], unit["name"]),
           align_right=True),
    Column("在任人数", lambda unit: str(unit["cadre_count"]), lambda unit: (unit["cadre_count"], unit["sort_order"]),
           align_right=True),
)
ORDER_COLUMN = 2
COLUMN_WIDTHS = (320, 100, 90, 90)
RELOAD_ON = ("units", "posts", "cadres")  # 在任人数 follows posts and cadres


def unit_search_text(unit: dict) -> str:
    """Name, kind and the name's pinyin (full and initials), as the roster's search box."""
    return search_text(unit["name"], unit["kind"], *name_pinyin(unit["name"]))


class UnitsPage(QWidget):
    """单位管理. Ctrl+F search, Ctrl+N 新增, Enter/F2/double click 修改, Delete 删除, Ctrl+Z 撤销."""

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.dialog: UnitDialog | None = None
        self.model = RowTableModel(UNIT_COLUMNS, row_id=lambda unit: unit["id"], search_text=unit_search_text,
                                   parent=self)
        self._build_filters()
        self._build_table()
        self._build_buttons()
        self._build_layout()
        self._install_shortcuts()

    # -- building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = SearchBox("搜索单位名称、类别或拼音首字母　Ctrl+F", self)
        self.search.setObjectName("units_search")
        self.search.textChanged.connect(self.apply_filter)
        self.search.returnPressed.connect(self._focus_table)
        self.kind_filter = choice_box(UNIT_KINDS)
        self.kind_filter.setObjectName("units_kind_filter")
        self.kind_filter.setToolTip("只显示某一类别的单位")
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.kind_label = QLabel("类别(&K)：")
        self.kind_label.setBuddy(self.kind_filter)
        self.count_label = QLabel()
        self.count_label.setObjectName("units_count")

    def _build_table(self) -> None:
        self.view = table_view(self)
        self.view.setObjectName("units_table")
        self.view.setModel(self.model)
        self.view.sortByColumn(ORDER_COLUMN, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.view.setColumnWidth(column, width)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # 单位名称
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)

    def _build_buttons(self) -> None:
        self.add_button = QPushButton("新增单位（Ctrl+N）")
        self.add_button.setToolTip("新增单位（Ctrl+N）")
        self.add_button.clicked.connect(self.add_unit)
        self.edit_button = QPushButton("修改（F2）")
        self.edit_button.setToolTip("修改所选单位（Enter 或 F2，或双击）")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("删除（Delete）")
        self.delete_button.setToolTip("删除所选单位（Delete，可按 Ctrl+Z 撤销）")
        self.delete_button.clicked.connect(self.delete_selected)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        for widget in (self.search, self.kind_label, self.kind_filter):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        order = (self.search, self.kind_filter, self.view, self.add_button, self.edit_button, self.delete_button)
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    def _install_shortcuts(self) -> None:
        """Ctrl+F and Ctrl+N work anywhere in the window while this page shows (hidden pages' do not)."""
        for keys, slot in ((QKeySequence.StandardKey.Find, self.search.focus_and_select),
                           (QKeySequence.StandardKey.New, self.add_unit)):
            add_shortcut(keys, self, slot, Qt.ShortcutContext.WindowShortcut)
        for key, slot in ((Qt.Key.Key_Return, self.edit_selected), (Qt.Key.Key_Enter, self.edit_selected),
                          (Qt.Key.Key_F2, self.edit_selected), (QKeySequence.StandardKey.Delete, self.delete_selected)):
            add_shortcut(key, self.view, slot, Qt.ShortcutContext.WidgetShortcut)

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Reload when shown, and after a change of units or posts while visible."""
        if changes is not None and (not self.isVisible() or not changes.touches(*RELOAD_ON)):
            return  # a hidden page reloads when it is shown again
        self.reload()

    def reload(self) -> None:
        selected = self.selected_unit()
        header = self.view.horizontalHeader()
        self.model.set_rows(list_units(self.ctx.reader, self.ctx.today()))
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if selected is not None:
            self.select_unit(selected["id"])
        self._update_count()

    def apply_filter(self) -> None:
        selected = self.selected_unit()
        kind = self.kind_filter.currentData()
        self.model.set_filter(self.search.text(), (lambda unit: unit["kind"] == kind) if kind else None)
        if selected is not None:
            self.select_unit(selected["id"])
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        self.count_label.setText(f"共 {total} 个单位，显示 {shown} 个")
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_unit() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # -- selection -------------------------------------------------------------------------------
    def selected_unit(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_unit(self, unit_id: str) -> bool:
        """Make `unit_id` current (clearing the filters if they hide it); False if it is gone."""
        row = self.model.row_of(unit_id)
        if row < 0 and (self.search.text() or self.kind_filter.currentIndex()):
            self.search.clear()
            self.kind_filter.setCurrentIndex(0)
            row = self.model.row_of(unit_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self._update_buttons()

    def _focus_table(self) -> None:
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self._select_row(0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- actions ---------------------------------------------------------------------------------
    def add_unit(self) -> None:
        """新增单位 (Ctrl+N)."""
        self._open_dialog(None)

    def edit_selected(self) -> None:
        """修改 (Enter, F2, double click)."""
        unit = self.selected_unit()
        if unit is not None:
            self._open_dialog(unit)

    def _open_dialog(self, unit: dict | None) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        self.dialog = UnitDialog(self.ctx, unit, self)
        self.dialog.saved.connect(self._saved)
        self.dialog.open()

    def _saved(self, unit_id: str) -> None:
        self.select_unit(unit_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_selected(self) -> None:
        """删除 (Delete): asks first; the core refuses while cadres hold posts in the unit."""
        unit = self.selected_unit()
        if unit is None:
            return
        if not unit["cadre_count"] and not confirm(
                self, "删除单位", f"确定要删除单位「{unit['name']}」吗？\n\n删除后可按 Ctrl+Z 撤销。", action="删除"):
            return
        row, store, today = self.view.currentIndex().row(), self.ctx.store, self.ctx.today()
        self.ctx.runner.run(lambda: delete_unit(store, unit["id"], today),
                            on_done=lambda _changes: self._deleted(unit, row), parent=self)

    def _deleted(self, unit: dict, row: int) -> None:
        if self.model.rowCount():
            self._select_row(min(row, self.model.rowCount() - 1))
        show_status(self, f"已删除单位「{unit['name']}」。按 Ctrl+Z 可撤销。")

