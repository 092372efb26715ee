"""Shared helpers of the benchmarks: a work folder, a timer, the machine description."""

import os
import platform
import statistics
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def work_dir() -> Path:
    OUT.mkdir(exist_ok=True)
    return OUT


@contextmanager
def timed(results: dict, key: str):
    start = time.perf_counter()
    yield
    results[key] = round(time.perf_counter() - start, 3)


def summary_ms(samples: list[float]) -> dict:
    ms = sorted(s * 1000 for s in samples)
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 1), "max_ms": round(ms[-1], 1),
            "p90_ms": round(ms[int(len(ms) * 0.9) - 1 if len(ms) > 1 else 0], 1)}


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.split("\n")[1].split()[1]
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {memory} GiB, "
            f"Python {platform.python_version()}")
