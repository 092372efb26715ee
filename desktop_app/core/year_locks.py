"""年度锁定: once the committee has decided a year, the year is locked — the inputs of that year's
assessment can no longer be changed, until an administrator reopens it (recorded, with a reason).

The lock is a record (one per year, natural id), so locking and reopening are versioned, audited
and travel with transfer files like any other change. The check sits in the one write path
(RecordStore._write calls `refuse_locked_write`), so every service, the CLI, undo and conflict
resolution obey it; records merged in from another office are not refused (they happened there).

What belongs to a year (`year_of`): a team's or cadre's annual inputs and decisions, notices of
criticism by issue date, sanctions by decision date, supervised tasks by deadline, monthly
reports and excuses by month, quarterly sessions and their tallies, the year's rule set. Talks
and written inquiries are registers that go on and are never locked; nor are notices and
objections (the year's results are posted after it is locked). A monthly report of a locked year
may still move along the notice board (已审核 → 已公示 → 归档), and a late supervised task may get its
completion date: neither changes a fact. Posts (任职经历) are not locked: the cadre records are kept
up to date all the time (roster imports correct them), so a locked year whose subjects change that
way says so (assessment.YearAssessment.changed_since_lock: people without a decision, decisions of
people no longer assessed) and the committee reopens the year if the result must change. A rule set is locked for its own year and for the locked years that follow it (those
locked before this version, without a copy of their own). Locking and reopening cannot be undone
with Ctrl+Z: reopening (with the reason written down) is the way back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from db.records import TABLE_LABELS
from desktop_app.core.clock import stamp
from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.natural_ids import year_lock_id
from desktop_app.core.normalize import clean_prose

if TYPE_CHECKING:
    from desktop_app.core.store import Changes, RecordStore

NOTICE_STATES = ("已审核", "已公示", "归档")


def _year(value) -> int | None:
    text = str(value or "")
    return int(text[:4]) if text[:4].isdigit() else None


def _tally_year(db, content: Mapping) -> int | None:
    row = db.execute("SELECT year FROM evaluation_sessions WHERE id = ?", [content.get("session_id")]).fetchone()
    return row[0] if row else None


YEAR_OF: dict[str, Callable[[object, Mapping], int | None]] = {
    "annual_inputs": lambda db, c: _year(c.get("year")),
    "annual_decisions": lambda db, c: _year(c.get("year")),
    "rule_sets": lambda db, c: _year(c.get("year")),
    "evaluation_sessions": lambda db, c: _year(c.get("year")),
    "tallies": _tally_year,
    "supervision_notices": lambda db, c: _year(c.get("issued_on")),
    "sanctions": lambda db, c: _year(c.get("decided_on")),
    "supervised_tasks": lambda db, c: _year(c.get("deadline")),
    "reports": lambda db, c: _year(c.get("month")),
    "report_excuses": lambda db, c: _year(c.get("month")),
}

LOCKABLE = frozenset(YEAR_OF)  # tables whose writes are checked against locked years


@dataclass(frozen=True)
class YearLock:
    year: int
    locked: bool
    locked_by: str
    locked_on: str
    reopened_by: str
    reopened_on: str
    reason: str

    @property
    def text(self) -> str:
        if self.locked:
            return f"{self.year}年度考核已于 {self.locked_on[:10]} 由{self.locked_by}锁定"
        return f"{self.year}年度考核已于 {self.reopened_on[:10]} 由{self.reopened_by}重新开放（{self.reason}）"


def year_lock(db, year: int) -> YearLock | None:
    """The year's lock record (locked or reopened), None when it was never locked."""
    row = db.execute("SELECT year, locked, locked_by, locked_on, reopened_by, reopened_on, reason FROM year_locks"
                     " WHERE id = ? AND deleted = 0", [year_lock_id(year)]).fetchone()
    return YearLock(row[0], bool(row[1]), *row[2:]) if row else None


def locked_years(db) -> set[int]:
    return {row[0] for row in db.execute("SELECT year FROM year_locks WHERE deleted = 0 AND locked = 1")}


def is_locked(db, year: int) -> bool:
    lock = year_lock(db, year)
    return bool(lock and lock.locked)


