"""Columns of the roster workbook (干部名册表头) and how their cells read and write.

Shared by import and export, so what export writes is exactly what import reads back.
"""

import re
from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

from desktop_app.core.normalize import clean_compact, clean_text

# (field, header) in the order export writes them.
COLUMNS = (
    ("name", "姓名"), ("gender", "性别"), ("ethnicity", "民族"), ("birth_month", "出生年月"),
    ("id_number", "身份证号"), ("political_status", "政治面貌"), ("education", "学历"),
    ("unit_name", "单位"), ("title", "职务"), ("post_type", "岗位类别"), ("rank", "职级"),
    ("start_date", "任现职时间"), ("phone", "联系电话"),
)
HEADERS = dict(COLUMNS)
CADRE_FIELDS = ("name", "gender", "ethnicity", "birth_month", "id_number", "political_status", "education",
                "phone")
POST_FIELDS = ("unit_name", "title", "post_type", "rank", "start_date")
REQUIRED_FIELDS = ("name", "unit_name", "title")
DATE_FIELDS = ("birth_month", "start_date")

# Header variants met in county rosters (compared after removing spaces, full-width
# characters, "*" marks and a trailing remark in brackets such as "（18位）").
_ALIASES = {
    "name": ("干部姓名",),
    "birth_month": ("出生日期", "出生年月日", "出生时间"),
    "id_number": ("身份证号码", "公民身份号码", "公民身份证号", "公民身份证号码", "身份证"),
    "education": ("文化程度", "最高学历"),
    "unit_name": ("工作单位", "所在单位", "单位名称"),
    "title": ("现任职务", "现职务"),
    "post_type": ("岗位类型",),
    "rank": ("现职级",),
    "start_date": ("任现职务时间", "任现职日期", "任现职务日期", "任职时间", "现职时间"),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
}
_HEADER_FIELDS = {text: field for field, header in COLUMNS for text in (header, *_ALIASES.get(field, ()))}

ID_NUMBER_AS_NUMBER = "身份证号在Excel中被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写"


def header_field(value) -> str | None:
    """The field a header cell names ('身份证号码' → 'id_number'), or None."""
    key = re.sub(r"[*:]", "", clean_compact(value))
    key = re.sub(r"\(.*\)$", "", key)
    return _HEADER_FIELDS.get(key)


def cell_text(value) -> str:
    """Any cell as normalised text; whole numbers lose their '.0', dates read as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return _iso_day(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def date_cell_text(value) -> str:
    """A date cell as text that parse_month / parse_day understand.

    Numbers are read carefully: 1975.1 typed in a number cell means 1975.10 (October), so
    fractions keep two decimals; 10000–99999 is an Excel day number; 197503 stays as is.
    """
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float) and 10000 <= value < 100000:
        return _iso_day(from_excel(value))
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return cell_text(value)


def id_number_cell(value) -> tuple[str, str]:
    """(text, problem) of an ID number cell; a long number in a number cell has lost digits."""
    if isinstance(value, float) and value >= 1e15:
        return f"{value:.0f}", ID_NUMBER_AS_NUMBER
    return cell_text(value), ""


def match_key(text: str) -> str:
    """How unit names and titles are compared: spaces and full-width forms do not count."""
    return clean_compact(text)


def month_for_sheet(birth_month: str) -> str:
    """'1975-03' → '1975.03', the way county rosters write 出生年月."""
    return birth_month.replace("-", ".")


_TOWNSHIP_GOVERNMENT = re.compile(r"(人民政府|党委|政府)$")
_DEPARTMENT_SUFFIXES = ("局", "委", "办", "院", "所", "部", "中心", "处", "室", "会", "站", "队", "馆", "社",
                        "团", "联", "政府", "组", "机关", "党校")


def guess_unit_kind(name: str) -> str:
    """单位类别 of a unit first met in an import: 乡镇, 街道, 县直部门 or 其他."""
    base = _TOWNSHIP_GOVERNMENT.sub("", name)
    if base.endswith(("镇", "乡")):
        return "乡镇"
    if re.search(r"街道(办事处|办)?$", name):
        return "街道"
    if name.endswith(_DEPARTMENT_SUFFIXES):
        return "县直部门"
    return "其他"


def _iso_day(value: date | datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
