"""Opening the office database: one function, one writer, migrations applied atomically."""

import os
import tempfile
import uuid
from pathlib import Path

from filelock import FileLock, Timeout

from db import cipher
from db._sqlite_utils import Database
from db.copying import backup_into, connect_read_only
from db.encryption import remove_leftovers
from db.errors import DatabaseError, DatabaseLocked, DatabaseTooNew, NotADatabase
from db.media import media_kind
from db.schema import MIGRATION_SET, migrations, unknown_migrations

SQLITE_HEADER = cipher.SQLITE_HEADER
DATABASE_SUFFIX = ".kpdb"


class OfficeDatabase(Database):
    """A sqlite-utils Database that knows its file and holds the writer lock."""

    path: Path
    _lock: FileLock | None

    def office(self) -> dict:
        """{'id': …, 'name': …} of the office this database belongs to (本单位)."""
        meta = dict(self.execute("SELECT key, value FROM meta").fetchall())
        if "office_id" not in meta or "office_name" not in meta:
            raise DatabaseError(f"数据库 {self.path.name} 缺少本单位信息（单位名称和编号），文件可能不完整。")
        return {"id": meta["office_id"], "name": meta["office_name"]}

    def reader(self) -> Database:
        """A read-only connection to the same file, for the GUI thread's lists and lookups.

        WAL lets it read committed data while the writer (on the worker thread) writes.
        """
        conn = connect_read_only(self.path, check_same_thread=False)
        reader = Database(conn)
        reader.execute("PRAGMA query_only = ON")
        return reader

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None


def open_database(path: str | os.PathLike, *, create: bool = False, office_name: str | None = None,
                  office_id: str | None = None, lock: bool = True, encrypted: bool = False) -> OfficeDatabase:
    """Open (or with `create`, make) an office database, upgraded to this version's schema.

    Refuses a file from a newer version, a file that is not a 考评台 database, and a file
    another process is writing. Creating needs `office_name` (e.g. 雷山县委组织部); the office
    id is a new UUID unless `office_id` is given (the deterministic demo). With `encrypted` a new
    file is encrypted at rest with this computer's key (db.cipher); an existing file is opened as it is.
    """
    path = Path(path)
    existed = path.exists()
    if not existed and not create:
        raise DatabaseError(f"找不到数据库文件：{path}")
    if existed and create:
        raise DatabaseError(f"文件已存在，不能覆盖：{path}")
    if existed:
        _require_sqlite_header(path)
    if create and not (office_name and office_name.strip()):
        raise DatabaseError("新建数据库需要填写本单位名称（如：雷山县委组织部）。")
    if create and (kind := media_kind(path.parent)):
        raise DatabaseError(
            f"不能在{kind}上新建数据库（直接在其上工作容易损坏数据）：{path}\n"
            "请保存到本机的文件夹；需要带到别处时，用「数据交换」导出。"
        )
    file_lock = _acquire_writer_lock(path) if lock else None
    if file_lock is not None:
        remove_leftovers(path)  # of a conversion cut short (db.encryption)
    try:
        db = _connect(path, encrypted=create and encrypted)
        try:
            _migrate(db, existed)
            if create:
                _write_office(db, office_name.strip(), office_id or str(uuid.uuid4()))
            db.office()
        except BaseException:
            db.conn.close()
            raise
    except BaseException:
        if file_lock is not None:
            file_lock.release()
        if create and path.exists():
            _remove_database_files(path)
        raise
    db._lock = file_lock
    return db


def _require_sqlite_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise DatabaseError(f"无法读取数据库文件 {path}：{error.strerror or error}") from error
    if not header:
        raise NotADatabase(f"{path.name} 是空文件（0 字节），不是考评台数据库，可能是复制中断留下的；未做任何修改。")
    if header != SQLITE_HEADER and (len(header) < 16 or cipher.database_key() is None):
        raise NotADatabase(f"{path.name} 不是考评台数据库文件（文件格式不符），也可能是加密存放的数据库而本机没有"
                           f"它的密钥（数据目录“密钥”文件夹中的 {cipher.KEY_FILE}）；未做任何修改。")


