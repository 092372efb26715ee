"""The demo database (演示数据库): a deterministic, realistic county or prefecture.

`write_demo(path, scale=…, seed=…)` writes a new office database whose every record
goes through the one write path (RecordStore) in one batch, by the operator 演示数据,
with a fixed clock and record ids drawn from the seed: the same scale and seed give the
same content. The file is written under a temporary name and renamed when complete, so
a failure leaves no half-written database (and an overwritten one stays intact).
"""

import os
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from db import open_database
from db.errors import DatabaseError, DatabaseLocked
from desktop_app.core.demo.people import new_uuid
from desktop_app.core.demo.steps import SCALES, STEPS, DemoFacts, Progress, Scale
from desktop_app.core.store import RecordStore

OPERATOR = "演示数据"
BATCH_NOTE = "生成演示数据"
CLOCK_START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=8)))


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    office: str
    scale: str
    seed: int
    units: int
    cadres: int
    posts: int
    statuses: dict = field(default_factory=dict)  # cadres per status (在职/退休/调离), most first
    written: dict = field(default_factory=dict)  # records per table (单位、干部、任职、实绩报告、公示…)


class DemoClock:
    """Fixed start, 50 ms further on each call: time stamps repeat with the seed."""

    def __init__(self, start: datetime = CLOCK_START, step: timedelta = timedelta(milliseconds=50)):
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        moment = self.now
        self.now += self.step
        return moment


def write_demo(path, *, scale: str = "county", seed: int = 1, progress=None,
               overwrite: bool = False) -> DemoSummary:
    """Write the demo database at `path` (scale county, prefecture). `progress(done, total,
    text)` is called now and then. An existing file is replaced only with `overwrite`."""
    plan = _scale(scale)
    target = Path(path)
    if target.exists() and not overwrite:
        raise DatabaseError(f"文件已存在，未覆盖：{target}")
    if not target.parent.is_dir():
        raise DatabaseError(f"文件夹不存在：{target.parent}")
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        facts = _write(partial, plan, seed, progress)
        _install(partial, target)
    finally:
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    statuses = dict(Counter(person.status for person in facts.people).most_common())
    return DemoSummary(target, plan.office, plan.name, seed, facts.written["units"], facts.written["cadres"],
                       facts.written["posts"], statuses, dict(facts.written))


def _scale(name: str) -> Scale:
    if name not in SCALES:
        raise DatabaseError(f"演示规模须为：county（县）或 prefecture（州），不认识“{name}”")
    return SCALES[name]


def _write(path: Path, plan: Scale, seed: int, callback) -> DemoFacts:
    rng = random.Random(f"kaoping-demo/{plan.name}/{seed}")
    progress = Progress(callback, sum(step.size(plan) for step in STEPS))
    db = open_database(path, create=True, office_name=plan.office, office_id=new_uuid(rng))
    try:
        store = RecordStore(db, operator=OPERATOR, clock=DemoClock())
        facts = DemoFacts(plan, seed, progress)
        with store.batch(BATCH_NOTE, batch_id=new_uuid(rng)):
            for step in STEPS:
                step.run(store, rng, facts)
    finally:
        db.close()
    _fsync(path)
    progress.finish("演示数据已生成")
    return facts


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _install(partial: Path, target: Path) -> None:
    """Rename the finished file over `target`; an existing target must not be in use, and its
    stale -wal/-shm files go with it (SQLite would otherwise apply them to the new file)."""
    if not target.exists():
        os.replace(partial, target)
        return
    lock = FileLock(f"{target}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout as error:
        raise DatabaseLocked(f"{target.name} 正在被考评台使用，不能覆盖。请先关闭它。") from error
    try:
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(partial, target)
    finally:
        lock.release()


__all__ = ["DemoSummary", "SCALES", "write_demo"]
