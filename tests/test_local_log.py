"""本机日志: account changes, security settings and receipts of other offices' audit entries are
chained and sealed; changing the accounts, a setting or "another office's" entries with the sqlite3
module is refused at login or found by the check, and an importer vouches for the file they import."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import StepClock, id_number, raw_connect, share_database_key

from db import open_database
from db.audit_hash import ENTRY_FIELDS, LOG_FIELDS, account_state, entry_chain, log_chain
from db.copying import connect_read_only
from db.records import canonical_json, version_id
from desktop_app.core import cadres, units
from desktop_app.core.audit_keys import key_path
from desktop_app.core.audit_verify import verify_audit
from desktop_app.core.errors import LoginRefused, PermissionDenied, RuleViolation
from desktop_app.core.local_log import LocalLogTampered, entries
from desktop_app.core.operators import (
    add_operator,
    create_first_admin,
    has_operators,
    hasher,
    login,
    set_disabled,
    set_role,
)
from desktop_app.core.permissions import Operator
from desktop_app.core.report_gaps import set_due_day
from desktop_app.core.rule_sets import preset_rules, save_rule_set
from desktop_app.core.sanctions import add_sanction
from desktop_app.core.session_policy import set_idle_lock_minutes
from desktop_app.core.store import RecordStore
from desktop_app.core.year_locks import lock_year
from desktop_app.transfer.merge import merge_database
from desktop_app.transfer.policy import (
    EncryptionRequired,
    check_export_passphrase,
    encryption_required,
    set_encryption_required,
)

FIXTURES = Path(__file__).parent / "fixtures" / "schemas"
PASSWORD = "abc12345"


@pytest.fixture(autouse=True)
def key_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KAOPING_KEY_DIR", str(tmp_path / "密钥"))


@pytest.fixture
def accounts(office_db):
    """老王 (管理员) and 小李 (录入员), 小周 (审核员); the database file's path."""
    admin = create_first_admin(office_db, "老王", PASSWORD)
    add_operator(office_db, admin, "小李", "录入员", PASSWORD)
    add_operator(office_db, admin, "小周", "审核员", PASSWORD)
    return admin


def tamper(path, sql: str, params=()):
    conn = raw_connect(path)  # what anyone with a SQLite tool can do
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def check(path):
    conn = connect_read_only(path)
    try:
        return verify_audit(conn)
    finally:
        conn.close()


def texts(result) -> str:
    return "\n".join(brk.text() for brk in result.breaks)


# -- accounts -----------------------------------------------------------------------------------------
def test_account_changes_are_logged_sealed_and_the_check_passes(office_db, accounts):
    set_role(office_db, accounts, "小李", "审核员")
    set_disabled(office_db, accounts, "小周", True)
    logged = entries(office_db, "账号")
    assert [(entry.operator, entry.subject, entry.values["change"]) for entry in logged] == [
        ("老王", "老王", "新增（管理员）"), ("老王", "小李", "新增（录入员）"), ("老王", "小周", "新增（审核员）"),
        ("老王", "小李", "改为审核员"), ("老王", "小周", "停用")]
    assert all(entry.seal for entry in logged)
    assert "$argon2" not in json.dumps([entry.detail for entry in logged])  # a digest, never the hash
    result = verify_audit(office_db)
    assert result.ok, result.lines()
    assert any(line.startswith("本机日志（操作员账户、安全设置、收到其他单位记实的凭据）5 条") for line in result.lines())


def test_a_role_raised_with_a_sqlite_tool_signs_nobody_in_and_is_named(db_path, office_db, accounts):
    office_db.close()
    tamper(db_path, "UPDATE operators SET role = '管理员' WHERE name = '小李'")
    db = open_database(db_path)
    try:
        with pytest.raises(LoginRefused, match="账户的角色与本机日志不符"):
            login(db, "小李", PASSWORD)
        assert login(db, "老王", PASSWORD).role == "管理员"  # the others still can
    finally:
        db.close()
    result = check(db_path)
    assert not result.ok
    assert "操作员账户「小李」：内容被改动——角色与本机日志不符" in texts(result)


