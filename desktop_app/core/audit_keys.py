"""The office keys that seal the audit chain (记实链封印密钥), kept outside the database file.

One key per office id: 32 random bytes, written as hex to `<key dir>/<office id>.key`, readable by
the user only. The key dir is 密钥 in the app's data directory (KAOPING_KEY_DIR overrides it:
tests, portable installs). A key is made the first time the office writes; it never goes into
a database, a backup or a transfer file — whoever copies the database file alone cannot make
seals. Moving to another computer means copying the 密钥 folder along (else this office's
earlier seals cannot be checked there).
"""

import logging
import re
from collections.abc import Callable
from pathlib import Path

from db.places import KEY_DIR_ENV, key_dir, read_key, write_new_key
from desktop_app.core.audit_chain import meta_values

KEY_SIZE = 32
KeyLookup = Callable[[str], bytes | None]  # office id → its key, None when this computer lacks it

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
log = logging.getLogger(__name__)


def key_path(office_id: str) -> Path:
    if not _SAFE_ID.match(office_id):
        raise ValueError(f"not an office id: {office_id!r}")
    return key_dir() / f"{office_id}.key"


def office_key(office_id: str) -> bytes | None:
    """The office's key on this computer; None when there is none (or it is unreadable)."""
    return read_key(key_path(office_id), KEY_SIZE)


def ensure_office_key(office_id: str) -> bytes | None:
    """The office's key, made now when this computer has none; None when it cannot be written
    (the entries are then chained without seals, and the check says so)."""
    key = office_key(office_id)
    if key is not None:
        return key
    try:
        write_new_key(key_path(office_id), KEY_SIZE)
    except OSError as error:
        log.warning("cannot write the audit key of office %s: %s", office_id, error)
    return office_key(office_id)


def writing_key(db, office_id: str) -> bytes | None:
    """The key to seal with when writing to `db`: the office's key; made now when this computer has
    none and nothing in the file was sealed yet. A file already sealed elsewhere gets no new key —
    it could never match the earlier seals — and is written unsealed until the 密钥 folder is copied
    here (the check says so)."""
    key = office_key(office_id)
    if key is not None:
        return key
    if _sealed_before(db, office_id):
        log.warning("office %s: its key is not on this computer; writing without seals", office_id)
        return None
    return ensure_office_key(office_id)


def _sealed_before(db, office_id: str) -> bool:
    if (meta_values(db)[1] or {}).get("seal"):
        return True
    return db.execute("SELECT 1 FROM audit_log WHERE office_id = ? AND seal <> '' LIMIT 1",
                      [office_id]).fetchone() is not None


__all__ = ["KEY_DIR_ENV", "KeyLookup", "key_dir", "key_path", "office_key", "ensure_office_key", "writing_key"]
