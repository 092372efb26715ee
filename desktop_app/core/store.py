"""The one write path (唯一写入通道): every insert, update and delete of a record goes here.

Each write, inside one transaction per operator action (a *batch*):
- is refused when the signed-in operator's role may not make it (core.permissions), or when it
  would change a locked year (core.year_locks) — merged-in versions are not judged;
- stamps the record (UUID, created/updated time, the office that made it);
- appends an immutable version (id = hash of content and parent version, see db.records);
- writes the audit entry (全程记实: who, when, what, before → after by version ids), chained
  and sealed (记实链, core.audit_chain).
Deletes are tombstones (deleted = 1). Undo writes new versions that restore the state
before a batch, so undo is itself on record and travels with the file.
"""

import json
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from db.connection import OfficeDatabase
from db.records import DERIVED_OFFICE, RECORD_TABLES, TABLE_LABELS, canonical_json, content_of, version_id
from db.version_graph import heads, record_versions
from desktop_app.core.audit_chain import CHAIN_COLUMNS, ChainWriter
from desktop_app.core.audit_keys import writing_key
from desktop_app.core.clock import Clock, stamp, system_clock
from desktop_app.core.errors import PermissionDenied, RecordNotFound, RuleViolation, UndoConflict
from desktop_app.core.local_log import adopt
from desktop_app.core.operators import current_operator, has_operators
from desktop_app.core.permissions import Operator, Write, require, require_write
from desktop_app.core.record_names import record_name
from desktop_app.core.store_merging import MergingStore, inherited_rules_json, people_writes
from desktop_app.core.store_rows import AUDIT_COLUMNS, VERSION_COLUMNS, check_columns, check_table, upsert_sql
from desktop_app.core.year_locks import LOCKABLE, locked_years, refuse_locked_write

COLUMN_DEFAULTS = {"sort_order": 0, "end_date": None, "status": "在职"}


@dataclass(frozen=True)
class Changes:
    """What an operator action changed (like Anki's OpChanges); pages refresh from it."""

    tables: frozenset[str] = frozenset()
    batch_id: str | None = None
    note: str = ""
    count: int = 0

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))

    @property
    def empty(self) -> bool:
        return self.count == 0


@dataclass
class _Batch:
    id: str
    note: str
    tables: set[str] = field(default_factory=set)
    count: int = 0
    locked_years: set[int] | None = None  # read at the batch's first write to a lockable table
    acting: Operator | None = None  # who writes, as the database knows them at the batch's first write
    chain: ChainWriter | None = None  # the office's audit chain, from the batch's first write

    def changes(self) -> Changes:
        return Changes(frozenset(self.tables), self.id if self.count else None, self.note, self.count)


DERIVED_OPERATOR = "自动合并"


