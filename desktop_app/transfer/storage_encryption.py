"""数据库加密存放: turning the at-rest encryption of an office database file on and off, and saying
how a file is stored — the one service behind `kaoping db encrypt|decrypt`, `kaoping check` and
系统设置 → 数据安全.

Converting is 修改安全设置 (管理员; anyone's while the file has no operator accounts), checked
against the file itself (transfer.guard), then db.encryption does the work on the closed file
(DatabaseLocked while the window or another program has it open; the original untouched on any
failure). The key is this computer's (db.cipher, the 密钥 folder): whoever offers the option
says that losing it loses the data, and that backups made before keep their kind.
"""

from dataclasses import dataclass
from pathlib import Path

from db import cipher
from db.encryption import Conversion, decrypt_database, encrypt_database
from db.errors import DatabaseError, NotADatabase
from desktop_app.core.permissions import Operator
from desktop_app.transfer.guard import file_facts, require_at

ACTION, WHAT = "修改安全设置", "数据库加密存放"

ENCRYPTED_HERE, PLAIN = "加密存放（本机密钥）", "未加密"
ENCRYPTED_ELSEWHERE = "加密存放但本机没有密钥（或不是考评台数据库）"  # the header alone cannot tell them apart

KEY_WARNING = ("密钥保存在本机数据目录的“密钥”文件夹（{key}）：丢失密钥就再也打不开加密的数据库和它的备份；"
               "换电脑时须把“密钥”文件夹连同数据库一起复制过去，并另存一份在安全的地方（不要和数据库放在同一个U盘上）。")
BACKUPS_AFTER_ENCRYPT = ("此后的备份都是加密的，本机“备份”文件夹中的旧备份一并加密；"
                         "U盘等别处的旧备份保持原样，未加密的仍可被任何人读取，请删除。")
BACKUPS_AFTER_DECRYPT = "此后的备份不再加密；此前的加密备份仍是加密的，须用本机的密钥才能恢复。"


@dataclass(frozen=True)
class StorageState:
    """How a database file is kept: encrypted or not, and whether this computer's key opens it."""

    encrypted: bool
    key_here: bool = True

    @property
    def label(self) -> str:
        if not self.encrypted:
            return PLAIN
        return ENCRYPTED_HERE if self.key_here else ENCRYPTED_ELSEWHERE


def storage_state(path: str | Path) -> StorageState:
    """How `path` is stored; for an encrypted file, whether this computer's key opens it (read-only)."""
    if not cipher.is_encrypted(path):
        return StorageState(False)
    try:
        cipher.connect(path, read_only=True).close()
    except cipher.NoDatabaseKey:
        return StorageState(True, key_here=False)
    except cipher.Errors:  # damaged, say: the key may well be right; the opening says what is wrong
        pass
    return StorageState(True)


@dataclass(frozen=True)
class Encrypted(Conversion):
    """加密存放 done: the database, and how many of its old plain backups were encrypted along."""

    backups: int = 0


def encrypt_at_rest(path: str | Path, by: Operator | None, backups: Path | None = None) -> Encrypted:
    """加密存放: encrypt the closed database file `path` with this computer's key (made when missing),
    then the plain backups of the same office in the folder `backups` (the app's 备份 folder: they
    would keep the office readable). PermissionDenied unless `by` may 修改安全设置 (anyone while the
    file has no accounts)."""
    may_convert(path, by)
    office_id = file_facts(Path(path)).office_id
    done = encrypt_database(path)
    return Encrypted(**vars(done), backups=_encrypt_backups(backups, office_id) if backups else 0)


def _encrypt_backups(folder: Path, office_id: str) -> int:
    """Encrypt the office's plain backups in `folder`; a backup another program holds is left as it is."""
    done = 0
    for backup in sorted(Path(folder).glob("*.kpdb")):
        if office_id and not cipher.is_encrypted(backup) and file_facts(backup).office_id == office_id:
            try:
                encrypt_database(backup)
            except DatabaseError:
                continue
            done += 1
    return done


def decrypt_at_rest(path: str | Path, by: Operator | None) -> Conversion:
    """取消加密: store the closed encrypted database file `path` plain again (needs this computer's key)."""
    path = Path(path)
    if cipher.is_encrypted(path) and not storage_state(path).key_here:
        raise NotADatabase(cipher.NO_KEY.format(name=path.name, key=cipher.KEY_FILE))
    may_convert(path, by)
    try:
        return decrypt_database(path)
    except cipher.NoDatabaseKey as error:  # the key went missing meanwhile
        raise NotADatabase(str(error)) from error


def may_convert(path: str | Path, by: Operator | None) -> None:
    """PermissionDenied unless `by` may turn the encryption of `path` on or off (asked before the
    window closes the file; the conversion checks again)."""
    require_at(Path(path), by, ACTION, WHAT)


def available() -> bool:
    """Whether this install can encrypt (its sqlcipher3 is there)."""
    return cipher.available()


def key_place() -> Path:
    """Where this computer's database key is (or will be made)."""
    return cipher.key_path()


def key_warning() -> str:
    """Where this computer's database key lives, and what losing it means."""
    return KEY_WARNING.format(key=key_place())


__all__ = ["ACTION", "WHAT", "StorageState", "Encrypted", "storage_state", "encrypt_at_rest", "decrypt_at_rest", "may_convert",
           "available", "key_place", "key_warning",
           "BACKUPS_AFTER_ENCRYPT", "BACKUPS_AFTER_DECRYPT", "ENCRYPTED_HERE", "PLAIN", "ENCRYPTED_ELSEWHERE"]
