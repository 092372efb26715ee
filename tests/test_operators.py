"""操作员账户: the first administrator, logins (right, wrong, disabled, slowed down — across a reopened
database), password changes and resets, the last administrator, password strength, accounts kept
out of transfer files, and the `kaoping operator` command with --operator on writing commands."""

from datetime import datetime, timedelta

import pytest
from conftest import TZ

from db import open_database
from desktop_app.cli import main
from desktop_app.core import units
from desktop_app.core.errors import (
    LoginRefused,
    PermissionDenied,
    RecordNotFound,
    RuleViolation,
    ValidationError,
)
from desktop_app.core.operators import (
    add_operator,
    change_password,
    check_password_strength,
    create_first_admin,
    has_operators,
    list_operators,
    login,
    login_wait,
    must_change_password,
    reset_password,
    set_disabled,
    set_role,
    wait_after,
)
from desktop_app.core.permissions import Operator
from desktop_app.core.store import RecordStore

WRONG = "用户名或密码不正确。"


class FixedClock:
    """A clock that stands still until moved on."""

    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return FixedClock()


@pytest.fixture
def admin(office_db, clock):
    return create_first_admin(office_db, "老王", "laowang2026", clock)


def test_the_first_administrator_makes_the_database_protected(office_db, clock):
    assert not has_operators(office_db)
    with pytest.raises(ValidationError, match="密码至少 8 位"):
        create_first_admin(office_db, "老王", "abc123", clock)
    admin = create_first_admin(office_db, " 老王 ", "laowang2026", clock)
    assert admin == Operator("老王", "管理员") and has_operators(office_db)
    [account] = list_operators(office_db)
    assert account == {"name": "老王", "role": "管理员", "created_at": "2026-03-02T09:00:00+08:00", "created_by": "",
                       "changed_at": "", "must_change": False, "disabled": False}
    stored = office_db.execute("SELECT password_hash FROM operators").fetchone()[0]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and "laowang2026" not in stored
    with pytest.raises(RuleViolation, match="已有操作员账户"):
        create_first_admin(office_db, "小张", "xiaozhang2026", clock)


def test_login_right_wrong_unknown_and_disabled(office_db, admin, clock):
    add_operator(office_db, admin, "小李", "录入员", "xiaoli2026", clock)
    assert login(office_db, "小李", "xiaoli2026", clock) == Operator("小李", "录入员")
    for name, password in (("小李", "wrong2026"), ("没有这人", "xiaoli2026")):  # the same words either way
        with pytest.raises(LoginRefused) as refused:
            login(office_db, name, password, clock)
        assert refused.value.message == WRONG
    set_disabled(office_db, admin, "小李", True, clock)
    with pytest.raises(LoginRefused, match=WRONG):  # a wrong password says nothing of the account
        login(office_db, "小李", "wrong2026", clock)
    with pytest.raises(LoginRefused, match="该账户已停用"):
        login(office_db, "小李", "xiaoli2026", clock)
    set_disabled(office_db, admin, "小李", False, clock)
    assert login(office_db, "小李", "xiaoli2026", clock).role == "录入员"


def test_failed_logins_slow_down_and_a_restart_does_not_reset_it(db_path, office_db, admin, clock):
    assert [wait_after(n) for n in range(1, 11)] == [0, 0, 5, 10, 20, 40, 80, 160, 300, 300]
    for _ in range(2):
        with pytest.raises(LoginRefused, match=f"^{WRONG}$"):
            login(office_db, "老王", "guess2026", clock)
    assert login_wait(office_db, "老王", clock) == 0
    with pytest.raises(LoginRefused, match="请 5 秒后再试"):
        login(office_db, "老王", "guess2026", clock)
    office_db.close()
    db = open_database(db_path)  # the program closed and opened again
    try:
        assert login_wait(db, "老王", clock) == 5
        with pytest.raises(LoginRefused, match="登录失败次数过多，请 5 秒后再试"):
            login(db, "老王", "laowang2026", clock)  # even the right password waits
        clock.advance(3)
        assert login_wait(db, "老王", clock) == 2
        clock.advance(2)
        with pytest.raises(LoginRefused, match="请 10 秒后再试"):
            login(db, "老王", "guess2026", clock)
        clock.advance(10)
        assert login(db, "老王", "laowang2026", clock) == admin  # success clears the count
        assert login_wait(db, "老王", clock) == 0
        assert db.execute("SELECT COUNT(*) FROM login_failures").fetchone()[0] == 0
        for _ in range(3):  # an unknown name slows down just the same: no tell that it is unknown
            with pytest.raises(LoginRefused):
                login(db, "没有这人", "guess2026", clock)
        assert login_wait(db, "没有这人", clock) == 5
    finally:
        db.close()