class RecordStore(MergingStore):
    """Writes records of one office database on behalf of one operator."""

    def __init__(self, db: OfficeDatabase, operator: str = "管理员", clock: Clock = system_clock, *,
                 role: str | None = None):
        """`role`: the signed-in operator's (core.permissions), who may write only what it allows.
        Not given: nobody signed in — full rights (管理员) while the database has no operator
        accounts, every write refused once it has (PermissionDenied)."""
        self.db = db
        self.operator = operator
        self.clock = clock
        self.role = role or "管理员"
        self.signed_in = role is not None
        self.office_id = db.office()["id"]
        self._batch: _Batch | None = None
        self._lock = threading.RLock()

    # -- batches -------------------------------------------------------------------------
    @contextmanager
    def batch(self, note: str, *, batch_id: str | None = None) -> Iterator[_Batch]:
        """One operator action: one transaction, one undo step. Nested calls join the outer one.

        `batch_id` is a new UUID unless given (the deterministic demo gives one).
        """
        with self._lock:
            if self._batch is not None:
                yield self._batch
                return
            self._batch = _Batch(batch_id or str(uuid.uuid4()), note)
            try:
                with self.db.atomic():
                    yield self._batch
                    if self._batch.chain is not None:
                        adopt(self.db, self._seal_key())  # the upgrade's local log, sealed once
                        self._batch.chain.close()
            finally:
                self._batch = None

    # -- reads -----------------------------------------------------------------------------
    def get(self, table: str, record_id: str, *, include_deleted: bool = False) -> dict:
        check_table(table)
        cursor = self.db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
        row = cursor.fetchone()
        columns = [c[0] for c in cursor.description]
        if row is None or (row[columns.index("deleted")] and not include_deleted):
            raise RecordNotFound(f"找不到该{TABLE_LABELS[table]}记录（可能已被删除）。")
        return dict(zip(columns, row, strict=True))

    # -- writes ----------------------------------------------------------------------------
    def insert(self, table: str, values: Mapping, *, record_id: str | None = None) -> dict:
        check_table(table)
        check_columns(table, values)
        content = {column: values.get(column, COLUMN_DEFAULTS.get(column, "")) for column in RECORD_TABLES[table]}
        return self._write(table, record_id or str(uuid.uuid4()), content, False, "create", None)

    def update(self, table: str, record_id: str, changes: Mapping) -> dict:
        """Change some content columns; writes nothing when nothing differs."""
        check_columns(table, changes)
        current = self.get(table, record_id)
        content = content_of(table, current) | dict(changes)
        if content == content_of(table, current):
            return current
        return self._write(table, record_id, content, False, "update", current)

    def put(self, table: str, record_id: str, values: Mapping) -> dict:
        """Write the record with a natural id (core.natural_ids) whatever it holds now: create it,
        change the columns given, or bring a deleted one back (恢复, a child of its tombstone)."""
        try:
            current = self.get(table, record_id, include_deleted=True)
        except RecordNotFound:
            return self.insert(table, values, record_id=record_id)
        if not current["deleted"]:
            return self.update(table, record_id, values)
        check_columns(table, values)
        content = {column: values.get(column, COLUMN_DEFAULTS.get(column, "")) for column in RECORD_TABLES[table]}
        return self._write(table, record_id, content, False, "restore", current)

    def delete(self, table: str, record_id: str) -> dict:
        current = self.get(table, record_id)
        return self._write(table, record_id, content_of(table, current), True, "delete", current)

    def write_merged(self, table: str, record_id: str, content: Mapping, *, deleted: bool,
                     parents: list[str], derived: bool = False, at: str | None = None) -> dict:
        """A new version with the given parents (合并): all of a record's heads when the operator
        resolves a conflict; with `derived`, the one head a fold supersedes (see `_prepare`)."""
        check_columns(table, content)
        try:
            parent = self.get(table, record_id, include_deleted=True)
        except RecordNotFound:
            parent = None  # the record arrived in this merge and has no row yet
        full = {column: content.get(column, COLUMN_DEFAULTS.get(column, "")) for column in RECORD_TABLES[table]}
        action = "delete" if deleted else "update"
        return self._write(table, record_id, full, deleted, action, parent, parents=sorted(parents),
                           derived=derived, at=at)

    def write_derived_many(self, table: str, derivations: Mapping[str, tuple[str, str, dict]]) -> int:
        """Derived versions of many records in one go (posts following folded units and cadres).

        `derivations` maps record id → (parent version id, its time, new content); each version
        is a child of that parent (see `_prepare`, derived). Rows already there are updated in the
        changed columns only (fewer index writes); the audit entries are written as for any write.
        """
        check_table(table)
        with self.batch("update") as batch:
            rows = self.db.execute(f"SELECT * FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                                   [json.dumps(sorted(derivations))])
            columns = [c[0] for c in rows.description]
            writes, changed = [], set()
            for values in rows.fetchall():
                current = dict(zip(columns, values, strict=True))
                parent_vid, parent_at, content = derivations[current["id"]]
                check_columns(table, content)
                write = self._prepare(table, current["id"], dict(content), False, "update", current, [parent_vid],
                                      batch, derived=True, parent_at=parent_at)
                if write[1]["version_id"] != current["version_id"]:
                    changed |= {c for c in content if content[c] != current[c]}
                    writes.append(write)
            self._execute(table, writes, batch, only=sorted(changed) + ["updated_at", "version_id"])
        return len(writes)

    def _write(self, table: str, record_id: str, content: dict, deleted: bool, action: str,
               parent: dict | None, *, parents: list[str] | None = None, derived: bool = False,
               at: str | None = None) -> dict:
        with self.batch(action) as batch:
            if not derived:
                self._refuse_forbidden(table, content, deleted, parent, batch)
                self._refuse_locked_year(table, content, parent, batch)
            write = self._prepare(table, record_id, content, deleted, action, parent, parents, batch,
                                  derived=derived, parent_at=at)
            self._execute(table, [write], batch)
            return write[1]

    def require(self, action: str) -> None:
        """PermissionDenied unless this store's operator may take `action` (core.permissions)."""
        require(self._acting(), action)

    def _acting(self, batch: _Batch | None = None) -> Operator:
        """The operator writing, as the database knows them now (asked once per batch): a role changed
        or an account disabled since signing in counts at once. PermissionDenied when nobody signed
        in to a database with accounts, or the account is disabled or gone."""
        if batch is not None and batch.acting is not None:
            return batch.acting
        operator = Operator(self.operator, self.role)
        if has_operators(self.db):
            if not self.signed_in:
                raise PermissionDenied("本数据库已设置操作员账户，须以操作员身份登录后才能修改数据。")
            operator = current_operator(self.db, operator)
            self.role = operator.role
        if batch is not None:
            batch.acting = operator
        return operator

    def _refuse_forbidden(self, table: str, content: dict, deleted: bool, parent: dict | None,
                          batch: _Batch) -> None:
        """A person's write (undo and conflict resolution included) the operator's role may not
        make is refused (core.permissions.WRITE_RULES); merged-in versions are not judged."""
        operator = self._acting(batch)
        if operator.role == "管理员":
            return
        before = content_of(table, parent) if parent is not None and not parent["deleted"] else None
        inherited = inherited_rules_json(self.db, content["year"]) if table == "rule_sets" else None
        write = Write(table, before, None if deleted else content, inherited)
        require_write(operator, write, TABLE_LABELS[table])

    def _refuse_locked_year(self, table: str, content: dict, parent: dict | None, batch: _Batch) -> None:
        """A person's write (undo and conflict resolution included) to a locked year is refused
        (core.year_locks); merged-in versions and a fold's derived ones are not."""
        if table == "year_locks":
            batch.locked_years = None
            return
        if table not in LOCKABLE:
            return
        if batch.locked_years is None:
            batch.locked_years = locked_years(self.db)
        refuse_locked_write(self.db, table, content, parent, batch.locked_years)

    def _prepare(self, table: str, record_id: str, content: dict, deleted: bool, action: str,
                 parent: dict | None, parents: list[str] | None, batch: _Batch, *,
                 derived: bool = False, parent_at: str | None = None) -> tuple[list, dict, list]:
        """The version, the row and the audit entry of one write.

        A `derived` version (a fold's tombstone, a post following its folded unit) is what any
        office would derive from the same parent, so all of it is a function of the parent: its
        time is the parent's, its office and operator are 自动合并. Offices that derive it
        independently hold the very same version, and it never outranks a later real edit.
        """
        if parents is None:
            parents = [parent["version_id"]] if parent else []
        vid = version_id(table, record_id, parents, content, deleted, derived)
        now = stamp(self.clock())
        at, office, operator = now, self.office_id, self.operator
        if derived:
            at = parent_at or self.db.execute(
                "SELECT MAX(at) FROM versions WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(parents)]).fetchone()[0] or now
            office, operator = DERIVED_OFFICE, DERIVED_OPERATOR
        version = [vid, table, record_id, canonical_json(parents), office, operator, at,
                   int(deleted), canonical_json(content)]
        row = {**content, "id": record_id, "updated_at": at, "deleted": int(deleted), "version_id": vid,
               "created_at": parent["created_at"] if parent else now,
               "office_id": parent["office_id"] if parent else self.office_id}
        audit = [now, self.operator, self.office_id, action, table, record_id, vid,
                 parent["version_id"] if parent else (parents[0] if parents else None), batch.id, batch.note]
        return version, row, audit

    def _execute(self, table: str, writes: list[tuple[list, dict, list]], batch: _Batch, *,
                 only: list[str] | None = None) -> None:
        """Write versions, rows and audit entries; `only`: update just these columns of existing rows."""
        if not writes:
            return
        self.db.conn.executemany(
            f"INSERT OR IGNORE INTO versions ({VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [version for version, _row, _audit in writes])
        if only:
            self.db.conn.executemany(
                f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in only)} WHERE id = ?",
                [[row[c] for c in only] + [row["id"]] for _version, row, _audit in writes])
        else:
            columns = list(writes[0][1])
            self.db.conn.executemany(
                upsert_sql(table, columns),
                [[row[c] for c in columns] for _version, row, _audit in writes])
        if batch.chain is None:
            batch.chain = ChainWriter(self.db, self.office_id, self._seal_key())
        self.db.conn.executemany(
            f"INSERT INTO audit_log ({', '.join(AUDIT_COLUMNS + CHAIN_COLUMNS)})"
            f" VALUES ({', '.join('?' * (len(AUDIT_COLUMNS) + len(CHAIN_COLUMNS)))})",
            [batch.chain.link(audit) for _version, _row, audit in writes])
        batch.tables.add(table)
        batch.count += len(writes)

    def _seal_key(self) -> bytes | None:
        """This office's key sealing the audit chain (core.audit_keys), read once per store."""
        if not hasattr(self, "_key"):
            self._key = writing_key(self.db, self.office_id)
        return self._key

    # -- undo ------------------------------------------------------------------------------
    def undo(self, batch_id: str) -> Changes:
        """Restore every record a batch touched to its state before the batch (撤销).

        The state before is the versions the batch's versions descend from: one for an edit,
        none for a creation, every side of a conflict for its resolution — undoing a
        resolution gives each side back as a head, so the conflict is open again. Refused,
        with nothing written, when a record was changed again after the batch. Undoing the
        undo batch redoes the action.
        """
        entries = self.db.execute(
            "SELECT table_name, record_id, version_id, note FROM audit_log WHERE batch_id = ? ORDER BY seq",
            [batch_id]).fetchall()
        if any(entry[0] == "year_locks" for entry in entries):
            raise RuleViolation("年度锁定与重新开放不能撤销：要修改已锁定的年度，请在「年度考核」页重新开放"
                                "（须写明原因）；重新开放的年度可以再次锁定。")
        if not entries:
            raise RecordNotFound("没有可撤销的操作。")
        written: dict[tuple[str, str], list[str]] = {}
        for table, record_id, vid, _note in entries:
            written.setdefault((table, record_id), []).append(vid)
        with self.batch(f"撤销：{entries[0][3]}") as batch:
            for (table, record_id), vids in written.items():
                self._undo_record(table, record_id, vids)
        return batch.changes()

    def _undo_record(self, table: str, record_id: str, written: list[str]) -> None:
        versions = {v.id: v for v in record_versions(self.db, table, record_id)}
        after = [vid for vid in dict.fromkeys(written) if not any(vid in versions[w].parents for w in written)]
        before = sorted({p for vid in written for p in versions[vid].parents} - set(written))
        current = self.get(table, record_id, include_deleted=True)
        parents = self._undo_parents(table, current, after, heads(list(versions.values())))
        if not before and not current["deleted"]:
            self._write(table, record_id, content_of(table, current), True, "delete", current, parents=parents)
        for parent_vid in before:
            content, deleted = self._state_of(parent_vid)
            action = "delete" if deleted else ("restore" if current["deleted"] else "update")
            self._write(table, record_id, content, deleted, action, current, parents=parents)
        # the row shows the head `heads` puts first, as after an import (several when a conflict reopens)
        self.adopt(table, record_id, heads(record_versions(self.db, table, record_id))[0].id)


    def _undo_parents(self, table: str, current: dict, after: list[str], record_heads: list) -> list[str]:
        """The versions the undo continues from: the batch's own when they are still the record's
        heads; else the one head when it holds the very same state (later undone and redone back
        to it, as Ctrl+Z walks down the undo history); else the record changed since: refused."""
        head_ids = [head.id for head in record_heads]
        if set(after) <= set(head_ids):
            return sorted(after)
        if len(after) == 1 and len(head_ids) == 1 and self._state_of(after[0]) == self._state_of(head_ids[0]):
            return head_ids
        raise UndoConflict(f"{TABLE_LABELS[table]}「{record_name(self.db, table, current)}」在此之后又被修改过，"
                           "为免丢失后来的修改，这一步不能撤销。")

    def _state_of(self, vid: str) -> tuple[dict, bool]:
        content_json, deleted = self.db.execute("SELECT content, deleted FROM versions WHERE id = ?", [vid]).fetchone()
        return json.loads(content_json), bool(deleted)


__all__ = ["RecordStore", "Changes", "AUDIT_COLUMNS", "VERSION_COLUMNS", "people_writes", "COLUMN_DEFAULTS",
           "DERIVED_OPERATOR"]
