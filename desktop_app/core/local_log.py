"""本机日志: this workstation's own chained and sealed log of what is not a record.

The audit trail (记实链) covers record versions. Three other things a person with a SQLite tool
could change unseen are logged here (table local_log, migration 0007), chained like the audit
trail and sealed with the same office key (core.audit_keys):
- 账号 (ACCOUNT): every change of an operator account — its role, whether disabled or must change
  its password, and a digest of its password hash (db.audit_hash.account_state). A login, and
  every batch of a signed-in session, checks the account against the log (`account_problem`).
- 设置 (SETTING): the security settings kept in meta (core.meta_settings) — their value as set;
  a value not as logged reads as the safe default (meta_settings.sealed_setting).
- 收到记实 (RECEIPT): each merge of another office's file notes which audit entries it brought
  (their seq range, count and a digest of their chains); the upgrade notes the entries the file
  held then. Another office's entry can be checked here for its chain, never for its seal (that
  office has the key), so an entry is genuine here when a receipt covers it.

The log is trusted as a whole (`trusted_entries`): each entry's chain and link to the one before,
and, where the office key is, each entry's seal and the sealed head in meta (core.audit_chain)
naming the last entry ("local") — so deleting, rewriting or adding entries, or emptying the log,
shows. The entries an upgrade wrote carry no seal; the first write with the key seals them
(`adopt`) and from then on every entry must be sealed. Anything not as written makes the log
untrusted: logins and the log's own writes are refused (fail closed), settings read as defaults.
Local like `operators`: never merged, never in a transfer file.
"""

import hmac
import json
from dataclasses import dataclass

from db.audit_hash import (
    ACCOUNT,
    ACCOUNT_STATE,
    LOG_FIELDS,
    RECEIPT,
    SETTING,
    account_state,
    audit_digest,
    log_chain,
)
from db.records import canonical_json
from desktop_app.core.audit_chain import head_problem, meta_values, seal_of, write_head
from desktop_app.core.audit_keys import office_key, writing_key
from desktop_app.core.clock import Clock, stamp, system_clock
from desktop_app.core.errors import RuleViolation

_COLUMNS = ("seq", *LOG_FIELDS, "prev_chain", "chain", "seal")
ACCOUNT_LABELS = {"role": "角色", "disabled": "停用状态", "must_change": "“须改密码”标记", "password": "密码"}
LOG_TAMPERED = ("本机日志（操作员账户、安全设置的记录）被改动过，不是经考评台改的：{reason}。为安全起见不能登录，"
                "也不能再修改账户和设置。请技术人员核验记实链（kaoping check），并在关闭本程序后用备份替换数据库文件"
                "（或 kaoping restore）。")


class LocalLogTampered(RuleViolation):
    """The local log is not as the app wrote it (`reason` says how)."""

    def __init__(self, reason: str, entry: "LogEntry | None" = None):
        super().__init__(LOG_TAMPERED.format(reason=reason))
        self.reason, self.entry = reason, entry


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


# -- reading, trusted -------------------------------------------------------------------------------
def entries(db, action: str | None = None) -> list[LogEntry]:
    """The entries as stored (not checked), oldest first."""
    where = " WHERE action = ?" if action else ""
    rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM local_log{where} ORDER BY seq", [action] if action else [])
    return [LogEntry(*row) for row in rows]


def trusted_entries(db, key: bytes | None = None, *, lookup: bool = True) -> list[LogEntry]:
    """Every entry, oldest first, once the whole log is as the app wrote it; LocalLogTampered naming
    the first thing that is not. `key`: the office key (looked up here unless `lookup` is False —
    without it only the chain's continuity can be checked)."""
    if lookup and key is None:
        key = office_key(_office_id(db))
    log = entries(db)
    head = meta_values(db)[1] or {}
    if head_problem(head, key):
        raise LocalLogTampered("链头记录被改动过")
    sealed = "local" in head  # adopted: every entry sealed, the head names the last one
    prev = ""
    for entry in log:
        if log_chain(entry.prev_chain, entry.fields) != entry.chain:
            raise LocalLogTampered(f"第 {entry.seq} 条的内容被改动过", entry)
        if entry.prev_chain != prev:
            raise LocalLogTampered(f"第 {entry.seq} 条前面的条目已不在日志中，或这条是插入的", entry)
        if key is not None and (sealed or entry.seal) and not _seal_matches(entry, key):
            raise LocalLogTampered(f"第 {entry.seq} 条的封印不符", entry)
        prev = entry.chain
    if sealed and head["local"] != prev:
        raise LocalLogTampered("链头记录的最后一条已不在日志中：最近的条目被删除" if head["local"] else
                               "日志封印之后又出现了没有经考评台写入的条目")
    if not sealed and any(entry.seal for entry in log):
        raise LocalLogTampered("链头记录不见了")
    return log


