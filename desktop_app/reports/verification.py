"""Verification codes (核验码) printed in a notice's footer.

A code is the first 40 bits of the SHA-256 of the notice's printable content, written as
canonical JSON (sorted keys, no spaces, dates as ISO text), spelled in an alphabet without
the look-alikes 0/O and 1/I, and shown as XXXX-XXXX. Anyone holding the database can
recompute it and tell whether a posted sheet matches what the office issued. Pure Python.
"""

import hashlib
import json
import unicodedata
from datetime import date, datetime

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: 5 bits each
LENGTH = 8
SCHEME = "kaoping-notice-v1"  # hashed with the content: a new scheme gives new codes
_DASHES = "-‐‑‒–—―－"


def canonical_json(document: dict) -> str:
    """The one spelling of `document` that is hashed: keys sorted, no spaces, dates ISO."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)


def _plain(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"核验码不能包含 {type(value).__name__} 类型的内容")


def verification_code(document: dict) -> str:
    """The code of a notice's printable content, e.g. "7KQ3-MX9D"."""
    digest = hashlib.sha256(f"{SCHEME}\n{canonical_json(document)}".encode()).digest()
    number = int.from_bytes(digest[:5], "big")  # 40 bits = 8 symbols of 5 bits
    symbols = "".join(ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{symbols[:4]}-{symbols[4:]}"


def normalise_code(text: str) -> str | None:
    """A typed code in its printed form, or None when it cannot be one.

    Accepts lower case, spaces, full-width characters (typed with a Chinese input method)
    and any dash or none: " 7kq3 mx9d " → "7KQ3-MX9D".
    """
    folded = unicodedata.normalize("NFKC", text or "").upper()
    symbols = "".join(ch for ch in folded if not ch.isspace() and ch not in _DASHES)
    if len(symbols) != LENGTH or any(ch not in ALPHABET for ch in symbols):
        return None
    return f"{symbols[:4]}-{symbols[4:]}"


def code_matches(document: dict, typed: str) -> bool:
    """Whether a code read off a posted sheet is the code of `document` (核验)."""
    return normalise_code(typed) == verification_code(document)
