"""合并导入: bring another office's versions and audit entries into this office's database.

The result depends only on the set of versions, never on the order of imports:
- importing inserts the versions this database lacks (ids are content hashes, so the same
  edit made or carried twice is one version);
- a record's heads are its versions no other version names as a parent; one head is the
  record's state, two or more are a conflict (冲突) — every head is kept, and the record shows
  the latest head (by time, then id) until a person resolves it;
- audit entries travel with the versions and are recognised by (office, batch, version).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from db.records import TABLE_LABELS
from desktop_app.core.store import Changes, RecordStore

# Parents before children: posts refer to cadres and units.
MERGE_ORDER = ("units", "cadres", "posts")


@dataclass
class TableReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0

    def as_json(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "conflicts": self.conflicts}


@dataclass
class MergeReport:
    """What a merge did, per table (单位 / 干部 / 任职经历)."""

    tables: dict[str, TableReport] = field(default_factory=lambda: {t: TableReport() for t in MERGE_ORDER})
    versions_added: int = 0
    audit_entries_added: int = 0
    changes: Changes | None = None

    @property
    def nothing_new(self) -> bool:
        return self.versions_added == 0 and self.audit_entries_added == 0

    def as_json(self) -> dict:
        return {"tables": {t: r.as_json() for t, r in self.tables.items()},
                "versions_added": self.versions_added, "audit_entries_added": self.audit_entries_added}

    def summary(self) -> str:
        if self.nothing_new:
            return "没有新内容：这些记录本单位都已有（可能已导入过）。"
        parts = [f"{TABLE_LABELS[t]}：新增 {r.created}，更新 {r.updated}，冲突 {r.conflicts}"
                 for t, r in self.tables.items()]
        return "；".join(parts)


@dataclass(frozen=True)
class Version:
    id: str
    parents: tuple[str, ...]
    at: str


def heads(versions: list[Version]) -> list[Version]:
    """The versions no other version of the same record names as a parent, latest first."""
    named = {parent for version in versions for parent in version.parents}
    return sorted((v for v in versions if v.id not in named), key=lambda v: (v.at, v.id), reverse=True)


def record_versions(db, table: str, record_id: str) -> list[Version]:
    rows = db.execute("SELECT id, parents, at FROM versions WHERE table_name = ? AND record_id = ?",
                      [table, record_id]).fetchall()
    return [Version(vid, tuple(json.loads(parents)), at) for vid, parents, at in rows]


def merge_database(store: RecordStore, source: str | Path, *, note: str = "合并导入") -> MergeReport:
    """Merge the office database file `source` (a verified local copy) into `store`'s, in one transaction."""
    db = store.db
    db.execute("ATTACH DATABASE ? AS src", [f"{Path(source).resolve().as_uri()}?mode=ro"])
    try:
        report = MergeReport()
        with store.batch(note) as batch:
            touched = _insert_missing_versions(store, report)
            for table in MERGE_ORDER:
                for record_id in sorted(touched.get(table, ())):
                    _settle_record(store, table, record_id, report.tables[table])
            report.audit_entries_added = store.receive_audit("src")
        report.changes = batch.changes()
        return report
    finally:
        db.execute("DETACH DATABASE src")


def _insert_missing_versions(store: RecordStore, report: MergeReport) -> dict[str, set[str]]:
    received = store.receive_versions("src")
    touched: dict[str, set[str]] = {}
    for table, record_id in received:
        touched.setdefault(table, set()).add(record_id)
    report.versions_added = len(received)
    return touched


def _settle_record(store: RecordStore, table: str, record_id: str, tally: TableReport) -> None:
    """Point the record at its latest head; count it as created, updated or in conflict."""
    existed = store.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone() is not None
    current_heads = heads(record_versions(store.db, table, record_id))
    moved = store.adopt(table, record_id, current_heads[0].id)
    if len(current_heads) > 1:
        tally.conflicts += 1
    if not existed:
        tally.created += 1
    elif moved:
        tally.updated += 1
    else:
        tally.unchanged += 1


def conflicts(db) -> list[tuple[str, str, list[Version]]]:
    """Every record with more than one head: (table, record id, heads latest first)."""
    found = []
    for table in MERGE_ORDER:
        rows = db.execute(
            "SELECT v.record_id FROM versions v WHERE v.table_name = ? AND NOT EXISTS ("
            " SELECT 1 FROM versions c, json_each(c.parents) p"
            " WHERE c.table_name = v.table_name AND c.record_id = v.record_id AND p.value = v.id)"
            " GROUP BY v.record_id HAVING COUNT(*) > 1", [table]).fetchall()
        for (record_id,) in rows:
            found.append((table, record_id, heads(record_versions(db, table, record_id))))
    return found
