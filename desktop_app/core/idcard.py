"""Resident ID numbers (公民身份号码, GB 11643-1999): validation, upgrade, facts
(masking: core.masking)."""

from dataclasses import dataclass
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class IdNumber:
    """A valid 18-digit ID number and what it says about its holder."""

    number: str
    birth: date
    gender: str  # 男 / 女

    @property
    def birth_month(self) -> str:
        return f"{self.birth.year:04d}-{self.birth.month:02d}"


class InvalidIdNumber(ValueError):
    """Carries a Chinese reason, e.g. 身份证号校验位不符."""


def check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def upgrade_15(number: str) -> str:
    """A 15-digit (1980s) number as 18 digits: century 19 inserted, check digit added."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_digit(first17)


def parse_id_number(text: str) -> IdNumber:
    """Validate `text` (already normalised to half-width) or raise InvalidIdNumber."""
    number = text.strip().upper()
    if len(number) == 15:
        if not number.isdigit():
            raise InvalidIdNumber("15位身份证号只能由数字组成")
        number = upgrade_15(number)
    if len(number) != 18:
        raise InvalidIdNumber(f"身份证号应为18位，实为{len(text.strip())}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber("身份证号含有非法字符（前17位须为数字，末位为数字或X）")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as error:
        raise InvalidIdNumber(f"身份证号中的出生日期 {number[6:14]} 不存在") from error
    if birth.year < 1900 or birth > date.today():
        raise InvalidIdNumber(f"身份证号中的出生日期 {number[6:14]} 不合理")
    if check_digit(number[:17]) != number[17]:
        raise InvalidIdNumber("身份证号校验位不符（可能有数字录错）")
    gender = "男" if int(number[16]) % 2 else "女"
    return IdNumber(number, birth, gender)

