"""备份与恢复: consistent copies of the office database in a folder, and restoring one.

Qt-free. A backup is made with SQLite's online backup API from a read-only connection, so it
works while the app holds the database open (WAL): the copy is the committed state when it
finished (a write during the copy makes SQLite start it again). It is written under a
temporary name, checked (`PRAGMA integrity_check`), flushed, then renamed to
`{本单位}-{YYYYmmdd-HHMMSS}-{原因}.kpdb`; a failed backup leaves no file. Rotation keeps, per
office, the newest `keep_last` backups and the newest of every calendar month. Restoring
refuses a damaged backup, a file that is not a 考评台 database and one from a newer version,
and keeps the replaced database beside it as `<名>-恢复前-<时间>.kpdb`.
"""

import errno
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db.connection import SQLITE_HEADER, _acquire_writer_lock
from db.errors import DatabaseLocked, KaopingError
from db.integrity import CheckReport, check_database
from db.schema import MIGRATION_SET, known_migrations
from desktop_app.core.clock import Clock, system_clock

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


class BackupFailed(KaopingError):
    """The backup could not be made (disk full, folder missing or read-only, damaged database)."""


class RestoreFailed(KaopingError):
    """The restore was refused or could not be done; the office database is unchanged."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file in the backups folder (备份文件)."""

    path: Path
    made_at: datetime
    reason: str
    size: int
    office: str  # the office name as written in the file name


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: `db_path` now holds `backup`; the replaced file was kept as `kept`."""

    backup: Path
    db_path: Path
    office: str
    kept: Path | None  # None when there was no database to replace


# -- backing up ---------------------------------------------------------------------------
def backup_database(db_path: Path, backups_dir: Path, *, reason: str, clock: Clock | None = None,
                    progress: Progress | None = None) -> Path:
    """Copy the database (open or not) into `backups_dir`, created if missing; returns the path.

    `reason` is one of REASONS (手动 / 导入前 / 每日 / 恢复前).
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
        temp = _new_temp(backups_dir, ".备份中-")
        problems = _copy_checked(db_path, temp, progress)
        if problems != ["ok"]:
            raise BackupFailed(f"{db_path.name} 的备份未通过完整性检查（{'；'.join(problems[:3])}），"
                               "数据库文件可能已损坏，未保存备份。请运行「kaoping check」体检。")
        target = _free_name(backups_dir, stem)
        os.replace(temp, target)
        _fsync_dir(backups_dir)
    except (OSError, sqlite3.Error) as error:
        raise BackupFailed(f"备份失败：{_write_problem(db_path, backups_dir, error)}。"
                           "没有留下不完整的备份文件。") from error
    finally:
        _discard(temp)
    return target


def office_label(db_path: Path) -> str:
    """The office name for backup file names (本单位名称), made safe for every file system."""
    try:
        conn = _read_only(db_path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'office_name'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    name = row[0] if row and row[0] else Path(db_path).stem
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


# -- restoring ----------------------------------------------------------------------------
def restore_database(backup: Path, db_path: Path, *, clock: Clock | None = None) -> RestoreResult:
    """Replace the database at `db_path` with `backup`, keeping the replaced file beside it.

    Refused, with nothing changed, when the backup fails the health check (damaged, not a
    考评台 database, from a newer version) or another program holds the database open.
    """
    backup, db_path = Path(backup), Path(db_path)
    office = _require_restorable(backup)
    if not db_path.parent.is_dir():
        raise RestoreFailed(f"文件夹不存在：{db_path.parent}，未做任何修改。")
    try:
        lock = _acquire_writer_lock(db_path)
    except DatabaseLocked as error:
        raise RestoreFailed(f"数据库 {db_path.name} 正在被另一个考评台窗口或程序使用，不能恢复。"
                            "请先关闭它，再恢复。未做任何修改。") from error
    try:
        kept = _replace_with_copy(backup, db_path, (clock or system_clock)())
    finally:
        lock.release()
    return RestoreResult(backup, db_path, office, kept)


def _require_restorable(backup: Path) -> str:
    """The backup's office name, or RestoreFailed saying why it cannot be restored."""
    try:
        with open(backup, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise RestoreFailed(f"找不到或无法读取备份文件：{backup}（{error.strerror or error}），"
                            "未做任何修改。") from error
    if header != SQLITE_HEADER:
        raise RestoreFailed(f"{backup.name} 不是考评台数据库文件（文件格式不符），不能用它恢复。未做任何修改。")
    report = check_database(backup)
    if report.ok:
        return report.facts.get("office", "")
    raise RestoreFailed(f"{backup.name} {_refusal_reason(backup, report)}，不能用它恢复。未做任何修改。")


def _refusal_reason(backup: Path, report: CheckReport) -> str:
    try:
        conn = _read_only(backup)
        try:
            applied = [row[0] for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])]
        finally:
            conn.close()
    except sqlite3.Error:
        applied = []
    if not applied:
        return "不是考评台数据库（或已损坏，无法读取）"
    if newer := [name for name in applied if name not in known_migrations()]:
        return f"由更新版本的考评台创建（含本版本不认识的结构变更 {newer[-1]}），请升级考评台后再恢复"
    return f"未通过数据库体检（{'；'.join(report.problems[:3])}），文件可能已损坏或被改动"


