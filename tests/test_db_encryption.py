"""数据库加密存放: converting an office database both ways (core.storage_encryption, `kaoping db`), and an
encrypted database in use — written, backed up and restored, exchanged with plain offices, checked;
refused without the key, while the file is open, and for roles below 管理员."""

import sqlite3

import pytest
from conftest import StepClock

from db import cipher, open_database
from db.errors import DatabaseError, DatabaseLocked, NotADatabase
from desktop_app.cli import main
from desktop_app.core.cadres import add_cadre
from desktop_app.core.errors import PermissionDenied
from desktop_app.core.operators import add_operator, create_first_admin
from desktop_app.core.permissions import Operator
from desktop_app.core.store import RecordStore
from desktop_app.core.units import add_unit
from desktop_app.transfer.backup import backup_database
from desktop_app.transfer.errors import RestoreFailed
from desktop_app.transfer.restore import restore_database
from desktop_app.transfer.storage_encryption import (
    ENCRYPTED_ELSEWHERE,
    ENCRYPTED_HERE,
    PLAIN,
    decrypt_at_rest,
    encrypt_at_rest,
    storage_state,
)

OFFICE, UNIT, CADRE = "雷山县委组织部", "丹江镇", "龙秀英"
PASSPHRASE = "交换口令2026"
ADMIN, REVIEWER = Operator("王芳", "管理员"), Operator("李明", "审核员")
PASSWORDS = {"王芳": "wangfang2026", "李明": "liming2026"}


@pytest.fixture(autouse=True)
def key_dir(tmp_path, monkeypatch):
    """This computer's 密钥 folder, a new one for each test."""
    folder = tmp_path / "密钥"
    monkeypatch.setenv("KAOPING_KEY_DIR", str(folder))
    return folder


def office_file(path, *, office: str = OFFICE, unit: str = UNIT, cadre: str = CADRE, accounts: bool = False):
    """A plain office database with one unit and one cadre (and 王芳 管理员, 李明 审核员 with `accounts`)."""
    db = open_database(path, create=True, office_name=office, encrypted=False)  # a plain file to convert
    store = RecordStore(db, operator="测试员", clock=StepClock())
    unit_id, _ = add_unit(store, {"name": unit, "kind": "乡镇"})
    add_cadre(store, {"name": cadre}, {"unit_id": unit_id, "title": "镇长", "post_type": "正职"})
    if accounts:
        admin = create_first_admin(db, ADMIN.name, PASSWORDS[ADMIN.name])
        add_operator(db, admin, REVIEWER.name, REVIEWER.role, PASSWORDS[REVIEWER.name])
    db.close()
    return path


def names(path) -> tuple[set[str], set[str]]:
    """(unit names, cadre names) of the database file `path`, opened as the app does."""
    db = open_database(path)
    try:
        return ({row[0] for row in db.execute("SELECT name FROM units WHERE deleted = 0")},
                {row[0] for row in db.execute("SELECT name FROM cadres WHERE deleted = 0")})
    finally:
        db.close()


def file_bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def test_round_trip_keeps_every_record_and_the_encrypted_file_is_written_as_usual(db_path, key_dir):
    office_file(db_path)
    assert storage_state(db_path).label == PLAIN
    done = encrypt_at_rest(db_path, None)
    assert done.encrypted and done.tables > 10 and done.rows > 5
    assert cipher.is_encrypted(db_path) and (key_dir / cipher.KEY_FILE).is_file()
    assert storage_state(db_path).label == ENCRYPTED_HERE
    db = open_database(db_path)
    add_unit(RecordStore(db, operator="测试员", clock=StepClock()), {"name": "加密后新增的单位", "kind": "其他"})
    db.close()
    back = decrypt_at_rest(db_path, None)
    assert not back.encrypted and back.rows > done.rows
    assert db_path.read_bytes()[:16] == cipher.SQLITE_HEADER
    plain = sqlite3.connect(db_path)  # a plain SQLite file again: any tool reads it
    assert {row[0] for row in plain.execute("SELECT name FROM units")} == {UNIT, "加密后新增的单位"}
    plain.close()
    assert names(db_path) == ({UNIT, "加密后新增的单位"}, {CADRE})


