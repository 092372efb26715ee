"""恢复: putting a backup in place of the office database.

Qt-free. Restoring refuses a damaged backup, a file that is not a 考评台 database and one
from a newer version, and a database another program holds open; then nothing changes. The
backup is copied beside the database (and checked) before anything is replaced, and the
replaced database is kept beside it as `<名>-恢复前-<时间>.kpdb`.
"""

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db import cipher
from db.connection import SQLITE_HEADER, _acquire_writer_lock
from db.encryption import encrypt_database
from db.errors import DatabaseError, DatabaseLocked
from db.integrity import CheckReport, check_database
from desktop_app.core.clock import Clock, system_clock
from desktop_app.core.permissions import Operator
from desktop_app.transfer.backup import STAMP_FORMAT, copy_checked
from desktop_app.transfer.errors import RestoreFailed
from desktop_app.transfer.files import (
    SIDE_SUFFIXES,
    discard,
    discard_database,
    fsync_directory,
    new_temp_name,
    next_free_path,
)
from desktop_app.transfer.guard import file_facts, require_signed_in

ACTION = "恢复备份"


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: `db_path` now holds `backup`; the replaced file was kept as `kept`."""

    backup: Path
    db_path: Path
    office: str
    kept: Path | None  # None when there was no database to replace
    note: str = ""     # e.g. a plain backup put in place of an encrypted database was encrypted again

    @property
    def lines(self) -> list[str]:
        """What the operator is told beyond the restore itself."""
        kept = [f"恢复前的数据库已保留为：{self.kept}（如需找回恢复前的数据，可用它再次恢复）"] if self.kept else []
        return kept + ([self.note] if self.note else [])


def restore_database(backup: Path, db_path: Path, *, by: Operator | None = None,
                     clock: Clock | None = None) -> RestoreResult:
    """Replace the database at `db_path` with `backup`, keeping the replaced file beside it.

    Refused, with nothing changed, when the backup fails the health check (damaged, not a
    考评台 database, from a newer version) or another program holds the database open.
    While the current file has operator accounts, only a signed-in `by` whose role may 恢复备份
    (管理员) may restore (PermissionDenied), and a backup without accounts is refused; `by` None
    is allowed only over a file with no accounts. A backup of another office is always refused.
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
    was_encrypted = cipher.is_encrypted(db_path)
    try:
        _require_allowed(backup, db_path, by)
        kept = _replace_with_copy(backup, db_path, (clock or system_clock)())
    finally:
        lock.release()
    return RestoreResult(backup, db_path, office, kept, _keep_encrypted(db_path, was_encrypted))


def _keep_encrypted(db_path: Path, was_encrypted: bool) -> str:
    """A plain backup (made before the office chose 加密存放) put in place of an encrypted database is
    encrypted again: the office's choice holds. An encrypted backup stays encrypted. The note says what happened."""
    if not was_encrypted:
        return "这份备份是加密存放的，恢复后数据库也加密存放（用本机的密钥）。" if cipher.is_encrypted(db_path) else ""
    if cipher.is_encrypted(db_path):
        return ""
    try:
        encrypt_database(db_path)
    except DatabaseError as error:
        return (f"注意：这份备份是未加密的，恢复后重新加密存放未成功（{error.message}）；"
                "请在「系统设置 → 数据安全」中重新加密。")
    return "这份备份是未加密的；恢复后已按本单位的设置重新加密存放。"


def _require_allowed(backup: Path, db_path: Path, by: Operator | None) -> None:
    """PermissionDenied or RestoreFailed unless `by` may put `backup` in place of `db_path`."""
    if cipher.is_encrypted(db_path) and not cipher.opens(db_path):
        raise RestoreFailed(f"{db_path.name} 是加密存放的数据库，本机没有它的密钥，无法核对权限和所属单位，不能恢复。"
                            "请先把原电脑数据目录里的“密钥”文件夹复制到本机。未做任何修改。")
    current, restored = file_facts(db_path), file_facts(backup)
    if current.has_accounts:
        require_signed_in(by, ACTION)
    if current.office_id and restored.office_id and current.office_id != restored.office_id:
        raise RestoreFailed(f"{backup.name} 是另一个单位的数据库备份，不是 {db_path.name} 所属单位的，"
                            "不能用它恢复。未做任何修改。")
    if current.has_accounts and not restored.has_accounts:
        raise RestoreFailed(f"该备份没有操作员账号，恢复后任何人都可使用 {db_path.name} 的全部功能，"
                            "因此不能用它恢复。请管理员选择设置了操作员账号之后做的备份。未做任何修改。")


