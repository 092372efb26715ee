"""The registers of one cadre, as a dossier (core.dossier) lists them: monthly report marks,
supervised tasks and their cards, talks, written inquiries, sanctions, notices of criticism.

Each is read through its register's module (core.talks, core.inquiries…), oldest first. A yellow
card (黄牌提醒) is a supervised task (督办事项) late and not excused (core.supervised_tasks); a year
with `yellow_for_red` of them (the year's rule set, rule 9, default 2) is a red card (红牌警告).
"""

import json
from collections import Counter
from dataclasses import dataclass

from desktop_app.core.months import months_between
from desktop_app.core.report_gaps import REPORTING_POST_TYPES, due_date, due_day_setting

REVIEWED = ("已审核", "已公示", "归档")
DEFAULT_YELLOW_FOR_RED = 2


@dataclass(frozen=True)
class MonthMark:
    """月度实绩: a month's mark — the completion grade once reviewed, else 待审 / 空洞 / 说明 / 未报 / 草稿."""

    month: str
    mark: str
    self_grade: str = ""
    truthful: str = ""


@dataclass(frozen=True)
class SupervisedTask:
    """督办事项 with its state as of the dossier's day (core.supervised_tasks) and whether it is a yellow card."""

    title: str
    assigned_on: str
    deadline: str
    done_on: str
    excused: str
    note: str
    state: str
    yellow: bool


@dataclass(frozen=True)
class YearCards:
    """A year's yellow cards and whether they make a red card (红牌警告)."""

    year: int
    yellow: int
    red: bool
    yellow_for_red: int = DEFAULT_YELLOW_FOR_RED

    @property
    def text(self) -> str:
        return f"{self.year}年黄牌提醒 {self.yellow} 次" + ("，红牌警告" if self.red else "")


@dataclass(frozen=True)
class Talk:
    talked_on: str
    kind: str
    talker: str
    summary: str
    reason: str


@dataclass(frozen=True)
class Inquiry:
    """函询 with its state as of the dossier's day (待回复 / 逾期未回复 / 已回复 / 逾期回复)."""

    sent_on: str
    issue: str
    reply_due: str
    replied_on: str
    reply: str
    outcome: str
    state: str


@dataclass(frozen=True)
class Sanction:
    decided_on: str
    category: str
    measure: str
    text: str
    decided_by: str


@dataclass(frozen=True)
class CriticismNotice:
    """通报批评 naming the cadre (`named`), or of a unit while the cadre was its principal (正职)."""

    issued_on: str
    kind: str
    unit_name: str
    text: str
    issuer: str
    named: bool


# -- monthly reports --------------------------------------------------------------------------------
def month_marks(db, cadre_id: str, as_of: str) -> tuple[MonthMark, ...]:
    """Every month a report was due (a team post held) or made, oldest first; months before the
    first report in the database are not judged (the office was not collecting them yet)."""
    reports = {row[0]: row[1:] for row in db.execute(
        "SELECT month, state, hollow, self_grade, completion_grade, truthful FROM reports"
        " WHERE cadre_id = ? AND deleted = 0", [cadre_id])}
    excused = {row[0] for row in db.execute(
        "SELECT month FROM report_excuses WHERE cadre_id = ? AND deleted = 0", [cadre_id])}
    first = db.execute("SELECT MIN(month) FROM reports WHERE deleted = 0").fetchone()[0]
    due_day = due_day_setting(db)
    months = set(reports) | {m for m in _expected_months(db, cadre_id, as_of) if first and m >= first}
    marks = []
    for month in sorted(months):
        state, hollow, self_grade, grade, truthful = reports.get(month, ("", 0, "", "", ""))
        mark = _mark(state, hollow, grade, month in excused, as_of > due_date(month, due_day))
        marks.append(MonthMark(month, mark, self_grade, truthful))
    return tuple(marks)


def _mark(state: str, hollow: int, grade: str, excused: bool, overdue: bool) -> str:
    if hollow:
        return "空洞"
    if state in REVIEWED:
        return grade or "已审"
    if state == "已提交":
        return "待审"
    if excused:
        return "说明"
    if overdue:
        return "未报"
    return "草稿" if state else ""


def _expected_months(db, cadre_id: str, as_of: str) -> set[str]:
    """The months up to `as_of` in which the cadre held a post that reports (正职、副职、班子成员),
    counted as core.report_gaps counts them (a post ending in a month is due that month)."""
    months: set[str] = set()
    for start, end in db.execute(
            "SELECT start_date, end_date FROM posts WHERE cadre_id = ? AND deleted = 0"
            " AND post_type IN (SELECT value FROM json_each(?)) AND start_date <> ''",
            [cadre_id, json.dumps(REPORTING_POST_TYPES)]):
        last = min(end or as_of, as_of)[:7]
        if start[:7] <= last:
            months.update(months_between(start[:7], last))
    return months


