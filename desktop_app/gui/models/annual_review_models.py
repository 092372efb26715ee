"""The table of 年度考核 → 审定: a row per leadership team and cadre of the year, with the proposed
grade (拟定等次), the committee's (审定等次), the state of the decision and the rules behind it.

Rows are built on the worker from core `assess_year` (names spelled in pinyin there); each column
sorts by what it means — scores as numbers, grades best first in their scale, states in the order
the committee works through them — not by its text.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.core.assessment import Assessed
from desktop_app.gui.models.table_model import Column, Index, RowTableModel

TEAM_LABEL = "领导班子"
NONE = "—"
UNDECIDED, DECIDED, OVERRIDDEN, TIED, NO_GRADE, STALE = "未审定", "已审定", "已改定", "并列待定", "无法拟定", "建议已变化"
STATES = (STALE, TIED, NO_GRADE, UNDECIDED, OVERRIDDEN, DECIDED)  # the order they sort in: what needs the committee first
STATE_COLOURS = {STALE: "#b3261e", TIED: "#b35c00", NO_GRADE: "#b3261e", OVERRIDDEN: "#1a5fb4", DECIDED: "#1e7b34"}
GRADE_COLOURS = ("#1e7b34", "#1a5fb4", "#b35c00", "#b3261e")  # the scale's grades, best first
LAST = 1 << 30


def state_of(subject: Assessed) -> str:
    """未审定 / 已审定 / 已改定 / 并列待定 / 无法拟定 / 建议已变化 (decided against a proposal that changed since)."""
    if subject.decided:
        return STALE if subject.stale else OVERRIDDEN if subject.overridden else DECIDED
    if subject.tied:
        return TIED
    return NO_GRADE if subject.proposed is None else UNDECIDED


def rules_text(subject: Assessed) -> str:
    """The rules that changed the grade, by name ("党纪处分"), then those that applied without
    changing it ("班子定差连带成员（未改变）"), and 一票否决 on a team."""
    steps = subject.proposal.steps
    changed = list(dict.fromkeys(s.name for s in steps if s.changed))
    capped = [name for name in dict.fromkeys(s.name for s in steps if not s.changed) if name not in changed]
    parts = ["、".join(changed)] if changed else []
    if capped:
        parts.append(f"{'、'.join(capped)}（未改变）")
    if subject.proposal.veto:
        parts.append("一票否决")
    return "；".join(parts)


def follow_ups_text(subject: Assessed) -> str:
    return "；".join(subject.proposal.follow_ups)


@dataclass(frozen=True)
class ReviewRow:
    """One team or cadre of the year as the 审定 table shows it."""

    subject: Assessed
    order: int  # the assessment's order: teams by unit, then cadres by unit and post
    unit_order: int
    grades: tuple[str, ...]  # the subject's scale, best first
    pinyin: str = ""
    search: str = ""

    @property
    def row_id(self) -> str:
        return row_key(self.subject.kind, self.subject.subject_id)

    @property
    def state(self) -> str:
        return state_of(self.subject)

    def grade_rank(self, grade: str | None) -> int:
        return self.grades.index(grade) if grade in self.grades else LAST


def row_key(kind: str, subject_id: str) -> str:
    return f"{kind}/{subject_id}"


# -- filters ---------------------------------------------------------------------------------------
FILTERS: tuple[tuple[str, str, Callable[[ReviewRow], bool]], ...] = (
    ("team", "班子", lambda r: r.subject.kind == "team"),
    ("cadre", "干部", lambda r: r.subject.kind == "cadre"),
    ("changed", "被规则改变", lambda r: r.subject.changed_by_rule),
    ("tied", "限额线上并列", lambda r: r.subject.tied),
    ("undecided", "未审定", lambda r: not r.subject.decided),
    ("overridden", "已改定", lambda r: r.subject.overridden),
    ("stale", "建议已变化", lambda r: r.subject.stale),
)
FILTER_TESTS = {key: test for key, _label, test in FILTERS}


# -- columns ---------------------------------------------------------------------------------------
def _score(row: ReviewRow) -> float:
    composite = row.subject.composite
    return float("-inf") if composite is None else float(composite)


REVIEW_COLUMNS = (
    Column("单位", lambda r: r.subject.unit_name, lambda r: (r.unit_order, r.order)),
    Column("对象", lambda r: TEAM_LABEL if r.subject.kind == "team" else r.subject.name,
           lambda r: (r.subject.kind != "team", r.pinyin, r.order)),
    Column("职务", lambda r: r.subject.title, lambda r: (r.subject.title, r.order)),
    Column("综合得分", lambda r: r.subject.composite_text, lambda r: (_score(r), -r.order), align_right=True),
    Column("拟定等次", lambda r: r.subject.proposed or NONE, lambda r: (r.grade_rank(r.subject.proposed), r.order)),
    Column("审定等次", lambda r: r.subject.final_grade or "", lambda r: (r.grade_rank(r.subject.final_grade), r.order)),
    Column("状态", lambda r: r.state, lambda r: (STATES.index(r.state), r.order)),
    Column("规则", lambda r: rules_text(r.subject), lambda r: (not rules_text(r.subject), rules_text(r.subject), r.order)),
    Column("后续处理", lambda r: follow_ups_text(r.subject),
           lambda r: (not follow_ups_text(r.subject), follow_ups_text(r.subject), r.order)),
)
REVIEW_WIDTHS = (130, 84, 130, 72, 72, 72, 84, 230, 200)
STRETCH = 8  # 后续处理 takes the room left
PROPOSED, FINAL, STATE = 4, 5, 6


class ReviewModel(RowTableModel):
    """The year's teams and cadres; grades and states coloured, the full texts as tooltips."""

    def __init__(self, parent=None):
        super().__init__(REVIEW_COLUMNS, lambda r: r.row_id, lambda r: r.search, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index.row())
            colour = self._colour(row, index.column()) if row is not None else None
            return QBrush(QColor(colour)) if colour else None
        return super().data(index, role)

    @staticmethod
    def _colour(row: ReviewRow, column: int) -> str | None:
        if column == STATE:
            return STATE_COLOURS.get(row.state)
        grade = row.subject.proposed if column == PROPOSED else row.subject.final_grade if column == FINAL else None
        rank = row.grade_rank(grade)
        return GRADE_COLOURS[rank] if rank < len(GRADE_COLOURS) else None


def state_counts(rows) -> Mapping[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for row in rows:
        counts[row.state] += 1
    return counts
