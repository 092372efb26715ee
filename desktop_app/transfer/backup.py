"""备份: consistent copies of the office database in a folder (restoring one: restore.py).

Qt-free. A backup is made with SQLite's online backup API from a read-only connection, so it
works while the app holds the database open (WAL): the copy is the committed state when it
finished (a write during the copy makes SQLite start it again). It is written under a
temporary name, checked (`PRAGMA integrity_check`), flushed, then renamed to
`{本单位}-{YYYYmmdd-HHMMSS}-{原因}.kpdb`; a failed backup leaves no file. Rotation keeps, per
office, the newest `keep_last` backups and the newest of every calendar month.
"""

import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db import cipher
from db.copying import backup_into, connect_read_only
from desktop_app.core.clock import Clock, system_clock
from desktop_app.transfer.errors import BackupFailed, TransferCancelled
from desktop_app.transfer.files import discard_database, fsync_directory, new_temp_name, next_free_path
from desktop_app.transfer.files import fsync_file as _fsync  # module-level: tests make the disk full here

REASONS = ("手动", "导入前", "每日", "恢复前")
DAILY = "每日"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
BACKUP_NAME = re.compile(r"^(?P<office>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>" + "|".join(REASONS)
                         + r")(?:-(?P<serial>\d+))?\.kpdb$")
UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
MAX_OFFICE_CHARS = 40  # file names stay well under 255 bytes
BACKUP_STEP_PAGES = 1024  # pages per backup step (4 MB at the default page size), for progress
KEEP_LAST = 10

Progress = Callable[[int, int, str], None]
log = logging.getLogger("kaoping")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file in the backups folder (备份文件)."""

    path: Path
    made_at: datetime
    reason: str
    size: int
    office: str  # the office name as written in the file name


# -- backing up ---------------------------------------------------------------------------
def backup_database(db_path: Path, backups_dir: Path, *, reason: str, clock: Clock | None = None,
                    progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> Path:
    """Copy the database (open or not) into `backups_dir`, created if missing; returns the path.

    `reason` is one of REASONS (手动 / 导入前 / 每日 / 恢复前). `cancel()` returning True stops
    the copy (TransferCancelled) and leaves no file.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    db_path, backups_dir = Path(db_path), Path(backups_dir)
    if not db_path.is_file():
        raise BackupFailed(f"找不到数据库文件：{db_path}，未做备份。")
    stem = f"{office_label(db_path)}-{(clock or system_clock)().strftime(STAMP_FORMAT)}-{reason}"
    temp = None
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
        temp = new_temp_name(backups_dir, ".备份中-", ".tmp")
        problems = copy_checked(db_path, temp, progress, cancel)
        if problems != ["ok"]:
            raise BackupFailed(f"{db_path.name} 的备份未通过完整性检查（{'；'.join(problems[:3])}），"
                               "数据库文件可能已损坏，未保存备份。请运行「kaoping check」体检。")
        target = next_free_path(backups_dir / f"{stem}.kpdb")
        os.replace(temp, target)
        fsync_directory(backups_dir)
    except (OSError, *cipher.Errors) as error:
        raise BackupFailed.writing(db_path, backups_dir, error) from error
    finally:
        discard_database(temp)
    return target


