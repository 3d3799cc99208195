"""Bytes to text: refuse what is not text, detect the encoding, repair mojibake.

The string returned here becomes the document's original text; all offsets
point into it, so nothing after this step may change it.

The order of decisions, each one noted on the document when it changes
anything:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); UTF-16
   without a mark is recognised by its zero bytes;
2. valid UTF-8 is UTF-8;
3. UTF-8 with invalid bytes is judged line by line. A line with invalid
   bytes and no valid multi-byte sequence, whose invalid bytes all read as
   letters or typographic punctuation in a legacy encoding, is in that
   encoding; every other invalid byte is replaced by one U+FFFD. A stray
   byte in a UTF-8 article therefore never changes the rest of the text, and
   a file mixing UTF-8 and cp1250 lines gets each line right;
4. mojibake (UTF-8 that was once decoded as Latin-1, cp1252 or cp1250) is
   repaired with ftfy, only when ftfy finds an encoding fix that lowers its
   badness score; C1 control characters alone are never "repaired".
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ftfy

try:  # the parsed form of ftfy's pattern (is_bad): CPython's private modules
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # moved in another Python: is_bad asks ftfy itself
    sre_constants = sre_parse = None  # type: ignore[assignment]

from ..errors import InputError
from ..lang import load

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
# Byte-order marks, longest first (the UTF-32 LE mark starts with UTF-16 LE's).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
# Share of control characters above which a file is not text. Real text has
# none besides \t\n\r\f; 1% leaves room for a stray form feed or NUL.
MAX_CONTROL_SHARE = 0.01
# NUL bytes in the first 8 KB above which a file is binary: random bytes hold
# one in 256 (32 in 8 KB); one stray NUL in a JSON Lines file must not refuse
# every record of it (the record that holds it is refused on its own).
MAX_NUL_SHARE = 0.001
MIN_NULS_FOR_BINARY = 3
# UTF-16 without a byte-order mark: ASCII-range text has a zero in every
# other byte. At least this share of the odd (LE) or even (BE) bytes of the
# first 8 KB must be zero, and at most the low share of the other half.
UTF16_ZERO_SHARE = 0.3
UTF16_OTHER_ZERO_SHARE = 0.05
# Only this much of the text is scanned for control characters and for
# mojibake: enough to judge, and linear time on huge files.
SAMPLE_CHARS = 200_000
# Bytes read to choose a legacy encoding (enough non-ASCII letters to judge).
LEGACY_SAMPLE_BYTES = 400_000


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
    nuls = head.count(b"\x00")
    if nuls >= MIN_NULS_FOR_BINARY and nuls > len(head) * MAX_NUL_SHARE:
        return "binary data (NUL bytes)"
    return None


def control_share(text: str) -> float:
    """Share of control characters (other than tab, line feed, carriage return, form feed)."""
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return 0.0
    # Counted in C (a regex over the sample, not a Python step per character):
    # the parent of a run with workers reads every input before any worker.
    return len(_CONTROLS.findall(sample)) / len(sample)


# Control characters other than tab, line feed, form feed and carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


@cache
def _legacy_table() -> tuple[list[tuple[str, frozenset[str]]], frozenset[str]]:
    data = load("common", "encodings")
    candidates = [(c["codec"], frozenset(c["letters"])) for c in data["candidates"]]
    return candidates, frozenset(data["punctuation"]["chars"])


def _plausible(ch: str) -> bool:
    """A character a legacy encoding should produce in text: a letter or typographic punctuation."""
    return ch.isalpha() or ch in _legacy_table()[1]


def _score(text: str, letters: frozenset[str]) -> int:
    """How text-like the non-ASCII characters of ``text`` are (higher is better)."""
    score = 0
    latin = other_script = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            latin += ch.isalpha()
            continue
        if unicodedata.category(ch).startswith("C"):
            score -= 5
        elif ch.isalpha():
            near = text[i - 1 : i] + text[i + 1 : i + 2]
            latin_near = any("a" <= c.lower() <= "z" for c in near)
            script = unicodedata.name(ch, "").split(" ")[0]
            if script in {"CYRILLIC", "GREEK"}:
                other_script += 1
            if latin_near and script in {"CYRILLIC", "GREEK"}:
                score -= 3  # a Cyrillic letter inside a Latin word: wrong code page
            else:
                score += 2 if ch in letters else 1
        elif ch in _legacy_table()[1]:
            score += 1
        else:
            score -= 1
    if other_script and other_script < latin:
        return -1  # Cyrillic or Greek letters strewn in Latin text: not this code page
    return score


def _pick_legacy(sample: bytes) -> str | None:
    """The legacy encoding under which ``sample`` reads most like text, or None."""
    best: tuple[int, str] | None = None
    for codec, letters in _legacy_table()[0]:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        s = _score(text, letters)
        if best is None or s > best[0]:
            best = (s, codec)
    return best[1] if best and best[0] > 0 else None


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:8192]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd >= UTF16_ZERO_SHARE and z_even <= UTF16_OTHER_ZERO_SHARE:
        return "utf-16-le"
    if z_even >= UTF16_ZERO_SHARE and z_odd <= UTF16_OTHER_ZERO_SHARE:
        return "utf-16-be"
    return None


def _invalid_bytes(line: str) -> list[int]:
    """Positions of the bytes that surrogateescape kept as U+DC80..U+DCFF."""
    return [i for i, ch in enumerate(line) if "\udc80" <= ch <= "\udcff"]


def _decode_damaged_utf8(data: bytes) -> tuple[str, str, list[str]]:
    """Text of bytes that are not valid UTF-8: line by line (see the module docstring)."""
    lines = data.decode("utf-8", errors="surrogateescape").split("\n")
    if not any(_has_valid_multibyte(line) for line in lines):
        # No UTF-8 at all: one legacy encoding for the whole file, when one reads as text.
        codec = _pick_legacy(data[:LEGACY_SAMPLE_BYTES])
        if codec and (text := _as_legacy(data, codec, plausible=False)) is not None:
            return text, codec, [f"not UTF-8: decoded as {codec}"]
    # A line of a legacy encoding: invalid bytes, and no valid multi-byte sequence.
    suspects = [n for n, line in enumerate(lines) if _invalid_bytes(line) and not _has_valid_multibyte(line)]
    sample = b"\n".join(lines[n].encode("utf-8", errors="surrogateescape") for n in suspects)
    codec = _pick_legacy(sample[:LEGACY_SAMPLE_BYTES]) if suspects else None
    legacy = 0
    if codec:
        for n in suspects:
            decoded = _as_legacy(lines[n].encode("utf-8", errors="surrogateescape"), codec, plausible=True)
            if decoded is not None:
                legacy += 1
                lines[n] = decoded
    replaced = 0
    for n, line in enumerate(lines):
        if bad := _invalid_bytes(line):
            replaced += len(bad)
            chars = list(line)
            for i in bad:
                chars[i] = "\ufffd"
            lines[n] = "".join(chars)
    notes: list[str] = []
    encoding = "utf-8"
    if legacy:
        with_text = sum(1 for line in lines if line.strip())
        notes.append(f"mixed encodings: {legacy} of {with_text} lines were not UTF-8 and were decoded as {codec}")
        encoding = f"utf-8+{codec}"
    if replaced:
        notes.append(f"{replaced} invalid UTF-8 byte(s) replaced with U+FFFD")
    return "\n".join(lines), encoding, notes


def _as_legacy(raw: bytes, codec: str, *, plausible: bool) -> str | None:
    """``raw`` decoded with ``codec`` when that reads as text, else None.

    One lone non-ASCII byte is as likely a stray byte as a letter: it counts
    as ``codec`` only when it is one of that encoding's typical letters.
    ``plausible`` (a line among UTF-8 lines) also requires every non-ASCII
    character to be a letter or typographic punctuation, and one of them to
    be typical of the code page.
    """
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    home = dict(_legacy_table()[0])[codec]
    high = [ch for ch in text[:SAMPLE_CHARS] if ord(ch) >= 128]
    if len(high) == 1 and high[0] not in home:
        return None
    if plausible:
        high = [ch for ch in text if ord(ch) >= 128]
        if not all(_plausible(ch) for ch in high):
            return None
        if not any(ch in home or ch in _legacy_table()[1] for ch in high):
            return None  # only letters foreign to the code page's languages: stray bytes
    return text


def _has_valid_multibyte(line: str) -> bool:
    return any(ord(ch) >= 128 and not ("\udc80" <= ch <= "\udcff") for ch in line)


def _span(first: str, last: str) -> str:
    return "".join(map(chr, range(ord(first), ord(last) + 1)))


# Characters our texts are full of, by how many an article holds: the class
# of each of ftfy's alternatives that holds fewest of them is its trigger
# (only the speed of :func:`is_bad` depends on this, never its answer).
# ASCII weighs 1000, these 100 and 10, any other character 1.
_COMMON = frozenset("čćšžđ" + _span("а", "џ"))
_FREQUENT = frozenset(
    "ČĆŠŽĐ" + _span("Ѐ", "Я") + _span("À", "Ö") + _span("Ø", "ö") + _span("ø", "ÿ") + "\xa0«»„“”‘’‚–—…€"
)


@dataclass(frozen=True)
class _Triggers:
    """Where ftfy's badness pattern can match: every match holds a character
    ``chars`` finds (one class of each of the pattern's alternatives) and is
    at most ``width`` characters long."""

    chars: re.Pattern[str]
    width: int


def _everyday(ch: str) -> int:
    return 1000 if ch < "\x80" else 100 if ch in _COMMON else 10 if ch in _FREQUENT else 1


def _class_chars(op: object, arg: Any) -> set[str] | None:
    """The characters a required item of a parsed pattern matches, when it is
    a literal or a class of literals and ranges; None for anything else (a
    category such as \\s, a negated class, an anchor, a repeat)."""
    if op is sre_constants.LITERAL:
        return {chr(arg)}
    if op is not sre_constants.IN:
        return None
    out: set[str] = set()
    for kind, value in arg:
        if kind is sre_constants.LITERAL:
            out.add(chr(value))
        elif kind is sre_constants.RANGE:
            out.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None
    return out


@cache
def _badness_triggers() -> _Triggers | None:
    """The triggers of ftfy's ``BADNESS_RE``, read off the parsed pattern
    itself (an ftfy upgrade changes them with it); None when the pattern has
    a shape this reading does not cover (then :func:`is_bad` asks ftfy)."""
    pattern = ftfy.badness.BADNESS_RE
    if sre_parse is None or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        (op, (_, branches)), *rest = parsed.data
    except (ValueError, TypeError, re.error):
        return None
    if op is not sre_constants.BRANCH or rest:
        return None
    triggers: set[str] = set()
    width = 0
    for branch in branches:
        high = branch.getwidth()[1]
        choices = [c for c in (_class_chars(item, arg) for item, arg in branch.data) if c]
        if high >= sre_constants.MAXREPEAT or not choices:
            return None
        width = max(width, high)
        triggers |= min(choices, key=lambda c: (sum(map(_everyday, c)), len(c)))
    body = "".join(re.escape(ch) for ch in sorted(triggers))
    return _Triggers(re.compile(f"[{body}]"), width)


def is_bad(text: str) -> bool:
    """``ftfy.is_bad(text)``, without ftfy's pattern where it cannot match.

    ftfy tries its three dozen alternatives at every position (about 0.9 ms
    for a 600-word article, paid by the parent of a run with workers before
    any worker sees the text). Every match holds a trigger character and is
    at most ``width`` long, so only the stretches around triggers are
    searched (merged where they overlap; ``^`` still matches only at the
    text's real start there), and a text with none is answered at once. The
    same answer as ftfy's (``tests/ingest/test_badness_fast.py``)."""
    found = _badness_triggers()
    if found is None:
        return ftfy.is_bad(text)
    search = ftfy.badness.BADNESS_RE.search
    start = end = -1
    for hit in found.chars.finditer(text):
        lo, hi = max(hit.start() - found.width + 1, 0), min(hit.start() + found.width, len(text))
        if lo > end:
            if end > start and search(text, start, end):
                return True
            start = lo
        end = hi
    return end > start and search(text, start, end) is not None


def repair_mojibake(text: str) -> tuple[str, bool]:
    """ftfy's encoding fix, only when it is one and it lowers ftfy's badness.

    C1 control characters (U+0080..U+009F) on their own are kept: they may be
    the text's own characters, and reading them as cp1252 is a guess.
    """
    if not is_bad(text[:SAMPLE_CHARS]):
        return text, False
    fixed, steps = ftfy.fix_encoding_and_explain(text)
    if fixed == text or not steps:
        return text, False
    if not any(op == "decode" and enc.startswith("utf-8") for op, enc in steps):
        return text, False  # not UTF-8 read with the wrong code page: a guess, not a repair
    if fixed.count("\ufffd") > text.count("\ufffd"):
        return text, False
    if ftfy.badness.badness(fixed[:SAMPLE_CHARS]) >= ftfy.badness.badness(text[:SAMPLE_CHARS]):
        return text, False
    return fixed, True


def decode_bytes(data: bytes, *, repair: bool = True, check_controls: bool = True) -> Decoded:
    """Decode input bytes; raise InputError with a one-line reason when it is not text.

    ``repair=False`` skips the mojibake repair and ``check_controls=False`` the
    control-character test, for formats whose records are judged one by one
    (JSON Lines).
    """
    if not data.strip():
        raise InputError("empty file")
    notes: list[str] = []
    bom = next(((b, enc, label) for b, enc, label in _BOMS if data.startswith(b)), None)
    if bom is None and (guess := _utf16_without_bom(data)):
        bom = (b"", guess, "UTF-16 " + guess[-2:].upper())
        notes.append(f"no byte-order mark: decoded as {bom[2]}")
    if bom is not None:
        mark, encoding, label = bom
        body = data[len(mark) :]
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            text = body.decode(encoding, errors="replace")
            notes.append(f"{text.count(chr(0xFFFD))} invalid {label} sequence(s) replaced with U+FFFD")
        if mark and encoding == "utf-8":
            encoding = "utf-8-sig"
    else:
        kind = sniff_binary(data)
        if kind:
            raise InputError(f"not a text file ({kind})")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding, more = _decode_damaged_utf8(data)
            notes.extend(more)
    if check_controls and control_share(text) > MAX_CONTROL_SHARE:
        raise InputError("not a text file (too many control characters)")
    if repair and encoding.startswith("utf-8"):
        text, repaired = repair_mojibake(text)
        if repaired:
            notes.append("mojibake repaired (UTF-8 text that had been decoded with the wrong encoding)")
    if not text.strip():
        raise InputError("empty file")
    return Decoded(text, encoding, notes)


def decode_lines(data: bytes) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, text, notes of that line) for a file judged line by line (JSON Lines).

    A UTF-16 or UTF-32 file is decoded whole first. Otherwise each line is
    decoded on its own, so a stray byte, a legacy line or a NUL affects only
    its own line. Lines end at line feeds only.
    """
    if not data.strip():
        raise InputError("empty file")
    wide = next((enc for b, enc, _ in _BOMS if data.startswith(b) and enc != "utf-8"), None) or _utf16_without_bom(data)
    if wide:
        decoded = decode_bytes(data, repair=False, check_controls=False)
        for n, line in enumerate(decoded.text.split("\n"), 1):
            yield n, line.removesuffix("\r"), list(decoded.notes)
        return
    kind = sniff_binary(data)
    if kind:
        raise InputError(f"not a text file ({kind})")
    for n, raw in enumerate(data.removeprefix(codecs.BOM_UTF8).split(b"\n"), 1):
        raw = raw.removesuffix(b"\r")
        try:
            yield n, raw.decode("utf-8"), []
        except UnicodeDecodeError:
            text, _, notes = _decode_damaged_utf8(raw)
            yield n, text, notes
