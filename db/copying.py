"""Reading a database file without touching it, and copying it consistently (复制数据库).

Every consistent copy in the app (working copies off a USB stick, snapshots for transfer
files, backups, restores) goes through `backup_into`: SQLite's online backup API from a
read-only connection, so it works while the office's writer holds the file open (WAL) and
the copy is the committed state at the moment it finished. The copy is one self-contained
file (rollback journal, no -wal).
"""

import os
from collections.abc import Callable
from pathlib import Path

from db import cipher

StepReport = Callable[[int, int], None]  # (pages copied, pages in all); may raise to stop the copy


def connect_read_only(path: str | os.PathLike, **options):
    """A connection that can never write to `path` (SQLite's `mode=ro`; SQLCipher with this
    computer's key when the file is encrypted, db.cipher)."""
    return cipher.connect(path, read_only=True, **options)


def read_only_uri(path: str | os.PathLike) -> str:
    """The URI for ATTACH-ing `path` read-only."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def backup_into(source, target: Path, *, check: bool = True,
                step_pages: int = -1, on_step: StepReport | None = None) -> list[str]:
    """Copy `source` (a path, opened read-only, or an open connection) into `target` (new or
    empty) with the backup API and return `PRAGMA integrity_check` of the copy (["ok"] when
    sound; [] when `check` is False). An encrypted database's copy is encrypted with the same key
    (db.cipher). `on_step` is called after every `step_pages` pages; an exception it raises stops
    the copy and is raised here."""
    own = not hasattr(source, "backup")
    src = connect_read_only(source) if own else source
    try:
        dst = cipher.connect(target, encrypted=cipher.is_cipher_connection(src))
        try:
            progress = (lambda _status, remaining, total: on_step(total - remaining, total)) if on_step else None
            src.backup(dst, pages=step_pages, progress=progress)
            dst.execute("PRAGMA journal_mode = DELETE").fetchall()
            return [row[0] for row in dst.execute("PRAGMA integrity_check")] if check else []
        finally:
            dst.close()
    finally:
        if own:
            src.close()


__all__ = ["connect_read_only", "read_only_uri", "backup_into"]
