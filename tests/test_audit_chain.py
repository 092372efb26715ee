"""记实链: every audit entry chained and sealed as it is written; tampering with the file through
the sqlite3 module (edit, delete, insert, re-chain without the key) is found and named; other
offices' entries verify after a merge; the heads travel in transfer files as witnesses."""

import hashlib
import hmac
import json
import shutil
from pathlib import Path

import pytest
from conftest import StepClock, id_number, raw_connect, share_database_key

from db import open_database
from db.audit_hash import ENTRY_FIELDS, SINCE_KEY, entry_chain
from db.copying import connect_read_only
from db.records import canonical_json
from db.snapshot import snapshot
from desktop_app.cli import main
from desktop_app.core import cadres, units
from desktop_app.core.audit_chain import HEAD_KEY, seal_of
from desktop_app.core.audit_keys import key_path, office_key
from desktop_app.core.audit_report import CONTENT, LINK, NO_KEY, SEAL
from desktop_app.core.audit_verify import verify_audit
from desktop_app.core.audit_witness import witnesses
from desktop_app.core.store import AUDIT_COLUMNS, RecordStore
from desktop_app.transfer.exchange import import_package
from desktop_app.transfer.merge import merge_database
from desktop_app.transfer.package import export_package, open_package

FIXTURES = Path(__file__).parent / "fixtures" / "schemas"
PASSPHRASE = "雷山2026交换"


@pytest.fixture(autouse=True)
def key_dir(tmp_path, monkeypatch):
    """This computer's office keys: a folder of the test's own."""
    folder = tmp_path / "密钥"
    monkeypatch.setenv("KAOPING_KEY_DIR", str(folder))
    return folder


@pytest.fixture
def written(store, office_db, db_path):
    """Six entries of 雷山县委组织部: three units, a rename, a cadre with a post. The file, closed."""
    town, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    units.add_unit(store, {"name": "西江镇", "kind": "乡镇"})
    units.add_unit(store, {"name": "县教育局", "kind": "县直部门"})
    units.update_unit(store, town, {"name": "丹江镇人民政府"})
    cadres.add_cadre(store, {"name": "张三", "id_number": id_number()},
                     {"unit_id": town, "title": "镇长", "post_type": "正职", "start_date": "2024-01-01"})
    office_db.close()
    return db_path


def check(path, key_lookup=office_key):
    conn = connect_read_only(path)
    try:
        return verify_audit(conn, key_lookup)
    finally:
        conn.close()


def tamper(path, sql: str, params=()):
    conn = raw_connect(path)  # what anyone with a SQLite tool can do
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def entries(path) -> list[tuple]:
    conn = raw_connect(path)
    try:
        return conn.execute(f"SELECT seq, {', '.join(ENTRY_FIELDS)}, prev_chain, chain, seal FROM audit_log"
                            " ORDER BY seq").fetchall()
    finally:
        conn.close()


def office_id_of(path) -> str:
    conn = raw_connect(path)
    try:
        return conn.execute("SELECT value FROM meta WHERE key = 'office_id'").fetchone()[0]
    finally:
        conn.close()


def rechain(path, from_seq: int, fake_key: bytes | None) -> None:
    """Recompute prev/chain (and seals with a key that is not the office's) from `from_seq` on, as
    someone would after editing an entry, knowing the design but not the key."""
    rows = entries(path)
    conn = raw_connect(path)
    prev = next((row[-2] for row in reversed(rows) if row[0] < from_seq), "")
    for seq, *fields, _prev, _chain, _seal in rows:
        if seq < from_seq:
            continue
        chain = entry_chain(prev, fields)
        seal = seal_of(fake_key, chain) if fake_key else ""
        conn.execute("UPDATE audit_log SET prev_chain = ?, chain = ?, seal = ? WHERE seq = ?", [prev, chain, seal, seq])
        prev = chain
    conn.commit()
    conn.close()


def own(result):
    return next(office for office in result.offices if office.own)


