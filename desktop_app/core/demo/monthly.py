"""The demo's monthly cycle (月公示): 13 months of reports of every leadership-team member,
each unit's monthly notice, and objections — in every state an operator meets.

As of the demo's today (2026-01-05): December's reports are being submitted and reviewed,
November's notices have run their seven working days (a few wait for an objection to be
concluded before they can close), everything older is closed and archived. About one report
in twenty is late, one in thirty missing, a few are found hollow (空洞) and some months have
an accepted reason (请假、培训…): enough for the gaps page and the two-months flag to show.
"""

import json
from datetime import date, timedelta

from desktop_app.core.demo.people import new_uuid
from desktop_app.core.monthly_reports import EXCUSE_REASONS
from desktop_app.core.months import month_label, months_between, next_month
from desktop_app.core.natural_ids import excuse_id, report_id
from desktop_app.core.notices import MONTHLY_COLUMNS
from desktop_app.core.report_gaps import REPORTING_POST_TYPES, due_date
from desktop_app.core.workdays import WorkCalendar

FIRST_MONTH, LAST_MONTH = "2024-12", "2025-12"
TASKS = ("推进重点项目建设", "开展安全生产大检查", "落实防汛值班制度", "组织党员集中学习", "化解信访矛盾纠纷",
         "推进乡村振兴产业发展", "完成人居环境整治", "督促惠民资金发放", "开展森林防火巡查", "推进营商环境优化",
         "完成年度目标任务督查", "组织民族节庆活动保障", "推进项目征地拆迁", "开展食品安全检查", "完成干部教育培训")
RESULTS = ("按期完成", "完成进度 80%", "已完成并通过验收", "已召开专题会议部署", "完成 3 次督查", "已整改到位")
EVIDENCE = ("会议纪要", "验收单", "照片资料", "工作台账", "", "")
CHANNELS = {"phone": "0855-3331234、12380", "mailbox": "lsxzzb@example.cn", "letter_address": "雷山县委组织部干部监督科",
            "address": "雷山县丹江镇永乐路 1 号县委大院 302 室", "hours": "工作日 9:00—12:00，14:30—17:30"}
OBJECTION_TEXTS = ("反映所报项目进度与实际不符", "反映该同志当月出勤情况", "反映佐证材料不完整", "反映工作作风问题")


def add_monthly_cycle(store, rng, facts) -> None:
    calendar = WorkCalendar()
    months = months_between(FIRST_MONTH, LAST_MONTH)
    reporters = _reporters(facts, months)
    for month in months:
        posted: dict[str, list[tuple]] = {}
        fates: dict[str, tuple[bool, bool]] = {}  # unit → (an objection arrives, it is still open)
        for person, unit_id, title in reporters.get(month, []):
            fate = fates.setdefault(unit_id, _fate(rng, month))
            listed = _report(store, rng, facts, person, unit_id, month, still_posted=fate[1])
            if listed:
                posted.setdefault(unit_id, []).append((person, title, listed))
        if month < LAST_MONTH:
            for unit_id, rows in posted.items():
                _notice(store, rng, facts, calendar, unit_id, month, rows, fates[unit_id])
        facts.progress.advance(len(reporters.get(month, [])), "正在生成月度实绩与公示")


def _reporters(facts, months: list[str]) -> dict[str, list[tuple]]:
    """Per month: (person, unit id, title) of every team member in post that month (principal post first)."""
    found: dict[str, list[tuple]] = {}
    for person in facts.people:
        for month in months:
            first, last = date.fromisoformat(f"{month}-01"), date.fromisoformat(due_date(month, 31))
            held = [t for t in person.tenures if t.slot.post.post_type in REPORTING_POST_TYPES
                    and t.start <= last and (t.end is None or t.end > first)]
            if held:
                tenure = min(held, key=lambda t: REPORTING_POST_TYPES.index(t.slot.post.post_type))
                found.setdefault(month, []).append((person, facts.unit_ids[tenure.slot.unit], tenure.slot.post.title))
    return found


def _fate(rng, month: str) -> tuple[bool, bool]:
    latest = month == "2025-11"
    objection = rng.random() < (0.12 if latest else 0.06)
    return objection, objection and latest and rng.random() < 0.6


