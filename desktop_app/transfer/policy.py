"""交换文件必须加密 (系统设置): whether this office's transfer files must carry a passphrase.

On by default — a database that never set it requires encryption — because a lost USB stick
must not expose grades, votes and ID numbers. An administrator can turn it off (say, when
files only move between two computers in one office); export without a passphrase is then
allowed again. The setting lives in the database's `meta` (it belongs to this office's
file, is not a record, is not versioned and never merges into another office), and who
changed it and when is kept beside it and shown in 系统设置 — the audit trail holds record
versions only, so it cannot hold this.
"""

from dataclasses import dataclass
from pathlib import Path

from db import cipher
from db.copying import connect_read_only
from desktop_app.core.clock import Clock, system_clock
from desktop_app.core.meta_settings import SettingChange, put_setting, sealed_setting, setting_change
from desktop_app.core.permissions import Operator, require
from desktop_app.transfer.errors import TransferError

REQUIRED_KEY = "transfer_encryption_required"
PREFIX = "transfer_encryption"  # who changed it and when: transfer_encryption_changed_by / _at (core.meta_settings)
CHANGE_ACTION = "修改安全设置"
LABEL = "交换文件必须加密"


class EncryptionRequired(TransferError):
    """An export without a passphrase while the office requires encrypted transfer files."""

    exit_code = 3


REFUSAL = ("本单位规定交换文件必须加密（系统设置 → 数据安全 → “交换文件必须加密”），请设置口令后再导出"
           "（命令行：--passphrase-file 口令文件）。未导出任何文件。")


@dataclass(frozen=True)
class EncryptionPolicy:
    required: bool
    changed_by: str = ""  # '' while the default holds
    changed_at: str = ""

    @property
    def description(self) -> str:
        state = "开启" if self.required else "关闭"
        return f"{LABEL}：{state}{SettingChange(self.changed_by, self.changed_at).note or '（默认）'}"


def encryption_policy(db) -> EncryptionPolicy:
    """The office's policy, read from an open database (sqlite-utils Database or connection)."""
    value = sealed_setting(db, REQUIRED_KEY)  # turned off with a SQLite tool: still required
    change = setting_change(db, PREFIX)
    return EncryptionPolicy(value != "0", change.by, change.at)


def encryption_required(db) -> bool:
    return encryption_policy(db).required


def encryption_required_at(db_path: Path) -> bool:
    """The policy of the database file `db_path`, read without touching it."""
    try:
        conn = connect_read_only(db_path)
        try:
            return encryption_required(conn)
        finally:
            conn.close()
    except cipher.Errors:
        return True  # not readable here: the export itself says why; never weaker than the default


def set_encryption_required(db, by: Operator, required: bool, clock: Clock = system_clock) -> EncryptionPolicy:
    """Turn the policy on or off; only a role that may change system settings (管理员)."""
    require(by, CHANGE_ACTION)
    put_setting(db, REQUIRED_KEY, "1" if required else "0", by.name, prefix=PREFIX, clock=clock)
    return encryption_policy(db)


def check_export_passphrase(db_path: Path, passphrase: str | None) -> None:
    """EncryptionRequired when `passphrase` is None and the office requires encrypted files."""
    if passphrase is None and encryption_required_at(db_path):
        raise EncryptionRequired(REFUSAL)


__all__ = ["EncryptionPolicy", "EncryptionRequired", "LABEL", "encryption_policy", "encryption_required",
           "encryption_required_at", "set_encryption_required", "check_export_passphrase"]