# -- written, chained, sealed -----------------------------------------------------------------------------
def test_each_entry_is_chained_to_the_one_before_and_sealed_with_the_office_key(written, key_dir):
    assert AUDIT_COLUMNS == ENTRY_FIELDS  # the store writes the fields the chain covers, in that order
    rows = entries(written)
    key = office_key(office_id_of(written))
    assert len(rows) == 6 and key is not None and key_path(office_id_of(written)).parent == key_dir
    prev = ""
    for _seq, *fields, stored_prev, chain, seal in rows:
        expected = hashlib.sha256((prev + canonical_json(dict(zip(ENTRY_FIELDS, fields, strict=True)))).encode())
        assert chain == entry_chain(prev, fields) == expected.hexdigest()
        assert (stored_prev, seal) == (prev, hmac.new(key, chain.encode(), "sha256").hexdigest())
        prev = chain
    result = check(written)
    assert result.ok and own(result).sealed == 6 and own(result).keyed
    assert result.lines()[-1] == "结论：记实链完整，未发现改动。"


def test_the_key_stays_outside_the_database_file(written):
    key = office_key(office_id_of(written))
    data = written.read_bytes()
    assert key not in data and key.hex().encode() not in data
    assert oct(key_path(office_id_of(written)).stat().st_mode & 0o777) == "0o600"


def test_undo_continues_the_chain(store, office_db, db_path):
    unit_id, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    changes = units.update_unit(store, unit_id, {"name": "丹江镇人民政府"})
    store.undo(changes.batch_id)
    office_db.close()
    assert check(db_path).ok and own(check(db_path)).entries == 3


# -- tampering with the sqlite3 module --------------------------------------------------------------------
def test_an_edited_entry_is_named_with_its_time_operator_and_what_it_did(written):
    tamper(written, "UPDATE audit_log SET operator = '王五' WHERE seq = 2")
    result = check(written)
    broken = own(result).broken
    assert not result.ok and (broken.seq, broken.reason, broken.operator) == (2, CONTENT, "王五")
    assert broken.text() == "雷山县委组织部：第 2 条记实（2026-03-02 09:00:02，王五，新增单位「西江镇」）：内容被改动。"


def test_a_deleted_entry_breaks_the_link_and_leaves_its_version_without_an_entry(written):
    tamper(written, "DELETE FROM audit_log WHERE seq = 2")
    result = check(written)
    assert (own(result).broken.seq, own(result).broken.reason) == (3, LINK)
    [unaudited] = result.problems
    assert unaudited.reason == LINK and unaudited.what == "单位「西江镇」" and "没有对应的记实" in unaudited.detail


def test_deleting_the_latest_entries_is_found_by_the_sealed_head(written):
    tamper(written, "DELETE FROM audit_log WHERE seq >= 5")
    result = check(written)
    assert own(result).broken is None  # what is left links up
    assert {(problem.what, problem.reason) for problem in result.problems} >= {("本单位最后写入的记实", LINK)}
    assert not result.ok


def test_deleting_every_entry_is_found(written):
    tamper(written, "DELETE FROM audit_log")
    assert [problem.what for problem in check(written).problems][0] == "本单位最后写入的记实"


def test_deleting_the_head_too_is_found(written):
    tamper(written, "DELETE FROM audit_log WHERE seq >= 5")
    tamper(written, "DELETE FROM meta WHERE key = ?", [HEAD_KEY])
    assert any("链头记录不见了" in problem.detail for problem in check(written).problems)


@pytest.mark.parametrize("seal", ["", "0" * 64])
def test_an_inserted_entry_with_a_well_made_chain_lacks_the_seal(written, seal):
    *_, last = entries(written)
    fields = dict(zip(ENTRY_FIELDS, last[1:11], strict=True)) | {"note": "补录", "operator": "王五"}
    chain = entry_chain(last[-2], list(fields.values()))
    tamper(written, f"INSERT INTO audit_log ({', '.join(ENTRY_FIELDS)}, prev_chain, chain, seal)"
                    f" VALUES ({', '.join('?' * 13)})", [*fields.values(), last[-2], chain, seal])
    broken = own(check(written)).broken
    assert (broken.seq, broken.reason, broken.operator) == (7, SEAL, "王五")


