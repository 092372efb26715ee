"""Transfer files (交换文件, .kpx): one office database snapshot, sealed for a USB stick.

The file format (layout, manifest, encryption) is in package_format.py; this module exports
a database into a transfer file and opens one again.

Writing never leaves a file under the final name that was not read back and verified:
the file is written as `.<name>.partial` next to the target, fsynced, read back (from the
device, the page cache dropped where the platform allows), then renamed. An existing
target is never overwritten (TargetExists): the caller picks another name
(`next_free_path`). Reading copies the file to local disk first and never touches the
office database.
"""

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from db import cipher
from db.connection import open_database
from db.errors import DatabaseError, NotADatabase
from db.schema import known_migrations
from db.snapshot import integrity_problems, snapshot, snapshot_facts
from desktop_app.core.clock import Clock, stamp, system_clock
from desktop_app.core.permissions import Operator
from desktop_app.transfer import files
from desktop_app.transfer import package_format as kpx
from desktop_app.transfer.errors import (
    DamagedTransferFile,
    NotATransferFile,
    StorageFull,
    TargetExists,
    TransferCancelled,
    TransferError,
    TransferReadFailed,
    TransferTooNew,
    TransferWriteFailed,
)
from desktop_app.transfer.files import next_free_path, working_folder
from desktop_app.transfer.guard import require_at
from desktop_app.transfer.package_format import FORMAT_VERSION, PACKAGE_SUFFIX, Manifest, default_package_name
from desktop_app.transfer.policy import check_export_passphrase

EXPORT_ACTION = "导出交换文件"

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class OpenedPackage:
    """A transfer file read back: its manifest and a verified plain database on local disk."""

    manifest: Manifest
    database_path: Path

    def discard(self) -> None:
        """Remove the local database copy (after merging it, or when the operator gives up)."""
        files.discard_database(self.database_path)


class _Steps:
    """Progress in percent (total 100) with Chinese text; raises TransferCancelled when asked,
    except at the last step: once the work is done, it is no longer cancellable."""

    def __init__(self, progress: Progress | None, cancel: Cancel | None, cancelled: str):
        self.progress, self.cancel, self.cancelled = progress, cancel, cancelled

    def __call__(self, percent: float, text: str) -> None:
        if self.progress is not None:
            self.progress(min(int(percent), 100), 100, text)
        if percent < 100 and self.cancel is not None and self.cancel():
            raise TransferCancelled(self.cancelled)

    def span(self, start: int, end: int, text: str) -> kpx.Fraction:
        """Report a share (0…1) of one stage as the percent between `start` and `end`."""
        return lambda share: self(start + (end - start) * share, text)


# -- export -----------------------------------------------------------------------------------
def export_package(db_path: Path, target: Path, *, passphrase: str | None = None,
                   unit_ids: set[str] | None = None, progress: Progress | None = None,
                   cancel: Cancel | None = None, clock: Clock | None = None, by: Operator | None = None) -> Manifest:
    """Export the office database `db_path` (or its units `unit_ids`) as the transfer file `target`.

    Returns only once the file is complete under its final name, read back and verified,
    and its folder synced: then the stick may be pulled (可以安全拔出). On any failure or
    cancel nothing is left under `target` and the partial file is removed.
    `progress(done, 100, text)` is called per stage and per megabyte written.
    Without a passphrase it is refused (policy.EncryptionRequired) while the office requires
    encrypted transfer files (交换文件必须加密, on by default). While the database has operator
    accounts only a signed-in `by` whose role may 导出交换文件 may export (PermissionDenied);
    `by` None is allowed only for a database with no accounts.
    """
    target = Path(target)
    require_at(Path(db_path), by, EXPORT_ACTION)
    if passphrase is not None and not passphrase.strip():
        raise TransferError("口令不能为空。")
    check_export_passphrase(Path(db_path), passphrase)
    if target.exists():
        raise TargetExists.of(target)
    if not target.parent.is_dir():
        raise TransferWriteFailed(f"找不到保存位置：{target.parent}（U盘可能已拔出），请重新选择。")
    steps = _Steps(progress, cancel, "已取消导出，没有留下任何文件。")
    steps(0, "正在生成数据快照…")
    with working_folder("kaoping-export-") as scratch:
        plain = Path(scratch) / "snapshot.kpdb"
        snapshot(db_path, plain, unit_ids=unit_ids)
        steps(15, "正在核对数据快照…")
        manifest, key = _describe(plain, Path(db_path).name, passphrase, unit_ids is not None,
                                  clock or system_clock)
        _write_verified(plain, target, manifest, key, steps)
    steps(100, "导出完成，可以安全拔出U盘。")
    return manifest


