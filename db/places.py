"""Where the app keeps its files on this computer: the data directory and the 密钥 folder.

Here, below everything else, because the database layer needs the key folder too (an encrypted
database's key, db.cipher) — desktop_app.resources and core.audit_keys use these.
"""

import os
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


__all__ = ["APP_NAME", "KEY_DIR_ENV", "data_dir", "key_dir"]
