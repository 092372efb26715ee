"""Errors of 数据交换 (transfer files on USB sticks) and of 备份与恢复. Every message is Chinese
and says what to do.

The classes let the GUI react to the kind (ask for the passphrase again, offer another file
name) without reading the text; their constructors below phrase the messages, all in one
place, each naming the file concerned. What a failed write means (disk full, read-only,
stick pulled) is told by files.storage_problem, for transfer files and backups alike.
"""

from pathlib import Path

from db.errors import KaopingError
from desktop_app.transfer.files import Problem, storage_problem

FOREIGN_HEADERS = {
    b"PK\x03\x04": "Word、Excel 文件或压缩包",
    b"SQLite format 3\x00": "数据库文件，数据库请用「打开数据库」",
    b"%PDF": "PDF 文件",
    b"\xd0\xcf\x11\xe0": "旧版 Word、Excel 文件",
}
AGAIN = "请重新从U盘复制，或请对方重新导出。"


class TransferError(KaopingError):
    """A transfer file cannot be written or read as asked."""


class NotATransferFile(TransferError):
    """The file is not a 考评台 transfer file (.kpx): a Word document, a database, an empty file…"""

    @classmethod
    def of(cls, name: str, head: bytes) -> "NotATransferFile":
        if not head:
            return cls(f"{name} 是空文件（0 字节），不是考评台交换文件，可能是复制中断留下的。{AGAIN}")
        kind = next((label for start, label in FOREIGN_HEADERS.items() if head.startswith(start)), None)
        hint = f"（看起来是{kind}）" if kind else ""
        return cls(f"{name} 不是考评台交换文件（.kpx）{hint}。请确认选对了文件。")


class DamagedTransferFile(TransferError):
    """The file is a transfer file but incomplete (截断) or damaged (校验未通过)."""

    @classmethod
    def because(cls, name: str, why: str) -> "DamagedTransferFile":
        return cls(f"交换文件 {name} 已损坏（{why}），无法读取。{AGAIN}")

    @classmethod
    def truncated(cls, name: str) -> "DamagedTransferFile":
        return cls(f"交换文件 {name} 不完整（文件被截断，可能是复制或导出时中断），无法读取。{AGAIN}")


class PassphraseNeeded(TransferError):
    """The file is encrypted (已加密) and no passphrase was given: ask the operator for it."""

    @classmethod
    def of(cls, name: str) -> "PassphraseNeeded":
        return cls(f"交换文件 {name} 已加密，请输入导出时设置的口令。")


class WrongPassphrase(TransferError):
    """The passphrase (口令) given does not open the file."""

    @classmethod
    def of(cls, name: str) -> "WrongPassphrase":
        return cls(f"口令不正确，打不开交换文件 {name}。请核对后重试（口令区分大小写）。")


class TransferTooNew(TransferError):
    """Written by a newer version of 考评台 (新的文件格式、数据库结构或加密方式): upgrade first."""

    @classmethod
    def of(cls, name: str, what: str) -> "TransferTooNew":
        return cls(f"交换文件 {name} 由更新版本的考评台导出（{what}），本版本不能读取。请先升级考评台再导入。")


class TransferCancelled(TransferError):
    """The operator cancelled (取消); nothing was left behind."""

    exit_code = 1


class TargetExists(TransferError):
    """A file of that name is already there; nothing is overwritten, pick another name."""

    @classmethod
    def of(cls, target: Path) -> "TargetExists":
        return cls(f"文件已存在：{target}。为免覆盖之前导出的文件，请换一个文件名。")


