"""Dates as official documents write them (成文日期): Arabic numerals, no zero padding.

Pure Python, so the GUI can show the same texts as the PDFs without loading reportlab.
"""

from datetime import date

DateLike = date | str


def as_date(value: DateLike) -> date:
    """A date from a `date` or an ISO text ("2025-09-26")."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def chinese_date(value: DateLike) -> str:
    """`2025-09-26` → "2025年9月26日"."""
    day = as_date(value)
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month(value: DateLike) -> str:
    """A month as a form prints it: "2025-09" (or any date in it) → "2025年9月"."""
    if isinstance(value, str) and len(value.strip()) == 7:
        value = value.strip() + "-01"
    day = as_date(value)
    return f"{day.year}年{day.month}月"


def period_text(start: DateLike, end: DateLike, workdays: int) -> str:
    """A notice period (公示时间): "2025年9月26日至10月11日（7个工作日）".

    The end date omits the year when it is the start's year and keeps it across a new year.
    """
    first, last = as_date(start), as_date(end)
    if last < first:
        raise ValueError(f"公示结束日期 {last} 早于开始日期 {first}")
    ending = chinese_date(last) if last.year != first.year else f"{last.month}月{last.day}日"
    return f"{chinese_date(first)}至{ending}（{workdays}个工作日）"