def _describe(plain: Path, source_name: str, passphrase: str | None, scoped: bool,
              clock: Clock) -> tuple[Manifest, bytes | None]:
    """The manifest of the snapshot `plain`, and the AES key when a passphrase is given."""
    problems = integrity_problems(plain)
    if problems:
        raise DatabaseError(f"数据库 {source_name} 完整性检查未通过（{problems[0]}），请先做数据库体检，未导出。")
    try:
        facts = snapshot_facts(plain)
    except cipher.Errors as error:
        raise NotADatabase(f"{source_name} 不是考评台数据库，不能导出。") from error
    size = plain.stat().st_size
    key, encryption = kpx.new_encryption(passphrase) if passphrase is not None else (None, None)
    manifest = Manifest(
        package_id=str(uuid.uuid4()), office=facts["office"], migrations=facts["migrations"],
        exported_at=stamp(clock()), counts=facts["counts"], content_sha256=kpx.file_sha256(plain),
        content_size=size, payload_size=size + (kpx.TAG_SIZE if key else 0), audit_head=facts["audit_head"],
        unit_scope=facts["unit_names"] if scoped else None, encryption=encryption, chain_heads=facts["chain_heads"])
    return manifest, key


def _write_verified(plain: Path, target: Path, manifest: Manifest, key: bytes | None, steps: _Steps) -> None:
    partial = files.partial_name(target)
    head = kpx.header(manifest)
    _require_space(target, len(head) + manifest.payload_size)
    try:
        _write_package(plain, partial, head, manifest, key, steps)
        steps(70, "正在校验写入的文件…")
        _verify_written(partial, target, manifest, key, steps)
        if target.exists():
            raise TargetExists.of(target)
        os.replace(partial, target)
    except OSError as error:
        files.discard(partial)
        raise TransferWriteFailed.of(error, target) from error
    except BaseException:
        files.discard(partial)
        raise
    files.fsync_directory(target.parent)


def _write_package(plain: Path, partial: Path, head: bytes, manifest: Manifest, key: bytes | None,
                   steps: _Steps) -> None:
    text = f"正在写入 {partial.parent}…"
    with open(plain, "rb") as source, open(partial, "wb") as out:
        kpx.seal(source, out, manifest, head, key,
                 lambda written: steps(20 + 50 * written / max(manifest.content_size, 1), text))
        files.flush_to_device(out, drop_cache=True)  # read back from the stick, not from memory


def _verify_written(partial: Path, target: Path, manifest: Manifest, key: bytes | None, steps: _Steps) -> None:
    try:
        with open(partial, "rb") as handle:
            read_back, head = kpx.read_header(handle, target.name)
            if read_back != manifest:
                raise DamagedTransferFile.because(target.name, "文件说明与写入的不一致")
            kpx.unseal(handle, read_back, head, key, None, target.name, steps.span(70, 95, _checking(key)))
    except (DamagedTransferFile, NotATransferFile, TransferTooNew) as error:
        raise TransferWriteFailed.unverified(target, "读回的内容与写入的不一致") from error


def _require_space(target: Path, size: int) -> None:
    with contextlib.suppress(OSError):
        free = shutil.disk_usage(target.parent).free
        if free < size:
            raise StorageFull.before_writing(target, size, free)


def _checking(key: bytes | None) -> str:
    return "正在解密并校验…" if key else "正在校验…"


