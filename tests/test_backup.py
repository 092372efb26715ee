"""备份与恢复: backups of a database in use, naming, rotation, daily backups, restore and refusals."""

import errno
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import TZ, raw_connect
from hypothesis import given, settings
from hypothesis import strategies as st

import db.cipher as cipher_module
from db import open_database
from db.copying import connect_read_only
from db.integrity import check_database
from desktop_app.cli import main
from desktop_app.resources import backups_dir
from desktop_app.transfer import backup as backup_module
from desktop_app.transfer import restore as restore_module
from desktop_app.transfer.backup import (
    BackupInfo,
    backup_database,
    backups_to_remove,
    daily_backup_if_due,
    list_backups,
    rotate_backups,
)
from desktop_app.transfer.errors import BackupFailed, RestoreFailed
from desktop_app.transfer.restore import restore_database

OFFICE = "雷山县委组织部"


def fixed_clock(*args):
    moment = datetime(*args, tzinfo=TZ)
    return lambda: moment


def unit_names(path: Path) -> set[str]:
    conn = connect_read_only(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM units WHERE deleted = 0")}
    finally:
        conn.close()


def journal_mode(path: Path) -> str:
    """The file's journal mode as its header says (plain or encrypted at rest)."""
    conn = connect_read_only(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def new_office_file(path: Path, office: str = OFFICE) -> Path:
    open_database(path, create=True, office_name=office).close()
    return path


# -- backing up ----------------------------------------------------------------------------
def test_backup_of_an_open_database_is_its_state_at_backup_time(store, db_path, tmp_path):
    store.insert("units", {"name": "丹江镇", "kind": "乡镇"})
    folder = tmp_path / "备份"
    path = backup_database(db_path, folder, reason="手动", clock=fixed_clock(2026, 3, 2, 9, 30, 15))
    store.insert("units", {"name": "西江镇", "kind": "乡镇"})  # the app goes on writing
    assert path == folder / f"{OFFICE}-20260302-093015-手动.kpdb"
    assert unit_names(path) == {"丹江镇"}
    assert unit_names(db_path) == {"丹江镇", "西江镇"}
    assert check_database(path).ok
    assert journal_mode(path) == "delete"  # rollback journal: one self-contained file
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


def test_a_write_during_the_backup_is_wholly_in_the_copy(store, db_path, tmp_path, monkeypatch):
    """SQLite restarts a backup whose source changed between steps: the copy stays consistent."""
    monkeypatch.setattr(backup_module, "BACKUP_STEP_PAGES", 1)
    reports = []

    def progress(done, total, text):
        if not reports:
            store.insert("units", {"name": "丹江镇", "kind": "乡镇"})
        reports.append((done, total, text))

    path = backup_database(db_path, tmp_path, reason="导入前", progress=progress)
    assert reports[1][0] <= reports[0][0]  # the copy started again after the write
    assert len(reports) > 2 and reports[-1][0] == reports[-1][1]
    assert reports[0][2] == "正在备份数据库"
    assert unit_names(path) == {"丹江镇"}
    assert check_database(path).ok


def test_backup_of_the_county_demo_in_use_passes_the_health_check(demo_template, tmp_path):
    source = tmp_path / "county.kpdb"
    shutil.copyfile(demo_template, source)
    db = open_database(source)
    try:
        path = backup_database(source, tmp_path / "备份", reason="每日")
        report = check_database(path)
    finally:
        db.close()
    assert report.ok, report.problems
    assert report.facts["cadres"] == check_database(demo_template).facts["cadres"] > 1000


def test_names_are_safe_unique_and_listed_newest_first(tmp_path):
    db_path = new_office_file(tmp_path / "a.kpdb", office="县委/组织部:测试")
    folder = tmp_path / "备份"
    first = backup_database(db_path, folder, reason="手动", clock=fixed_clock(2026, 3, 2, 9, 0, 0))
    second = backup_database(db_path, folder, reason="手动", clock=fixed_clock(2026, 3, 2, 9, 0, 0))
    older = backup_database(db_path, folder, reason="恢复前", clock=fixed_clock(2026, 2, 27, 17, 5, 9))
    assert first.name == "县委_组织部_测试-20260302-090000-手动.kpdb"
    assert second.name == "县委_组织部_测试-20260302-090000-手动-2.kpdb"
    for unrelated in ("说明.txt", "x-20261399-000000-手动.kpdb", ".备份中-abc.tmp", "x-20260302-090000-其他.kpdb"):
        (folder / unrelated).write_text("x", encoding="utf-8")
    (folder / "目录-20260302-090000-手动.kpdb").mkdir()
    listed = list_backups(folder)
    assert [info.path for info in listed] == [second, first, older]
    assert listed[2] == BackupInfo(older, datetime(2026, 2, 27, 17, 5, 9), "恢复前", older.stat().st_size,
                                   "县委_组织部_测试")
    assert list_backups(tmp_path / "没有这个文件夹") == []


def test_disk_full_while_backing_up_leaves_no_file(office_db, db_path, tmp_path, monkeypatch):
    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_module, "_fsync", full)
    folder = tmp_path / "备份"
    with pytest.raises(BackupFailed, match="磁盘空间不足") as failed:
        backup_database(db_path, folder, reason="手动")
    assert "没有留下不完整的备份文件" in failed.value.message
    assert list(folder.iterdir()) == []


def test_sqlite_finding_the_disk_full_leaves_no_file(office_db, db_path, tmp_path, monkeypatch):
    def small_disk(module):
        def connect(target, *args, **kwargs):
            conn = module.connect(target, *args, **kwargs)
            if ".备份中-" in str(target):
                conn.execute("PRAGMA max_page_count = 2")  # SQLITE_FULL after two pages
            return conn
        return SimpleNamespace(**{**vars(module), "connect": connect})

    monkeypatch.setattr(cipher_module, "sqlite3", small_disk(sqlite3))
    if cipher_module.is_encrypted(db_path):  # KAOPING_TEST_ENCRYPTED: the copy is made by SQLCipher
        monkeypatch.setattr(cipher_module, "_sqlcipher", small_disk(cipher_module._sqlcipher))
    folder = tmp_path / "备份"
    with pytest.raises(BackupFailed, match="磁盘空间不足"):
        backup_database(db_path, folder, reason="每日")
    assert list(folder.iterdir()) == []


def test_unusable_folder_and_missing_database_are_refused(office_db, db_path, tmp_path):
    blocker = tmp_path / "是文件"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(BackupFailed, match="文件夹不存在或不可用"):
        backup_database(db_path, blocker / "备份", reason="手动")
    with pytest.raises(BackupFailed, match="找不到数据库文件"):
        backup_database(tmp_path / "none.kpdb", tmp_path, reason="手动")


# -- rotation ------------------------------------------------------------------------------
def info(moment: datetime, office: str = "甲", reason: str = "每日") -> BackupInfo:
    return BackupInfo(Path(f"{office}-{moment:%Y%m%d-%H%M%S}-{reason}.kpdb"), moment, reason, 0, office)


def test_rotation_keeps_the_newest_and_one_per_month():
    days = [datetime(2026, 1, 1, 8) + timedelta(days=n) for n in range(64)]  # 1 Jan – 5 Mar
    removed = {b.made_at for b in backups_to_remove([info(day) for day in days], keep_last=3)}
    kept = set(days) - removed
    assert kept == {datetime(2026, 3, 5, 8), datetime(2026, 3, 4, 8), datetime(2026, 3, 3, 8),
                    datetime(2026, 2, 28, 8), datetime(2026, 1, 31, 8)}
    assert {b.made_at for b in backups_to_remove([info(day) for day in days], keep_last=0)} == \
        set(days) - {datetime(2026, 3, 5, 8), datetime(2026, 2, 28, 8), datetime(2026, 1, 31, 8)}


def test_rotation_counts_each_office_apart():
    days = [datetime(2026, 3, 1, 8) + timedelta(days=n) for n in range(5)]
    backups = [info(day, "甲") for day in days] + [info(datetime(2026, 3, 1, 7), "乙")]
    assert [b.made_at.day for b in backups_to_remove(backups, keep_last=2)] == [3, 2, 1]


moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0))
backup_lists = st.lists(st.builds(info, moments, st.sampled_from(["甲", "乙"]), st.sampled_from(["每日", "手动"])),
                        unique_by=lambda b: b.path, max_size=40)


