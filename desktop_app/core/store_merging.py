"""合并导入 in the one write path: taking in another office's versions and audit entries as they came.

A mixin of core.store.RecordStore (it uses the store's batch, database and acting operator): no new
versions and no audit entries of this office — those came with the other office's file — except
that the operator importing vouches for what the file brings (`vouch_for`).
"""

import json

from db.records import DERIVED_OFFICE, RECORD_TABLES, TABLE_LABELS
from desktop_app.core.audit_chain import CHAIN_COLUMNS
from desktop_app.core.errors import RecordNotFound
from desktop_app.core.permissions import IMPORT_JUDGED, Write, require_write
from desktop_app.core.store_rows import AUDIT_COLUMNS, FIRST_VERSION, VERSION_COLUMNS, check_table, upsert_sql


class MergingStore:
    """The merge's side of RecordStore."""

    def adopt(self, table: str, record_id: str, vid: str) -> bool:
        """Make the existing version `vid` the record's current state (合并导入).

        No new version and no audit entry: both came with the version from the other office.
        Returns False when the record already stood at `vid`.
        """
        check_table(table)
        version = self.db.execute(
            "SELECT content, deleted, at FROM versions WHERE id = ? AND table_name = ? AND record_id = ?",
            [vid, table, record_id]).fetchone()
        if version is None:
            raise RecordNotFound(f"找不到{TABLE_LABELS[table]}记录的版本 {vid[:12]}。")
        content_json, deleted, at = version
        with self.batch("合并导入") as batch:
            current = self.db.execute(f"SELECT version_id, created_at, office_id FROM {table} WHERE id = ?",
                                      [record_id]).fetchone()
            if current is not None and current[0] == vid:
                return False
            first_at, first_office = self.db.execute(
                f"SELECT at, office_id FROM versions w WHERE table_name = ? AND record_id = ? {FIRST_VERSION} LIMIT 1",
                [table, record_id]).fetchone()
            row = {**json.loads(content_json), "id": record_id, "updated_at": at, "deleted": deleted,
                   "version_id": vid, "created_at": current[1] if current else first_at,
                   "office_id": current[2] if current else first_office}
            columns = list(row)
            self.db.execute(
                upsert_sql(table, columns),
                [row[c] for c in columns],
            )
            batch.tables.add(table)
            batch.count += 1
            return True

    def adopt_new(self, table: str, heads: dict[str, str]) -> int:
        """`adopt` for many records that have no row here yet, in one statement (合并导入).

        `heads` maps record id → version id. The caller makes sure no unique key clashes.
        """
        check_table(table)
        columns = RECORD_TABLES[table]
        first = ("(SELECT w.{0} FROM versions w WHERE w.table_name = v.table_name AND w.record_id = v.record_id"
                 f" {FIRST_VERSION} LIMIT 1)")
        with self.batch("合并导入") as batch:
            cursor = self.db.execute(
                f"INSERT INTO {table} (id, created_at, updated_at, office_id, deleted, version_id, {', '.join(columns)})"
                f" SELECT v.record_id, {first.format('at')}, v.at, {first.format('office_id')}, v.deleted, v.id, "
                + ", ".join(f"json_extract(v.content, '$.{column}')" for column in columns)
                + " FROM versions v WHERE v.table_name = ? AND v.id IN (SELECT value FROM json_each(?))",
                [table, json.dumps(sorted(heads.values()))])
            if cursor.rowcount:
                batch.tables.add(table)
                batch.count += cursor.rowcount
        return cursor.rowcount

    def receive_versions(self, schema: str) -> list[tuple[str, str, str]]:
        """Copy the versions the attached database `schema` has and this one lacks (合并导入).

        Returns (table, record id, version id) of each version received; versions of tables this
        version of the app does not know are left out. See `vouch_for`.
        """
        tables = ", ".join(f"'{table}'" for table in RECORD_TABLES)
        with self.batch("合并导入"):
            last = self.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM main.versions").fetchone()[0]
            self.db.execute(  # versions already here are skipped by their primary key
                f"INSERT OR IGNORE INTO main.versions ({VERSION_COLUMNS}) SELECT {VERSION_COLUMNS}"
                f" FROM {schema}.versions WHERE table_name IN ({tables}) ORDER BY at, id")
            # the rows just inserted are the ones after the largest rowid before
            return self.db.execute("SELECT table_name, record_id, id FROM main.versions WHERE rowid > ?",
                                   [last]).fetchall()

    def vouch_for(self, received: list[tuple[str, str, str]]) -> None:
        """The operator importing vouches for the file: PermissionDenied when a version received
        (receive_versions) needs more than their role — a rule set changed, a year reopened
        (core.permissions.IMPORT_JUDGED): a person of another office made it, one of this office brings it in."""
        version_ids = [vid for table, _record, vid in received if table in IMPORT_JUDGED]
        operator = self._acting()
        if operator.role == "管理员" or not version_ids:
            return
        for table, before, after in people_writes(self.db, version_ids):
            year = (after or before or {}).get("year")
            inherited = inherited_rules_json(self.db, year) if table == "rule_sets" and year else None
            require_write(operator, Write(table, before, after, inherited),
                          f"交换文件中有其他单位的{TABLE_LABELS[table]}改动，导入即由本机操作员担保")

    def receive_audit(self, schema: str) -> int:
        """Copy the audit entries of the attached `schema` this database lacks, keyed by (office, batch, version)."""
        columns = ", ".join(AUDIT_COLUMNS + CHAIN_COLUMNS)  # their chain as it came (core.audit_chain)
        with self.batch("合并导入"):
            cursor = self.db.execute(
                f"INSERT INTO main.audit_log ({columns}) SELECT {columns} FROM {schema}.audit_log AS s"
                " WHERE s.version_id IN (SELECT id FROM main.versions) AND NOT EXISTS (SELECT 1 FROM main.audit_log m"
                " WHERE m.batch_id = s.batch_id AND m.version_id = s.version_id AND m.office_id = s.office_id)"
                " ORDER BY s.seq")
        return cursor.rowcount


def people_writes(db, version_ids: list[str]) -> list[tuple[str, dict | None, dict | None]]:
    """(table, content before, content after) of the versions a person wrote among `version_ids`
    (a merge's derived ones left out): before is the first parent's, None for a creation or when
    it was deleted; after is None for a deletion. By time."""
    rows = db.execute(
        "SELECT v.table_name, v.content, v.deleted, p.content, p.deleted FROM versions v"
        " LEFT JOIN versions p ON p.id = json_extract(v.parents, '$[0]')"
        " WHERE v.id IN (SELECT value FROM json_each(?)) AND v.office_id <> ? ORDER BY v.at, v.id",
        [json.dumps(version_ids), DERIVED_OFFICE]) if version_ids else []
    return [(table, json.loads(parent) if parent and not parent_deleted else None,
             None if deleted else json.loads(content)) for table, content, deleted, parent, parent_deleted in rows]


def inherited_rules_json(db, year) -> str:
    """The rules (JSON) `year` follows when it has no rule set of its own (core.rule_sets)."""
    from desktop_app.core.rule_sets import inherited_rules  # rule_sets writes through this module

    return json.dumps(inherited_rules(db, int(year)), ensure_ascii=False)


__all__ = ["MergingStore", "people_writes", "inherited_rules_json"]
