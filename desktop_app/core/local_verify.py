"""核验本机日志: the checks of the sealed local log (core.local_log), part of 核验记实链.

- the log itself, as core.local_log.trusted_entries judges it (chains, links, seals, the sealed head
  naming the last entry);
- the accounts: every operators row as its last 账号 entry says (role, disabled, must change,
  password), none without an entry, none logged and gone;
- the security settings in meta (db.audit_hash.SEALED_SETTINGS) as last logged;
- other offices' audit entries: each one covered by a receipt (收到记实: each import's, and the
  upgrade's for what the file held then) whose count and digest still match — an entry inserted
  with a SQLite tool is covered by none.
Read-only; every problem is a Break (core.audit_report) with a Chinese reason.
"""

import bisect

from db.audit_hash import ACCOUNT, RECEIPT, SEALED_SETTINGS, SETTING, audit_digest
from desktop_app.core.audit_report import CONTENT, LINK, SEAL, Break, entry_what
from desktop_app.core.local_log import (
    LocalLogTampered,
    LogEntry,
    entries,
    latest,
    state_differences,
    trusted_entries,
)

LOG = "本机日志"


def local_problems(db, office_id: str, office_name: str, key: bytes | None, names: dict[str, str]
                   ) -> tuple[list[Break], int]:
    """The problems found, and how many local log entries there are."""
    log = entries(db)
    found = []
    try:
        trusted_entries(db, key, lookup=False)
    except LocalLogTampered as error:
        found.append(_break(office_id, office_name, _reason(error.reason), "" if error.entry else f"{LOG}",
                            error.reason, error.entry))
    found += _account_problems(db, log, office_id, office_name)
    found += _setting_problems(db, log, office_id, office_name)
    found += _receipt_problems(db, log, office_id, names)
    return found, len(log)


def _reason(text: str) -> str:
    if "封印" in text or "链头记录被改动" in text:
        return SEAL
    return CONTENT if "内容被改动" in text else LINK


def _break(office_id: str, office_name: str, reason: str, what: str, detail: str = "", entry: LogEntry | None = None):
    if entry is not None:
        what = f"{LOG}第 {entry.seq} 条（{entry.at[:19].replace('T', ' ')}，{entry.operator}，{entry.action}「{entry.subject}」）"
    return Break(office_id, office_name, reason, what=what, detail=detail)


def _account_problems(db, log: list[LogEntry], office_id: str, office_name: str) -> list[Break]:
    logged = latest(log, ACCOUNT)
    cursor = db.execute("SELECT * FROM operators ORDER BY name")
    columns = [c[0] for c in cursor.description]
    rows = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    found = []
    for name, row in rows.items():
        entry = logged.get(name)
        if entry is None:
            found.append(_break(office_id, office_name, CONTENT, f"操作员账户「{name}」",
                                "本机日志里没有这个账户的建立记录：它是用考评台以外的工具加进账户表的"))
            continue
        changed = state_differences(entry, row)
        if changed:
            found.append(_break(office_id, office_name, CONTENT, f"操作员账户「{name}」",
                                f"{'、'.join(changed)}与本机日志不符：账户表被考评台以外的工具改动过"))
    for name in sorted(set(logged) - set(rows)):
        found.append(_break(office_id, office_name, LINK, f"操作员账户「{name}」", "本机日志记有这个账户，账户表里却没有了：它被删除了"))
    return found


def _setting_problems(db, log: list[LogEntry], office_id: str, office_name: str) -> list[Break]:
    logged = latest(log, SETTING)
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    found = []
    for key in sorted(set(logged) | set(SEALED_SETTINGS)):
        entry = logged.get(key)
        if entry is None and key not in meta:
            continue
        if entry is None or entry.values.get("value") != meta.get(key):
            found.append(_break(office_id, office_name, CONTENT, f"设置「{key}」",
                                "数据库里的值与本机日志记下的不同：它是用考评台以外的工具改的"))
    return found


def _receipt_problems(db, log: list[LogEntry], office_id: str, names: dict[str, str]) -> list[Break]:
    """Each receipt still matches its entries, and each other office's entry lies in a receipt."""
    found, ranges = [], []
    for entry in log:
        if entry.action != RECEIPT:
            continue
        values = entry.values
        first, last = int(values.get("first", 0)), int(values.get("last", -1))
        ranges.append((first, last))
        if audit_digest(db, first, last) != (values.get("entries"), values.get("digest")):
            found.append(_break(office_id, names.get(office_id, ""), CONTENT, "", "这张凭据所记的记实"
                                "被改动、删除或插入过", entry))
    ranges.sort()
    starts = [start for start, _end in ranges]
    for row in db.execute("SELECT seq, at, operator, office_id, action, table_name, record_id, version_id"
                          " FROM audit_log WHERE office_id <> ? ORDER BY seq", [office_id]):
        index = bisect.bisect_right(starts, row[0]) - 1
        if index < 0 or row[0] > ranges[index][1]:
            found.append(Break(row[3], names.get(row[3], row[3][:8]), LINK, seq=row[0], at=row[1], operator=row[2],
                               what=entry_what(db, *row[4:8]),
                               detail="本机没有收到这条其他单位记实的凭据：它不是经导入交换文件收到的，"
                                      "而是用考评台以外的工具加进来的"))
            break
    return found


__all__ = ["local_problems"]
