"""The tally entry grid (计票录入) as a table: one row per cadre on the ballot and a 合计 row; per
aspect the votes of the four grades, then 弃权 (= valid ballots − votes, computed, red when
negative). With ballots split by voter category the grid shows one category at a time
(`set_category`) and keeps the counts of all.

An empty cell is "not entered": a row with nothing typed in a category is no tally for that
category; once a row has a number, its empty cells count as 0. Every row is checked as it is
typed: an aspect with more votes than the category's valid ballots is an error, named with the
cadre, the aspect and the numbers (张三 思路措施：共 37 票，多于有效票 36 张).
"""

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.core.evaluations import Evaluated
from desktop_app.gui.models.table_model import Index

GROUP_ROLE = Qt.ItemDataRole.UserRole + 7  # a column's aspect (the header's upper band)
NAME_COLUMN, TITLE_COLUMN, FIRST_COUNT = 0, 1, 2
MAX_DIGITS = 4
ERROR_BACKGROUND = QBrush(QColor("#fde7e9"))
TOTAL_BACKGROUND = QBrush(QColor("#eef1f4"))
ABSTAIN_BACKGROUND = QBrush(QColor("#f6f7f9"))
RED = QBrush(QColor("#b3261e"))
QUIET = QBrush(QColor("#5f6368"))
_BOLD = QFont()
_BOLD.setBold(True)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class TallyProblem:
    row: int
    category: str
    aspect: int
    text: str


