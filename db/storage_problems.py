"""What kind of failure a write met (磁盘已满、只读、文件夹不见了、文件已损坏、被占用): an OSError, or a
SQLite / SQLCipher error — SQLCipher's errors carry no result code, so SQLite's own words for the
codes are recognised too. transfer.errors phrases it for transfer files and backups; db.encryption
for converting a database.
"""

import enum
import errno
import sqlite3

SPACE_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}
MISSING_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EEXIST}


class Problem(enum.Enum):
    """What went wrong while writing a file, as far as the error tells."""

    FULL = "full"            # no space (or quota) left
    READ_ONLY = "read-only"  # no permission, write-protected, read-only file system
    MISSING = "missing"      # the folder is not there (any more) or not a folder
    DAMAGED = "damaged"      # SQLite found the source file damaged or not a database
    BUSY = "busy"            # another program holds the database (SQLite: database is locked)


# SQLite's words for its result codes (sqlite3_errstr), for errors that come without the code:
# SQLCipher's backup (an encrypted database's) raises them so
SQLITE_MESSAGES = {"database or disk is full": sqlite3.SQLITE_FULL,
                   "attempt to write a readonly database": sqlite3.SQLITE_READONLY,
                   "database disk image is malformed": sqlite3.SQLITE_CORRUPT,
                   "file is not a database": sqlite3.SQLITE_NOTADB,
                   "database is locked": sqlite3.SQLITE_BUSY}


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
    if sqlite_code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return Problem.BUSY
    return None


__all__ = ["Problem", "storage_problem"]
