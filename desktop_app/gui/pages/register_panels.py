"""One supervision register as a list (督办事项, 谈话, 函询, 通报批评, 处分): `RegisterPanel`, the
ListPanel they share, and the simple three (谈话, 通报批评, 处分). The tasks and inquiries, which
have states and actions of their own, are in register_task_panels.

Each list shows the records of the year chosen on the page (by the register's day: a task by its
deadline, a talk by its day…) and of the unit filtered (a register without a unit column: the
cadre's post there on the record's day), searched by cadre (name, pinyin, initials), unit and
text, and filtered by kind or state. Ctrl+N 新增, Enter/F2 修改, Delete 删除 (asks; Ctrl+Z undoes):
every write is one core call on the worker, one undo step.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.roster import name_pinyin_of
from desktop_app.core.sanctions import CATEGORIES, delete_sanction, sanctions
from desktop_app.core.supervision_notices import NOTICE_KINDS, delete_supervision_notice, supervision_notices
from desktop_app.core.talks import TALK_KINDS, delete_talk, talks
from desktop_app.gui.dialogs.register_dialogs import DialogSpec
from desktop_app.gui.dialogs.register_forms import NOTICE, SANCTION, TALK, edit_record, new_record
from desktop_app.gui.list_panel import DESCENDING, ListPanel, count_label, tab_chain, window_keys
from desktop_app.gui.models.register_models import (
    NOTICE_COLUMNS,
    NOTICE_WIDTHS,
    SANCTION_COLUMNS,
    SANCTION_WIDTHS,
    TALK_COLUMNS,
    TALK_WIDTHS,
    RegisterRow,
    register_model,
    register_row,
    sanction_style,
    talk_style,
)
from desktop_app.gui.widgets import confirm, push_button, show_status


class RegisterPanel(ListPanel):
    """A register's list in the 督办与谈话 tab `tab` (which gives the year, the unit, the pickers'
    choices and the units of posts). A subclass names its register: the dialog spec, columns,
    reading, the filter and the core's delete."""

    counted = Signal(str)  # the count text, for the page's filter row

    key = ""  # object names: f"{key}_table" …
    spec: DialogSpec
    columns: tuple = ()
    widths: tuple = ()
    stretch = 0
    sort = (0, DESCENDING)
    style: Callable | None = None
    day = ""  # the field that dates a record
    search_fields: tuple[str, ...] = ()
    filter_label = ""
    filter_values: tuple = ()
    filter_field = ""
    new_text = ""
    unit = "条"  # the count's measure word
    delete_record: Callable  # (store, record id) → Changes

    def __init__(self, ctx, tab, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.tab = tab
        self.model = register_model(self.columns, type(self).style, self)
        self.make_search("搜索姓名、拼音首字母、单位或内容　Ctrl+F", f"{self.key}_search")
        self.search.setMinimumWidth(330)
        filters: list[QWidget] = [self.search]
        self.kind_filter = None
        if self.filter_values:
            label, self.kind_filter = self.make_filter(self.filter_values, f"{self.key}_filter", self.filter_label)
            filters += [label, self.kind_filter]
        filters += self.extra_filters()
        self.make_table(f"{self.key}_table", self.widths, stretch=self.stretch, sort=self.sort,
                        open_row=self.edit_selected, delete=self.delete_selected)
        self.count_label = count_label(f"{self.key}_count")  # the page shows the tab's: see `counted`
        self.new_button = push_button(self.new_text, f"{self.new_text.split('(')[0]}（Ctrl+N）", self.add_new)
        self.edit_button = push_button("修改（F2）", f"修改所选的{self.spec.noun}（Enter 或 F2，或双击）", self.edit_selected)
        self.delete_button = push_button("删除（Delete）", f"删除所选的{self.spec.noun}（Delete，可按 Ctrl+Z 撤销）",
                                         self.delete_selected)
        self.buttons = (self.new_button, self.edit_button, self.delete_button, *self.extra_buttons())
        self._lay_out(filters)
        window_keys(self, find=self.search.focus_and_select, new=self.add_new)

    def _lay_out(self, filters: list[QWidget]) -> None:
        top, bottom = QHBoxLayout(), QHBoxLayout()
        for widget in filters:
            top.addWidget(widget)
        top.addStretch(1)
        for widget in self.end_widgets():
            top.addWidget(widget)
        for button in self.buttons:
            bottom.addWidget(button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        tab_chain(self, [w for w in filters if w.focusPolicy() != Qt.FocusPolicy.NoFocus] + [self.view, *self.buttons])

    # -- what a subclass adds ----------------------------------------------------------------------
    def extra_filters(self) -> list[QWidget]:
        return []

    def extra_buttons(self) -> list[QPushButton]:
        return []

    def end_widgets(self) -> list[QWidget]:
        """Widgets at the right of the filters row (the cards of 督办事项)."""
        return []

    def read_records(self, year: int, unit_id: str | None) -> list[dict]:
        raise NotImplementedError

    def make_row(self, record: dict, pinyin: tuple[str, str]) -> RegisterRow:
        return register_row(record, self.unit_of(record), pinyin, fields=self.search_fields)

    def unit_of(self, record: dict) -> str:
        """The unit shown: the record's, else that of the cadre's post on the record's day."""
        return record.get("unit_name") or self.tab.unit_on(record.get("cadre_id"), record.get(self.day) or "")

    # -- what the list shows -------------------------------------------------------------------------
    def read_rows(self) -> list[RegisterRow]:
        records = self.read_records(self.tab.year, self.tab.unit_id)
        pinyin = name_pinyin_of(self.ctx.reader, sorted({r["cadre_id"] for r in records if r.get("cadre_id")}))
        return [self.make_row(record, pinyin.get(record.get("cadre_id"), ("", ""))) for record in records]

    def row_filter(self):
        wanted = self.kind_filter.currentData() if self.kind_filter is not None else None
        return None if wanted is None else (lambda row: self.filter_value(row) == wanted)

    def filter_value(self, row: RegisterRow) -> str:
        return row.text(self.filter_field)

    def shown_rows(self) -> list[RegisterRow]:
        return [self.model.row_at(n) for n in range(self.model.rowCount())]

    def count_text(self) -> str:
        shown = self.model.rowCount()
        head = f"{self.tab.year}年度{self.spec.noun}"
        return f"{head}共 {shown} {self.unit}" if shown == self.model.total else \
            f"{head}显示 {shown} / {self.model.total} {self.unit}"

    def update_count(self) -> None:
        super().update_count()
        self.counted.emit(self.count_label.text())

    def update_buttons(self) -> None:
        selected = self.selected_row() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    # -- 新增 / 修改 / 删除 ------------------------------------------------------------------------------
    def defaults(self) -> dict:
        """A new record's values: dated today, of the unit filtered."""
        return {self.day: self.ctx.today(), "unit_id": self.tab.unit_id}

    def add_new(self) -> None:
        """新增 (Ctrl+N)."""
        defaults = self.defaults()
        self.tab.with_choices(lambda choices: self.open_dialog(
            lambda: new_record(self.ctx, self.spec, choices, defaults, self)))

    def edit_selected(self) -> None:
        """修改 (Enter, F2, double click)."""
        row = self.selected_row()
        if row is not None:
            self.tab.with_choices(lambda choices: self.open_dialog(
                lambda: edit_record(self.ctx, self.spec, choices, row.record, self)))

    def delete_selected(self) -> None:
        """删除 (Delete): after asking; one undo step."""
        row = self.selected_row()
        if row is None:
            return
        what = self.describe(row)
        if not confirm(self, f"删除{self.spec.noun}", f"确定要删除这条{self.spec.noun}吗？\n\n{what}\n\n删除后可按 Ctrl+Z 撤销。",
                       action="删除"):
            return
        store, record_id, delete = self.ctx.store, row.id, type(self).delete_record
        self.ctx.runner.run(lambda: delete(store, record_id),
                            on_done=lambda _c: show_status(self, f"已删除{self.spec.noun}：{what}。按 Ctrl+Z 可撤销。"),
                            parent=self)

    def describe(self, row: RegisterRow) -> str:
        """The record in a line (for questions and messages)."""
        who = "，".join(part for part in (row.cadre_name, row.unit_name) if part)
        return f"{row.text(self.day)}　{who}"

    def after_save(self, record_id: str) -> None:
        """A dialog wrote `record_id`: select it; say so when the year or unit shown leaves it out."""
        if self.select_id(record_id):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            show_status(self, f"{self.spec.noun}已保存。按 Ctrl+Z 可撤销。")
        else:
            show_status(self, f"{self.spec.noun}已保存，但不在所显示的{self.tab.year}年度（或所选单位）中。按 Ctrl+Z 可撤销。",
                        10000)


# -- 谈话 ---------------------------------------------------------------------------------------------
class TalksPanel(RegisterPanel):
    key, spec, columns, widths, stretch = "talks", TALK, TALK_COLUMNS, TALK_WIDTHS, 6
    style = staticmethod(talk_style)
    day, search_fields = "talked_on", ("kind", "talker", "reason", "summary")
    filter_label, filter_values, filter_field = "谈话类型(&G)：", TALK_KINDS, "kind"
    new_text, unit = "登记谈话(&N)…", "次"
    delete_record = staticmethod(delete_talk)

    def read_records(self, year: int, unit_id: str | None) -> list[dict]:
        return talks(self.ctx.reader, year=year, unit_id=unit_id)

    def describe(self, row: RegisterRow) -> str:
        return f"{super().describe(row)}　{row.text('kind')}谈话"


# -- 通报批评 -------------------------------------------------------------------------------------------
class NoticesPanel(RegisterPanel):
    key, spec, columns, widths, stretch = "criticisms", NOTICE, NOTICE_COLUMNS, NOTICE_WIDTHS, 4
    day, search_fields = "issued_on", ("kind", "text", "issuer")
    filter_label, filter_values, filter_field = "通报类别(&G)：", NOTICE_KINDS, "kind"
    new_text, unit = "登记通报批评(&N)…", "次"
    delete_record = staticmethod(delete_supervision_notice)

    def read_records(self, year: int, unit_id: str | None) -> list[dict]:
        return supervision_notices(self.ctx.reader, year=year, unit_id=unit_id)

    def describe(self, row: RegisterRow) -> str:
        return f"{super().describe(row)}　{row.text('kind')}：{row.text('text')}"


# -- 处分 ---------------------------------------------------------------------------------------------
class SanctionsPanel(RegisterPanel):
    key, spec, columns, widths, stretch = "sanctions", SANCTION, SANCTION_COLUMNS, SANCTION_WIDTHS, 5
    style = staticmethod(sanction_style)
    day, search_fields = "decided_on", ("category", "measure", "text", "decided_by")
    filter_label, filter_values, filter_field = "处分类别(&G)：", CATEGORIES, "category"
    new_text, unit = "登记处分(&N)…", "件"
    delete_record = staticmethod(delete_sanction)

    def read_records(self, year: int, unit_id: str | None) -> list[dict]:
        return sanctions(self.ctx.reader, year=year, unit_id=unit_id)

    def describe(self, row: RegisterRow) -> str:
        return f"{super().describe(row)}　{row.text('category')}（{row.text('measure')}）"
