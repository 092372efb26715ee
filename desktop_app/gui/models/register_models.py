"""The lists of the 督办与谈话 tab: 督办事项, 谈话, 函询, 通报批评 and 处分, one row per record.

A row is the core's record (with cadre_name, unit_name) and what the list adds: the unit shown
(for the registers without a unit, the unit of the cadre's post on the record's day), the state
as of today (督办事项 办理中 … 已说明, 函询 待回复 … 逾期回复), and for a task the cadre's cards
of the year (黄牌 N 次, 红牌). Rows that need the operator's eye are coloured: late tasks and
inquiries, and above all a red card.
"""

from dataclasses import dataclass

from desktop_app.core.pinyin import search_text
from desktop_app.gui.models.notice_models import Style, StyledRowModel
from desktop_app.gui.models.table_model import Column

RED_CARD = Style("#fde7e9", "#a4262c", True)
YELLOW_CARD = Style("#fff4ce", "#7a4f01", False)
LATE_STYLE = Style("", "#a4262c", True)
LATE_DONE_STYLE = Style("", "#b35c00", False)
DONE_STYLE = Style("", "#1e7b34", False)
OPEN_STYLE = Style("", "#0b5cad", False)
QUIET_STYLE = Style("", "#5f6368", False)
OVERDUE_ROW = Style("#fde7e9", "", False)
STATE_STYLES = {"逾期未办结": LATE_STYLE, "逾期办结": LATE_DONE_STYLE, "已说明": QUIET_STYLE, "按期办结": DONE_STYLE,
                "办理中": OPEN_STYLE, "逾期未回复": LATE_STYLE, "逾期回复": LATE_DONE_STYLE, "已回复": DONE_STYLE,
                "待回复": OPEN_STYLE}


@dataclass(frozen=True)
class RegisterRow:
    """A record of a register as its list shows it."""

    record: dict
    unit_name: str = ""
    state: str = ""
    cards: str = ""  # 督办事项: the cadre's cards of the year, e.g. 红牌（黄牌 2 次）
    red: bool = False
    search: str = ""

    @property
    def id(self) -> str:
        return self.record["id"]

    @property
    def cadre_id(self) -> str | None:
        return self.record.get("cadre_id")

    @property
    def cadre_name(self) -> str:
        return self.record.get("cadre_name") or ""

    def text(self, field: str) -> str:
        value = self.record.get(field)
        return "" if value is None else str(value)


def register_row(record: dict, unit_name: str, pinyin: tuple[str, str], *, state: str = "", cards: str = "",
                 red: bool = False, fields: tuple[str, ...] = ()) -> RegisterRow:
    """The row of `record`; searched by cadre (name, pinyin, initials), unit, state, cards and `fields`."""
    texts = [str(record.get(f) or "") for f in fields]
    return RegisterRow(record, unit_name, state, cards, red,
                       search_text(record.get("cadre_name") or "", *pinyin, unit_name, state, cards, *texts))


def _field(header: str, field: str, day: str | None = None) -> Column:
    """A column of the record's `field`; sorted with the record's day after it when `day` is given."""
    if day is None:
        return Column(header, lambda r: r.text(field))
    return Column(header, lambda r: r.text(field), lambda r: (r.text(field), r.text(day), r.id))


def _cadre(header: str, day: str) -> Column:
    return Column(header, lambda r: r.cadre_name, lambda r: (r.cadre_name, r.text(day), r.id))


def _unit(day: str) -> Column:
    return Column("单位", lambda r: r.unit_name, lambda r: (r.unit_name, r.text(day), r.id))


def _state(day: str, states: tuple[str, ...]) -> Column:
    return Column("状态", lambda r: r.state, lambda r: (states.index(r.state) if r.state in states else 9, r.text(day)))


