"""合并导入: bring another office's versions and audit entries into this office's database.

The result depends only on the set of versions, never on the order of imports:
- importing inserts the versions this database lacks (ids are content hashes, so the same
  edit made or carried twice is one version);
- a record's heads are its versions no other version names as a parent; one head is the
  record's state; two or more are kept whole, the record shows the one `heads` puts first,
  and concurrent edits by people are a conflict (冲突) until a person resolves it;
- audit entries travel with the versions and are recognised by (office, batch, version).
"""

import json
from collections.abc import Callable
from pathlib import Path

from db import cipher
from db.copying import read_only_uri
from db.records import DERIVED_OFFICE
from db.version_graph import Version, heads, heads_of, record_versions
from desktop_app.core.duplicates import DUPLICATE_KEYS, folded_into
from desktop_app.core.errors import PermissionDenied
from desktop_app.core.local_log import log_receipt
from desktop_app.core.store import RecordStore, people_writes
from desktop_app.core.year_locks import YEAR_OF, locked_years, locked_years_changed
from desktop_app.transfer.errors import TransferCancelled
from desktop_app.transfer.merge_report import MERGE_ORDER, Fold, MergeReport

# Live records that must be unique: the same person (身份证号) or unit (名称) entered
# independently in two offices is folded into one record, and posts follow it.
POST_REFERENCES = {"units": "unit_id", "cadres": "cadre_id"}
# Tables whose folded twins, when their values differ, leave a conflict for a person: two
# entries of one person (身份证号) may differ in name, phone…; two offices' same-name units
# differing only in kind or sort order are not worth asking about.
CONFLICTING_TWINS = ("cadres",)


def in_conflict(db, table: str, record_id: str, record_heads: list[Version]) -> bool:
    """Whether people edited the record concurrently (冲突).

    Two heads are a conflict only when the edits of people behind them are concurrent: a
    derived head (a merge's tombstone or moved post) stands for the person's version it was
    derived from, and a head whose person's version is an ancestor of another's adds nothing.
    Heads that all delete the record agree.
    """
    if len(record_heads) < 2 or all(head.deleted for head in record_heads):
        return False
    versions = {v.id: v for v in record_versions(db, table, record_id)}

    def ancestors(version_id: str) -> set[str]:
        found, stack = set(), list(versions[version_id].parents)
        while stack:
            parent = stack.pop()
            if parent not in found and parent in versions:
                found.add(parent)
                stack.extend(versions[parent].parents)
        return found

    bases = {_person_version(versions, head).id for head in record_heads}
    return sum(1 for b in bases if not any(b in ancestors(other) for other in bases - {b})) > 1


def _person_version(versions: dict[str, Version], version: Version) -> Version:
    """`version`, or, if a merge derived it, the version a person wrote that it came from."""
    while version.derived and version.parents and version.parents[0] in versions:
        version = versions[version.parents[0]]
    return version


def shown_version(db, table: str, record_id: str) -> Version:
    """The version the record's row shows now."""
    shown = db.execute(f"SELECT version_id FROM {table} WHERE id = ?", [record_id]).fetchone()[0]
    return next(v for v in record_versions(db, table, record_id) if v.id == shown)


