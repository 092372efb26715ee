from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.idcard import InvalidIdNumber, check_digit, parse_id_number, upgrade_15


def test_known_number_from_the_standard():
    # The worked example of GB 11643-1999: 11010519491231002X, a woman born 1949-12-31.
    parsed = parse_id_number("11010519491231002X")
    assert parsed.birth == date(1949, 12, 31)
    assert parsed.gender == "女"
    assert parsed.birth_month == "1949-12"


def test_lower_case_x_and_spaces_are_accepted():
    assert parse_id_number(" 11010519491231002x ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("1101051949123100", "应为18位"),
        ("11010519491231002Y", "非法字符"),
        ("11010519491331002X", "不存在"),
        ("110105194912310021", "校验位不符"),
        ("11010518001231002X", "不合理"),
    ],
)
def test_invalid_numbers_have_chinese_reasons(number, reason):
    with pytest.raises(InvalidIdNumber, match=reason):
        parse_id_number(number)


def test_fifteen_digit_number_is_upgraded():
    assert upgrade_15("110105491231002") == "11010519491231002X"
    assert parse_id_number("110105491231002").number == "11010519491231002X"


birth_dates = st.dates(min_value=date(1930, 1, 1), max_value=date.today() - timedelta(days=1))


@given(area=st.integers(110000, 659999), birth=birth_dates, sequence=st.integers(0, 999))
def test_every_generated_number_validates_and_one_wrong_digit_fails(area, birth, sequence):
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    number = first17 + check_digit(first17)
    parsed = parse_id_number(number)
    assert parsed.birth == birth
    assert parsed.gender == ("男" if sequence % 2 else "女")
    wrong = first17 + ("0" if number[17] != "0" else "1")
    with pytest.raises(InvalidIdNumber):
        parse_id_number(wrong)
