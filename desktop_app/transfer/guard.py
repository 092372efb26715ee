"""Who may take a whole copy of a database file out, or put one in place (恢复备份, 导出交换文件).

Qt-free. Read from the file itself, read-only: whether it has operator accounts and its office id.
A file with no accounts (legacy or fresh) is unprotected, as before: anyone may. A file that cannot
be read is treated as unprotected here — the operation itself then says why it cannot go on.
"""

from dataclasses import dataclass
from pathlib import Path

from db import cipher
from db.copying import connect_read_only
from desktop_app.core.errors import PermissionDenied
from desktop_app.core.permissions import Operator, require


@dataclass(frozen=True)
class FileFacts:
    """What a database file says about itself: its office id ("" when unknown) and whether it has accounts."""

    office_id: str
    has_accounts: bool


def file_facts(path: Path) -> FileFacts:
    """The FileFacts of the database file `path`, read without touching it (blank when absent or unreadable;
    protected when it is encrypted at rest and this computer has not its key)."""
    path = Path(path)
    if not path.is_file():
        return FileFacts("", False)
    try:
        conn = connect_read_only(path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'office_id'").fetchone()
            office_id = row[0] if row else ""
            try:
                accounts = conn.execute("SELECT 1 FROM operators LIMIT 1").fetchone() is not None
            except cipher.OperationalErrors:  # from a version before operator accounts
                accounts = False
            return FileFacts(office_id or "", accounts)
        finally:
            conn.close()
    except cipher.NoDatabaseKey:
        return FileFacts("", True)  # encrypted, and its key is not here: who may is unknown — only a signed-in one
    except cipher.Errors:
        return FileFacts("", False)


def require_at(path: Path, by: Operator | None, action: str, what: str = "") -> bool:
    """PermissionDenied unless `action` on the database file `path` is allowed: anyone's while it has
    no accounts, else only a signed-in operator (`by`) whose role allows it. Returns whether it has accounts."""
    protected = file_facts(path).has_accounts
    if protected:
        require_signed_in(by, action, what)
    return protected


def require_signed_in(by: Operator | None, action: str, what: str = "") -> None:
    """PermissionDenied when nobody signed in (`by` None) or `by`'s role may not take `action`."""
    if by is None:
        raise PermissionDenied(f"本数据库已设置操作员账户，{action}须先以操作员身份登录"
                               f"（命令行用 --operator 和 --password-file）。")
    require(by, action, what)


__all__ = ["FileFacts", "file_facts", "require_at", "require_signed_in"]
