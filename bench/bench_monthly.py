"""Benchmark: the monthly cycle at prefecture scale — writing the demo (reports, notices,
objections included), the month's gaps per unit, the year's rule-8 flags, the notice board,
and a notice's verification-code lookup.

Run:  .venv/bin/python bench/bench_monthly.py
Prints JSON.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine, timed, work_dir  # noqa: E402
from db import open_database  # noqa: E402
from desktop_app.core.demo import write_demo  # noqa: E402
from desktop_app.core.notices import board  # noqa: E402
from desktop_app.core.report_gaps import gaps_by_unit, month_statuses, report_flags  # noqa: E402
from desktop_app.core.workdays import load_calendar  # noqa: E402

TODAY = "2026-01-05"  # the demo's today


def main() -> None:
    results: dict = {"machine": machine()}
    path = work_dir() / "monthly-prefecture.kpdb"
    with timed(results, "prefecture_demo_write_s"):
        summary = write_demo(path, scale="prefecture", overwrite=True)
    results["records"] = summary.written
    db = open_database(path)
    try:
        with timed(results, "month_statuses_s"):
            expected = month_statuses(db, "2025-12", TODAY)
        results["cadres_expected_in_month"] = len(expected)
        with timed(results, "gaps_by_unit_s"):
            gaps_by_unit(db, "2025-12", TODAY)
        with timed(results, "report_flags_year_s"):
            results["flags"] = len(report_flags(db, 2025, TODAY))
        with timed(results, "board_s"):
            results["notices"] = len(board(db, load_calendar(db), TODAY))
        from desktop_app.core.notices import list_notices
        from desktop_app.reports.notice_print import find_notice_by_code, notice_document
        last = list_notices(db)[-1]
        code = notice_document(last).verification()
        with timed(results, "verify_code_lookup_s"):
            assert find_notice_by_code(db, code)["id"] == last["id"]
    finally:
        db.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