def _acquire_writer_lock(path: Path) -> FileLock:
    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout as error:
        raise DatabaseLocked(
            f"数据库 {path.name} 正在被另一个考评台窗口或程序使用。请先关闭它，再打开此文件。"
        ) from error
    return lock


def _connect(path: Path, *, encrypted: bool = False) -> OfficeDatabase:
    if encrypted:
        cipher.ensure_database_key()
    try:
        conn = cipher.connect(path, check_same_thread=False, timeout=5, encrypted=encrypted or None)
    except cipher.NoDatabaseKey as error:
        raise NotADatabase(f"{path.name} 不是考评台数据库文件（文件格式不符），或是用另一台电脑的密钥加密存放的"
                           f"数据库；未做任何修改。{cipher.COPY_THE_KEYS}") from error
    db = OfficeDatabase(conn)
    db.path = path
    db._lock = None
    try:
        db.execute("PRAGMA foreign_keys = ON")
    except cipher.DatabaseErrors as error:
        conn.close()
        raise NotADatabase(f"{path.name} 无法作为数据库打开（{error}），文件可能已损坏。") from error
    return db


def _migrate(db: OfficeDatabase, existed: bool) -> None:
    try:
        if existed:
            _require_kaoping_file(db)
        newer = unknown_migrations(db)
        if newer:
            raise DatabaseTooNew(
                f"数据库 {db.path.name} 由更新版本的考评台创建（含本版本不认识的结构变更 {newer[-1]}），"
                "为避免损坏数据，本版本不能打开。请升级考评台后再打开。"
            )
        db.enable_wal()  # only once the file is known to be ours: a refused file is left as it was
        migrations.apply(db)
    except cipher.DatabaseErrors as error:
        raise NotADatabase(f"{db.path.name} 读取失败（{error}），文件可能已损坏，未做任何修改。") from error


def _require_kaoping_file(db: OfficeDatabase) -> None:
    tables = set(db.table_names())
    if not tables:
        raise NotADatabase(f"{db.path.name} 是空的 SQLite 文件，不是考评台数据库，未做任何修改。")
    if "_sqlite_migrations" not in tables or not db.execute(
        "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1", [MIGRATION_SET]
    ).fetchone():
        raise NotADatabase(f"{db.path.name} 是 SQLite 文件，但不是考评台数据库，未做任何修改。")


def _write_office(db: OfficeDatabase, office_name: str, office_id: str) -> None:
    with db.atomic():
        db.execute("INSERT INTO meta (key, value) VALUES ('office_id', ?)", [office_id])
        db.execute("INSERT INTO meta (key, value) VALUES ('office_name', ?)", [office_name])


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """Copy a database consistently (SQLite backup API), via a temporary name, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".copy-", suffix=DATABASE_SUFFIX, dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        problems = backup_into(source, temp)
        if problems != ["ok"]:
            raise DatabaseError(f"复制 {source.name} 后校验未通过（{'；'.join(problems[:3])}），原文件未改动。")
        os.replace(temp, target)
    except cipher.DatabaseErrors as error:
        raise NotADatabase(f"{source.name} 无法读取（{error}），文件可能已损坏。") from error
    finally:
        temp.unlink(missing_ok=True)


def ensure_local(path: str | os.PathLike, working_dir: str | os.PathLike) -> tuple[Path, str | None]:
    """Return a path on local disk for `path`, copying it off removable/network media.

    The second value is the message to show the operator when a copy was made.
    """
    path = Path(path)
    kind = media_kind(path)
    if kind is None:
        return path, None
    _require_sqlite_header(path)
    working_dir = Path(working_dir)
    target = working_dir / path.name
    if target.exists():
        target = working_dir / f"{path.stem}-{uuid.uuid4().hex[:6]}{path.suffix}"
    copy_database(path, target)
    message = (
        f"{path.name} 位于{kind}上，直接在其上修改容易损坏数据。"
        f"已复制到本机：{target}。之后的修改保存在本机副本中；如需带走，请使用「数据交换」导出。"
    )
    return target, message


__all__ = ["OfficeDatabase", "open_database", "ensure_local", "copy_database", "DATABASE_SUFFIX"]