@settings(max_examples=150, deadline=None)
@given(backup_lists, st.integers(min_value=0, max_value=12))
def test_rotation_policy_properties(backups, keep_last):
    removed = backups_to_remove(backups, keep_last)
    assert len({b.path for b in removed}) == len(removed) and set(removed) <= set(backups)
    kept = [b for b in backups if b not in removed]
    for office in ("甲", "乙"):
        mine = sorted((b for b in backups if b.office == office), key=lambda b: (b.made_at, b.path.name))
        assert set(mine[-keep_last:] if keep_last else []) <= set(kept)  # the newest keep_last stay
        for month in {(b.made_at.year, b.made_at.month) for b in mine}:
            in_month = [b for b in mine if (b.made_at.year, b.made_at.month) == month]
            assert in_month[-1] in kept  # every month keeps its newest
        assert len([b for b in kept if b.office == office]) <= keep_last + len(
            {(b.made_at.year, b.made_at.month) for b in mine})


@settings(max_examples=25, deadline=None)
@given(backup_lists, st.lists(st.sampled_from(["说明.txt", "甲-20260101-080000-其他.kpdb", "甲.kpdb",
                                               ".备份中-1.tmp", "甲-2026-每日.kpdb"]), unique=True))
def test_rotation_deletes_only_what_the_policy_lets_go(backups, unrelated):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for b in backups:
            (folder / b.path.name).write_bytes(b"")
        for other in unrelated:
            (folder / other).write_bytes(b"x")
        expected = {b.path.name for b in backups_to_remove(backups, keep_last=3)}
        removed = rotate_backups(folder, keep_last=3)
        assert {p.name for p in removed} == expected
        left = {p.name for p in folder.iterdir()}
        assert left == ({b.path.name for b in backups} - expected) | set(unrelated)


