"""Facts about an open office database for the settings page (数据库信息): read-only."""

from dataclasses import dataclass
from pathlib import Path

from db.schema import known_migrations, schema_version


@dataclass(frozen=True)
class DatabaseSummary:
    office_name: str
    office_id: str
    schema_version: int  # migrations applied to the file
    app_schema_version: int  # migrations this version of the app knows
    units: int  # live units
    cadres: int  # live cadres
    file_size: int  # bytes of the file (with its -wal journal), 0 if unknown


def database_summary(db, path: str | Path | None = None) -> DatabaseSummary:
    """Office, schema version and live record counts of `db` (any connection, e.g. the GUI's reader)."""
    meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('office_name', 'office_id')").fetchall())
    units = db.execute("SELECT COUNT(*) FROM units WHERE deleted = 0").fetchone()[0]
    cadres = db.execute("SELECT COUNT(*) FROM cadres WHERE deleted = 0").fetchone()[0]
    return DatabaseSummary(meta.get("office_name", ""), meta.get("office_id", ""), schema_version(db),
                           len(known_migrations()), units, cadres, file_size(path) if path else 0)


def file_size(path: str | Path) -> int:
    """Size in bytes of a database file together with its write-ahead log (-wal), 0 if missing."""
    total = 0
    for candidate in (Path(path), Path(f"{path}-wal")):
        try:
            total += candidate.stat().st_size
        except OSError:
            pass
    return total


def readable_size(size: int) -> str:
    """1536 → 1.5 KB; 3_400_000 → 3.2 MB (binary units, one decimal)."""
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
