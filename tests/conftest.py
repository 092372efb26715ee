"""Shared fixtures: real SQLite files in tmp_path, a fixed clock, Qt headless."""

import os
import tempfile  # noqa: E402
from datetime import datetime, timedelta, timezone

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["KAOPING_DATA_DIR"] = tempfile.mkdtemp(prefix="kaoping-test-data-")

from db import open_database  # noqa: E402
from desktop_app.core.store import RecordStore  # noqa: E402

TZ = timezone(timedelta(hours=8))


class StepClock:
    """A clock that starts at a fixed moment and advances one second per call."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "office.kpdb"


@pytest.fixture
def office_db(db_path):
    db = open_database(db_path, create=True, office_name="雷山县委组织部")
    yield db
    db.close()


@pytest.fixture
def store(office_db):
    return RecordStore(office_db, operator="测试员", clock=StepClock())