def test_daily_backup_is_made_once_a_day_then_rotated(office_db, db_path, tmp_path):
    folder = tmp_path / "备份"
    folder.mkdir()
    for day in range(1, 16):  # fifteen old daily backups in January
        (folder / f"{OFFICE}-202601{day:02d}-080000-每日.kpdb").write_bytes(b"")
    (folder / "其他单位-20260302-070000-每日.kpdb").write_bytes(b"")  # another office's: not ours
    backup_database(db_path, folder, reason="手动", clock=fixed_clock(2026, 3, 2, 7, 0, 0))
    made = daily_backup_if_due(db_path, folder, "2026-03-02", clock=fixed_clock(2026, 3, 2, 8, 0, 0))
    assert made == folder / f"{OFFICE}-20260302-080000-每日.kpdb"
    assert daily_backup_if_due(db_path, folder, "2026-03-02", clock=fixed_clock(2026, 3, 2, 17, 0, 0)) is None
    ours = [b for b in list_backups(folder) if b.office == OFFICE]
    assert len(ours) == 10 and ours[0].path == made  # the ten newest; January's newest is among them
    assert not (folder / f"{OFFICE}-20260106-080000-每日.kpdb").exists()
    assert (folder / "其他单位-20260302-070000-每日.kpdb").exists()
    tomorrow = daily_backup_if_due(db_path, folder, "2026-03-03", clock=fixed_clock(2026, 3, 3, 8, 0, 0))
    assert tomorrow is not None and tomorrow.name.startswith(f"{OFFICE}-20260303-")


