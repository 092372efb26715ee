"""Write the fixture database of the current schema (tests/fixtures/schemas/vNNNN_name.kpdb).

Run once when a migration is released: `.venv/bin/python tools/make_schema_fixture.py`. The
file holds a few records of every record table, written through the core services, so every
later version's upgrade test (tests/test_database.py, test_transfer_package.py) opens real data.
"""

import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db import open_database  # noqa: E402
from db.schema import known_migrations  # noqa: E402
from desktop_app.core import cadres, units  # noqa: E402
from desktop_app.core.annual_inputs import save_cadre_inputs, save_team_inputs  # noqa: E402
from desktop_app.core.assessment import accept_proposals, assess_year, decide, lock_assessment  # noqa: E402
from desktop_app.core.calendar_days import set_day  # noqa: E402
from desktop_app.core.errors import LoginRefused  # noqa: E402
from desktop_app.core.evaluations import get_session, save_session, save_tallies  # noqa: E402
from desktop_app.core.idcard import check_digit  # noqa: E402
from desktop_app.core.inquiries import record_reply, send_inquiry  # noqa: E402
from desktop_app.core.monthly_reports import excuse_month, review_report, save_draft, submit_report  # noqa: E402
from desktop_app.core.notices import draft_notice, monthly_entries, monthly_title, publish_notice  # noqa: E402
from desktop_app.core.objections import log_objection  # noqa: E402
from desktop_app.core.operators import add_operator, create_first_admin, login  # noqa: E402
from desktop_app.core.sanctions import add_sanction  # noqa: E402
from desktop_app.core.store import RecordStore  # noqa: E402
from desktop_app.core.supervised_tasks import add_task, complete_task  # noqa: E402
from desktop_app.core.supervision_notices import add_supervision_notice  # noqa: E402
from desktop_app.core.talks import add_talk  # noqa: E402
from desktop_app.core.workdays import load_calendar  # noqa: E402


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))

    def __call__(self):
        self.now += timedelta(seconds=1)
        return self.now


def id_number(sequence: str) -> str:
    body = "52263419800101" + sequence
    return body + check_digit(body)


def fill(store: RecordStore) -> None:
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    units.add_unit(store, {"name": "县教育局", "kind": "县直部门"})
    people = [cadres.add_cadre(store, {"name": name, "id_number": id_number(f"{n}23")},
                               {"unit_id": town, "title": title, "post_type": kind, "start_date": "2024-01-01"}).record_id
              for n, (name, title, kind) in enumerate([("张三", "镇长", "正职"), ("李四", "副镇长", "副职"),
                                                      ("王五", "武装部长", "班子成员")])]
    for cadre_id in people[:2]:
        save_draft(store, cadre_id, "2026-02", plans=["推进项目"], items=[{"task": "完成验收", "result": "已完成"}],
                   self_grade="好")
        submit_report(store, cadre_id, "2026-02", "2026-02-27")
        review_report(store, cadre_id, "2026-02", truthful="属实", completion_grade="较好", on="2026-03-02")
    excuse_month(store, people[2], "2026-02", "病假")
    calendar = load_calendar(store.db)
    columns, entries = monthly_entries(store.db, [town], "2026-02")
    notice = draft_notice(store, calendar, {"kind": "月度实绩", "title": monthly_title(store.db, [town], "2026-02"),
                                            "unit_ids": [town], "columns": columns, "entries": entries,
                                            "start_date": "2026-03-03", "workdays": 7, "issuer": "中共丹江镇委员会"})
    publish_notice(store, notice)
    log_objection(store, {"notice_id": notice, "cadre_id": people[0], "received_on": "2026-03-05", "channel": "电话",
                          "content": "反映验收里程不实"})
    set_day(store, "2027-10-01", "休息日", "国庆节")
    fill_quarterly(store, town, people)
    fill_annual(store, town, people)


