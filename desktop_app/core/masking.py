"""Sensitive fields (身份证号、联系电话): masked by default everywhere they leave the database.

The one piece of code for lists, exports and PDFs. A value is shown in full only when the
operator asked for it (a checkbox or toggle that is off by default and never remembered, or
`--full-id` on the command line) and their role allows it (`permissions.may(role, "查看完整证件号")`).

- 身份证号: the first 4 and last 4 characters kept, 5226**********123X (the county's region
  code and the birth date are hidden; four characters at each end are enough to tell people apart).
- 电话: a mobile number keeps its first 3 and last 4 digits, 138****0000; a fixed line keeps its
  area code and last 4 digits, 0855-***1234; separators stay where they were.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.permissions import Operator, may, require

FULL_ACTION = "查看完整证件号"
MASK = "*"
ID_NUMBER_FIELDS = ("id_number",)
PHONE_FIELDS = ("phone",)
SENSITIVE_FIELDS = ID_NUMBER_FIELDS + PHONE_FIELDS
ID_NUMBER_HEADERS = ("身份证号", "公民身份号码", "证件号码")
PHONE_HEADERS = ("联系电话", "电话", "手机", "手机号码")
FULL_CHOICE_TEXT = "显示完整证件号和电话"
_MASKED_ID = re.compile(r"[0-9]{4}\*+[0-9]{3}[0-9Xx]")


def mask_id_number(text) -> str:
    """5226**********123X: the first 4 and last 4 kept; a value of 8 characters or fewer as it is."""
    text = "" if text is None else str(text)
    if len(text) <= 8:
        return text
    return text[:4] + MASK * (len(text) - 8) + text[-4:]


def mask_phone(text) -> str:
    """138****0000 (mobile), 0855-***1234 (fixed line with area code), ***1234 (local number).

    Only digits are hidden; the last 4 digits stay, and at most the first 3 digits of an 11-digit
    number or the area code before a '-'. A value of 4 digits or fewer is returned as it is.
    """
    text = "" if text is None else str(text)
    digits = [n for n, ch in enumerate(text) if ch.isdigit()]
    if len(digits) <= 4:
        return text
    head, _sep, _rest = text.partition("-")
    kept = set(digits[-4:])
    if "-" in text and head.strip().isdigit():
        kept |= set(range(len(head)))
    elif len(digits) >= 11:
        kept |= set(digits[:3])
    return "".join(ch if n in kept or not ch.isdigit() else MASK for n, ch in enumerate(text))


def is_masked_id_number(text) -> bool:
    """Whether `text` is an ID number masked by this module (5226**********123X)."""
    return bool(_MASKED_ID.fullmatch(str(text or "").strip()))


def may_see_full(operator: Operator) -> bool:
    """Whether the operator's role may see ID numbers and phones in full (管理员, 审核员)."""
    return may(operator.role, FULL_ACTION)


def shown_id_number(text, operator: Operator, full: bool) -> str:
    """The ID number as shown: in full only when asked (`full`) and the role allows, else masked."""
    return str(text or "") if full and may_see_full(operator) else mask_id_number(text)


def shown_phone(text, operator: Operator, full: bool) -> str:
    """The phone number as shown: in full only when asked (`full`) and the role allows, else masked."""
    return str(text or "") if full and may_see_full(operator) else mask_phone(text)


@dataclass(frozen=True)
class Disclosure:
    """How sensitive fields go out of one list, export or PDF: masked (the default) or in full.

    Made by `disclosure(operator, asked)`, which refuses (PermissionDenied) a request the role may
    not make, so code that holds a full Disclosure knows it was both asked for and allowed.
    """

    full: bool = False

    def id_number(self, text) -> str:
        return str(text or "") if self.full else mask_id_number(text)

    def phone(self, text) -> str:
        return str(text or "") if self.full else mask_phone(text)

    def field(self, field: str, value):
        """`value` of the record field `field` as shown: id_number and phone masked unless full."""
        if self.full or value in (None, ""):
            return value
        if field in ID_NUMBER_FIELDS:
            return mask_id_number(value)
        if field in PHONE_FIELDS:
            return mask_phone(value)
        return value


MASKED = Disclosure(False)


def disclosure(operator: Operator, asked: bool) -> Disclosure:
    """Full values when `asked` — refused (PermissionDenied, naming the role needed) when the
    operator's role may not see them; masked otherwise."""
    if asked:
        require(operator, FULL_ACTION)
        return Disclosure(True)
    return MASKED


def sensitive_headers(headers: Sequence[str]) -> tuple[str, ...]:
    """The column headers among `headers` that hold ID numbers or phone numbers."""
    return tuple(h for h in headers if str(h).strip() in ID_NUMBER_HEADERS + PHONE_HEADERS)


def export_statement(subject: str, count: int, headers: Sequence[str], *, full: bool) -> str:
    """What an export contains, said before it is written (导出说明), e.g.
    "将导出 1,515 名干部的姓名、单位、职务、出生年月……；身份证号和电话已隐去中间位数。"

    `subject` is the thing counted with its measure word ("名干部", "行"); `headers` are the
    columns the file will hold.
    """
    shown = [str(h) for h in headers if str(h).strip()]
    listed = "、".join(shown[:8]) + ("等" if len(shown) > 8 else "")
    lead = f"将导出 {count:,} {subject}的{listed}（共 {len(shown)} 项）"
    sensitive = sensitive_headers(shown)
    if not sensitive:
        return lead + "；不含身份证号和电话。"
    kinds = _sensitive_kinds(sensitive)
    if full:
        return lead + f"；含完整{kinds}，请妥善保管，不要随意传送或留在公用电脑上。"
    return lead + f"；{kinds}已隐去中间位数。"


def _sensitive_kinds(headers: Sequence[str]) -> str:
    ids = any(h.strip() in ID_NUMBER_HEADERS for h in headers)
    phones = any(h.strip() in PHONE_HEADERS for h in headers)
    return "身份证号和电话" if ids and phones else ("身份证号" if ids else "电话")


__all__ = ["FULL_ACTION", "FULL_CHOICE_TEXT", "SENSITIVE_FIELDS", "Disclosure", "MASKED", "disclosure",
           "mask_id_number", "mask_phone", "is_masked_id_number", "may_see_full", "shown_id_number",
           "shown_phone", "sensitive_headers", "export_statement"]
