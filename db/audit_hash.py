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

# 本机日志 (local_log, migration 0007): this workstation's own sealed log of what is not a record —
# account changes, security settings, and the receipts (收到记实) of other offices' audit entries.
LOG_FIELDS = ("at", "operator", "action", "subject", "detail")
ACCOUNT, SETTING, RECEIPT = "账号", "设置", "收到记实"
UPGRADE_RECEIPT = "升级前已有的记实"  # the subject of the receipt covering the entries a file held at the upgrade
SEALED_SETTINGS = ("report_due_day", "transfer_encryption_required", "idle_lock_minutes")
ACCOUNT_STATE = ("role", "disabled", "must_change", "password")


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


def log_chain(prev: str, entry: Sequence) -> str:
    """SHA-256 (hex) of "local:", the previous local_log chain ('' for the first) and the canonical
    JSON of the entry's LOG_FIELDS (detail is already canonical JSON text)."""
    if len(entry) != len(LOG_FIELDS):
        raise ValueError(f"a local log entry has {len(LOG_FIELDS)} fields, not {len(entry)}")
    body = canonical_json(dict(zip(LOG_FIELDS, entry, strict=True)))
    return hashlib.sha256(("local:" + prev + body).encode("utf-8")).hexdigest()


def password_digest(password_hash: str) -> str:
    """What the log keeps of an account's password: a digest of its argon2 hash (the hash itself
    stays in `operators` only), so a hash swapped in with a SQLite tool no longer matches."""
    return hashlib.sha256(("kaoping-password:" + password_hash).encode("utf-8")).hexdigest()


def account_state(row) -> dict:
    """The part of an `operators` row the log vouches for (ACCOUNT_STATE)."""
    return {"role": row["role"], "disabled": int(row["disabled"]), "must_change": int(row["must_change"]),
            "password": password_digest(row["password_hash"])}


def audit_digest(conn, first: int, last: int) -> tuple[int, str]:
    """(entries, SHA-256 of their office ids and chains in seq order) of the audit entries first..last:
    what a receipt (收到记实) vouches for."""
    digest, count = hashlib.sha256(), 0
    for office, chain in conn.execute("SELECT office_id, chain FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq",
                                      [first, last]):
        digest.update(f"{office}:{chain}\n".encode("ascii", "replace"))
        count += 1
    return count, digest.hexdigest()


def start_local_log(conn) -> int:
    """Migration 0007: log the accounts and the security settings the file holds now, and a receipt
    for the audit entries it holds (every office's), all by "升级" and unsealed — the app seals them
    the first time it writes with the office key (core.local_log). Returns the entries written."""
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    cursor = conn.execute("SELECT name, role, disabled, must_change, password_hash FROM operators ORDER BY name")
    columns = [c[0] for c in cursor.description]
    entries = [[at, "升级", ACCOUNT, row[0], canonical_json(account_state(dict(zip(columns, row, strict=True)))
                                                           | {"change": "升级时登记"})] for row in cursor.fetchall()]
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    entries += [[at, "升级", SETTING, key, canonical_json({"value": meta[key], "change": "升级时登记"})]
                for key in SEALED_SETTINGS if key in meta]
    first, last = conn.execute("SELECT MIN(seq), MAX(seq) FROM audit_log").fetchone()
    if first is not None:
        count, digest = audit_digest(conn, first, last)
        entries.append([at, "升级", RECEIPT, UPGRADE_RECEIPT,
                        canonical_json({"first": first, "last": last, "entries": count, "digest": digest})])
    prev = ""
    for entry in entries:
        chain = log_chain(prev, entry)
        conn.execute(f"INSERT INTO local_log ({', '.join(LOG_FIELDS)}, prev_chain, chain, seal)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, '')", [*entry, prev, chain])
        prev = chain
    return len(entries)


def chain_heads(conn) -> dict | None:
    """Each office's chain head in this database — its last sealed entry: {office_id: {"chain", "at"}}
    (a transfer file's witness). Unsealed entries are left out: chained at an upgrade, their
    values may differ between databases. None when the file predates the chain."""
    if "chain" not in {row[1] for row in conn.execute("PRAGMA table_info(audit_log)")}:
        return None
    rows = conn.execute("SELECT office_id, chain, at FROM audit_log WHERE seq IN"
                        " (SELECT MAX(seq) FROM audit_log WHERE seal <> '' GROUP BY office_id)")
    return {office: {"chain": chain, "at": at} for office, chain, at in rows}


__all__ = ["ENTRY_FIELDS", "SINCE_KEY", "entry_chain", "chain_existing_entries", "chain_heads", "LOG_FIELDS",
           "ACCOUNT", "SETTING", "RECEIPT", "UPGRADE_RECEIPT", "SEALED_SETTINGS", "ACCOUNT_STATE", "log_chain",
           "password_digest", "account_state", "audit_digest", "start_local_log"]