def test_the_encrypted_file_holds_no_plaintext(db_path):
    office_file(db_path)
    words = [word.encode() for word in (OFFICE, UNIT, CADRE)]
    assert all(word in db_path.read_bytes() for word in words)  # the plain file shows them
    encrypt_at_rest(db_path, None)
    db = open_database(db_path)  # written to after the conversion too (its -wal encrypted as well)
    add_unit(RecordStore(db, operator="测试员", clock=StepClock()), {"name": "台江县施洞镇", "kind": "乡镇"})
    assert not any(word in file_bytes(db_path) for word in [*words, "施洞镇".encode()])
    db.close()
    raw = file_bytes(db_path)
    assert b"SQLite format" not in raw and not any(word in raw for word in words)


def test_without_this_computers_key_the_file_is_refused_in_chinese_and_left_alone(db_path, tmp_path, monkeypatch):
    office_file(db_path)
    encrypt_at_rest(db_path, None)
    before = db_path.read_bytes()
    monkeypatch.setenv("KAOPING_KEY_DIR", str(tmp_path / "另一台电脑的密钥"))
    with pytest.raises(NotADatabase) as refused:
        open_database(db_path)
    assert "密钥" in refused.value.message and "未做任何修改" in refused.value.message
    assert storage_state(db_path).label == ENCRYPTED_ELSEWHERE
    with pytest.raises(NotADatabase, match="本机没有能打开它的密钥"):
        decrypt_at_rest(db_path, None)
    (tmp_path / "另一台电脑的密钥").mkdir()
    (tmp_path / "另一台电脑的密钥" / cipher.KEY_FILE).write_text("00" * 32)  # a key, but not this file's
    with pytest.raises(NotADatabase):
        open_database(db_path)
    assert storage_state(db_path).label == ENCRYPTED_ELSEWHERE
    assert db_path.read_bytes() == before


def test_a_backup_of_an_encrypted_database_is_encrypted_and_restores(db_path, tmp_path):
    from desktop_app.transfer.backup import backup_database
    from desktop_app.transfer.restore import restore_database

    office_file(db_path)
    encrypt_at_rest(db_path, None)
    backup = backup_database(db_path, tmp_path / "备份", reason="手动")
    assert cipher.is_encrypted(backup) and CADRE.encode() not in backup.read_bytes()
    db = open_database(db_path)
    add_unit(RecordStore(db, operator="测试员", clock=StepClock()), {"name": "恢复后应不见的单位", "kind": "其他"})
    db.close()
    result = restore_database(backup, db_path)
    assert cipher.is_encrypted(db_path) and cipher.is_encrypted(result.kept)
    assert names(db_path) == ({UNIT}, {CADRE})


def test_transfer_files_move_between_encrypted_and_plain_offices(tmp_path):
    from desktop_app.transfer.exchange import import_package
    from desktop_app.transfer.package import export_package

    encrypted = office_file(tmp_path / "雷山.kpdb")
    encrypt_at_rest(encrypted, None)
    plain = office_file(tmp_path / "丹寨.kpdb", office="丹寨县委组织部", unit="龙泉镇", cadre="杨光明")
    for source, target, unit, cadre in ((encrypted, plain, UNIT, CADRE), (plain, encrypted, "龙泉镇", "杨光明")):
        package = tmp_path / f"{source.stem}.kpx"
        export_package(source, package, passphrase=PASSPHRASE)
        db = open_database(target)
        try:
            import_package(RecordStore(db, operator="测试员"), package, backups_dir=tmp_path / "备份",
                           passphrase=PASSPHRASE)
        finally:
            db.close()
        units, cadres = names(target)
        assert unit in units and cadre in cadres
    assert cipher.is_encrypted(encrypted) and not cipher.is_encrypted(plain)
    assert names(encrypted) == ({UNIT, "龙泉镇"}, {CADRE, "杨光明"})


