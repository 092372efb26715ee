"""Durable files for transfer files (.kpx) and backups (.kpdb), written one way.

A file is written under a temporary name in its target folder, flushed to the device, then
renamed; the folder is synced so the rename survives a power cut. On failure the temporary
file goes, with whatever SQLite left beside it (a full disk leaves a -journal). A new name
never replaces an existing file: `next_free_path` picks name-2, name-3…

`storage_problem` tells what kind of failure an OSError (or a SQLite error while writing)
was; errors.py phrases it for the operator (磁盘空间不足, 只读, U盘已拔出…).
"""

import contextlib
import enum
import errno
import os
import sqlite3
import tempfile
from pathlib import Path

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a database file
SPACE_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}
MISSING_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EEXIST}


class Problem(enum.Enum):
    """What went wrong while writing a file, as far as the error tells."""

    FULL = "full"            # no space (or quota) left
    READ_ONLY = "read-only"  # no permission, write-protected, read-only file system
    MISSING = "missing"      # the folder is not there (any more) or not a folder
    DAMAGED = "damaged"      # SQLite found the source file damaged or not a database


# SQLite's words for its result codes (sqlite3_errstr), for errors that come without the code:
# SQLCipher's backup (an encrypted database's) raises them so
SQLITE_MESSAGES = {"database or disk is full": sqlite3.SQLITE_FULL,
                   "attempt to write a readonly database": sqlite3.SQLITE_READONLY,
                   "database disk image is malformed": sqlite3.SQLITE_CORRUPT,
                   "file is not a database": sqlite3.SQLITE_NOTADB}


def storage_problem(error: BaseException) -> Problem | None:
    """The kind of `error` (OSError or a SQLite/SQLCipher error), or None when it is none of the known ones."""
    code = getattr(error, "errno", None)
    sqlite_code = (getattr(error, "sqlite_errorcode", None) or SQLITE_MESSAGES.get(str(error), 0)) & 0xFF
    if code in SPACE_ERRNOS or sqlite_code == sqlite3.SQLITE_FULL:
        return Problem.FULL
    if isinstance(error, PermissionError) or code in READ_ONLY_ERRNOS or sqlite_code == sqlite3.SQLITE_READONLY:
        return Problem.READ_ONLY
    if code in MISSING_ERRNOS:
        return Problem.MISSING
    if sqlite_code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return Problem.DAMAGED
    return None


# -- names ------------------------------------------------------------------------------------
def new_temp_name(folder: Path, prefix: str, suffix: str) -> Path:
    """A new, empty, private file in `folder` (the same file system as the final name)."""
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    os.close(handle)
    return Path(name)


def partial_name(target: Path) -> Path:
    """The hidden name `target` is written under until it is complete: `.<name>.partial`."""
    return target.parent / f".{target.name}.partial"


def next_free_path(path: Path) -> Path:
    """`path`, or the first of name-2.kpx, name-3.kpx… that does not exist yet."""
    path, number = Path(path), 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


# -- durability -------------------------------------------------------------------------------
def flush_to_device(handle, *, drop_cache: bool = False) -> None:
    """Flush the open file `handle` to the device; `drop_cache` so that reading it back reads
    the device (the stick), not memory, where the platform allows."""
    handle.flush()
    os.fsync(handle.fileno())
    if drop_cache and hasattr(os, "posix_fadvise"):
        os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_directory(folder: Path) -> None:
    """Make a rename durable; Windows cannot open a folder for this, and some filesystems refuse
    (the file itself is flushed already)."""
    if os.name == "nt":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError:
        pass


# -- clean-up ---------------------------------------------------------------------------------
def discard(path: Path | None) -> None:
    """Remove a partial or temporary file if it is there; clean-up never raises."""
    if path is not None:
        with contextlib.suppress(OSError):
            Path(path).unlink(missing_ok=True)


def discard_database(path: Path | None) -> None:
    """Remove a temporary database and what SQLite may have left beside it."""
    if path is not None:
        for suffix in ("", *SIDE_SUFFIXES):
            discard(Path(f"{path}{suffix}"))


__all__ = ["Problem", "storage_problem", "new_temp_name", "partial_name", "next_free_path",
           "flush_to_device", "fsync_file", "fsync_directory", "discard", "discard_database",
           "SIDE_SUFFIXES", "SPACE_ERRNOS"]
