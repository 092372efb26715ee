"""The tables of 季度评议结果: the cadres' results (评议结果), the units' summary (全县汇总) and the raw
counts of one cadre (原始票数).

Rows are plain dataclasses built on the worker from core `quarter_summary` (names spelled in pinyin
there, so the GUI thread never loads pypinyin); each column sorts by a number, not by its text. The
aspects and grades are the year's rule set's, so the columns are set with the rows.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.core.quarter_scores import NO_VOTES, CadreScore, display_rate, display_score
from desktop_app.gui.models.table_model import Column, Index, RowTableModel
from desktop_app.gui.models.tally_grid_model import GROUP_ROLE

GRADE_COLOURS = ("#1e7b34", "#1a5fb4", "#b35c00", "#b3261e")  # 好, 较好, 一般, 差 (by the rules' order)
NO_VOTES_COLOUR = "#5f6368"
ALL_VOTERS = "全体"
TOTAL = "合计"
LAST = 1 << 30
LOWEST = float("-inf")


def grade_colour(grade: str | None, grades: Sequence[str]) -> str | None:
    """The colour of a 季度等次: by its place among the rules' grades; grey for 无有效票."""
    if grade is None or grade == NO_VOTES:
        return NO_VOTES_COLOUR
    return GRADE_COLOURS[grades.index(grade)] if grade in grades and grades.index(grade) < len(GRADE_COLOURS) else None


@dataclass(frozen=True)
class Ballots:
    """A session's valid ballots (有效票): in all, per voter category, and the categories in order."""

    valid: int = 0
    by_category: Mapping[str, int] = field(default_factory=dict)
    categories: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        split = "、".join(f"{name} {self.by_category.get(name, 0)}" for name in self.categories)
        return f"{self.valid}（{split}）" if split else str(self.valid)


@dataclass(frozen=True)
class ResultRow:
    """A cadre's result in a unit's session (评议结果 row)."""

    unit_id: str
    unit_name: str
    unit_order: int
    cadre: CadreScore
    pinyin: str = ""
    search: str = ""

    @property
    def row_id(self) -> str:
        return f"{self.unit_id}/{self.cadre.cadre_id}"

    @property
    def rank_key(self) -> tuple:
        return (self.cadre.rank is None, self.cadre.rank or 0)


@dataclass(frozen=True)
class CountyRow:
    """A unit's line of the 全县汇总."""

    unit_id: str
    unit_name: str
    unit_order: int
    people: int
    average: Fraction | None
    grade_counts: tuple[int, ...]
    unscored: int
    search: str = ""

    @property
    def average_text(self) -> str:
        return display_score(self.average) if self.average is not None else "—"


def _number(value) -> float:
    return LOWEST if value is None else float(value)


def _score_column(header: str, value) -> Column:
    """A column of scores: shown rounded half up, sorted by the number (无有效票 lowest)."""
    return Column(header, lambda r: display_score(value(r)) if value(r) is not None else "—",
                  lambda r: (_number(value(r)), -r.unit_order), align_right=True)


def result_columns(aspects: Sequence[str]) -> tuple[Column, ...]:
    """名次, 单位, 姓名, each aspect (short name), 综合得分, 季度等次, 好评率, 好及较好率, 有效票."""
    aspect_columns = [_score_column(short, lambda r, n=n: r.cadre.aspect_scores[n] if n < len(r.cadre.aspect_scores)
                                    else None) for n, short in enumerate(aspects)]
    return (
        Column("名次", lambda r: str(r.cadre.rank) if r.cadre.rank else "—", lambda r: (*r.rank_key, r.unit_order),
               align_right=True),
        Column("单位", lambda r: r.unit_name, lambda r: (r.unit_order, *r.rank_key, r.pinyin)),
        Column("姓名", lambda r: r.cadre.name, lambda r: (r.pinyin, r.cadre.name, r.unit_order)),
        *aspect_columns,
        Column("综合得分", lambda r: r.cadre.score_text,
               lambda r: (_number(r.cadre.exact_score), -r.unit_order), align_right=True),
        Column("季度等次", lambda r: r.cadre.grade_text, lambda r: (-_number(r.cadre.exact_score), r.unit_order)),
        Column("好评率", lambda r: display_rate(r.cadre.good_rate), lambda r: (_number(r.cadre.good_rate), -r.unit_order),
               align_right=True),
        Column("好及较好率", lambda r: display_rate(r.cadre.good_or_better_rate),
               lambda r: (_number(r.cadre.good_or_better_rate), -r.unit_order), align_right=True),
        Column("有效票", lambda r: str(r.cadre.valid), lambda r: (r.cadre.valid, -r.unit_order), align_right=True),
    )


def result_widths(aspects: Sequence[str]) -> tuple[int, ...]:
    return (52, 150, 84, *(76 for _ in aspects), 80, 76, 70, 84, 64)


def county_columns(grades: Sequence[str]) -> tuple[Column, ...]:
    """单位, 测评人数, 平均分, each grade's count, 无有效票."""
    counts = [Column(grade, lambda r, n=n: str(r.grade_counts[n]) if n < len(r.grade_counts) else "",
                     lambda r, n=n: (r.grade_counts[n] if n < len(r.grade_counts) else 0, -r.unit_order),
                     align_right=True) for n, grade in enumerate(grades)]
    return (
        Column("单位", lambda r: r.unit_name, lambda r: (r.unit_order, r.unit_name)),
        Column("测评人数", lambda r: str(r.people), lambda r: (r.people, -r.unit_order), align_right=True),
        Column("平均分", lambda r: r.average_text, lambda r: (_number(r.average), -r.unit_order), align_right=True),
        *counts,
        Column("无有效票", lambda r: str(r.unscored), lambda r: (r.unscored, -r.unit_order), align_right=True),
    )


