"""Benchmark: 操作员登录 — the argon2id hash and check with the parameters core.operators uses
(RFC 9106 low-memory profile: 64 MiB, t=3, p=4), a whole login against a real database (right
password, wrong password, unknown name), and what judging permissions adds to the one write path
(2,000 records in one batch written as 管理员, as 录入员, and unsigned on a database without accounts).

Run:  .venv/bin/python bench/bench_login.py
Prints JSON; copy the figures into bench/RESULTS.md.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, summary_ms, work_dir  # noqa: E402
from db import open_database  # noqa: E402
from desktop_app.core.errors import LoginRefused  # noqa: E402
from desktop_app.core.operators import create_first_admin, hasher, login  # noqa: E402
from desktop_app.core.store import RecordStore  # noqa: E402

PASSWORD = "laowang2026"
RUNS = 9
WRITES = 2000


def samples(action, runs: int = RUNS) -> dict:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return summary_ms(times)


def refused(db, name: str, password: str) -> None:
    try:
        login(db, name, password)
    except LoginRefused:
        pass
    db.execute("DELETE FROM login_failures")  # keep clear of the slowdown
    db.conn.commit()


def fresh_db(name: str):
    path = work_dir() / name
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return open_database(path, create=True, office_name="基准测试县委组织部")


def hashing() -> dict:
    hashes = hasher()
    stored = hashes.hash(PASSWORD)
    db = fresh_db("login.kpdb")
    try:
        create_first_admin(db, "老王", PASSWORD)
        return {
            "parameters": f"argon2id m={hashes.memory_cost} KiB t={hashes.time_cost} p={hashes.parallelism}",
            "hash": samples(lambda: hashes.hash(PASSWORD)),
            "verify": samples(lambda: hashes.verify(stored, PASSWORD)),
            "login_right": samples(lambda: login(db, "老王", PASSWORD)),
            "login_wrong_password": samples(lambda: refused(db, "老王", "guess2026")),
            "login_unknown_name": samples(lambda: refused(db, "没有这人", "guess2026")),
        }
    finally:
        db.close()


def writes(role: str | None, protected: bool) -> float:
    db = fresh_db(f"writes-{role}.kpdb")
    try:
        if protected:
            create_first_admin(db, "老王", PASSWORD)
        store = RecordStore(db, operator="基准测试", role=role)
        start = time.perf_counter()
        with store.batch("新增单位"):
            for n in range(WRITES):
                store.insert("units", {"name": f"单位{n}", "kind": "县直部门", "sort_order": n})
        return round(time.perf_counter() - start, 3)
    finally:
        db.close()


def main() -> None:
    results = {"machine": machine(), "load_average": os.getloadavg()[0], **hashing(),
               f"write_{WRITES}_as_管理员_s": writes("管理员", True),
               f"write_{WRITES}_as_录入员_s": writes("录入员", True),
               f"write_{WRITES}_unsigned_no_accounts_s": writes(None, False)}
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
