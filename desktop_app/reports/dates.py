"""Dates as official documents write them (成文日期): Arabic numerals, no zero padding.

Pure Python, so the GUI can show the same texts as the PDFs without loading reportlab. The
texts themselves are core's (clock.format_date_cn, months.month_label, workdays.period_text):
the screen, the command line and the printed page say a date the same way.
"""

from datetime import date

from desktop_app.core.clock import format_date_cn
from desktop_app.core.months import month_label
from desktop_app.core.workdays import period_text

DateLike = date | str


def as_date(value: DateLike) -> date:
    """A date from a `date` or an ISO text ("2025-09-26")."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def chinese_date(value: DateLike) -> str:
    """`2025-09-26` → "2025年9月26日"."""
    return format_date_cn(as_date(value))


def chinese_month(value: DateLike) -> str:
    """A month as a form prints it: "2025-09" (or any date in it) → "2025年9月"."""
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    return month_label(text[:7])


__all__ = ["DateLike", "as_date", "chinese_date", "chinese_month", "period_text"]
