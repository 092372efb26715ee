"""闲置锁定（分钟）: after how many idle minutes a signed-in session locks (系统设置 → 操作员).

Kept in the database's `meta`, not in this computer's settings file: anyone at the desk can edit
an ini file, but only an administrator (修改安全设置) may change this, and who changed it and when
is kept beside it (core.meta_settings), as for 交换文件必须加密 (transfer.policy).

Allowed: 1 to 120 minutes, default 10. There is no "never": with operator accounts an unattended
session must lock. A database without accounts never locks (it has no password to ask), so the
value only matters once it has them. A value not set through the app (written with a SQLite tool:
not the one the sealed local log holds, core.meta_settings.sealed_setting) is read as the default.
"""

from desktop_app.core.clock import Clock, system_clock
from desktop_app.core.errors import PermissionDenied, ValidationError
from desktop_app.core.meta_settings import SettingChange, put_setting, sealed_setting, setting_change
from desktop_app.core.operators import current_operator, has_operators
from desktop_app.core.permissions import Operator, require

KEY = "idle_lock_minutes"
DEFAULT_MINUTES = 10
MIN_MINUTES, MAX_MINUTES = 1, 120
CHANGE_ACTION = "修改安全设置"
LABEL = "闲置锁定"


def idle_lock_minutes(db) -> int:
    """The office's idle minutes (db: sqlite-utils Database or connection)."""
    value = sealed_setting(db, KEY)  # changed with a SQLite tool: the default
    try:
        minutes = int(value) if value is not None else DEFAULT_MINUTES
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    return min(MAX_MINUTES, max(MIN_MINUTES, minutes))


def idle_lock_change(db) -> SettingChange:
    """Who last set the idle minutes and when (empty while the default holds)."""
    return setting_change(db, KEY)


def idle_lock_description(db) -> str:
    """闲置锁定：10 分钟（默认） / 闲置锁定：5 分钟（王芳 于 2026-03-02 09:00 设置）."""
    return f"{LABEL}：{idle_lock_minutes(db)} 分钟{idle_lock_change(db).note or '（默认）'}"


def set_idle_lock_minutes(db, by: Operator | None, minutes: int, clock: Clock = system_clock) -> int:
    """Store the idle minutes and who set them. Once the database has accounts, `by` must be signed in
    and, as the database knows the account now (a role lowered since login counts), may 修改安全设置
    (管理员); PermissionDenied otherwise. ValidationError outside 1–120. Returns the minutes stored."""
    if has_operators(db):
        if by is None:
            raise PermissionDenied("本数据库已设置操作员账户，须以管理员身份登录后才能修改闲置锁定时间。")
        by = current_operator(db, by)
        require(by, CHANGE_ACTION, "闲置锁定时间")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError({"minutes": f"闲置锁定时间须为 {MIN_MINUTES} 到 {MAX_MINUTES} 之间的整数（分钟）"})
    put_setting(db, KEY, str(minutes), by.name if by is not None else "", clock=clock)
    return minutes


__all__ = ["DEFAULT_MINUTES", "MIN_MINUTES", "MAX_MINUTES", "LABEL", "idle_lock_minutes", "idle_lock_change",
           "idle_lock_description", "set_idle_lock_minutes"]
