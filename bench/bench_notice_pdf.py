"""Benchmark: 公示 PDF — a notice of 300 names (table over several pages, fonts embedded).

Measures the first build in a fresh process (importing reportlab and registering the fonts
included, as when the operator prints for the first time) and then repeated builds.

Run:  .venv/bin/python bench/bench_notice_pdf.py
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

NAMES = 300
SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "建国明华丽军伟芳敏静强磊洋艳勇杰娟涛超秀英"
UNITS = ["丹江镇人民政府", "西江镇党委", "县财政局", "县教育和科技局（县委教育工作委员会办公室）", "县自然资源局"]
POSTS = ["党委书记", "镇长", "副局长", "党组成员、副局长、县教育督导室主任", "四级主任科员"]

FIRST_BUILD = """
import io, sys, time
began = time.perf_counter()
sys.path.insert(0, {root!r})
from bench.bench_notice_pdf import sample
from desktop_app.reports.notice_pdf import build_notice_pdf
build_notice_pdf(sample(), io.BytesIO())
print(time.perf_counter() - began)
"""


def sample(count: int = NAMES):
    from desktop_app.reports.notice_pdf import NoticeDocument

    rows = [[str(n + 1), SURNAMES[n % 20] + GIVEN[(n * 7) % 20] + GIVEN[(n * 3) % 20][: n % 2],
             UNITS[n % 5], POSTS[n % 5], "好" if n % 3 else "较好"] for n in range(count)]
    return NoticeDocument(
        title="关于2025年8月干部工作实绩报告情况的公示",
        basis="经各单位党委（党组）会议审核，现将2025年8月干部工作实绩报告审核情况予以公示。",
        columns=["序号", "姓名", "单位", "职务", "完成等次"], rows=rows,
        start=date(2025, 9, 26), end=date(2025, 10, 11), workdays=7,
        channels={"phone": "0855-3331234、12380", "letter_address": "县委组织部干部监督室",
                  "address": "县行政中心4楼408室", "hours": "工作日8:30—12:00，14:30—18:00"},
        issuer="中共雷山县委组织部", issued_on=date(2025, 9, 26))


def main() -> None:
    fresh = [float(subprocess.run([sys.executable, "-c", FIRST_BUILD.format(root=str(ROOT))], check=True,
                                  capture_output=True, text=True).stdout) for _ in range(3)]
    from desktop_app.reports.notice_pdf import build_notice_pdf

    document, samples, stream = sample(), [], io.BytesIO()
    for _ in range(7):
        stream = io.BytesIO()
        began = time.perf_counter()
        build_notice_pdf(document, stream)
        samples.append(time.perf_counter() - began)
    from pypdf import PdfReader

    print(json.dumps({
        "machine": machine(), "names": NAMES, "pages": len(PdfReader(io.BytesIO(stream.getvalue())).pages),
        "bytes": len(stream.getvalue()),
        "first_build_in_fresh_process_s": round(statistics.median(fresh), 3),
        "build_median_s": round(statistics.median(samples), 3), "build_max_s": round(max(samples), 3),
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
