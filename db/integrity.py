"""Health check of a database file (数据库体检), read-only: never modifies the file.

Checks SQLite's own integrity and foreign keys, the schema version, and that the audit
trail accounts for every record: each record's current content is its latest version,
each version's id matches its content, and each record's latest audit entry names it.
"""

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db import cipher
from db.copying import connect_read_only
from db.records import DERIVED_OFFICE, RECORD_TABLES, TABLE_LABELS, content_of, version_id
from db.schema import MIGRATION_SET, known_migrations

MAX_EXAMPLES = 5


@dataclass
class CheckReport:
    path: str
    problems: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {"path": self.path, "ok": self.ok, "problems": self.problems, "facts": self.facts}


def check_database(path: str | Path) -> CheckReport:
    path = Path(path)
    report = CheckReport(str(path))
    if not path.is_file():
        report.problems.append(f"找不到数据库文件：{path}")
        return report
    try:
        conn = connect_read_only(path)
    except cipher.Errors as error:
        report.problems.append(f"无法打开：{error}")
        return report
    conn.row_factory = cipher.row_type(conn)
    try:
        # a damaged file stops here; a broken reference does not hide the other problems
        if _check_sqlite(conn, report) and _check_schema(conn, report):
            _check_records(conn, report)
            _check_audit(conn, report)
    except cipher.DatabaseErrors as error:
        report.problems.append(f"文件不是可用的数据库或已损坏：{error}")
    finally:
        conn.close()
    return report


def _check_sqlite(conn: sqlite3.Connection, report: CheckReport) -> bool:
    """integrity_check and foreign keys; False when the file itself is damaged."""
    results = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if results != ["ok"]:
        report.problems.append("SQLite 完整性检查未通过：" + "；".join(_first_findings(results)))
        return False
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        examples = "；".join(f"{row[0]} 第{row[1]}行 → {row[2]}" for row in broken[:MAX_EXAMPLES])
        report.problems.append(f"外键引用缺失 {len(broken)} 处：{examples}")
    return True


def _first_findings(results: list[str]) -> list[str]:
    """The first few findings of integrity_check, one line each (SQLCipher's come as one row of
    many lines, headed "*** in database main ***")."""
    lines = [line for row in results for line in str(row).splitlines()
             if line.strip() and not line.startswith("*** in database")]
    return lines[:MAX_EXAMPLES]


def _check_schema(conn: sqlite3.Connection, report: CheckReport) -> bool:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_sqlite_migrations" not in tables:
        report.problems.append("不是考评台数据库（没有结构版本记录）。")
        return False
    applied = [row[0] for row in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
    known = known_migrations()
    report.facts["schema_version"] = len(applied)
    report.facts["app_schema_version"] = len(known)
    unknown = [name for name in applied if name not in known]
    if unknown:
        report.facts["unknown_migrations"] = unknown
        report.problems.append(f"数据库由更新版本的考评台创建（未知结构变更：{'、'.join(unknown)}），本版本无法完整检查。")
        return False
    if len(applied) < len(known):
        report.facts["upgrade_pending"] = known[len(applied):]
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
    if "office_id" not in meta or "office_name" not in meta:
        report.problems.append("缺少本单位信息（meta 表中无 office_id / office_name）。")
    report.facts["office"] = meta.get("office_name", "")
    return True


def _check_records(conn: sqlite3.Connection, report: CheckReport) -> None:
    versions = {row["id"]: row for row in conn.execute("SELECT * FROM versions")}
    report.facts["versions"] = len(versions)
    for vid, row in versions.items():
        expected = version_id(row["table_name"], row["record_id"], json.loads(row["parents"]),
                              json.loads(row["content"]), bool(row["deleted"]), row["office_id"] == DERIVED_OFFICE)
        if expected != vid:
            _problem(report, "version_hash", f"版本 {vid[:12]} 的内容与其编号不符（版本记录被改动）")
    for table in RECORD_TABLES:
        count = 0
        for row in conn.execute(f"SELECT * FROM {table}"):
            count += 1
            label = f"{TABLE_LABELS[table]} {row['id'][:8]}"
            version = versions.get(row["version_id"])
            if version is None or version["table_name"] != table or version["record_id"] != row["id"]:
                _problem(report, "no_version", f"{label} 没有对应的版本记录")
            elif json.loads(version["content"]) != content_of(table, row) or version["deleted"] != row["deleted"]:
                _problem(report, "content", f"{label} 的当前内容与最新版本不一致（可能绕过软件直接修改了文件）")
        report.facts[table] = count


def _check_audit(conn: sqlite3.Connection, report: CheckReport) -> None:
    """Every record has a history; its current version has its own audit entry and is a head.

    After a merge, the latest entry of a record may be another office's edit while the record
    shows a different head (a conflict), so the rule is about the current version, not the
    latest entry. A version superseded only by a merge's derived versions (a fold whose reason
    has gone, office 自动合并) may stand as the current one.
    """
    report.facts["audit_entries"] = conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    for table in RECORD_TABLES:
        rows = conn.execute(
            f"""SELECT t.id,
                       EXISTS (SELECT 1 FROM audit_log a WHERE a.table_name = '{table}' AND a.record_id = t.id),
                       EXISTS (SELECT 1 FROM audit_log a WHERE a.table_name = '{table}' AND a.record_id = t.id
                                                          AND a.version_id = t.version_id),
                       EXISTS (SELECT 1 FROM versions c, json_each(c.parents) p
                                WHERE c.table_name = '{table}' AND c.record_id = t.id AND p.value = t.version_id
                                  AND c.office_id <> '{DERIVED_OFFICE}')
                  FROM {table} t"""
        )
        for record_id, has_history, current_audited, superseded in rows:
            if not has_history:
                _problem(report, "no_audit", f"{TABLE_LABELS[table]} {record_id[:8]} 没有任何记实（审计）记录")
            elif not current_audited or superseded:
                _problem(report, "audit_stale", f"{TABLE_LABELS[table]} {record_id[:8]} 的最新记实与当前内容不符")


def _problem(report: CheckReport, kind: str, message: str) -> None:
    """Record a problem, keeping at most MAX_EXAMPLES messages of each kind and a count."""
    counts = report.facts.setdefault("problem_counts", {})
    counts[kind] = counts.get(kind, 0) + 1
    if counts[kind] <= MAX_EXAMPLES:
        report.problems.append(message)
    elif counts[kind] == MAX_EXAMPLES + 1:
        report.problems.append(f"（同类问题还有更多，见 problem_counts.{kind}）")