def merge_database(store: RecordStore, source: str | Path, *, note: str = "合并导入",
                   before_commit: Callable[[MergeReport], None] | None = None,
                   cancel: Callable[[], bool] | None = None, trial: bool = False) -> MergeReport:
    """Merge the office database file `source` (a verified local copy) into `store`'s, in one transaction.

    `before_commit(report)` runs inside the transaction (the import log commits with the merge);
    `cancel()` returning True abandons the merge, leaving the database as it was. The operator
    vouches for what the file brings (RecordStore.vouch_for): refused unless `trial` (试导入, into a
    scratch copy), where the refusal the real import would meet is noted in the report instead.
    """
    db = store.db
    db.execute(f"ATTACH DATABASE ? AS src{cipher.attach_clause(db.conn, source)}", [read_only_uri(source)])
    try:
        report = MergeReport()
        with store.batch(note) as batch:
            touched = _insert_missing_versions(store, report, trial)
            for table in MERGE_ORDER:
                table_heads = heads_of(db, table, touched.get(table, set()))
                fresh = _adopt_fresh(store, table, table_heads, report)
                for record_id in _deletions_first(table_heads):
                    if cancel is not None and cancel():
                        raise TransferCancelled("已取消导入，数据库保持原样。")
                    if record_id not in report.folded and record_id not in fresh:
                        _settle_record(store, table, record_id, table_heads[record_id], report)
            _revive_void_folds(store, report)
            _repoint_posts(store)
            report.orphans = orphan_posts(db)
            report.twin_posts = twin_posts(db, _cadres_touched(db, touched, report))
            report.audit_entries_added = _receive_audit(store)
            _learn_offices(db)
            if before_commit is not None:
                before_commit(report)
        report.changes = batch.changes()
        return report
    finally:
        db.execute("DETACH DATABASE src")


def locked_year_changes(db, received: list[tuple[str, str, str]]) -> dict[int, int]:
    """Of the versions received, how many change a year locked here, by year: merged all the same
    (another office made them), but the report says so — a person here could not have written them."""
    locked = locked_years(db)
    ids = [vid for table, _record, vid in received if table in YEAR_OF] if locked else []
    found: dict[int, int] = {}
    for table, before, after in people_writes(db, ids):
        hit = locked_years_changed(db, table, after or before, before, locked)
        if hit:
            found[hit[0]] = found.get(hit[0], 0) + 1
    return dict(sorted(found.items()))


def _receive_audit(store: RecordStore) -> int:
    """The source's audit entries this database lacks, and this office's sealed receipt for them
    (core.local_log): another office's entry is genuine here when a receipt covers it."""
    db = store.db
    before = db.execute("SELECT COALESCE(MAX(seq), 0) FROM main.audit_log").fetchone()[0]
    added = store.receive_audit("src")
    if added:
        last = db.execute("SELECT MAX(seq) FROM main.audit_log").fetchone()[0]
        row = db.execute("SELECT value FROM src.meta WHERE key = 'office_name'").fetchone()
        log_receipt(db, store.operator, row[0] if row else "", before + 1, last, store.clock)
    return added


def _insert_missing_versions(store: RecordStore, report: MergeReport, trial: bool) -> dict[str, set[str]]:
    received = store.receive_versions("src")
    try:
        store.vouch_for(received)
    except PermissionDenied as refusal:
        if not trial:
            raise
        report.refusal = str(refusal)
    report.locked_year_changes = locked_year_changes(store.db, received)
    touched: dict[str, set[str]] = {}
    for table, record_id, _vid in received:
        touched.setdefault(table, set()).add(record_id)
    report.versions_added = len(received)
    return touched


def _settle_record(store: RecordStore, table: str, record_id: str, current_heads: list[Version],
                   report: MergeReport) -> None:
    """Point the record at its latest head; count it as created, updated, in conflict or folded."""
    tally = report.tables[table]
    existed = store.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone() is not None
    content, deleted = version_content(store.db, current_heads[0].id)
    twin = None if deleted else live_twin(store.db, table, record_id, content)
    if twin is not None:
        _fold(store, table, record_id, current_heads, content, twin, report)
        return
    moved = store.adopt(table, record_id, current_heads[0].id)
    if in_conflict(store.db, table, record_id, current_heads):
        tally.conflicts += 1
    tally.count(existed, moved, deleted)


