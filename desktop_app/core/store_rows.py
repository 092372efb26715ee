"""How a record's row, version and audit entry are laid out in SQL (the write path's and a merge's)."""

from collections.abc import Mapping

from db.records import DERIVED_OFFICE, RECORD_TABLES

VERSION_COLUMNS = "id, table_name, record_id, parents, office_id, operator, at, deleted, content"
AUDIT_COLUMNS = ("at", "operator", "office_id", "action", "table_name", "record_id", "version_id",
                 "parent_version_id", "batch_id", "note")

# The version that made a record (its created_at and office): the earliest a person wrote;
# a merge's derived version may share its parent's time but never made the record.
FIRST_VERSION = f"ORDER BY w.office_id = '{DERIVED_OFFICE}', w.at, w.id"


def upsert_sql(table: str, columns: list[str]) -> str:
    """Insert a record's row or update it in place. Never INSERT OR REPLACE: that would delete
    *another* record whose unique key (身份证号, 单位名称) clashes; here the clash raises instead."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            f" ON CONFLICT(id) DO UPDATE SET {updates}")


def check_table(table: str) -> None:
    if table not in RECORD_TABLES:
        raise ValueError(f"not a record table: {table}")


def check_columns(table: str, values: Mapping) -> None:
    check_table(table)
    unknown = set(values) - set(RECORD_TABLES[table])
    if unknown:
        raise ValueError(f"{table} has no content columns {sorted(unknown)}")


__all__ = ["VERSION_COLUMNS", "AUDIT_COLUMNS", "FIRST_VERSION", "upsert_sql", "check_table", "check_columns"]
