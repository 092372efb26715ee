from datetime import date, datetime

import pytest

from desktop_app.core.normalize import clean_compact, clean_text, parse_day, parse_month
from desktop_app.core.pinyin import name_pinyin


@pytest.mark.parametrize(
    ("value", "month"),
    [("1975.03", "1975-03"), ("1975-03", "1975-03"), ("1975年3月", "1975-03"), ("197503", "1975-03"),
     ("１９７５．０３", "1975-03"), ("1975/3/5", "1975-03"), (datetime(1975, 3, 9), "1975-03"),
     (date(1975, 3, 9), "1975-03"), ("1975.13", None), ("明年", None), ("", None)],
)
def test_parse_month(value, month):
    assert parse_month(value) == month


def test_parse_day_takes_first_of_month_and_refuses_impossible_dates():
    assert parse_day("2021.03") == "2021-03-01"
    assert parse_day("2021年3月8日") == "2021-03-08"
    assert parse_day("2021-02-30") is None


def test_full_width_and_spaces():
    assert clean_text("　ＡＢ１２  镇 ") == "AB12 镇"
    assert clean_compact(" 5226 3419 ") == "52263419"
    assert clean_text(None) == ""


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [("张三", "zhangsan", "zs"), ("王镕", "wangrong", "wr"), ("单昇", "shansheng", "ss"),
     ("曾珺", "zengjun", "zj"), ("欧阳赟", "ouyangyun", "oyy")],
)
def test_name_pinyin(name, full, initials):
    assert name_pinyin(name) == (full, initials)
