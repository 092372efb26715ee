"""闲置锁定（分钟） lives in the database: 1–120, default 10; once there are accounts only 管理员 (as the
database knows them now) may change it, and who set it and when is kept beside it."""

import operator_accounts
import pytest
from operator_accounts import fixed_clock

from db import open_database
from desktop_app.core.errors import PermissionDenied, ValidationError
from desktop_app.core.operators import set_role
from desktop_app.core.permissions import Operator
from desktop_app.core.session_policy import (
    idle_lock_change,
    idle_lock_description,
    idle_lock_minutes,
    set_idle_lock_minutes,
)

keep_settings, protected_template, protected_path = operator_accounts.FIXTURES
ADMIN = Operator("王芳", "管理员")


@pytest.fixture
def protected_db(protected_path):  # noqa: F811
    db = open_database(protected_path)
    yield db
    db.close()


def test_an_unprotected_database_defaults_to_ten_minutes_and_takes_a_change(office_db):
    assert idle_lock_minutes(office_db) == 10 and idle_lock_change(office_db).note == ""
    assert idle_lock_description(office_db) == "闲置锁定：10 分钟（默认）"
    assert set_idle_lock_minutes(office_db, None, 5, fixed_clock) == 5
    assert idle_lock_minutes(office_db) == 5
    assert idle_lock_description(office_db) == "闲置锁定：5 分钟（2026-03-02 09:00 设置）"


@pytest.mark.parametrize("minutes", [0, -1, 121, 1.5, True, "5"])
def test_minutes_outside_one_to_a_hundred_and_twenty_are_refused(office_db, minutes):
    with pytest.raises(ValidationError) as refused:
        set_idle_lock_minutes(office_db, None, minutes, fixed_clock)
    assert refused.value.problems == {"minutes": "闲置锁定时间须为 1 到 120 之间的整数（分钟）"}
    assert idle_lock_minutes(office_db) == 10 and idle_lock_change(office_db).at == ""


def test_the_bounds_are_allowed(office_db):
    for minutes in (1, 120):
        set_idle_lock_minutes(office_db, None, minutes, fixed_clock)
        assert idle_lock_minutes(office_db) == minutes


@pytest.mark.parametrize("stored", ["0", "999", "abc", "", "5"])
def test_a_value_written_with_another_tool_reads_as_the_default(office_db, stored):
    office_db.execute("INSERT INTO meta (key, value) VALUES ('idle_lock_minutes', ?)", [stored])
    assert idle_lock_minutes(office_db) == 10
    set_idle_lock_minutes(office_db, None, 30, fixed_clock)
    assert idle_lock_minutes(office_db) == 30
    office_db.execute("UPDATE meta SET value = ? WHERE key = 'idle_lock_minutes'", [stored])
    assert idle_lock_minutes(office_db) == 10  # not the value the sealed local log holds


def test_only_an_administrator_changes_it_once_there_are_accounts(protected_db):
    for name, role in (("李明", "录入员"), ("赵六", "只读")):
        with pytest.raises(PermissionDenied, match=f"角色是{role}，无权修改安全设置（闲置锁定时间）：须由管理员操作"):
            set_idle_lock_minutes(protected_db, Operator(name, role), 5, fixed_clock)
    with pytest.raises(PermissionDenied, match="须以管理员身份登录"):
        set_idle_lock_minutes(protected_db, None, 5, fixed_clock)  # nobody signed in
    assert idle_lock_minutes(protected_db) == 10 and idle_lock_change(protected_db).by == ""
    set_idle_lock_minutes(protected_db, ADMIN, 3, fixed_clock)
    change = idle_lock_change(protected_db)
    assert idle_lock_minutes(protected_db) == 3
    assert change.by == "王芳" and change.at.startswith("2026-03-02T09:00")
    assert idle_lock_description(protected_db) == "闲置锁定：3 分钟（王芳 于 2026-03-02 09:00 设置）"


def test_the_role_is_read_from_the_database_now(protected_db):
    set_role(protected_db, ADMIN, "李明", "管理员", fixed_clock)
    set_idle_lock_minutes(protected_db, Operator("李明", "录入员"), 7, fixed_clock)  # promoted since login
    assert idle_lock_minutes(protected_db) == 7 and idle_lock_change(protected_db).by == "李明"
    set_role(protected_db, Operator("李明", "管理员"), "王芳", "审核员", fixed_clock)
    with pytest.raises(PermissionDenied, match="角色是审核员"):
        set_idle_lock_minutes(protected_db, ADMIN, 8, fixed_clock)  # demoted since login
    with pytest.raises(PermissionDenied, match="已停用或不存在"):
        set_idle_lock_minutes(protected_db, Operator("冒名者", "管理员"), 8, fixed_clock)
    assert idle_lock_minutes(protected_db) == 7