def test_kaoping_check_passes_on_an_encrypted_file_and_names_its_storage(db_path, capsys):
    office_file(db_path)
    assert main(["db", "encrypt", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "已加密存放" in out and cipher.KEY_FILE in out and "旧备份" in out
    assert main(["check", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert f"存放方式：{ENCRYPTED_HERE}" in out and "检查通过" in out
    assert main(["check", str(db_path), "--json"]) == 0
    assert f'"storage": "{ENCRYPTED_HERE}"' in capsys.readouterr().out
    assert main(["db", "encrypt", str(db_path)]) == 2
    assert "已经是加密存放的" in capsys.readouterr().err
    assert main(["db", "decrypt", str(db_path)]) == 0
    assert "已取消加密" in capsys.readouterr().out
    assert main(["check", str(db_path)]) == 0 and f"存放方式：{PLAIN}" in capsys.readouterr().out


def test_the_converter_refuses_while_the_database_is_open_and_leaves_it_intact(db_path, capsys):
    office_file(db_path)
    db = open_database(db_path)  # as the window holds it
    try:
        before = db_path.read_bytes()
        with pytest.raises(DatabaseLocked):
            encrypt_at_rest(db_path, None)
        assert main(["db", "encrypt", str(db_path)]) == 2
        assert "正在被考评台窗口或其他程序使用" in capsys.readouterr().err
        assert db_path.read_bytes() == before and not cipher.is_encrypted(db_path)
        add_unit(RecordStore(db, operator="测试员", clock=StepClock()), {"name": "照常写入", "kind": "其他"})
    finally:
        db.close()
    assert names(db_path)[0] == {UNIT, "照常写入"}


def test_only_an_administrator_converts_a_database_with_accounts(db_path, tmp_path, capsys):
    office_file(db_path, accounts=True)
    for by in (None, REVIEWER):
        with pytest.raises(PermissionDenied):
            encrypt_at_rest(db_path, by)
    assert not cipher.is_encrypted(db_path)
    passwords = tmp_path / "密码.txt"
    passwords.write_text(PASSWORDS[REVIEWER.name], encoding="utf-8")
    assert main(["db", "encrypt", str(db_path), "--operator", REVIEWER.name, "--password-file", str(passwords)]) == 2
    assert "无权修改安全设置（数据库加密存放）：须由管理员操作" in capsys.readouterr().err
    assert not cipher.is_encrypted(db_path)
    passwords.write_text(PASSWORDS[ADMIN.name], encoding="utf-8")
    assert main(["db", "encrypt", str(db_path), "--operator", ADMIN.name, "--password-file", str(passwords)]) == 0
    assert cipher.is_encrypted(db_path)
    with pytest.raises(PermissionDenied):
        decrypt_at_rest(db_path, REVIEWER)
    assert decrypt_at_rest(db_path, ADMIN).encrypted is False
    assert names(db_path) == ({UNIT}, {CADRE})


# -- what the independent review found --------------------------------------------------------------------
def test_a_conversion_that_fails_says_why_in_chinese_and_leaves_the_file_as_it_was(db_path, monkeypatch):
    """A full disk while exporting (SQLCipher's own error class, without a result code)."""
    import db.encryption as encryption

    office_file(db_path)
    before = db_path.read_bytes()

    def full_disk(*_args):
        raise cipher._sqlcipher.OperationalError("database or disk is full")

    monkeypatch.setattr(encryption, "_export", full_disk)
    with pytest.raises(DatabaseError, match="转换 office.kpdb 没有完成：磁盘空间不足，请腾出空间后再试。原文件保持原样"):
        encrypt_at_rest(db_path, None)
    assert not cipher.is_encrypted(db_path) and names(db_path) == ({UNIT}, {CADRE})
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # as it was before the attempt
    finally:
        conn.close()
    assert len(db_path.read_bytes()) == len(before)
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".加密转换-")] == []


def test_a_copy_left_by_a_conversion_cut_short_goes_when_the_database_is_opened(db_path):
    office_file(db_path)
    leftover = db_path.parent / ".加密转换-office-abc123.kpdb"
    leftover.write_bytes(db_path.read_bytes())  # a plain copy, as an interrupted 取消加密 leaves it
    other = db_path.parent / ".加密转换-其他库-abc123.kpdb"  # another database's: not ours to remove
    other.write_bytes(b"x")
    open_database(db_path).close()
    assert not leftover.exists() and other.exists()


def test_a_damaged_key_file_is_never_replaced(db_path, key_dir):
    office_file(db_path)
    key_dir.mkdir(exist_ok=True)
    (key_dir / cipher.KEY_FILE).write_text("不是密钥", encoding="utf-8")
    with pytest.raises(DatabaseError, match="数据库密钥文件 .* 已损坏。请用备份的“密钥”文件夹中的同名文件替换它"):
        encrypt_at_rest(db_path, None)
    assert (key_dir / cipher.KEY_FILE).read_text(encoding="utf-8") == "不是密钥" and not cipher.is_encrypted(db_path)


def test_restoring_over_an_encrypted_database_whose_key_is_not_here_is_refused(db_path, tmp_path, monkeypatch):
    office_file(db_path, accounts=True)
    encrypt_at_rest(db_path, ADMIN)
    stranger = office_file(tmp_path / "别的单位.kpdb", office="别的单位")
    monkeypatch.setenv("KAOPING_KEY_DIR", str(tmp_path / "另一台电脑的密钥"))
    with pytest.raises(RestoreFailed, match="本机没有它的密钥，无法核对权限和所属单位，不能恢复"):
        restore_database(stranger, db_path)
    assert not (tmp_path / "另一台电脑的密钥" / cipher.KEY_FILE).exists()  # no new key made either


def test_an_encrypted_backup_restored_over_a_plain_database_says_so(db_path, tmp_path):
    office_file(db_path)
    encrypt_at_rest(db_path, None)
    backup = backup_database(db_path, tmp_path / "备份", reason="手动")
    decrypt_at_rest(db_path, None)
    result = restore_database(backup, db_path)
    assert cipher.is_encrypted(db_path) and "这份备份是加密存放的，恢复后数据库也加密存放" in result.note


def test_an_export_works_in_the_apps_own_folder_and_clears_what_a_crash_left(db_path, tmp_path):
    import os
    import time

    from db.places import data_dir
    from desktop_app.transfer.package import export_package

    office_file(db_path)
    encrypt_at_rest(db_path, None)
    work = data_dir() / "临时"
    stale = work / "kaoping-export-崩溃留下"
    stale.mkdir(parents=True)
    (stale / "snapshot.kpdb").write_bytes(b"SQLite format 3\x00")
    old = time.time() - 7 * 3600
    os.utime(stale, (old, old))
    export_package(db_path, tmp_path / "交换.kpx", passphrase=PASSPHRASE)
    assert not stale.exists() and not [p for p in work.iterdir() if p.name.startswith("kaoping-export-")]


def test_a_trial_import_into_an_encrypted_office_writes_no_plain_copy(db_path, tmp_path):
    from desktop_app.transfer.exchange import _trial_merge

    office_file(db_path)
    encrypt_at_rest(db_path, None)
    other = office_file(tmp_path / "别的单位.kpdb", office="别的单位", unit="西江镇", cadre="王五")
    work = tmp_path / "试导入"
    work.mkdir()
    db = open_database(db_path)
    try:
        report, _conflicts = _trial_merge(RecordStore(db, "测试员"), other, work)
        scratch = [p for p in work.iterdir() if p.suffix == ".kpdb"]
        assert scratch and all(cipher.is_encrypted(p) for p in scratch)
        assert report.tables["units"].created == 1
    finally:
        db.close()


def test_encrypting_takes_the_offices_plain_backups_in_the_backup_folder_along(db_path, tmp_path):
    office_file(db_path)
    folder = tmp_path / "备份"
    mine = backup_database(db_path, folder, reason="手动")
    theirs = backup_database(office_file(tmp_path / "别的单位.kpdb", office="别的单位"), folder, reason="手动")
    done = encrypt_at_rest(db_path, None, folder)
    assert done.backups == 1 and cipher.is_encrypted(mine) and not cipher.is_encrypted(theirs)
    assert restore_database(mine, db_path).note == ""  # encrypted backup over an encrypted database