def test_an_inserted_entry_without_a_chain(written):
    *_, last = entries(written)
    tamper(written, f"INSERT INTO audit_log ({', '.join(ENTRY_FIELDS)}) VALUES ({', '.join('?' * 10)})",
           list(last[1:11]))
    broken = own(check(written)).broken
    assert (broken.seq, broken.reason) == (7, LINK) and "没有链值" in broken.detail


def test_a_chain_recomputed_without_the_key_shows_as_a_seal_mismatch(written):
    tamper(written, "UPDATE audit_log SET note = '改过的说明' WHERE seq = 3")
    rechain(written, 3, fake_key=b"k" * 32)
    broken = own(check(written)).broken
    assert (broken.seq, broken.reason) == (3, SEAL)
    rechain(written, 3, fake_key=None)  # seals dropped altogether
    assert (own(check(written)).broken.seq, own(check(written)).broken.reason) == (3, SEAL)


def test_without_the_key_only_the_continuity_is_checked(written):
    result = check(written, key_lookup=lambda _office: None)
    assert result.ok and not own(result).keyed
    assert any(NO_KEY in line for line in result.lines())
    tamper(written, "UPDATE audit_log SET note = '改过的说明' WHERE seq = 3")
    assert own(check(written, key_lookup=lambda _office: None)).broken.reason == CONTENT


# -- databases from before the chain --------------------------------------------------------------------
def upgraded(tmp_path) -> Path:
    path = tmp_path / "升级.kpdb"
    shutil.copyfile(FIXTURES / "v0005_annual.kpdb", path)
    open_database(path).close()
    return path


def test_entries_before_the_upgrade_are_chained_at_first_open_and_sealing_starts_after(tmp_path):
    path = upgraded(tmp_path)
    rows = entries(path)
    assert rows and all(row[-2] and not row[-1] for row in rows)  # chained, not sealed
    result = check(path)
    since = result.since
    assert result.ok and since["seq"] == rows[-1][0] + 1 and not result.warnings
    assert f"{since['at'][:10]} 之前的 {len(rows)} 条记实在升级时补链（无封印）" in result.lines()[0]
    db = open_database(path)
    units.add_unit(RecordStore(db, clock=StepClock()), {"name": "新设单位", "kind": "县直部门"})
    db.close()
    newest = entries(path)[-1]
    assert newest[-3] == rows[-1][-2] and newest[-1]  # follows on, sealed
    assert check(path).ok and own(check(path)).sealed == 1


def test_after_the_upgrade_rewriting_older_entries_is_found(tmp_path):
    path = upgraded(tmp_path)
    db = open_database(path)
    units.add_unit(RecordStore(db, clock=StepClock()), {"name": "新设单位", "kind": "县直部门"})
    db.close()
    tamper(path, "UPDATE audit_log SET note = '改过的说明' WHERE seq = 2")
    assert (own(check(path)).broken.seq, own(check(path)).broken.reason) == (2, CONTENT)
    rechain(path, 2, fake_key=None)  # the older ones need no seal, the first sealed one does
    assert own(check(path)).broken.reason == SEAL
    assert own(check(path)).broken.seq == entries(path)[-1][0]


def test_moving_where_sealing_began_is_found(written):
    tamper(written, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
           [SINCE_KEY, json.dumps({"seq": 99, "at": "2026-01-01T00:00:00+08:00"})])
    assert any(problem.reason == CONTENT for problem in check(written).problems)