def _report(store, rng, facts, person, unit_id: str, month: str, *, still_posted: bool) -> tuple | None:
    """Write one cadre's month; returns (report id, grades) when the report is posted."""
    roll = rng.random()
    if roll < 0.03:
        return None  # missing (未报)
    if roll < 0.045:
        store.insert("report_excuses", {"cadre_id": person.id, "month": month, "reason": rng.choice(EXCUSE_REASONS[:5]),
                                        "note": "", "accepted_by": "单位主要负责人"}, record_id=excuse_id(person.id, month))
        facts.written["report_excuses"] += 1
        return None
    due = date.fromisoformat(due_date(month))
    submitted = due - timedelta(days=rng.randint(0, 6)) if roll > 0.09 else due + timedelta(days=rng.randint(1, 9))
    submitted = min(submitted, facts.as_of)
    hollow = roll < 0.055
    self_grade = rng.choices(("好", "较好", "一般"), (45, 45, 10))[0]
    grade = "差" if hollow else rng.choices(("好", "较好", "一般"), (35, 50, 15))[0]
    truthful = "不属实" if hollow or rng.random() < 0.01 else "属实"
    state = _state(rng, month, still_posted)
    reviewed = state not in ("草稿", "已提交")
    values = {"cadre_id": person.id, "unit_id": unit_id, "month": month, "state": state,
              "plans": _json(rng.sample(TASKS, 3)), "items": _json(_items(rng, hollow)), "self_grade": self_grade,
              "submitted_on": "" if state == "草稿" else submitted.isoformat(),
              "truthful": truthful if reviewed else "", "completion_grade": grade if reviewed else "",
              "hollow": int(hollow and reviewed), "review_remarks": "内容空洞，未列具体事项" if hollow and reviewed else "",
              "reviewed_on": (submitted + timedelta(days=3)).isoformat() if reviewed else "",
              "signed_by": "单位主要负责人" if reviewed else "",
              "signed_on": (submitted + timedelta(days=3)).isoformat() if reviewed else ""}
    store.insert("reports", values, record_id=report_id(person.id, month))
    facts.written["reports"] += 1
    return (report_id(person.id, month), self_grade, grade, truthful) if state in ("已公示", "归档") else None


def _state(rng, month: str, still_posted: bool) -> str:
    if month < LAST_MONTH:
        return "已公示" if still_posted else "归档"
    return rng.choices(("草稿", "已提交", "已审核"), (5, 35, 60))[0]


def _items(rng, hollow: bool) -> list[dict]:
    if hollow:
        return [{"task": "完成领导交办的各项工作", "result": "已完成", "evidence": ""}]
    return [{"task": task, "result": rng.choice(RESULTS), "evidence": rng.choice(EVIDENCE)}
            for task in rng.sample(TASKS, rng.randint(2, 4))]


def _notice(store, rng, facts, calendar: WorkCalendar, unit_id: str, month: str, rows: list[tuple],
            fate: tuple[bool, bool]) -> None:
    """The unit's notice of the month's reports: posted from the 3rd of the next month for 7 working days."""
    unit_name = facts.units[facts.unit_ids.index(unit_id)].name
    start = calendar.next_workday(date.fromisoformat(f"{next_month(month)}-03"))
    period = calendar.add_workdays(start, 7)
    entries = [{"report_id": rid, "cadre_id": person.id,
                "cells": [str(n), unit_name, person.name, title, self_grade, grade, truthful]}
               for n, (person, title, (rid, self_grade, grade, truthful)) in enumerate(rows, start=1)]
    objection, still_open = fate
    closed_on = calendar.next_workday(period.end + timedelta(days=1))
    notice_id = store.insert("notices", {
        "kind": "月度实绩", "title": f"{unit_name}{month_label(month)}干部工作实绩公示", "unit_ids": _json([unit_id]),
        "basis": f"根据县委关于干部工作实绩月报告、月公示的要求，经单位班子审核，现将{month_label(month)}干部工作实绩予以公示。",
        "columns": _json(MONTHLY_COLUMNS), "entries": _json(entries), "start_date": start.isoformat(), "workdays": 7,
        "end_date": period.end.isoformat(), "channels": _json(CHANNELS), "issuer": f"中共{unit_name}委员会"
        if unit_name.endswith(("镇", "乡", "街道")) else unit_name, "issued_on": start.isoformat(),
        "state": "公示中" if still_open else "已结束", "closed_on": "" if still_open else closed_on.isoformat()},
        record_id=new_uuid(rng))["id"]
    facts.written["notices"] += 1
    if objection:
        _objection(store, rng, facts, notice_id, rng.choice(entries)["cadre_id"], start, period.end, still_open)


def _objection(store, rng, facts, notice_id: str, cadre_id: str, start: date, end: date, still_open: bool) -> None:
    late = rng.random() < 0.15
    received = end + timedelta(days=rng.randint(1, 5)) if late else start + timedelta(days=rng.randint(0, 6))
    finding = "" if still_open else rng.choices(("不属实", "部分属实", "属实"), (70, 20, 10))[0]
    store.insert("objections", {
        "notice_id": notice_id, "cadre_id": cadre_id, "received_on": received.isoformat(),
        "channel": rng.choice(("电话", "来信", "来访", "邮箱")), "complainant": rng.choice(("匿名", "群众", "本单位干部")),
        "content": rng.choice(OBJECTION_TEXTS), "within_period": int(not late),
        "state": rng.choice(("受理", "核查中")) if still_open else finding,
        "findings": "" if still_open else "经核查，" + {"不属实": "反映问题不属实。", "部分属实": "反映问题部分属实，已责令更正。",
                                                     "属实": "反映问题属实，已按规定处理。"}[finding],
        "handler": "" if still_open else "县纪委监委派驻纪检组",
        "closed_on": "" if still_open else (received + timedelta(days=rng.randint(2, 8))).isoformat()},
        record_id=new_uuid(rng))
    facts.written["objections"] += 1


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["add_monthly_cycle"]
