"""Snapshots of an office database (数据快照): consistent, self-contained copies for transfer files.

A snapshot is taken with SQLite's backup API from a read-only connection, so it is
consistent even while the office's writer is working, and the live file's bytes are never
copied. It is written under a temporary name next to `target`, and renamed when complete.
The copy is a single file (journal mode DELETE, no -wal) and keeps meta (本单位) and
_sqlite_migrations (结构版本).

Pruning to some units (按单位导出) writes SQL freely: it only ever works on the copy.
"""

import os
import sqlite3
import tempfile
from pathlib import Path

from db import cipher
from db._sqlite_utils import Database
from db.audit_hash import chain_heads
from db.copying import backup_into, connect_read_only
from db.errors import DatabaseError, NotADatabase
from db.records import RECORD_TABLES
from db.schema import MIGRATION_SET

COUNTED_TABLES = ("units", "cadres", "posts", "versions", "audit_log")

Source = str | os.PathLike | sqlite3.Connection | Database


def snapshot(source: Source, target: Path, *, unit_ids: set[str] | None = None, scratch: bool = False) -> None:
    """Write a consistent copy of the office database `source` (a path or an open connection)
    to `target`, which must not exist yet. The workstation's operator accounts are left out.
    The copy is plain (a transfer file has its own passphrase) unless `scratch`: a working copy
    that stays on this computer (试导入) keeps the source's encryption at rest.

    With `unit_ids` the copy keeps only (按单位导出):
    - those units (tombstoned ones too, when named);
    - the posts (任职经历) in those units, tombstones included, so deletions travel;
    - the cadres holding any of those posts, with their whole cadre record;
    - the monthly reports made in those units and the excuses of the cadres kept; the notices
      naming any of those units, and objections about what is kept; the whole working-day calendar;
    - those units' evaluation sessions and their tallies of the cadres kept; every rule set;
    - the annual inputs, notices of criticism (通报批评) and decisions of those units, and the
      sanctions, supervised tasks (those assigned in those units), talks and inquiries of the
      cadres kept; every year lock;
    - the versions and audit entries (全程记实) of the records kept, and nothing else.
    A kept cadre's posts in *other* units are left out: they would bring units outside the
    scope with them (posts refer to units), and the receiving office has no say over them.
    """
    target = Path(target)
    if target.exists():
        raise DatabaseError(f"快照文件已存在，不能覆盖：{target}")
    handle, temp_name = tempfile.mkstemp(prefix=".snapshot-", suffix=".kpdb", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        _backup(source, temp, scratch)
        copy = cipher.connect(temp, isolation_level=None)
        try:
            if unit_ids is not None:
                _prune_to_units(copy, set(unit_ids))
            _drop_local_tables(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            copy.execute("VACUUM")
        finally:
            copy.close()
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _backup(source: Source, temp: Path, scratch: bool = False) -> None:
    """A plain copy of `source` in `temp` (an encrypted database exported plain: a transfer file has
    its own passphrase, and the receiving office has not this computer's key) — unless `scratch`,
    where the copy keeps the source's kind (db.copying.backup_into)."""
    conn = source.conn if isinstance(source, Database) else source
    try:
        if scratch:
            backup_into(conn, temp, check=False)
        elif cipher.is_cipher_connection(conn) or (not hasattr(conn, "backup") and cipher.is_encrypted(conn)):
            _export_plain(conn, temp)
        else:
            backup_into(conn, temp, check=False)
    except cipher.DatabaseErrors as error:
        raise NotADatabase(f"读取数据库失败（{error}），文件可能已损坏，未做任何修改。") from error


# the workstation's accounts, the chain heads witnessed here (记实链见证) and its own sealed log
# (本机日志): never in a transfer file
LOCAL_TABLES = ("operators", "login_failures", "audit_witnesses", "local_log")


# meta this workstation keeps about its own file: the sealed head of its chains (core.audit_chain)
LOCAL_META = ("audit_chain_head",)


def _drop_local_tables(copy: sqlite3.Connection) -> None:
    """Empty the tables that belong to this workstation (operator accounts, failed logins, its own
    log) and drop the sealed head that names their last entries."""
    present = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in LOCAL_TABLES:
        if table in present:
            copy.execute(f"DELETE FROM {table}")
    copy.executemany("DELETE FROM meta WHERE key = ?", [(key,) for key in LOCAL_META])


def _prune_to_units(copy: sqlite3.Connection, unit_ids: set[str]) -> None:
    """Keep the chosen units, the posts in them, their holders, and those records' history."""
    if not unit_ids:
        raise DatabaseError("请至少选择一个单位再导出。")
    found = {row[0] for row in copy.execute("SELECT id FROM units")}
    missing = unit_ids - found
    if missing:
        raise DatabaseError(f"所选的 {len(missing)} 个单位在数据库中找不到（可能已被合并或删除），请重新选择。")
    copy.execute("BEGIN")
    copy.execute("CREATE TEMP TABLE chosen_units (id TEXT PRIMARY KEY)")
    copy.executemany("INSERT INTO chosen_units (id) VALUES (?)", [(unit_id,) for unit_id in unit_ids])
    copy.execute("DELETE FROM posts WHERE unit_id NOT IN (SELECT id FROM chosen_units)")
    copy.execute("DELETE FROM reports WHERE unit_id NOT IN (SELECT id FROM chosen_units)")
    copy.execute("DELETE FROM notices WHERE NOT EXISTS (SELECT 1 FROM json_each(notices.unit_ids) j"
                 " WHERE j.value IN (SELECT id FROM chosen_units))")
    copy.execute("DELETE FROM cadres WHERE id NOT IN (SELECT cadre_id FROM posts)")
    for table in ("reports", "report_excuses"):
        copy.execute(f"DELETE FROM {table} WHERE cadre_id NOT IN (SELECT id FROM cadres)")
    copy.execute("DELETE FROM objections WHERE (notice_id IS NOT NULL AND notice_id NOT IN (SELECT id FROM notices))"
                 " OR (cadre_id IS NOT NULL AND cadre_id NOT IN (SELECT id FROM cadres))")
    copy.execute("DELETE FROM evaluation_sessions WHERE unit_id NOT IN (SELECT id FROM chosen_units)")
    copy.execute("DELETE FROM tallies WHERE session_id NOT IN (SELECT id FROM evaluation_sessions)"
                 " OR cadre_id NOT IN (SELECT id FROM cadres)")
    for table in ("annual_inputs", "supervision_notices", "annual_decisions", "supervised_tasks"):
        copy.execute(f"DELETE FROM {table} WHERE unit_id NOT IN (SELECT id FROM chosen_units)")
    for table in ("annual_inputs", "supervision_notices", "sanctions", "supervised_tasks", "talks", "inquiries"):
        copy.execute(f"DELETE FROM {table} WHERE cadre_id IS NOT NULL AND cadre_id NOT IN (SELECT id FROM cadres)")
    copy.execute("DELETE FROM annual_decisions WHERE kind = 'cadre' AND subject_id NOT IN (SELECT id FROM cadres)")
    copy.execute("DELETE FROM units WHERE id NOT IN (SELECT id FROM chosen_units)")
    copy.execute("CREATE TEMP TABLE kept (table_name TEXT, record_id TEXT, PRIMARY KEY (table_name, record_id))")
    for table in RECORD_TABLES:
        copy.execute(f"INSERT INTO kept (table_name, record_id) SELECT '{table}', id FROM {table}")
    for history in ("audit_log", "versions"):  # audit entries first: they refer to versions
        copy.execute(f"DELETE FROM {history} WHERE NOT EXISTS (SELECT 1 FROM kept k"
                     f" WHERE k.table_name = {history}.table_name AND k.record_id = {history}.record_id)")
    copy.execute("COMMIT")
    copy.execute("DROP TABLE temp.kept")
    copy.execute("DROP TABLE temp.chosen_units")


def snapshot_facts(path: Path) -> dict:
    """What a transfer file's manifest says about a snapshot, read from the file itself: office,
    migrations applied (结构变更), record counts, the audit head (最后一条记实), each office's chain
    head (记实链链头, db.audit_hash.chain_heads) and unit names."""
    conn = connect_read_only(path)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        migrations = [row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
        counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in COUNTED_TABLES}
        head = conn.execute("SELECT seq, version_id, batch_id FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        heads = chain_heads(conn)
        unit_names = [row[0] for row in conn.execute("SELECT name FROM units ORDER BY sort_order, name")]
    finally:
        conn.close()
    return {
        "office": {"id": meta.get("office_id", ""), "name": meta.get("office_name", "")},
        "migrations": migrations,
        "counts": counts,
        "audit_head": dict(zip(("seq", "version_id", "batch_id"), head, strict=True)) if head else None,
        "chain_heads": heads,
        "unit_names": unit_names,
    }


def _export_plain(source, temp: Path) -> None:
    temp.unlink()  # SQLCipher makes the file it exports into
    if hasattr(source, "backup"):
        cipher.export_plain(source, temp)
        return
    conn = cipher.connect(source, isolation_level=None)
    try:
        cipher.export_plain(conn, temp)
    finally:
        conn.close()


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own integrity check of a file ([] when sound), read-only."""
    try:
        conn = connect_read_only(path)
        try:
            results = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except cipher.DatabaseErrors as error:
        return [str(error)]
    return [] if results == ["ok"] else results


__all__ = ["snapshot", "snapshot_facts", "integrity_problems", "COUNTED_TABLES"]