# -- other offices' entries ------------------------------------------------------------------------------
def new_office(tmp_path, monkeypatch, name: str) -> RecordStore:
    """An office on a computer of its own: its keys in its own folder."""
    share_database_key(tmp_path / f"{name}-密钥")
    monkeypatch.setenv("KAOPING_KEY_DIR", str(tmp_path / f"{name}-密钥"))
    db = open_database(tmp_path / f"{name}.kpdb", create=True, office_name=f"{name}县委组织部")
    store = RecordStore(db, operator=f"{name}操作员", clock=StepClock())
    store._seal_key()  # read on this computer
    return store


def test_entries_merged_from_another_office_verify_here(tmp_path, monkeypatch):
    a, b = new_office(tmp_path, monkeypatch, "甲"), new_office(tmp_path, monkeypatch, "乙")
    town, _ = units.add_unit(a, {"name": "丹江镇", "kind": "乡镇"})
    units.add_unit(a, {"name": "西江镇", "kind": "乡镇"})
    units.update_unit(a, town, {"name": "丹江镇人民政府"})
    units.add_unit(b, {"name": "县教育局", "kind": "县直部门"})
    merge_database(b, a.db.path)
    result = verify_audit(b.db)  # on 乙's computer: no key of 甲
    assert result.ok, result.lines()
    a_chain = next(office for office in result.offices if office.office_name == "甲县委组织部")
    assert (a_chain.entries, a_chain.keyed, a_chain.gaps, own(result).keyed) == (3, False, 0, True)
    assert "甲县委组织部（其他单位）：记实 3 条，链完整，封印只能由该单位核对。" in result.lines()
    b.db.close()
    tamper(b.db.path, "UPDATE audit_log SET note = '改过' WHERE office_id = ? AND action = 'update'", [a.office_id])
    a_chain = next(office for office in check(b.db.path).offices if office.office_name == "甲县委组织部")
    assert a_chain.broken.reason == CONTENT and a_chain.broken.operator == "甲操作员"
    a.db.close()


def test_entries_of_some_units_only_leave_counted_gaps_that_a_full_file_fills(tmp_path, monkeypatch):
    a, b = new_office(tmp_path, monkeypatch, "甲"), new_office(tmp_path, monkeypatch, "乙")
    town, _ = units.add_unit(a, {"name": "丹江镇", "kind": "乡镇"})
    units.add_unit(a, {"name": "西江镇", "kind": "乡镇"})
    units.update_unit(a, town, {"name": "丹江镇人民政府"})
    snapshot(a.db.path, tmp_path / "丹江镇.kpdb", unit_ids={town})  # 按单位导出
    merge_database(b, tmp_path / "丹江镇.kpdb")
    result = verify_audit(b.db)
    a_chain = next(office for office in result.offices if not office.own)
    assert result.ok and (a_chain.entries, a_chain.gaps) == (2, 1)
    assert "有 1 处衔接的更早记实本库没有收到（按单位导出时属正常）" in a_chain.summary()
    merge_database(b, a.db.path)
    a_chain = next(office for office in verify_audit(b.db).offices if not office.own)
    assert (a_chain.entries, a_chain.gaps, a_chain.broken) == (3, 0, None)
    a.db.close()
    b.db.close()


