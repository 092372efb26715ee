"""本机日志: this workstation's own chained and sealed log of what is not a record.

The audit trail (记实链) covers record versions. Three other things a person with a SQLite tool
could change unseen are logged here (table local_log, migration 0007), chained like the audit
trail and sealed with the same office key (core.audit_keys):
- 账号 (ACCOUNT): every change of an operator account — its role, whether disabled or must change
  its password, and a digest of its password hash (db.audit_hash.account_state). A login checks
  the account against its last entry (`account_problem`), so a role raised or a password hash
  swapped in by hand does not sign anyone in; the check lists every account that disagrees.
- 设置 (SETTING): the security settings kept in meta (core.meta_settings) — their value as set.
- 收到记实 (RECEIPT): each merge of another office's file notes which audit entries it brought
  (their seq range, count and a digest of their chains). Another office's entry can be checked
  here only for its chain, never for its seal (that office has the key), so an entry is genuine
  here when an own sealed receipt covers it: one inserted by hand is covered by none.

Its last chain goes into the audit chain's sealed head (core.audit_chain.write_head, "local"):
deleting the latest entries shows. Local like `operators`: never merged, never in a transfer file.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from db.audit_hash import (
    ACCOUNT,
    ACCOUNT_STATE,
    LOCAL_SINCE_KEY,
    LOG_FIELDS,
    RECEIPT,
    SETTING,
    account_state,
    log_chain,
)
from db.records import canonical_json
from desktop_app.core.audit_chain import SINCE_KEY, meta_values, seal_of, write_head
from desktop_app.core.audit_keys import ensure_office_key, office_key
from desktop_app.core.clock import Clock, stamp, system_clock

_COLUMNS = ("seq", *LOG_FIELDS, "prev_chain", "chain", "seal")


@dataclass(frozen=True)
class LogEntry:
    seq: int
    at: str
    operator: str
    action: str
    subject: str
    detail: str
    prev_chain: str
    chain: str
    seal: str

    @property
    def fields(self) -> list:
        return [self.at, self.operator, self.action, self.subject, self.detail]

    @property
    def values(self) -> dict:
        try:
            value = json.loads(self.detail)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


def append(db, operator: str, action: str, subject: str, detail: dict, clock: Clock = system_clock) -> None:
    """Log one entry, chained and sealed, and note it in the sealed head. Runs in the caller's
    transaction, so the entry is kept exactly when the change it logs is."""
    key = ensure_office_key(_office_id(db))
    last = db.execute("SELECT chain FROM local_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = last[0] if last else ""
    entry = [stamp(clock()), operator, action, subject, canonical_json(detail)]
    chain = log_chain(prev, entry)
    db.execute(f"INSERT INTO local_log ({', '.join(LOG_FIELDS)}, prev_chain, chain, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [*entry, prev, chain, seal_of(key, chain) if key else ""])
    since, head = meta_values(db)
    fields = {"local": chain}
    if not head or "since" not in head:
        fields["since"] = int((since or {}).get("seq", 0) or 0)
    write_head(db, key, **fields)


def log_account(db, by: str, row, change: str, clock: Clock = system_clock) -> None:
    """Log an account's state after `change` (新增、改密、重设密码、改为审核员、停用 …)."""
    append(db, by, ACCOUNT, row["name"], account_state(row) | {"change": change}, clock)


def log_setting(db, by: str, key: str, value: str, clock: Clock = system_clock) -> None:
    append(db, by, SETTING, key, {"value": value}, clock)


def log_receipt(db, by: str, source: str, first: int, last: int, clock: Clock = system_clock) -> int:
    """Log the audit entries seq first..last another office's file just brought; returns how many."""
    count, digest = receipt_digest(db, first, last)
    if count:
        append(db, by, RECEIPT, source, {"first": first, "last": last, "entries": count, "digest": digest}, clock)
    return count


def receipt_digest(db, first: int, last: int) -> tuple[int, str]:
    """(entries, SHA-256 of their office ids and chains in seq order) of the audit entries first..last."""
    digest, count = hashlib.sha256(), 0
    for office, chain in db.execute("SELECT office_id, chain FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq",
                                    [first, last]):
        digest.update(f"{office}:{chain}\n".encode("ascii", "replace"))
        count += 1
    return count, digest.hexdigest()


def logged_setting(db, key: str) -> str | None:
    """The value the setting `key` was last given through the app, None when never or when that
    entry is not as written (chain, or seal where the key is)."""
    found = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM local_log WHERE action = ? AND subject = ?"
                       " ORDER BY seq DESC LIMIT 1", [SETTING, key]).fetchone()
    if found is None or entry_problem(LogEntry(*found), office_key(_office_id(db)), local_since(db)):
        return None
    value = LogEntry(*found).values.get("value")
    return value if isinstance(value, str) else None


def entries(db, action: str | None = None) -> list[LogEntry]:
    where = " WHERE action = ?" if action else ""
    rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM local_log{where} ORDER BY seq", [action] if action else [])
    return [LogEntry(*row) for row in rows]


def has_logged_accounts(db) -> bool:
    """Whether operator accounts were ever set up here (the log keeps them even if the table is emptied)."""
    return db.execute("SELECT 1 FROM local_log WHERE action = ? LIMIT 1", [ACCOUNT]).fetchone() is not None


def local_since(db) -> int:
    """The first entry written after the upgrade (those before carry no seal)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [LOCAL_SINCE_KEY]).fetchone()
    try:
        return int(json.loads(row[0]).get("seq", 0)) if row else 0
    except (ValueError, AttributeError, TypeError):
        return 0


def entry_problem(entry: LogEntry, key: bytes | None, since: int) -> str:
    """Why the entry itself is not as written ('' when it is): its chain, or its seal where the key is."""
    if log_chain(entry.prev_chain, entry.fields) != entry.chain:
        return "内容被改动"
    if key is None or entry.seq < since:
        return ""
    if not entry.seal:
        return "升级之后写入的条目却没有封印"
    return "" if hmac.compare_digest(entry.seal, seal_of(key, entry.chain)) else "封印不符"


def account_problem(db, row) -> str:
    """Why the account `row` (an operators row, as a mapping) is not as the log says ('' when it is)."""
    found = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM local_log WHERE action = ? AND subject = ?"
                       " ORDER BY seq DESC LIMIT 1", [ACCOUNT, row["name"]]).fetchone()
    if found is None:
        return "本机日志里没有这个账户的建立记录"
    entry = LogEntry(*found)
    problem = entry_problem(entry, office_key(_office_id(db)), local_since(db))
    if problem:
        return f"本机日志中这个账户的记录{problem}"
    logged, now = entry.values, account_state(row)
    changed = [ACCOUNT_LABELS[name] for name in ACCOUNT_STATE if logged.get(name) != now[name]]
    return f"账户的{'、'.join(changed)}与本机日志不符" if changed else ""


ACCOUNT_LABELS = {"role": "角色", "disabled": "停用状态", "must_change": "“须改密码”标记", "password": "密码"}


def _office_id(db) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = 'office_id'").fetchone()
    return row[0] if row else ""


__all__ = ["ACCOUNT", "SETTING", "RECEIPT", "SINCE_KEY", "LogEntry", "append", "log_account", "log_setting",
           "log_receipt", "receipt_digest", "logged_setting", "entries", "has_logged_accounts", "local_since", "entry_problem",
           "account_problem", "ACCOUNT_LABELS"]