def _fold(store: RecordStore, table: str, arriving: str, arriving_heads: list[Version], arriving_content: dict,
          twin: str, report: MergeReport) -> None:
    """The same unit or person entered in two offices: keep the record with the smaller id, end
    the other with a tombstone. A person's values that differ survive as a second version of the
    record kept — a conflict shown on the 数据交换 page (counted once, as 合并重复, and as 冲突)."""
    kept, dropped = sorted((arriving, twin))
    report.folds.append(Fold(table, dropped, kept, arriving_content["name"]))
    report.folded.add(dropped)
    report.tables[table].duplicates += 1
    local_head = shown_version(store.db, table, twin)
    local_content = version_content(store.db, local_head.id)[0]
    if dropped == arriving:
        gone_head, gone_content = arriving_heads[0], arriving_content
    else:
        gone_head, gone_content = local_head, local_content
    store.write_merged(table, dropped, gone_content, deleted=True, parents=[gone_head.id], derived=True)
    if kept == arriving:
        store.adopt(table, kept, arriving_heads[0].id)
    if table in CONFLICTING_TWINS:
        _keep_differences(store, table, kept, dropped, gone_head, gone_content, report)


def _keep_differences(store: RecordStore, table: str, kept: str, dropped: str, gone_head: Version,
                      gone_content: dict, report: MergeReport) -> None:
    """The folded twin's values live on in the record kept: nothing to do when the kept record
    once held them; taken over when they are a later edit of what the kept record holds;
    otherwise a second version of the kept record, side by side with its own (冲突)."""
    kept_head = shown_version(store.db, table, kept)
    kept_content = version_content(store.db, kept_head.id)[0]
    if gone_content in _contents(store.db, table, kept):
        return
    if kept_content in _contents(store.db, table, dropped):  # the twin went on from the same values
        store.write_merged(table, kept, gone_content, deleted=False, parents=[kept_head.id], derived=True,
                           at=max(gone_head.at, kept_head.at))
        return
    store.write_merged(table, kept, gone_content, deleted=False, parents=[], derived=True, at=gone_head.at)
    latest = heads(record_versions(store.db, table, kept))
    store.adopt(table, kept, latest[0].id)
    if in_conflict(store.db, table, kept, latest):
        report.tables[table].conflicts += 1


def _contents(db, table: str, record_id: str) -> list[dict]:
    """Every value the record ever held (its live versions)."""
    return [json.loads(content) for (content,) in db.execute(
        "SELECT content FROM versions WHERE table_name = ? AND record_id = ? AND deleted = 0", [table, record_id])]


