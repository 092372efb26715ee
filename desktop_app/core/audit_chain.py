"""The tamper-evident audit trail (记实链): how audit entries are chained and sealed.

Design
- One chain per office (audit_log.office_id), in the order that office wrote its entries:
  chain = SHA-256(previous chain of that office ‖ canonical JSON of the entry's fields at,
  operator, office_id, action, table_name, record_id, version_id, parent_version_id, batch_id,
  note) — db.audit_hash, frozen. `prev_chain` stores the previous chain value, so an entry's own
  hash checks without its neighbours, and another office's entries that arrive with gaps (按单位
  导出 carries only some) or late (a gap filled by a later file) still verify where they are.
- seal = HMAC-SHA256(office key, chain), made by the office that wrote the entry, with its key
  kept outside the database (core.audit_keys). Editing the file with a SQLite tool can recompute
  chains but not seals. A seal can be checked only where the office's key is — normally on that
  office's computer; elsewhere the chain's continuity is what is checked.
- The write path (core.store `_execute`) chains and seals this office's entries as it writes
  them; the office's last chain is read once per batch and held in memory. At the end of a batch
  the head (last chain, and where sealing began) goes to meta under HEAD_KEY, sealed too: deleting
  the latest entries leaves a sealed head that no entry carries.
- Entries merged from another office (store.receive_audit) keep their prev_chain, chain and seal
  as they came: they verify structurally here; their seals only at their office.
- Databases from before the chain (migration 0006) have their entries chained at the upgrade,
  without seals (the key is not the database's business); meta SINCE_KEY notes the first entry
  after that ({"seq", "at"}). Sealing starts there: the check reports "2026-11-27 之前的 N 条记实在
  升级时补链" — what happened to the file before the upgrade cannot be told, what happens after can.
- Witnesses: a transfer file's manifest carries each office's chain head (its last sealed
  entry there, `chain_heads`); the importing office keeps them (audit_witnesses, core.audit_witness).
  A head once witnessed must stay in the chain, so rewriting a whole chain — seals dropped,
  head deleted — still shows against what another office received.
- Verification: core.audit_verify.verify_audit names the first broken entry per office and why.
"""

import hmac
import json

from db.audit_hash import ENTRY_FIELDS, SINCE_KEY, entry_chain
from db.records import canonical_json
from desktop_app.core.errors import RuleViolation

HEAD_KEY = "audit_chain_head"  # meta: {"chain", "since", "local", "seal"} — this office's last entries
CHAIN_COLUMNS = ("prev_chain", "chain", "seal")


def seal_of(key: bytes, chain: str) -> str:
    """HMAC-SHA256 (hex) of a chain value with the office's key (封印)."""
    return hmac.digest(key, chain.encode("ascii"), "sha256").hex()


def head_seal(key: bytes, head: dict) -> str:
    """The seal of the head noted in meta: the last chain, the seq where sealing began and, once the
    local log (core.local_log) has entries, its last chain too."""
    text = f"head:{head.get('since', -1)}:{head.get('chain')}"
    return seal_of(key, text + (f":{head['local']}" if "local" in head else ""))  # "" too: the log was sealed


class HeadTampered(RuleViolation):
    """The sealed head in meta no longer matches its seal: sealing it again would hide that."""


HEAD_TAMPERED = ("本单位的记实链头记录被改动过（不是经考评台改的）。为保留证据，已停止写入：请技术人员核验记实链"
                 "（「操作记录 → 核验记实链」或 kaoping check），需要时从备份恢复。")


def head_problem(head: dict | None, key: bytes | None) -> bool:
    """Whether the head carries a seal that the office key does not make (a head without a seal was
    written where the key was missing; the check judges that)."""
    return bool(key and head and head.get("seal")
                and not hmac.compare_digest(str(head["seal"]), head_seal(key, head)))


def write_head(db, key: bytes | None, **fields) -> dict:
    """Change fields of the head in meta (chain, since, local) and seal it again (unsealed without a
    key); HeadTampered, writing nothing, when the head there has a seal the key does not make."""
    current = meta_values(db)[1]
    if head_problem(current, key):
        raise HeadTampered(HEAD_TAMPERED)
    head = {name: value for name, value in (current or {}).items() if name != "seal"} | fields
    head["seal"] = head_seal(key, head) if key else ""
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [HEAD_KEY, canonical_json(head)])
    return head


def meta_values(db) -> tuple[dict | None, dict | None]:
    """(since, head) from meta: where chaining at the upgrade ended, and the sealed head."""
    found = dict(db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", [SINCE_KEY, HEAD_KEY]).fetchall())
    return tuple(_json(found.get(key)) for key in (SINCE_KEY, HEAD_KEY))


def _json(text: str | None) -> dict | None:
    """The dict stored in meta; None when absent, {} when unreadable (someone wrote it by hand)."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class ChainWriter:
    """Chains and seals one batch's audit entries of this office (the store's write path)."""

    def __init__(self, db, office_id: str, key: bytes | None):
        self.db, self.key = db, key
        since, head = meta_values(db)
        self.since = int((since or {}).get("seq", 0) or 0)
        self.head = (head or {}).get("chain") or _last_chain(db, office_id)
        self.moved = False

    def link(self, entry: list) -> list:
        """The entry (ENTRY_FIELDS values) followed by its prev_chain, chain and seal."""
        prev, self.head = self.head, entry_chain(self.head, entry)
        self.moved = True
        return [*entry, prev, self.head, seal_of(self.key, self.head) if self.key else ""]

    def close(self) -> None:
        """Note the batch's last chain in meta as the office's head (sealed when the key is here)."""
        if not self.moved:
            return
        write_head(self.db, self.key, chain=self.head, since=self.since)
        self.moved = False


def _last_chain(db, office_id: str) -> str:
    row = db.execute("SELECT chain FROM audit_log WHERE office_id = ? ORDER BY seq DESC LIMIT 1",
                     [office_id]).fetchone()
    return row[0] if row else ""


__all__ = ["ENTRY_FIELDS", "SINCE_KEY", "HEAD_KEY", "CHAIN_COLUMNS", "entry_chain", "seal_of", "head_seal",
           "meta_values", "write_head", "head_problem", "HeadTampered", "ChainWriter"]