def _seal_matches(entry: LogEntry, key: bytes) -> bool:
    return bool(entry.seal) and hmac.compare_digest(entry.seal, seal_of(key, entry.chain))


def latest(log: list[LogEntry], action: str) -> dict[str, LogEntry]:
    """The last entry of `action` per subject (account name, setting key)."""
    found: dict[str, LogEntry] = {}
    for entry in log:
        if entry.action == action:
            found[entry.subject] = entry
    return found


def has_logged_accounts(db) -> bool:
    """Whether operator accounts were ever set up here (the log keeps them even if the table is
    emptied), or the log was sealed and is now empty — someone emptied it: protected all the same."""
    if db.execute("SELECT 1 FROM local_log WHERE action = ? LIMIT 1", [ACCOUNT]).fetchone() is not None:
        return True
    head = meta_values(db)[1] or {}
    return bool(head.get("local")) and db.execute("SELECT 1 FROM local_log LIMIT 1").fetchone() is None


def account_problem(db, row) -> str:
    """Why the account `row` (an operators row, as a mapping) is not as the log says ('' when it is);
    LocalLogTampered when the log itself is not as written."""
    entry = latest(trusted_entries(db), ACCOUNT).get(row["name"])
    if entry is None:
        return "本机日志里没有这个账户的建立记录"
    changed = state_differences(entry, row)
    return f"账户的{'、'.join(changed)}与本机日志不符" if changed else ""


def state_differences(entry: LogEntry, row) -> list[str]:
    """What of the account `row` differs from its log entry (ACCOUNT_LABELS)."""
    now = account_state(row)
    return [ACCOUNT_LABELS[field] for field in ACCOUNT_STATE if entry.values.get(field) != now[field]]


def logged_setting(db, key: str) -> str | None:
    """The value the setting `key` was last given through the app; None when never, or when the
    log is not as written (the caller then falls back to its safe default)."""
    try:
        entry = latest(trusted_entries(db), SETTING).get(key)
    except LocalLogTampered:
        return None
    value = entry.values.get("value") if entry else None
    return value if isinstance(value, str) else None


# -- writing --------------------------------------------------------------------------------------------
def append(db, operator: str, action: str, subject: str, detail: dict, clock: Clock = system_clock) -> None:
    """Log one entry, chained from the head and sealed, and note it in the sealed head. Runs in the
    caller's transaction, so the entry is kept exactly when the change it logs is; LocalLogTampered
    (nothing written) when the log is not as the app wrote it — sealing on would hide that."""
    key = writing_key(db, _office_id(db))
    log = trusted_entries(db, key, lookup=False)
    _seal_upgrade_entries(db, key, log)
    prev = log[-1].chain if log else ""
    entry = [stamp(clock()), operator, action, subject, canonical_json(detail)]
    chain = log_chain(prev, entry)
    db.execute(f"INSERT INTO local_log ({', '.join(LOG_FIELDS)}, prev_chain, chain, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [*entry, prev, chain, seal_of(key, chain) if key else ""])
    _write_local_head(db, key, chain)


def adopt(db, key: bytes | None) -> None:
    """The first time a batch is written with the office key (core.store), seal the entries the
    upgrade wrote and have the head name the last one; from then on every entry must be sealed.
    A meta read when done already; LocalLogTampered when the log is not as written."""
    if key is None or "local" in (meta_values(db)[1] or {}):
        return
    log = trusted_entries(db, key, lookup=False)
    _seal_upgrade_entries(db, key, log)
    _write_local_head(db, key, log[-1].chain if log else "")


def seal_upgrade(db) -> None:
    """`adopt` with this computer's office key (a login after the upgrade)."""
    adopt(db, writing_key(db, _office_id(db)))


def _seal_upgrade_entries(db, key: bytes | None, log: list[LogEntry]) -> None:
    if key is None or "local" in (meta_values(db)[1] or {}):
        return
    for entry in log:
        db.execute("UPDATE local_log SET seal = ? WHERE seq = ?", [seal_of(key, entry.chain), entry.seq])


def _write_local_head(db, key: bytes | None, chain: str) -> None:
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
    count, digest = audit_digest(db, first, last)
    if count:
        append(db, by, RECEIPT, source, {"first": first, "last": last, "entries": count, "digest": digest}, clock)
    return count


def _office_id(db) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = 'office_id'").fetchone()
    return row[0] if row else ""


__all__ = ["ACCOUNT", "SETTING", "RECEIPT", "ACCOUNT_LABELS", "LocalLogTampered", "LogEntry", "entries",
           "trusted_entries", "latest", "has_logged_accounts", "account_problem", "state_differences",
           "logged_setting", "append", "adopt", "seal_upgrade", "log_account", "log_setting", "log_receipt"]
