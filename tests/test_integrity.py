"""`kaoping check`: healthy files pass; damage and edits that bypass the write path are named."""

import json

import pytest
from conftest import raw_connect

from db.integrity import check_database
from desktop_app.cli import main
from desktop_app.core import units


@pytest.fixture
def checked_db(store, office_db, db_path):
    unit_id, _ = units.add_unit(store, {"name": "丹江镇", "kind": "乡镇"})
    units.update_unit(store, unit_id, {"name": "丹江镇人民政府"})
    office_db.close()
    return db_path


def tamper(path, sql):
    conn = raw_connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_healthy_file_passes(checked_db, capsys):
    report = check_database(checked_db)
    assert report.ok, report.problems
    assert report.facts["units"] == 1 and report.facts["audit_entries"] == 2
    assert main(["check", str(checked_db)]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_content_edited_outside_the_app_is_found(checked_db, capsys):
    tamper(checked_db, "UPDATE units SET name = '改过的名字'")
    report = check_database(checked_db)
    assert not report.ok
    assert any("当前内容与最新版本不一致" in p for p in report.problems)
    assert main(["check", str(checked_db), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_rewritten_version_is_found(checked_db):
    tamper(checked_db, "UPDATE versions SET content = replace(content, '丹江镇', '凯棠镇')")
    assert any("内容与其编号不符" in p for p in check_database(checked_db).problems)


def test_deleted_audit_entries_are_found(checked_db):
    tamper(checked_db, "DELETE FROM audit_log")
    assert any("没有任何记实" in p for p in check_database(checked_db).problems)


def test_stale_audit_is_found(checked_db):
    tamper(checked_db, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    assert any("最新记实与当前内容不符" in p for p in check_database(checked_db).problems)


def test_not_a_database(tmp_path, capsys):
    path = tmp_path / "x.kpdb"
    path.write_bytes(b"hello")
    assert main(["check", str(path)]) == 1
    assert "发现问题" in capsys.readouterr().out


def test_check_is_read_only(checked_db):
    before = checked_db.read_bytes()
    check_database(checked_db)
    assert checked_db.read_bytes() == before


def test_a_broken_reference_does_not_hide_other_problems(checked_db):
    conn = raw_connect(checked_db)  # foreign keys are off in a plain connection
    conn.execute("INSERT INTO posts (id, created_at, updated_at, office_id, deleted, version_id, cadre_id, unit_id,"
                 " title, post_type) VALUES ('p1', 'x', 'x', 'o', 0, 'v', 'no-such-cadre', 'no-such-unit', '镇长', '正职')")
    conn.execute("UPDATE units SET name = '改过的名字'")
    conn.commit()
    conn.close()
    problems = check_database(checked_db).problems
    assert any("外键引用缺失" in p for p in problems)
    assert any("当前内容与最新版本不一致" in p for p in problems)