class TransferWriteFailed(TransferError):
    """Writing failed (U盘拔出, 写保护, I/O error); no file was left under the final name."""

    @classmethod
    def of(cls, error: OSError, target: Path) -> "TransferWriteFailed":
        """The message for an OSError while writing `target` on the stick."""
        reason, problem = error.strerror or str(error), storage_problem(error)
        if problem is Problem.FULL:
            return StorageFull(f"U盘空间不足，无法写入 {target}。请清理U盘或换一个U盘后重试；未留下不完整的文件。")
        if problem is Problem.READ_ONLY:
            return cls(f"无法写入 {target}（{reason}）：U盘可能有写保护，或没有写入权限。未留下任何文件。")
        return cls(f"写入失败，可能U盘已拔出或接触不良：{target}（{reason}）。未留下不完整的文件，请插好U盘后重新导出。")

    @classmethod
    def local(cls, error: OSError, working_dir: Path) -> "TransferWriteFailed":
        """The message for an OSError while writing the local copy in `working_dir`."""
        if storage_problem(error) is Problem.FULL:
            return StorageFull(f"本机磁盘空间不足，无法读取交换文件（临时文件夹：{working_dir}）。请清理磁盘后重试。")
        return cls(f"无法在本机临时文件夹 {working_dir} 中写入（{error.strerror or error}），请检查磁盘后重试。")

    @classmethod
    def unverified(cls, target: Path, why: str) -> "TransferWriteFailed":
        return cls(f"写入 {target} 后读回校验未通过（{why}），U盘可能有故障。请换一个U盘重新导出；未留下不完整的文件。")


class StorageFull(TransferWriteFailed):
    """Not enough space on the stick (U盘空间不足) or on this computer's disk."""

    @classmethod
    def before_writing(cls, target: Path, needed: int, free: int) -> "StorageFull":
        return cls(f"U盘空间不足：保存到 {target} 需要约 {_megabytes(needed)}，只剩 {_megabytes(free)}。"
                   "请清理U盘或换一个U盘后重试；未留下任何文件。")


class TransferReadFailed(TransferError):
    """Reading the file failed (U盘拔出, I/O error); nothing was left behind."""

    @classmethod
    def of(cls, error: OSError, path: Path) -> "TransferReadFailed":
        if isinstance(error, FileNotFoundError):
            return cls(f"找不到交换文件：{path}（U盘可能已拔出），请重新选择。")
        return cls(f"读取 {path} 失败，可能U盘已拔出或接触不良（{error.strerror or error}）。请插好U盘后重试；未留下任何文件。")


class BackupFailed(KaopingError):
    """The backup could not be made (disk full, folder missing or read-only, damaged database)."""

    @classmethod
    def writing(cls, db_path: Path, backups_dir: Path, error: BaseException) -> "BackupFailed":
        """The message for an OSError or SQLite error while copying `db_path` into `backups_dir`."""
        return cls(f"备份失败：{_folder_problem(db_path, backups_dir, error)}。没有留下不完整的备份文件。")


class RestoreFailed(KaopingError):
    """The restore was refused or could not be done; the office database is unchanged."""

    @classmethod
    def writing(cls, backup: Path, db_path: Path, error: BaseException) -> "RestoreFailed":
        """The message for an OSError or SQLite error while putting `backup` in place of `db_path`."""
        return cls(f"恢复失败：{_folder_problem(backup, db_path.parent, error)}。数据库 {db_path.name} 未改动。")


def _folder_problem(source: Path, folder: Path, error: BaseException) -> str:
    """The operator's words for why writing into `folder` (or reading `source`) failed."""
    problem = storage_problem(error)
    if problem is Problem.FULL:
        return f"磁盘空间不足（{folder}），请清理磁盘或换一个文件夹"
    if problem is Problem.READ_ONLY:
        return f"没有写入文件夹 {folder} 的权限，或该位置是只读的"
    if problem is Problem.MISSING:
        return f"文件夹不存在或不可用：{folder}"
    if problem is Problem.DAMAGED:
        return f"无法读取 {source.name}（{error}），文件可能已损坏，请运行「kaoping check」体检"
    return str(getattr(error, "strerror", None) or error)


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


__all__ = [
    "TransferError", "NotATransferFile", "DamagedTransferFile", "PassphraseNeeded", "WrongPassphrase",
    "TransferTooNew", "TransferCancelled", "TargetExists", "TransferWriteFailed", "StorageFull",
    "TransferReadFailed", "BackupFailed", "RestoreFailed",
]
