"""The paths that broke on databases encrypted at rest (数据库加密存放), kept covered in the ordinary
run: restoring an encrypted backup, a damaged one, a full disk under SQLCipher's backup, a trial
import into an encrypted office, a merge straight from an encrypted file, an encrypted database
picked as a transfer file, and `kaoping check` finding an edit made with this computer's key.
The whole suite runs on encrypted files with KAOPING_TEST_ENCRYPTED=1 (tests/conftest.py).
"""

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import StepClock, raw_connect

from db import cipher, open_database
from db.integrity import check_database
from db.snapshot import snapshot
from desktop_app.cli import main
from desktop_app.core.store import RecordStore
from desktop_app.core.units import add_unit
from desktop_app.transfer.backup import backup_database
from desktop_app.transfer.errors import BackupFailed, NotATransferFile, RestoreFailed
from desktop_app.transfer.exchange import import_package
from desktop_app.transfer.merge import merge_database
from desktop_app.transfer.package import export_package, open_package
from desktop_app.transfer.restore import restore_database

PASSPHRASE = "雷山2026交换"


def encrypted_office(path: Path, office: str = "雷山县委组织部", unit: str = "丹江镇") -> Path:
    db = open_database(path, create=True, office_name=office, encrypted=True)
    try:
        add_unit(RecordStore(db, operator="测试员", clock=StepClock()), {"name": unit, "kind": "乡镇"})
    finally:
        db.close()
    assert cipher.is_encrypted(path)
    return path


def unit_names(path: Path) -> set[str]:
    conn = cipher.connect(path, read_only=True)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM units WHERE deleted = 0")}
    finally:
        conn.close()


def test_an_encrypted_backup_restores_and_the_restored_file_stays_encrypted(tmp_path):
    path = encrypted_office(tmp_path / "雷山.kpdb")
    backup = backup_database(path, tmp_path / "备份", reason="手动")
    db = open_database(path)
    add_unit(RecordStore(db, operator="测试员", clock=StepClock()), {"name": "西江镇", "kind": "乡镇"})
    db.close()
    result = restore_database(backup, path)
    assert cipher.is_encrypted(path) and unit_names(path) == {"丹江镇"}
    assert unit_names(result.kept) == {"丹江镇", "西江镇"}


def test_a_damaged_encrypted_backup_is_refused_with_a_short_reason(tmp_path):
    path = encrypted_office(tmp_path / "雷山.kpdb")
    backup = backup_database(path, tmp_path / "备份", reason="手动")
    data = bytearray(backup.read_bytes())
    data[4096:3 * 4096] = bytes(b ^ 0xFF for b in data[4096:3 * 4096])  # pages past the first
    backup.write_bytes(bytes(data))
    with pytest.raises(RestoreFailed, match="未通过数据库体检（.+），文件可能已损坏") as refused:
        restore_database(backup, path)
    assert refused.value.message.count("\n") == 0 and "*** in database" not in refused.value.message
    assert unit_names(path) == {"丹江镇"}


def test_an_encrypted_backup_without_this_computers_key_is_refused_in_chinese(tmp_path, monkeypatch):
    path = encrypted_office(tmp_path / "雷山.kpdb")
    backup = backup_database(path, tmp_path / "备份", reason="手动")
    monkeypatch.setenv("KAOPING_KEY_DIR", str(tmp_path / "别的电脑"))
    with pytest.raises(RestoreFailed, match="本机没有它的密钥"):
        restore_database(backup, tmp_path / "新.kpdb")


def test_a_full_disk_under_the_encrypted_backup_is_named(tmp_path, monkeypatch):
    """SQLCipher's backup raises its errors without the SQLite result code: told by their words."""
    path = encrypted_office(tmp_path / "雷山.kpdb")
    real = cipher._sqlcipher

    def connect(target, *args, **kwargs):
        conn = real.connect(target, *args, **kwargs)
        if ".备份中-" in str(target):
            conn.execute("PRAGMA max_page_count = 2")  # SQLITE_FULL after two pages
        return conn

    monkeypatch.setattr(cipher, "_sqlcipher", SimpleNamespace(**{**vars(real), "connect": connect}))
    folder = tmp_path / "备份"
    with pytest.raises(BackupFailed, match="磁盘空间不足"):
        backup_database(path, folder, reason="每日")
    assert list(folder.iterdir()) == []


