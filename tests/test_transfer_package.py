"""Transfer files (.kpx): round trips, unit scope, and every way a file on a USB stick goes wrong."""

import errno
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import uuid
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import TZ, StepClock, id_number, raw_connect

import db.schema
import desktop_app.transfer.package as package
from db.copying import connect_read_only
from db.errors import DatabaseError
from db.integrity import check_database
from db.schema import known_migrations
from db.snapshot import LOCAL_META, snapshot
from desktop_app.core import cadres, units
from desktop_app.core.permissions import UNPROTECTED, Operator
from desktop_app.transfer.errors import (
    DamagedTransferFile,
    NotATransferFile,
    PassphraseNeeded,
    StorageFull,
    TargetExists,
    TransferCancelled,
    TransferError,
    TransferReadFailed,
    TransferTooNew,
    TransferWriteFailed,
    WrongPassphrase,
)
from desktop_app.transfer.files import next_free_path
from desktop_app.transfer.package import export_package, open_package
from desktop_app.transfer.package_format import MAGIC, Manifest, default_package_name
from desktop_app.transfer.policy import set_encryption_required

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
TABLES = ("units", "cadres", "posts", "versions", "audit_log")
PASSPHRASE = "雷山2026！"
EXPORT_CLOCK = StepClock(datetime(2026, 11, 26, 16, 0, tzinfo=TZ))



def populate(store) -> dict:
    """Three units; 张三 moved from 丹江镇 to 西江镇, 李四 in 丹江镇 (a post deleted), 王五 in 县教育局."""
    ids = {name: units.add_unit(store, {"name": name, "kind": kind})[0]
           for name, kind in (("丹江镇", "乡镇"), ("西江镇", "乡镇"), ("县教育局", "县直部门"))}
    post = {"title": "镇长", "post_type": "正职", "start_date": "2020-03-01"}
    ids["张三"] = cadres.add_cadre(store, {"name": "张三", "id_number": id_number(sequence="123")},
                                 {**post, "unit_id": ids["丹江镇"]}).record_id
    cadres.transfer_cadre(store, ids["张三"], {"unit_id": ids["西江镇"], "title": "党委书记", "post_type": "正职"},
                          "2024-06-01")
    ids["李四"] = cadres.add_cadre(store, {"name": "李四", "id_number": id_number(sequence="234")},
                                 {**post, "title": "副镇长", "post_type": "副职", "unit_id": ids["丹江镇"]}).record_id
    cadres.add_post(store, ids["李四"], {**post, "title": "武装部长", "unit_id": ids["丹江镇"]})
    extra = store.db.execute("SELECT id FROM posts WHERE title = '武装部长'").fetchone()[0]
    cadres.delete_post(store, extra)
    ids["王五"] = cadres.add_cadre(store, {"name": "王五", "phone": "13800000001"},
                                 {**post, "title": "局长", "unit_id": ids["县教育局"]}).record_id
    cadres.update_cadre(store, ids["王五"], {"phone": "13911111111"})
    return ids


@pytest.fixture
def office(store):
    """The office database, open in the app (writer lock held, WAL), with a few records. Its administrator
    turned 交换文件必须加密 off: these tests are about the file format, plain and encrypted alike (the
    policy's refusal: test_sensitive_exports)."""
    store.ids = populate(store)
    set_encryption_required(store.db, UNPROTECTED, False)
    return store


@pytest.fixture
def source(office, db_path):
    """The office database file, closed."""
    office.db.close()
    return db_path


