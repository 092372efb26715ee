"""The annual inputs grid (年度考核数据录入) as a table: one row per team or cadre assessed in a unit
(the team first), the year's inputs across (the columns: annual_grid_columns).

An empty count is "not entered": a row's evaluation with nothing typed is none. Every row is
checked as it is typed by the core's own `validate_inputs`, so the grid shows exactly what 保存
would refuse (a total over the valid ballots, valid ballots missing, a score over 100…), each
problem on its cells and named with the row. Refusals of a save the core sends back are shown
on their row the same way until the row is edited.
"""

import copy

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.core.annual_inputs import SURVEY_GRADES, evaluation_grades, validate_inputs
from desktop_app.core.annual_subjects import Subject
from desktop_app.core.errors import ValidationError
from desktop_app.gui.models.annual_grid_columns import (
    COUNT_KINDS,
    EVALUATION,
    SURVEY,
    GridColumn,
    cells_of,
    entry_of,
    grid_columns,
)
from desktop_app.gui.models.table_model import Index
from desktop_app.gui.models.tally_grid_model import (
    ABSTAIN_BACKGROUND,
    ERROR_BACKGROUND,
    GROUP_ROLE,
    QUIET,
    RED,
)

MAX_DIGITS = 5
SCORE_CHARS = set("0123456789.")
BLOCKED_BACKGROUND = QBrush(QColor("#eceff1"))
TEAM_BACKGROUND = QBrush(QColor("#f3f6fb"))
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
_BOLD = QFont()
_BOLD.setBold(True)