def fill_quarterly(store: RecordStore, town: str, people: list[str]) -> None:
    """A session of 2026 Q1 (which fixes the year's rule set) and two tallies (from 0004)."""
    save_session(store, town, 2026, 1, {"meeting_date": "2026-03-28", "expected": 40, "present": 38, "issued": 38,
                                        "returned": 37, "valid": 35, "cadre_ids": people[:2],
                                        "categories": ["领导", "同级", "干部职工"],
                                        "valid_by_category": {"领导": 5, "同级": 10, "干部职工": 20}})
    session = get_session(store.db, town, 2026, 1)
    save_tallies(store, session, {
        people[0]: {"领导": [[5, 0, 0, 0]] * 3, "同级": [[8, 2, 0, 0]] * 3, "干部职工": [[15, 4, 1, 0]] * 3},
        people[1]: {"领导": [[3, 2, 0, 0]] * 3, "同级": [[6, 3, 1, 0]] * 3, "干部职工": [[10, 6, 3, 1]] * 3}})


def fill_annual(store: RecordStore, town: str, people: list[str]) -> None:
    """2026's inputs of the team and a cadre, one record of each supervision register, the committee's
    decisions and the year's lock (from 0005)."""
    save_team_inputs(store, 2026, town, {
        "evaluation": {"valid": 40, "counts": {"好": 25, "较好": 10, "一般": 4, "差": 1}},
        "survey": {"valid": 90, "counts": {"满意": 60, "基本满意": 20, "不满意": 10}},
        "responsibility_score": "86.5", "responsibility_grade": "较好",
        "key_projects": [{"name": "产业园道路", "done": True, "note": ""}], "note": "述职会议 2026-12-20"})
    save_cadre_inputs(store, 2026, town, people[0], {"evaluation": {"valid": 40, "counts": {"优秀": 30, "称职": 10}}})
    add_supervision_notice(store, {"unit_id": town, "cadre_id": people[1], "issued_on": "2026-04-10", "kind": "效能",
                                   "text": "窗口服务超时办结", "issuer": "县效能办"})
    add_sanction(store, {"cadre_id": people[2], "decided_on": "2026-05-06", "category": "党纪处分", "measure": "警告",
                         "text": "违规操办宴席", "decided_by": "县纪委"})
    task = add_task(store, {"cadre_id": people[1], "title": "危桥改造", "assigned_on": "2026-03-01",
                            "deadline": "2026-06-30"}).record_id
    complete_task(store, task, "2026-07-10")
    add_talk(store, {"cadre_id": people[2], "talked_on": "2026-05-20", "kind": "诫勉", "talker": "县委副书记",
                     "reason": "受党纪警告处分", "summary": "指出问题，提出整改要求"})
    inquiry = send_inquiry(store, {"cadre_id": people[0], "sent_on": "2026-06-01", "issue": "反映亲属承揽工程",
                                   "reply_due": "2026-06-15"}).record_id
    record_reply(store, inquiry, "2026-06-12", "工程经公开招标，本人未干预", "了结澄清")
    accept_proposals(store, 2026)  # the committee's decisions (审定等次), then the year's lock
    for subject in assess_year(store.db, 2026).undecided:  # ties or no grade: decided one by one
        decide(store, 2026, subject.kind, subject.subject_id, subject.proposed or "称职", "审定委员会议定")
    lock_assessment(store, 2026)


def fill_operators(db, clock) -> None:
    """An administrator, an 录入员 and a failed login (from 0006), after the records: accounts are
    local to the file and written outside the record store."""
    admin = create_first_admin(db, "老王", "laowang2026", clock)
    add_operator(db, admin, "小李", "录入员", "xiaoli2026", clock)
    try:
        login(db, "小李", "guess2026", clock)
    except LoginRefused:
        pass


def main() -> None:
    name = known_migrations()[-1]
    target = ROOT / "tests" / "fixtures" / "schemas" / f"v{name}.kpdb"
    target.unlink(missing_ok=True)
    db = open_database(target, create=True, office_name="雷山县委组织部",
                       office_id="00000000-0000-4000-8000-000000000003")
    try:
        clock = Clock()
        fill(RecordStore(db, operator="测试员", clock=clock))
        fill_operators(db, clock)
    finally:
        db.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()
    for suffix in ("-wal", "-shm", ".lock"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
