"""The one write path: stamps, versions, audit entries, tombstones, batches, undo."""

import json

import pytest

from db.records import version_id
from desktop_app.core.errors import RecordNotFound, UndoConflict


def audit_rows(db):
    return db.execute("SELECT action, table_name, record_id, version_id, parent_version_id, batch_id,"
                      " operator FROM audit_log ORDER BY seq").fetchall()


def test_insert_stamps_versions_and_audits(store, office_db):
    row = store.insert("units", {"name": "丹江镇", "kind": "乡镇"})
    assert len(row["id"]) == 36
    assert row["office_id"] == office_db.office()["id"]
    assert row["created_at"] == row["updated_at"]
    assert row["created_at"].startswith("2026-03-02T09:00")
    version = office_db.execute("SELECT * FROM versions WHERE id = ?", [row["version_id"]]).fetchone()
    assert json.loads(version[3]) == []  # parents
    assert json.loads(version[8]) == {"name": "丹江镇", "kind": "乡镇", "sort_order": 0}
    assert version[0] == version_id("units", row["id"], [], {"name": "丹江镇", "kind": "乡镇", "sort_order": 0}, False)
    [(action, table, record_id, vid, parent, _batch, operator)] = audit_rows(office_db)
    assert (action, table, record_id, vid, parent, operator) == ("create", "units", row["id"], row["version_id"],
                                                                 None, "测试员")


def test_update_chains_versions_and_skips_no_op(store, office_db):
    row = store.insert("units", {"name": "丹江镇", "kind": "乡镇"})
    unchanged = store.update("units", row["id"], {"name": "丹江镇"})
    assert unchanged["version_id"] == row["version_id"]
    updated = store.update("units", row["id"], {"name": "丹江镇人民政府"})
    assert updated["created_at"] == row["created_at"]
    assert updated["updated_at"] > row["updated_at"]
    actions = [(a[0], a[4]) for a in audit_rows(office_db)]
    assert actions == [("create", None), ("update", row["version_id"])]


def test_delete_is_a_tombstone(store, office_db):
    row = store.insert("units", {"name": "丹江镇", "kind": "乡镇"})
    store.delete("units", row["id"])
    with pytest.raises(RecordNotFound, match="找不到该单位"):
        store.get("units", row["id"])
    kept = store.get("units", row["id"], include_deleted=True)
    assert kept["deleted"] == 1 and kept["name"] == "丹江镇"


def test_batch_is_one_transaction(store, office_db):
    with pytest.raises(RuntimeError):
        with store.batch("两步"):
            store.insert("units", {"name": "甲镇", "kind": "乡镇"})
            raise RuntimeError("断电")
    assert office_db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0
    assert office_db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 0
    assert office_db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 0


def test_batch_groups_entries_and_reports_changes(store, office_db):
    with store.batch("建两个单位") as batch:
        store.insert("units", {"name": "甲镇", "kind": "乡镇"})
        store.insert("units", {"name": "乙镇", "kind": "乡镇"})
    changes = batch.changes()
    assert changes.count == 2 and changes.touches("units") and not changes.touches("cadres")
    assert {row[5] for row in audit_rows(office_db)} == {changes.batch_id}


def test_undo_restores_the_state_before_the_batch_and_redo_reapplies(store, office_db):
    row = store.insert("units", {"name": "甲镇", "kind": "乡镇"})
    with store.batch("改名并新建") as batch:
        store.update("units", row["id"], {"name": "甲镇二"})
        store.update("units", row["id"], {"name": "甲镇三"})
        new = store.insert("units", {"name": "乙镇", "kind": "乡镇"})
    undo = store.undo(batch.id)
    assert store.get("units", row["id"])["name"] == "甲镇"
    with pytest.raises(RecordNotFound):
        store.get("units", new["id"])
    assert undo.note == "撤销：改名并新建"
    store.undo(undo.batch_id)  # redo
    assert store.get("units", row["id"])["name"] == "甲镇三"
    assert store.get("units", new["id"])["name"] == "乙镇"


def test_undo_of_a_delete_restores_the_record(store):
    row = store.insert("units", {"name": "甲镇", "kind": "乡镇"})
    with store.batch("删除") as batch:
        store.delete("units", row["id"])
    store.undo(batch.id)
    assert store.get("units", row["id"])["name"] == "甲镇"


def test_undo_refused_when_the_record_changed_since(store, office_db):
    row = store.insert("units", {"name": "甲镇", "kind": "乡镇"})
    with store.batch("改名") as batch:
        store.update("units", row["id"], {"name": "甲镇二"})
    store.update("units", row["id"], {"name": "甲镇三"})
    entries_before = office_db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    with pytest.raises(UndoConflict, match="又被修改过"):
        store.undo(batch.id)
    assert store.get("units", row["id"])["name"] == "甲镇三"
    assert office_db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == entries_before


def test_unknown_columns_are_a_programming_error(store):
    with pytest.raises(ValueError):
        store.insert("units", {"name": "甲镇", "colour": "red"})


def test_ctrl_z_walks_down_the_history_of_one_record_and_ctrl_y_back_up(store):
    """Undo the last two edits of one record in turn (each undo of an earlier step continues from
    the state the later undo restored), then redo both."""
    row = store.insert("units", {"name": "甲镇", "kind": "乡镇"})
    with store.batch("改名一") as first:
        store.update("units", row["id"], {"name": "甲镇二"})
    with store.batch("改名二") as second:
        store.update("units", row["id"], {"name": "甲镇三"})
    undo_second = store.undo(second.id)
    assert store.get("units", row["id"])["name"] == "甲镇二"
    undo_first = store.undo(first.id)
    assert store.get("units", row["id"])["name"] == "甲镇"
    store.undo(undo_first.batch_id)   # Ctrl+Y
    assert store.get("units", row["id"])["name"] == "甲镇二"
    store.undo(undo_second.batch_id)  # Ctrl+Y
    assert store.get("units", row["id"])["name"] == "甲镇三"
    store.update("units", row["id"], {"name": "甲镇四"})  # a new edit: the old steps are history now
    with pytest.raises(UndoConflict, match="「甲镇四」在此之后又被修改过"):
        store.undo(first.id)
