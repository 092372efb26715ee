"""Benchmark: the cost of 数据库加密存放 (SQLCipher, db.cipher) as the app does it.

Run:  .venv/bin/python bench/bench_encryption.py
Prints JSON; copy the figures into bench/RESULTS.md. Needs bench/out/roster-20000.xlsx (made by
bench/bench_roster_import.py; made here from a prefecture demo when missing).

Everything goes through the app's own path: db.open_database (plain files with the standard
sqlite3, encrypted ones with sqlcipher3 and this computer's raw key from the 密钥 folder — here
bench/out/keys), db.encryption for the conversions, transfer.backup for backups, quarter_summary,
the roster import. Plain and encrypted are measured interleaved in the same run and the least of
the rounds is compared (a shared, busy machine's noise).
"""

import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_OUT = Path(__file__).resolve().parent / "out"
os.environ.setdefault("KAOPING_KEY_DIR", str(_OUT / "keys"))  # never this user's real 密钥 folder
os.environ.setdefault("KAOPING_DATA_DIR", str(_OUT / "data"))

import sqlite3  # noqa: E402

from bench.bench_roster_import import TODAY, workbook_of_20000  # noqa: E402
from bench.common import machine, work_dir  # noqa: E402
from db import cipher, open_database  # noqa: E402
from db.encryption import decrypt_database, encrypt_database  # noqa: E402
from desktop_app.core.demo import write_demo  # noqa: E402

KINDS = ("plain", "encrypted")
OPENS = 9
ROUNDS = 3


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def least(samples: list[float], digits: int = 2) -> float:
    return round(min(samples), digits)


def demo(scale: str) -> Path:
    """The demo database of `scale` at this version's schema (written once, then reused)."""
    path = work_dir() / f"at-rest-{scale}.kpdb"
    if not path.exists():
        write_demo(path, scale=scale)
    return path


def copies(source: Path) -> dict[str, Path]:
    """A plain and an encrypted copy of `source`; the encryption (and a decryption) timed, `ROUNDS` times."""
    plain, encrypted = (work_dir() / f"{source.stem}-{kind}.kpdb" for kind in KINDS)
    shutil.copyfile(source, fresh(plain))
    timings = {"encrypt_s": [], "decrypt_s": []}
    for _round in range(ROUNDS):
        shutil.copyfile(source, fresh(encrypted))
        began = time.perf_counter()
        encrypt_database(encrypted)
        timings["encrypt_s"].append(time.perf_counter() - began)
        began = time.perf_counter()
        decrypt_database(encrypted)
        timings["decrypt_s"].append(time.perf_counter() - began)
    encrypt_database(encrypted)
    return {"plain": plain, "encrypted": encrypted, "timings": timings}


def open_ms(path: Path) -> list[float]:
    """open_database (header, key, version check, migrations, office) + the window's reader + one count."""
    samples = []
    for _ in range(OPENS):
        began = time.perf_counter()
        db = open_database(path)
        reader = db.reader()
        reader.execute("SELECT COUNT(*) FROM cadres").fetchone()
        samples.append((time.perf_counter() - began) * 1000)
        reader.conn.close()
        db.close()
    return samples


def quarter_s(path: Path) -> dict:
    """A quarter's scoring of every unit (quarter_summary): first after opening, then warm."""
    from desktop_app.core.quarter_scores import quarter_summary

    db = open_database(path)
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
    return {"quarter": f"{year}Q{quarter}", "first_s": round(samples[0], 3),
            "warm_median_s": round(statistics.median(samples[1:]), 3)}


def backup_s(path: Path) -> float:
    from desktop_app.transfer.backup import backup_database

    folder = work_dir() / "at-rest-backups"
    shutil.rmtree(folder, ignore_errors=True)
    began = time.perf_counter()
    made = backup_database(path, folder, reason="手动")
    seconds = time.perf_counter() - began
    assert cipher.is_encrypted(made) == cipher.is_encrypted(path)  # a backup keeps the file's kind
    shutil.rmtree(folder, ignore_errors=True)
    return seconds


def roster_import(book: Path, kind: str) -> dict:
    from desktop_app.core.roster_import import apply_import, plan_import, read_roster
    from desktop_app.core.store import RecordStore

    target = fresh(work_dir() / f"at-rest-import-{kind}.kpdb")
    db = open_database(target, create=True, office_name="黔东南州委组织部", encrypted=kind == "encrypted")
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
            "total_s": round(done - began, 2), "created": result.created,
            "file_mb": round(target.stat().st_size / 1e6, 1)}


def main() -> None:
    out = work_dir()
    probe = cipher.plain_connection_for_export(":memory:")
    results: dict = {"machine": machine(), "sqlite_stdlib": sqlite3.sqlite_version,
                     "sqlcipher": probe.execute("PRAGMA cipher_version").fetchone()[0]}
    probe.close()
    cipher.ensure_database_key()
    book = out / "roster-20000.xlsx"
    sources = {}
    for scale in ("county", "prefecture"):
        began = time.perf_counter()
        sources[scale] = demo(scale)
        results[f"{scale}_demo_written_s"] = round(time.perf_counter() - began, 1)
        results[f"{scale}_mb"] = round(sources[scale].stat().st_size / 1e6, 1)
    if not book.exists():
        workbook_of_20000(sources["prefecture"], book)
    for scale, source in sources.items():
        made = copies(source)
        results[f"{scale}_convert"] = {name: {"least": least(found), "all": [round(s, 2) for s in found]}
                                       for name, found in made["timings"].items()}
        results[f"{scale}_encrypted_mb"] = round(made["encrypted"].stat().st_size / 1e6, 1)
        raw = made["encrypted"].read_bytes()
        results[f"{scale}_plaintext_in_encrypted"] = any(word.encode() in raw for word in ("组织部", "SQLite format"))
        opens = {kind: [] for kind in KINDS}
        backups = {kind: [] for kind in KINDS}
        for _round in range(ROUNDS):
            for kind in KINDS:
                opens[kind] += open_ms(made[kind])
                backups[kind].append(backup_s(made[kind]))
        for kind in KINDS:
            results[f"{scale}_{kind}_open_ms"] = {"median": round(statistics.median(opens[kind]), 1),
                                                  "least": least(opens[kind], 1)}
            results[f"{scale}_{kind}_backup_s"] = {"least": least(backups[kind]),
                                                   "all": [round(s, 2) for s in backups[kind]]}
            results[f"{scale}_{kind}_quarter"] = quarter_s(made[kind])
    runs = {kind: [] for kind in KINDS}
    for _round in range(ROUNDS):
        for kind in KINDS:
            runs[kind].append(roster_import(book, kind))
    for kind, found in runs.items():
        results[f"roster_import_{kind}"] = {"least": min(found, key=lambda r: r["total_s"]),
                                            "totals_s": [r["total_s"] for r in found]}
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
