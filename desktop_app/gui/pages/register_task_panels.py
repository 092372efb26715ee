"""The registers with states: 督办事项 (办理中 / 按期办结 / 逾期未办结 / 逾期办结 / 已说明, and each
cadre's yellow and red cards of the year) and 函询 (待回复 / 逾期未回复 / 已回复 / 逾期回复), as of
today. Late ones stand out; a red card (红牌警告: not 优秀 that year) most of all.

督办事项: Ctrl+N 交办, Alt+O 办结…, Alt+U 说明… (why a late task does not count); 函询: Ctrl+N
发函登记, Alt+R 登记回复….
"""

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop_app.core.errors import KaopingError
from desktop_app.core.inquiries import INQUIRY_STATES, OVERDUE, delete_inquiry, inquiries, inquiry_state
from desktop_app.core.supervised_tasks import (
    TASK_STATES,
    YELLOW_STATES,
    cadre_cards,
    delete_task,
    supervised_tasks,
    task_state,
)
from desktop_app.gui.dialogs.register_forms import INQUIRY, TASK, complete_dialog, excuse_dialog, reply_dialog
from desktop_app.gui.list_panel import ASCENDING
from desktop_app.gui.models.register_models import (
    INQUIRY_COLUMNS,
    INQUIRY_STATE_COLUMN,
    INQUIRY_WIDTHS,
    TASK_COLUMNS,
    TASK_STATE_COLUMN,
    TASK_WIDTHS,
    RegisterRow,
    inquiry_style,
    register_row,
    task_style,
)
from desktop_app.gui.pages.register_panels import RegisterPanel
from desktop_app.gui.widgets import ERROR_STYLE, push_button, show_status

CARD_FILTERS = (("yellow", "有黄牌的干部"), ("red", "红牌警告的干部"))
LATE_STATES = (*YELLOW_STATES, "已说明")


def cards_text(cards) -> str:
    """红牌（黄牌 2 次） / 黄牌 1 次 / '' for a cadre's Cards of the year (or None)."""
    if cards is None or not cards.count:
        return ""
    return f"红牌（黄牌 {cards.count} 次）" if cards.red else f"黄牌 {cards.count} 次"


class TasksPanel(RegisterPanel):
    """督办事项 of the year (by deadline), with their states and the cadres' cards as of today."""

    key, spec, columns, widths, stretch = "tasks", TASK, TASK_COLUMNS, TASK_WIDTHS, 2
    sort = (TASK_STATE_COLUMN, ASCENDING)
    style = staticmethod(task_style)
    day, search_fields = "deadline", ("title", "excused", "note")
    filter_label, filter_values = "办理状态(&S)：", TASK_STATES
    new_text, unit = "交办督办事项(&N)…", "件"
    delete_record = staticmethod(delete_task)

    def __init__(self, ctx, tab, parent: QWidget | None = None):
        self.cards: dict = {}
        self.cards_note = ""
        super().__init__(ctx, tab, parent)

    def extra_filters(self) -> list[QWidget]:
        label, self.card_filter = self.make_filter(CARD_FILTERS, "tasks_card_filter", "黄牌红牌(&G)：",
                                                   tip="只看有黄牌提醒、或已达红牌警告的干部的督办事项")
        return [label, self.card_filter]

    def end_widgets(self) -> list[QWidget]:
        self.cards_label = QLabel()
        self.cards_label.setObjectName("tasks_cards")
        self.cards_label.setStyleSheet(ERROR_STYLE)
        return [self.cards_label]

    def extra_buttons(self) -> list[QPushButton]:
        self.complete_button = push_button("办结(&O)…", "登记所选督办事项的办结日期", self.complete_selected)
        self.excuse_button = push_button("说明(&U)…", "逾期的督办事项：写明不计黄牌的理由（如经批准延期）", self.excuse_selected)
        return [self.complete_button, self.excuse_button]

    # -- rows --------------------------------------------------------------------------------------
    def read_records(self, year: int, unit_id: str | None) -> list[dict]:
        try:
            self.cards, self.cards_note = cadre_cards(self.ctx.reader, year, self.ctx.today()), ""
        except KaopingError as error:  # the year's rule set is wrong: the states still show
            self.cards, self.cards_note = {}, f"无法计算黄牌红牌：{error.message}"
        return supervised_tasks(self.ctx.reader, year=year, unit_id=unit_id)

    def make_row(self, record: dict, pinyin: tuple[str, str]) -> RegisterRow:
        cards = self.cards.get(record.get("cadre_id"))
        return register_row(record, self.unit_of(record), pinyin, state=task_state(record, self.ctx.today()),
                            cards=cards_text(cards), red=bool(cards and cards.red), fields=self.search_fields)

    def read_rows(self) -> list[RegisterRow]:
        rows = super().read_rows()
        self._show_cards(rows)
        return rows

    def _show_cards(self, rows: list[RegisterRow]) -> None:
        """红牌警告：李四（黄牌 2 次）；黄牌提醒 3 人 — of the cadres listed (the unit filtered)."""
        names = {row.cadre_id: row.cadre_name for row in rows if row.cards}
        red = [f"{name}（黄牌 {self.cards[cadre_id].count} 次）" for cadre_id, name in names.items()
               if self.cards[cadre_id].red]
        yellow = len(names) - len(red)
        parts = ([f"红牌警告：{'、'.join(red)}"] if red else []) + ([f"黄牌提醒 {yellow} 人"] if yellow else [])
        self.cards_label.setText(self.cards_note or "；".join(parts))

    def row_filter(self):
        state, card = self.kind_filter.currentData(), self.card_filter.currentData()
        if state is None and card is None:
            return None
        return lambda row: (state is None or row.state == state) and (
            card is None or (row.red if card == "red" else bool(row.cards)))

    def count_text(self) -> str:
        rows = self.shown_rows()
        late = sum(1 for row in rows if row.state == "逾期未办结")
        return super().count_text() + (f"，其中逾期未办结 {late} 件" if late else "")

    def update_buttons(self) -> None:
        super().update_buttons()
        row = self.selected_row()
        self.complete_button.setEnabled(row is not None and not row.text("done_on"))
        self.excuse_button.setEnabled(row is not None and row.state in LATE_STATES)

    # -- actions -----------------------------------------------------------------------------------
    def defaults(self) -> dict:
        return {"assigned_on": self.ctx.today()}

    def summary(self, row: RegisterRow) -> str:
        done = f"，{row.text('done_on')} 办结" if row.text("done_on") else ""
        return (f"{row.cadre_name}（{row.unit_name}）：{row.text('title')}\n"
                f"办结时限 {row.text('deadline')}{done}，状态：{row.state}")

    def describe(self, row: RegisterRow) -> str:
        return f"{row.cadre_name}：{row.text('title')}（办结时限 {row.text('deadline')}）"

    def complete_selected(self) -> None:
        """办结… of the selected task not yet done."""
        row = self.selected_row()
        if row is None:
            return
        if row.text("done_on"):
            show_status(self, f"该事项已于 {row.text('done_on')} 办结；如需改正办结日期，请按 F2 修改。")
            return
        self.open_dialog(lambda: complete_dialog(self.ctx, row.record, self.summary(row), self))

    def excuse_selected(self) -> None:
        """说明… of the selected late task: why it does not count."""
        row = self.selected_row()
        if row is None:
            return
        if row.state not in LATE_STATES:
            show_status(self, f"该事项{row.state}，没有逾期，无需说明。")
            return
        self.open_dialog(lambda: excuse_dialog(self.ctx, row.record, self.summary(row), self))