def _replace_with_copy(backup: Path, db_path: Path, moment: datetime) -> Path | None:
    """Copy `backup` beside `db_path`, keep the current file, then rename the copy into place."""
    temp = None
    try:
        temp = _new_temp(db_path.parent, ".恢复中-")
        problems = _copy_checked(backup, temp, None)
        if problems != ["ok"]:
            raise RestoreFailed(f"{backup.name} 复制后校验未通过（{'；'.join(problems[:3])}），未做任何修改。")
        kept = None
        if db_path.exists():
            shutil.copymode(db_path, temp)  # mkstemp made it private (0600); keep the file's own mode
            kept = _keep_replaced(db_path, moment)
        _clear_side_files(db_path, kept)
        os.replace(temp, db_path)
        _fsync_dir(db_path.parent)
        return kept
    except (OSError, sqlite3.Error) as error:
        raise RestoreFailed(f"恢复失败：{_write_problem(backup, db_path.parent, error)}。"
                            f"数据库 {db_path.name} 未改动。") from error
    finally:
        _discard(temp)


def _keep_replaced(db_path: Path, moment: datetime) -> Path:
    """Keep the file about to be replaced as `<stem>-恢复前-<stamp>.kpdb` (a hard link: no copy)."""
    _checkpoint(db_path)
    kept = _free_name(db_path.parent, f"{db_path.stem}-恢复前-{moment.strftime(STAMP_FORMAT)}")
    try:
        os.link(db_path, kept)
    except OSError:  # a file system without hard links (FAT, some network shares)
        try:
            shutil.copy2(db_path, kept)
        except OSError:
            kept.unlink(missing_ok=True)
            raise
    return kept


def _checkpoint(db_path: Path) -> None:
    """Move committed data from the -wal into the file itself (the caller holds the writer lock)."""
    try:
        conn = sqlite3.connect(db_path, timeout=1)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:  # damaged: its -wal, if any, goes alongside the kept file instead
        pass


def _clear_side_files(db_path: Path, kept: Path | None) -> None:
    """No -wal/-shm/-journal may outlive the replaced file: SQLite would replay it into the restored
    one. A non-empty -wal (committed data a checkpoint could not move) goes with the kept file."""
    wal = Path(f"{db_path}-wal")
    if kept is not None and wal.is_file() and wal.stat().st_size:
        os.replace(wal, Path(f"{kept}-wal"))
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


# -- files --------------------------------------------------------------------------------
def _copy_checked(source: Path, target: Path, progress: Progress | None) -> list[str]:
    """Copy `source` into the empty file `target` with the backup API, as one self-contained
    file (rollback journal, not WAL); flush it; return `PRAGMA integrity_check` of the copy."""
    report = None if progress is None else (
        lambda _status, remaining, total: progress(total - remaining, total, "正在备份数据库"))
    src = _read_only(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=BACKUP_STEP_PAGES, progress=report)
            dst.execute("PRAGMA journal_mode = DELETE").fetchall()
            problems = [row[0] for row in dst.execute("PRAGMA integrity_check")]
        finally:
            dst.close()
    finally:
        src.close()
    _fsync(target)
    return problems


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def _new_temp(folder: Path, prefix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    os.close(handle)
    return Path(name)


def _discard(temp: Path | None) -> None:
    """Remove a temporary copy and what SQLite may leave beside it (a full disk leaves a -journal)."""
    if temp is not None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)


def _free_name(folder: Path, stem: str) -> Path:
    """`folder/stem.kpdb`, or `stem-2.kpdb`, `stem-3.kpdb`… when taken (two backups in a second)."""
    target, serial = folder / f"{stem}.kpdb", 2
    while target.exists():
        target, serial = folder / f"{stem}-{serial}.kpdb", serial + 1
    return target


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open a folder for this."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError:  # some file systems refuse fsync on a folder; the file itself is flushed
        pass
    finally:
        os.close(handle)


def _write_problem(source: Path, folder: Path, error: BaseException) -> str:
    """The operator's words for why writing into `folder` (or reading `source`) failed."""
    code = getattr(error, "errno", None)
    sqlite_code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code == errno.ENOSPC or sqlite_code == sqlite3.SQLITE_FULL:
        return f"磁盘空间不足（{folder}），请清理磁盘或换一个文件夹"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or sqlite_code == sqlite3.SQLITE_READONLY:
        return f"没有写入文件夹 {folder} 的权限，或该位置是只读的"
    if code in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST):
        return f"文件夹不存在或不可用：{folder}"
    if sqlite_code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return f"无法读取 {source.name}（{error}），文件可能已损坏，请运行「kaoping check」体检"
    return str(getattr(error, "strerror", None) or error)
