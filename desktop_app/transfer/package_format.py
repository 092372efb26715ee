"""The transfer file format (交换文件, .kpx): layout, manifest, and the payload streamed in and out.

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
against the database inside (package.py).
"""

import hashlib
import hmac
import json
import os
import re
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop_app.transfer.errors import (
    DamagedTransferFile,
    NotATransferFile,
    PassphraseNeeded,
    TransferTooNew,
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
                  "unit_scope": (list, type(None)), "encryption": (dict, type(None)), "format": int,
                  "chain_heads": (dict, type(None))}
OPTIONAL_FIELDS = ("chain_heads",)  # absent from files of earlier versions

Done = Callable[[int], None]       # bytes of the snapshot streamed so far
Fraction = Callable[[float], None]  # share of the payload checked so far, 0…1


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
    chain_heads: dict | None = None  # each office's audit chain head (记实链见证): {office id: {"chain", "at"}}

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
        missing = {f.name for f in fields(cls)} - set(values) - set(OPTIONAL_FIELDS)
        if missing:
            raise ValueError(f"manifest lacks {sorted(missing)}")
        wrong = [name for name, kind in MANIFEST_KINDS.items() if name in values and not isinstance(values[name], kind)]
        if wrong:
            raise ValueError(f"manifest fields of the wrong kind: {wrong}")
        return cls(**values)


# -- names -------------------------------------------------------------------------------------
def default_package_name(office_name: str, today: date | str) -> str:
    """雷山县委组织部 + 2026-11-26 → 雷山县委组织部-20261126.kpx (characters Windows forbids replaced)."""
    day = date.fromisoformat(today) if isinstance(today, str) else today
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", office_name).strip(" .") or "考评台"
    return f"{safe}-{day:%Y%m%d}{PACKAGE_SUFFIX}"


# -- the header -------------------------------------------------------------------------------
def header(manifest: Manifest) -> bytes:
    body = json.dumps(manifest.as_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return (MAGIC + b"%d\n" % FORMAT_VERSION + struct.pack(">I", len(body)) + body
            + hashlib.sha256(body).digest())


def read_header(handle, name: str) -> tuple[Manifest, bytes]:
    """Parse and check the header: magic, format version, manifest and its digest, file length."""
    require_magic(handle.read(len(MAGIC)), name)
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
    head = MAGIC + version_line + length_bytes + body + digest
    payload = os.fstat(handle.fileno()).st_size - len(head)
    if payload < manifest.payload_size:
        raise DamagedTransferFile.truncated(name)
    if payload > manifest.payload_size:
        raise DamagedTransferFile.because(name, "文件末尾有多余内容")
    return manifest, head


def require_magic(data: bytes, name: str) -> None:
    """Refuse what is not a transfer file; a file cut inside the magic is a truncated one."""
    head = data[:len(MAGIC)]
    if head == MAGIC:
        return
    if head and MAGIC.startswith(head):
        raise DamagedTransferFile.truncated(name)
    raise NotATransferFile.of(name, data)


# -- encryption -------------------------------------------------------------------------------
def new_encryption(passphrase: str) -> tuple[bytes, dict]:
    """A fresh AES key from `passphrase`, and the manifest's `encryption` entry to find it again."""
    params = {"cipher": CIPHER, "kdf": KDF, **SCRYPT_PARAMS, "salt": os.urandom(16).hex(),
              "nonce": os.urandom(12).hex()}
    key, params["key_check"] = _derive_key(passphrase, params)
    return key, params


def require_known_cipher(manifest: Manifest, name: str) -> None:
    encryption = manifest.encryption
    if encryption is not None and (encryption.get("cipher"), encryption.get("kdf")) != (CIPHER, KDF):
        raise TransferTooNew.of(name, "本版本不认识的加密方式")


def key_for(manifest: Manifest, passphrase: str | None, name: str) -> bytes | None:
    """The AES key of an encrypted file (None for a plain one); a wrong passphrase is told apart."""
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


# -- the payload ------------------------------------------------------------------------------
def seal(source, out, manifest: Manifest, head: bytes, key: bytes | None, done: Done) -> None:
    """Write `head` and then the snapshot read from `source` into `out`: plain, or sealed with `key`."""
    sealer = None
    if key:
        sealer = Cipher(algorithms.AES(key), modes.GCM(bytes.fromhex(manifest.encryption["nonce"]))).encryptor()
        sealer.authenticate_additional_data(head)
    out.write(head)
    written = 0
    while chunk := source.read(CHUNK):
        out.write(sealer.update(chunk) if sealer else chunk)
        written += len(chunk)
        done(written)
    if sealer:
        out.write(sealer.finalize() + sealer.tag)


def unseal(handle, manifest: Manifest, head: bytes, key: bytes | None, out, name: str,
           fraction: Fraction) -> None:
    """Stream the payload (decrypted with `key`) into `out` (None: only verify); check tag and hash."""
    size = manifest.payload_size - (TAG_SIZE if key else 0)
    opener = _opener(handle, manifest, head, key, name) if key else None
    digest, remaining = hashlib.sha256(), size
    while remaining > 0:
        chunk = _take(handle, min(CHUNK, remaining), name)
        remaining -= len(chunk)
        plain = opener.update(chunk) if opener else chunk
        digest.update(plain)
        if out is not None:
            out.write(plain)
        fraction(1 - remaining / max(size, 1))
    if opener is not None:
        try:
            opener.finalize()
        except InvalidTag as error:
            raise DamagedTransferFile.because(name, "加密内容校验未通过") from error
    if digest.hexdigest() != manifest.content_sha256:
        raise DamagedTransferFile.because(name, "内容校验未通过")


def _opener(handle, manifest: Manifest, head: bytes, key: bytes, name: str):
    if manifest.payload_size < TAG_SIZE:
        raise DamagedTransferFile.because(name, "加密内容长度异常")
    handle.seek(len(head) + manifest.payload_size - TAG_SIZE)
    tag = _take(handle, TAG_SIZE, name)
    handle.seek(len(head))
    try:
        nonce = bytes.fromhex(manifest.encryption["nonce"])
        opener = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
    except (KeyError, TypeError, ValueError) as error:
        raise DamagedTransferFile.because(name, "加密参数不可读") from error
    opener.authenticate_additional_data(head)
    return opener


def _take(handle, size: int, name: str) -> bytes:
    data = handle.read(size)
    if len(data) < size:
        raise DamagedTransferFile.truncated(name)
    return data


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = ["Manifest", "default_package_name", "MAGIC", "FORMAT_VERSION", "PACKAGE_SUFFIX", "CHUNK", "header", "read_header",
           "require_magic", "new_encryption", "require_known_cipher", "key_for", "seal", "unseal",
           "file_sha256"]