def query(path: Path, sql: str, params=()) -> list[tuple]:
    """Read a database file without writing to it."""
    conn = connect_read_only(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def rows(path: Path) -> dict:
    """The records and meta of a file — but this workstation's sealed head, which stays home (db.snapshot)."""
    found = {table: sorted(query(path, f"SELECT * FROM {table}"), key=repr) for table in (*TABLES, "meta")}
    found["meta"] = [row for row in found["meta"] if row[0] not in LOCAL_META]
    return found


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def export(source_path: Path, target: Path, **options) -> Manifest:
    return export_package(source_path, target, clock=EXPORT_CLOCK, **options)


def header_parts(data: bytes) -> tuple[int, int]:
    """(offset of the manifest, offset of the payload) in a .kpx file's bytes."""
    start = len(MAGIC) + data[len(MAGIC):].index(b"\n") + 1
    (length,) = struct.unpack(">I", data[start:start + 4])
    return start + 4, start + 4 + length + 32


def flipped(path: Path, offset: int) -> Path:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    damaged = path.with_name("damaged.kpx")
    damaged.write_bytes(bytes(data))
    return damaged


def with_manifest(path: Path, change) -> Path:
    """Rewrite the manifest (its digest recomputed), as someone editing the file on purpose would."""
    data = path.read_bytes()
    manifest_at, payload_at = header_parts(data)
    manifest = json.loads(data[manifest_at:payload_at - 32])
    change(manifest)
    body = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    edited = path.with_name("edited.kpx")
    edited.write_bytes(data[:manifest_at - 4] + struct.pack(">I", len(body)) + body
                       + hashlib.sha256(body).digest() + data[payload_at:])
    return edited


def refused(error_type, path: Path, work: Path, **options) -> str:
    """Open `path`, expect `error_type`; nothing may be left in the working folder."""
    with pytest.raises(error_type) as caught:
        open_package(path, work, **options)
    assert not work.exists() or list(work.iterdir()) == []
    return caught.value.message


# -- round trips ---------------------------------------------------------------------------------
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_round_trip_gives_the_same_records_while_the_office_file_is_open(office, db_path, tmp_path, passphrase):
    before = digest(db_path)
    target = tmp_path / "stick" / default_package_name("雷山县委组织部", "2026-11-26")
    target.parent.mkdir()
    manifest = export(db_path, target, passphrase=passphrase)
    assert target.name == "雷山县委组织部-20261126.kpx" and target.read_bytes().startswith(MAGIC + b"1\n")
    assert os.listdir(target.parent) == [target.name]  # no partial file left beside it
    opened = open_package(target, tmp_path / "work", passphrase=passphrase)
    assert opened.manifest == manifest
    assert rows(opened.database_path) == rows(db_path)
    assert check_database(opened.database_path).ok, check_database(opened.database_path).problems
    assert os.listdir(tmp_path / "work") == [opened.database_path.name]  # the local copy of the .kpx is gone
    assert digest(db_path) == before
    opened.discard()
    assert list((tmp_path / "work").iterdir()) == []


def test_manifest_describes_the_snapshot(source, tmp_path):
    plain = export(source, tmp_path / "plain.kpx")
    sealed = export(source, tmp_path / "sealed.kpx", passphrase=PASSPHRASE)
    source_rows = rows(source)
    assert plain.format == 1 and uuid.UUID(plain.package_id).version == 4 and plain.package_id != sealed.package_id
    assert plain.office == {"id": query(source, "SELECT value FROM meta WHERE key = 'office_id'")[0][0],
                            "name": "雷山县委组织部"}
    assert plain.migrations == known_migrations()
    assert plain.exported_at.startswith("2026-11-26T16:00") and plain.exported_at.endswith("+08:00")
    assert plain.counts == {table: len(source_rows[table]) for table in TABLES}
    last = max(source_rows["audit_log"])
    assert plain.audit_head == {"seq": last[0], "version_id": last[7], "batch_id": last[9]}
    assert plain.unit_scope is None and plain.encryption is None and not plain.encrypted
    assert plain.content_sha256 == sealed.content_sha256 == hashlib.sha256(  # the same snapshot either way
        open_package(tmp_path / "plain.kpx", tmp_path / "work").database_path.read_bytes()).hexdigest()
    assert plain.payload_size == plain.content_size and sealed.payload_size == sealed.content_size + 16
    params = sealed.encryption
    assert (params["cipher"], params["kdf"], params["n"], params["r"], params["p"]) == ("AES-256-GCM", "scrypt",
                                                                                      2**15, 8, 1)
    assert len(bytes.fromhex(params["salt"])) == 16 and len(bytes.fromhex(params["nonce"])) == 12
    assert Manifest.from_json(json.loads(json.dumps(sealed.as_json()))) == sealed
    assert b"\xe5\xbc\xa0\xe4\xb8\x89" not in (tmp_path / "sealed.kpx").read_bytes()  # 张三 is not readable


def test_county_demo_round_trip_encrypted(demo_template, tmp_path):
    source = tmp_path / "county.kpdb"
    shutil.copyfile(demo_template, source)
    manifest = export(source, tmp_path / "county.kpx", passphrase=PASSPHRASE)
    assert manifest.counts["cadres"] > 1000
    opened = open_package(tmp_path / "county.kpx", tmp_path / "work", passphrase=PASSPHRASE)
    assert rows(opened.database_path) == rows(source)


# -- unit scope ----------------------------------------------------------------------------------
def test_snapshot_of_an_open_connection_is_one_self_contained_file(office, db_path, tmp_path):
    target = tmp_path / "snap" / "copy.kpdb"
    target.parent.mkdir()
    snapshot(office.db, target)
    assert os.listdir(target.parent) == ["copy.kpdb"]
    assert query(target, "PRAGMA journal_mode") == [("delete",)]
    assert rows(target) == rows(db_path)
    migrations = "SELECT name FROM _sqlite_migrations"
    assert query(target, migrations) == query(db_path, migrations)
    with pytest.raises(DatabaseError, match="不能覆盖"):
        snapshot(office.db, target)


def test_unit_scope_keeps_the_units_their_posts_holders_and_history(source, tmp_path):
    ids = dict(query(source, "SELECT name, id FROM units"))
    manifest = export(source, tmp_path / "丹江镇.kpx", unit_ids={ids["丹江镇"]})
    assert manifest.unit_scope == ["丹江镇"]
    path = open_package(tmp_path / "丹江镇.kpx", tmp_path / "work").database_path
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM units")] == ["丹江镇"]
    assert sorted(r[0] for r in conn.execute("SELECT name FROM cadres")) == sorted(["张三", "李四"])
    # 张三's post in 西江镇 stays behind; 李四's deleted post travels as a tombstone
    assert sorted(conn.execute("SELECT title, deleted FROM posts")) == [("副镇长", 0), ("武装部长", 1), ("镇长", 0)]
    kept = set(conn.execute("SELECT 'units', id FROM units UNION SELECT 'cadres', id FROM cadres"
                            " UNION SELECT 'posts', id FROM posts").fetchall())
    assert {(r[1], r[2]) for r in conn.execute("SELECT * FROM versions")} == kept
    assert {(r[5], r[6]) for r in conn.execute("SELECT * FROM audit_log")} == kept
    expected = [r for r in rows(source)["audit_log"] if (r[5], r[6]) in kept]
    assert sorted(conn.execute("SELECT * FROM audit_log").fetchall(), key=repr) == expected
    assert manifest.counts == {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    assert conn.execute("SELECT value FROM meta WHERE key = 'office_name'").fetchone()[0] == "雷山县委组织部"
    conn.close()
    assert check_database(path).ok, check_database(path).problems


def test_unit_scope_of_the_county_demo_passes_the_health_check(demo_template, tmp_path):
    chosen = dict(query(demo_template, "SELECT id, name FROM units WHERE kind = '乡镇' ORDER BY sort_order LIMIT 3"))
    holders = {r[0] for r in query(
        demo_template, f"SELECT cadre_id FROM posts WHERE unit_id IN ({','.join('?' * len(chosen))})", list(chosen))}
    manifest = export(demo_template, tmp_path / "三镇.kpx", unit_ids=set(chosen), passphrase=PASSPHRASE)
    assert sorted(manifest.unit_scope) == sorted(chosen.values())
    path = open_package(tmp_path / "三镇.kpx", tmp_path / "work", passphrase=PASSPHRASE).database_path
    assert {r[0] for r in query(path, "SELECT id FROM cadres")} == holders
    assert check_database(path).ok, check_database(path).problems


def test_unknown_unit_is_refused_and_nothing_is_written(source, tmp_path):
    with pytest.raises(DatabaseError, match="找不到"):
        export(source, tmp_path / "x.kpx", unit_ids={"no-such-unit"})
    assert not (tmp_path / "x.kpx").exists()


# -- reading a bad file --------------------------------------------------------------------------
@pytest.fixture
def sealed(source, tmp_path):
    export(source, tmp_path / "sealed.kpx", passphrase=PASSPHRASE)
    return tmp_path / "sealed.kpx"


@pytest.fixture
def plain(source, tmp_path):
    export(source, tmp_path / "plain.kpx")
    return tmp_path / "plain.kpx"


def test_passphrase_needed_and_wrong_passphrase(sealed, source, tmp_path):
    before = digest(source)
    assert "已加密，请输入导出时设置的口令" in refused(PassphraseNeeded, sealed, tmp_path / "work")
    assert "口令不正确" in refused(WrongPassphrase, sealed, tmp_path / "work", passphrase="雷山2026!")
    assert digest(source) == before


@pytest.mark.parametrize("kind", ["plain", "sealed"])
def test_truncated_file_is_incomplete(kind, request, tmp_path):
    path = request.getfixturevalue(kind)
    data = path.read_bytes()
    manifest_at, payload_at = header_parts(data)
    for cut in (5, len(MAGIC) + 1, manifest_at - 2, manifest_at + 40, payload_at - 10, payload_at,
                payload_at + 5000, len(data) - 1):
        short = tmp_path / f"cut-{cut}.kpx"
        short.write_bytes(data[:cut])
        assert "不完整" in refused(DamagedTransferFile, short, tmp_path / "work", passphrase=PASSPHRASE), cut


@pytest.mark.parametrize("kind", ["plain", "sealed"])
def test_one_flipped_byte_is_found(kind, request, tmp_path):
    path = request.getfixturevalue(kind)
    data = path.read_bytes()
    manifest_at, payload_at = header_parts(data)
    for offset, why in ((manifest_at + 30, "文件说明校验未通过"), (payload_at - 5, "文件说明校验未通过"),
                        (payload_at + 3000, "校验未通过"), (len(data) - 1, "校验未通过")):
        message = refused(DamagedTransferFile, flipped(path, offset), tmp_path / "work", passphrase=PASSPHRASE)
        assert "已损坏" in message and why in message, (offset, message)


def test_a_manifest_edited_on_purpose_is_caught(plain, sealed, tmp_path):
    def more_cadres(manifest):
        manifest["counts"]["cadres"] += 1

    assert "内容与文件说明不符" in refused(DamagedTransferFile, with_manifest(plain, more_cadres), tmp_path / "work")
    edited = with_manifest(sealed, more_cadres)
    message = refused(DamagedTransferFile, edited, tmp_path / "work", passphrase=PASSPHRASE)
    assert "加密内容校验未通过" in message  # the manifest is the associated data of AES-GCM
    odd = with_manifest(plain, lambda manifest: manifest.update(package_id=7))
    assert "文件说明不可读" in refused(DamagedTransferFile, odd, tmp_path / "work")
    other_cipher = with_manifest(sealed, lambda manifest: manifest["encryption"].update(cipher="SM4-GCM"))
    assert "不认识的加密方式" in refused(TransferTooNew, other_cipher, tmp_path / "work", passphrase=PASSPHRASE)


def test_other_files_are_not_transfer_files(tmp_path, source):
    docx = tmp_path / "考核表.kpx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>干部考核</w:document>")
    message = refused(NotATransferFile, docx, tmp_path / "work")
    assert "考核表.kpx 不是考评台交换文件" in message and "Word" in message
    empty = tmp_path / "中断.kpx"
    empty.write_bytes(b"")
    assert "是空文件（0 字节）" in refused(NotATransferFile, empty, tmp_path / "work")
    renamed = tmp_path / "office.kpx"
    shutil.copyfile(source, renamed)
    assert "数据库文件" in refused(NotATransferFile, renamed, tmp_path / "work")


def test_missing_file_and_pulled_stick_while_reading(plain, tmp_path, monkeypatch):
    assert "找不到交换文件" in refused(TransferReadFailed, tmp_path / "gone.kpx", tmp_path / "work")

    class PulledStick(StickFile):
        reads = 0

        def read(self, size=-1):
            self.reads += 1
            if self.reads > 1:
                raise OSError(errno.EIO, "Input/output error")
            return self.handle.read(1000)

    real_open = open
    monkeypatch.setattr(package, "open", lambda path, mode="r", *a, **k: PulledStick(real_open(path, mode))
                        if Path(path) == plain else real_open(path, mode, *a, **k), raising=False)
    assert "可能U盘已拔出" in refused(TransferReadFailed, plain, tmp_path / "work")


# -- structure versions --------------------------------------------------------------------------
def test_newer_structure_or_format_is_refused(source, tmp_path):
    conn = raw_connect(source)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('kaoping', '9999_future', 'x')")
    conn.commit()
    conn.close()
    export(source, tmp_path / "future.kpx", passphrase=PASSPHRASE)
    message = refused(TransferTooNew, tmp_path / "future.kpx", tmp_path / "work", passphrase=PASSPHRASE)
    assert "由更新版本的考评台导出" in message and "9999_future" in message and "请先升级" in message
    newer_format = tmp_path / "format2.kpx"
    newer_format.write_bytes(MAGIC + b"2\n" + (tmp_path / "future.kpx").read_bytes()[len(MAGIC) + 2:])
    assert "文件格式第 2 版" in refused(TransferTooNew, newer_format, tmp_path / "work")


def test_a_package_from_an_older_version_is_upgraded_in_the_copy(source, tmp_path):
    manifest = export(source, tmp_path / "older.kpx")
    before = digest(source)

    @db.schema.migrations(name="9001_added_for_test")
    def added(database):
        database.execute("CREATE TABLE notes_for_test (id TEXT PRIMARY KEY)")

    try:
        opened = open_package(tmp_path / "older.kpx", tmp_path / "work")
        conn = sqlite3.connect(opened.database_path)
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == manifest.migrations + ["9001_added_for_test"]
        assert conn.execute("SELECT COUNT(*) FROM notes_for_test").fetchone()[0] == 0
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()
        assert sorted(os.listdir(tmp_path / "work")) == [opened.database_path.name]
    finally:
        db.schema.migrations._migrations.pop()
    assert digest(source) == before


@pytest.mark.parametrize("fixture", sorted(p.name for p in SCHEMAS.glob("*.kpdb")))
def test_every_released_schema_exports_and_opens_at_the_current_schema(fixture, tmp_path):
    path = tmp_path / fixture
    shutil.copy(SCHEMAS / fixture, path)
    by = Operator("测试管理员", "管理员")  # a schema with operator accounts may hold some: export signed in
    manifest = export(path, tmp_path / "old.kpx", passphrase=PASSPHRASE, by=by)
    if manifest.migrations == known_migrations():
        pytest.skip(f"{fixture} is the current schema: nothing to upgrade")
    opened = open_package(tmp_path / "old.kpx", tmp_path / "work", passphrase=PASSPHRASE)
    applied = [r[0] for r in query(opened.database_path, "SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == known_migrations()
    assert check_database(opened.database_path).ok, check_database(opened.database_path).problems


# -- writing to the stick ------------------------------------------------------------------------
class StickFile:
    """A real open file standing for one on a USB stick; subclasses make it fail."""

    def __init__(self, handle):
        self.handle = handle

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


class FullStick(StickFile):
    """A file on a stick that fills up (or is pulled) after `room` bytes."""

    def __init__(self, handle, room: int, error: int):
        super().__init__(handle)
        self.room, self.error = room, error

    def write(self, data):
        if self.handle.tell() + len(data) > self.room:
            raise OSError(self.error, os.strerror(self.error))
        return self.handle.write(data)


@pytest.mark.parametrize(("error", "expected"), [(errno.ENOSPC, "U盘空间不足"), (errno.EIO, "写入失败，可能U盘已拔出")])
def test_a_failing_write_leaves_no_file(source, tmp_path, monkeypatch, error, expected):
    stick = tmp_path / "stick"
    stick.mkdir()
    before = digest(source)
    real_open = open
    def stick_open(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        return FullStick(handle, 5000, error) if str(path).endswith(".partial") else handle

    monkeypatch.setattr(package, "open", stick_open, raising=False)
    with pytest.raises(TransferWriteFailed) as caught:
        export(source, stick / "考核.kpx")
    assert expected in caught.value.message and str(stick / "考核.kpx") in caught.value.message
    assert isinstance(caught.value, StorageFull) == (error == errno.ENOSPC)
    assert os.listdir(stick) == []
    assert digest(source) == before


def test_too_little_room_is_said_before_writing(source, tmp_path, monkeypatch):
    monkeypatch.setattr(package.shutil, "disk_usage", lambda _path: SimpleNamespace(free=1024))
    with pytest.raises(StorageFull, match="U盘空间不足：保存到 .* 需要约 .* MB，只剩 0.0 MB"):
        export(source, tmp_path / "x.kpx")
    assert not (tmp_path / "x.kpx").exists()


def test_refusals_before_writing_anything(source, tmp_path):
    target = tmp_path / "雷山县委组织部-20261126.kpx"
    target.write_bytes(b"earlier export")
    with pytest.raises(TargetExists, match="文件已存在"):
        export(source, target)
    assert target.read_bytes() == b"earlier export"
    with pytest.raises(TransferWriteFailed, match="找不到保存位置"):
        export(source, tmp_path / "pulled" / "x.kpx")
    with pytest.raises(TransferError, match="口令不能为空"):
        export(source, tmp_path / "x.kpx", passphrase="  ")
    assert [path.name for path in tmp_path.iterdir() if ".kpx" in path.name] == [target.name]
    assert next_free_path(target).name == "雷山县委组织部-20261126-2.kpx"
    assert default_package_name('乡镇/"党委"', "2026-01-05") == "乡镇__党委_-20260105.kpx"


def test_cancel_at_any_step_leaves_no_files(source, tmp_path):
    seen = []
    export(source, tmp_path / "whole.kpx", passphrase=PASSPHRASE, progress=lambda *step: seen.append(step))
    assert seen[-1] == (100, 100, "导出完成，可以安全拔出U盘。") and all(total == 100 for _d, total, _t in seen)
    for stop in range(len(seen) - 1):
        calls = iter(range(len(seen)))
        folder = tmp_path / f"stick{stop}"
        folder.mkdir()
        with pytest.raises(TransferCancelled, match="已取消导出"):
            export(source, folder / "x.kpx", passphrase=PASSPHRASE,
                   cancel=lambda stop=stop, calls=calls: next(calls) == stop)
        assert os.listdir(folder) == []
    opened_steps = []
    open_package(tmp_path / "whole.kpx", tmp_path / "work0", passphrase=PASSPHRASE,
                 progress=lambda *step: opened_steps.append(step))
    for stop in range(len(opened_steps) - 1):
        calls = iter(range(len(opened_steps)))
        refused(TransferCancelled, tmp_path / "whole.kpx", tmp_path / f"work{stop + 1}", passphrase=PASSPHRASE,
                cancel=lambda stop=stop, calls=calls: next(calls) == stop)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_process_killed_while_writing_leaves_no_file_under_the_final_name(source, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    target = stick / "雷山县委组织部-20261126.kpx"
    before = digest(source)
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from desktop_app.transfer.package import export_package\n"
        "def progress(done, total, text):\n"
        "    if text.startswith('正在写入'):\n"
        "        print('writing', flush=True)\n"
        "        time.sleep(60)\n"
        "export_package(Path(sys.argv[1]), Path(sys.argv[2]), passphrase='x', progress=progress)\n"
    )
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    child = subprocess.Popen([sys.executable, "-c", code, str(source), str(target)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == b"writing"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
    assert not target.exists()
    assert os.listdir(stick) == [f".{target.name}.partial"]  # only the hidden half-written file
    report = check_database(source)
    assert report.ok, report.problems
    assert digest(source) == before
    export(source, target)  # the next export to that name replaces the leftover
    assert os.listdir(stick) == [target.name]