def county_widths(grades: Sequence[str]) -> tuple[int, ...]:
    return (200, 80, 80, *(64 for _ in grades), 76)


class ColumnsModel(RowTableModel):
    """A RowTableModel whose columns follow the rule set (set with the rows, in one reset)."""

    def set_columns(self, columns: Sequence[Column]) -> bool:
        """Use `columns`; True when the headers changed (the view then sets its widths again)."""
        columns = tuple(columns)
        changed = [c.header for c in columns] != [c.header for c in self.columns]
        self.beginResetModel()
        self.columns = columns
        self.endResetModel()
        return changed


class ResultsModel(ColumnsModel):
    """评议结果: a row per cadre; the 季度等次 coloured by grade."""

    def __init__(self, parent=None):
        super().__init__(result_columns(()), row_id=lambda r: r.row_id, search_text=lambda r: r.search, parent=parent)
        self.grades: tuple[str, ...] = ()

    def set_rules(self, aspects: Sequence[str], grades: Sequence[str]) -> bool:
        self.grades = tuple(grades)
        return self.set_columns(result_columns(aspects))

    @property
    def grade_column(self) -> int:
        return len(self.columns) - 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole:
            row = self.row_at(index.row()) if index.isValid() and index.column() == self.grade_column else None
            colour = grade_colour(row.cadre.grade, self.grades) if row is not None else None
            return QBrush(QColor(colour)) if colour else None
        return super().data(index, role)


class CountyModel(ColumnsModel):
    """全县汇总: a row per unit with a session in the quarter."""

    def __init__(self, parent=None):
        super().__init__(county_columns(()), row_id=lambda r: r.unit_id, search_text=lambda r: r.search, parent=parent)

    def set_rules(self, grades: Sequence[str]) -> bool:
        return self.set_columns(county_columns(grades))


class CountsModel(QAbstractTableModel):
    """原始票数 of one cadre: a row per voter category (and 合计 when ballots were split; 全体 when not),
    the valid ballots, then per aspect the votes per grade and 弃权 (valid ballots − votes)."""

    FIXED = 2  # 投票类别, 有效票

    def __init__(self, parent=None):
        super().__init__(parent)
        self.aspects: tuple[str, ...] = ()
        self.grades: tuple[str, ...] = ()
        self.lines: list[tuple[str, int | None, list[list[int]] | None]] = []  # (label, valid, rows per aspect)

    def set_cadre(self, cadre: CadreScore | None, ballots: Ballots | None, aspects: Sequence[str],
                  grades: Sequence[str]) -> None:
        self.beginResetModel()
        self.aspects, self.grades = tuple(aspects), tuple(grades)
        self.lines = self._lines(cadre, ballots or Ballots()) if cadre is not None else []
        self.endResetModel()

    def _lines(self, cadre: CadreScore, ballots: Ballots) -> list:
        counts = cadre.counts or {}
        if not ballots.categories:
            return [(ALL_VOTERS, ballots.valid, self._rows(counts.get("")))]
        names = list(ballots.categories) + [c for c in counts if c and c not in ballots.categories]
        lines = [(name, ballots.by_category.get(name), self._rows(counts.get(name))) for name in names]
        present = [rows for _name, _valid, rows in lines if rows is not None]
        total = [[sum(rows[a][g] for rows in present) for g in range(len(self.grades))] for a in range(len(self.aspects))]
        return [*lines, (TOTAL, ballots.valid, total if present else None)]

    def _rows(self, rows) -> list[list[int]] | None:
        """The counts per aspect and grade, padded to the rules' shape (None when nothing was entered)."""
        if not rows:
            return None
        width = len(self.grades)
        return [[int(n) for n in (list(rows[a]) + [0] * width)[:width]] if a < len(rows) else [0] * width
                for a in range(len(self.aspects))]

    # -- where a column is -------------------------------------------------------------------------
    def place(self, column: int) -> tuple[int, int] | None:
        """(aspect, grade) of a count column; grade == len(grades) is 弃权."""
        if column < self.FIXED or not self.aspects:
            return None
        aspect, grade = divmod(column - self.FIXED, len(self.grades) + 1)
        return (aspect, grade) if aspect < len(self.aspects) else None

    def cell(self, row: int, column: int) -> str:
        label, valid, counts = self.lines[row]
        if column == 0:
            return label
        if column == 1:
            return "" if valid is None else str(valid)
        aspect, grade = self.place(column)
        if counts is None:
            return "—"
        if grade < len(self.grades):
            return str(counts[aspect][grade])
        return "" if valid is None else str(max(valid - sum(counts[aspect]), 0))

    # -- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.FIXED + len(self.aspects) * (len(self.grades) + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.lines) \
                or not 0 <= index.column() < self.columnCount():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.lines[index.row()][0] == TOTAL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        place = self.place(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if place is None:
                return ("投票类别", "有效票")[section]
            return self.grades[place[1]] if place[1] < len(self.grades) else "弃权"
        if role == GROUP_ROLE and place is not None:
            return self.aspects[place[0]]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags
