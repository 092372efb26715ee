"""Transfer files (交换文件, .kpx): one office database snapshot, sealed for a USB stick.

Layout (integers big-endian):
    b"KAOPING-KPX\\n"   magic
    b"1\\n"             format version, ASCII digits
    uint32             manifest length n
    n bytes            manifest: UTF-8 JSON (see Manifest)
    32 bytes           SHA-256 of the manifest bytes
    payload            the SQLite snapshot; encrypted: AES-256-GCM ciphertext, then its 16-byte tag
Everything before the payload is the header. In an encrypted file the header is the
associated data of AES-GCM, so any change to the manifest fails the tag as well. The key
comes from the passphrase (口令) by scrypt (salt and nonce in the manifest); scrypt also
gives 8 more bytes, stored as `key_check`, so a wrong passphrase (WrongPassphrase) is told
apart from a damaged file (DamagedTransferFile) instead of "wrong passphrase or damaged".
A plain file is protected against damage, not against deliberate editing: the manifest
digest and content_sha256 can be recomputed; the facts in the manifest are still checked
against the database inside.

Writing never leaves a file under the final name that was not read back and verified:
the file is written as `.<name>.partial` next to the target, fsynced, read back (from the
device, the page cache dropped where the platform allows), then renamed. An existing
target is never overwritten (TargetExists): the caller picks another name
(`next_free_path`). Reading copies the file to local disk first and never touches the
office database.
"""

import contextlib
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import struct
import tempfile
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from db.connection import open_database
from db.errors import DatabaseError, NotADatabase
from db.schema import known_migrations
from db.snapshot import integrity_problems, snapshot, snapshot_facts
from desktop_app.core.clock import Clock, stamp, system_clock
from desktop_app.transfer.errors import (
    DamagedTransferFile,
    NotATransferFile,
    PassphraseNeeded,
    StorageFull,
    TargetExists,
    TransferCancelled,
    TransferError,
    TransferReadFailed,
    TransferTooNew,
    TransferWriteFailed,
    WrongPassphrase,
)

MAGIC = b"KAOPING-KPX\n"
FORMAT_VERSION = 1
PACKAGE_SUFFIX = ".kpx"
CHUNK = 1 << 20
DIGEST_SIZE = 32
TAG_SIZE = 16
MAX_MANIFEST = 1 << 20
SCRYPT_PARAMS = {"n": 2**15, "r": 8, "p": 1}  # ≈0.07 s here; 32 MiB of memory
CIPHER, KDF = "AES-256-GCM", "scrypt"

MANIFEST_KINDS = {"package_id": str, "office": dict, "migrations": list, "exported_at": str, "counts": dict,
                  "content_sha256": str, "content_size": int, "payload_size": int, "audit_head": (dict, type(None)),
                  "unit_scope": (list, type(None)), "encryption": (dict, type(None)), "format": int}

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Manifest:
    """The description (文件说明) at the head of a transfer file, readable before decrypting."""

    package_id: str
    office: dict              # {"id", "name"} of the exporting office (本单位)
    migrations: list[str]     # structure changes (结构变更) applied to the snapshot
    exported_at: str          # ISO 8601 with offset
    counts: dict[str, int]    # records per table: units, cadres, posts, versions, audit_log
    content_sha256: str       # of the plain SQLite snapshot
    content_size: int
    payload_size: int         # bytes after the header (ciphertext and tag when encrypted)
    audit_head: dict | None   # the last audit entry (最后一条记实): seq, version_id, batch_id
    unit_scope: list[str] | None  # None: every unit; else names of the units exported (按单位导出)
    encryption: dict | None   # cipher, kdf, n, r, p, salt, nonce, key_check (hex); None: plain
    format: int = FORMAT_VERSION

    @property
    def encrypted(self) -> bool:
        return self.encryption is not None

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Manifest":
        """Raises ValueError when a field is missing or of the wrong kind; unknown keys are ignored."""
        if not isinstance(data, dict):
            raise ValueError("manifest is not an object")
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        missing = {f.name for f in fields(cls)} - set(values)
        if missing:
            raise ValueError(f"manifest lacks {sorted(missing)}")
        wrong = [name for name, kind in MANIFEST_KINDS.items() if not isinstance(values[name], kind)]
        if wrong:
            raise ValueError(f"manifest fields of the wrong kind: {wrong}")
        return cls(**values)


@dataclass(frozen=True)
class OpenedPackage:
    """A transfer file read back: its manifest and a verified plain database on local disk."""

    manifest: Manifest
    database_path: Path

    def discard(self) -> None:
        """Remove the local database copy (after merging it, or when the operator gives up)."""
        _remove_database(self.database_path)


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


# -- names -------------------------------------------------------------------------------------
def default_package_name(office_name: str, today: date | str) -> str:
    """雷山县委组织部 + 2026-11-26 → 雷山县委组织部-20261126.kpx (characters Windows forbids replaced)."""
    day = date.fromisoformat(today) if isinstance(today, str) else today
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", office_name).strip(" .") or "考评台"
    return f"{safe}-{day:%Y%m%d}{PACKAGE_SUFFIX}"


def next_free_path(path: Path) -> Path:
    """`path`, or the first of name-2.kpx, name-3.kpx… that does not exist yet."""
    path, number = Path(path), 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


# -- export -----------------------------------------------------------------------------------
def export_package(db_path: Path, target: Path, *, passphrase: str | None = None,
                   unit_ids: set[str] | None = None, progress: Progress | None = None,
                   cancel: Cancel | None = None, clock: Clock | None = None) -> Manifest:
    """Export the office database `db_path` (or its units `unit_ids`) as the transfer file `target`.

    Returns only once the file is complete under its final name, read back and verified,
    and its folder synced: then the stick may be pulled (可以安全拔出). On any failure or
    cancel nothing is left under `target` and the partial file is removed.
    `progress(done, 100, text)` is called per stage and per megabyte written.
    """
    target = Path(target)
    if passphrase is not None and not passphrase.strip():
        raise TransferError("口令不能为空。不需要加密时，请不设口令导出。")
    if target.exists():
        raise TargetExists.of(target)
    if not target.parent.is_dir():
        raise TransferWriteFailed(f"找不到保存位置：{target.parent}（U盘可能已拔出），请重新选择。")
    steps = _Steps(progress, cancel, "已取消导出，没有留下任何文件。")
    steps(0, "正在生成数据快照…")
    with tempfile.TemporaryDirectory(prefix="kaoping-export-") as scratch:
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
    except sqlite3.Error as error:
        raise NotADatabase(f"{source_name} 不是考评台数据库，不能导出。") from error
    size = plain.stat().st_size
    key, encryption = None, None
    if passphrase is not None:
        params = {"cipher": CIPHER, "kdf": KDF, **SCRYPT_PARAMS, "salt": os.urandom(16).hex(),
                  "nonce": os.urandom(12).hex()}
        key, params["key_check"] = _derive_key(passphrase, params)
        encryption = params
    manifest = Manifest(
        package_id=str(uuid.uuid4()), office=facts["office"], migrations=facts["migrations"],
        exported_at=stamp(clock()), counts=facts["counts"], content_sha256=_file_sha256(plain),
        content_size=size, payload_size=size + (TAG_SIZE if key else 0), audit_head=facts["audit_head"],
        unit_scope=facts["unit_names"] if scoped else None, encryption=encryption)
    return manifest, key


def _write_verified(plain: Path, target: Path, manifest: Manifest, key: bytes | None, steps: _Steps) -> None:
    partial = target.parent / f".{target.name}.partial"
    header = _header(manifest)
    _require_space(target, len(header) + manifest.payload_size)
    try:
        _write_package(plain, partial, header, manifest, key, steps)
        steps(70, "正在校验写入的文件…")
        _verify_written(partial, target, manifest, key, steps)
        if target.exists():
            raise TargetExists.of(target)
        os.replace(partial, target)
    except OSError as error:
        _discard(partial)
        raise TransferWriteFailed.of(error, target) from error
    except BaseException:
        _discard(partial)
        raise
    _fsync_directory(target.parent)


def _write_package(plain: Path, partial: Path, header: bytes, manifest: Manifest, key: bytes | None,
                   steps: _Steps) -> None:
    sealer = _sealer(key, manifest, header) if key else None
    written = 0
    with open(plain, "rb") as source, open(partial, "wb") as out:
        out.write(header)
        while chunk := source.read(CHUNK):
            out.write(sealer.update(chunk) if sealer else chunk)
            written += len(chunk)
            steps(20 + 50 * written / max(manifest.content_size, 1), f"正在写入 {partial.parent}…")
        if sealer:
            out.write(sealer.finalize() + sealer.tag)
        out.flush()
        os.fsync(out.fileno())
        if hasattr(os, "posix_fadvise"):  # read back from the stick, not from memory
            os.posix_fadvise(out.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _verify_written(partial: Path, target: Path, manifest: Manifest, key: bytes | None, steps: _Steps) -> None:
    try:
        with open(partial, "rb") as handle:
            read_back, header = _read_header(handle, target.name)
            if read_back != manifest:
                raise DamagedTransferFile.because(target.name, "文件说明与写入的不一致")
            _unseal(handle, read_back, header, key, None, steps, target.name, (70, 95))
    except (DamagedTransferFile, NotATransferFile, TransferTooNew) as error:
        raise TransferWriteFailed.unverified(target, "读回的内容与写入的不一致") from error


def _require_space(target: Path, size: int) -> None:
    with contextlib.suppress(OSError):
        free = shutil.disk_usage(target.parent).free
        if free < size:
            raise StorageFull.before_writing(target, size, free)


def _fsync_directory(folder: Path) -> None:
    """Make the rename durable; Windows cannot open a folder for this, and some filesystems refuse."""
    if os.name == "nt":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError:
        pass


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
            manifest, header = _read_header(handle, path.name)
            _require_known(manifest, path.name)
            key = _key_for(manifest, passphrase, path.name)
            database = _new_local_name(working_dir, f"kpx-{manifest.package_id[:8]}-", ".kpdb")
            with open(database, "wb") as out:
                _unseal(handle, manifest, header, key, out, steps, path.name, (40, 80))
        _discard(local)
        steps(85, "正在检查数据库…")
        _check_database(database, manifest, path.name)
        steps(100, "交换文件读取完成。")
        return OpenedPackage(manifest, database)
    except BaseException as error:
        _discard(local)
        if database is not None:
            _remove_database(database)
        if isinstance(error, OSError):
            raise TransferWriteFailed.local(error, working_dir) from error
        raise


def _local_copy(path: Path, working_dir: Path, steps: _Steps) -> Path:
    """Copy the file off the stick in chunks; refuse at the first chunk a file that is not ours."""
    try:
        source = open(path, "rb")  # closed by the with below
    except OSError as error:
        raise TransferReadFailed.of(error, path) from error
    local = _new_local_name(working_dir, ".incoming-", PACKAGE_SUFFIX)
    try:
        with source, open(local, "wb") as out:
            total, copied = max(os.fstat(source.fileno()).st_size, 1), 0
            while True:
                chunk = _read_chunk(source, path)
                if copied == 0:
                    _require_magic(chunk, path.name)
                if not chunk:
                    break
                out.write(chunk)
                copied += len(chunk)
                steps(40 * copied / total, "正在从U盘复制交换文件…")
        return local
    except BaseException as error:
        _discard(local)
        if isinstance(error, OSError):
            raise TransferWriteFailed.local(error, working_dir) from error
        raise


def _read_chunk(source, path: Path) -> bytes:
    try:
        return source.read(CHUNK)
    except OSError as error:
        raise TransferReadFailed.of(error, path) from error


def _check_database(database: Path, manifest: Manifest, name: str) -> None:
    """SQLite integrity, structure version, agreement with the manifest; upgrade an older structure."""
    if integrity_problems(database):
        raise DamagedTransferFile.because(name, "数据库完整性检查未通过")
    try:
        facts = snapshot_facts(database)
    except sqlite3.Error as error:
        raise DamagedTransferFile.because(name, "其中不是考评台数据库") from error
    unknown = [m for m in facts["migrations"] if m not in known_migrations()]
    if unknown:
        raise TransferTooNew.of(name, f"含本版本不认识的结构变更 {unknown[-1]}")
    described = {key: getattr(manifest, key) for key in ("office", "migrations", "counts", "audit_head")}
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


# -- the file format ---------------------------------------------------------------------------
def _header(manifest: Manifest) -> bytes:
    body = json.dumps(manifest.as_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return (MAGIC + b"%d\n" % FORMAT_VERSION + struct.pack(">I", len(body)) + body
            + hashlib.sha256(body).digest())


def _read_header(handle, name: str) -> tuple[Manifest, bytes]:
    """Parse and check the header: magic, format version, manifest and its digest, file length."""
    _require_magic(handle.read(len(MAGIC)), name)
    version_line = handle.readline(12)
    if not version_line.endswith(b"\n") and len(version_line) < 12:
        raise DamagedTransferFile.truncated(name)
    if not version_line.endswith(b"\n") or not version_line[:-1].isdigit() or int(version_line) < 1:
        raise DamagedTransferFile.because(name, "格式版本不可读")
    if int(version_line) > FORMAT_VERSION:
        raise TransferTooNew.of(name, f"文件格式第 {int(version_line)} 版")
    length_bytes = _take(handle, 4, name)
    (length,) = struct.unpack(">I", length_bytes)
    if length > MAX_MANIFEST:
        raise DamagedTransferFile.because(name, "文件说明长度异常")
    body, digest = _take(handle, length, name), _take(handle, DIGEST_SIZE, name)
    if hashlib.sha256(body).digest() != digest:
        raise DamagedTransferFile.because(name, "文件说明校验未通过")
    try:
        manifest = Manifest.from_json(json.loads(body.decode("utf-8")))
    except (ValueError, TypeError) as error:
        raise DamagedTransferFile.because(name, "文件说明不可读") from error
    header = MAGIC + version_line + length_bytes + body + digest
    payload = os.fstat(handle.fileno()).st_size - len(header)
    if payload < manifest.payload_size:
        raise DamagedTransferFile.truncated(name)
    if payload > manifest.payload_size:
        raise DamagedTransferFile.because(name, "文件末尾有多余内容")
    return manifest, header


def _require_known(manifest: Manifest, name: str) -> None:
    unknown = [m for m in manifest.migrations if m not in known_migrations()]
    if unknown:
        raise TransferTooNew.of(name, f"含本版本不认识的结构变更 {unknown[-1]}")
    encryption = manifest.encryption
    if encryption is not None and (encryption.get("cipher"), encryption.get("kdf")) != (CIPHER, KDF):
        raise TransferTooNew.of(name, "本版本不认识的加密方式")


def _key_for(manifest: Manifest, passphrase: str | None, name: str) -> bytes | None:
    if not manifest.encrypted:
        return None
    if not passphrase:
        raise PassphraseNeeded.of(name)
    try:
        key, check = _derive_key(passphrase, manifest.encryption)
        expected = bytes.fromhex(manifest.encryption["key_check"])
    except (KeyError, TypeError, ValueError) as error:
        raise DamagedTransferFile.because(name, "加密参数不可读") from error
    if not hmac.compare_digest(bytes.fromhex(check), expected):
        raise WrongPassphrase.of(name)
    return key


def _derive_key(passphrase: str, params: dict) -> tuple[bytes, str]:
    """AES key (32 bytes) and a check value (8 bytes, hex) telling a wrong passphrase from damage."""
    n, r, p = (int(params[k]) for k in ("n", "r", "p"))
    if not (2 <= n <= 2**20 and 1 <= r <= 16 and 1 <= p <= 4):
        raise ValueError("scrypt parameters out of range")
    material = Scrypt(salt=bytes.fromhex(params["salt"]), length=40, n=n, r=r, p=p).derive(
        unicodedata.normalize("NFC", passphrase).encode("utf-8"))
    return material[:32], material[32:].hex()


def _sealer(key: bytes, manifest: Manifest, header: bytes):
    sealer = Cipher(algorithms.AES(key), modes.GCM(bytes.fromhex(manifest.encryption["nonce"]))).encryptor()
    sealer.authenticate_additional_data(header)
    return sealer


def _unseal(handle, manifest: Manifest, header: bytes, key: bytes | None, out, steps: _Steps, name: str,
            span: tuple[int, int]) -> None:
    """Stream the payload (decrypted with `key`) into `out` (None: only verify); check tag and hash."""
    size = manifest.payload_size - (TAG_SIZE if key else 0)
    opener = _opener(handle, manifest, header, key, name) if key else None
    digest, remaining = hashlib.sha256(), size
    while remaining > 0:
        chunk = _take(handle, min(CHUNK, remaining), name)
        remaining -= len(chunk)
        plain = opener.update(chunk) if opener else chunk
        digest.update(plain)
        if out is not None:
            out.write(plain)
        steps(span[0] + (span[1] - span[0]) * (1 - remaining / max(size, 1)), "正在解密并校验…" if key else "正在校验…")
    if opener is not None:
        try:
            opener.finalize()
        except InvalidTag as error:
            raise DamagedTransferFile.because(name, "加密内容校验未通过") from error
    if digest.hexdigest() != manifest.content_sha256:
        raise DamagedTransferFile.because(name, "内容校验未通过")


def _opener(handle, manifest: Manifest, header: bytes, key: bytes, name: str):
    if manifest.payload_size < TAG_SIZE:
        raise DamagedTransferFile.because(name, "加密内容长度异常")
    handle.seek(len(header) + manifest.payload_size - TAG_SIZE)
    tag = _take(handle, TAG_SIZE, name)
    handle.seek(len(header))
    try:
        nonce = bytes.fromhex(manifest.encryption["nonce"])
        opener = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
    except (KeyError, TypeError, ValueError) as error:
        raise DamagedTransferFile.because(name, "加密参数不可读") from error
    opener.authenticate_additional_data(header)
    return opener


def _take(handle, size: int, name: str) -> bytes:
    data = handle.read(size)
    if len(data) < size:
        raise DamagedTransferFile.truncated(name)
    return data


def _require_magic(data: bytes, name: str) -> None:
    """Refuse what is not a transfer file; a file cut inside the magic is a truncated one."""
    head = data[:len(MAGIC)]
    if head == MAGIC:
        return
    if head and MAGIC.startswith(head):
        raise DamagedTransferFile.truncated(name)
    raise NotATransferFile.of(name, data)


# -- small helpers ----------------------------------------------------------------------------
def _new_local_name(folder: Path, prefix: str, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    os.close(handle)
    return Path(name)


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        _discard(Path(str(path) + suffix))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = ["Manifest", "OpenedPackage", "export_package", "open_package", "default_package_name",
           "next_free_path", "PACKAGE_SUFFIX", "FORMAT_VERSION"]
