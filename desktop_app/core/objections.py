"""异议/举报: objections received about a notice or a cadre, and how each was handled.

Received by phone, letter, visit or mail (电话/来信/来访/邮箱/其他), an objection is 受理
(accepted), then 核查中 (being checked), then closed with a finding — 属实 / 部分属实 /
不属实 — the findings, who handled it and the day it closed. One received after the
notice's period is kept and marked late (逾期收到). A substantiated objection (属实、部分属实)
is a fact the annual assessment uses.
"""

from dataclasses import dataclass

from desktop_app.core.cadres import Created
from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.normalize import clean_prose, clean_text, parse_day
from desktop_app.core.store import Changes, RecordStore

CHANNELS = ("电话", "来信", "来访", "邮箱", "其他")
OPEN_STATES = ("受理", "核查中")
FINDINGS = ("属实", "部分属实", "不属实")
SUBSTANTIATED = ("属实", "部分属实")


@dataclass(frozen=True)
class ObjectionRow:
    id: str
    received_on: str
    channel: str
    cadre_name: str
    notice_title: str
    content: str
    within_period: bool
    state: str
    handler: str
    closed_on: str


def log_objection(store: RecordStore, values: dict) -> str:
    """Register an objection (受理); returns its id."""
    return write_objection(store, values).record_id


def write_objection(store: RecordStore, values: dict) -> Created:
    """log_objection, returning the id with the changes (for the GUI's refresh and Ctrl+Z)."""
    problems = {}
    received = parse_day(values.get("received_on"))
    if received is None:
        problems["received_on"] = "请填写收到日期（例：2026-04-02）"
    channel = clean_text(values.get("channel"))
    if channel not in CHANNELS:
        problems["channel"] = f"反映方式须为：{'、'.join(CHANNELS)}"
    content = clean_prose(values.get("content"))
    if not content:
        problems["content"] = "请填写反映的内容"
    notice_id, cadre_id = values.get("notice_id") or None, values.get("cadre_id") or None
    if not notice_id and not cadre_id:
        problems["notice_id"] = "请选择针对的公示或干部"
    notice = _notice(store, notice_id) if notice_id else None
    if notice_id and notice is None:
        problems["notice_id"] = "所选公示不存在"
    if cadre_id and store.db.execute("SELECT 1 FROM cadres WHERE id = ? AND deleted = 0", [cadre_id]).fetchone() is None:
        problems["cadre_id"] = "所选干部不存在"
    if problems:
        raise ValidationError(problems)
    within = notice is None or notice["start_date"] <= received <= notice["end_date"]
    who = _cadre_name(store, cadre_id) or (notice["title"] if notice else "")
    with store.batch(f"登记异议：{who}（{channel}，{received}）") as batch:
        objection_id = store.insert("objections", {
            "notice_id": notice_id, "cadre_id": cadre_id, "received_on": received, "channel": channel,
            "complainant": clean_text(values.get("complainant")), "content": content,
            "within_period": int(within), "state": "受理", "findings": "", "handler": "", "closed_on": ""})["id"]
    return Created(objection_id, batch.changes())


def start_check(store: RecordStore, objection_id: str, handler: str = "") -> Changes:
    """受理 → 核查中."""
    objection = store.get("objections", objection_id)
    if objection["state"] != "受理":
        raise RuleViolation(f"这件异议已是「{objection['state']}」，不能再转入核查。")
    with store.batch("异议转入核查") as batch:
        store.update("objections", objection_id, {"state": "核查中", "handler": clean_text(handler)})
    return batch.changes()


def conclude(store: RecordStore, objection_id: str, *, finding: str, findings: str, handler: str,
             closed_on: str) -> Changes:
    """受理 / 核查中 → 属实 / 部分属实 / 不属实, with the findings, the handler and the closing day."""
    objection = store.get("objections", objection_id)
    problems = {}
    if objection["state"] not in OPEN_STATES:
        raise RuleViolation(f"这件异议已办结（{objection['state']}）。如需改正结论，请先撤销上一步。")
    if finding not in FINDINGS:
        problems["finding"] = f"核查结论须为：{'、'.join(FINDINGS)}"
    if not clean_text(findings):
        problems["findings"] = "请填写核查情况"
    if not clean_text(handler):
        problems["handler"] = "请填写经办人"
    day = parse_day(closed_on)
    if day is None:
        problems["closed_on"] = "请填写办结日期"
    elif day < objection["received_on"]:
        problems["closed_on"] = "办结日期不能早于收到日期"
    if problems:
        raise ValidationError(problems)
    with store.batch(f"异议办结：{finding}") as batch:
        store.update("objections", objection_id, {"state": finding, "findings": clean_prose(findings),
                                                  "handler": clean_text(handler), "closed_on": day})
    return batch.changes()


def objections_list(db, *, notice_id: str | None = None, open_only: bool = False) -> list[ObjectionRow]:
    """Objections, newest first, optionally of one notice or only those not closed."""
    where, params = ["o.deleted = 0"], []
    if notice_id:
        where.append("o.notice_id = ?")
        params.append(notice_id)
    if open_only:
        where.append("o.state IN ('受理', '核查中')")
    rows = db.execute(
        f"""SELECT o.id, o.received_on, o.channel, COALESCE(c.name, ''), COALESCE(n.title, ''), o.content,
                   o.within_period, o.state, o.handler, o.closed_on
              FROM objections o LEFT JOIN cadres c ON c.id = o.cadre_id LEFT JOIN notices n ON n.id = o.notice_id
             WHERE {' AND '.join(where)} ORDER BY o.received_on DESC, o.id""", params).fetchall()
    return [ObjectionRow(*row[:6], bool(row[6]), *row[7:]) for row in rows]


def substantiated_objections(db, year: int) -> list[dict]:
    """Objections closed 属实 or 部分属实 in `year`, per cadre: facts for the annual rules."""
    rows = db.execute(
        "SELECT cadre_id, notice_id, state, findings, closed_on FROM objections WHERE deleted = 0"
        " AND state IN ('属实', '部分属实') AND substr(closed_on, 1, 4) = ? ORDER BY closed_on", [str(year)]).fetchall()
    return [dict(zip(("cadre_id", "notice_id", "finding", "findings", "closed_on"), row, strict=True)) for row in rows]


def _notice(store: RecordStore, notice_id: str) -> dict | None:
    row = store.db.execute("SELECT title, start_date, end_date FROM notices WHERE id = ? AND deleted = 0",
                           [notice_id]).fetchone()
    return dict(zip(("title", "start_date", "end_date"), row, strict=True)) if row else None


def _cadre_name(store: RecordStore, cadre_id: str | None) -> str:
    row = store.db.execute("SELECT name FROM cadres WHERE id = ?", [cadre_id]).fetchone() if cadre_id else None
    return row[0] if row else ""


__all__ = ["CHANNELS", "OPEN_STATES", "FINDINGS", "SUBSTANTIATED", "ObjectionRow", "log_objection", "write_objection",
           "start_check", "conclude", "objections_list", "substantiated_objections"]
