"""Benchmark: quarterly evaluation PDFs — the ballot (民主测评表) and a unit's results.

Measures the first build of a 300-cadre ballot in a fresh process (importing reportlab and
registering the fonts included), repeated builds of it, a unit's meeting (30 cadres, 50
numbered copies) and the results of 60 cadres counted by three voter categories with a chart.

Run:  .venv/bin/python bench/bench_quarter_pdf.py
Prints JSON.
"""

import io
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402

SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "建国明华丽军伟芳敏静强磊洋艳勇杰娟涛超秀英"
POSTS = ["党委书记", "党委副书记、镇长", "副镇长", "党组成员、副局长、县教育督导室主任", "四级主任科员"]
CATEGORIES = ("领导", "同级", "干部职工")

FIRST_BUILD = """
import io, sys, time
began = time.perf_counter()
sys.path.insert(0, {root!r})
from bench.bench_quarter_pdf import ballot
from desktop_app.reports.ballot_pdf import build_ballots_pdf
build_ballots_pdf(ballot(300), io.BytesIO())
print(time.perf_counter() - began)
"""


def names(count: int) -> list[tuple[str, str]]:
    return [(SURNAMES[n % 20] + GIVEN[(n * 7) % 20] + GIVEN[(n * 3) % 20][: n % 2], POSTS[n % 5])
            for n in range(count)]


def ballot(count: int):
    from desktop_app.reports.ballot_pdf import Ballot

    return Ballot("丹江镇人民政府", 2025, 3, names(count), meeting_date=date(2025, 10, 10), category="干部职工",
                  categories=CATEGORIES)


def results(count: int):
    from desktop_app.reports.quarter_results_pdf import MeetingFacts, QuarterResultsDocument, ResultRow

    rows = []
    for n, (name, post) in enumerate(names(count)):
        by_category = {"领导": [[3, 2, 0, 0]] * 3, "同级": [[5, 3, 1, 0]] * 3,
                       "干部职工": [[20 - n % 7, 15, 4, n % 3]] * 3}
        rows.append(ResultRow(name, post, n + 1, [95 - n * 0.3, 94 - n * 0.3, 93 - n * 0.3], 94 - n * 0.3,
                              0.6 - n * 0.005, 0.95 - n * 0.002, "好" if n < 9 else "较好", category_counts=by_category))
    return QuarterResultsDocument("丹江镇人民政府", 2025, 3, rows,
                                  facts=MeetingFacts(date(2025, 10, 10), 45, 42, 42, 42, 41,
                                                     {"领导": 5, "同级": 9, "干部职工": 27}),
                                  notes=["综合得分按“好”100分、“较好”80分、“一般”60分、“差”40分计算。"],
                                  issuer="中共丹江镇委员会", issued_on=date(2025, 10, 12))


def chart_png() -> bytes:
    """A plain 6 × 3 inch bar chart at 200 dpi, the size desktop_app.charts draws."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 600), "white")
    draw = ImageDraw.Draw(image)
    for n in range(60):
        draw.rectangle([40 + n * 19, 560 - 400 + n * 3, 52 + n * 19, 560], fill=(40, 90, 160))
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()


def timed(build, runs: int = 5) -> tuple[list[float], int, int]:
    """Durations of `runs` builds; the pages and bytes of the last."""
    samples, pages, stream = [], 0, io.BytesIO()
    for _ in range(runs):
        stream = io.BytesIO()
        began = time.perf_counter()
        pages = build(stream)
        samples.append(time.perf_counter() - began)
    return samples, pages, len(stream.getvalue())


def main() -> None:
    fresh = [float(subprocess.run([sys.executable, "-c", FIRST_BUILD.format(root=str(ROOT))], check=True,
                                  capture_output=True, text=True).stdout) for _ in range(3)]
    from desktop_app.reports.ballot_pdf import build_ballots_pdf
    from desktop_app.reports.quarter_results_pdf import build_quarter_results_pdf

    big, meeting, document, png = ballot(300), ballot(30), results(60), chart_png()
    report = {"machine": machine()}
    cases = {
        "ballot_300_cadres_1_copy": lambda stream: build_ballots_pdf(big, stream),
        "ballot_30_cadres_50_copies": lambda stream: build_ballots_pdf(meeting, stream, copies=50),
        "results_60_cadres_3_categories_chart": lambda stream: build_quarter_results_pdf(document, stream,
                                                                                         chart_png=png),
    }
    for name, build in cases.items():
        samples, pages, size = timed(build)
        report[name] = {"pages": pages, "bytes": size, "median_s": round(statistics.median(samples), 3),
                        "max_s": round(max(samples), 3)}
    report["ballot_300_cadres_1_copy"]["first_build_in_fresh_process_s"] = round(statistics.median(fresh), 3)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