def test_a_password_hash_swapped_in_by_hand_signs_nobody_in(db_path, office_db, accounts):
    office_db.close()
    tamper(db_path, "UPDATE operators SET password_hash = ? WHERE name = '老王'", [hasher().hash("known123a")])
    db = open_database(db_path)
    try:
        with pytest.raises(LoginRefused, match="账户的密码与本机日志不符"):
            login(db, "老王", "known123a")
    finally:
        db.close()
    assert "操作员账户「老王」：内容被改动——密码与本机日志不符" in texts(check(db_path))


def test_an_account_added_by_hand_signs_nobody_in(db_path, office_db, accounts):
    office_db.close()
    tamper(db_path, "INSERT INTO operators (name, role, password_hash, created_at) VALUES ('外人', '管理员', ?, 'x')",
           [hasher().hash("known123a")])
    db = open_database(db_path)
    try:
        with pytest.raises(LoginRefused, match="本机日志里没有这个账户的建立记录"):
            login(db, "外人", "known123a")
    finally:
        db.close()
    assert "操作员账户「外人」" in texts(check(db_path))


def test_the_log_entry_changed_too_shows_as_a_broken_seal(db_path, office_db, accounts):
    """Raising the role in the table and in the log, chain recomputed: the seal cannot be made."""
    office_db.close()
    conn = raw_connect(db_path)
    seq, *fields, prev = conn.execute(f"SELECT seq, {', '.join(LOG_FIELDS)}, prev_chain FROM local_log"
                                      " WHERE subject = '小李'").fetchone()
    fields[4] = canonical_json(json.loads(fields[4]) | {"role": "管理员"})
    conn.execute("UPDATE local_log SET detail = ?, chain = ? WHERE seq = ?", [fields[4], log_chain(prev, fields), seq])
    conn.execute("UPDATE operators SET role = '管理员' WHERE name = '小李'")
    conn.commit()
    conn.close()
    db = open_database(db_path)
    try:
        with pytest.raises(LoginRefused, match="本机日志（操作员账户、安全设置的记录）被改动过，不是经考评台改的：第 2 条的封印不符"):
            login(db, "小李", PASSWORD)
    finally:
        db.close()
    assert "本机日志第 2 条" in texts(check(db_path)) and "封印不符" in texts(check(db_path))


@pytest.mark.parametrize("emptied", [("operators",), ("operators", "local_log")])
def test_emptying_the_accounts_table_leaves_the_file_protected(db_path, office_db, accounts, emptied):
    """The accounts deleted with a SQLite tool — and the log that keeps them too."""
    office_db.close()
    for table in emptied:
        tamper(db_path, f"DELETE FROM {table}")
    db = open_database(db_path)
    try:
        assert has_operators(db)
        with pytest.raises(LoginRefused, match="账户表已被清空|本机日志.*被改动过"):
            login(db, "老王", PASSWORD)
        with pytest.raises(RuleViolation, match="账户表已被清空"):
            create_first_admin(db, "外人", PASSWORD)
        with pytest.raises(PermissionDenied, match="须以操作员身份登录"):
            units.add_unit(RecordStore(db), {"name": "县审计局", "kind": "县直部门"})
    finally:
        db.close()
    found = texts(check(db_path))
    if "local_log" in emptied:
        assert "链头记录的最后一条已不在日志中" in found
    else:
        assert all(f"操作员账户「{name}」：条目被删除或插入——本机日志记有这个账户，账户表里却没有了" in found
                   for name in ("老王", "小李", "小周"))


def test_deleting_the_latest_log_entries_is_found(db_path, office_db, accounts):
    office_db.close()
    tamper(db_path, "DELETE FROM local_log WHERE seq = (SELECT MAX(seq) FROM local_log)")
    assert "本机日志：条目被删除或插入——链头记录的最后一条已不在日志中：最近的条目被删除" in texts(check(db_path))