def test_changing_a_password(office_db, admin, clock):
    for who in (admin, Operator("没有这人", "")):  # an unknown name reads as a wrong password
        with pytest.raises(ValidationError, match="^原密码不正确$"):
            change_password(office_db, who, "wrong2026", "newpass2026", clock)
    with pytest.raises(ValidationError, match="新密码不能与原密码相同"):
        change_password(office_db, admin, "laowang2026", "laowang2026", clock)
    with pytest.raises(ValidationError, match="须同时包含字母和数字"):
        change_password(office_db, admin, "laowang2026", "onlyletters", clock)
    clock.advance(60)
    change_password(office_db, admin, "laowang2026", "newpass2026", clock)
    assert list_operators(office_db)[0]["changed_at"] == "2026-03-02T09:01:00+08:00"
    with pytest.raises(LoginRefused, match=WRONG):
        login(office_db, "老王", "laowang2026", clock)
    assert login(office_db, "老王", "newpass2026", clock) == admin


def test_an_administrator_resets_a_password_which_must_then_be_changed(office_db, admin, clock):
    add_operator(office_db, admin, "小李", "录入员", "xiaoli2026", clock)
    with pytest.raises(PermissionDenied, match="须由管理员操作"):
        reset_password(office_db, Operator("小李", "录入员"), "老王", "taken2026", clock)
    with pytest.raises(PermissionDenied, match="须由管理员操作"):  # a role claimed is checked against the account
        reset_password(office_db, Operator("小李", "管理员"), "老王", "taken2026", clock)
    for _ in range(3):
        with pytest.raises(LoginRefused):
            login(office_db, "小李", "forgot2026", clock)
    reset_password(office_db, admin, "小李", "temp20260302", clock)
    assert must_change_password(office_db, "小李") and login_wait(office_db, "小李", clock) == 0
    who = login(office_db, "小李", "temp20260302", clock)
    change_password(office_db, who, "temp20260302", "mine20260302", clock)
    assert not must_change_password(office_db, "小李")
    with pytest.raises(RecordNotFound, match="没有名为「没有这人」的操作员"):
        reset_password(office_db, admin, "没有这人", "temp20260302", clock)


def test_the_last_administrator_cannot_be_demoted_or_disabled(office_db, admin, clock):
    with pytest.raises(RuleViolation, match="最后一个可用的管理员，不能改为审核员"):
        set_role(office_db, admin, "老王", "审核员")
    with pytest.raises(RuleViolation, match="最后一个可用的管理员，不能停用"):
        set_disabled(office_db, admin, "老王", True)
    add_operator(office_db, admin, "小张", "审核员", "xiaozhang2026", clock)
    with pytest.raises(ValidationError, match="已有名为「小张」的操作员"):
        add_operator(office_db, admin, "小张", "录入员", "xiaozhang2026", clock)
    with pytest.raises(ValidationError, match="角色须为"):
        set_role(office_db, admin, "小张", "组长")
    set_role(office_db, admin, "小张", "管理员")
    set_role(office_db, admin, "老王", "审核员")  # another administrator remains
    with pytest.raises(PermissionDenied, match="角色是审核员"):  # the change holds at once, login or not
        add_operator(office_db, admin, "小赵", "只读", "xiaozhao2026", clock)
    assert [(a["name"], a["role"]) for a in list_operators(office_db)] == [("小张", "管理员"), ("老王", "审核员")]


@pytest.mark.parametrize(("password", "problem"), [
    ("", "密码至少 8 位"), ("abc1234", "密码至少 8 位"), ("abcdefgh", "密码须同时包含字母和数字"),
    ("12345678", "密码须同时包含字母和数字"), ("a" * 128 + "1", "密码不能超过 128 位"), ("abcd1234", None),
    ("考评台密码2026", None)])
def test_password_strength(password, problem):
    assert check_password_strength(password) == problem


def test_a_transfer_file_carries_no_operator_accounts(office_db, admin, clock, tmp_path):
    from desktop_app.transfer.package import export_package, open_package

    with pytest.raises(LoginRefused):
        login(office_db, "老王", "guess2026", clock)
    units.add_unit(RecordStore(office_db, operator="老王", role="管理员"), {"name": "丹江镇", "kind": "乡镇"})
    export_package(office_db.path, tmp_path / "交换.kpx", passphrase="口令abc123", by=admin)
    opened = open_package(tmp_path / "交换.kpx", tmp_path / "opened", passphrase="口令abc123")
    copy = open_database(opened.database_path, lock=False)
    try:
        assert [copy.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("operators", "login_failures")] \
            == [0, 0]
        assert copy.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 1
    finally:
        copy.close()


# -- the command line ----------------------------------------------------------------------------------
@pytest.fixture
def secrets(tmp_path, monkeypatch):
    """Password files: 老王's, 小李's, a wrong one."""
    monkeypatch.delenv("KAOPING_PASSWORD", raising=False)
    monkeypatch.delenv("KAOPING_NEW_PASSWORD", raising=False)
    files = {}
    for key, text in (("老王", "laowang2026"), ("小李", "xiaoli2026"), ("wrong", "guess2026"), ("new", "newpass2026")):
        files[key] = tmp_path / f"{key}.txt"
        files[key].write_text(text + "\n", encoding="utf-8")
    return {key: str(path) for key, path in files.items()}


