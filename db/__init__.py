"""The office database file (Qt-free): opening, migrations, integrity checks."""

from db.connection import DATABASE_SUFFIX, OfficeDatabase, copy_database, ensure_local, open_database
from db.errors import DatabaseError, DatabaseLocked, DatabaseTooNew, KaopingError, NotADatabase

__all__ = [
    "DATABASE_SUFFIX", "OfficeDatabase", "copy_database", "ensure_local", "open_database",
    "DatabaseError", "DatabaseLocked", "DatabaseTooNew", "KaopingError", "NotADatabase",
]
