"""Benchmark: 数据交换 — export of the prefecture demo, import of a foreign prefecture file into
another prefecture database, re-import of the same file; each against the physical floor
measured in the same run (a plain INSERT INTO … SELECT of the same rows from an ATTACHed copy).
The file is encrypted with a passphrase, as 交换文件必须加密 (on by default) requires.

Run:  .venv/bin/python bench/bench_transfer.py
Prints JSON; copy the figures into bench/RESULTS.md.
"""

import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, timed, work_dir  # noqa: E402
from db import open_database  # noqa: E402
from desktop_app.core.demo import write_demo  # noqa: E402
from desktop_app.core.store import RecordStore  # noqa: E402
from desktop_app.transfer.exchange import import_package  # noqa: E402
from desktop_app.transfer.package import export_package  # noqa: E402

FLOOR_TABLES = ("units", "cadres", "posts", "versions", "audit_log")
PASSPHRASE = "基准测试2026"


def demo(name: str, scale: str, seed: int) -> Path:
    path = work_dir() / f"transfer-{name}.kpdb"
    if not path.exists():
        write_demo(path, scale=scale, seed=seed)
    return path


def fresh_copy(path: Path, name: str) -> Path:
    target = work_dir() / name
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(path, target)
    return target


def floor(target: Path, source: Path) -> float:
    """Copy every row of the record tables from `source` into a copy of `target`, nothing else."""
    import time

    copy = fresh_copy(target, "transfer-floor.kpdb")
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("ATTACH DATABASE ? AS src", [str(source)])
    began = time.perf_counter()
    with conn:
        for table in FLOOR_TABLES:
            columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})") if r[1] != "seq")
            conn.execute(f"INSERT OR IGNORE INTO main.{table} ({columns}) SELECT {columns} FROM src.{table}")
    seconds = time.perf_counter() - began
    conn.close()
    return round(seconds, 3)


def exchange(results: dict, scale: str) -> None:
    mine, theirs = demo(f"{scale}-1", scale, 1), demo(f"{scale}-2", scale, 2)
    package = work_dir() / f"transfer-{scale}.kpx"
    package.unlink(missing_ok=True)
    with timed(results, f"{scale}_export_s"):
        manifest = export_package(theirs, package, passphrase=PASSPHRASE)
    results[f"{scale}_file_mb"] = round(package.stat().st_size / 1e6, 1)
    results[f"{scale}_records"] = manifest.counts
    target = fresh_copy(mine, f"transfer-{scale}-target.kpdb")
    db = open_database(target)
    try:
        store = RecordStore(db, operator="基准测试")
        with tempfile.TemporaryDirectory() as backups:
            with timed(results, f"{scale}_import_s"):
                outcome = import_package(store, package, backups_dir=Path(backups), passphrase=PASSPHRASE)
            results[f"{scale}_import_report"] = outcome.report.as_json()["tables"]
            with timed(results, f"{scale}_reimport_s"):
                again = import_package(store, package, backups_dir=Path(backups), passphrase=PASSPHRASE)
            results[f"{scale}_reimport_already_imported"] = again.previous is not None
    finally:
        db.close()
    results[f"{scale}_floor_s"] = floor(mine, theirs)
    results[f"{scale}_import_vs_floor"] = round(results[f"{scale}_import_s"] / results[f"{scale}_floor_s"], 1)


def main() -> None:
    results: dict = {"machine": machine()}
    for scale in ("county", "prefecture"):
        exchange(results, scale)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