@pytest.fixture
def protected(tmp_path, secrets, capsys):
    """A database with 老王 (管理员) and 小李 (录入员), made with `kaoping operator`."""
    path = str(tmp_path / "office.kpdb")
    assert main(["init", path, "--office", "雷山县委组织部"]) == 0
    assert main(["operator", "init", path, "--name", "老王", "--password-file", secrets["老王"]]) == 0
    assert main(["operator", "add", path, "小李", "--role", "录入员", "--operator", "老王",
                 "--password-file", secrets["老王"], "--new-password-file", secrets["小李"]]) == 0
    capsys.readouterr()
    return path


def test_operator_commands(protected, secrets, capsys, monkeypatch):
    admin = ["--operator", "老王", "--password-file", secrets["老王"]]
    assert main(["operator", "list", protected, *admin]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("小李\t录入员\t")
    assert main(["operator", "list", protected, "--operator", "小李", "--password-file", secrets["小李"]]) == 2
    assert "无权管理操作员" in capsys.readouterr().err
    assert main(["operator", "init", protected, "--name", "小张", "--password-file", secrets["小李"]]) == 2
    assert "已有操作员账户" in capsys.readouterr().err
    assert main(["operator", "role", protected, "老王", "只读", *admin]) == 2
    assert "最后一个可用的管理员" in capsys.readouterr().err
    assert main(["operator", "reset", protected, "小李", *admin, "--new-password-file", secrets["new"]]) == 0
    assert main(["operator", "list", protected, *admin, "--json"]) == 0
    assert '"must_change": true' in capsys.readouterr().out
    # 小李 must change the reset password before writing anything
    assert main(["calendar", "import", protected, "x.csv", "--operator", "小李", "--password-file", secrets["new"]]) == 2
    assert "须先修改密码" in capsys.readouterr().err
    monkeypatch.setenv("KAOPING_NEW_PASSWORD", "mine20260302")
    assert main(["operator", "passwd", protected, "--operator", "小李", "--password-file", secrets["new"]]) == 0
    monkeypatch.setenv("KAOPING_PASSWORD", "mine20260302")
    assert main(["operator", "disable", protected, "小李", *admin]) == 0
    assert main(["calendar", "list", protected, "--year", "2026"]) == 0  # reading needs no login
    assert main(["calendar", "import", protected, "x.csv", "--operator", "小李"]) == 2
    assert "该账户已停用" in capsys.readouterr().err
    # every change above is in the account history, newest first, by whom
    monkeypatch.delenv("KAOPING_PASSWORD")
    assert main(["operator", "history", protected, *admin]) == 0
    lines = [line.split("\t")[1:] for line in capsys.readouterr().out.splitlines()]
    assert lines == [["老王", "小李", "停用"], ["小李", "小李", "修改密码"], ["老王", "小李", "重设密码"],
                     ["老王", "小李", "新增（录入员）"], ["老王", "老王", "新增（管理员）"]]
    assert main(["operator", "history", protected, "--operator", "小李", "--password-file", secrets["小李"]]) == 2


def test_writing_commands_need_an_operator_once_accounts_exist(protected, secrets, tmp_path, capsys, monkeypatch):
    from conftest import id_number
    from roster_workbooks import person, write_roster

    roster = str(write_roster(tmp_path / "名册.xlsx", [person("赵六", id_number("19850101", "321"))]))
    assert main(["roster", "import", protected, roster]) == 2
    assert "须用 --operator 指定操作员" in capsys.readouterr().err
    assert main(["roster", "import", protected, roster, "--operator", "小李"]) == 2  # no password, no terminal
    assert "缺少操作员密码" in capsys.readouterr().err
    assert main(["roster", "import", protected, roster, "--operator", "小李", "--password-file", secrets["wrong"]]) == 2
    assert capsys.readouterr().err.strip() == f"错误：{WRONG}"  # the GUI's words
    assert main(["roster", "import", protected, roster, "--dry-run"]) == 0  # a dry run writes nothing: no login
    assert main(["roster", "import", protected, roster, "--operator", "小李", "--password-file", secrets["小李"]]) == 0
    other, package = str(tmp_path / "other.kpdb"), str(tmp_path / "other.kpx")
    assert main(["init", other, "--office", "丹寨县委组织部"]) == 0
    assert main(["transfer", "export", other, package, "--passphrase-file", secrets["new"]]) == 0
    capsys.readouterr()
    monkeypatch.setenv("KAOPING_PASSWORD", "xiaoli2026")
    importing = ["transfer", "import", protected, package, "--passphrase-file", secrets["new"]]
    assert main([*importing, "--operator", "小李"]) == 2
    assert "角色是录入员，无权导入交换文件" in capsys.readouterr().err
    assert main([*importing, "--operator", "老王", "--password-file", secrets["老王"]]) == 0
    db = open_database(protected)
    try:
        row = db.execute("SELECT operator FROM audit_log WHERE table_name = 'cadres'").fetchone()
        assert row[0] == "小李"
    finally:
        db.close()
