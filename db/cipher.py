"""数据库加密存放: opening office database files that are encrypted at rest (SQLCipher).

An office may keep its database encrypted (系统设置 → 数据安全, `kaoping db encrypt`): every page
of the file AES-256 encrypted with an HMAC (SQLCipher 4 defaults), via `sqlcipher3` (the
sqlcipher3-wheels build: Windows, Linux x86-64 and ARM). A copied database file or backup is
then unreadable without this computer's database key.

The key: 32 random bytes in `数据库.key` of the 密钥 folder (db.places.key_dir — beside the office
keys that seal the audit chain), given to SQLCipher as a raw key (no passphrase derivation: an
open costs a fraction of a millisecond). One key per computer, so backups restore and files move
between this computer's databases; another computer needs the 密钥 folder copied along — without
it an encrypted database cannot be opened at all (say so wherever the option is offered).

Everything that opens a database file goes through `connect`, which tells an encrypted file by
its first 16 bytes (a plain SQLite file starts "SQLite format 3"); plain files keep the standard
library's sqlite3. `errors` are the exception classes of both, for the few places that catch them.
Copies keep their kind: a backup of an encrypted database is encrypted (same key), while a
transfer file's snapshot is always plain (`export_plain`; the transfer file has its own passphrase).
"""

import os
import sqlite3
from pathlib import Path

from db.places import key_dir, read_key, write_new_key

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_FILE = "数据库.key"
KEY_SIZE = 32

try:  # the encrypted-database option needs it; plain files never do
    from sqlcipher3 import dbapi2 as _sqlcipher
except ImportError:  # pragma: no cover - an install without it cannot encrypt
    _sqlcipher = None

DatabaseErrors = (sqlite3.DatabaseError,) + ((_sqlcipher.DatabaseError,) if _sqlcipher else ())
Errors = (sqlite3.Error,) + ((_sqlcipher.Error,) if _sqlcipher else ())
OperationalErrors = (sqlite3.OperationalError,) + ((_sqlcipher.OperationalError,) if _sqlcipher else ())


class NoDatabaseKey(sqlite3.DatabaseError):
    """An encrypted file, and this computer has no database key (or the wrong one)."""


NO_KEY = ("{name} 是加密存放的数据库，本机没有能打开它的密钥（数据目录“密钥”文件夹中的 {key}）。"
          "请把原电脑的“密钥”文件夹复制到本机后再打开；未做任何修改。")
COPY_THE_KEYS = "如果它是加密存放的数据库，请把原电脑数据目录里的“密钥”文件夹复制到本机后再打开。"


def available() -> bool:
    """Whether this install can encrypt (sqlcipher3 is there)."""
    return _sqlcipher is not None