class AnnualGridModel(QAbstractTableModel):
    """The inputs of `subjects` (core Subject, the team first) of a unit in a year, with `saved`
    (cadre id or None → core decoded inputs); `read_only` for a locked year."""

    edited = Signal()

    def __init__(self, rules, subjects: list[Subject], saved: dict, *, read_only: bool = False, parent=None):
        super().__init__(parent)
        self.rules = rules
        self.subjects = list(subjects)
        self.read_only = read_only
        self.columns = grid_columns(rules)
        self.entries = [entry_of(saved.get(s.cadre_id), self.grades_of(n)) for n, s in enumerate(self.subjects)]
        self.snapshot = copy.deepcopy(self.entries)
        self.refused: dict[int, dict[str, str]] = {}  # row → field → the core's refusal of the last save
        self._problems: dict[int, dict[str, str]] = {}

    # -- rows and columns --------------------------------------------------------------------------
    def grades_of(self, row: int) -> tuple[str, ...]:
        return evaluation_grades(self.rules, team=self.subjects[row].is_team)

    def column_of(self, kind: str, grade: int = 0) -> int:
        return next(n for n, c in enumerate(self.columns) if c.kind == kind and c.grade == grade)

    def row_of(self, cadre_id: str | None) -> int:
        return next((n for n, s in enumerate(self.subjects) if s.cadre_id == cadre_id), -1)

    def is_entry(self, row: int, column: int) -> bool:
        """Whether the cell takes typing (or Space, for 属实): not computed, inside the row's scale."""
        if self.read_only or not 0 <= row < len(self.subjects) or not 0 <= column < len(self.columns):
            return False
        spec = self.columns[column]
        if spec.kind == "eval":
            return spec.grade < len(self.grades_of(row))
        if spec.kind == "score":  # a cadre's score is not used: only one saved can be cleared
            return self.subjects[row].is_team or bool(self.entries[row]["score"])
        return spec.kind in (*COUNT_KINDS, "confirmed", "grade", "note")

    def _blocked(self, row: int, spec: GridColumn) -> bool:
        return (spec.kind == "eval" and spec.grade >= len(self.grades_of(row))) or (
            spec.kind == "score" and not self.subjects[row].is_team and not self.entries[row]["score"])

    # -- the numbers -------------------------------------------------------------------------------
    def entered(self, row: int, part: str = "eval") -> bool:
        entry = self.entries[row]
        return entry[f"{part}_valid"] is not None or any(n is not None for n in entry[part])

    def abstentions(self, row: int, part: str) -> int | None:
        entry = self.entries[row]
        if not self.entered(row, part):
            return None
        return (entry[f"{part}_valid"] or 0) - sum(n or 0 for n in entry[part])

    def entered_count(self, part: str = "eval") -> int:
        return sum(self.entered(row, part) for row in range(len(self.subjects)))

    def values(self, row: int) -> dict:
        """The row as core save_inputs_grid takes it (every field: the grid is the whole record)."""
        entry, grades = self.entries[row], self.grades_of(row)
        return {"evaluation": {"valid": entry["eval_valid"], "counts": dict(zip(grades, entry["eval"], strict=True))},
                "survey": {"valid": entry["survey_valid"], "counts": dict(zip(SURVEY_GRADES, entry["survey"], strict=True))},
                "survey_confirmed": entry["confirmed"], "investigation": entry["investigation"],
                "responsibility_score": entry["score"], "responsibility_grade": entry["grade"],
                "key_projects": [dict(p) for p in entry["projects"]], "note": entry["note"]}

    def row_problems(self, row: int) -> dict[str, str]:
        """validate_inputs' problems of the row (field → message), then the core's refusals of it."""
        if row not in self._problems:
            try:
                validate_inputs(self.rules, self.values(row), team=self.subjects[row].is_team)
                found = {}
            except ValidationError as error:
                found = dict(error.problems)
            self._problems[row] = found | self.refused.get(row, {})
        return self._problems[row]

    def problems(self) -> list[str]:
        """Every problem, named with its row (张三：民主测评各等次票数合计 41 超过有效票 40), in the grid's order."""
        return [f"{self.subjects[row].name}：{text}" for row in range(len(self.subjects))
                for text in self.row_problems(row).values()]

    def cell_problem(self, row: int, column: int) -> str:
        spec = self.columns[column]
        found = []
        for field, text in self.row_problems(row).items():
            if spec.kind not in cells_of(field):
                continue
            grade = field.rsplit(".", 1)[-1] if ".counts." in field else None
            if grade is not None and self._grade_name(row, spec) != grade:
                continue
            found.append(text)
        return "；".join(found)

    def _grade_name(self, row: int, spec: GridColumn) -> str:
        scale = self.grades_of(row) if spec.kind == "eval" else SURVEY_GRADES
        return scale[spec.grade] if spec.grade < len(scale) else ""

    # -- what is saved -----------------------------------------------------------------------------
    def changed_rows(self) -> list[int]:
        return [row for row in range(len(self.subjects)) if self.entries[row] != self.snapshot[row]]

    def rows_to_save(self) -> dict[str | None, dict]:
        """The rows edited since the last save: cadre id (None: the team) → values."""
        return {self.subjects[row].cadre_id: self.values(row) for row in self.changed_rows()}

    @property
    def dirty(self) -> bool:
        return bool(self.changed_rows())

    def mark_saved(self) -> None:
        self.snapshot = copy.deepcopy(self.entries)
        self.refused = {}
        self._problems = {}
        self._all_changed()

    def set_refusals(self, problems: dict[str, str]) -> list[str]:
        """The core's refusal of a save (keys '<cadre id or team>.<field>', texts '张三：…') shown on their
        rows; the texts that belong to no row are returned."""
        self.refused, loose = {}, []
        for key, text in problems.items():
            who, _dot, field = key.partition(".")
            row = 0 if who == "team" else self.row_of(who)
            if row < 0:
                loose.append(text)
                continue
            name = self.subjects[row].name
            self.refused.setdefault(row, {})[field or "name"] = text.removeprefix(f"{name}：")
        self._problems = {}
        self._all_changed()
        return loose

    # -- editing -----------------------------------------------------------------------------------
    def set_cell(self, row: int, column: int, value) -> bool:
        """Put a typed value in a cell (text; a bool for 属实); False when the cell refuses it."""
        if not self.is_entry(row, column):
            return False
        spec, entry = self.columns[column], self.entries[row]
        found = self._parsed(spec, row, value)
        if found is _REFUSED:
            return False
        if spec.kind in ("eval", "survey"):
            if entry[spec.kind][spec.grade] == found:
                return True
            entry[spec.kind][spec.grade] = found
        else:
            if entry[spec.kind] == found:
                return True
            entry[spec.kind] = found
        self._row_edited(row)
        return True

    def _parsed(self, spec: GridColumn, row: int, value):
        text = "" if value is None else str(value).strip()
        if spec.kind in COUNT_KINDS:
            if text and (not text.isdigit() or len(text) > MAX_DIGITS):
                return _REFUSED
            return int(text) if text else None
        if spec.kind == "confirmed":
            return bool(value) if isinstance(value, bool | int) else text in ("是", "属实", "1", "y", "Y")
        if spec.kind == "score":
            return text if set(text) <= SCORE_CHARS and len(text) <= 6 else _REFUSED
        if spec.kind == "grade":
            grades = evaluation_grades(self.rules, team=True)
            if text.isdigit():  # 1 好, 2 较好 …; 0 clears
                return grades[int(text) - 1] if 1 <= int(text) <= len(grades) else ("" if int(text) == 0 else _REFUSED)
            return text if text in ("", *grades) else _REFUSED
        return text  # note

    def set_investigation(self, row: int, text: str) -> None:
        if 0 <= row < len(self.entries) and not self.read_only and self.entries[row]["investigation"] != text:
            self.entries[row]["investigation"] = text
            self._row_edited(row)

    def set_projects(self, row: int, projects: list[dict]) -> None:
        if 0 <= row < len(self.entries) and not self.read_only and self.entries[row]["projects"] != projects:
            self.entries[row]["projects"] = [dict(p) for p in projects]
            self._row_edited(row)

    def _row_edited(self, row: int) -> None:
        self.refused.pop(row, None)
        self._problems.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        self.edited.emit()

    def _all_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    # -- Qt model interface ------------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.subjects)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self.rowCount() or not 0 <= index.column() < self.columnCount():
            return None
        try:
            return self._data(index.row(), self.columns[index.column()], index.column(), role)
        except Exception:  # noqa: BLE001 — data() must never raise (it would abort Qt)
            return None

    def _data(self, row: int, spec: GridColumn, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, spec)
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind == "confirmed":
            return Qt.CheckState.Checked if self.entries[row]["confirmed"] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if spec.kind in (*COUNT_KINDS, "eval_abstain", "survey_abstain", "score") else (
                CENTER if spec.kind in ("grade", "projects") else None)
        if role == Qt.ItemDataRole.FontRole:
            return _BOLD if spec.kind == "name" and self.subjects[row].is_team else None
        problem = self.cell_problem(row, column) if role in (Qt.ItemDataRole.BackgroundRole,
                                                             Qt.ItemDataRole.ForegroundRole,
                                                             Qt.ItemDataRole.ToolTipRole) else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, spec, problem)
        if spec.kind == "name" and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole) \
                and self.row_problems(row):
            all_problems = "；".join(self.row_problems(row).values())  # the name says what is wrong in its row
            return RED if role == Qt.ItemDataRole.ForegroundRole else all_problems
        if role == Qt.ItemDataRole.ForegroundRole:
            abstained = self.abstentions(row, spec.kind[:-8]) if spec.kind.endswith("_abstain") else None
            if problem or (abstained is not None and abstained < 0):
                return RED
            return QUIET if spec.kind in ("title", "eval_abstain", "survey_abstain", "projects") else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or self._tip(row, spec)
        return None

    def _background(self, row: int, spec: GridColumn, problem: str):
        if problem:
            return ERROR_BACKGROUND
        if self._blocked(row, spec):
            return BLOCKED_BACKGROUND
        if spec.kind.endswith("_abstain"):
            return ABSTAIN_BACKGROUND
        return TEAM_BACKGROUND if self.subjects[row].is_team and spec.kind in ("name", "title") else None

    def _tip(self, row: int, spec: GridColumn) -> str | None:
        if spec.kind in ("eval", "survey"):
            name = self._grade_name(row, spec)
            return f"{EVALUATION if spec.kind == 'eval' else SURVEY}“{name}”票数" if name else "该行的测评等次较少，此格不用填"
        if spec.kind == "projects":
            return "；".join(f"{p['name']}（{'已完成' if p['done'] else '未完成'}）" for p in
                            self.entries[row]["projects"]) or None
        if spec.kind == "name":
            return self.subjects[row].label
        return None

    def _text(self, row: int, spec: GridColumn) -> str:
        entry, subject = self.entries[row], self.subjects[row]
        kind = spec.kind
        if kind in ("name", "title"):
            return subject.name if kind == "name" else (subject.title or subject.post_type)
        if kind in ("eval", "survey"):
            value = entry[kind][spec.grade] if spec.grade < len(entry[kind]) else None
            return "" if value is None else str(value)
        if kind.endswith("_abstain"):
            abstained = self.abstentions(row, kind[:-8])
            return "" if abstained is None else str(abstained)
        if kind in ("eval_valid", "survey_valid"):
            return "" if entry[kind] is None else str(entry[kind])
        if kind == "confirmed":
            return ""
        if kind == "projects":
            projects = entry["projects"]
            return f"完成 {sum(1 for p in projects if p.get('done'))}/{len(projects)}" if projects else ""
        return str(entry[kind])

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        if role == Qt.ItemDataRole.CheckStateRole:
            return self.set_cell(index.row(), index.column(), _checked(value))
        return role == Qt.ItemDataRole.EditRole and self.set_cell(index.row(), index.column(), value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_entry(index.row(), index.column()):
            kind = self.columns[index.column()].kind
            flags |= Qt.ItemFlag.ItemIsUserCheckable if kind == "confirmed" else Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return "班子" if self.subjects[section].is_team else str(section)
            return None
        if not 0 <= section < len(self.columns):
            return None
        spec = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.label
        if role == GROUP_ROLE:
            return spec.group or None
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.tip or None
        return None


_REFUSED = object()




def _checked(value) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return value == Qt.CheckState.Checked.value or value is True