# -- restoring -----------------------------------------------------------------------------
def test_restore_round_trip_keeps_the_replaced_file(store, office_db, db_path, tmp_path):
    store.insert("units", {"name": "丹江镇", "kind": "乡镇"})
    backup = backup_database(db_path, tmp_path / "备份", reason="手动")
    store.insert("units", {"name": "西江镇", "kind": "乡镇"})
    office_db.close()
    result = restore_database(backup, db_path, clock=fixed_clock(2026, 3, 2, 10, 0, 0))
    assert result.kept == tmp_path / "office-恢复前-20260302-100000.kpdb"
    assert (result.backup, result.db_path, result.office) == (backup, db_path, OFFICE)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [  # no -wal, -shm or temp file
        "office-恢复前-20260302-100000.kpdb", "office.kpdb", "office.kpdb.lock"]
    assert unit_names(db_path) == {"丹江镇"}
    assert unit_names(result.kept) == {"丹江镇", "西江镇"}
    reopened = open_database(db_path)  # the restored file opens and is upgraded to WAL as usual
    assert reopened.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reopened.close()
    assert check_database(db_path).ok


CRASH_AFTER_WRITE = """
import os, sys
from db import open_database
from desktop_app.core.store import RecordStore
db = open_database(sys.argv[1])  # held: a connection collected on the way would checkpoint
RecordStore(db).insert("units", {"name": "西江镇", "kind": "乡镇"})
os._exit(0)  # ends without closing: the committed edit stays in the -wal
"""


@pytest.mark.parametrize("checkpoint", [True, False], ids=["checkpointed", "wal-moved-alongside"])
def test_committed_data_in_a_left_over_wal_is_kept(db_path, tmp_path, monkeypatch, checkpoint):
    new_office_file(db_path)
    backup = backup_database(db_path, tmp_path / "备份", reason="手动")
    subprocess.run([sys.executable, "-c", CRASH_AFTER_WRITE, str(db_path)], check=True,
                   cwd=Path(__file__).resolve().parent.parent)
    assert Path(f"{db_path}-wal").stat().st_size > 0
    if not checkpoint:
        monkeypatch.setattr(restore_module, "_checkpoint", lambda path: None)
    result = restore_database(backup, db_path)
    assert not Path(f"{db_path}-wal").exists() and not Path(f"{db_path}-shm").exists()
    assert Path(f"{result.kept}-wal").exists() is not checkpoint
    assert unit_names(db_path) == set()
    kept = open_database(result.kept)
    try:
        assert {row[0] for row in kept.execute("SELECT name FROM units")} == {"西江镇"}
    finally:
        kept.close()


def flip_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 3 * 4096] = bytes(b ^ 0xFF for b in data[middle:middle + 3 * 4096])
    path.write_bytes(bytes(data))


def damaged(folder: Path, demo: Path) -> Path:
    path = folder / "雷山县委组织部-20260302-090000-手动.kpdb"
    shutil.copyfile(demo, path)
    flip_middle(path)
    return path


def text_file(folder: Path, demo: Path) -> Path:
    path = folder / "说明.kpdb"
    path.write_text("这不是数据库", encoding="utf-8")
    return path


def foreign_sqlite(folder: Path, demo: Path) -> Path:
    path = folder / "其他软件.kpdb"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def newer_schema(folder: Path, demo: Path) -> Path:
    path = folder / "新版本.kpdb"
    shutil.copyfile(demo, path)
    conn = raw_connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('kaoping', '9999_future', 'x')")
    conn.commit()
    conn.close()
    return path


def missing(folder: Path, demo: Path) -> Path:
    return folder / "不存在.kpdb"


