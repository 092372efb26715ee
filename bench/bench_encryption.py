"""Benchmark: encrypting the office database at rest with SQLCipher (数据库加密存放) — what it would cost.

sqlcipher3 is not a dependency of the app; run this in an environment that has it:
    python -m venv /tmp/sqlc && /tmp/sqlc/bin/pip install sqlcipher3-binary
    (plus the project's packages, e.g. a .pth file pointing at .venv's site-packages and the checkout)
    /tmp/sqlc/bin/python bench/bench_encryption.py
Prints JSON; copy the figures into bench/RESULTS.md.

The same files are opened through the app's own code (db.open_database, RecordStore, the roster
import, quarter_summary) in three ways, so library and encryption costs can be told apart:
  stdlib  — Python's sqlite3 (SQLite 3.40.1 here), plaintext: what the app does today;
  plain   — sqlcipher3 without a key: plaintext through SQLCipher's own, newer SQLite;
  cipher  — sqlcipher3 with a key: SQLCipher 4 defaults (AES-256-CBC and an HMAC-SHA512 per 4 KiB
            page, key from the passphrase by PBKDF2-HMAC-SHA512 with 256,000 iterations).
For the benchmark only, db.connection's `sqlite3` is swapped for sqlcipher3 and its SQLite-header
check is skipped (an encrypted file has no readable header).
"""

import json
import shutil
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlite3  # noqa: E402

import sqlcipher3  # noqa: E402

import db.connection as connection  # noqa: E402
from bench.common import machine, work_dir  # noqa: E402
from desktop_app.core.demo import write_demo  # noqa: E402

KEY = "雷山县委组织部-口令2026"
MODES = ("stdlib", "plain", "cipher")
TODAY = "2026-01-05"
OPENS = 7
ROUNDS = 3  # the roster import, the modes interleaved: the least of each (a shared machine's noise)


def _files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


@contextmanager
def library(mode: str):
    """db.connection opening files with `mode`'s library (and key)."""
    real_sqlite3, real_header = connection.sqlite3, connection._require_sqlite_header
    if mode != "stdlib":
        def connect(path, **options):
            conn = sqlcipher3.connect(path, **options)
            if mode == "cipher":
                conn.execute(f"PRAGMA key = '{KEY}'")
            return conn

        connection.sqlite3 = SimpleNamespace(connect=connect, DatabaseError=sqlcipher3.DatabaseError,
                                             Connection=sqlcipher3.Connection)
        connection._require_sqlite_header = lambda _path: None
    try:
        yield
    finally:
        connection.sqlite3, connection._require_sqlite_header = real_sqlite3, real_header


def copy_as(source: Path, target: Path, mode: str) -> None:
    """`source` (a plaintext database) copied to `target` as `mode` stores it (sqlcipher_export)."""
    _files(target)
    if mode != "cipher":
        shutil.copyfile(source, target)
        return
    conn = sqlcipher3.connect(str(source))
    conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", [str(target), KEY])
    conn.execute("SELECT sqlcipher_export('encrypted')")
    conn.execute("DETACH DATABASE encrypted")
    conn.close()


def timed_open(path: Path, mode: str) -> list[float]:
    """open_database (connect, key, version check, migrations, office) + one roster count, then close."""
    samples = []
    with library(mode):
        for _ in range(OPENS):
            began = time.perf_counter()
            db = connection.open_database(path)
            db.execute("SELECT COUNT(*) FROM cadres").fetchone()
            samples.append(time.perf_counter() - began)
            db.close()
    return samples


def roster_import(book: Path, mode: str) -> dict:
    from desktop_app.core.roster_import import apply_import, plan_import, read_roster
    from desktop_app.core.store import RecordStore

    target = work_dir() / f"encryption-import-{mode}.kpdb"
    _files(target)
    with library(mode):
        db = connection.open_database(target, create=True, office_name="黔东南州委组织部")
        try:
            began = time.perf_counter()
            sheet = read_roster(book)
            read = time.perf_counter()
            plan = plan_import(db, sheet, TODAY)
            planned = time.perf_counter()
            result = apply_import(RecordStore(db, operator="基准测试"), plan)
            done = time.perf_counter()
        finally:
            db.close()
    return {"read_s": round(read - began, 2), "plan_s": round(planned - read, 2), "apply_s": round(done - planned, 2),
            "total_s": round(done - began, 2), "created": result.created, "file_mb": round(target.stat().st_size / 1e6, 1)}


def quarter_read(path: Path, mode: str) -> dict:
    """A quarter's scoring of every unit (quarter_summary), first after opening and then warm."""
    from desktop_app.core.quarter_scores import quarter_summary

    with library(mode):
        db = connection.open_database(path)
        try:
            year, quarter = db.execute("SELECT year, quarter FROM evaluation_sessions WHERE deleted = 0"
                                       " ORDER BY year DESC, quarter DESC LIMIT 1").fetchone()
            samples = []
            for _ in range(5):
                began = time.perf_counter()
                quarter_summary(db, year, quarter)
                samples.append(time.perf_counter() - began)
        finally:
            db.close()
    return {"first_s": round(samples[0], 3), "warm_median_s": round(statistics.median(samples[1:]), 3),
            "quarter": f"{year}Q{quarter}"}


def main() -> None:
    out = work_dir()
    results: dict = {"machine": machine(), "sqlite_stdlib": sqlite3.sqlite_version,
                     "sqlcipher": sqlcipher3.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0],
                     "sqlite_in_sqlcipher": sqlcipher3.sqlite_version}
    sources = {}
    for scale in ("county", "prefecture"):
        sources[scale] = out / f"encryption-{scale}.kpdb"
        if not sources[scale].exists():
            write_demo(sources[scale], scale=scale)
        results[f"{scale}_mb"] = round(sources[scale].stat().st_size / 1e6, 1)
    book = out / "roster-20000.xlsx"
    if not book.exists():
        sys.exit("bench/out/roster-20000.xlsx is missing: run bench/bench_roster_import.py first")
    for mode in MODES:
        for scale, source in sources.items():
            copy = out / f"encryption-{scale}-{mode}.kpdb"
            began = time.perf_counter()
            copy_as(source, copy, mode)
            results[f"{scale}_{mode}_copy_s"] = round(time.perf_counter() - began, 2)
            samples = timed_open(copy, mode)
            results[f"{scale}_{mode}_open_ms"] = {"first": round(samples[0] * 1000, 1),
                                                  "median": round(statistics.median(samples) * 1000, 1)}
            results[f"{scale}_{mode}_quarter"] = quarter_read(copy, mode)
    runs = {mode: [] for mode in MODES}
    for _round in range(ROUNDS):
        for mode in MODES:
            runs[mode].append(roster_import(book, mode))
    for mode, found in runs.items():
        results[f"roster_import_{mode}"] = {"least": min(found, key=lambda r: r["total_s"]),
                                            "totals_s": [r["total_s"] for r in found]}
    encrypted = out / "encryption-county-cipher.kpdb"
    results["encrypted_file_starts_with_sqlite_header"] = encrypted.read_bytes()[:16] == b"SQLite format 3\x00"
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
