"""报送截止日: only 管理员 may change it once the database has operator accounts; who set it and when
is kept beside the value (core.meta_settings)."""

import pytest
from operator_accounts import fixed_clock

from desktop_app.core.errors import PermissionDenied
from desktop_app.core.operators import create_first_admin
from desktop_app.core.permissions import Operator
from desktop_app.core.report_gaps import due_day_change, due_day_setting, set_due_day


def test_an_unprotected_database_takes_the_due_day_as_before(office_db):
    assert due_day_change(office_db).note == ""  # the default: never set
    set_due_day(office_db, 25, clock=fixed_clock)
    assert due_day_setting(office_db) == 25
    assert due_day_change(office_db).note == "（2026-03-02 09:00 设置）"


@pytest.mark.parametrize("role", ["审核员", "录入员", "只读"])
def test_only_an_administrator_changes_it_once_there_are_accounts(office_db, role):
    create_first_admin(office_db, "王芳", "wangfang2026", fixed_clock)
    with pytest.raises(PermissionDenied, match=f"角色是{role}，无权修改规则方案（报送截止日）：须由管理员操作"):
        set_due_day(office_db, 25, Operator("某人", role), fixed_clock)
    with pytest.raises(PermissionDenied, match="须以管理员身份登录"):
        set_due_day(office_db, 25, None, fixed_clock)  # nobody signed in
    assert due_day_setting(office_db) == 30 and due_day_change(office_db).by == ""
    set_due_day(office_db, 20, Operator("王芳", "管理员"), fixed_clock)
    assert due_day_setting(office_db) == 20
    change = due_day_change(office_db)
    assert change.by == "王芳" and change.at.startswith("2026-03-02T09:00")
    assert change.note == "（王芳 于 2026-03-02 09:00 设置）"
