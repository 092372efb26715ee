"""核验记实链: verify a database's audit chain (design: core.audit_chain), read-only.

Per office, walking its entries in seq order, the first entry that fails is named (seq, time,
operator, what) with why:
- 内容被改动: the entry's fields no longer hash to its chain value;
- 条目被删除或插入: its predecessor is missing (deleted), it has no chain (not written by the
  app), or it is a second start of this office's chain; for another office's chain a missing
  predecessor is only counted — that office may have sent just some entries (按单位导出);
- 封印不符: the seal does not match the office key on this computer (a chain recomputed without
  the key), or an entry written after sealing began has none.
Without the office's key the seals cannot be checked: 缺少本机密钥，只核对了链的连续性 (a
warning, not a break). Beyond the walk: this office's sealed head in meta must still be in the
chain, every version an office wrote must have that office's audit entry (a deleted entry
shows), every head another office's transfer file witnessed must still be there, and the sealed
local log must hold (core.local_verify: accounts, security settings, receipts of other offices'
entries — an entry of "another office" inserted by hand is covered by no receipt).
"""

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from db.audit_hash import ENTRY_FIELDS, entry_chain
from db.records import DERIVED_OFFICE
from desktop_app.core.audit_chain import head_seal, meta_values, seal_of
from desktop_app.core.audit_keys import KeyLookup, office_key
from desktop_app.core.audit_report import CONTENT, LINK, SEAL, AuditCheck, Break, OfficeChain, entry_what
from desktop_app.core.local_verify import local_problems

Progress = Callable[[int, int, str], None]
PROGRESS_EVERY = 5000


@dataclass
class _Walk:
    """One office's chain as the walk goes."""

    office_id: str
    own: bool
    key: bytes | None
    chains: set[str]
    entries: int = 0
    backfilled: int = 0
    sealed: int = 0  # entries carrying a seal
    gaps: int = 0
    started: bool = False
    broken: tuple | None = None  # (row, reason, detail)


def verify_audit(db, key_lookup: KeyLookup = office_key, *, progress: Progress | None = None) -> AuditCheck:
    """Verify the audit chain of `db` (a Database or sqlite3 connection, only read).

    `key_lookup(office_id)` gives an office's key on this computer (None: not here)."""
    office_id, office_name = _office(db)
    names = _office_names(db, office_id, office_name)
    if "chain" not in {row[1] for row in db.execute("PRAGMA table_info(audit_log)")}:
        return AuditCheck(office_id, office_name, chained=False)
    since, head = meta_values(db)
    since_seq = int((since or {}).get("seq", 0) or 0)
    walks = _walk_entries(db, office_id, key_lookup, since_seq, progress)
    local, logged = local_problems(db, office_id, office_name, key_lookup(office_id), names)
    problems = [*_head_problems(head, since_seq, walks.get(office_id), key_lookup(office_id), office_id, office_name),
                *_unaudited_versions(db, names), *_witness_problems(db, walks, names), *local]
    offices = tuple(_office_chain(db, walk, names) for walk in sorted(
        walks.values(), key=lambda w: (not w.own, names.get(w.office_id, w.office_id))))
    if office_id not in walks:
        offices = (OfficeChain(office_id, office_name, True, keyed=key_lookup(office_id) is not None),) + offices
    witnesses = db.execute("SELECT COUNT(*) FROM audit_witnesses").fetchone()[0]
    return AuditCheck(office_id, office_name, offices, tuple(problems), since if since_seq else None, witnesses,
                      local_entries=logged)


def _office(db) -> tuple[str, str]:
    meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('office_id', 'office_name')").fetchall())
    return meta.get("office_id", ""), meta.get("office_name", "")


def _office_names(db, office_id: str, office_name: str) -> dict[str, str]:
    return dict(db.execute("SELECT id, name FROM offices").fetchall()) | {office_id: office_name}


def _walk_entries(db, office_id: str, key_lookup: KeyLookup, since_seq: int,
                  progress: Progress | None) -> dict[str, _Walk]:
    chains: dict[str, set[str]] = {}
    for office, chain in db.execute("SELECT office_id, chain FROM audit_log"):
        chains.setdefault(office, set()).add(chain)
    total = sum(len(values) for values in chains.values())
    walks = {office: _Walk(office, office == office_id, key_lookup(office), values)
             for office, values in chains.items()}
    columns = ", ".join(ENTRY_FIELDS)
    rows = db.execute(f"SELECT seq, {columns}, prev_chain, chain, seal FROM audit_log ORDER BY seq")
    for done, row in enumerate(rows, 1):
        walk = walks[row[3]]
        walk.entries += 1
        walk.sealed += bool(row[-1])
        if walk.broken is None:
            _check_entry(walk, row, since_seq)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total, f"正在核验记实链（{done:,}/{total:,} 条）…")
    return walks