def test_a_role_change_counts_at_once_in_a_signed_in_session(office_db, accounts):
    town, _ = units.add_unit(RecordStore(office_db, "老王", role="管理员"), {"name": "丹江镇", "kind": "乡镇"})
    clerk = RecordStore(office_db, "小李", role="录入员")
    units.update_unit(clerk, town, {"name": "丹江镇人民政府"})
    set_role(office_db, accounts, "小李", "只读")
    with pytest.raises(PermissionDenied, match="角色是只读"):
        units.update_unit(clerk, town, {"name": "丹江镇"})
    assert clerk.role == "只读"
    set_disabled(office_db, accounts, "小李", True)
    with pytest.raises(PermissionDenied, match="账户已停用或不存在"):
        clerk.require("查看")


# -- security settings -----------------------------------------------------------------------------
def test_a_security_setting_changed_by_hand_is_found(db_path, office_db, accounts):
    set_due_day(office_db, 8, by=accounts)
    assert verify_audit(office_db).ok
    office_db.close()
    tamper(db_path, "UPDATE meta SET value = '28' WHERE key = 'report_due_day'")
    assert "设置「report_due_day」：内容被改动——数据库里的值与本机日志记下的不同" in texts(check(db_path))
    tamper(db_path, "INSERT INTO meta (key, value) VALUES ('transfer_encryption_required', '0')")
    assert "设置「transfer_encryption_required」" in texts(check(db_path))
    with pytest.raises(EncryptionRequired):  # turned off by hand: still required
        check_export_passphrase(db_path, None)
    db = open_database(db_path)
    try:
        set_encryption_required(db, accounts, False)
    finally:
        db.close()
    check_export_passphrase(db_path, None)  # turned off by an administrator: allowed


# -- other offices' entries --------------------------------------------------------------------------
def new_office(tmp_path, monkeypatch, name: str) -> RecordStore:
    share_database_key(tmp_path / f"{name}-密钥")
    monkeypatch.setenv("KAOPING_KEY_DIR", str(tmp_path / f"{name}-密钥"))
    db = open_database(tmp_path / f"{name}.kpdb", create=True, office_name=f"{name}县委组织部")
    store = RecordStore(db, operator=f"{name}操作员", clock=StepClock())
    store._seal_key()
    return store


def test_another_offices_entries_received_by_import_carry_a_receipt(tmp_path, monkeypatch):
    a, b = new_office(tmp_path, monkeypatch, "甲"), new_office(tmp_path, monkeypatch, "乙")
    units.add_unit(a, {"name": "丹江镇", "kind": "乡镇"})
    units.add_unit(a, {"name": "西江镇", "kind": "乡镇"})
    merge_database(b, a.db.path)
    [receipt] = entries(b.db, "收到记实")
    assert (receipt.subject, receipt.values["entries"], receipt.operator) == ("甲县委组织部", 2, "乙操作员")
    assert verify_audit(b.db).ok
    a.db.close()
    b.db.close()


def test_a_forged_entry_of_another_office_is_found(tmp_path, monkeypatch):
    """A version and its audit entry made to look like another office's, chain well made, inserted
    with sqlite3: its office's seal cannot be checked here, but no receipt covers it."""
    a, b = new_office(tmp_path, monkeypatch, "甲"), new_office(tmp_path, monkeypatch, "乙")
    town, _ = units.add_unit(a, {"name": "丹江镇", "kind": "乡镇"})
    merge_database(b, a.db.path)
    b.db.close()
    conn = raw_connect(b.db.path)
    parent = conn.execute("SELECT version_id FROM units WHERE id = ?", [town]).fetchone()
    row = conn.execute("SELECT content FROM versions WHERE id = ?", [parent[0]]).fetchone()
    content = json.loads(row[0]) | {"name": "丹江镇（改）"}
    vid = version_id("units", town, [parent[0]], content, False, False)
    conn.execute("INSERT INTO versions (id, table_name, record_id, parents, office_id, operator, at, deleted, content)"
                 " VALUES (?, 'units', ?, ?, ?, '甲操作员', '2026-03-03T09:00:00+08:00', 0, ?)",
                 [vid, town, canonical_json([parent[0]]), a.office_id, canonical_json(content)])
    prev = conn.execute("SELECT chain FROM audit_log WHERE office_id = ? ORDER BY seq DESC LIMIT 1",
                        [a.office_id]).fetchone()[0]
    entry = ["2026-03-03T09:00:00+08:00", "甲操作员", a.office_id, "update", "units", town, vid, parent[0],
             "伪造批次", ""]
    conn.execute(f"INSERT INTO audit_log ({', '.join(ENTRY_FIELDS)}, prev_chain, chain, seal)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')", [*entry, prev, entry_chain(prev, entry)])
    conn.execute("UPDATE units SET name = '丹江镇（改）', version_id = ? WHERE id = ?", [vid, town])
    conn.commit()
    conn.close()
    result = check(b.db.path)
    assert not result.ok
    assert "甲县委组织部：第" in texts(result) and "本机没有收到这条其他单位记实的凭据" in texts(result)
    a.db.close()


