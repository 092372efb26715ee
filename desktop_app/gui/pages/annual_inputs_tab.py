"""The 年度数据 tab of 年度考核: every unit of the year chosen with how far its annual inputs are entered
(the team and each cadre assessed there: 民主测评, 民意调查, 专项调查, 责任制考核, 重点项目).

Keys of the list: Enter/F2 or Alt+B 录入年度数据 (the grid of the selected unit); Alt+X 导出模板…
(the year's template: every team and cadre, or the unit filtered) and Alt+I 导入… (a filled-in
template through the preview; one undo step). A locked year shows a banner: the grid opens read
only and import is off (the core refuses such writes anyway).
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.annual_import import write_inputs_template
from desktop_app.core.annual_inputs import (
    annual_rules_of_year,
    get_inputs,
    unit_subjects,
    year_inputs,
    year_subjects,
)
from desktop_app.core.annual_subjects import Subject
from desktop_app.core.errors import KaopingError
from desktop_app.core.units import list_units
from desktop_app.core.year_locks import year_lock
from desktop_app.gui.dialogs.annual_inputs_dialog import LOCKED_STYLE
from desktop_app.gui.errors import show_error
from desktop_app.gui.list_panel import ASCENDING, ListPanel, count_label, tab_chain
from desktop_app.gui.models.annual_input_models import (
    DONE,
    NOTHING,
    UNIT_COLUMN,
    UNIT_WIDTHS,
    UnitInputsModel,
    UnitInputsRow,
    unit_inputs_row,
)
from desktop_app.gui.pages.monthly_actions import ALL_UNITS_NAME, XLSX_FILTER, file_name
from desktop_app.gui.widgets import add_shortcut, documents_folder, offer_folder, push_button, show_status


class AnnualInputsTab(ListPanel):
    """年度数据: a ListPanel whose year, unit filter and search box sit on the page above the tabs."""

    RELOAD_ON = ("annual_inputs", "units", "cadres", "posts", "rule_sets", "year_locks")

    def __init__(self, ctx, page, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.page = page
        self.year: int | None = None
        self.unit_id: str | None = None
        self.lock = None
        self.all_rows: list[UnitInputsRow] = []  # every unit of the year, as last read
        self.last_folder = documents_folder()
        self.model = UnitInputsModel(self)
        self.make_search("搜索单位名称或拼音首字母　Ctrl+F", "annual_inputs_search")
        self.make_table("annual_inputs_units", UNIT_WIDTHS, stretch=UNIT_COLUMN, sort=(UNIT_COLUMN, ASCENDING),
                        open_row=self.enter_inputs)
        self.count_label = count_label("annual_inputs_count")
        self.banner = QLabel()
        self.banner.setObjectName("annual_inputs_locked")
        self.banner.setStyleSheet(LOCKED_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.enter_button = push_button("录入年度数据(&B)…", "逐人录入所选单位的班子和干部的年度考核数据（Enter 或 F2，或双击）",
                                        self.enter_inputs)
        self.template_button = push_button("导出模板(&X)…", "导出本年度的年度考核数据模板（所选单位筛选时只导出该单位）",
                                           self.export_template)
        self.import_button = push_button("导入(&I)…", "从填好的模板导入年度考核数据：先预览，Ctrl+Z 可撤销",
                                         self.import_inputs)
        self.buttons = (self.enter_button, self.template_button, self.import_button)
        self._lay_out()
        add_shortcut(QKeySequence.StandardKey.Find, self, self.search.focus_and_select)
        self.dialog_files = None  # the import preview last opened (tests drive it)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.enter_button)
        row.addStretch(1)
        row.addWidget(self.template_button)
        row.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        tab_chain(self, [self.view, *self.buttons])

    # -- the page's interface ----------------------------------------------------------------------
    def reload(self, year: int | None = None) -> None:
        """Show `year` (the year shown so far when None)."""
        if year is not None:
            self.year = year
        if self.year is None:
            self.year = self.page.year
        self.lock = year_lock(self.ctx.reader, self.year)
        locked = bool(self.lock and self.lock.locked)
        self.banner.setText(f"{self.lock.text}：年度数据只能查看，不能修改、导入。如确需修改，请管理员重新开放该年度。"
                            if locked else "")
        self.banner.setVisible(locked)
        super().reload()

    def apply_unit(self, unit_id: str | None) -> None:
        self.unit_id = unit_id
        self.apply_filter()

    @property
    def locked(self) -> bool:
        return bool(self.lock and self.lock.locked)

    # -- what the list shows -----------------------------------------------------------------------
    def read_rows(self) -> list[UnitInputsRow]:
        reader, year = self.ctx.reader, self.year
        by_unit: dict[str, list[Subject]] = {}
        for subject in year_subjects(reader, year):
            by_unit.setdefault(subject.unit_id, []).append(subject)
        inputs = year_inputs(reader, year)
        self.all_rows = [unit_inputs_row(unit, order, by_unit.get(unit["id"]) or [Subject(unit["id"], unit["name"])],
                                         inputs) for order, unit in enumerate(list_units(reader, self.ctx.today()))]
        return self.all_rows

    def row_filter(self):
        unit_id = self.unit_id
        return (lambda row: row.unit_id == unit_id) if unit_id else None

    def count_text(self) -> str:
        rows = [self.model.row_at(n) for n in range(self.model.rowCount())]
        done = sum(1 for row in rows if row.status == DONE)
        waiting = sum(1 for row in rows if row.status == NOTHING)
        shown = f"共 {len(rows)}" if len(rows) == self.model.total else f"显示 {len(rows)} / {self.model.total}"
        return f"{shown} 个单位：已录完 {done}，未录入 {waiting}"

    def update_buttons(self) -> None:
        row = self.selected_row()
        self.enter_button.setEnabled(row is not None)
        self.enter_button.setText("查看年度数据(&B)…" if self.locked else "录入年度数据(&B)…")
        self.import_button.setEnabled(not self.locked)

    # -- 录入 -------------------------------------------------------------------------------------------
    def enter_inputs(self) -> QWidget | None:
        """录入年度数据 (Enter, F2, Alt+B): the grid of the selected unit (read only in a locked year)."""
        from desktop_app.gui.dialogs.annual_inputs_dialog import AnnualInputsDialog

        row = self.selected_row()
        if row is None:
            show_status(self, "请先选中一个单位。", 5000)
            return None
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        reader, year = self.ctx.reader, self.year
        try:
            rules = annual_rules_of_year(reader, year)
        except KaopingError as error:  # a broken rule set is the operator's to fix
            show_error(self, error)
            return None
        subjects = unit_subjects(reader, row.unit_id, year)
        saved = {s.cadre_id: found for s in subjects if (found := get_inputs(reader, year, s.unit_id, s.cadre_id))}
        self.dialog = AnnualInputsDialog(self.ctx, year, row.unit_id, subjects, saved, rules,
                                         self.lock.text if self.locked else "", self)
        self.dialog.finished.connect(lambda _result, unit_id=row.unit_id: self.after_save(unit_id))
        self.dialog.open()
        return self.dialog

    # -- files -------------------------------------------------------------------------------------------
    def export_template(self) -> Path | None:
        """导出模板…: a row for each team and cadre of the year (of the unit filtered, if one is)."""
        year, unit_id = self.year, self.unit_id
        who = next((row.unit_name for row in self.all_rows if row.unit_id == unit_id), ALL_UNITS_NAME)
        suggested = self.last_folder / file_name("年度考核数据模板", f"{year}年度", who, suffix=".xlsx")
        chosen, _filter = QFileDialog.getSaveFileName(self, "导出年度考核数据模板", str(suggested), XLSX_FILTER)
        if not chosen:
            return None
        target = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
        self.last_folder = target.parent
        db = self.ctx.db
        self.ctx.runner.run(lambda: write_inputs_template(db, target, year, [unit_id] if unit_id else None),
                            on_done=lambda path: offer_folder(
                                self, "已导出模板", f"已导出{year}年度考核数据模板（{who}），填好后用“导入”导入：", Path(path)),
                            parent=self, progress=f"正在导出模板：{target.name}…", undoable=False)
        return target

    def import_inputs(self) -> QWidget | None:
        """导入…: choose a filled-in template, preview it; 导入 writes the valid rows (one undo step)."""
        from desktop_app.gui.dialogs.annual_import import AnnualImportDialog

        if self.locked:
            show_status(self, f"{self.lock.text}，不能导入。", 6000)
            return None
        chosen, _filter = QFileDialog.getOpenFileName(self, "导入年度考核数据：选择填好的模板", str(self.last_folder),
                                                      XLSX_FILTER)
        if not chosen:
            return None
        self.last_folder = Path(chosen).parent
        self.dialog_files = AnnualImportDialog(self.ctx, chosen, self.year, self)
        self.dialog_files.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_files.open()
        return self.dialog_files
