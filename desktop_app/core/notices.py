"""公示: notices posted on a unit's board for N working days, and the board (公示栏).

A notice lists records (the month's reviewed reports, quarterly or annual results, or rows
typed in) as a table fixed when it is drafted: what is printed and posted is what the
database keeps, and its verification code (核验码) is computed from that content. A notice
is drafted (草稿, still editable), published (公示中: the listed reports become 已公示) and
closed (已结束: the listed reports are archived) — never while an objection on it is open.
The end date is the N-th working day from the start (core.workdays).
"""

import json
from dataclasses import dataclass
from typing import Protocol

from desktop_app.core.cadres import Created
from desktop_app.core.errors import RecordNotFound, RuleViolation, ValidationError
from desktop_app.core.monthly_reports import archive_reports, mark_posted
from desktop_app.core.months import month_label
from desktop_app.core.normalize import clean_prose, clean_text, parse_day
from desktop_app.core.store import Changes, RecordStore

NOTICE_KINDS = ("月度实绩", "季度评议结果", "年度考核结果", "其他")
NOTICE_STATES = ("草稿", "公示中", "已结束")
CHANNEL_FIELDS = {"phone": "电话", "mailbox": "电子邮箱", "letter_address": "来信地址", "address": "来访地址",
                  "hours": "接待时间"}
DEFAULT_WORKDAYS = 7
ENDING_SOON_WORKDAYS = 2
MONTHLY_COLUMNS = ["序号", "单位", "姓名", "职务", "自评等次", "完成等次", "报告是否属实"]
_JSON_FIELDS = {"unit_ids": [], "columns": [], "entries": [], "channels": {}}


class WorkdayPeriod(Protocol):
    end: object
    guessed_years: tuple[int, ...]


class WorkCalendar(Protocol):
    def add_workdays(self, start, n: int) -> WorkdayPeriod: ...
    def workdays_remaining(self, today, end) -> int: ...


@dataclass(frozen=True)
class BoardEntry:
    """A notice on the board (公示栏) as of a day."""

    notice: dict
    section: str  # 草稿 / 公示中 / 即将期满 / 期满待结束 / 已结束 / 未开始
    workdays_left: int
    open_objections: int


# -- reading -------------------------------------------------------------------------------------
def get_notice(db, notice_id: str) -> dict:
    cursor = db.execute("SELECT * FROM notices WHERE id = ? AND deleted = 0", [notice_id])
    row = cursor.fetchone()
    if row is None:
        raise RecordNotFound("找不到该公示（可能已被删除）。")
    return _decoded(dict(zip([c[0] for c in cursor.description], row, strict=True)))


