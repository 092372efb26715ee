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
from desktop_app.core.calendar_days import set_day  # noqa: E402
from desktop_app.core.evaluations import get_session, save_session, save_tallies  # noqa: E402
from desktop_app.core.idcard import check_digit  # noqa: E402
from desktop_app.core.monthly_reports import excuse_month, review_report, save_draft, submit_report  # noqa: E402
from desktop_app.core.notices import draft_notice, monthly_entries, monthly_title, publish_notice  # noqa: E402
from desktop_app.core.objections import log_objection  # noqa: E402
from desktop_app.core.store import RecordStore  # noqa: E402
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


def main() -> None:
    name = known_migrations()[-1]
    target = ROOT / "tests" / "fixtures" / "schemas" / f"v{name}.kpdb"
    target.unlink(missing_ok=True)
    db = open_database(target, create=True, office_name="雷山县委组织部",
                       office_id="00000000-0000-4000-8000-000000000003")
    try:
        fill(RecordStore(db, operator="测试员", clock=Clock()))
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
