"""The audit trail's hash chain, its arithmetic only (记实链; the design is in
desktop_app.core.audit_chain). Migration 0006 uses it to chain the entries written before it,
the store to chain each new entry, the check to verify. Never change it: every chain already
written, here and in other offices' files, depends on it.
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime

from db.records import canonical_json

# The fields of an audit entry the chain covers, in the order the store writes them.
ENTRY_FIELDS = ("at", "operator", "office_id", "action", "table_name", "record_id", "version_id",
                "parent_version_id", "batch_id", "note")
SINCE_KEY = "audit_chain_since"  # meta: {"seq", "at"} — entries before seq were chained at the upgrade


# canonical_json of an entry's fields, made faster: the keys put in sorted order once, one encoder
_SORTED = sorted(range(len(ENTRY_FIELDS)), key=ENTRY_FIELDS.__getitem__)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def entry_chain(prev: str, entry: Sequence) -> str:
    """SHA-256 (hex) of the previous chain value of the office ('' for its first entry) followed
    by the canonical JSON (db.records.canonical_json) of the entry's ENTRY_FIELDS."""
    if len(entry) != len(ENTRY_FIELDS):
        raise ValueError(f"an audit entry has {len(ENTRY_FIELDS)} fields, not {len(entry)}")
    body = _ENCODER.encode({ENTRY_FIELDS[i]: entry[i] for i in _SORTED})
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def chain_existing_entries(conn) -> int:
    """Chain every audit entry (per office, in seq order; no seal: the key is not the database's
    business) and note in meta where chaining at the upgrade ended. Returns the entries chained."""
    heads: dict[str, str] = {}
    links = []
    for seq, *entry in conn.execute(f"SELECT seq, {', '.join(ENTRY_FIELDS)} FROM audit_log ORDER BY seq"):
        office = entry[ENTRY_FIELDS.index("office_id")]
        prev = heads.get(office, "")
        heads[office] = entry_chain(prev, entry)
        links.append((prev, heads[office], seq))
    conn.executemany("UPDATE audit_log SET prev_chain = ?, chain = ? WHERE seq = ?", links)
    if links:
        since = {"seq": links[-1][2] + 1, "at": datetime.now().astimezone().isoformat(timespec="seconds")}
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [SINCE_KEY, canonical_json(since)])
    return len(links)


def chain_heads(conn) -> dict | None:
    """Each office's chain head in this database — its last sealed entry: {office_id: {"chain", "at"}}
    (a transfer file's witness). Unsealed entries are left out: chained at an upgrade, their
    values may differ between databases. None when the file predates the chain."""
    if "chain" not in {row[1] for row in conn.execute("PRAGMA table_info(audit_log)")}:
        return None
    rows = conn.execute("SELECT office_id, chain, at FROM audit_log WHERE seq IN"
                        " (SELECT MAX(seq) FROM audit_log WHERE seal <> '' GROUP BY office_id)")
    return {office: {"chain": chain, "at": at} for office, chain, at in rows}


__all__ = ["ENTRY_FIELDS", "SINCE_KEY", "entry_chain", "chain_existing_entries", "chain_heads"]
