"""冲突处理: records edited in two offices since they last exchanged files.

Every edit is kept (each a head of the record). The operator sees the versions side by side
with the fields that differ, then keeps one or enters a merged value; the resolution is a
new version whose parents are all the heads, so it travels and ends the conflict everywhere.
"""

import json
from dataclasses import dataclass

from db.records import RECORD_TABLES, TABLE_LABELS
from db.version_graph import heads, record_versions
from desktop_app.core.audit import field_label
from desktop_app.core.cadres import validate_cadre
from desktop_app.core.duplicates import DUPLICATE_KEYS
from desktop_app.core.errors import RuleViolation
from desktop_app.core.posts import validate_post
from desktop_app.core.record_names import record_name
from desktop_app.core.store import Changes, RecordStore
from desktop_app.core.units import validate_unit
from desktop_app.transfer.merge import conflicts, live_twin

_HIDDEN = {"name_pinyin", "name_initials"}


@dataclass(frozen=True)
class ConflictSide:
    """One office's version of the record (one head)."""

    version_id: str
    office_name: str
    operator: str
    at: str
    deleted: bool
    content: dict


@dataclass(frozen=True)
class Conflict:
    table: str
    record_id: str
    name: str
    sides: tuple[ConflictSide, ...]  # latest first: the one the record shows until resolved

    @property
    def label(self) -> str:
        return TABLE_LABELS[self.table]

    @property
    def differing_fields(self) -> list[str]:
        """Content fields whose values are not the same on every side (and 已删除 when it differs)."""
        fields = [f for f in RECORD_TABLES[self.table] if f not in _HIDDEN
                  and len({json.dumps(side.content.get(f), ensure_ascii=False) for side in self.sides}) > 1]
        return fields + (["deleted"] if len({side.deleted for side in self.sides}) > 1 else [])

    def field_label(self, field: str) -> str:
        return "是否删除" if field == "deleted" else field_label(self.table, field)


def open_conflicts(db) -> list[Conflict]:
    """Every record in conflict, with each side's office, operator, time and content."""
    names = office_names(db)
    found = []
    for table, record_id, record_heads in conflicts(db):
        sides = tuple(_side(db, head.id, names) for head in record_heads)
        found.append(Conflict(table, record_id, record_name(db, table, sides[0].content), sides))
    return found


def office_names(db) -> dict[str, str]:
    """Office id → name: this office and every office met through exchanged files."""
    names = dict(db.execute("SELECT id, name FROM offices").fetchall())
    meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('office_id', 'office_name')").fetchall())
    names[meta["office_id"]] = meta["office_name"]
    return names


def resolve_conflict(store: RecordStore, conflict: Conflict, content: dict, *, deleted: bool = False) -> Changes:
    """Keep `content` (one side's, or a merged value the operator entered) as the record's state."""
    current = {head.id for head in heads(record_versions(store.db, conflict.table, conflict.record_id))}
    if current != {side.version_id for side in conflict.sides}:
        raise RuleViolation(f"{conflict.label}「{conflict.name}」的冲突已变化（可能刚导入了新文件），请重新打开后再处理。")
    clean = content if deleted else _validated(store, conflict, content)
    values = {f: clean.get(f, content.get(f)) for f in RECORD_TABLES[conflict.table]}
    twin = None if deleted else live_twin(store.db, conflict.table, conflict.record_id, values)
    if twin is not None:
        key = DUPLICATE_KEYS[conflict.table]
        other = store.get(conflict.table, twin)
        raise RuleViolation(f"{conflict.label}「{other.get('name', '')}」的{conflict.field_label(key)}也是"
                            f"“{values[key]}”，两条不能同时保留。请改选另一个版本，或先处理那条记录。")
    with store.batch(f"解决冲突：{conflict.label}「{conflict.name}」") as batch:
        store.write_merged(conflict.table, conflict.record_id, values, deleted=deleted,
                           parents=[side.version_id for side in conflict.sides])
    return batch.changes()


def _validated(store: RecordStore, conflict: Conflict, content: dict) -> dict:
    """A merged value the operator entered, checked as the record's own form would; records
    without such a form (实绩报告、公示…) are resolved by keeping one side as it is."""
    table = conflict.table
    if table == "cadres":
        return {**content, **validate_cadre(content)}
    if table == "units":
        return {**content, **validate_unit(content)}
    if table == "posts":
        def unit_exists(unit_id: str) -> bool:
            return store.db.execute("SELECT 1 FROM units WHERE id = ? AND deleted = 0", [unit_id]).fetchone() is not None
        return {**content, **validate_post(content, unit_exists)}
    if not any(side.content == content for side in conflict.sides):
        raise RuleViolation(f"{conflict.label}「{conflict.name}」只能保留其中一个版本，不能编辑合并。")
    return content


def _side(db, version_id: str, names: dict[str, str]) -> ConflictSide:
    office_id, operator, at, deleted, content = db.execute(
        "SELECT office_id, operator, at, deleted, content FROM versions WHERE id = ?", [version_id]).fetchone()
    return ConflictSide(version_id, names.get(office_id, office_id[:8]), operator, at, bool(deleted),
                        json.loads(content))