# -- witnesses in transfer files --------------------------------------------------------------------------
def test_chain_heads_travel_in_transfer_files_and_are_kept_as_witnesses(tmp_path, monkeypatch):
    a, b = new_office(tmp_path, monkeypatch, "甲"), new_office(tmp_path, monkeypatch, "乙")
    units.add_unit(a, {"name": "丹江镇", "kind": "乡镇"})
    units.add_unit(a, {"name": "西江镇", "kind": "乡镇"})
    units.add_unit(b, {"name": "县教育局", "kind": "县直部门"})
    stick = tmp_path / "U盘"
    stick.mkdir()
    manifest = export_package(a.db.path, stick / "甲.kpx", passphrase=PASSPHRASE)
    a_last = entries(a.db.path)[-1]
    assert manifest.chain_heads == {a.office_id: {"chain": a_last[-2], "at": a_last[1]}}
    opened = open_package(stick / "甲.kpx", tmp_path / "读取", passphrase=PASSPHRASE)
    for office_id in (a.office_id, b.office_id):  # no key travels
        for key_dir in (tmp_path / "甲-密钥", tmp_path / "乙-密钥"):
            monkeypatch.setenv("KAOPING_KEY_DIR", str(key_dir))
            key = office_key(office_id)
            assert key is None or (key not in opened.database_path.read_bytes()
                                   and key.hex().encode() not in opened.database_path.read_bytes())
    opened.discard()
    import_package(b, stick / "甲.kpx", backups_dir=tmp_path / "备份", passphrase=PASSPHRASE)
    [witness] = witnesses(b.db)
    assert (witness["office_id"], witness["chain"], witness["from_office_name"]) == (
        a.office_id, a_last[-2], "甲县委组织部")
    result = verify_audit(b.db)
    assert result.ok and result.witnesses == 1 and "收到的交换文件所载链头 1 个，均仍在记实链中。" in result.lines()

    # In 乙, 甲's newest entry is rewritten and re-chained: without 甲's key its chain still holds, but
    # the witness and 乙's sealed receipt for the entries that file brought show it
    b.db.close()
    seq = entries(b.db.path)[-1][0]
    tamper(b.db.path, "UPDATE audit_log SET note = '改过' WHERE seq = ?", [seq])
    rechain_entry(b.db.path, seq)
    result = check(b.db.path)
    assert all(office.broken is None for office in result.offices)
    problem, receipt = result.problems
    assert "本机日志第" in receipt.what and "收到记实「甲县委组织部」" in receipt.what
    assert receipt.detail == "这张凭据所记的记实被改动、删除或插入过"
    assert problem.reason == f"与 甲县委组织部 {witness['received_at'][:10]} 收到的交换文件记录不一致"
    assert problem.text().startswith(f"甲县委组织部：记实链头（{a_last[1][:19].replace('T', ' ')}）：与 甲县委组织部")
    assert not result.ok
    a.db.close()


def rechain_entry(path, seq: int) -> None:
    row = next(row for row in entries(path) if row[0] == seq)
    tamper(path, "UPDATE audit_log SET chain = ? WHERE seq = ?", [entry_chain(row[-3], row[1:11]), seq])


def test_a_manifest_without_chain_heads_still_reads():
    from desktop_app.transfer.package_format import Manifest

    data = {"package_id": "p", "office": {"id": "o", "name": "甲"}, "migrations": [], "exported_at": "x",
            "counts": {}, "content_sha256": "", "content_size": 0, "payload_size": 0, "audit_head": None,
            "unit_scope": None, "encryption": None, "format": 1}
    assert Manifest.from_json(data).chain_heads is None


# -- kaoping check -------------------------------------------------------------------------------------------
def test_check_prints_the_chain_and_exits_0_when_whole(written, capsys):
    assert main(["check", str(written)]) == 0
    out = capsys.readouterr().out
    assert "本单位（雷山县委组织部）：记实 6 条，链完整，封印相符（6 条）。" in out and "检查通过：数据库完好。" in out


def test_check_names_the_first_broken_entry_and_exits_1(written, capsys):
    tamper(written, "UPDATE audit_log SET operator = '王五' WHERE seq = 4")
    assert main(["check", str(written)]) == 1
    out = capsys.readouterr().out
    assert "雷山县委组织部：第 4 条记实（2026-03-02 09:00:04，王五，修改单位「丹江镇人民政府」）：内容被改动。" in out
    assert "记实链核验未通过" in out
    assert main(["check", str(written), "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found["ok"] is False and found["audit_chain"]["offices"][0]["broken"]["seq"] == 4


def test_check_without_the_key_says_so_and_passes(written, capsys, monkeypatch, tmp_path):
    share_database_key(tmp_path / "别的电脑")
    monkeypatch.setenv("KAOPING_KEY_DIR", str(tmp_path / "别的电脑"))
    assert main(["check", str(written)]) == 0
    assert NO_KEY in capsys.readouterr().out