# -- the importer vouches for the file ------------------------------------------------------------------
def test_a_rule_set_changed_elsewhere_needs_an_administrator_to_import(tmp_path, monkeypatch):
    a, b = new_office(tmp_path, monkeypatch, "甲"), new_office(tmp_path, monkeypatch, "乙")
    save_rule_set(a, 2026, preset_rules(), "甲方案")
    save_rule_set(a, 2026, preset_rules(), "甲方案（修订）")  # the year's own rules edited: 管理员's
    units.add_unit(a, {"name": "丹江镇", "kind": "乡镇"})
    admin = create_first_admin(b.db, "老王", PASSWORD)
    add_operator(b.db, admin, "小周", "审核员", PASSWORD)
    shutil.copyfile(b.db.path, tmp_path / "乙-导入前.kpdb")
    reviewer = RecordStore(b.db, "小周", role="审核员")
    with pytest.raises(PermissionDenied, match="交换文件中有其他单位的规则方案改动"):
        merge_database(reviewer, a.db.path)
    assert b.db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0  # nothing written
    merge_database(RecordStore(b.db, "老王", role="管理员"), a.db.path)
    assert b.db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 1
    a.db.close()
    b.db.close()


# -- upgrading -------------------------------------------------------------------------------------------
def test_an_upgraded_file_logs_its_accounts_and_still_verifies(tmp_path):
    path = tmp_path / "v6.kpdb"
    shutil.copyfile(FIXTURES / "v0006_operators.kpdb", path)
    db = open_database(path)
    try:
        logged = entries(db, "账号")
        assert logged and all(entry.operator == "升级" and not entry.seal for entry in logged)
        names = [row[0] for row in db.execute("SELECT name FROM operators ORDER BY name")]
        assert sorted(entry.subject for entry in logged) == names
        result = verify_audit(db)
        assert result.ok, result.lines()
    finally:
        db.close()


def test_changes_to_a_year_locked_here_are_merged_and_named_in_the_report(tmp_path, monkeypatch):
    a, b = new_office(tmp_path, monkeypatch, "甲"), new_office(tmp_path, monkeypatch, "乙")
    town, _ = units.add_unit(a, {"name": "丹江镇", "kind": "乡镇"})
    person = cadres.add_cadre(a, {"name": "张三", "id_number": id_number()},
                              {"unit_id": town, "title": "镇长", "post_type": "正职", "start_date": "2020-01-01"}).record_id
    merge_database(b, a.db.path)
    lock_year(b, 2024)
    add_sanction(a, {"cadre_id": person, "decided_on": "2024-06-01", "category": "党纪处分", "measure": "警告",
                     "text": "违反工作纪律", "decided_by": "县纪委"})
    add_sanction(a, {"cadre_id": person, "decided_on": "2025-06-01", "category": "党纪处分", "measure": "警告",
                     "text": "违反工作纪律", "decided_by": "县纪委"})
    report = merge_database(b, a.db.path)
    assert report.locked_year_changes == {2024: 1}
    assert report.tables["sanctions"].created == 2  # merged all the same: it happened there
    assert "有 1 条改动属于本单位已锁定的 2024 年度（由其他单位做出，已并入）" in report.summary()
    assert report.as_json()["locked_year_changes"] == {"2024": 1}
    a.db.close()
    b.db.close()


