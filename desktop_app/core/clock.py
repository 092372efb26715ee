"""Time stamps. One function, so tests and the demo writer can fix the clock."""

from collections.abc import Callable
from datetime import date, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now().astimezone()


def stamp(moment: datetime) -> str:
    """ISO 8601 with seconds and UTC offset, e.g. 2026-11-24T16:42:13+08:00."""
    return moment.isoformat(timespec="seconds")


def today_iso(clock: Clock = system_clock) -> str:
    return clock().date().isoformat()


def format_date_cn(value: str | date) -> str:
    """2025-09-26 → 2025年9月26日 (GB/T 9704: Arabic numerals, not zero-padded)."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.year}年{day.month}月{day.day}日"
