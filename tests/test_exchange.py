"""数据交换 end to end: two demo offices exchange transfer files both ways through `kaoping transfer`."""

import json

import pytest
from conftest import record_state

from db import open_database
from db.integrity import check_database
from desktop_app.cli import main
from desktop_app.core import cadres
from desktop_app.core.demo import write_demo
from desktop_app.core.store import RecordStore
from desktop_app.transfer.merge import conflicts

PASSPHRASE = "雷山2026"


@pytest.fixture
def two_offices(tmp_path, monkeypatch):
    """Two demo offices, and the passphrase file their transfer files are encrypted with (交换文件必须加密
    is on by default)."""
    monkeypatch.setenv("KAOPING_DATA_DIR", str(tmp_path / "data"))
    first, second = tmp_path / "甲.kpdb", tmp_path / "乙.kpdb"
    write_demo(first, scale="tiny", seed=1)
    write_demo(second, scale="tiny", seed=2)
    key_file(first).write_text(PASSPHRASE + "\n", encoding="utf-8")
    return first, second


def key_file(office):
    return office.parent / "口令.txt"


def key(office) -> list[str]:
    """--passphrase-file of the offices' shared passphrase."""
    return ["--passphrase-file", str(key_file(office))]


def state(path) -> dict:
    db = open_database(path)
    try:
        return record_state(db)
    finally:
        db.close()