# -- 督办事项 -----------------------------------------------------------------------------------------
TASK_STATE_ORDER = ("逾期未办结", "办理中", "逾期办结", "已说明", "按期办结")
TASK_COLUMNS = (
    _cadre("承办干部", "deadline"), _unit("deadline"), _field("督办事项", "title", "deadline"),
    _field("交办日期", "assigned_on", "deadline"), _field("办结时限", "deadline", "title"),
    _field("办结日期", "done_on", "deadline"), _state("deadline", TASK_STATE_ORDER),
    Column("黄牌/红牌", lambda r: r.cards, lambda r: (not r.red, not r.cards, r.cadre_name, r.text("deadline"))),
    Column("情况说明 / 备注", lambda r: "；".join(t for t in (r.text("excused"), r.text("note")) if t)),
)
TASK_WIDTHS = (80, 110, 220, 96, 96, 96, 90, 120, 200)
TASK_STATE_COLUMN, TASK_CARDS_COLUMN = 6, 7


def task_style(row: RegisterRow, column: int) -> Style | None:
    if column == TASK_CARDS_COLUMN and row.cards:
        return RED_CARD if row.red else YELLOW_CARD
    if column == TASK_STATE_COLUMN:
        return STATE_STYLES.get(row.state)
    if column == 0 and row.red:
        return Style("", "#a4262c", True)
    return None


# -- 谈话 ---------------------------------------------------------------------------------------------
TALK_COLUMNS = (
    _field("谈话日期", "talked_on", "cadre_name"), _cadre("谈话对象", "talked_on"), _unit("talked_on"),
    Column("谈话类型", lambda r: f"{r.text('kind')}谈话", lambda r: (r.text("kind"), r.text("talked_on"))),
    _field("谈话人", "talker", "talked_on"), _field("谈话事由", "reason", "talked_on"),
    _field("谈话内容", "summary", "talked_on"),
)
TALK_WIDTHS = (96, 80, 110, 86, 120, 200, 300)


def talk_style(row: RegisterRow, column: int) -> Style | None:
    return Style("", "#a4262c", False) if column == 3 and row.text("kind") in ("诫勉", "警示") else None


# -- 函询 ---------------------------------------------------------------------------------------------
INQUIRY_STATE_ORDER = ("逾期未回复", "待回复", "逾期回复", "已回复")
INQUIRY_COLUMNS = (
    _field("函询日期", "sent_on", "cadre_name"), _cadre("函询对象", "sent_on"), _unit("sent_on"),
    _field("函询事项", "issue", "sent_on"), _field("回复期限", "reply_due", "sent_on"),
    _field("回复日期", "replied_on", "sent_on"), _state("sent_on", INQUIRY_STATE_ORDER),
    _field("回复内容", "reply", "sent_on"), _field("处理结果", "outcome", "sent_on"),
)
INQUIRY_WIDTHS = (96, 80, 110, 220, 96, 96, 90, 180, 140)
INQUIRY_STATE_COLUMN = 6


def inquiry_style(row: RegisterRow, column: int) -> Style | None:
    if column == INQUIRY_STATE_COLUMN:
        return STATE_STYLES.get(row.state)
    return OVERDUE_ROW if row.state == "逾期未回复" else None


# -- 通报批评 -------------------------------------------------------------------------------------------
NOTICE_COLUMNS = (
    _field("通报日期", "issued_on", "unit_name"), _unit("issued_on"), _cadre("点名干部", "issued_on"),
    _field("类别", "kind", "issued_on"), _field("通报内容", "text", "issued_on"), _field("通报单位", "issuer", "issued_on"),
)
NOTICE_WIDTHS = (96, 120, 80, 60, 360, 120)


# -- 处分 ---------------------------------------------------------------------------------------------
SANCTION_COLUMNS = (
    _field("处分日期", "decided_on", "cadre_name"), _cadre("受处分干部", "decided_on"), _unit("decided_on"),
    _field("处分类别", "category", "decided_on"), _field("处分种类", "measure", "decided_on"),
    _field("处分事由", "text", "decided_on"), _field("决定机关", "decided_by", "decided_on"),
)
SANCTION_WIDTHS = (96, 90, 110, 80, 100, 300, 120)


def sanction_style(row: RegisterRow, column: int) -> Style | None:
    return Style("", "#a4262c", True) if column == 3 and row.text("category") == "党纪处分" else None


def register_model(columns, style=None, parent=None) -> StyledRowModel:
    return StyledRowModel(columns, lambda r: r.id, lambda r: r.search, style or (lambda _row, _column: None), parent)