def year_of(db, table: str, content: Mapping) -> int | None:
    """The assessment year a record of `table` belongs to; None when the table is never locked."""
    find = YEAR_OF.get(table)
    return find(db, content) if find else None


def locked_years_changed(db, table: str, content: Mapping, parent: Mapping | None, locked: set[int]) -> list[int]:
    """The locked years whose assessment writing `content` (over `parent`) would change, earliest first."""
    if not locked or table not in YEAR_OF:
        return []
    if parent is not None and (_moves_on_notice_board(table, content, parent) or _completed_late(table, content, parent)):
        return []
    years = {year_of(db, table, content)} | ({year_of(db, table, parent)} if parent is not None else set())
    if table == "rule_sets":
        years |= {y for year in set(years) if year is not None for y in _inheriting(db, year, locked)}
    return sorted(y for y in years if y in locked)


def refuse_locked_write(db, table: str, content: Mapping, parent: Mapping | None, locked: set[int]) -> None:
    """RuleViolation when writing `content` (over `parent`, the current row) would change what a
    locked year was assessed on."""
    hit = locked_years_changed(db, table, content, parent, locked)
    if hit:
        raise RuleViolation(f"{hit[0]}年度考核已锁定，不能再修改该年度的数据（{_label(table)}）。"
                            "如确需修改，请管理员在「年度考核」页重新开放该年度（须写明原因）。")


def _inheriting(db, year: int, locked: set[int]) -> set[int]:
    """Locked years after `year` that follow its rule set (no rule set of their own in between)."""
    own = {row[0] for row in db.execute("SELECT year FROM rule_sets WHERE deleted = 0")}
    return {y for y in locked if y > year and not any(year < o <= y for o in own)}


def _moves_on_notice_board(table: str, content: Mapping, parent: Mapping) -> bool:
    """A monthly report of a locked year moving along the notice board (已审核 → 已公示 → 归档)."""
    return (table == "reports" and _changed(content, parent) <= {"state"}
            and content.get("state") in NOTICE_STATES and parent.get("state") in NOTICE_STATES)


def _completed_late(table: str, content: Mapping, parent: Mapping) -> bool:
    """A supervised task of a locked year done after its deadline, recorded later: it was a yellow
    card and stays one, so the year's facts do not change."""
    return (table == "supervised_tasks" and _changed(content, parent) <= {"done_on", "note"}
            and not parent.get("done_on") and not parent.get("excused")
            and str(content.get("done_on") or "") > str(parent.get("deadline") or ""))


def _changed(content: Mapping, parent: Mapping) -> set[str]:
    return {k for k in content if k in parent and content[k] != parent[k]}


def _label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


# -- locking and reopening -------------------------------------------------------------------------
def lock_year(store: RecordStore, year: int) -> Changes:
    """Lock `year` (审定后锁定): later edits to its inputs and decisions are refused. The year gets its
    own copy of the rules it followed (a rule set of an earlier year can then change freely)."""
    if is_locked(store.db, year):
        raise RuleViolation(f"{year}年度考核已经锁定。")
    from desktop_app.core.rule_sets import fix_rules_for_year

    now = stamp(store.clock())
    with store.batch(f"锁定{year}年度考核") as batch:
        fix_rules_for_year(store, year)  # the year keeps the rules it was decided by, whatever earlier years do
        store.put("year_locks", year_lock_id(year), {"year": year, "locked": 1, "locked_by": store.operator,
                                                      "locked_on": now, "reopened_by": "", "reopened_on": "",
                                                      "reason": ""})
    return batch.changes()


def reopen_year(store: RecordStore, year: int, reason: str) -> Changes:
    """Reopen a locked year (管理员重新开放), with the reason written down; the lock's history keeps
    who locked it and when."""
    reason = clean_prose(reason)
    if not reason:
        raise ValidationError({"reason": "重新开放已锁定的年度须写明原因"})
    if not is_locked(store.db, year):
        raise RuleViolation(f"{year}年度考核没有锁定，无需重新开放。")
    now = stamp(store.clock())
    with store.batch(f"重新开放{year}年度考核：{reason}") as batch:
        store.update("year_locks", year_lock_id(year), {"locked": 0, "reopened_by": store.operator,
                                                         "reopened_on": now, "reason": reason})
    return batch.changes()
