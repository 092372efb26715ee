"""Opening database files: fresh, reopened, newer, foreign, damaged, locked, on a stick."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import raw_connect

import db.connection
from db import DatabaseError, DatabaseLocked, DatabaseTooNew, NotADatabase, ensure_local, open_database
from db.schema import known_migrations, schema_version

FIXTURES = Path(__file__).parent / "fixtures" / "schemas"


def test_fresh_file_has_office_wal_and_foreign_keys(db_path):
    db = open_database(db_path, create=True, office_name=" 雷山县委组织部 ")
    try:
        assert db.office()["name"] == "雷山县委组织部"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert schema_version(db) == len(known_migrations())
    finally:
        db.close()
    reopened = open_database(db_path)
    assert reopened.office()["name"] == "雷山县委组织部"
    reopened.close()


def test_create_needs_office_name_and_leaves_no_file(db_path):
    with pytest.raises(DatabaseError, match="本单位名称"):
        open_database(db_path, create=True, office_name="  ")
    assert not db_path.exists()


def test_missing_file_and_refusal_to_overwrite(db_path, office_db):
    with pytest.raises(DatabaseError, match="找不到"):
        open_database(db_path.with_name("none.kpdb"))
    with pytest.raises(DatabaseError, match="已存在"):
        open_database(db_path, create=True, office_name="x")


def run_sql(path, sql: str) -> None:
    """Change a file behind the app's back, as another program (or damage) would."""
    conn = raw_connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_newer_schema_is_refused_and_file_untouched(db_path):
    open_database(db_path, create=True, office_name="雷山县委组织部").close()
    run_sql(db_path, "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('kaoping', '9999_future', 'x')")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="更新版本"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_text_file_and_foreign_sqlite_are_refused(tmp_path):
    text = tmp_path / "notes.kpdb"
    text.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(NotADatabase, match="不是考评台数据库"):
        open_database(text)
    foreign = tmp_path / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabase, match="不是考评台数据库"):
        open_database(foreign)
    assert [r[0] for r in sqlite3.connect(foreign).execute("SELECT name FROM sqlite_master")] == ["t"]


def test_empty_files_are_refused_and_left_as_they_were(tmp_path):
    """A 0-byte file (what an interrupted USB copy leaves) and a SQLite file with no tables."""
    empty = tmp_path / "中断.kpdb"
    empty.write_bytes(b"")
    with pytest.raises(NotADatabase, match="空文件"):
        open_database(empty)
    assert empty.read_bytes() == b""
    blank = tmp_path / "blank.kpdb"
    run_sql(blank, "PRAGMA user_version = 1")
    before = blank.read_bytes()
    with pytest.raises(NotADatabase, match="空的 SQLite 文件"):
        open_database(blank)
    assert blank.read_bytes() == before


def test_a_database_without_its_office_is_refused_in_chinese(db_path):
    open_database(db_path, create=True, office_name="雷山县委组织部").close()
    run_sql(db_path, "DELETE FROM meta WHERE key = 'office_id'")
    with pytest.raises(DatabaseError, match="缺少本单位信息"):
        open_database(db_path)


def test_damaged_file_is_refused(db_path):
    open_database(db_path, create=True, office_name="雷山县委组织部").close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db_path.write_bytes(bytes(data))
    with pytest.raises(NotADatabase):
        open_database(db_path)


def test_second_writer_is_refused(office_db, db_path):
    with pytest.raises(DatabaseLocked, match="另一个考评台"):
        open_database(db_path)


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "a.kpdb"
    open_database(path, create=True, office_name="雷山县委组织部").close()

    @db.schema.migrations(name="9000_broken_for_test")
    def broken(database):
        database.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    try:
        with pytest.raises(RuntimeError):
            open_database(path)
        tables = [r[0] for r in raw_connect(path).execute("SELECT name FROM sqlite_master")]
        assert "half_done" not in tables
    finally:
        db.schema.migrations._migrations.pop()


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.kpdb")))
def test_every_released_schema_upgrades(fixture, tmp_path):
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    database = open_database(path)
    try:
        assert schema_version(database) == len(known_migrations())
        assert database.execute("SELECT COUNT(*) FROM cadres").fetchone()[0] > 0
    finally:
        database.close()
    from db.integrity import check_database
    assert check_database(path).ok


def test_file_on_removable_media_is_copied_to_local_disk(tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    source = stick / "乡镇数据.kpdb"
    open_database(source, create=True, office_name="丹江镇党委").close()
    monkeypatch.setattr(db.connection, "media_kind", lambda path: "移动存储")
    local, message = ensure_local(source, tmp_path / "work")
    assert local.parent == tmp_path / "work" and local.exists()
    assert "移动存储" in message and "已复制到本机" in message
    copy = open_database(local)
    assert copy.office()["name"] == "丹江镇党委"
    copy.close()


def test_no_new_database_on_removable_media(tmp_path, monkeypatch):
    monkeypatch.setattr(db.connection, "media_kind", lambda path: "移动存储")
    target = tmp_path / "新库.kpdb"
    with pytest.raises(DatabaseError, match="不能在移动存储上新建数据库"):
        open_database(target, create=True, office_name="雷山县委组织部")
    assert not target.exists()


def test_local_file_is_used_in_place(tmp_path):
    path = tmp_path / "local.kpdb"
    assert ensure_local(path, tmp_path / "work") == (path, None)
