"""Durable files for transfer files (.kpx) and backups (.kpdb), written one way.

A file is written under a temporary name in its target folder, flushed to the device, then
renamed; the folder is synced so the rename survives a power cut. On failure the temporary
file goes, with whatever SQLite left beside it (a full disk leaves a -journal). A new name
never replaces an existing file: `next_free_path` picks name-2, name-3…

`storage_problem` tells what kind of failure an OSError (or a SQLite error while writing)
was; errors.py phrases it for the operator (磁盘空间不足, 只读, U盘已拔出…).
"""

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from db.places import data_dir
from db.storage_problems import Problem, storage_problem  # noqa: F401 — told here for transfer files and backups

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a database file
# -- working folders ----------------------------------------------------------------------------
WORK_FOLDER = "临时"
STALE_AFTER = 6 * 3600  # seconds: no export or import takes that long; older folders were left by a crash


def working_folder(prefix: str) -> tempfile.TemporaryDirectory:
    """A private folder for one export or import (its snapshot is a plain database — for an office
    that keeps its database encrypted, the only plain copy there ever is): in the app's own data
    directory, not the system's temp folder, and removed when done. Folders a crash left behind
    (older than STALE_AFTER) are removed first."""
    root = data_dir() / WORK_FOLDER
    root.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in root.glob("kaoping-*"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > STALE_AFTER:
                shutil.rmtree(old, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=prefix, dir=root)


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
           "SIDE_SUFFIXES", "working_folder"]