def _require_restorable(backup: Path) -> str:
    """The backup's office name, or RestoreFailed saying why it cannot be restored."""
    try:
        with open(backup, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise RestoreFailed(f"找不到或无法读取备份文件：{backup}（{error.strerror or error}），"
                            "未做任何修改。") from error
    if header != SQLITE_HEADER and not cipher.opens(backup):
        raise RestoreFailed(f"{backup.name} 不是考评台数据库文件（文件格式不符），也可能是加密存放的数据库备份而本机"
                            f"没有它的密钥（数据目录“密钥”文件夹中的 {cipher.KEY_FILE}），不能用它恢复。未做任何修改。")
    report = check_database(backup)
    if report.ok:
        return report.facts.get("office", "")
    raise RestoreFailed(f"{backup.name} {_refusal_reason(report)}，不能用它恢复。未做任何修改。")


def _refusal_reason(report: CheckReport) -> str:
    """Why check_database refused the backup, in the words of a restore."""
    if newer := report.facts.get("unknown_migrations"):
        return f"由更新版本的考评台创建（含本版本不认识的结构变更 {newer[-1]}），请升级考评台后再恢复"
    if any(problem.startswith("不是考评台数据库") for problem in report.problems):
        return "不是考评台数据库（或已损坏，无法读取）"
    return f"未通过数据库体检（{'；'.join(report.problems[:3])}），文件可能已损坏或被改动"


def _replace_with_copy(backup: Path, db_path: Path, moment: datetime) -> Path | None:
    """Copy `backup` beside `db_path`, keep the current file, then rename the copy into place."""
    temp = None
    try:
        temp = new_temp_name(db_path.parent, ".恢复中-", ".tmp")
        problems = copy_checked(backup, temp, None)
        if problems != ["ok"]:
            raise RestoreFailed(f"{backup.name} 复制后校验未通过（{'；'.join(problems[:3])}），未做任何修改。")
        kept = None
        if db_path.exists():
            shutil.copymode(db_path, temp)  # mkstemp made it private (0600); keep the file's own mode
            kept = _keep_replaced(db_path, moment)
        _clear_side_files(db_path, kept)
        os.replace(temp, db_path)
        fsync_directory(db_path.parent)
        return kept
    except (OSError, *cipher.Errors) as error:
        raise RestoreFailed.writing(backup, db_path, error) from error
    finally:
        discard_database(temp)


def _keep_replaced(db_path: Path, moment: datetime) -> Path:
    """Keep the file about to be replaced as `<stem>-恢复前-<stamp>.kpdb` (a hard link: no copy)."""
    _checkpoint(db_path)
    kept = next_free_path(db_path.parent / f"{db_path.stem}-恢复前-{moment.strftime(STAMP_FORMAT)}.kpdb")
    try:
        os.link(db_path, kept)
    except OSError:  # a file system without hard links (FAT, some network shares)
        try:
            shutil.copy2(db_path, kept)
        except OSError:
            discard(kept)
            raise
    return kept


def _checkpoint(db_path: Path) -> None:
    """Move committed data from the -wal into the file itself (the caller holds the writer lock); a
    damaged file is left alone: its -wal, if any, goes alongside the kept file instead."""
    cipher.run_on_file(db_path, "PRAGMA wal_checkpoint(TRUNCATE)", quiet=True)


def _clear_side_files(db_path: Path, kept: Path | None) -> None:
    """No -wal/-shm/-journal may outlive the replaced file: SQLite would replay it into the restored
    one. A non-empty -wal (committed data a checkpoint could not move) goes with the kept file.
    Unlike clean-up, this must not fail quietly: the restore stops instead."""
    wal = Path(f"{db_path}-wal")
    if kept is not None and wal.is_file() and wal.stat().st_size:
        os.replace(wal, Path(f"{kept}-wal"))
    for suffix in SIDE_SUFFIXES:
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


__all__ = ["RestoreResult", "restore_database"]
