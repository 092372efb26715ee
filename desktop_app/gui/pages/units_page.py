"""单位管理: the list of units with the number of cadres in post, to add, edit and delete."""

from PySide6.QtWidgets import QWidget

from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.core.units import delete_unit, list_units
from desktop_app.core.vocabulary import UNIT_KINDS
from desktop_app.gui.dialogs.unit_dialog import UnitDialog
from desktop_app.gui.list_panel import ASCENDING, ListPanel, window_keys
from desktop_app.gui.models.table_model import Column, RowTableModel
from desktop_app.gui.widgets import confirm, push_button, show_status

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


class UnitsPage(ListPanel):
    """单位管理. Ctrl+F search, Ctrl+N 新增, Enter/F2/double click 修改, Delete 删除, Ctrl+Z 撤销."""

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.spec = spec
        self.model = RowTableModel(UNIT_COLUMNS, row_id=lambda unit: unit["id"], search_text=unit_search_text,
                                   parent=self)
        self.make_search("搜索单位名称、类别或拼音首字母　Ctrl+F", "units_search")
        self.kind_label, self.kind_filter = self.make_filter(UNIT_KINDS, "units_kind_filter", "类别(&K)：",
                                                             tip="只显示某一类别的单位")
        self.make_table("units_table", COLUMN_WIDTHS, stretch=0, sort=(ORDER_COLUMN, ASCENDING),  # 单位名称 stretches
                        open_row=self.edit_selected, delete=self.delete_selected)
        self.add_button = push_button("新增单位（Ctrl+N）", "新增单位（Ctrl+N）", self.add_unit)
        self.edit_button = push_button("修改（F2）", "修改所选单位（Enter 或 F2，或双击）", self.edit_selected)
        self.delete_button = push_button("删除（Delete）", "删除所选单位（Delete，可按 Ctrl+Z 撤销）", self.delete_selected)
        self.lay_out((self.search, self.kind_label, self.kind_filter),
                     (self.add_button, self.edit_button, self.delete_button), count="units_count")
        window_keys(self, find=self.search.focus_and_select, new=self.add_unit)

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Reload when shown, and after a change of units or posts while visible."""
        if changes is not None and (not self.isVisible() or not changes.touches(*RELOAD_ON)):
            return  # a hidden page reloads when it is shown again
        self.reload()

    def read_rows(self) -> list[dict]:
        return list_units(self.ctx.reader, self.ctx.today())

    def row_filter(self):
        kind = self.kind_filter.currentData()
        return (lambda unit: unit["kind"] == kind) if kind else None

    def count_text(self) -> str:
        return f"共 {self.model.total} 个单位，显示 {self.model.rowCount()} 个"

    def update_buttons(self) -> None:
        chosen = self.selected_unit() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    selected_unit = ListPanel.selected_row  # the unit (a row of core list_units) or None
    select_unit = ListPanel.select_id

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
        self.open_dialog(lambda: UnitDialog(self.ctx, unit, self))

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
            self.select_row(min(row, self.model.rowCount() - 1))
        show_status(self, f"已删除单位「{unit['name']}」。按 Ctrl+Z 可撤销。")