def exchange(source, target, stick, capsys, *extra) -> dict:
    """source exports to the stick, target imports it; the import's JSON report."""
    if stick.exists():
        stick.unlink()
    assert main(["transfer", "export", str(source), str(stick), *key(source), *extra]) == 0
    assert "可以安全拔出U盘" in capsys.readouterr().out
    assert main(["transfer", "import", str(target), str(stick), "--json", *key(source), *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_two_demo_offices_exchange_both_ways_and_agree(two_offices, tmp_path, capsys):
    first, second = two_offices
    stick = tmp_path / "U盘" / "交换.kpx"
    stick.parent.mkdir()
    to_second = exchange(first, second, stick, capsys)
    assert to_second["tables"]["cadres"]["created"] > 0 and to_second["backup"]
    assert to_second["tables"]["units"]["duplicates_merged"] > 0  # both demos hold the same towns
    to_first = exchange(second, first, stick, capsys)
    assert to_first["already_imported"] is False
    assert state(first) == state(second)
    for path in (first, second):
        assert check_database(path).ok, check_database(path).problems

    assert main(["transfer", "import", str(first), str(stick), "--json", *key(first)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["already_imported"] is True and again["versions_added"] == 0


def test_dry_run_reports_and_writes_nothing(two_offices, tmp_path, capsys):
    first, second = two_offices
    stick = tmp_path / "交换.kpx"
    assert main(["transfer", "export", str(first), str(stick), *key(first)]) == 0
    before = state(second)
    capsys.readouterr()
    assert main(["transfer", "import", str(second), str(stick), "--dry-run", "--json", *key(first)]) == 0
    trial = json.loads(capsys.readouterr().out)
    assert trial["dry_run"] is True and trial["tables"]["cadres"]["created"] > 0 and trial["backup"] is None
    assert state(second) == before
    assert main(["transfer", "import", str(second), str(stick), "--json", *key(first)]) == 0
    real = json.loads(capsys.readouterr().out)
    assert real["tables"] == trial["tables"]


def test_encrypted_exchange_and_a_wrong_passphrase(two_offices, tmp_path, capsys):
    first, second = two_offices
    right, wrong = tmp_path / "口令.txt", tmp_path / "错误口令.txt"
    right.write_text("雷山2026\n", encoding="utf-8")
    wrong.write_text("别的口令\n", encoding="utf-8")
    stick = tmp_path / "交换.kpx"
    assert main(["transfer", "export", str(first), str(stick), "--passphrase-file", str(right)]) == 0
    before = second.read_bytes()
    assert main(["transfer", "import", str(second), str(stick), "--passphrase-file", str(wrong)]) != 0
    assert "口令不正确" in capsys.readouterr().err
    assert second.read_bytes() == before
    assert main(["transfer", "import", str(second), str(stick), "--passphrase-file", str(right)]) == 0
    assert "导入完成" in capsys.readouterr().out


def test_edits_on_both_sides_are_reported_as_conflicts(two_offices, tmp_path, capsys):
    first, second = two_offices
    stick = tmp_path / "交换.kpx"
    exchange(first, second, stick, capsys)
    db = open_database(first)
    cadre_id = db.execute("SELECT id FROM cadres WHERE deleted = 0 ORDER BY id LIMIT 1").fetchone()[0]
    db.close()
    for path, phone in ((first, "13911111111"), (second, "13722222222")):
        db = open_database(path)
        cadres.update_cadre(RecordStore(db), cadre_id, {"phone": phone})
        db.close()
    report = exchange(second, first, stick, capsys)
    assert report["tables"]["cadres"]["conflicts"] == 1 and report["open_conflicts"] == 1
    db = open_database(first)
    assert [(table, record) for table, record, _heads in conflicts(db)] == [("cadres", cadre_id)]
    db.close()
    assert main(["transfer", "import", str(first), str(stick), *key(first)]) == 0
    assert "导入过" in capsys.readouterr().out


def test_a_process_killed_during_the_merge_leaves_the_database_as_it_was(two_offices, tmp_path):
    """kill -9 inside the merge transaction: the file passes the health check and holds exactly
    what it held before (every acknowledged change, nothing half-merged)."""
    import os
    import signal
    import subprocess
    import sys

    first, second = two_offices
    stick = tmp_path / "交换.kpx"
    assert main(["transfer", "export", str(first), str(stick), *key(first)]) == 0
    before = state(second)
    code = f"""
import sys, time
from pathlib import Path
from db import open_database
from desktop_app.core.store import RecordStore
from desktop_app.transfer.exchange import import_package
db = open_database(Path({str(second)!r}))
def cancel():
    if db.conn.in_transaction:  # inside the merge: say so, then wait to be killed
        print("merging", flush=True)
        time.sleep(60)
    return False
import_package(RecordStore(db), Path({str(stick)!r}), backups_dir=Path({str(tmp_path / "备份")!r}), cancel=cancel,
               passphrase={PASSPHRASE!r})
print("finished", flush=True)
"""
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "merging"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert check_database(second).ok, check_database(second).problems
    assert state(second) == before
    assert main(["transfer", "import", str(second), str(stick), "--json", *key(first)]) == 0  # and again


def test_a_cancelled_import_leaves_the_database_as_it_was(two_offices, tmp_path):
    from desktop_app.transfer.errors import TransferCancelled
    from desktop_app.transfer.exchange import import_package
    from desktop_app.transfer.package import export_package

    first, second = two_offices
    stick = tmp_path / "交换.kpx"
    export_package(first, stick, passphrase=PASSPHRASE)
    before = state(second)
    db = open_database(second)
    asked = []

    def cancel() -> bool:  # the operator presses 取消 once the merge has begun
        asked.append(db.conn.in_transaction)
        return db.conn.in_transaction

    try:
        with pytest.raises(TransferCancelled, match="已取消导入"):
            import_package(RecordStore(db), stick, backups_dir=tmp_path / "备份", cancel=cancel, passphrase=PASSPHRASE)
    finally:
        db.close()
    assert True in asked and state(second) == before
    assert check_database(second).ok


def test_backups_made_before_imports_are_rotated(two_offices, tmp_path, capsys):
    from desktop_app.resources import backups_dir

    first, second = two_offices
    folder = backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for day in range(1, 16):  # fifteen older automatic backups, all in October
        (folder / f"雷山县委组织部-202610{day:02d}-090000-导入前.kpdb").write_bytes(b"old")
    stick = tmp_path / "交换.kpx"
    assert main(["transfer", "export", str(first), str(stick), *key(first)]) == 0
    assert main(["transfer", "import", str(second), str(stick), *key(first)]) == 0
    left = sorted(path.name for path in folder.iterdir())
    # the newest ten: today's and 7–15 October (October's newest is among them: no extra one)
    assert len(left) == 10 and not any(name.startswith("雷山县委组织部-202610") for name in left[-1:])
    assert left[0] == "雷山县委组织部-20261007-090000-导入前.kpdb"
