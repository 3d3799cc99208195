"""Bytes to text: refuse what is not text, detect the encoding, repair mojibake.

The string returned here becomes the document's original text; all offsets
point into it, so nothing after this step may change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import charset_normalizer
import ftfy

from ..errors import InputError

# Signatures of common binary formats, to name them in the error message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3", "SQLite database"),
)
# Share of control characters above which a file is not text. Real text has
# none besides \t\n\r\f; 1% leaves room for a stray form feed or NUL.
MAX_CONTROL_SHARE = 0.01
# A UTF-8 file with at most this share of broken sequences is a damaged
# UTF-8 file (decode with U+FFFD); above it, it is another encoding.
MAX_BROKEN_UTF8_SHARE = 0.002


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def sniff_binary(data: bytes) -> str | None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return "binary data (NUL bytes)"
    return None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / min(len(text), 100_000)


def decode_bytes(data: bytes) -> Decoded:
    """Decode input bytes; raise InputError with a one-line reason when it is not text."""
    if not data.strip():
        raise InputError("empty file")
    kind = sniff_binary(data)
    if kind:
        raise InputError(f"not a text file ({kind})")
    notes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
        broken = text.count("\ufffd")
    else:
        try:
            text, encoding, broken = data.decode("utf-8"), "utf-8", 0
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            encoding = "utf-8"
            broken = text.count("\ufffd")
            if broken > max(1, len(data) * MAX_BROKEN_UTF8_SHARE):
                best = charset_normalizer.from_bytes(data).best()
                if best is None:
                    raise InputError("invalid UTF-8 and no other text encoding fits") from None
                text, encoding, broken = str(best), best.encoding, 0
                notes.append(f"not UTF-8: decoded as {encoding}")
    if broken:
        notes.append(f"{broken} invalid UTF-8 byte sequence(s) replaced with U+FFFD")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError("not a text file (too many control characters)")
    if ftfy.is_bad(text[:200_000]):
        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            text = fixed
            notes.append("mojibake repaired (text had been decoded with the wrong encoding)")
    if not text.strip():
        raise InputError("empty file")
    return Decoded(text, encoding, notes)
