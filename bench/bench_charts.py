"""Benchmark: the four charts at prefecture size — 200 units, 8 quarters, 20,000 scores.

Measures, per chart, building the figure and exporting it as PNG at 200 dpi (as a PDF embeds
it), the median of repeated runs in one process; and the first chart in a fresh process
(importing matplotlib and registering the font included, as when the operator opens the chart
page for the first time).

Run:  .venv/bin/python bench/bench_charts.py
Prints JSON.
"""

import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402

UNITS, QUARTERS, SCORES, RUNS = 200, 8, 20_000, 3
TOWNS = "丹江西江永乐郎德大塘望丰达地方祥桃江排乐龙头城南"
NAMES = ["县教育和科技局（县委教育工作委员会办公室）", "县人力资源和社会保障局", "中共雷山县委组织部", "县财政局"]

FIRST_CHART = """
import sys, time
began = time.perf_counter()
sys.path.insert(0, {root!r})
from bench.bench_charts import sample
from desktop_app.charts.export import png_bytes
from desktop_app.charts.grades import grade_distribution
png_bytes(grade_distribution(sample()["units"][:100]))
print(time.perf_counter() - began)
"""


def sample() -> dict:
    """Synthetic data of a prefecture: fixed seed, so every run draws the same."""
    from desktop_app.charts.data import QuarterDistribution, UnitDistribution, quarter_label

    rng = random.Random(2025)
    names = [TOWNS[2 * (i % 10):2 * (i % 10) + 2] + f"镇{i}" if i % 3 else NAMES[i % 4] for i in range(UNITS)]
    units = [UnitDistribution(name, {"好": rng.randint(5, 30), "较好": rng.randint(20, 60), "一般": rng.randint(5, 25),
                                     "差": rng.randint(0, 4)}) for name in names]
    periods = [(2024 + q // 4, q % 4 + 1) for q in range(QUARTERS)]
    trend = [QuarterDistribution(y, q, {g: sum(u.count(g) for u in units) + rng.randint(-50, 50) for g in ("好", "较好")}
                                 | {"一般": 2500, "差": 150}) for y, q in periods]
    scores = [min(100.0, max(40.0, rng.gauss(84, 6))) for _ in range(SCORES)]
    averages = [[None if rng.random() < 0.03 else round(rng.uniform(72, 94), 2) for _ in periods] for _ in names]
    return {"units": units, "trend": trend, "scores": scores, "names": names,
            "quarters": [quarter_label(y, q) for y, q in periods], "averages": averages}


def charts(data: dict) -> dict:
    from desktop_app.charts.grades import county_trend, grade_distribution
    from desktop_app.charts.scores import score_histogram, unit_quarter_heatmap

    return {
        "distribution_200_units": lambda: grade_distribution(data["units"]),
        "trend_8_quarters": lambda: county_trend(data["trend"]),
        "histogram_20000_scores": lambda: score_histogram(data["scores"], thresholds={"好": 90, "较好": 80, "一般": 65}),
        "heatmap_200x8": lambda: unit_quarter_heatmap(data["names"], data["quarters"], data["averages"]),
    }


def main() -> None:
    fresh = [float(subprocess.run([sys.executable, "-c", FIRST_CHART.format(root=str(ROOT))], check=True,
                                  capture_output=True, text=True).stdout) for _ in range(3)]
    from desktop_app.charts.export import png_bytes, png_size

    results = {}
    for name, build in charts(sample()).items():
        builds, exports = [], []
        for _ in range(RUNS):
            began = time.perf_counter()
            figure = build()
            built = time.perf_counter()
            data = png_bytes(figure, dpi=200)
            builds.append(built - began)
            exports.append(time.perf_counter() - built)
        width, height = png_size(data)
        results[name] = {"build_median_s": round(statistics.median(builds), 3),
                         "png_200dpi_median_s": round(statistics.median(exports), 3),
                         "pixels": f"{width}×{height}", "png_bytes": len(data)}
    print(json.dumps({"machine": machine(), "runs": RUNS, "charts": results,
                      "first_chart_in_fresh_process_s": round(statistics.median(fresh), 3)},
                     ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