def is_encrypted(path: str | os.PathLike) -> bool:
    """Whether the file exists, is not empty and is not a plain SQLite file (read its 16-byte header)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError:
        return False
    return len(header) == 16 and header != SQLITE_HEADER


def is_cipher_connection(conn) -> bool:
    return _sqlcipher is not None and isinstance(conn, _sqlcipher.Connection)


def row_type(conn):
    """The Row class matching the connection's module (sqlite3.Row, or SQLCipher's own)."""
    return _sqlcipher.Row if is_cipher_connection(conn) else sqlite3.Row


def key_path() -> Path:
    return key_dir() / KEY_FILE


def database_key() -> str | None:
    """This computer's database key as SQLCipher's raw-key literal x'…', None when there is none."""
    key = read_key(key_path(), KEY_SIZE)
    return f"x'{key.hex()}'" if key is not None else None


def ensure_database_key() -> str:
    """The database key, made now when this computer has none; NoDatabaseKey saying why when it
    cannot be (a damaged key file is never replaced: files encrypted with it would be lost)."""
    path = key_path()
    if database_key() is None and path.exists():
        raise NoDatabaseKey(f"本机的数据库密钥文件 {path} 已损坏。请用备份的“密钥”文件夹中的同名文件替换它。")
    if database_key() is None:
        try:
            write_new_key(path, KEY_SIZE)
        except OSError as error:
            raise NoDatabaseKey(f"无法在“密钥”文件夹（{path.parent}）中写入数据库密钥（{error.strerror or error}），"
                                "请检查该文件夹是否存在、是否可写。") from error
    return database_key()


def connect(path: str | os.PathLike, *, read_only: bool = False, encrypted: bool | None = None, **options):
    """A connection to the database file `path` — SQLCipher with this computer's key when the file is
    encrypted (or `encrypted` says a new one shall be), the standard sqlite3 otherwise. NoDatabaseKey
    when the file is encrypted and the key is missing or wrong."""
    target = f"{Path(path).resolve().as_uri()}?mode=ro" if read_only else str(path)
    if read_only:
        options["uri"] = True
    if not (is_encrypted(path) if encrypted is None else encrypted):
        return sqlite3.connect(target, **options)
    key = database_key() if _sqlcipher is not None else None
    if key is None:
        raise NoDatabaseKey(NO_KEY.format(name=Path(path).name, key=KEY_FILE))
    conn = _sqlcipher.connect(target, **options)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not stderr noise
        conn.execute(f'PRAGMA key = "{key}"')
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except _sqlcipher.DatabaseError as error:
        conn.close()
        raise NoDatabaseKey(NO_KEY.format(name=Path(path).name, key=KEY_FILE)) from error
    return conn


def run_on_file(path: str | os.PathLike, *statements: str, quiet: bool = False) -> None:
    """Run PRAGMAs like wal_checkpoint on the database file `path` through a connection of its own;
    with `quiet`, a file that cannot be opened or refuses is left alone (the caller goes on)."""
    try:
        conn = connect(path, timeout=1)
        try:
            for statement in statements:
                conn.execute(statement).fetchall()
        finally:
            conn.close()
    except (OSError, *Errors):
        if not quiet:
            raise


def opens(path: str | os.PathLike) -> bool:
    """Whether `path` is an encrypted database this computer's key opens."""
    if not is_encrypted(path):
        return False
    try:
        connect(path, read_only=True).close()
    except Errors:
        return False
    return True


def attach_clause(conn, path: str | os.PathLike | None = None) -> str:
    """What follows `ATTACH DATABASE ? AS name` to attach the file `path` to `conn`: for a plain file
    (or `path` None) " KEY ''" on a SQLCipher connection (which would otherwise assume the main
    database's key); for an encrypted file, this computer's key (NoDatabaseKey without one)."""
    if not is_cipher_connection(conn):
        return ""
    if path is None or not is_encrypted(path):
        return " KEY ''"
    key = database_key()
    if key is None:
        raise NoDatabaseKey(NO_KEY.format(name=Path(path).name, key=KEY_FILE))
    return f' KEY "{key}"'


def export_plain(conn, target: Path) -> None:
    """Write the whole database of the SQLCipher connection `conn` as a plain file `target` (new)."""
    _export(conn, target, "''")


def export_encrypted(conn, target: Path) -> None:
    """Write the whole database of `conn` (a SQLCipher connection to a plain file) encrypted with
    this computer's key into `target` (new)."""
    _export(conn, target, f'"{ensure_database_key()}"')


def _export(conn, target: Path, key_literal: str) -> None:
    conn.execute(f"ATTACH DATABASE ? AS exported KEY {key_literal}", [str(target)])
    try:
        conn.execute("SELECT sqlcipher_export('exported')").fetchall()
    finally:
        conn.execute("DETACH DATABASE exported")


def plain_connection_for_export(path: str | os.PathLike):
    """A SQLCipher connection to the plain file `path` (no key), to export it encrypted."""
    if _sqlcipher is None:
        raise RuntimeError("sqlcipher3 is not installed")
    return _sqlcipher.connect(str(path), isolation_level=None)


__all__ = ["SQLITE_HEADER", "KEY_FILE", "DatabaseErrors", "Errors", "OperationalErrors", "NoDatabaseKey",
           "available", "is_encrypted", "is_cipher_connection", "row_type", "key_path", "database_key",
           "ensure_database_key", "connect", "run_on_file", "opens", "attach_clause", "export_plain", "export_encrypted",
           "plain_connection_for_export"]