# -- open -------------------------------------------------------------------------------------
def open_package(path: Path, working_dir: Path, *, passphrase: str | None = None,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> OpenedPackage:
    """Read the transfer file `path` into a verified plain database in `working_dir` (local disk).

    The file is first copied to `working_dir` (a stick pulled mid-read leaves nothing), then
    checked: magic, manifest, passphrase, content hash, SQLite integrity, structure version.
    A database of an older structure is upgraded in the copy. On any failure nothing is
    left in `working_dir`; the office database is never touched.
    """
    path, working_dir = Path(path), Path(working_dir)
    steps = _Steps(progress, cancel, "已取消读取交换文件。")
    try:
        working_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TransferWriteFailed.local(error, working_dir) from error
    local = _local_copy(path, working_dir, steps)
    database = None
    try:
        with open(local, "rb") as handle:
            manifest, head = kpx.read_header(handle, path.name)
            _require_known_structure(manifest.migrations, path.name)
            kpx.require_known_cipher(manifest, path.name)
            key = kpx.key_for(manifest, passphrase, path.name)
            database = files.new_temp_name(working_dir, f"kpx-{manifest.package_id[:8]}-", ".kpdb")
            with open(database, "wb") as out:
                kpx.unseal(handle, manifest, head, key, out, path.name, steps.span(40, 80, _checking(key)))
        files.discard(local)
        steps(85, "正在检查数据库…")
        _check_database(database, manifest, path.name)
        steps(100, "交换文件读取完成。")
        return OpenedPackage(manifest, database)
    except BaseException as error:
        files.discard(local)
        files.discard_database(database)
        _raise_local(error, working_dir)


def _local_copy(path: Path, working_dir: Path, steps: _Steps) -> Path:
    """Copy the file off the stick in chunks; refuse at the first chunk a file that is not ours."""
    try:
        source = open(path, "rb")  # closed by the with below
    except OSError as error:
        raise TransferReadFailed.of(error, path) from error
    local = files.new_temp_name(working_dir, ".incoming-", PACKAGE_SUFFIX)
    try:
        with source, open(local, "wb") as out:
            total, copied = max(os.fstat(source.fileno()).st_size, 1), 0
            while True:
                chunk = _read_chunk(source, path)
                if copied == 0:
                    _require_transfer_file(chunk, path)
                if not chunk:
                    break
                out.write(chunk)
                copied += len(chunk)
                steps(40 * copied / total, "正在从U盘复制交换文件…")
        return local
    except BaseException as error:
        files.discard(local)
        _raise_local(error, working_dir)


def _require_transfer_file(chunk: bytes, path: Path) -> None:
    """kpx.require_magic; an office database encrypted at rest (its header looks random) that this
    computer's key opens is named a database file all the same."""
    try:
        kpx.require_magic(chunk, path.name)
    except NotATransferFile:
        if not cipher.is_encrypted(path):
            raise
        try:
            cipher.connect(path, read_only=True).close()
        except cipher.Errors:
            raise NotATransferFile.of(path.name, chunk) from None
        raise NotATransferFile.of(path.name, cipher.SQLITE_HEADER) from None


def _raise_local(error: BaseException, working_dir: Path) -> NoReturn:
    """Re-raise `error` (being handled); an OSError is one of writing on this computer's disk."""
    if isinstance(error, OSError):
        raise TransferWriteFailed.local(error, working_dir) from error
    raise error


def _read_chunk(source, path: Path) -> bytes:
    try:
        return source.read(kpx.CHUNK)
    except OSError as error:
        raise TransferReadFailed.of(error, path) from error


def _require_known_structure(migrations: list[str], name: str) -> None:
    unknown = [m for m in migrations if m not in known_migrations()]
    if unknown:
        raise TransferTooNew.of(name, f"含本版本不认识的结构变更 {unknown[-1]}")


def _check_database(database: Path, manifest: Manifest, name: str) -> None:
    """SQLite integrity, structure version, agreement with the manifest; upgrade an older structure."""
    if integrity_problems(database):
        raise DamagedTransferFile.because(name, "数据库完整性检查未通过")
    try:
        facts = snapshot_facts(database)
    except cipher.Errors as error:
        raise DamagedTransferFile.because(name, "其中不是考评台数据库") from error
    _require_known_structure(facts["migrations"], name)
    described = {key: getattr(manifest, key) for key in ("office", "migrations", "counts", "audit_head", "chain_heads")}
    if {key: facts[key] for key in described} != described:
        raise DamagedTransferFile.because(name, "内容与文件说明不符")
    if len(facts["migrations"]) < len(known_migrations()):
        _upgrade(database, name)


def _upgrade(database: Path, name: str) -> None:
    """Bring a copy from an older version to this version's structure (the migrations run on the copy)."""
    try:
        open_database(database, lock=False).close()
    except DatabaseError as error:
        raise DamagedTransferFile.because(name, f"无法升级到本版本的结构：{error.message}") from error
    conn = sqlite3.connect(database)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


__all__ = ["Manifest", "OpenedPackage", "export_package", "open_package", "default_package_name",
           "next_free_path", "PACKAGE_SUFFIX", "FORMAT_VERSION"]