# -- supervised tasks and cards ---------------------------------------------------------------------
def supervised_tasks(db, cadre_id: str, as_of: str) -> tuple[SupervisedTask, ...]:
    """The cadre's supervised tasks by deadline, each with its state and card as of `as_of`."""
    from desktop_app.core import supervised_tasks as tasks

    found = []
    for task in tasks.supervised_tasks(db, cadre_id=cadre_id):
        state = tasks.task_state(task, as_of)
        found.append(SupervisedTask(task["title"], task["assigned_on"], task["deadline"], task["done_on"],
                                    task["excused"], task["note"], state, state in tasks.YELLOW_STATES))
    return tuple(found)


def year_cards(db, tasks: tuple[SupervisedTask, ...]) -> tuple[YearCards, ...]:
    """Per year (of the deadline) with a yellow card: how many, and whether they make a red card."""
    counts = Counter(int(task.deadline[:4]) for task in tasks if task.yellow and task.deadline[:4].isdigit())
    found = []
    for year in sorted(counts):
        needed = yellow_for_red(db, year)
        found.append(YearCards(year, counts[year], counts[year] >= needed, needed))
    return tuple(found)


def yellow_for_red(db, year: int) -> int:
    """How many yellow cards make a red one in `year` (rule 9 of the year's annual rules)."""
    from desktop_app.core.annual_inputs import annual_rules_of_year
    from desktop_app.core.errors import RuleViolation

    try:
        rules = annual_rules_of_year(db, year)
    except RuleViolation:
        return DEFAULT_YELLOW_FOR_RED
    return int(rules.rules.get("cards", {}).get("yellow_for_red", DEFAULT_YELLOW_FOR_RED))


# -- talks, inquiries, sanctions, notices ----------------------------------------------------------
def talks_of(db, cadre_id: str) -> tuple[Talk, ...]:
    from desktop_app.core.talks import talks

    return tuple(Talk(t["talked_on"], t["kind"], t["talker"], t["summary"], t["reason"])
                 for t in talks(db, cadre_id=cadre_id))


def inquiries_of(db, cadre_id: str, as_of: str) -> tuple[Inquiry, ...]:
    from desktop_app.core.inquiries import inquiries, inquiry_state

    return tuple(Inquiry(i["sent_on"], i["issue"], i["reply_due"], i["replied_on"], i["reply"], i["outcome"],
                         inquiry_state(i, as_of)) for i in inquiries(db, cadre_id=cadre_id))


def sanctions_of(db, cadre_id: str) -> tuple[Sanction, ...]:
    from desktop_app.core.sanctions import sanctions

    return tuple(Sanction(s["decided_on"], s["category"], s["measure"], s["text"], s["decided_by"])
                 for s in sanctions(db, cadre_id=cadre_id))


def criticism_notices(db, cadre_id: str) -> tuple[CriticismNotice, ...]:
    """Notices naming the cadre, and notices of a unit on a day the cadre was its principal (正职):
    rule 5 reads a unit's notices against its principal."""
    rows = db.execute(
        """SELECT n.issued_on, n.kind, u.name, n.text, n.issuer, n.cadre_id IS NOT NULL
             FROM supervision_notices n JOIN units u ON u.id = n.unit_id
            WHERE n.deleted = 0 AND (n.cadre_id = :cadre OR (n.cadre_id IS NULL AND EXISTS (
                  SELECT 1 FROM posts p WHERE p.cadre_id = :cadre AND p.unit_id = n.unit_id AND p.deleted = 0
                     AND p.post_type = '正职' AND p.start_date <= n.issued_on
                     AND (p.end_date IS NULL OR p.end_date = '' OR p.end_date > n.issued_on))))
            ORDER BY n.issued_on, n.id""", {"cadre": cadre_id}).fetchall()
    return tuple(CriticismNotice(*row[:5], named=bool(row[5])) for row in rows)


__all__ = ["MonthMark", "SupervisedTask", "YearCards", "Talk", "Inquiry", "Sanction", "CriticismNotice",
           "month_marks", "supervised_tasks", "year_cards", "yellow_for_red", "talks_of", "inquiries_of",
           "sanctions_of", "criticism_notices"]