def test_transfer_files_and_trial_imports_between_encrypted_offices(tmp_path):
    sender = encrypted_office(tmp_path / "雷山.kpdb")
    receiver = encrypted_office(tmp_path / "丹寨.kpdb", office="丹寨县委组织部", unit="龙泉镇")
    package = tmp_path / "雷山.kpx"
    export_package(sender, package, passphrase=PASSPHRASE)
    db = open_database(receiver)
    try:
        store = RecordStore(db, operator="测试员", clock=StepClock())
        trial = import_package(store, package, backups_dir=tmp_path / "备份", passphrase=PASSPHRASE, dry_run=True)
        assert trial.dry_run and "丹江镇" not in {row[0] for row in db.execute("SELECT name FROM units")}
        import_package(store, package, backups_dir=tmp_path / "备份", passphrase=PASSPHRASE)
    finally:
        db.close()
    assert cipher.is_encrypted(receiver) and unit_names(receiver) == {"丹江镇", "龙泉镇"}


def test_a_scratch_copy_keeps_the_encryption_a_transfer_snapshot_does_not(tmp_path):
    path = encrypted_office(tmp_path / "雷山.kpdb")
    snapshot(path, tmp_path / "试导入.kpdb", scratch=True)
    snapshot(path, tmp_path / "交换.kpdb")
    assert cipher.is_encrypted(tmp_path / "试导入.kpdb") and not cipher.is_encrypted(tmp_path / "交换.kpdb")
    assert unit_names(tmp_path / "试导入.kpdb") == unit_names(tmp_path / "交换.kpdb") == {"丹江镇"}


def test_a_merge_straight_from_an_encrypted_file(tmp_path):
    source = encrypted_office(tmp_path / "雷山.kpdb")
    into = encrypted_office(tmp_path / "丹寨.kpdb", office="丹寨县委组织部", unit="龙泉镇")
    db = open_database(into)
    try:
        merge_database(RecordStore(db, operator="测试员", clock=StepClock()), source)
    finally:
        db.close()
    assert unit_names(into) == {"丹江镇", "龙泉镇"}


def test_an_encrypted_database_picked_as_a_transfer_file_is_named_a_database(tmp_path):
    renamed = tmp_path / "雷山.kpx"
    shutil.copyfile(encrypted_office(tmp_path / "雷山.kpdb"), renamed)
    with pytest.raises(NotATransferFile, match="数据库文件，数据库请用「打开数据库」"):
        open_package(renamed, tmp_path / "work")


def test_kaoping_check_finds_an_edit_made_with_this_computers_key(tmp_path, capsys):
    path = encrypted_office(tmp_path / "雷山.kpdb")
    assert main(["check", str(path)]) == 0 and check_database(path).ok
    conn = raw_connect(path)
    conn.execute("UPDATE units SET name = '改过的单位'")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["check", str(path)]) == 1
    assert not check_database(path).ok


def test_a_plain_backup_restored_over_an_encrypted_database_is_encrypted_again(tmp_path):
    """The office chose 加密存放: restoring a backup made before keeps the choice."""
    from db.encryption import encrypt_database

    path = tmp_path / "office.kpdb"
    db = open_database(path, create=True, office_name="雷山县委组织部", encrypted=False)
    add_unit(RecordStore(db, "测试员"), {"name": "丹江镇", "kind": "乡镇"})
    db.close()
    plain_backup = backup_database(path, tmp_path / "备份", reason="手动")
    encrypt_database(path)
    result = restore_database(plain_backup, path)
    assert cipher.is_encrypted(path) and not cipher.is_encrypted(plain_backup)
    assert result.note == "这份备份是未加密的；恢复后已按本单位的设置重新加密存放。" and result.note in result.lines
    db = open_database(path)
    try:
        assert [row[0] for row in db.execute("SELECT name FROM units")] == ["丹江镇"]
    finally:
        db.close()
