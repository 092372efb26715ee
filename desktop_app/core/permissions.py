"""权限: what each operator role may do — the one table of the rules, pure (no database).

Roles, each with every right of the roles below it (the stored values are the Chinese names):

  管理员  operator accounts, rule sets, reopening a locked year, security settings (修改安全设置:
          交换文件必须加密, idle lock), restoring backups, + 审核员's
  审核员  reviewing monthly reports (审核、退回), publishing and closing notices (and so moving
          the listed reports along the board), the findings of objections (属实/部分属实/不属实),
          the committee's decisions (审定), locking a year, importing transfer files, seeing
          whole ID numbers, + 录入员's
  录入员  entering data: units, cadres and posts, monthly report drafts and their submission,
          excuses (未报说明), the calendar, notice drafts, logging objections and starting their
          check, evaluation sessions and tallies, annual inputs, the registers (通报批评、处分、
          督办事项、谈话、函询), exporting transfer files, + 只读's
  只读    viewing, printing and exporting lists (masked); writes nothing

A person's write of a record is judged in the one write path (core.store) by `write_action`:
the table and, for some tables, what the write changes (`WRITE_RULES`):

  units, cadres, posts, report_excuses, calendar_days, evaluation_sessions, tallies,
  annual_inputs, supervision_notices, sanctions, supervised_tasks, talks, inquiries  → 录入
  reports          审核 when the report is (or was) 已审核/已公示/归档 or a review field changes
                   (是否属实、完成等次、空洞、审核意见/退回原因、审核日期、签字) — so reviewing,
                   sending back and undoing either need 审核员; drafts and submission → 录入
  notices          结束公示 when it is or was 已结束, 发布公示 when it is or was 公示中; drafts → 录入
  objections       办结异议 when it is or was closed with a finding; logging, 核查中 → 录入
  annual_decisions 审定
  year_locks       重新开放年度 when a locked year becomes open (or its lock goes); else 锁定年度
  rule_sets        修改规则方案, except a write that leaves the rules the year follows as they were:
                   a year's copy of the rules it inherits (made when its first meeting or its
                   inputs are entered, or it is locked) and undoing that copy → 录入

Versions merged in from another office are not judged one by one (they were made there, by its
operators); importing a transfer file needs 导入交换文件, and the importer vouches for the file: a
rule set changed or a year reopened in it needs the importer to hold that right too (IMPORT_JUDGED).
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.core.errors import PermissionDenied

ROLES = ("管理员", "审核员", "录入员", "只读")
_RANK = {role: len(ROLES) - index for index, role in enumerate(ROLES)}  # 管理员 4 … 只读 1


@dataclass(frozen=True)
class Operator:
    """Who is working: the account's name and role."""

    name: str
    role: str


UNPROTECTED = Operator("管理员", "管理员")  # a database with no operator accounts (legacy or fresh): full rights

# action → the least role that may take it (every role above it may too)
ACTIONS: dict[str, str] = {
    "查看": "只读",
    "打印": "只读",
    "导出": "只读",
    "录入": "录入员",
    "导出交换文件": "录入员",
    "审核": "审核员",
    "发布公示": "审核员",
    "结束公示": "审核员",
    "办结异议": "审核员",
    "审定": "审核员",
    "锁定年度": "审核员",
    "导入交换文件": "审核员",
    "查看完整证件号": "审核员",
    "修改规则方案": "管理员",
    "重新开放年度": "管理员",
    "管理操作员": "管理员",
    "恢复备份": "管理员",
    "修改安全设置": "管理员",  # 交换文件必须加密 (transfer.policy)
}


def may(role: str, action: str) -> bool:
    """Whether `role` may take `action` (an unknown role may do nothing; an unknown action is a bug)."""
    least = ACTIONS.get(action)
    if least is None:
        raise ValueError(f"unknown action: {action}")
    return _RANK.get(role, 0) >= _RANK[least]


def roles_allowed(action: str) -> tuple[str, ...]:
    """The roles that may take `action`, highest first."""
    return tuple(role for role in ROLES if may(role, action))


