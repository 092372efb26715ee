"""Sensitive fields masked by default (core.masking): the one masking code, the role check and the
export statement."""

import pytest

from desktop_app.core.errors import PermissionDenied
from desktop_app.core.masking import (
    MASKED,
    Disclosure,
    disclosure,
    export_statement,
    is_masked_id_number,
    mask_id_number,
    mask_phone,
    may_see_full,
    shown_id_number,
    shown_phone,
)
from desktop_app.core.permissions import ROLES, Operator

ID = "52263419800101123X"


def test_an_id_number_keeps_four_at_each_end():
    assert mask_id_number(ID) == "5226**********123X"
    assert mask_id_number("110105491231002") == "1101*******1002"  # an old 15-digit number
    assert mask_id_number("") == "" and mask_id_number(None) == "" and mask_id_number("12345678") == "12345678"
    assert is_masked_id_number(mask_id_number(ID)) and not is_masked_id_number(ID)


@pytest.mark.parametrize(("phone", "masked"), [
    ("13800000000", "138****0000"),
    ("0855-3331234", "0855-***1234"),
    ("3331234", "***1234"),
    ("138 0000 1234", "138 **** 1234"),
    ("12380", "*2380"),
    ("1234", "1234"),
    ("", ""),
])
def test_a_phone_keeps_its_prefix_and_last_four_digits(phone, masked):
    assert mask_phone(phone) == masked


def test_only_reviewers_and_administrators_may_see_full_values():
    allowed = {role for role in ROLES if may_see_full(Operator("某人", role))}
    assert allowed == {"管理员", "审核员"}


@pytest.mark.parametrize("role", ROLES)
def test_full_values_need_both_the_role_and_the_request(role):
    operator = Operator("某人", role)
    allowed = role in ("管理员", "审核员")
    assert shown_id_number(ID, operator, full=False) == "5226**********123X"
    assert shown_phone("13800000000", operator, full=False) == "138****0000"
    assert shown_id_number(ID, operator, full=True) == (ID if allowed else "5226**********123X")
    assert shown_phone("13800000000", operator, full=True) == ("13800000000" if allowed else "138****0000")
    assert disclosure(operator, asked=False) is MASKED
    if allowed:
        assert disclosure(operator, asked=True) == Disclosure(True)
    else:
        with pytest.raises(PermissionDenied, match="审核员或管理员"):
            disclosure(operator, asked=True)


def test_a_disclosure_masks_the_sensitive_fields_of_a_record_only():
    masked = {field: MASKED.field(field, value) for field, value in
              {"id_number": ID, "phone": "13800000000", "name": "张三", "unit_id": "u1"}.items()}
    assert masked == {"id_number": "5226**********123X", "phone": "138****0000", "name": "张三", "unit_id": "u1"}
    assert Disclosure(True).field("id_number", ID) == ID and MASKED.field("phone", None) is None


def test_the_export_statement_says_what_the_file_holds():
    headers = ["姓名", "性别", "民族", "出生年月", "身份证号", "政治面貌", "学历", "单位", "职务", "联系电话"]
    masked = export_statement("名干部", 1515, headers, full=False)
    assert masked == ("将导出 1,515 名干部的姓名、性别、民族、出生年月、身份证号、政治面貌、学历、单位等（共 10 项）"
                      "；身份证号和电话已隐去中间位数。")
    full = export_statement("名干部", 1515, headers, full=True)
    assert full.endswith("；含完整身份证号和电话，请妥善保管，不要随意传送或留在公用电脑上。")
    assert export_statement("行", 3, ["单位", "得分"], full=False) == "将导出 3 行的单位、得分（共 2 项）；不含身份证号和电话。"
    assert export_statement("行", 3, ["姓名", "身份证号"], full=False).endswith("；身份证号已隐去中间位数。")