class InquiriesPanel(RegisterPanel):
    """函询 sent in the year, with their states as of today; 逾期未回复 on red."""

    key, spec, columns, widths, stretch = "inquiries", INQUIRY, INQUIRY_COLUMNS, INQUIRY_WIDTHS, 3
    sort = (INQUIRY_STATE_COLUMN, ASCENDING)
    style = staticmethod(inquiry_style)
    day, search_fields = "sent_on", ("issue", "reply", "outcome")
    filter_label, filter_values = "回复状态(&S)：", INQUIRY_STATES
    new_text, unit = "发函登记(&N)…", "件"
    delete_record = staticmethod(delete_inquiry)

    def extra_buttons(self) -> list[QPushButton]:
        self.reply_button = push_button("登记回复(&R)…", "登记所选函询的回复日期、回复内容和处理结果", self.reply_selected)
        return [self.reply_button]

    def read_records(self, year: int, unit_id: str | None) -> list[dict]:
        return inquiries(self.ctx.reader, year=year, unit_id=unit_id)

    def make_row(self, record: dict, pinyin: tuple[str, str]) -> RegisterRow:
        return register_row(record, self.unit_of(record), pinyin, state=inquiry_state(record, self.ctx.today()),
                            fields=self.search_fields)

    def filter_value(self, row: RegisterRow) -> str:
        return row.state

    def count_text(self) -> str:
        late = sum(1 for row in self.shown_rows() if row.state == OVERDUE)
        return super().count_text() + (f"，其中逾期未回复 {late} 件" if late else "")

    def update_buttons(self) -> None:
        super().update_buttons()
        self.reply_button.setEnabled(self.selected_row() is not None)

    def describe(self, row: RegisterRow) -> str:
        return f"{row.text('sent_on')}　{row.cadre_name}：{row.text('issue')}"

    def reply_selected(self) -> None:
        """登记回复… of the selected inquiry (a reply recorded before can be corrected)."""
        row = self.selected_row()
        if row is None:
            return
        summary = (f"{row.cadre_name}（{row.unit_name}）：{row.text('issue')}\n"
                   f"{row.text('sent_on')} 发函，回复期限 {row.text('reply_due')}，状态：{row.state}")
        self.open_dialog(lambda: reply_dialog(self.ctx, row.record, summary, self))