def require(operator: Operator, action: str, what: str = "") -> None:
    """PermissionDenied, naming the roles needed, unless `operator` may take `action`."""
    if may(operator.role, action):
        return
    allowed = roles_allowed(action)[::-1]  # lowest first: 录入员、审核员或管理员
    needed = "或".join(["、".join(allowed[:-1]), allowed[-1]] if len(allowed) > 1 else allowed)
    detail = f"（{what}）" if what else ""
    raise PermissionDenied(f"操作员「{operator.name}」的角色是{operator.role}，无权{action}{detail}："
                           f"须由{needed}操作。")


# -- a person's write of a record ----------------------------------------------------------------
REVIEWED_REPORT_STATES = ("已审核", "已公示", "归档")
REPORT_REVIEW_FIELDS = ("truthful", "completion_grade", "hollow", "review_remarks", "reviewed_on", "signed_by",
                        "signed_on")
OBJECTION_FINDINGS = ("属实", "部分属实", "不属实")


@dataclass(frozen=True)
class Write:
    """A write of one record: its content before and after (None: absent or deleted). For rule_sets,
    `inherited` is the rules (JSON) the year follows when it has no rule set of its own."""

    table: str
    before: Mapping | None
    after: Mapping | None
    inherited: str | None = None

    def states(self, column: str = "state") -> set:
        return {side[column] for side in (self.before, self.after) if side is not None}


def _report(write: Write) -> str:
    if write.states() & set(REVIEWED_REPORT_STATES):
        return "审核"
    if write.after is None:  # deleting a draft or a submitted report
        return "录入"
    before = write.before or {}
    changed = any(_blank(before.get(field)) != _blank(write.after.get(field)) for field in REPORT_REVIEW_FIELDS)
    return "审核" if changed else "录入"


def _notice(write: Write) -> str:
    states = write.states()
    if "已结束" in states:
        return "结束公示"
    return "发布公示" if "公示中" in states else "录入"


def _objection(write: Write) -> str:
    return "办结异议" if write.states() & set(OBJECTION_FINDINGS) else "录入"


def _year_lock(write: Write) -> str:
    was_locked = bool(write.before and write.before["locked"])
    stays_locked = bool(write.after and write.after["locked"])
    return "重新开放年度" if was_locked and not stays_locked else "锁定年度"


def _rule_set(write: Write) -> str:
    if write.before is not None and write.after is not None:
        return "修改规则方案"  # the year's own rules edited (or renamed)
    followed = [_rules(side["rules"] if side is not None else write.inherited) for side in (write.before, write.after)]
    return "录入" if followed[0] == followed[1] else "修改规则方案"


def _entry(_write: Write) -> str:
    return "录入"


WRITE_RULES = {
    **dict.fromkeys(("units", "cadres", "posts", "report_excuses", "calendar_days", "evaluation_sessions", "tallies",
                     "annual_inputs", "supervision_notices", "sanctions", "supervised_tasks", "talks", "inquiries"),
                    _entry),
    "reports": _report,
    "notices": _notice,
    "objections": _objection,
    "annual_decisions": lambda _write: "审定",
    "year_locks": _year_lock,
    "rule_sets": _rule_set,
}


# The tables where another office's version may need more than importing a file does (导入交换文件,
# 审核员): the importing operator vouches for what comes in, so such versions need their role too
# (core.store.receive_versions). Every other table's writes need 审核员 at most.
IMPORT_JUDGED = ("rule_sets", "year_locks")


def write_action(write: Write) -> str:
    """The action (an ACTIONS key) a person's write of a record needs."""
    return WRITE_RULES[write.table](write)


def require_write(operator: Operator, write: Write, label: str = "") -> None:
    """PermissionDenied unless `operator` may make `write` (label: the table's Chinese name)."""
    require(operator, write_action(write), label)


def _blank(value) -> str:
    return "" if value in (None, "", 0, False) else str(value)


def _rules(text: str | None):
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text
