"""Benchmark: the year's reports — the county summary PDF above all, at county and prefecture size.

The years are the synthetic ones of bench_annual.py (`write_prefecture`: every team-post holder
with a year of monthly reports, four quarters of tallies, annual inputs and registers), written
once to bench/out/annual-pdf-{county,prefecture}.kpdb (--fresh writes them again): a county of
100 units × 15 cadres (1,500) and a prefecture of 200 units × 100 (20,000). Each year is decided
(proposals accepted, the rest and ten overrides decided with a reason) before it is measured.

Measured: the county summary in one call as the GUI's worker runs it — first in the process (the
year assessed, matplotlib and reportlab loaded, the charts drawn, the pages laid out) and again
(core.assessment keeps a year's proposals while its facts are unchanged) — and its parts; one
unit's results; the results table in Excel; one dossier; the dossiers of a unit with charts, and
(county size) every cadre's dossier in one file without charts.

Run:  .venv/bin/python bench/bench_annual_pdf.py [--fresh] [--county-only]
Prints JSON.
"""

import io
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_annual  # noqa: E402
from bench.common import machine, work_dir  # noqa: E402

YEAR = bench_annual.YEAR
SIZES = {"county": (100, 15), "prefecture": (200, 100)}


def database(size: str, fresh: bool) -> tuple[Path, float | None]:
    """The year of `size` written (once) and decided; (its path, seconds to write and decide or None)."""
    path = work_dir() / f"annual-pdf-{size}.kpdb"
    if path.exists() and not fresh:
        return path, None
    began = time.perf_counter()
    bench_annual.UNITS, bench_annual.PER_UNIT = SIZES[size]
    bench_annual.write_prefecture(path, random.Random(11))
    decide_year(path)
    return path, round(time.perf_counter() - began, 1)


def decide_year(path: Path) -> None:
    from db import open_database
    from desktop_app.core.assessment import accept_proposals, assess_year, decide
    from desktop_app.core.store import RecordStore

    db = open_database(path)
    try:
        store = RecordStore(db, operator="性能测试")
        as_of = f"{YEAR + 1}-01-01"
        accept_proposals(store, YEAR)
        assessment = assess_year(db, YEAR, as_of=as_of)
        for subject in assessment.undecided:
            decide(store, YEAR, subject.kind, subject.subject_id, subject.proposed or assessment.grades[subject.kind][-1],
                   "审定委员会研究决定")
        for subject in [s for s in assessment.cadres if s.proposed == "称职"][:10]:
            decide(store, YEAR, "cadre", subject.subject_id, "基本称职", "考核委员会研究，年内工作有明显失误")
    finally:
        db.close()


def seconds(action) -> tuple[float, object]:
    began = time.perf_counter()
    value = action()
    return round(time.perf_counter() - began, 3), value


def pages(stream: io.BytesIO) -> int:
    from pypdf import PdfReader

    return len(PdfReader(stream).pages)


def measure(path: Path) -> dict:
    from db import open_database
    from desktop_app.core.annual_table import export_annual_table
    from desktop_app.core.assessment import assess_year
    from desktop_app.reports.annual_print import (
        county_document,
        distribution_charts,
        write_county_summary,
        write_unit_results,
    )
    from desktop_app.reports.county_summary_pdf import build_county_summary_pdf
    from desktop_app.reports.dossier_print import write_dossier, write_dossiers

    db = open_database(path)
    out: dict = {}
    try:
        stream = io.BytesIO()
        out["county_summary_cold_s"], _ = seconds(lambda: write_county_summary(db, YEAR, stream, issuer="州委组织部"))
        out["county_summary_pages"], out["county_summary_kb"] = pages(stream), len(stream.getvalue()) // 1024
        out["county_summary_again_s"], _ = seconds(lambda: write_county_summary(db, YEAR, io.BytesIO()))
        out["assess_year_kept_s"], assessment = seconds(lambda: assess_year(db, YEAR, as_of=f"{YEAR + 1}-01-01"))
        out["teams"], out["cadres"] = len(assessment.teams), len(assessment.cadres)
        out["summary_document_s"], document = seconds(lambda: county_document(db, YEAR, assessment=assessment))
        out["summary_charts_s"], charts = seconds(lambda: distribution_charts(document))
        out["summary_layout_s"], _ = seconds(lambda: build_county_summary_pdf(document, io.BytesIO(), charts))
        unit = assessment.teams[0].unit_id
        out["unit_results_s"], _ = seconds(lambda: write_unit_results(db, YEAR, unit, work_dir() / "unit.pdf"))
        out["unit_results_with_assessment_s"], _ = seconds(lambda: write_unit_results(
            db, YEAR, unit, work_dir() / "unit.pdf", assessment=assessment))
        out["results_table_xlsx_s"], _ = seconds(lambda: export_annual_table(db, YEAR, work_dir() / "table.xlsx",
                                                                             assessment=assessment))
        cadre = assessment.cadres[0].subject_id
        out["one_dossier_s"], _ = seconds(lambda: write_dossier(db, cadre, work_dir() / "dossier.pdf",
                                                                as_of=f"{YEAR + 1}-03-01"))
        out["unit_dossiers_with_charts_s"], (_path, count) = seconds(lambda: write_dossiers(
            db, work_dir() / "dossiers.pdf", unit_id=unit, as_of=f"{YEAR + 1}-03-01"))
        out["unit_dossiers"] = count
        if len(assessment.cadres) <= 3000:  # a county's every dossier in one file, without charts
            out["all_dossiers_no_chart_s"], (_path, count) = seconds(lambda: write_dossiers(
                db, work_dir() / "dossiers-all.pdf", as_of=f"{YEAR + 1}-03-01", chart=False))
            out["all_dossiers"] = count
    finally:
        db.close()
    return out


def main() -> None:
    results: dict = {"machine": machine()}
    fresh = "--fresh" in sys.argv
    for size in ("county",) if "--county-only" in sys.argv else tuple(SIZES):
        path, written = database(size, fresh)
        results[size] = {"units_x_cadres": "×".join(map(str, SIZES[size])), "write_and_decide_s": written,
                         **measure(path)}
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
