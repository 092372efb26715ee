"""操作员账户: the workstation's operators, their passwords and logins.

Accounts live in the database's local `operators` table (not records: not versioned, never in a
transfer file). Passwords are hashed with argon2id (argon2-cffi, RFC 9106's low-memory profile:
64 MiB, 3 passes, 4 lanes — ≈0.12 s a check here, see bench/RESULTS.md), never stored.

A database without accounts is unprotected: everyone has full rights (permissions.UNPROTECTED),
as before accounts existed. The first administrator is created once (create_first_admin); from
then on every write needs a signed-in operator (core.store).

Logins never say whether a name exists: a wrong name and a wrong password give the same message,
an unknown name costs the same hash check, and failures are counted per name typed. After 3
failures in a row the next attempt waits 5 s, then 10 s, 20 s … up to 5 minutes (the wait is kept
in `login_failures`, so closing the program does not reset it); a successful login clears it.
A disabled account is refused only once its password is right.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import cache

from desktop_app.core.clock import Clock, stamp, system_clock
from desktop_app.core.errors import (
    LoginRefused,
    PermissionDenied,
    RecordNotFound,
    RuleViolation,
    ValidationError,
)
from desktop_app.core.local_log import (
    ACCOUNT,
    LocalLogTampered,
    account_problem,
    has_logged_accounts,
    log_account,
    seal_upgrade,
    trusted_entries,
)
from desktop_app.core.normalize import clean_text
from desktop_app.core.permissions import ROLES, Operator, require

FREE_FAILURES = 3          # failures in a row before logins slow down
FIRST_WAIT = 5             # seconds after the 3rd failure, doubling with each one after
LONGEST_WAIT = 5 * 60
MIN_PASSWORD = 8
MAX_PASSWORD = 128
MAX_NAME = 30
WRONG = "用户名或密码不正确。"
ADMIN = "管理员"
_COLUMNS = ("name", "role", "created_at", "created_by", "changed_at", "must_change", "disabled")


# -- reading ---------------------------------------------------------------------------------------
def has_operators(db) -> bool:
    """Whether the database has operator accounts (then every write needs a signed-in operator) —
    or had: accounts once logged (core.local_log) keep protecting a file whose table was emptied by hand."""
    return db.execute("SELECT 1 FROM operators LIMIT 1").fetchone() is not None or has_logged_accounts(db)


ACCOUNTS_GONE = ("本数据库设有操作员账户，但账户表已被清空（不是经考评台做的）。为安全起见不能登录，也不能重新创建"
                 "管理员：请用命令行 kaoping restore 从备份恢复，或请技术人员核验（kaoping check）。")


def current_operator(db, operator: Operator) -> Operator:
    """`operator` as the database knows them now: a role changed or an account disabled since they
    signed in takes effect at once. PermissionDenied when the account is gone or disabled."""
    account = _account(db, operator.name)
    if account is None or account["disabled"]:
        raise PermissionDenied(f"操作员「{operator.name}」的账户已停用或不存在，不能再修改数据；请重新登录。")
    problem = _logged_problem(db, account)
    if problem:
        raise PermissionDenied(problem)
    return operator if account["role"] == operator.role else Operator(operator.name, account["role"])


def _logged_problem(db, account: dict) -> str:
    """Why the account may not be used because it is not as the sealed local log says ('' if it is)."""
    try:
        problem = account_problem(db, account)
    except LocalLogTampered as error:
        return str(error)
    return (f"{problem}：账户表可能被考评台以外的工具改动过，不能使用这个账户。"
            "请另一位管理员核验记实链（操作记录 → 核验记实链），或从备份恢复。") if problem else ""


def list_operators(db) -> list[dict]:
    """Every account (no password hashes), by name."""
    rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM operators ORDER BY name").fetchall()
    return [dict(zip(_COLUMNS, row, strict=True)) | {"must_change": bool(row[5]), "disabled": bool(row[6])}
            for row in rows]


def account_history(db, by: Operator) -> list[dict]:
    """Every account change (账户变动记录), newest first, from the sealed local log (管理员 only):
    at, by (who made it), name (the account), change (新增（录入员）、改为审核员、停用、重设密码 …), role."""
    _administrator(db, by)
    return [{"at": entry.at, "by": entry.operator, "name": entry.subject, "change": entry.values.get("change", ""),
             "role": entry.values.get("role", "")} for entry in reversed(trusted_entries(db)) if entry.action == ACCOUNT]


def must_change_password(db, name: str) -> bool:
    """Whether the account's password was set by an administrator and must be changed at login."""
    row = _account(db, clean_text(name))
    return bool(row and row["must_change"])