def _check_entry(walk: _Walk, row, since_seq: int) -> None:
    """Check one entry of `walk`'s office; note the first failure."""
    seq, *entry, prev, chain, seal = row
    if not chain:
        walk.broken = (row, LINK, "这条记实没有链值，不是由考评台写入的")
    elif entry_chain(prev, entry) != chain:
        walk.broken = (row, CONTENT, "")
    elif not prev and walk.own and walk.started:
        walk.broken = (row, LINK, "本单位的记实链在此重新开始，此前的记实被删除或这条是插入的")
    elif prev and prev not in walk.chains:
        if walk.own:
            walk.broken = (row, LINK, "它前面的一条记实已不在记实中")
        else:
            walk.gaps += 1
    walk.started = True
    if walk.broken is None and walk.key is not None:
        if seal:
            if not hmac.compare_digest(seal, seal_of(walk.key, chain)):
                walk.broken = (row, SEAL, "封印与本机密钥算出的不同：链值是在没有密钥的情况下重算的")
        elif walk.own and seq >= since_seq:
            walk.broken = (row, SEAL, "升级之后写入的记实却没有封印")
    if not seal and (not walk.own or seq < since_seq):
        walk.backfilled += 1


def _office_chain(db, walk: _Walk, names: dict[str, str]) -> OfficeChain:
    name = names.get(walk.office_id, walk.office_id[:8])
    broken = None
    if walk.broken is not None:
        row, reason, detail = walk.broken
        broken = Break(walk.office_id, name, reason, seq=row[0], at=row[1], operator=row[2],
                       what=entry_what(db, row[4], row[5], row[6], row[7]), detail=detail)
    return OfficeChain(walk.office_id, name, walk.own, walk.entries, walk.backfilled, walk.sealed, walk.gaps,
                       walk.key is not None, broken)


def _head_problems(head: dict | None, since_seq: int, walk: _Walk | None, key: bytes | None,
                   office_id: str, name: str) -> list[Break]:
    """This office's head noted in meta by the write path: sealed, and still in the chain."""
    if head is None:
        if key is not None and walk is not None and walk.sealed:
            return [Break(office_id, name, LINK, what="本单位的链头记录",
                          detail="链头记录不见了：最近的记实可能连同链头一起被删除")]
        return []
    if key is not None and head.get("seal") != head_seal(key, head):
        return [Break(office_id, name, SEAL, what="本单位的链头记录", detail="链头记录被改动过")]
    if head.get("since") != since_seq:
        return [Break(office_id, name, CONTENT, what="升级补链的分界", detail="记录开始封印位置的数据被改动过")]
    if head.get("chain") and (walk is None or head.get("chain") not in walk.chains):
        return [Break(office_id, name, LINK, what="本单位最后写入的记实",
                      detail="链头记录的那条记实已不在记实中：最近的记实被删除")]
    return []


def _unaudited_versions(db, names: dict[str, str]) -> list[Break]:
    """The first version (by time) per office that has no audit entry of that office."""
    rows = db.execute(
        "SELECT v.office_id, v.at, v.operator, v.table_name, v.record_id, v.id, COUNT(*) OVER (PARTITION BY v.office_id)"
        " FROM versions v WHERE v.office_id <> ? AND NOT EXISTS (SELECT 1 FROM audit_log a"
        " WHERE a.version_id = v.id AND a.office_id = v.office_id) ORDER BY v.office_id, v.at",
        [DERIVED_OFFICE]).fetchall()
    found: dict[str, Break] = {}
    for office, at, operator, table, record_id, vid, count in rows:
        if office not in found:
            what = entry_what(db, None, table, record_id, vid)
            found[office] = Break(office, names.get(office, office[:8]), LINK, at=at, operator=operator, what=what,
                                  detail=f"有 {count} 个版本没有对应的记实（条目被删除）")
    return list(found.values())


def _witness_problems(db, walks: dict[str, _Walk], names: dict[str, str]) -> list[Break]:
    """Each head another office's transfer file carried must still be in the chain."""
    problems = []
    for office, chain, at, sender, received in db.execute(
            "SELECT office_id, chain, at, from_office_name, received_at FROM audit_witnesses"
            " ORDER BY received_at, package_id, office_id"):
        walk = walks.get(office)
        if walk is None or chain not in walk.chains:
            name = names.get(office, office[:8])
            problems.append(Break(office, name, f"与 {sender} {received[:10]} 收到的交换文件记录不一致",
                                  at=at, what="记实链头",
                                  detail="该文件所载的这条记实已不在记实链中：此后记实被删除或重写"))
    return problems


__all__ = ["verify_audit", "AuditCheck", "OfficeChain", "Break"]
