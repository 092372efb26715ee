"""The working-day calendar (工作日历): which days are working days, and counting them.

A day is a working day (工作日) when the database's calendar table says so; else as the
State Council's schedule says, from the `chinesecalendar` package, for the years it knows
(法定节假日放假、周末调休上班); else when it is Monday to Friday — a guess (按周末推算).
A year is official (有正式安排) when the package knows it or the table holds at least one
of its days: operators type in (or import) a year's schedule once it is published.

Counting rule (七个工作日): a period of N working days starts on the start date if that is a
working day, else on the next working day, and ends on the N-th working day. A period that
touches a year without official data says so (`guessed_years`); the GUI and CLI warn.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop_app.core.clock import format_date_cn
from desktop_app.core.errors import RuleViolation, ValidationError
from desktop_app.core.normalize import clean_compact, parse_day

DAY_OFF = "休息日"
WORKING_DAY = "工作日"
DAY_KINDS = (DAY_OFF, WORKING_DAY)
MAKE_UP_LABEL = "调休上班"
MAX_WORKDAYS = 366
FIRST_YEAR, LAST_YEAR = 2000, 2099
LONGEST_BREAK = 60  # more days off in a row than any real schedule has: the table is wrong
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

DayLike = date | str


@dataclass(frozen=True)
class TableDay:
    """A day typed into (or imported to) the calendar table: kind 休息日 or 工作日, name e.g. 国庆节."""

    day: date
    kind: str
    name: str = ""

    @property
    def working(self) -> bool:
        return self.kind == WORKING_DAY

    def as_json(self) -> dict:
        return {"day": self.day.isoformat(), "kind": self.kind, "name": self.name}


@dataclass(frozen=True)
class WorkdayPeriod:
    """A period of `workdays` working days (e.g. a notice's 公示期) from `start`."""

    start: date
    first_day: date  # start, or the next working day after it
    end: date  # the N-th working day, counting first_day as the first
    workdays: int
    guessed_years: tuple[int, ...] = ()  # years touched with no official data (weekends only assumed)

    @property
    def n(self) -> int:
        return self.workdays

    @property
    def guessed(self) -> bool:
        return bool(self.guessed_years)

    @property
    def warning(self) -> str:
        return guess_warning(self.guessed_years)

    @property
    def text(self) -> str:
        """'2025年9月26日至10月11日（7个工作日）', as a notice prints its period."""
        return period_text(self.first_day, self.end, self.workdays)

    def as_json(self) -> dict:
        return {"start": self.start.isoformat(), "first_day": self.first_day.isoformat(),
                "end": self.end.isoformat(), "workdays": self.workdays,
                "guessed_years": list(self.guessed_years), "warning": self.warning}


class WorkCalendar:
    """Working days from the calendar table (which wins) and the official schedule."""

    def __init__(self, table_days: Iterable[TableDay] = ()):
        self._table = {entry.day: entry for entry in table_days}
        self._table_years = frozenset(day.year for day in self._table)

    # -- single days ---------------------------------------------------------------------
    def official_year(self, year: int) -> bool:
        """Whether `year`'s holidays are known (软件内置或已录入), not guessed from weekends."""
        return year in self._table_years or package_knows(year)

    def is_workday(self, day: DayLike) -> bool:
        day = _to_date(day)
        entry = self._table.get(day)
        if entry is not None:
            return entry.working
        official = _package_day(day)
        return official[0] if official else day.weekday() < 5

    def day_label(self, day: DayLike) -> str:
        """What the day is, when it is not an ordinary one: '国庆节', '调休上班', or ''."""
        day = _to_date(day)
        entry = self._table.get(day)
        if entry is not None:
            return entry.name or _plain_label(day, entry.working)
        official = _package_day(day)
        return official[1] if official else ""

    def table_day(self, day: DayLike) -> TableDay | None:
        return self._table.get(_to_date(day))

    # -- periods -------------------------------------------------------------------------
    def next_workday(self, day: DayLike) -> date:
        """`day` if it is a working day, else the first working day after it."""
        day = _to_date(day)
        for offset in range(LONGEST_BREAK + 1):
            candidate = day + timedelta(days=offset)
            if self.is_workday(candidate):
                return candidate
        raise RuleViolation(f"从{format_date_cn(day)}起连续{LONGEST_BREAK}多天都不是工作日，"
                            "请检查工作日历中录入的休息日。")

    def add_workdays(self, start: DayLike, n: int) -> WorkdayPeriod:
        """The period of `n` working days from `start` (公示期: 自起始日起N个工作日)."""
        start, n = as_day(start, "start", "起始日期"), validate_workdays(n)
        first_day = end = self.next_workday(start)
        for _ in range(n - 1):
            end = self.next_workday(end + timedelta(days=1))
        return WorkdayPeriod(start, first_day, end, n, self.guessed_years(start, end))

    def count_workdays(self, first: DayLike, last: DayLike) -> int:
        """Working days from `first` to `last`, both included (0 when last < first)."""
        first, last = _to_date(first), _to_date(last)
        return sum(self.is_workday(first + timedelta(days=i)) for i in range((last - first).days + 1))

    def workdays_remaining(self, today: DayLike, end: DayLike) -> int:
        """Working days left from `today` (included when it is one) to `end`; 0 after the end."""
        return self.count_workdays(today, end)

    def guessed_years(self, first: DayLike, last: DayLike) -> tuple[int, ...]:
        """Years between the two days (included) whose holidays are guessed from weekends."""
        first, last = _to_date(first), _to_date(last)
        return tuple(year for year in range(first.year, last.year + 1) if not self.official_year(year))


# -- the database table -------------------------------------------------------------------
def read_table_days(db, year: int | None = None) -> list[TableDay]:
    """The calendar table's live days (of `year` when given), in date order; malformed rows left out."""
    sql = "SELECT day, kind, name FROM calendar_days WHERE deleted = 0"
    params: list = []
    if year is not None:
        sql += " AND day LIKE ?"
        params.append(f"{int(year):04d}-%")
    found = []
    for day_text, kind, name in db.execute(sql + " ORDER BY day", params).fetchall():
        day = _iso_day_or_none(day_text)
        if day is not None and kind in DAY_KINDS:
            found.append(TableDay(day, kind, name or ""))
    return found


def load_calendar(db=None) -> WorkCalendar:
    """The working-day calendar of `db` (its table over the official schedule); without a
    database, the official schedule alone."""
    return WorkCalendar(read_table_days(db) if db is not None else ())


# -- the official schedule (chinesecalendar) ---------------------------------------------------
@functools.cache
def package_knows(year: int) -> bool:
    """Whether the bundled chinesecalendar has `year`'s official schedule (1.11.0: 2004–2026)."""
    import chinese_calendar

    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.cache
def _package_day(day: date) -> tuple[bool, str] | None:
    """(working day?, label) per the official schedule; None for a year it does not know."""
    if not package_knows(day.year):
        return None
    import chinese_calendar

    off, holiday = chinese_calendar.get_holiday_detail(day)
    if not off:
        return True, MAKE_UP_LABEL if holiday and day.weekday() >= 5 else ""
    return False, _holiday_names().get(holiday, "") if holiday else ""


@functools.cache
def _holiday_names() -> dict[str, str]:
    from chinese_calendar import Holiday

    return {holiday.value: holiday.chinese for holiday in Holiday}


def _plain_label(day: date, working: bool) -> str:
    if working and day.weekday() >= 5:
        return MAKE_UP_LABEL
    if not working and day.weekday() < 5:
        return DAY_OFF
    return ""


# -- validation and wording ---------------------------------------------------------------------
def as_day(value: DayLike, field: str = "day", what: str = "日期") -> date:
    """A date from a date or text (2025-09-26, 2025/9/26, 2025年9月26日, 20250926) in the
    years the calendar serves, or ValidationError."""
    value = _to_date(value, field, what)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError({field: f"{what}须在{FIRST_YEAR}年至{LAST_YEAR}年之间"})
    return value


def _to_date(value: DayLike, field: str = "day", what: str = "日期") -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_compact(value)
    parsed = parse_day(text) if _has_day_part(text) else None
    if parsed is None:
        raise ValidationError({field: f"{what}「{text}」不是有效的日期（应写作 2025-09-26）"})
    return date.fromisoformat(parsed)


def _has_day_part(text: str) -> bool:
    """A whole date, not just a month: three numbers, or eight digits in a row."""
    numbers = "".join(c if c.isdigit() else " " for c in text).split()
    return len(numbers) == 3 or (len(numbers) == 1 and len(numbers[0]) == 8)


def validate_workdays(n) -> int:
    """The number of working days of a period, 1 to 366."""
    if isinstance(n, bool) or not isinstance(n, int | str):
        raise ValidationError({"workdays": "工作日数须为整数"})
    try:
        number = int(clean_compact(n)) if isinstance(n, str) else n
    except ValueError:
        raise ValidationError({"workdays": f"工作日数「{n}」不是整数"}) from None
    if not 1 <= number <= MAX_WORKDAYS:
        raise ValidationError({"workdays": f"工作日数须在1至{MAX_WORKDAYS}之间"})
    return number


def guess_warning(years: Iterable[int]) -> str:
    """The warning for a result that assumed weekends only in `years` ('' when none)."""
    years = list(years)
    if not years:
        return ""
    named = "、".join(f"{year}年" for year in years)
    return (f"{named}的法定节假日和调休安排软件中没有，工作日历中也未录入，已只按周六、周日休息推算，"
            "结果可能不准确。请在工作日历中录入该年的放假安排后再核对。")


def day_cn(day: date, label: str = "") -> str:
    """'2025年10月11日（星期六，调休上班）'."""
    return f"{format_date_cn(day)}（{WEEKDAY_NAMES[day.weekday()]}{'，' + label if label else ''}）"


def date_range_cn(first: date, last: date) -> str:
    """'2025年9月26日至10月11日'; the year is repeated only when it changes."""
    tail = f"{last.month}月{last.day}日" if last.year == first.year else format_date_cn(last)
    return f"{format_date_cn(first)}至{tail}"


def period_text(start: DayLike, end: DayLike, workdays: int) -> str:
    """A notice period as printed (公示时间): '2025年9月26日至10月11日（7个工作日）'."""
    first, last = as_day(start), as_day(end)
    if last < first:
        raise ValueError(f"公示结束日期 {last} 早于开始日期 {first}")
    return f"{date_range_cn(first, last)}（{workdays}个工作日）"


def _iso_day_or_none(text) -> date | None:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


__all__ = [
    "DAY_OFF", "WORKING_DAY", "DAY_KINDS", "MAKE_UP_LABEL", "MAX_WORKDAYS", "TableDay", "WorkdayPeriod",
    "WorkCalendar", "read_table_days", "load_calendar", "package_knows", "as_day", "validate_workdays",
    "guess_warning", "day_cn", "date_range_cn", "period_text",
]
