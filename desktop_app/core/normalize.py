"""Normalising what operators type or paste: full-width characters, spaces, dates."""

import re
from datetime import date, datetime

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20  # ideographic space


def clean_text(value) -> str:
    """Full-width ASCII → half-width, all white space removed at the ends, runs folded."""
    if value is None:
        return ""
    text = str(value).translate(_FULL_WIDTH)
    return re.sub(r"\s+", " ", text).strip()


def clean_prose(value) -> str:
    """Text written as sentences (公示依据、事项、核查情况…): Chinese punctuation kept as typed,
    paragraphs kept (line ends made \\n, blank lines folded), spaces trimmed at line ends."""
    if value is None:
        return ""
    lines = [line.strip() for line in str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()


def clean_compact(value) -> str:
    """Like clean_text but with no inner spaces (names, ID numbers, phone numbers)."""
    return clean_text(value).replace(" ", "")


_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2})日?|月)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})?$"),
)


def parse_month(value) -> str | None:
    """'1975.03', '1975-03', '1975年3月', '197503', Excel dates → '1975-03'; None if not a month."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    parts = _date_parts(value)
    return f"{parts[0]:04d}-{parts[1]:02d}" if parts else None


def parse_day(value) -> str | None:
    """A date as 'YYYY-MM-DD'; a month alone is taken as its first day. None if not a date."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    parts = _date_parts(value)
    if not parts:
        return None
    year, month, day = parts[0], parts[1], parts[2] or 1
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _date_parts(value) -> tuple[int, int, int | None] | None:
    text = clean_compact(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            day = int(match.group(3)) if match.group(3) else None
            if 1900 <= year <= 2100 and 1 <= month <= 12:
                return year, month, day
    return None
