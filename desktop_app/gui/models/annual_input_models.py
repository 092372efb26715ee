"""The list of the 年度数据 tab: one row per unit for the year chosen — who is assessed there (the
team and the cadres), how many of them have their evaluation and survey entered, the team's
responsibility score and grade, and so the status: 未录入 / 录入中 / 已录完 (every evaluation in).
"""

from dataclasses import dataclass

from desktop_app.core.pinyin import name_pinyin, search_text
from desktop_app.gui.models.quarterly_models import LAST
from desktop_app.gui.models.table_model import Column, UnitStatusModel

NOTHING, ENTERING, DONE = "未录入", "录入中", "已录完"
STATUSES = (NOTHING, ENTERING, DONE)
STATUS_COLOURS = {NOTHING: "#5f6368", ENTERING: "#b35c00", DONE: "#1e7b34"}


@dataclass(frozen=True)
class UnitInputsRow:
    """A unit in the year: its subjects (the team and `cadres` cadres) and what was entered for them."""

    unit_id: str
    unit_name: str
    unit_order: int = LAST
    cadres: int = 0
    evaluated: int = 0  # subjects with the annual evaluation entered
    surveyed: int = 0  # subjects with the opinion survey entered
    confirmed: int = 0  # subjects whose complaints a special investigation confirmed
    saved: int = 0  # subjects with any input saved
    score: str = ""  # the team's 责任制考核得分
    grade: str = ""  # the team's 责任制考核等次
    search: str = ""

    @property
    def subjects(self) -> int:
        return self.cadres + 1

    @property
    def status(self) -> str:
        if not self.saved:
            return NOTHING
        return DONE if self.evaluated >= self.subjects else ENTERING


def unit_inputs_row(unit: dict, order: int, subjects: list, inputs: dict) -> UnitInputsRow:
    """The row of `unit` from its subjects (core Subject, the team first) and the year's inputs
    ((unit id, cadre id or None) → decoded inputs)."""
    found = [inputs[s.key] for s in subjects if s.key in inputs]
    full, initials = name_pinyin(unit["name"])
    team = inputs.get((unit["id"], None)) or {}
    return UnitInputsRow(unit["id"], unit["name"], order, len(subjects) - 1,
                         sum(1 for i in found if i.get("evaluation")), sum(1 for i in found if i.get("survey")),
                         sum(1 for i in found if i.get("survey_confirmed")), len(found),
                         team.get("responsibility_score") or "", team.get("responsibility_grade") or "",
                         search_text(unit["name"], full, initials))


def _count(header: str, field: str) -> Column:
    return Column(header, lambda r: f"{getattr(r, field)} / {r.subjects}",
                  lambda r: (getattr(r, field), r.subjects, r.unit_order), align_right=True)


UNIT_COLUMNS = (
    Column("单位", lambda r: r.unit_name, lambda r: (r.unit_order, r.unit_name)),
    Column("考核对象", lambda r: f"班子 + {r.cadres} 人", lambda r: (r.cadres, r.unit_order), align_right=True),
    _count("已录民主测评", "evaluated"),
    _count("已录民意调查", "surveyed"),
    Column("专项调查属实", lambda r: str(r.confirmed) if r.confirmed else "", lambda r: (r.confirmed, r.unit_order),
           align_right=True),
    Column("责任制考核得分", lambda r: r.score, lambda r: (float(r.score) if r.score else -1.0, r.unit_order),
           align_right=True),
    Column("责任制考核等次", lambda r: r.grade, lambda r: (r.grade, r.unit_order)),
    Column("状态", lambda r: r.status, lambda r: (STATUSES.index(r.status), r.unit_order)),
)
UNIT_WIDTHS = (200, 96, 100, 100, 100, 110, 110, 90)
UNIT_COLUMN = 0


class UnitInputsModel(UnitStatusModel):
    """The 年度数据 list: the status cell coloured (未录入 grey, 录入中 orange, 已录完 green)."""

    status_colours = STATUS_COLOURS

    def __init__(self, parent=None):
        super().__init__(UNIT_COLUMNS, parent)
