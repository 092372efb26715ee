"""Where the app keeps its files on this computer: the data directory and the 密钥 folder.

Here, below everything else, because the database layer needs the key folder too (an encrypted
database's key, db.cipher) — desktop_app.resources and core.audit_keys use these.
"""

import os
import secrets
import tempfile
from pathlib import Path

APP_NAME = "kaoping"
KEY_DIR_ENV = "KAOPING_KEY_DIR"


def data_dir() -> Path:
    """Where the office database and working copies live (never inside the install).

    KAOPING_DATA_DIR overrides it (tests, portable installs).
    """
    override = os.environ.get("KAOPING_DATA_DIR")
    if override:
        path = Path(override)
        path.mkdir(parents=True, exist_ok=True)
        return path
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def key_dir() -> Path:
    """This computer's keys (密钥): the office keys sealing the audit chain, the database key.
    KAOPING_KEY_DIR overrides it."""
    override = os.environ.get(KEY_DIR_ENV)
    return Path(override) if override else data_dir() / "密钥"


def read_key(path: Path, size: int) -> bytes | None:
    """The key (hex text) in `path`; None when absent, unreadable or not `size` bytes."""
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return key if len(key) == size else None


def write_new_key(path: Path, size: int) -> None:
    """Write `size` fresh random bytes (hex) to `path`, readable by the user only: under a temporary
    name, then linked in place — never a half-written key, and a key another process made meanwhile
    is kept (os.link refuses an existing name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".key-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(secrets.token_bytes(size).hex() + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links (FAT/exFAT: a portable install on a stick)
            if not path.exists():
                os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


__all__ = ["APP_NAME", "KEY_DIR_ENV", "data_dir", "key_dir", "read_key", "write_new_key"]