def _adopt_fresh(store: RecordStore, table: str, table_heads: dict[str, list[Version]],
                 report: MergeReport) -> set[str]:
    """Records new here whose key clashes with nothing: their rows in one statement (the common case).

    Everything else (existing records, twins) settles one by one in `_settle_record`.
    """
    db = store.db
    candidates = json.dumps(sorted(table_heads))
    existing = {row[0] for row in db.execute(f"SELECT id FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                                             [candidates])}
    new = {record_id: versions[0] for record_id, versions in table_heads.items() if record_id not in existing}
    key = DUPLICATE_KEYS.get(table)
    if key and new:
        new = _without_key_clashes(db, table, key, new)
    store.adopt_new(table, {record_id: head.id for record_id, head in new.items()})
    tally = report.tables[table]
    for head in new.values():
        tally.count(False, True, head.deleted)
    tally.conflicts += sum(1 for record_id in new if in_conflict(db, table, record_id, table_heads[record_id]))
    return set(new)


def _without_key_clashes(db, table: str, key: str, new: dict[str, Version]) -> dict[str, Version]:
    """Drop live records whose key (身份证号 / 单位名称) is live here already or twice among `new`."""
    live_keys = {row[0] for row in db.execute(f"SELECT {key} FROM {table} WHERE deleted = 0 AND {key} <> ''")}
    keys = dict(db.execute(f"SELECT id, json_extract(content, '$.{key}') FROM versions"
                           " WHERE id IN (SELECT value FROM json_each(?))",
                           [json.dumps([head.id for head in new.values()])]).fetchall())
    seen: dict[str, int] = {}
    for head in new.values():
        if not head.deleted and keys.get(head.id):
            seen[keys[head.id]] = seen.get(keys[head.id], 0) + 1
    return {record_id: head for record_id, head in new.items()
            if head.deleted or not keys.get(head.id)
            or (keys[head.id] not in live_keys and seen[keys[head.id]] == 1)}


def _deletions_first(table_heads: dict[str, list[Version]]) -> list[str]:
    """Records whose latest head is a tombstone settle first, so a fold that arrived with the
    import frees its key before the record it was folded into is checked for twins."""
    return sorted(table_heads, key=lambda record_id: (not table_heads[record_id][0].deleted, record_id))


def version_content(db, vid: str) -> tuple[dict, bool]:
    content, deleted = db.execute("SELECT content, deleted FROM versions WHERE id = ?", [vid]).fetchone()
    return json.loads(content), bool(deleted)


def live_twin(db, table: str, record_id: str, content: dict) -> str | None:
    """Another live record with the same unique key (身份证号 / 单位名称), if any."""
    key = DUPLICATE_KEYS.get(table)
    if key is None or not content.get(key):
        return None
    # "<> ''" lets SQLite use the partial unique index (cadres_live_id_number)
    row = db.execute(f"SELECT id FROM {table} WHERE {key} = ? AND {key} <> '' AND deleted = 0 AND id <> ?",
                     [content[key], record_id]).fetchone()
    return row[0] if row else None


def _revive_void_folds(store: RecordStore, report: MergeReport) -> None:
    """Of the records sharing a key (身份证号 / 单位名称) that a person left live — live rows, and
    rows a fold ended whose person's version is live — the one with the smallest id is shown and
    the others are folded into it. A duplicate folded into a record deleted later thus comes
    back (复原), and the result does not depend on the order in which folds and deletions arrived."""
    for table, key in DUPLICATE_KEYS.items():
        rows = store.db.execute(
            f"SELECT t.{key}, t.id, t.deleted, v.id, v.parents FROM {table} t JOIN versions v ON v.id = t.version_id"
            f" WHERE t.{key} <> '' AND (t.deleted = 0 OR (v.office_id = ? AND v.deleted = 1"
            " AND json_array_length(v.parents) = 1)) ORDER BY t.id", [DERIVED_OFFICE]).fetchall()
        groups: dict[str, list[tuple]] = {}
        for value, record_id, deleted, vid, parents in rows:
            parent = json.loads(parents)[0] if deleted else vid
            if not deleted or not version_content(store.db, parent)[1]:  # the person's version is live
                groups.setdefault(value, []).append((record_id, deleted, parent))
        for members in groups.values():
            (kept, kept_deleted, kept_parent), others = members[0], members[1:]
            for record_id, deleted, shown in others:
                if not deleted:  # live beside the record kept: fold it now
                    content = version_content(store.db, shown)[0]
                    report.folds.append(Fold(table, record_id, kept, content["name"]))
                    store.write_merged(table, record_id, content, deleted=True, parents=[shown], derived=True)
            if kept_deleted:
                store.adopt(table, kept, kept_parent)


def _repoint_posts(store: RecordStore) -> None:
    """Live posts of a deleted unit or cadre move to the live record with the same key (名称 /
    身份证号): the one it was folded into. Decided from the records alone, not from what this
    import folded, so a fold made by any office, at any time, is followed the same way; and the
    moved post is derived from the post as a person last wrote it, with every fold applied at
    once, so offices that saw the folds in another order still hold the same version."""
    db = store.db
    kept = {table: folded_into(db, table) for table in POST_REFERENCES}
    moving = db.execute(
        "SELECT p.id, v.id, v.at, v.office_id, v.content FROM posts p JOIN versions v ON v.id = p.version_id"
        " WHERE p.deleted = 0 AND (p.unit_id IN (SELECT value FROM json_each(:units))"
        " OR p.cadre_id IN (SELECT value FROM json_each(:cadres)))",
        {"units": json.dumps(list(kept["units"])), "cadres": json.dumps(list(kept["cadres"]))}).fetchall()
    derivations = {}
    for post_id, vid, at, office, content in moving:
        base = Version(vid, (), at) if office != DERIVED_OFFICE else _written_by_a_person(db, post_id)
        base_content = json.loads(content) if office != DERIVED_OFFICE else version_content(db, base.id)[0]
        moved = base_content | {column: kept[table].get(base_content[column], base_content[column])
                                for table, column in POST_REFERENCES.items()}
        if moved != base_content:
            derivations[post_id] = (base.id, base.at, moved)
        elif base.id != vid:  # the folds it followed are void now: back to the person's version
            store.adopt("posts", post_id, base.id)
    store.write_derived_many("posts", derivations)


def orphan_posts(db) -> list[str]:
    """Live posts of a deleted cadre: a deletion in one office met a post added in another
    (deleting a cadre here deletes the posts too). Nothing is lost; the import report says so.
    (Ended posts of a deleted unit are normal: a unit may be deleted once nobody holds a post.)"""
    return [row[0] for row in db.execute(
        "SELECT p.id FROM posts p JOIN cadres c ON c.id = p.cadre_id WHERE p.deleted = 0 AND c.deleted = 1"
        " ORDER BY p.id")]


def _cadres_touched(db, touched: dict[str, set[str]], report: MergeReport) -> set[str]:
    """Cadres that arrived, were folded into, or hold a post that arrived."""
    holders = {row[0] for row in db.execute("SELECT cadre_id FROM posts WHERE id IN (SELECT value FROM json_each(?))",
                                            [json.dumps(sorted(touched.get("posts", set())))])}
    return holders | touched.get("cadres", set()) | {fold.kept for fold in report.folds if fold.table == "cadres"}


def twin_posts(db, cadre_ids: set[str]) -> list[list[str]]:
    """Live posts of these cadres entered twice (同一人、同一单位、同一职务、同一起始时间): the
    same post typed in two offices, or two entries of one person folded together. Posts have no
    natural key to fold them by safely (a person may hold the same title twice), so the import
    reports them and a person deletes the extra one — an ordinary edit that travels."""
    rows = db.execute(
        "SELECT group_concat(id, ' ') FROM (SELECT id, cadre_id, unit_id, title, start_date FROM posts"
        " WHERE deleted = 0 AND cadre_id IN (SELECT value FROM json_each(?)) ORDER BY id)"
        " GROUP BY cadre_id, unit_id, title, start_date HAVING COUNT(*) > 1 ORDER BY MIN(id)",
        [json.dumps(sorted(cadre_ids))]).fetchall()
    return [row[0].split(" ") for row in rows]


def _written_by_a_person(db, post_id: str) -> Version:
    """The person's version a merge derived the post's current version from."""
    versions = {v.id: v for v in record_versions(db, "posts", post_id)}
    shown = db.execute("SELECT version_id FROM posts WHERE id = ?", [post_id]).fetchone()[0]
    return _person_version(versions, versions[shown])


def _learn_offices(db) -> None:
    """Remember the names of the source office and of every office it knows (其他单位)."""
    db.execute("INSERT OR REPLACE INTO main.offices (id, name) SELECT id, name FROM src.offices"
               " WHERE id <> (SELECT value FROM main.meta WHERE key = 'office_id')")
    db.execute("INSERT OR REPLACE INTO main.offices (id, name) SELECT i.value, n.value FROM src.meta i, src.meta n"
               " WHERE i.key = 'office_id' AND n.key = 'office_name'"
               " AND i.value <> (SELECT value FROM main.meta WHERE key = 'office_id')")


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
            record_heads = heads(record_versions(db, table, record_id))
            if in_conflict(db, table, record_id, record_heads):
                found.append((table, record_id, record_heads))
    return found
