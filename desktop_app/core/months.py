"""Months (月份) as the reports count them: 'YYYY-MM', shown as 2026年3月."""

import calendar
import re
from datetime import date

from desktop_app.core.errors import ValidationError
from desktop_app.core.normalize import clean_text

_MONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")


def validate_month(value) -> str:
    """'2026-03' from '2026-03', '2026.3', '2026年3月'; ValidationError otherwise."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    match = _MONTH.match(clean_text(value))
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        raise ValidationError({"month": f"月份格式不对：{value}（例：2026-03 或 2026年3月）"})
    return f"{int(match[1]):04d}-{int(match[2]):02d}"


def month_label(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def last_day(month: str) -> int:
    return calendar.monthrange(int(month[:4]), int(month[5:7]))[1]


def month_of(day: str) -> str:
    return day[:7]


def previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included."""
    months, year, number = [], int(first[:4]), int(first[5:7])
    while f"{year:04d}-{number:02d}" <= last:
        months.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return months


__all__ = ["validate_month", "month_label", "last_day", "month_of", "months_between", "previous_month", "next_month"]
