"""Benchmark: demo writing and the 20,000-row roster workbook import.

Run:  .venv/bin/python bench/bench_roster_import.py
Prints JSON; copy the figures into bench/RESULTS.md.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook  # noqa: E402

from bench.common import machine, timed, work_dir  # noqa: E402
from db import open_database  # noqa: E402
from desktop_app.core.demo import write_demo  # noqa: E402
from desktop_app.core.idcard import check_digit  # noqa: E402
from desktop_app.core.masking import Disclosure  # noqa: E402
from desktop_app.core.roster_export import export_roster  # noqa: E402
from desktop_app.core.roster_import import apply_import, plan_import, read_roster  # noqa: E402
from desktop_app.core.store import RecordStore  # noqa: E402

TODAY = "2026-01-05"
ROWS = 20_000


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def workbook_of_20000(prefecture: Path, target: Path) -> int:
    """The prefecture roster (19,900 cadres) topped up to exactly 20,000 rows."""
    db = open_database(prefecture)
    try:
        export_roster(db, target, TODAY, Disclosure(True))  # whole ID numbers: the rows import as new cadres
    finally:
        db.close()
    book = load_workbook(target)
    sheet = book.active
    missing = ROWS - (sheet.max_row - 1)
    for n in range(missing):
        first17 = f"52263419900101{n:03d}"
        sheet.append(["补充干部" + "甲乙丙丁戊己庚辛壬癸"[n % 10] + "一二三四五六七八九十"[n // 10 % 10], "", "苗族",
                      "", first17 + check_digit(first17), "中共党员", "大学", "雷山县丹江镇", "科员", "其他",
                      "科员", "2020-01-01", ""])
    book.save(target)
    return sheet.max_row - 1


def main() -> None:
    out = work_dir()
    results: dict = {"machine": machine()}
    with timed(results, "demo_county_s"):
        write_demo(fresh(out / "county.kpdb"), scale="county")
    with timed(results, "demo_prefecture_s"):
        write_demo(fresh(out / "prefecture.kpdb"), scale="prefecture")
    book = out / "roster-20000.xlsx"
    results["workbook_rows"] = workbook_of_20000(out / "prefecture.kpdb", book)
    target = fresh(out / "import-target.kpdb")
    db = open_database(target, create=True, office_name="黔东南州委组织部")
    try:
        store = RecordStore(db, operator="基准测试")
        with timed(results, "import_read_s"):
            sheet = read_roster(book)
        with timed(results, "import_plan_s"):
            plan = plan_import(db, sheet, TODAY)
        with timed(results, "import_apply_s"):
            result = apply_import(store, plan)
        results["import_total_s"] = round(results["import_read_s"] + results["import_plan_s"]
                                          + results["import_apply_s"], 3)
        results["import_report"] = {k: v for k, v in result.as_json().items() if k != "rejected"} | {
            "unchanged": result.unchanged}
        results["import_rejected"] = len(result.rejected)
        with timed(results, "reimport_unchanged_total_s"):
            again = apply_import(store, plan_import(db, read_roster(book), TODAY))
        results["reimport_report"] = {k: v for k, v in again.as_json().items() if k != "rejected"} | {
            "unchanged": again.unchanged}
    finally:
        db.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