def office_label(db_path: Path) -> str:
    """The office name for backup file names (本单位名称), made safe for every file system."""
    try:
        conn = connect_read_only(db_path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'office_name'").fetchone()
        finally:
            conn.close()
    except cipher.Errors:
        row = None
    return safe_office_name(row[0] if row and row[0] else Path(db_path).stem)


def safe_office_name(name: str) -> str:
    """`name` as it stands in backup file names: safe on every file system, at most 40 characters."""
    return UNSAFE_IN_NAMES.sub("_", name)[:MAX_OFFICE_CHARS].strip(" .") or "考评台"


def daily_backup_if_due(db_path: Path, backups_dir: Path, today: str, clock: Clock | None = None) -> Path | None:
    """Make today's 每日 backup of this office unless there is one, then rotate; None if not due."""
    office = office_label(Path(db_path))
    for info in list_backups(backups_dir):
        if info.reason == DAILY and info.office == office and info.made_at.date().isoformat() == today:
            return None
    path = backup_database(db_path, backups_dir, reason=DAILY, clock=clock)
    rotate_backups(backups_dir)
    return path


# -- listing and rotation -----------------------------------------------------------------
def list_backups(backups_dir: Path) -> list[BackupInfo]:
    """The backups in `backups_dir`, newest first; files not named like a backup are ignored."""
    folder = Path(backups_dir)
    if not folder.is_dir():
        return []
    found = [info for path in folder.iterdir() if (info := _parse_backup(path)) is not None]
    return sorted(found, key=_age_key, reverse=True)


def backups_to_remove(backups: Iterable[BackupInfo], keep_last: int = KEEP_LAST) -> list[BackupInfo]:
    """The rotation policy (pure): for each office, keep the newest `keep_last` backups and the
    newest backup of every calendar month; return the others, newest first."""
    if keep_last < 0:
        raise ValueError("keep_last must not be negative")
    by_office: dict[str, list[BackupInfo]] = {}
    for info in backups:
        by_office.setdefault(info.office, []).append(info)
    doomed = []
    for group in by_office.values():
        group.sort(key=_age_key, reverse=True)
        newest_of_month: dict[tuple[int, int], BackupInfo] = {}
        for info in group:
            newest_of_month.setdefault((info.made_at.year, info.made_at.month), info)
        keep = set(group[:keep_last]) | set(newest_of_month.values())
        doomed += [info for info in group if info not in keep]
    return sorted(doomed, key=_age_key, reverse=True)


def rotate_backups(backups_dir: Path, *, keep_last: int = KEEP_LAST) -> list[Path]:
    """Delete the backups the policy lets go; returns their paths. One that cannot be deleted
    is left (and logged): rotation never fails a backup."""
    removed = []
    for info in backups_to_remove(list_backups(backups_dir), keep_last):
        try:
            info.path.unlink()
            removed.append(info.path)
        except FileNotFoundError:
            pass
        except OSError as error:
            log.warning("cannot remove old backup %s: %s", info.path, error)
    return removed


def _parse_backup(path: Path) -> BackupInfo | None:
    match = BACKUP_NAME.match(path.name)
    try:
        if match and path.is_file():
            made_at = datetime.strptime(match["stamp"], STAMP_FORMAT)
            return BackupInfo(path, made_at, match["reason"], path.stat().st_size, match["office"])
    except (ValueError, OSError):  # 20261399-…: not a date; or the file went away
        pass
    return None


def _age_key(info: BackupInfo) -> tuple:
    """Oldest first: time, then the -2, -3… of backups made in the same second."""
    match = BACKUP_NAME.match(info.path.name)
    return info.made_at, int(match["serial"]) if match and match["serial"] else 1, info.path.name


# -- copying ------------------------------------------------------------------------------
def copy_checked(source: Path, target: Path, progress: Progress | None,
                 cancel: Callable[[], bool] | None = None) -> list[str]:
    """Copy `source` into the empty file `target` with the backup API, as one self-contained
    file (rollback journal, not WAL); flush it; return `PRAGMA integrity_check` of the copy."""
    def step(done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise TransferCancelled("已取消备份，未保存备份文件。")  # sqlite3 stops the copy
        if progress is not None:
            progress(done, total, "正在备份数据库")

    problems = backup_into(source, target, step_pages=BACKUP_STEP_PAGES, on_step=step if progress or cancel else None)
    _fsync(target)
    return problems


__all__ = ["BackupInfo", "backup_database", "office_label", "daily_backup_if_due", "list_backups",
           "backups_to_remove", "rotate_backups", "copy_checked", "REASONS", "STAMP_FORMAT"]
