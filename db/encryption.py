"""加密存放 / 取消加密: convert an office database file between plain and encrypted at rest (db.cipher).

The file must not be open (the writer lock is taken for the whole conversion). Its -wal is first
checkpointed into the file; the whole database is then exported (SQLCipher's `sqlcipher_export`)
into a new file beside it, which is checked — SQLite's integrity check and the same number of rows
in every table — flushed, and renamed over the original: a failure at any step (a full disk, a
pulled stick, a wrong key) leaves the original as it was. Backups made before keep their kind
(plain backups stay plain); the caller says so.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from db import cipher
from db.errors import DatabaseError, DatabaseLocked
from db.storage_problems import Problem, storage_problem

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Conversion:
    path: Path
    encrypted: bool  # the file's state now
    tables: int
    rows: int


def encrypt_database(path: str | os.PathLike) -> Conversion:
    """Encrypt the plain office database `path` with this computer's key (made when missing)."""
    return _convert(Path(path), encrypt=True)


def decrypt_database(path: str | os.PathLike) -> Conversion:
    """Store the encrypted office database `path` plain again."""
    return _convert(Path(path), encrypt=False)


def _convert(path: Path, *, encrypt: bool) -> Conversion:
    if not cipher.available():
        raise DatabaseError("本机安装的考评台不含数据库加密组件（sqlcipher3），不能加密存放。")
    if not path.is_file():
        raise DatabaseError(f"找不到数据库文件：{path}")
    if not cipher.is_encrypted(path) and not encrypt:
        raise DatabaseError(f"{path.name} 本来就不是加密存放的，未做任何修改。")
    if cipher.is_encrypted(path) and not cipher.opens(path):
        raise DatabaseError(f"{path.name} 不是考评台数据库文件，或是本机没有密钥的加密数据库；未做任何修改。"
                            f"{cipher.COPY_THE_KEYS}")
    if cipher.is_encrypted(path) and encrypt:
        raise DatabaseError(f"{path.name} 已经是加密存放的，未做任何修改。")
    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout as error:
        raise DatabaseLocked(f"数据库 {path.name} 正在被考评台窗口或其他程序使用，请先关闭再转换。") from error
    converted = False
    try:
        remove_leftovers(path)
        _checkpoint(path)
        before = _row_counts(path)
        handle, temp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".kpdb", dir=path.parent)
        os.close(handle)
        temp = Path(temp_name)
        temp.unlink()  # SQLCipher makes the file it exports into
        try:
            _export(path, temp, encrypt)
            _check_copy(temp, before, path.name)
            os.chmod(temp, path.stat().st_mode & 0o777)
            os.replace(temp, path)
            converted = True
            for suffix in SIDE_SUFFIXES:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            _fsync_directory(path.parent)
        finally:
            for suffix in ("", *SIDE_SUFFIXES):
                Path(f"{temp}{suffix}").unlink(missing_ok=True)
    except (OSError, *cipher.Errors) as error:
        raise DatabaseError(f"转换 {path.name} 没有完成：{_why(error)}。原文件保持原样，未做任何修改。") from error
    finally:
        if not converted:
            _back_to_wal(path)
        lock.release()
    return Conversion(path, encrypt, len(before), sum(before.values()))


TEMP_PREFIX = ".加密转换-"
REASONS = {Problem.FULL: "磁盘空间不足，请腾出空间后再试", Problem.READ_ONLY: "没有写入权限或磁盘只读",
           Problem.MISSING: "文件夹不存在或已被移走", Problem.DAMAGED: "数据库文件已损坏，请先做数据库体检",
           Problem.BUSY: "数据库正被其他程序读取（如另一个考评台窗口、数据库工具），请关闭后再试"}


def _why(error: BaseException) -> str:
    if isinstance(error, cipher.NoDatabaseKey):
        return str(error)
    problem = storage_problem(error)
    return REASONS[problem] if problem else f"写入失败（{getattr(error, 'strerror', None) or error}）"


def _temp_prefix(path: Path) -> str:
    return f"{TEMP_PREFIX}{path.stem}-"


def remove_leftovers(path: Path) -> None:
    """A conversion of `path` cut short (the power went, the program was killed) left its copy
    beside it — plain, when it was decrypting. Removed by the next conversion and whenever the
    database is opened for writing (the caller holds the writer lock)."""
    for leftover in Path(path).parent.glob(f"{_temp_prefix(Path(path))}*"):
        leftover.unlink(missing_ok=True)


def _back_to_wal(path: Path) -> None:
    """The original as it was: the checkpoint switched it to a rollback journal for the copy (if this
    fails, opening the database switches it back anyway: open_database enables WAL)."""
    cipher.run_on_file(path, "PRAGMA journal_mode = WAL", quiet=True)


def _checkpoint(path: Path) -> None:
    """The -wal moved into the file, which then keeps one file while it is copied."""
    cipher.run_on_file(path, "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode = DELETE")


def _row_counts(path: Path) -> dict[str, int]:
    conn = cipher.connect(path, read_only=True)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                                 " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
    finally:
        conn.close()


def _export(path: Path, temp: Path, encrypt: bool) -> None:
    conn = cipher.plain_connection_for_export(path) if encrypt else cipher.connect(path, isolation_level=None)
    try:
        (cipher.export_encrypted if encrypt else cipher.export_plain)(conn, temp)
    finally:
        conn.close()
    with open(temp, "rb+") as handle:
        os.fsync(handle.fileno())


def _check_copy(temp: Path, before: dict[str, int], name: str) -> None:
    conn = cipher.connect(temp)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
    finally:
        conn.close()
    if problems != ["ok"]:
        raise DatabaseError(f"转换 {name} 后的副本未通过完整性检查（{problems[0]}），原文件保持原样。")
    if _row_counts(temp) != before:
        raise DatabaseError(f"转换 {name} 后的副本与原文件的记录数不一致，原文件保持原样。")


def _fsync_directory(folder: Path) -> None:
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


__all__ = ["Conversion", "encrypt_database", "decrypt_database", "remove_leftovers"]