@pytest.mark.parametrize(("make_backup", "said"), [
    (damaged, "未通过数据库体检（.+），文件可能已损坏"),
    (text_file, "不是考评台数据库文件"),
    (foreign_sqlite, "不是考评台数据库"),
    (newer_schema, "由更新版本的考评台创建（含本版本不认识的结构变更 9999_future），请升级考评台后再恢复"),
    (missing, "找不到或无法读取备份文件"),
])
def test_unusable_backups_are_refused_and_nothing_changes(make_backup, said, demo_template, tmp_path):
    office = tmp_path / "本单位"
    office.mkdir()
    db_path = new_office_file(office / "office.kpdb")
    before = db_path.read_bytes()
    backup = make_backup(tmp_path, demo_template)
    with pytest.raises(RestoreFailed, match=said) as refused:
        restore_database(backup, db_path)
    assert refused.value.message.endswith("未做任何修改。")
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in office.iterdir()) == ["office.kpdb", "office.kpdb.lock"]


def test_restore_is_refused_while_another_program_writes_the_database(office_db, db_path, tmp_path):
    backup = backup_database(db_path, tmp_path / "备份", reason="手动")
    holder = tmp_path / "other.kpdb"
    new_office_file(holder)
    held = open_database(holder)
    before = holder.read_bytes()
    try:
        with pytest.raises(RestoreFailed, match="正在被另一个考评台窗口或程序使用，不能恢复") as refused:
            restore_database(backup, holder)
        assert refused.value.message.endswith("未做任何修改。")
        assert holder.read_bytes() == before
    finally:
        held.close()
    assert not list(tmp_path.glob("*恢复*"))


def test_restore_where_there_was_no_database(office_db, db_path, tmp_path):
    backup = backup_database(db_path, tmp_path / "备份", reason="手动")
    target = tmp_path / "新电脑" / "office.kpdb"
    target.parent.mkdir()
    result = restore_database(backup, target)
    assert result.kept is None and check_database(target).ok


# -- the commands --------------------------------------------------------------------------
def test_backup_and_restore_commands(tmp_path, capsys):
    db_path = new_office_file(tmp_path / "office.kpdb")
    folder = tmp_path / "备份"
    assert main(["backup", str(db_path), str(folder)]) == 0
    out = capsys.readouterr().out
    [backup] = list(folder.iterdir())
    assert f"已备份到：{backup}" in out and "已通过完整性检查" in out
    assert main(["restore", str(backup), str(db_path)]) == 0
    out = capsys.readouterr().out
    assert f"已用备份 {backup} 恢复数据库：{db_path}（{OFFICE}）" in out
    assert "恢复前的数据库已保留为：" in out and len(list(tmp_path.glob("office-恢复前-*.kpdb"))) == 1


def test_backup_command_defaults_to_the_data_folder(tmp_path, capsys):
    db_path = new_office_file(tmp_path / "office.kpdb")
    assert main(["backup", str(db_path)]) == 0
    path = Path(capsys.readouterr().out.splitlines()[0].removeprefix("已备份到："))
    assert path.parent == backups_dir() and path.is_file()
    path.unlink()


@pytest.mark.parametrize(("argv", "said"), [
    (["restore", "{tmp}/说明.txt", "{tmp}/office.kpdb"], "不是考评台数据库文件"),
    (["backup", "{tmp}/none.kpdb", "{tmp}/备份"], "找不到数据库文件"),
])
def test_command_errors_are_one_chinese_line(argv, said, tmp_path, capsys):
    new_office_file(tmp_path / "office.kpdb")
    (tmp_path / "说明.txt").write_text("x", encoding="utf-8")
    assert main([arg.format(tmp=tmp_path) for arg in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and said in err and "Traceback" not in err


def test_command_help_is_chinese(capsys):
    for command in ("backup", "restore"):
        with pytest.raises(SystemExit) as stopped:
            main([command, "--help"])
        assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "备份文件夹" in out and "要恢复的备份文件" in out


def test_a_cancelled_backup_leaves_no_file(demo_template, tmp_path):
    from desktop_app.transfer.errors import TransferCancelled

    folder = tmp_path / "备份"
    with pytest.raises(TransferCancelled, match="已取消备份"):
        backup_database(demo_template, folder, reason="手动", cancel=lambda: True)
    assert list(folder.iterdir()) == []
