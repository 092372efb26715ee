"""导入记录: which transfer files this database has merged, so importing one again is recognised."""

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportRecord:
    package_id: str
    source_office_id: str
    source_office_name: str
    exported_at: str
    imported_at: str
    operator: str
    report: dict


_COLUMNS = "package_id, source_office_id, source_office_name, exported_at, imported_at, operator, report"


def previous_import(db, package_id: str) -> ImportRecord | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM imports WHERE package_id = ?", [package_id]).fetchone()
    return _record(row) if row else None


def import_history(db) -> list[ImportRecord]:
    """Every import, newest first (数据交换 page)."""
    return [_record(row) for row in db.execute(f"SELECT {_COLUMNS} FROM imports ORDER BY imported_at DESC")]


def log_import(db, record: ImportRecord) -> None:
    """Called inside the merge's transaction: the log and the merge commit together."""
    db.execute(f"INSERT INTO imports ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [record.package_id, record.source_office_id, record.source_office_name, record.exported_at,
                record.imported_at, record.operator, json.dumps(record.report, ensure_ascii=False)])


def _record(row) -> ImportRecord:
    *fields, report = row
    return ImportRecord(*fields, json.loads(report))