class TallyGridModel(QAbstractTableModel):
    """Counts of `people` for `categories` ([""] when not split) with `valid` ballots each."""

    edited = Signal()

    def __init__(self, people: list[Evaluated], aspects: list[str], grades, categories: list[str],
                 valid: dict[str, int], saved: dict[str, dict] | None = None, parent=None):
        super().__init__(parent)
        self.people = list(people)
        self.aspects = list(aspects)
        self.grades = tuple(grades)
        self.categories = list(categories) or [""]
        self.valid = {name: int(valid.get(name, 0)) for name in self.categories}
        self.category = self.categories[0]
        self.width = len(self.grades) + 1  # the grades, then 弃权
        self.saved = dict(saved or {})
        self.counts = {name: [[[None] * len(self.grades) for _ in self.aspects] for _ in self.people]
                       for name in self.categories}
        for row, person in enumerate(self.people):
            for name, rows in self.saved.get(person.cadre_id, {}).items():
                if name in self.counts and len(rows) == len(self.aspects):
                    self.counts[name][row] = [[_number(n) for n in grades][:len(self.grades)] for grades in rows]
        self.snapshot = self._copy()
        self._found: list[TallyProblem] | None = None  # problems() as last worked out

    # -- columns ---------------------------------------------------------------------------------
    def place(self, column: int) -> tuple[int, int] | None:
        """(aspect, grade) of a count column, grade == len(grades) for 弃权; None for 姓名 and 职务."""
        if column < FIRST_COUNT or column >= self.columnCount():
            return None
        return divmod(column - FIRST_COUNT, self.width)

    def column_of(self, aspect: int, grade: int) -> int:
        return FIRST_COUNT + aspect * self.width + grade

    def is_count(self, column: int) -> bool:
        place = self.place(column)
        return place is not None and place[1] < len(self.grades)

    @property
    def total_row(self) -> int:
        return len(self.people)

    # -- the numbers -----------------------------------------------------------------------------
    def entered(self, row: int, category: str | None = None) -> bool:
        rows = self.counts[self.category if category is None else category]
        return 0 <= row < len(rows) and any(n is not None for grades in rows[row] for n in grades)

    def votes(self, row: int, aspect: int, category: str | None = None) -> int:
        return sum(n or 0 for n in self.counts[self.category if category is None else category][row][aspect])

    def abstentions(self, row: int, aspect: int) -> int | None:
        if not self.entered(row):
            return None
        return self.valid[self.category] - self.votes(row, aspect)

    def column_total(self, column: int) -> int:
        aspect, grade = self.place(column)
        if grade == len(self.grades):
            return sum(a for row in range(len(self.people)) if (a := self.abstentions(row, aspect)) is not None)
        return sum(self.counts[self.category][row][aspect][grade] or 0 for row in range(len(self.people)))

    def complete_count(self) -> int:
        """已录入: cadres with counts in every category."""
        return sum(all(self.entered(row, name) for name in self.categories) for row in range(len(self.people)))

    def entered_count(self, category: str | None = None) -> int:
        return sum(self.entered(row, category) for row in range(len(self.people)))

    def problems(self) -> list[TallyProblem]:
        """Every aspect of every row and category with more votes than valid ballots, in the grid's order."""
        if self._found is None:
            self._found = self._find_problems()
        return list(self._found)

    def _find_problems(self) -> list[TallyProblem]:
        found = []
        for name in self.categories:
            valid = self.valid[name]
            for row, person in enumerate(self.people):
                for aspect, short in enumerate(self.aspects):
                    votes = self.votes(row, aspect, name)
                    if votes > valid:
                        who = f"{person.name}（{name}）" if name else person.name
                        ballots = f"{name}类有效票" if name else "有效票"
                        found.append(TallyProblem(row, name, aspect, f"{who} {short}：共 {votes} 票，多于{ballots} {valid} 张"))
        return found

    def row_problems(self, row: int) -> dict[int, str]:
        return {p.aspect: p.text for p in self.problems() if p.row == row and p.category == self.category}

    # -- what is saved -----------------------------------------------------------------------------
    def counts_by_cadre(self) -> dict[str, dict]:
        """The tallies to save: each row with any number, the categories entered, empty cells as 0."""
        found: dict[str, dict] = {}
        for row, person in enumerate(self.people):
            for name in self.categories:
                if self.entered(row, name):
                    found.setdefault(person.cadre_id, {})[name] = [[n or 0 for n in grades]
                                                                    for grades in self.counts[name][row]]
        return found

    def cleared(self) -> list[str]:
        """Cadres whose saved tally was emptied in the grid (saving removes it)."""
        filled = self.counts_by_cadre()
        return [p.cadre_id for p in self.people if p.cadre_id in self.saved and p.cadre_id not in filled]

    @property
    def dirty(self) -> bool:
        return self._copy() != self.snapshot

    def mark_saved(self) -> None:
        self.saved = self.counts_by_cadre()
        self.snapshot = self._copy()

    def _copy(self) -> dict:
        return {name: [[list(g) for g in row] for row in rows] for name, rows in self.counts.items()}

    def set_category(self, category: str) -> None:
        if category in self.counts and category != self.category:
            self.category = category
            self._all_changed()

    def _all_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    # -- Qt model interface ------------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.people) + 1

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else FIRST_COUNT + len(self.aspects) * self.width

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self.rowCount() or not 0 <= index.column() < self.columnCount():
            return None
        try:
            return self._data(index.row(), index.column(), role)
        except Exception:  # noqa: BLE001 — data() must never raise (it would abort Qt)
            return None

    def _data(self, row: int, column: int, role: int):
        total = row == self.total_row
        place = self.place(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column, place, total)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if place is not None else None
        if role == Qt.ItemDataRole.FontRole:
            return _BOLD if total or (place and place[1] == len(self.grades)) else None
        problems = {} if total else self.row_problems(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            if total:
                return TOTAL_BACKGROUND
            if place is not None and place[0] in problems:
                return ERROR_BACKGROUND
            return ABSTAIN_BACKGROUND if place is not None and place[1] == len(self.grades) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if total and place is not None and place[1] == len(self.grades) and self.column_total(column) < 0:
                return RED
            if (place is None and problems) or (place and place[0] in problems and place[1] == len(self.grades)):
                return RED
            return QUIET if place is not None and place[1] == len(self.grades) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if place is not None and place[0] in problems:
                return problems[place[0]]
            return "；".join(problems.values()) if place is None and problems else None
        return None

    def _text(self, row: int, column: int, place, total: bool) -> str:
        if place is None:
            if total:
                return "合计" if column == NAME_COLUMN else f"已录入 {self.entered_count()} 人"
            person = self.people[row]
            return person.name if column == NAME_COLUMN else person.title
        if total:
            return str(self.column_total(column))
        aspect, grade = place
        if grade == len(self.grades):
            abstained = self.abstentions(row, aspect)
            return "" if abstained is None else str(abstained)
        value = self.counts[self.category][row][aspect][grade]
        return "" if value is None else str(value)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.row() >= len(self.people) \
                or not self.is_count(index.column()):
            return False
        text = "" if value is None else str(value).strip()
        if text and (not text.isdigit() or len(text) > MAX_DIGITS):
            return False
        aspect, grade = self.place(index.column())
        cells = self.counts[self.category][index.row()][aspect]
        number = int(text) if text else None
        if cells[grade] == number:
            return True
        cells[grade] = number
        self._found = None
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        self.dataChanged.emit(self.index(self.total_row, 0), self.index(self.total_row, self.columnCount() - 1))
        self.edited.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(self.people) and self.is_count(index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return "" if section == self.total_row else str(section + 1)
            return None
        place = self.place(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section in (NAME_COLUMN, TITLE_COLUMN):
                return "姓名" if section == NAME_COLUMN else "职务"
            if place is None:
                return None
            return self.grades[place[1]] if place[1] < len(self.grades) else "弃权"
        if role == GROUP_ROLE and place is not None:
            return self.aspects[place[0]]
        if role == Qt.ItemDataRole.ToolTipRole and place is not None:
            what = self.grades[place[1]] if place[1] < len(self.grades) else "弃权（有效票 − 各等次票数之和）"
            return f"{self.aspects[place[0]]} · {what}"
        return None


def _number(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
