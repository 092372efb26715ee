"""The working-day calendar (工作日历): official schedule, the table that wins over it, counting
N working days, and the warning for years without official data."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.calendar_days import clear_day, clear_days, list_days, set_day, set_days, validate_day
from desktop_app.core.errors import ValidationError
from desktop_app.core.natural_ids import calendar_day_id
from desktop_app.core.workdays import (
    DAY_OFF,
    WORKING_DAY,
    TableDay,
    WorkCalendar,
    load_calendar,
    package_knows,
)

OFFICIAL = WorkCalendar()


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(first: str, last: str) -> list[date]:
    return [d(first) + timedelta(days=i) for i in range((d(last) - d(first)).days + 1)]


# -- the official schedule -------------------------------------------------------------------------
def test_national_day_2025_with_its_make_up_working_days():
    """2025: 10月1日至8日放假, 9月28日（周日）、10月11日（周六）上班."""
    period = OFFICIAL.add_workdays("2025-09-26", 7)
    assert (period.first_day, period.end, period.guessed_years) == (d("2025-09-26"), d("2025-10-11"), ())
    assert period.text == "2025年9月26日至10月11日（7个工作日）"
    assert [day for day in days("2025-09-26", "2025-10-11") if OFFICIAL.is_workday(day)] == [
        d("2025-09-26"), d("2025-09-28"), d("2025-09-29"), d("2025-09-30"),
        d("2025-10-09"), d("2025-10-10"), d("2025-10-11")]
    assert not any(OFFICIAL.is_workday(day) for day in days("2025-10-01", "2025-10-08"))
    assert (OFFICIAL.day_label("2025-10-01"), OFFICIAL.day_label("2025-09-28"),
            OFFICIAL.day_label("2025-10-11"), OFFICIAL.day_label("2025-09-26")) == ("国庆节", "调休上班", "调休上班", "")
    assert OFFICIAL.day_label("2025-09-27") == ""  # an ordinary Saturday


def test_the_period_agrees_with_the_package_day_by_day():
    import chinese_calendar

    period = OFFICIAL.add_workdays("2025-09-26", 7)
    working = [day for day in days("2025-09-26", "2025-10-11") if chinese_calendar.is_workday(day)]
    assert len(working) == 7 and working[-1] == period.end


def test_spring_festival_2026():
    """2026: 2月15日至23日放假, 2月14日（周六）、2月28日（周六）上班."""
    period = OFFICIAL.add_workdays("2026-02-13", 7)
    assert (period.first_day, period.end, period.guessed) == (d("2026-02-13"), d("2026-02-28"), False)
    assert not any(OFFICIAL.is_workday(day) for day in days("2026-02-15", "2026-02-23"))
    assert OFFICIAL.is_workday("2026-02-14") and OFFICIAL.is_workday("2026-02-28")
    assert OFFICIAL.day_label("2026-02-17") == "春节"
    assert OFFICIAL.count_workdays("2026-02-01", "2026-02-28") == 16  # 20 weekdays − 6 off + 2 make-up


def test_a_start_on_a_holiday_begins_on_the_next_working_day():
    period = OFFICIAL.add_workdays("2025-10-01", 7)
    assert (period.start, period.first_day, period.end) == (d("2025-10-01"), d("2025-10-09"), d("2025-10-16"))
    assert OFFICIAL.add_workdays("2025-09-27", 1).first_day == d("2025-09-28")  # Saturday → make-up Sunday
    assert OFFICIAL.add_workdays("2026-02-14", 1).end == d("2026-02-14")  # a make-up Saturday counts itself


def test_a_2027_period_is_guessed_and_says_so():
    assert package_knows(2026) and not package_knows(2027)
    period = OFFICIAL.add_workdays("2027-03-01", 7)
    assert period.guessed_years == (2027,) and period.guessed
    assert "2027年" in period.warning and "推算" in period.warning
    assert period.end == d("2027-03-09")  # weekends only
    across = OFFICIAL.add_workdays("2026-12-28", 7)
    assert across.guessed_years == (2027,)
    assert across.as_json()["warning"] == across.warning
    inside = OFFICIAL.add_workdays("2026-12-01", 5)
    assert inside.guessed_years == () and inside.warning == ""


def test_working_days_remaining_in_a_notice_period():
    end = "2025-10-11"
    assert OFFICIAL.workdays_remaining("2025-09-26", end) == 7
    assert OFFICIAL.workdays_remaining("2025-10-03", end) == 3  # a holiday: 9, 10, 11 are left
    assert OFFICIAL.workdays_remaining("2025-10-11", end) == 1
    assert OFFICIAL.workdays_remaining("2025-10-12", end) == 0


@pytest.mark.parametrize(("start", "n", "said"), [
    ("2025-09-26", 0, "工作日数须在1至366之间"),
    ("2025-09-26", 367, "工作日数须在1至366之间"),
    ("2025-09-26", True, "工作日数须为整数"),
    ("2025-09-26", "七", "不是整数"),
    ("2025-13-01", 7, "起始日期「2025-13-01」不是有效的日期"),
    ("2025-10", 7, "不是有效的日期"),
    ("明天", 7, "不是有效的日期"),
    ("1899-01-02", 7, "不是有效的日期"),
    (date(2150, 1, 1), 7, "须在2000年至2099年之间"),
])
def test_bad_start_or_count_is_refused_in_chinese(start, n, said):
    with pytest.raises(ValidationError, match=said):
        OFFICIAL.add_workdays(start, n)


def test_dates_may_be_written_the_chinese_way():
    assert OFFICIAL.add_workdays("2025年9月26日", "7").end == d("2025-10-11")
    assert OFFICIAL.add_workdays("2025/9/26", 7).end == d("2025-10-11")
    assert OFFICIAL.add_workdays("20250926", 7).end == d("2025-10-11")


def test_a_table_with_every_day_off_is_refused_not_looped_on():
    calendar = WorkCalendar(TableDay(day, DAY_OFF) for day in days("2027-01-01", "2027-12-31"))
    with pytest.raises(Exception, match="都不是工作日"):
        calendar.add_workdays("2027-03-01", 1)


# -- the table wins over the package --------------------------------------------------------------------
def test_the_table_overrides_the_package(store):
    assert load_calendar(store.db).add_workdays("2026-10-08", 3).end == d("2026-10-10")
    changes = set_day(store, "2026-10-09", "休", "国庆延休")
    assert changes.count == 1 and changes.note == "工作日历：2026年10月9日设为休息日（国庆延休）"
    calendar = load_calendar(store.db)
    assert not calendar.is_workday("2026-10-09") and calendar.day_label("2026-10-09") == "国庆延休"
    assert calendar.add_workdays("2026-10-08", 3).end == d("2026-10-12")
    set_day(store, "2026-10-17", "班")  # a Saturday made a working day, without a name
    calendar = load_calendar(store.db)
    assert calendar.is_workday("2026-10-17") and calendar.day_label("2026-10-17") == "调休上班"
    clear_day(store, "2026-10-09")
    assert load_calendar(store.db).is_workday("2026-10-09")
    assert [(e.day.isoformat(), e.kind) for e in list_days(store.db, 2026)] == [("2026-10-17", WORKING_DAY)]


def test_typing_in_a_year_makes_it_official(store):
    """2027 国庆 as the State Council might publish it: 10月1日至7日放假, 9月26日、10月9日上班."""
    for day in days("2027-10-01", "2027-10-07"):
        set_day(store, day, "休息日", "国庆节")
    set_day(store, "2027-09-26", "工作日", "国庆调休")
    set_day(store, "2027-10-09", "工作日", "国庆调休")
    calendar = load_calendar(store.db)
    period = calendar.add_workdays("2027-09-24", 8)
    assert period.guessed_years == ()
    assert period.end == d("2027-10-09")  # 24, 26 (Sunday), 27, 28, 29, 30, 10月8日, 9日 (Saturday)
    assert calendar.official_year(2027) and not calendar.official_year(2028)
    assert calendar.add_workdays("2027-12-27", 7).guessed_years == (2028,)


def test_setting_a_day_again_is_one_record_and_deleted_days_do_not_count(store):
    set_day(store, "2027-05-03", "休", "劳动节")
    set_day(store, "2027-05-03", "休", "劳动节")  # the same again: nothing written
    set_day(store, "2027-05-03", "班")
    clear_day(store, "2027-05-03")
    rows = store.db.execute("SELECT id, deleted FROM calendar_days").fetchall()
    assert rows == [(calendar_day_id("2027-05-03"), 1)]
    assert not load_calendar(store.db).official_year(2027)
    assert clear_day(store, "2027-05-03").empty
    set_day(store, "2027-05-03", "休", "劳动节")  # brought back
    assert list_days(store.db, 2027)[0].name == "劳动节"


def test_undoing_a_set_day(store):
    changes = set_day(store, "2026-10-09", "休")
    store.undo(changes.batch_id)
    assert list_days(store.db, 2026) == [] and load_calendar(store.db).is_workday("2026-10-09")


def test_a_run_of_days_is_one_batch_and_one_undo_step(store):
    """The GUI sets 国庆 (7 days) at once: one batch, one undo step; a bad day writes nothing."""
    changes = set_days(store, days("2027-10-01", "2027-10-07"), "休", "国庆节")
    assert changes.count == 7 and changes.note == "工作日历：2027年10月1日至10月7日设为休息日（国庆节）"
    assert len(list_days(store.db, 2027)) == 7
    with pytest.raises(ValidationError, match="不是有效的日期"):
        set_days(store, ["2027-10-08", "2027-02-30"], "休")
    assert len(list_days(store.db, 2027)) == 7
    cleared = clear_days(store, ["2027-10-07", "2027-10-05", "2027-10-09"])  # 10-09 was never entered
    assert cleared.count == 2 and cleared.note == "工作日历：清除2027年10月5日等3天的录入"
    assert [e.day.day for e in list_days(store.db, 2027)] == [1, 2, 3, 4, 6]
    store.undo(cleared.batch_id)
    assert [e.day.day for e in list_days(store.db, 2027)] == [1, 2, 3, 4, 5, 6, 7]
    with pytest.raises(ValidationError, match="缺少日期"):
        set_days(store, [], "休")


@pytest.mark.parametrize(("day", "kind", "name", "said"), [
    ("", "休", "", "缺少日期"),
    ("2027-02-30", "休", "", "不是有效的日期"),
    ("2027-10-01", "", "", "缺少类型"),
    ("2027-10-01", "半天", "", "类型「半天」无法识别"),
    ("2027-10-01", "休", "国" * 21, "名称过长"),
])
def test_a_bad_entry_is_refused_in_chinese(day, kind, name, said):
    with pytest.raises(ValidationError, match=said):
        validate_day(day, kind, name)


def test_kind_aliases():
    assert {validate_day("2027-10-01", kind).kind for kind in ("休", "休息日", "放假", " 休 ")} == {DAY_OFF}
    assert {validate_day("2027-10-09", kind).kind for kind in ("班", "工作日", "上班")} == {WORKING_DAY}


# -- the counting rule, for any start, any N and any table -------------------------------------------------
table_entry = st.builds(
    TableDay,
    st.dates(min_value=date(2026, 6, 1), max_value=date(2028, 6, 30)),
    st.sampled_from([DAY_OFF, WORKING_DAY]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), st.integers(1, 366),
       st.lists(table_entry, max_size=20))
def test_n_working_days_end_on_a_working_day(start, n, entries):
    calendar = WorkCalendar(entries)
    period = calendar.add_workdays(start, n)
    assert calendar.is_workday(period.end) and calendar.is_workday(period.first_day)
    assert calendar.count_workdays(period.first_day, period.end) == n
    assert calendar.count_workdays(start, period.first_day - timedelta(days=1)) == 0
    assert calendar.workdays_remaining(period.first_day, period.end) == n
    assert set(period.guessed_years) == {y for y in range(start.year, period.end.year + 1)
                                         if not calendar.official_year(y)}