# -- the attacks of the independent review: each refused, or found by the check -----------------------
def append_forged(path, subject: str, action: str, detail: dict, operator: str = "老王") -> None:
    """An entry chained onto the log as the app would, but without the key: no seal can be made."""
    conn = raw_connect(path)
    prev = conn.execute("SELECT chain FROM local_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = prev[0] if prev else ""
    fields = ["2026-05-01T09:00:00+08:00", operator, action, subject, canonical_json(detail)]
    conn.execute(f"INSERT INTO local_log ({', '.join(LOG_FIELDS)}, prev_chain, chain, seal) VALUES (?, ?, ?, ?, ?, ?, ?, '')",
                 [*fields, prev, log_chain(prev, fields)])
    conn.commit()
    conn.close()


def test_a_later_change_through_the_app_never_seals_over_a_forgery(db_path, office_db, accounts):
    """小李 disabled; his "停用" entry deleted and the table set back: nobody signs in, nothing more is
    logged (sealing on would hide it), and the check names it."""
    set_disabled(office_db, accounts, "小李", True)
    office_db.close()
    tamper(db_path, "DELETE FROM local_log WHERE seq = (SELECT MAX(seq) FROM local_log)")
    tamper(db_path, "UPDATE operators SET disabled = 0 WHERE name = '小李'")
    db = open_database(db_path)
    try:
        for name in ("小李", "老王"):
            with pytest.raises(LoginRefused, match="本机日志.*被改动过.*最近的条目被删除"):
                login(db, name, PASSWORD)
        with pytest.raises(LocalLogTampered):
            set_due_day(db, 8, by=accounts)
        with pytest.raises(PermissionDenied, match="本机日志"):  # a session already signed in stops too
            units.add_unit(RecordStore(db, "小李", role="录入员"), {"name": "县审计局", "kind": "县直部门"})
    finally:
        db.close()
    assert not check(db_path).ok


def test_an_entry_appended_without_the_key_is_refused_and_weakens_no_setting(db_path, office_db, accounts):
    office_db.close()
    tamper(db_path, "UPDATE operators SET role = '管理员' WHERE name = '小李'")
    conn = raw_connect(db_path)
    row = dict(zip(["name", "role", "disabled", "must_change", "password_hash"], conn.execute(
        "SELECT name, role, disabled, must_change, password_hash FROM operators WHERE name = '小李'").fetchone(),
        strict=True))
    conn.close()
    append_forged(db_path, "小李", "账号", account_state(row) | {"change": "改为管理员"})
    tamper(db_path, "INSERT INTO meta (key, value) VALUES ('transfer_encryption_required', '0')")
    append_forged(db_path, "transfer_encryption_required", "设置", {"value": "0"})
    db = open_database(db_path)
    try:
        with pytest.raises(LoginRefused, match="封印不符"):
            login(db, "小李", PASSWORD)
        assert encryption_required(db)
    finally:
        db.close()
    assert "封印不符" in texts(check(db_path))


def test_a_role_raised_during_a_session_is_refused_at_the_next_write(db_path, office_db, accounts):
    clerk = RecordStore(office_db, "小李", role="录入员")
    units.add_unit(clerk, {"name": "丹江镇", "kind": "乡镇"})
    tamper(db_path, "UPDATE operators SET role = '管理员' WHERE name = '小李'")
    with pytest.raises(PermissionDenied, match="账户的角色与本机日志不符"):
        save_rule_set(clerk, 2026, preset_rules(), "小李的方案")
    with pytest.raises(PermissionDenied, match="账户的角色与本机日志不符"):
        set_idle_lock_minutes(office_db, Operator("小李", "录入员"), 120)
    assert clerk.role == "录入员"


def test_an_entry_of_another_office_with_a_seq_outside_every_receipt_is_found(tmp_path, monkeypatch):
    a, b = new_office(tmp_path, monkeypatch, "甲"), new_office(tmp_path, monkeypatch, "乙")
    town = units.add_unit(a, {"name": "丹江镇", "kind": "乡镇"})[0]
    merge_database(b, a.db.path)
    b.db.close()
    prev, vid = raw_connect(b.db.path).execute(
        "SELECT chain, version_id FROM audit_log WHERE office_id = ?", [a.office_id]).fetchone()
    entry = ["2026-03-03T09:00:00+08:00", "甲操作员", a.office_id, "update", "units", town, vid, vid, "伪造批次", ""]
    tamper(b.db.path, f"INSERT INTO audit_log (seq, {', '.join(ENTRY_FIELDS)}, prev_chain, chain, seal)"
           " VALUES (-1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')", [*entry, prev, entry_chain(prev, entry)])
    assert "第 -1 条记实" in texts(check(b.db.path)) and "本机没有收到这条其他单位记实的凭据" in texts(check(b.db.path))
    a.db.close()


def test_an_upgraded_file_is_sealed_at_the_first_login_and_then_guarded(tmp_path):
    """A file of the version before, its seals made where no key could be kept (so this computer
    makes one): the upgrade logs its accounts unsealed, the first login seals them."""
    path = tmp_path / "v6.kpdb"
    shutil.copyfile(FIXTURES / "v0006_operators.kpdb", path)
    tamper(path, "UPDATE audit_log SET seal = ''")
    tamper(path, "DELETE FROM meta WHERE key = 'audit_chain_head'")
    db = open_database(path)
    try:
        name = db.execute("SELECT name FROM operators WHERE role = '管理员' ORDER BY name").fetchone()[0]
        assert not any(entry.seal for entry in entries(db))  # the upgrade has no key
        with pytest.raises(LoginRefused, match="用户名或密码不正确"):
            login(db, name, "wrong-password-1")
        assert all(entry.seal for entry in entries(db))  # sealed by the first login attempt
    finally:
        db.close()
    tamper(path, "UPDATE local_log SET detail = replace(detail, '\"role\":\"录入员\"', '\"role\":\"管理员\"')")
    assert not check(path).ok


def test_a_dry_run_notes_what_the_import_would_refuse(tmp_path, monkeypatch):
    from desktop_app.transfer.exchange import _trial_merge

    a, b = new_office(tmp_path, monkeypatch, "县"), new_office(tmp_path, monkeypatch, "乡")
    save_rule_set(a, 2026, preset_rules(), "县方案")
    save_rule_set(a, 2026, preset_rules(), "县方案（修订）")
    for role in ("只读", "审核员"):
        work = tmp_path / role
        work.mkdir()
        report, _conflicts = _trial_merge(RecordStore(b.db, "小周", role=role), a.db.path, work)
        assert ("无权修改规则方案" if role == "审核员" else "无权录入") in report.refusal
        assert "注意：正式导入时将被拒绝" in report.summary()
    assert b.db.execute("SELECT COUNT(*) FROM rule_sets").fetchone()[0] == 0  # a trial writes nothing
    a.db.close()
    b.db.close()


def test_a_file_sealed_on_another_computer_gets_no_new_key_here(tmp_path):
    """Its key is not here (the 密钥 folder was not copied along): a new key could never match the
    earlier seals, so none is made; writes go on unsealed and the check warns instead of crying wolf."""
    path = tmp_path / "v6.kpdb"
    shutil.copyfile(FIXTURES / "v0006_operators.kpdb", path)
    db = open_database(path)
    try:
        office_id = db.office()["id"]
        admin = login(db, "老王", "laowang2026")  # tools/make_schema_fixture.py's
        units.add_unit(RecordStore(db, admin.name, role=admin.role), {"name": "新设镇", "kind": "乡镇"})
        assert not key_path(office_id).exists()
        assert db.execute("SELECT seal FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() == ("",)
        result = verify_audit(db)
        assert result.ok and any("缺少本机密钥" in warning for warning in result.warnings), result.lines()
    finally:
        db.close()