def check_password_strength(password: str) -> str | None:
    """What is wrong with `password` as a new password (Chinese), or None: at least 8 characters,
    letters and digits both."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位"
    if len(password) > MAX_PASSWORD:
        return f"密码不能超过 {MAX_PASSWORD} 位"
    if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
        return "密码须同时包含字母和数字"
    return None


# -- logging in ------------------------------------------------------------------------------------
def login(db, name: str, password: str, clock: Clock = system_clock) -> Operator:
    """The operator `name` once `password` is right; LoginRefused otherwise (see the module's text)."""
    name, now = clean_text(name), clock()
    if not name or not password:
        raise LoginRefused("请输入用户名和密码。")
    _refuse_while_waiting(db, name, now)
    with db.atomic():
        seal_upgrade(db)  # the first login after the upgrade seals the local log (core.local_log)
    account = _account(db, name)
    if account is None and not _any_account(db) and has_logged_accounts(db):
        raise LoginRefused(ACCOUNTS_GONE)
    if not _verify(account, password):
        wait = _count_failure(db, name, now)
        raise LoginRefused(WRONG + (f"请 {wait} 秒后再试。" if wait else ""))
    problem = _logged_problem(db, account)
    if problem:
        raise LoginRefused(problem)
    if account["disabled"]:
        raise LoginRefused("该账户已停用，请联系管理员。")
    _clear_failures(db, name)
    if hasher().check_needs_rehash(account["password_hash"]):
        _set_hash(db, name, password, name, "密码散列升级", clock)
    return Operator(name, account["role"])


def login_wait(db, name: str, clock: Clock = system_clock) -> int:
    """Seconds to wait before the next login of `name` (0: none)."""
    row = db.execute("SELECT wait_until FROM login_failures WHERE name = ?", [clean_text(name)]).fetchone()
    if row is None or not row[0]:
        return 0
    left = (datetime.fromisoformat(row[0]) - clock()).total_seconds()
    return max(0, math.ceil(left))


def _refuse_while_waiting(db, name: str, now: datetime) -> None:
    wait = login_wait(db, name, lambda: now)
    if wait:
        raise LoginRefused(f"登录失败次数过多，请 {wait} 秒后再试。")


@cache
def hasher():
    """The argon2id hasher (argon2-cffi, RFC 9106 low-memory profile), loaded at the first login
    (≈10 ms of imports a database without accounts never needs)."""
    from argon2 import PasswordHasher
    from argon2.profiles import RFC_9106_LOW_MEMORY

    return PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)


def _verify(account: dict | None, password: str) -> bool:
    """Whether `password` is the account's; an unknown name costs the same check (no timing tell)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        hasher().verify(account["password_hash"] if account else _decoy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return account is not None


@cache
def _decoy_hash() -> str:
    return hasher().hash("考评台-无此账户-0")


def _count_failure(db, name: str, now: datetime) -> int:
    """Count a failed attempt; the seconds to wait before the next one (0: none yet)."""
    row = db.execute("SELECT failures FROM login_failures WHERE name = ?", [name]).fetchone()
    failures = (row[0] if row else 0) + 1
    wait = wait_after(failures)
    with db.atomic():
        db.execute("INSERT INTO login_failures (name, failures, last_at, wait_until) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT(name) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at,"
                   " wait_until = excluded.wait_until",
                   [name, failures, stamp(now), stamp(now + timedelta(seconds=wait)) if wait else ""])
    return wait


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` failed logins in a row: none for the first 2, then 5 s,
    doubling (10, 20, 40 …), at most 5 minutes."""
    if failures < FREE_FAILURES:
        return 0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(failures - FREE_FAILURES, 16))


