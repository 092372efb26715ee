"""督办事项 (supervised tasks): assigned to a cadre (in a unit) with a deadline, done on a day (办结)
or not yet, or late with a written reason why it does not count (情况说明, e.g. a deadline
extended with approval). As of a day a task is 办理中, 按期办结, 逾期未办结, 逾期办结 or 已说明.

When a task is late and which late tasks make yellow and red cards (黄牌提醒、红牌警告, rule 9) is
decided once, in core/annual/cards.py: here are the register's words for its states and the
cards of a year with the year's `yellow_for_red` (rule set, default 2). A task belongs to the year
of its deadline (its cards count there, and locking that year locks it).
"""

from collections.abc import Mapping

from desktop_app.core import registers as r
from desktop_app.core.annual import cards
from desktop_app.core.annual_inputs import annual_rules_of_year
from desktop_app.core.cadres import Created
from desktop_app.core.errors import ValidationError
from desktop_app.core.posts import held_posts
from desktop_app.core.store import Changes, RecordStore

ONGOING, ON_TIME, OVERDUE, LATE, EXCUSED = "办理中", "按期办结", "逾期未办结", "逾期办结", "已说明"
TASK_STATES = (ONGOING, ON_TIME, OVERDUE, LATE, EXCUSED)
YELLOW_STATES = (OVERDUE, LATE)
# core/annual/cards.py's states in the register's words
_STATE_WORDS = {"未到期": ONGOING, "按期完成": ON_TIME, "逾期未完成": OVERDUE, "逾期完成": LATE, "逾期已说明": EXCUSED}
SUPERVISED_TASKS = r.Register("supervised_tasks", "deadline")
_POST_ORDER = {"正职": 0, "副职": 1, "班子成员": 2}


# -- states and cards ------------------------------------------------------------------------------
def task_state(task: Mapping, as_of: str) -> str:
    """The task's state (办理中 / 按期办结 / 逾期未办结 / 逾期办结 / 已说明) as of the day `as_of`; the
    deadline's day itself is not late."""
    return _STATE_WORDS[cards.task_state(task, as_of)]


def tasks_of_year(db, year: int) -> list[dict]:
    """The tasks whose deadline falls in `year` (the year their cards count for), with cadre_name and unit_name."""
    return r.list_records(db, SUPERVISED_TASKS, year=year)


def cadre_cards(db, year: int, as_of: str) -> dict[str, cards.Cards]:
    """Cadre id → the cadre's yellow cards of `year` as of `as_of` and whether they make a red card
    (at the year's `yellow_for_red`), for every cadre with a yellow card (core/annual/cards.year_cards)."""
    needed = int(annual_rules_of_year(db, year).rules["cards"]["yellow_for_red"])
    return cards.year_cards(db, year, as_of, needed)


# -- registering -------------------------------------------------------------------------------------
def validate_task(db, values: Mapping) -> dict:
    problems: dict[str, str] = {}
    clean = {"cadre_id": r.cadre(db, values, problems), "unit_id": r.unit(db, values, problems, required=False),
             "title": r.text(values, "title", "督办事项", problems, required=True),
             "assigned_on": r.day(values, "assigned_on", "交办日期", problems, required=False),
             "deadline": r.day(values, "deadline", "办结时限", problems),
             "done_on": r.day(values, "done_on", "办结日期", problems, required=False),
             "excused": r.text(values, "excused", "情况说明", problems),
             "note": r.text(values, "note", "备注", problems)}
    r.not_before("deadline", "assigned_on", "办结时限", "交办日期", clean, problems)
    r.not_before("done_on", "assigned_on", "办结日期", "交办日期", clean, problems)
    if clean["unit_id"] is None and clean["cadre_id"] and not problems:
        clean["unit_id"] = _unit_held(db, clean["cadre_id"], clean["assigned_on"] or clean["deadline"])
    return r.finish(problems, clean)


def _unit_held(db, cadre_id: str, day: str) -> str | None:
    """The unit of the cadre's post on `day` (a team post first), None when none was held."""
    posts = sorted(held_posts(db, cadre_id, day), key=lambda p: _POST_ORDER.get(p["post_type"], 9))
    return posts[0]["unit_id"] if posts else None


def add_task(store: RecordStore, values: Mapping) -> Created:
    """交办: a new task (its unit, when not given, the unit of the cadre's post on the day assigned)."""
    return r.add_record(store, SUPERVISED_TASKS, validate_task(store.db, values), "交办")


def update_task(store: RecordStore, task_id: str, values: Mapping) -> Changes:
    clean = validate_task(store.db, {**r.current(store, SUPERVISED_TASKS, task_id), **values})
    return r.update_record(store, SUPERVISED_TASKS, task_id, clean)


def complete_task(store: RecordStore, task_id: str, done_on) -> Changes:
    """办结: the task done on `done_on`."""
    problems: dict[str, str] = {}
    if not r.day({"done_on": done_on}, "done_on", "办结日期", problems):
        raise ValidationError(problems)
    clean = validate_task(store.db, {**r.current(store, SUPERVISED_TASKS, task_id), "done_on": done_on})
    return r.update_record(store, SUPERVISED_TASKS, task_id, clean, "办结")


def excuse_task(store: RecordStore, task_id: str, excused: str) -> Changes:
    """情况说明: why the task's lateness does not count (no yellow card)."""
    problems: dict[str, str] = {}
    if not r.text({"excused": excused}, "excused", "不计黄牌的理由（如经批准延期）", problems, required=True):
        raise ValidationError(problems)
    clean = validate_task(store.db, {**r.current(store, SUPERVISED_TASKS, task_id), "excused": excused})
    return r.update_record(store, SUPERVISED_TASKS, task_id, clean, "说明")


def delete_task(store: RecordStore, task_id: str) -> Changes:
    return r.delete_record(store, SUPERVISED_TASKS, task_id)


def supervised_tasks(db, *, year: int | None = None, unit_id: str | None = None,
                     cadre_id: str | None = None) -> list[dict]:
    """The tasks by deadline (with cadre_name, unit_name), filtered by the deadline's year, unit, cadre."""
    return r.list_records(db, SUPERVISED_TASKS, year=year, unit_id=unit_id, cadre_id=cadre_id)


__all__ = ["ONGOING", "ON_TIME", "OVERDUE", "LATE", "EXCUSED", "TASK_STATES", "YELLOW_STATES", "SUPERVISED_TASKS",
           "task_state", "tasks_of_year", "cadre_cards", "validate_task", "add_task",
           "update_task", "complete_task", "excuse_task", "delete_task", "supervised_tasks"]
