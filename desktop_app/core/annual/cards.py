"""黄牌提醒与红牌警告 (rule 9, 001 county education bureau): every supervised task (督办事项) has a
deadline; a task whose deadline passed before it was done is a yellow card (黄牌提醒), unless an
accepted reason excuses it (`excused`, e.g. the deadline was extended with approval); yellow cards
count in the year of the deadline, and `yellow_for_red` of them (rule set, default 2) in a year make
a red card (红牌警告) — not 优秀 that year.

"As of" a day: a task not done is late once its deadline is before that day (on the deadline day
itself it is not late yet); a task done after the deadline is late whatever the day. So judging a
past year later never changes its cards, except by an excuse written since.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.core.duplicates import folded_into

YELLOW, RED = "黄牌提醒", "红牌警告"
STATES = ("按期完成", "逾期完成", "逾期未完成", "未到期", "逾期已说明")


def is_yellow_card(task: Mapping, as_of: str) -> bool:
    """The task (deadline, done_on '' when not done, excused) is a yellow card as of `as_of`."""
    return task_state(task, as_of) in ("逾期完成", "逾期未完成")


def task_state(task: Mapping, as_of: str) -> str:
    """A supervised task as of `as_of`: 按期完成 / 逾期完成 / 逾期未完成 / 未到期 / 逾期已说明."""
    deadline, done_on = task.get("deadline") or "", task.get("done_on") or ""
    if not deadline:  # no deadline set: never late
        return "按期完成" if done_on else "未到期"
    if done_on and done_on <= deadline:
        return "按期完成"
    if not done_on and not deadline < as_of:
        return "未到期"
    if (task.get("excused") or "").strip():
        return "逾期已说明"
    return "逾期完成" if done_on else "逾期未完成"


@dataclass(frozen=True)
class Cards:
    """A cadre's cards of a year: the tasks that are yellow cards, and whether they make a red one."""

    cadre_id: str
    yellow: tuple[Mapping, ...]  # the tasks: title, deadline, done_on
    red: bool

    @property
    def count(self) -> int:
        return len(self.yellow)

    @property
    def text(self) -> str:
        """督办事项黄牌提醒 2 次（红牌警告）：修缮校舍（期限 2025-03-31，2025-04-20 完成）、…"""
        tasks = "、".join(f"{t['title']}（期限 {t['deadline']}，{t['done_on'] + ' 完成' if t['done_on'] else '未完成'}）"
                         for t in self.yellow)
        return f"督办事项{YELLOW} {self.count} 次{'（' + RED + '）' if self.red else ''}：{tasks}"


def year_cards(db, year: int, as_of: str, yellow_for_red: int) -> dict[str, Cards]:
    """Cadre id → the cadre's cards of `year` (tasks with the deadline in the year), for every cadre
    with at least one yellow card. A folded duplicate's tasks count for the cadre kept."""
    folded = folded_into(db, "cadres")
    found: dict[str, list[dict]] = {}
    for cadre_id, title, deadline, done_on, excused in db.execute(
            "SELECT cadre_id, title, deadline, done_on, excused FROM supervised_tasks WHERE deleted = 0"
            " AND deadline >= ? AND deadline < ? ORDER BY deadline, title, id", [f"{year}-01-01", f"{year + 1}-01-01"]):
        task = {"title": title, "deadline": deadline, "done_on": done_on or "", "excused": excused or ""}
        if is_yellow_card(task, as_of):
            found.setdefault(folded.get(cadre_id, cadre_id), []).append(task)
    return {cadre_id: Cards(cadre_id, tuple(tasks), len(tasks) >= yellow_for_red) for cadre_id, tasks in found.items()}


__all__ = ["YELLOW", "RED", "STATES", "is_yellow_card", "task_state", "Cards", "year_cards"]
