"""干部信息: the roster with search (name, pinyin, initials, ID number), filters and actions.

ID numbers and phones are masked (core.masking) unless 显示完整证件号和电话 is ticked this session."""

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core import cadres
from desktop_app.core.units import list_units
from desktop_app.core.vocabulary import CADRE_STATUSES, POST_TYPES
from desktop_app.gui.full_values import FullValuesToggle
from desktop_app.gui.list_panel import ASCENDING, bar, list_table
from desktop_app.gui.models.roster_model import RosterFilter, RosterModel
from desktop_app.gui.widgets import SearchBox, choice_box, confirm

COLUMN_WIDTHS = (90, 44, 70, 160, 180, 200, 70, 60, 50, 110)


class RosterPage(QWidget):
    def __init__(self, ctx, spec, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.model = RosterModel(ctx.reader, ctx.today(), self)
        self._build_table()
        self._build_filters()
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.button_row)
        self.dialog = None  # the cadre dialog last opened (tests drive it)

    # -- building ------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = SearchBox("搜索姓名、拼音首字母（如 zs）、全拼或身份证号　Ctrl+F", results=self.view)
        self.search.install_shortcut(self)
        self.search.setMinimumWidth(380)
        self.unit_filter = choice_box([], all_label="全部单位")
        self.unit_filter.setMinimumWidth(200)
        self.post_type_filter = choice_box(POST_TYPES, all_label="全部岗位类别")
        self.status_filter = choice_box(CADRE_STATUSES, all_label="全部状态")
        self.count_label = QLabel()
        self.full_values = FullValuesToggle(self.ctx, "D", self)
        self.full_values.toggled.connect(lambda _on: self.model.set_show_full_id_numbers(self.ctx.show_full_id_numbers))
        self.search.textChanged.connect(self.apply_filter)
        for box in (self.unit_filter, self.post_type_filter, self.status_filter):
            box.currentIndexChanged.connect(self.apply_filter)
        self.filter_row = bar(self.search, self.unit_filter, self.post_type_filter, self.status_filter,
                              end=(self.full_values, self.count_label))

    def _build_table(self) -> None:
        self.view = list_table(self, self.model, "roster_view", COLUMN_WIDTHS, sort=(4, ASCENDING))
        self.view.doubleClicked.connect(lambda _index: self.edit_cadre())

    def _build_actions(self) -> None:
        self.button_row = QHBoxLayout()
        specs = (
            ("新增干部", "Ctrl+N", self.add_cadre), ("编辑", "F2", self.edit_cadre),
            ("调动", "Ctrl+T", self.transfer_cadre), ("离任", "Ctrl+R", self.retire_cadre),
            ("历史记录", "Ctrl+H", self.show_history), ("删除", "Delete", self.delete_cadre),
            ("导入名册…", None, self.import_roster), ("导出名册…", None, self.export_roster),
        )
        self.buttons: dict[str, QPushButton] = {}
        for text, shortcut, slot in specs:
            button = QPushButton(f"{text}（{shortcut}）" if shortcut else text)
            button.clicked.connect(slot)
            self.button_row.addWidget(button)
            self.buttons[text] = button
            if shortcut:
                action = QAction(text, self, shortcut=QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                action.triggered.connect(slot)
                self.addAction(action)
        self.button_row.addStretch(1)
        enter = QAction("编辑", self.view, shortcut=QKeySequence(Qt.Key.Key_Return))
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self.edit_cadre)
        self.view.addAction(enter)

    # -- refreshing ------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        if changes is not None and not changes.touches("cadres", "posts", "units"):
            return
        if changes is None:
            self.full_values.sync()
        if changes is None and self.model.loaded and self.model.today == self.ctx.today():
            self.model.set_show_full_id_numbers(self.ctx.show_full_id_numbers)
            return
        first_load = not self.model.loaded
        selected = self.selected_id()
        self.model.today = self.ctx.today()
        self.model.show_full_id_numbers = self.ctx.show_full_id_numbers
        self._fill_units()
        self.model.reload()
        self._update_count()
        self.select(selected)
        if first_load:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_units(self) -> None:
        current = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("全部单位", None)
        for unit in list_units(self.ctx.reader, self.ctx.today()):
            self.unit_filter.addItem(unit["name"], unit["id"])
        self.unit_filter.setCurrentIndex(max(0, self.unit_filter.findData(current)))
        self.unit_filter.blockSignals(False)

    def apply_filter(self) -> None:
        selected = self.selected_id()
        self.model.set_filter(RosterFilter(self.search.text(), self.unit_filter.currentData(),
                                           self.post_type_filter.currentData(), self.status_filter.currentData()))
        self._update_count()
        self.select(selected)

    def _update_count(self) -> None:
        self.count_label.setText(f"共 {self.model.total:,} 人，显示 {self.model.rowCount():,} 人")

    # -- selection -----------------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.cadre_id(index.row())

    def select(self, cadre_id: str | None) -> None:
        row = self.model.row_of(cadre_id) if cadre_id else -1
        if row < 0:
            if self.model.rowCount() and cadre_id is None:
                return
            self.view.clearSelection()
            return
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    def _require_selection(self) -> str | None:
        cadre_id = self.selected_id()
        if cadre_id is None:
            self.window().statusBar().showMessage("请先在列表中选中一名干部。", 4000)
        return cadre_id

    # -- actions -------------------------------------------------------------------------------------
    def add_cadre(self) -> None:
        from desktop_app.gui.dialogs.cadre_dialog import CadreDialog

        self._open(CadreDialog(self.ctx, None, self))

    def edit_cadre(self, tab: int = 0) -> None:
        from desktop_app.gui.dialogs.cadre_dialog import CadreDialog

        cadre_id = self._require_selection()
        if cadre_id:
            self._open(CadreDialog(self.ctx, cadre_id, self, tab=tab))

    def show_history(self) -> None:
        from desktop_app.gui.dialogs.cadre_dialog import HISTORY_TAB

        self.edit_cadre(tab=HISTORY_TAB)

    def transfer_cadre(self) -> None:
        from desktop_app.gui.dialogs.post_dialogs import TransferDialog

        cadre_id = self._require_selection()
        if cadre_id:
            self._open(TransferDialog(self.ctx, cadre_id, self))

    def retire_cadre(self) -> None:
        from desktop_app.gui.dialogs.post_dialogs import RetireDialog

        cadre_id = self._require_selection()
        if cadre_id:
            self._open(RetireDialog(self.ctx, cadre_id, self))

    def delete_cadre(self) -> None:
        cadre_id = self._require_selection()
        if not cadre_id:
            return
        name = self.model.display_row(self.model.row_of(cadre_id)).name
        if confirm(self, "删除干部", f"确定删除干部「{name}」及其任职经历吗？\n删除后可以用 Ctrl+Z 撤销。",
                   action="删除"):
            self.ctx.runner.run(lambda: cadres.delete_cadre(self.ctx.store, cadre_id), parent=self,
                                on_done=lambda _c: self.window().statusBar().showMessage(
                                    f"已删除干部「{name}」（Ctrl+Z 可撤销）", 6000))

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self.select)
        dialog.open()

    def import_roster(self) -> None:
        from desktop_app.gui.dialogs.roster_files import import_roster

        import_roster(self.ctx, self)

    def export_roster(self) -> None:
        from desktop_app.gui.dialogs.roster_files import export_roster

        export_roster(self.ctx, self)
