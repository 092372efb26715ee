"""Benchmark: process start to roster shown, and each search keystroke on the roster.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py
(needs bench/out/county.kpdb and prefecture.kpdb: bench_roster_import.py writes them, or
this script does when they are missing). Prints JSON; copy the figures into bench/RESULTS.md.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, summary_ms, work_dir  # noqa: E402

STARTS = 7
# What operators type: pinyin initials, full pinyin, a surname, an ID number fragment, a unit.
QUERIES = ("zs", "wangming", "王", "5226", "李明", "zhangx", "19750")


def demo(name: str, scale: str) -> Path:
    path = work_dir() / f"{name}.kpdb"
    if not path.exists():
        from desktop_app.core.demo import write_demo

        write_demo(path, scale=scale)
    return path


def start_to_roster(path: Path) -> dict:
    """Median of STARTS cold-ish starts (the OS file cache stays warm, as on a used machine)."""
    samples, last = [], {}
    env = os.environ | {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                        "KAOPING_DATA_DIR": str(work_dir() / "data")}
    for _ in range(STARTS):
        copy = work_dir() / f"start-{path.name}"
        shutil.copyfile(path, copy)
        began = time.time()
        output = subprocess.run([sys.executable, str(Path(__file__).with_name("start_probe.py")), str(copy)],
                                capture_output=True, text=True, env=env, check=True).stdout
        last = json.loads(output.strip().splitlines()[-1])
        samples.append(last["shown_at"] - began)
    return summary_ms(samples) | {"rows": last["rows"], "matplotlib_loaded": last["matplotlib"],
                                  "reportlab_loaded": last["reportlab"]}


def keystrokes(path: Path) -> dict:
    """Each keystroke typed into the roster's search box: key event → filtered, repainted view."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from db import open_database
    from desktop_app.gui.app import application
    from desktop_app.gui.main_window import MainWindow

    app = application()
    window = MainWindow(open_database(path))
    window.resize(1366, 768)
    window.show()
    page = window.show_page("roster")
    app.processEvents()
    samples = []
    for query in QUERIES:
        for text in list(query) + ["\b"] * len(query):
            key = Qt.Key.Key_Backspace if text == "\b" else Qt.Key.Key_unknown
            event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, "" if text == "\b" else text)
            began = time.perf_counter()
            QApplication.sendEvent(page.search, event)
            page.view.viewport().repaint()
            samples.append(time.perf_counter() - began)
    window.close_database()
    return summary_ms(samples) | {"cadres": page.model.total}


def main() -> None:
    county, prefecture = demo("county", "county"), demo("prefecture", "prefecture")
    results = {
        "machine": machine(),
        "start_to_roster_county": start_to_roster(county),
        "start_to_roster_prefecture": start_to_roster(prefecture),
        "keystroke_prefecture": keystrokes(prefecture),
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