def list_notices(db) -> list[dict]:
    cursor = db.execute("SELECT * FROM notices WHERE deleted = 0 ORDER BY start_date DESC, title")
    columns = [c[0] for c in cursor.description]
    return [_decoded(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def _decoded(notice: dict) -> dict:
    return {**notice, **{field: json.loads(notice[field] or json.dumps(empty))
                         for field, empty in _JSON_FIELDS.items()}}


def open_objection_count(db, notice_id: str) -> int:
    return db.execute("SELECT COUNT(*) FROM objections WHERE notice_id = ? AND deleted = 0"
                      " AND state IN ('受理', '核查中')", [notice_id]).fetchone()[0]


def board(db, calendar: WorkCalendar, today: str) -> list[BoardEntry]:
    """Every notice with its place on the board and the working days it still runs."""
    entries = []
    for notice in list_notices(db):
        # a notice not yet started still has its whole period ahead, not the days until it starts
        left = (calendar.workdays_remaining(max(today, notice["start_date"]), notice["end_date"])
                if notice["state"] == "公示中" else 0)
        entries.append(BoardEntry(notice, _section(notice, today, left), left, open_objection_count(db, notice["id"])))
    return entries


def _section(notice: dict, today: str, left: int) -> str:
    if notice["state"] != "公示中":
        return notice["state"]
    if today < notice["start_date"]:
        return "未开始"
    if today > notice["end_date"]:
        return "期满待结束"
    return "即将期满" if left <= ENDING_SOON_WORKDAYS else "公示中"


# -- the list a monthly notice posts ------------------------------------------------------------
def monthly_entries(db, unit_ids: list[str], month: str) -> tuple[list[str], list[dict]]:
    """Columns and rows of a monthly notice: the month's reviewed reports of those units."""
    rows = db.execute(
        """SELECT r.id, r.cadre_id, u.name, c.name, COALESCE((SELECT p.title FROM posts p WHERE p.cadre_id = r.cadre_id
                  AND p.unit_id = r.unit_id AND p.deleted = 0 ORDER BY p.start_date DESC LIMIT 1), ''),
                  r.self_grade, r.completion_grade, r.truthful
             FROM reports r JOIN cadres c ON c.id = r.cadre_id JOIN units u ON u.id = r.unit_id
            WHERE r.deleted = 0 AND r.month = ? AND r.state IN ('已审核', '已公示')
              AND r.unit_id IN (SELECT value FROM json_each(?))
            ORDER BY u.sort_order, u.name, c.name_pinyin, c.name""", [month, json.dumps(unit_ids)]).fetchall()
    entries = [{"report_id": row[0], "cadre_id": row[1], "cells": [str(n), *row[2:]]}
               for n, row in enumerate(rows, start=1)]
    return list(MONTHLY_COLUMNS), entries


def notice_month(db, notice: dict) -> str | None:
    """The month whose reports a monthly notice lists (None when it lists none)."""
    ids = _report_ids(notice)
    row = db.execute("SELECT month FROM reports WHERE id IN (SELECT value FROM json_each(?)) ORDER BY month LIMIT 1",
                     [json.dumps(ids)]).fetchone() if ids else None
    return row[0] if row else None


def monthly_title(db, unit_ids: list[str], month: str) -> str:
    return f"{units_phrase(db, unit_ids)}{month_label(month)}干部工作实绩公示"


def units_phrase(db, unit_ids: list[str]) -> str:
    """How a notice's title names its units: 丹江镇 / 丹江镇等3个单位."""
    names = [row[0] for row in db.execute("SELECT name FROM units WHERE id IN (SELECT value FROM json_each(?))"
                                          " ORDER BY sort_order, name", [json.dumps(unit_ids)])]
    return names[0] if len(names) == 1 else f"{names[0]}等{len(names)}个单位" if names else ""


# -- writing -------------------------------------------------------------------------------------
def draft_notice(store: RecordStore, calendar: WorkCalendar, values: dict, notice_id: str | None = None) -> str:
    """Create a notice (草稿), or change one still in draft; returns its id. The end date is computed."""
    return write_notice_draft(store, calendar, values, notice_id).record_id


def write_notice_draft(store: RecordStore, calendar: WorkCalendar, values: dict,
                       notice_id: str | None = None) -> Created:
    """draft_notice, returning the id with the changes (for the GUI's refresh and Ctrl+Z)."""
    clean = validate_notice(store.db, calendar, values)
    if notice_id is not None and get_notice(store.db, notice_id)["state"] != "草稿":
        raise RuleViolation("公示已发布，不能再修改内容。")
    with store.batch(f"{'起草' if notice_id is None else '修改'}公示「{clean['title']}」") as batch:
        if notice_id is None:
            notice_id = store.insert("notices", clean | {"state": "草稿", "closed_on": ""})["id"]
        else:
            store.update("notices", notice_id, clean)
    return Created(notice_id, batch.changes())


def validate_notice(db, calendar: WorkCalendar, values: dict) -> dict:
    problems = {}
    kind = clean_text(values.get("kind")) or "其他"
    if kind not in NOTICE_KINDS:
        problems["kind"] = f"公示类别须为：{'、'.join(NOTICE_KINDS)}"
    title = clean_prose(values.get("title")).replace("\n", "")
    if not title:
        problems["title"] = "请填写公示标题"
    start = parse_day(values.get("start_date"))
    if start is None:
        problems["start_date"] = "请填写公示开始日期（例：2026-03-31）"
    workdays = values.get("workdays", DEFAULT_WORKDAYS)
    if not isinstance(workdays, int) or not 1 <= workdays <= 60:
        problems["workdays"] = "公示天数须为 1 到 60 个工作日"
    unit_ids = list(values.get("unit_ids") or [])
    known = {row[0] for row in db.execute("SELECT id FROM units WHERE deleted = 0")}
    if not unit_ids or not set(unit_ids) <= known:
        problems["unit_ids"] = "请选择公示的单位"
    columns, entries = list(values.get("columns") or []), list(values.get("entries") or [])
    if any(len(entry.get("cells", [])) != len(columns) for entry in entries):
        problems["entries"] = "公示名单的列数与表头不一致"
    issued_on = parse_day(values.get("issued_on") or values.get("start_date"))
    if problems:
        raise ValidationError(problems)
    channels = {key: clean_prose((values.get("channels") or {}).get(key)) for key in CHANNEL_FIELDS}
    return {"kind": kind, "title": title, "unit_ids": _json(unit_ids), "basis": clean_prose(values.get("basis")),
            "columns": _json(columns), "entries": _json(entries), "start_date": start, "workdays": workdays,
            "end_date": str(calendar.add_workdays(start, workdays).end), "channels": _json(channels),
            "issuer": clean_prose(values.get("issuer")), "issued_on": issued_on or start}


def publish_notice(store: RecordStore, notice_id: str) -> Changes:
    """草稿 → 公示中; the reports it lists become 已公示."""
    notice = get_notice(store.db, notice_id)
    if notice["state"] != "草稿":
        raise RuleViolation(f"公示「{notice['title']}」为「{notice['state']}」，只有草稿可以发布。")
    if not notice["entries"]:
        raise RuleViolation(f"公示「{notice['title']}」的名单是空的，不能发布。")
    _require_listed_reports_unchanged(store.db, notice)
    with store.batch(f"发布公示「{notice['title']}」") as batch:
        store.update("notices", notice_id, {"state": "公示中"})
        mark_posted(store, _report_ids(notice))
    return batch.changes()


def _require_listed_reports_unchanged(db, notice: dict) -> None:
    """A monthly notice posts what its list says: refused when a listed report was sent back or
    its review changed after drafting (the list would post grades that are no longer true)."""
    listed = {entry["report_id"]: entry["cells"] for entry in notice["entries"] if entry.get("report_id")}
    if not listed:
        return
    month = notice_month(db, notice)
    current = {entry["report_id"]: entry["cells"] for entry in monthly_entries(db, notice["unit_ids"], month)[1]}
    stale = [cells[2] for report_id, cells in listed.items() if current.get(report_id, [None])[1:] != cells[1:]]
    if stale:
        raise RuleViolation(f"公示「{notice['title']}」名单中{'、'.join(stale[:5])}"
                            f"{'等' if len(stale) > 5 else ''}的报告在起草后被退回或审核结果已改变，"
                            "请重新起草公示（修改草稿时重新生成名单）后再发布。")


def close_notice(store: RecordStore, notice_id: str, on: str) -> Changes:
    """公示中 → 已结束 (the listed reports are archived); refused while an objection is open."""
    notice = get_notice(store.db, notice_id)
    if notice["state"] != "公示中":
        raise RuleViolation(f"只有公示中的公示可以结束（「{notice['title']}」为{notice['state']}）。")
    open_count = open_objection_count(store.db, notice_id)
    if open_count:
        raise RuleViolation(f"公示「{notice['title']}」还有 {open_count} 件异议未办结，办结后才能结束公示。")
    day = parse_day(on)
    if day is None:
        raise ValidationError({"closed_on": "结束日期格式不对"})
    with store.batch(f"结束公示「{notice['title']}」") as batch:
        store.update("notices", notice_id, {"state": "已结束", "closed_on": day})
        archive_reports(store, _report_ids(notice))
    return batch.changes()


def delete_draft_notice(store: RecordStore, notice_id: str) -> Changes:
    notice = get_notice(store.db, notice_id)
    if notice["state"] != "草稿":
        raise RuleViolation("已发布的公示不能删除（它是公开过的记录）。")
    with store.batch(f"删除公示草稿「{notice['title']}」") as batch:
        store.delete("notices", notice_id)
    return batch.changes()


def _report_ids(notice: dict) -> list[str]:
    return [entry["report_id"] for entry in notice["entries"] if entry.get("report_id")]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["NOTICE_KINDS", "NOTICE_STATES", "CHANNEL_FIELDS", "DEFAULT_WORKDAYS", "MONTHLY_COLUMNS", "BoardEntry",
           "get_notice", "list_notices", "open_objection_count", "board", "monthly_entries", "monthly_title", "units_phrase",
           "notice_month", "draft_notice", "write_notice_draft", "validate_notice", "publish_notice", "close_notice",
           "delete_draft_notice"]
