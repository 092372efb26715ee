"""A record's versions as a graph (版本关系): every version names its parents.

The heads of a record are its versions no other version names as a parent. One head is the
record's state; two or more stand for edits made without knowing of each other (in two
offices, or an undone resolution of a conflict) and are kept whole. Qt-free, read-only.
"""

import json
from dataclasses import dataclass

from db.records import DERIVED_OFFICE


@dataclass(frozen=True)
class Version:
    id: str
    parents: tuple[str, ...]
    at: str
    deleted: bool = False
    derived: bool = False  # made by a merge, not by a person (see RecordStore._prepare)


def heads(versions: list[Version]) -> list[Version]:
    """The versions no other version of the same record names as a parent; the one the record
    shows first.

    Shown is the head of the longest line of edits (世代: a version's parents' plus one), then
    one a person wrote over one a merge derived, then the larger id. Only what a version *is*
    decides, never its time: clocks differ between offices, and the same version (the same
    deletion made in two offices) carries each office's own time. An office's own edit — a
    child of the head it showed — is always the one shown.
    """
    named = {parent for version in versions for parent in version.parents}
    generation = _generations(versions)
    return sorted((v for v in versions if v.id not in named),
                  key=lambda v: (generation[v.id], not v.derived, v.id), reverse=True)


def _generations(versions: list[Version]) -> dict[str, int]:
    by_id = {v.id: v for v in versions}
    found: dict[str, int] = {}
    for version in versions:
        stack = [version.id]
        while stack:
            vid = stack[-1]
            missing = [p for p in by_id[vid].parents if p in by_id and p not in found]
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            found[vid] = 1 + max((found[p] for p in by_id[vid].parents if p in by_id), default=0)
    return found


def versions_of(db, table: str, record_ids: set[str]) -> dict[str, list[Version]]:
    """Every version of many records of `table`, in one query."""
    found: dict[str, list[Version]] = {}
    rows = db.execute("SELECT record_id, id, parents, at, deleted, office_id FROM versions WHERE table_name = ?"
                      " AND record_id IN (SELECT value FROM json_each(?))", [table, json.dumps(sorted(record_ids))])
    for record_id, vid, parents, at, deleted, office in rows:
        found.setdefault(record_id, []).append(
            Version(vid, tuple(json.loads(parents)), at, bool(deleted), office == DERIVED_OFFICE))
    return found


def record_versions(db, table: str, record_id: str) -> list[Version]:
    return versions_of(db, table, {record_id}).get(record_id, [])


def heads_of(db, table: str, record_ids: set[str]) -> dict[str, list[Version]]:
    """The heads of many records of `table` at once (one query instead of one per record)."""
    return {record_id: heads(versions) for record_id, versions in versions_of(db, table, record_ids).items()}


__all__ = ["Version", "heads", "versions_of", "record_versions", "heads_of"]
