"""The 测评会 tab of 季度评议: every unit in the quarter chosen, its session and how far its tallies
were entered; the buttons under it.

Keys of the list: Enter/F2 修改 (登记 for a unit without one), Delete 删除 (asks; one undo step),
Ctrl+N 登记测评会, Alt+L 录入计票; Alt+P 打印测评表…, Alt+X 导出计票模板…, Alt+I 导入计票….
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desktop_app.core.evaluations import (
    default_evaluated,
    delete_session,
    evaluated_of,
    quarter_label,
    sessions_of_quarter,
    tallies_of,
    tally_progress,
)
from desktop_app.core.units import list_units
from desktop_app.gui.errors import show_error
from desktop_app.gui.list_panel import ASCENDING, ListPanel, count_label, tab_chain, window_keys
from desktop_app.gui.models.quarterly_models import (
    DONE,
    SESSION_WIDTHS,
    UNIT_COLUMN,
    SessionRow,
    SessionsModel,
    session_row,
)
from desktop_app.gui.pages.quarterly_files import QuarterlyFiles
from desktop_app.gui.pages.quarterly_rules import tally_rules
from desktop_app.gui.widgets import add_shortcut, confirm, push_button, show_status


class SessionsPanel(ListPanel):
    """测评会: a ListPanel whose quarter, unit filter and search box sit on the page above the tabs."""

    def __init__(self, ctx, page, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.page = page
        self.all_rows: list[SessionRow] = []  # every unit of the quarter, as last read
        self.files = QuarterlyFiles(ctx, self)
        self.model = SessionsModel(self)
        self.make_search("搜索单位名称或拼音首字母　Ctrl+F", "quarterly_search")
        self.make_table("quarterly_sessions", SESSION_WIDTHS, stretch=UNIT_COLUMN, sort=(UNIT_COLUMN, ASCENDING),
                        open_row=self.edit_selected, delete=self.delete_selected)
        self.count_label = count_label("quarterly_count")
        self.add_button = push_button("登记测评会…（Ctrl+N）", "登记一个单位本季度的测评会（Ctrl+N）", self.register)
        self.edit_button = push_button("修改（F2）", "修改所选单位的测评会（Enter 或 F2，或双击）", self.edit_selected)
        self.delete_button = push_button("删除（Delete）", "删除所选单位的测评会及其计票（Delete，可按 Ctrl+Z 撤销）",
                                         self.delete_selected)
        self.tally_button = push_button("录入计票(&L)", "逐人录入所选测评会的计票（Alt+L）", self.enter_tallies)
        self.print_button = push_button("打印测评表(&P)…", "生成所选单位的民主测评表 PDF：份数默认为发出张数，可按类别分别打印",
                                        self.print_ballots)
        self.template_button = push_button("导出计票模板(&X)…", "导出本季度已登记测评会的计票模板（所选单位筛选时只导出该单位）",
                                           self.export_template)
        self.import_button = push_button("导入计票(&I)…", "从填好的计票模板导入票数：先预览，Ctrl+Z 可撤销", self.import_tallies)
        self.buttons = (self.add_button, self.edit_button, self.delete_button, self.tally_button, self.print_button,
                        self.template_button, self.import_button)
        row = QHBoxLayout()
        for button in self.buttons[:4]:
            row.addWidget(button)
        row.addStretch(1)
        for button in self.buttons[4:]:
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        tab_chain(self, [self.view, *self.buttons])
        window_keys(self, find=self.search.focus_and_select, new=self.register)
        add_shortcut("Ctrl+Return", self.view, self.enter_tallies, Qt.ShortcutContext.WidgetShortcut)

    # -- what the list shows ---------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.page.quarter[0]

    @property
    def quarter(self) -> int:
        return self.page.quarter[1]

    def read_rows(self) -> list[SessionRow]:
        reader, (year, quarter) = self.ctx.reader, self.page.quarter
        sessions = {s["unit_id"]: s for s in sessions_of_quarter(reader, year, quarter)}
        progress = tally_progress(reader, year, quarter)
        self.all_rows = [session_row(unit, order, sessions.get(unit["id"]),
                                     progress.get(sessions[unit["id"]]["id"], {}) if unit["id"] in sessions else {})
                         for order, unit in enumerate(list_units(reader, self.ctx.today()))]
        return self.all_rows

    def row_filter(self):
        unit_id = self.page.unit_filter.unit_id()
        return (lambda row: row.unit_id == unit_id) if unit_id else None

    def count_text(self) -> str:
        rows = [self.model.row_at(n) for n in range(self.model.rowCount())]
        registered = sum(1 for row in rows if row.session)
        done = sum(1 for row in rows if row.status == DONE)
        shown = f"共 {len(rows)}" if len(rows) == self.model.total else f"显示 {len(rows)} / {self.model.total}"
        return f"{shown} 个单位：已登记 {registered}，已录完 {done}"

    def update_buttons(self) -> None:
        row = self.selected_row()
        registered = row is not None and row.session is not None
        self.edit_button.setEnabled(row is not None)
        self.edit_button.setText("登记（F2）" if row is not None and not registered else "修改（F2）")
        self.delete_button.setEnabled(registered)
        self.tally_button.setEnabled(registered)
        self.print_button.setEnabled(row is not None)

    def rules(self):
        """The year's rules for entry (an error is shown, and None returned, when they are broken)."""
        try:
            return tally_rules(self.ctx.reader, self.year)
        except Exception as error:  # noqa: BLE001 — a broken rule set is the operator's to fix
            show_error(self, error)
            return None

    # -- 登记 / 修改 / 删除 ----------------------------------------------------------------------------
    def register(self) -> None:
        """登记测评会 (Ctrl+N): for the selected unit when it has none, else the first unit without one."""
        waiting = [(row.unit_id, row.unit_name) for row in self._all_rows() if row.session is None]
        if not waiting:
            show_status(self, f"{quarter_label(self.year, self.quarter)}所有单位都已登记测评会。", 5000)
            return
        selected = self.selected_row()
        if selected is not None and selected.session is None:
            waiting.sort(key=lambda unit: unit[0] != selected.unit_id)
        self._open_session(waiting, None)

    def edit_selected(self) -> None:
        """修改 (Enter, F2, double click); 登记 for a unit without a session."""
        row = self.selected_row()
        if row is not None:
            self._open_session([(row.unit_id, row.unit_name)], row.session)

    def _open_session(self, units: list[tuple[str, str]], session: dict | None) -> None:
        from desktop_app.gui.dialogs.session_dialog import SessionDialog

        rules = self.rules()
        if rules is not None:
            year, quarter = self.year, self.quarter
            self.open_dialog(lambda: SessionDialog(self.ctx, year, quarter, units, session, rules.categories,
                                                   len(rules.aspects), self))

    def delete_selected(self) -> None:
        """删除 (Delete): the session and its tallies, after asking; one undo step."""
        row = self.selected_row()
        if row is None or row.session is None:
            return
        label = quarter_label(self.year, self.quarter)
        entered = f"\n已录入的 {row.started} 人计票也将一并删除。" if row.started else ""
        if not confirm(self, "删除测评会", f"确定要删除「{row.unit_name}」{label}的测评会吗？{entered}\n\n删除后可按 Ctrl+Z 撤销。",
                       action="删除"):
            return
        store, year, quarter = self.ctx.store, self.year, self.quarter
        self.ctx.runner.run(lambda: delete_session(store, row.unit_id, year, quarter),
                            on_done=lambda _c: show_status(self, f"已删除「{row.unit_name}」{label}的测评会。按 Ctrl+Z 可撤销。"),
                            parent=self)

    # -- 录入计票 -----------------------------------------------------------------------------------
    def enter_tallies(self) -> QWidget | None:
        """录入计票 (Alt+L, Ctrl+Enter in the list): the grid of the selected session."""
        from desktop_app.gui.dialogs.tally_dialog import TallyDialog

        row = self.selected_row()
        if row is None or row.session is None:
            show_status(self, "请先选中一个已登记测评会的单位（未登记的请先按 Ctrl+N 登记）。", 5000)
            return None
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        rules = self.rules()
        if rules is None:
            return None
        saved = tallies_of(self.ctx.reader, row.session["id"])
        self.dialog = TallyDialog(self.ctx, row.session, row.unit_name, rules, saved, self)
        self.dialog.finished.connect(lambda _result, unit_id=row.unit_id: self.after_save(unit_id))
        self.dialog.open()
        return self.dialog

    # -- files ---------------------------------------------------------------------------------------
    def print_ballots(self) -> QWidget | None:
        row, rules = self.selected_row(), None
        if row is None or (rules := self.rules()) is None:
            return None
        reader = self.ctx.reader
        people = evaluated_of(reader, row.session) if row.session else default_evaluated(
            reader, row.unit_id, self.year, self.quarter)
        return self.files.choose_ballots(row.unit_name, self.year, self.quarter,
                                         [(p.name, p.title) for p in people], row.session, rules)

    def export_template(self) -> None:
        rules = self.rules()
        if rules is None:
            return
        unit_id = self.page.unit_filter.unit_id()
        sessions = [row.session for row in self._all_rows() if row.session and unit_id in (None, row.unit_id)]
        self.files.export_template(self.year, self.quarter, sessions, self.page.unit_filter.unit_name(), rules.shorts)

    def import_tallies(self) -> QWidget | None:
        rules = self.rules()
        return self.files.import_tallies(rules.shorts) if rules is not None else None

    def _all_rows(self) -> list[SessionRow]:
        """Every unit of the quarter, filtered or not, in display order."""
        return list(self.all_rows)