def _clear_failures(db, name: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM login_failures WHERE name = ?", [name])


# -- accounts --------------------------------------------------------------------------------------
def create_first_admin(db, name: str, password: str, clock: Clock = system_clock) -> Operator:
    """The first administrator (首次使用); refused once the database has accounts."""
    name = _valid_name(name)
    _require_strong(password)
    with db.atomic():
        if not _any_account(db) and has_logged_accounts(db):
            raise RuleViolation(ACCOUNTS_GONE)
        if has_operators(db):
            raise RuleViolation("本数据库已有操作员账户，不能再创建首个管理员；请由管理员添加账户。")
        _insert(db, name, ADMIN, password, clock, created_by="")
    return Operator(name, ADMIN)


def add_operator(db, by: Operator, name: str, role: str, password: str, clock: Clock = system_clock) -> None:
    """A new account (管理员 only)."""
    by = _administrator(db, by)
    name = _valid_name(name)
    _require_role(role)
    _require_strong(password)
    with db.atomic():
        if _account(db, name) is not None:
            raise ValidationError({"name": f"已有名为「{name}」的操作员"})
        _insert(db, name, role, password, clock, created_by=by.name)


def change_password(db, who: Operator, old: str, new: str, clock: Clock = system_clock) -> None:
    """The operator changes their own password; a wrong old password counts as a failed login (and
    an unknown name reads as a wrong password, as at login)."""
    name, now = clean_text(who.name), clock()
    _refuse_while_waiting(db, name, now)
    account = _account(db, name)
    if not _verify(account, old):
        wait = _count_failure(db, name, now)
        raise ValidationError({"old_password": "原密码不正确" + (f"，请 {wait} 秒后再试" if wait else "")})
    if account["disabled"]:
        raise LoginRefused("该账户已停用，请联系管理员。")
    if new == old:
        raise ValidationError({"new_password": "新密码不能与原密码相同"})
    _require_strong(new, "new_password")
    _clear_failures(db, name)
    _set_hash(db, name, new, name, "修改密码", clock, changed_at=stamp(now), must_change=0)


def reset_password(db, by: Operator, name: str, new: str, clock: Clock = system_clock) -> None:
    """An administrator sets a new password (重置密码); the operator must change it at the next login.
    Clears the account's failed logins."""
    _administrator(db, by)
    name = _existing(db, name)["name"]
    _require_strong(new, "new_password")
    _set_hash(db, name, new, by.name, "重设密码", clock, changed_at=stamp(clock()), must_change=1)
    _clear_failures(db, name)


def set_role(db, by: Operator, name: str, role: str, clock: Clock = system_clock) -> None:
    """Change an account's role (管理员 only); the last enabled 管理员 keeps theirs."""
    _administrator(db, by)
    _require_role(role)
    account = _existing(db, name)
    if role != ADMIN:
        _keep_an_administrator(db, account, f"改为{role}")
    _update(db, account["name"], by.name, f"改为{role}", clock, role=role, changed_at=stamp(clock()))


def set_disabled(db, by: Operator, name: str, disabled: bool, clock: Clock = system_clock) -> None:
    """Disable (停用) or enable an account (管理员 only); the last enabled 管理员 stays enabled."""
    _administrator(db, by)
    account = _existing(db, name)
    if disabled:
        _keep_an_administrator(db, account, "停用")
    _update(db, account["name"], by.name, "停用" if disabled else "启用", clock, disabled=int(bool(disabled)),
            changed_at=stamp(clock()))


# -- helpers ---------------------------------------------------------------------------------------
def _account(db, name: str) -> dict | None:
    cursor = db.execute("SELECT * FROM operators WHERE name = ?", [name])
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


def _existing(db, name: str) -> dict:
    account = _account(db, clean_text(name))
    if account is None:
        raise RecordNotFound(f"没有名为「{clean_text(name)}」的操作员。")
    return account


def _administrator(db, by: Operator) -> Operator:
    """`by` as the database knows them now (a role changed since login counts), if 管理员."""
    if not has_operators(db):
        raise RuleViolation("本数据库还没有操作员账户，请先创建首个管理员。")
    account = _account(db, by.name)
    if account is None or account["disabled"]:
        raise PermissionDenied(f"操作员「{by.name}」不是本数据库的可用账户，不能管理操作员。")
    operator = Operator(account["name"], account["role"])
    require(operator, "管理操作员")
    return operator


def _keep_an_administrator(db, account: dict, change: str) -> None:
    if account["role"] != ADMIN or account["disabled"]:
        return
    others = db.execute("SELECT COUNT(*) FROM operators WHERE role = ? AND disabled = 0 AND name != ?",
                        [ADMIN, account["name"]]).fetchone()[0]
    if not others:
        raise RuleViolation(f"「{account['name']}」是最后一个可用的管理员，不能{change}；"
                            "请先将另一个操作员设为管理员。")


def _valid_name(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": "请填写操作员的用户名"})
    if len(name) > MAX_NAME or any(not c.isprintable() for c in name):
        raise ValidationError({"name": f"用户名不能超过 {MAX_NAME} 个字，且不能含控制字符"})
    return name


def _require_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError({"role": f"角色须为：{'、'.join(ROLES)}"})


def _require_strong(password: str, field: str = "password") -> None:
    problem = check_password_strength(password)
    if problem:
        raise ValidationError({field: problem})


def _any_account(db) -> bool:
    return db.execute("SELECT 1 FROM operators LIMIT 1").fetchone() is not None


def _insert(db, name: str, role: str, password: str, clock: Clock, *, created_by: str) -> None:
    """A new account and its entry in the sealed local log, in one transaction."""
    with db.atomic():
        db.execute("INSERT INTO operators (name, role, password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                   [name, role, hasher().hash(password), stamp(clock()), created_by])
        log_account(db, created_by or name, _account(db, name), f"新增（{role}）", clock)


def _set_hash(db, name: str, password: str, by: str, change: str, clock: Clock, **columns) -> None:
    _update(db, name, by, change, clock, password_hash=hasher().hash(password), **columns)


def _update(db, name: str, by: str, change: str, clock: Clock, **columns) -> None:
    """Change an account and log its new state (core.local_log), in one transaction."""
    with db.atomic():
        db.execute(f"UPDATE operators SET {', '.join(f'{c} = ?' for c in columns)} WHERE name = ?",
                   [*columns.values(), name])
        log_account(db, by, _account(db, name), change, clock)
