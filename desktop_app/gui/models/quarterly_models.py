"""The list of 季度评议 测评会: one row per unit for the quarter chosen, registered or not.

A row says the meeting (会议日期, 应到 … 有效, the valid ballots per voter category), who is
evaluated, how many of them have their tallies entered (in every category when ballots were
split) and so the status: 未登记 / 已登记未录入 / 录入中 / 已录完.
"""

from dataclasses import dataclass

from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.gui.models.table_model import Column, UnitStatusModel

NOT_REGISTERED, NOT_ENTERED, ENTERING, DONE = "未登记", "已登记未录入", "录入中", "已录完"
STATUSES = (NOT_REGISTERED, NOT_ENTERED, ENTERING, DONE)
STATUS_COLOURS = {NOT_REGISTERED: "#5f6368", NOT_ENTERED: "#b35c00", DONE: "#1e7b34"}
LAST = 1 << 30


@dataclass(frozen=True)
class SessionRow:
    """A unit in the quarter: its session (a row of core get_session) or None, and the entry's progress."""

    unit_id: str
    unit_name: str
    unit_order: int = LAST
    session: dict | None = None
    complete: int = 0  # cadres on the ballot with the counts of every category entered
    started: int = 0  # cadres on the ballot with any counts entered
    search: str = ""

    @property
    def evaluated(self) -> int:
        return len(self.session["cadre_ids"]) if self.session else 0

    @property
    def status(self) -> str:
        if self.session is None:
            return NOT_REGISTERED
        if not self.started:
            return NOT_ENTERED
        return DONE if self.complete >= self.evaluated else ENTERING

    def number(self, field: str) -> str:
        return str(self.session[field]) if self.session else ""

    @property
    def categories_text(self) -> str:
        if not self.session or not self.session["categories"]:
            return ""
        valid = self.session["valid_by_category"]
        return "、".join(f"{name} {valid.get(name, 0)}" for name in self.session["categories"])

    @property
    def entered_text(self) -> str:
        return f"{self.complete} / {self.evaluated}" if self.session else ""


def session_row(unit: dict, order: int, session: dict | None, progress: dict[str, list[str]]) -> SessionRow:
    """The row of `unit` from its session and the categories entered per cadre (core tally_progress)."""
    complete = started = 0
    if session is not None:
        needed = set(session["categories"] or [""])
        for cadre_id in session["cadre_ids"]:
            entered = set(progress.get(cadre_id, ()))
            started += bool(entered & needed)
            complete += needed <= entered
    full, initials = name_pinyin(unit["name"])
    return SessionRow(unit["id"], unit["name"], order, session, complete, started,
                      search_text(unit["name"], full, initials))


def _count_column(header: str, field: str) -> Column:
    return Column(header, lambda r: r.number(field),
                  lambda r: (r.session[field] if r.session else -1, r.unit_order, r.unit_name), align_right=True)


SESSION_COLUMNS = (
    Column("单位", lambda r: r.unit_name, lambda r: (r.unit_order, r.unit_name)),
    Column("会议日期", lambda r: r.session["meeting_date"] if r.session else "",
           lambda r: (r.session["meeting_date"] if r.session else "", r.unit_order)),
    _count_column("应到", "expected"), _count_column("实到", "present"), _count_column("发出", "issued"),
    _count_column("收回", "returned"), _count_column("有效", "valid"),
    Column("分类", lambda r: r.categories_text, lambda r: (r.categories_text, r.unit_order)),
    Column("测评人数", lambda r: str(r.evaluated) if r.session else "", lambda r: (r.evaluated, r.unit_order),
           align_right=True),
    Column("已录入人数", lambda r: r.entered_text, lambda r: (r.complete, r.evaluated, r.unit_order), align_right=True),
    Column("状态", lambda r: r.status, lambda r: (STATUSES.index(r.status), r.unit_order)),
)
SESSION_WIDTHS = (170, 96, 52, 52, 52, 52, 52, 190, 72, 84, 100)
UNIT_COLUMN = 0


class SessionsModel(UnitStatusModel):
    """The 测评会 list: the status cell coloured (未登记 grey, 已登记未录入 orange, 已录完 green)."""

    status_colours = STATUS_COLOURS

    def __init__(self, parent=None):
        super().__init__(SESSION_COLUMNS, parent)
