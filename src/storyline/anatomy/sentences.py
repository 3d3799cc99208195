"""Sentences with exact offsets, through blingfire's sentence breaker.

blingfire keeps ordinals ("20. siječnja", "od 2015. godine") and common
abbreviations ("dr.", "tzv.", "Mr.") inside sentences, in Croatian as in
English; pySBD and sentencex split those (measured, see docs/decisions.md).
Each line is split on its own, so a line break always ends a sentence.
"""

from __future__ import annotations

import ctypes
import re

import blingfire

from ..records import Segment, Sentence

_LINE = re.compile(r"[^\n]+")


def sentence_offsets(s: str) -> list[tuple[int, int]]:
    """The sentence offsets of ``blingfire.text_to_sentences_and_offsets(s)``.
    blingfire's wrapper maps the library's UTF-8 byte offsets to string
    offsets in a Python loop over every byte (6% of an ingest); here the
    character offset of a byte offset is the decoded length of the bytes
    before it. Offsets it cannot map (inside a character, out of range, out
    of order) go to blingfire's own wrapper, so the result (or the error) is
    always the wrapper's."""
    s_bytes = s.encode("utf-8")
    o_bytes = ctypes.create_string_buffer(len(s_bytes) * 2)
    count = len(o_bytes)
    starts = (ctypes.c_int32 * count)()
    ends = (ctypes.c_int32 * count)()
    o_len = blingfire.blingfire.TextToSentencesWithOffsets(
        ctypes.c_char_p(s_bytes), ctypes.c_int(len(s_bytes)), ctypes.byref(o_bytes), ctypes.byref(starts), ctypes.byref(ends), ctypes.c_int(count)
    )
    if o_len == -1 or o_len > count:
        return []
    n = o_bytes.value.count(b"\n") + 1
    pairs = list(zip(starts[:n], ends[:n]))
    if len(s_bytes) == len(s):  # ASCII: a byte is a character
        out = [(b, e + 1) for b, e in pairs]
    else:
        # A byte offset where a character starts is the length of the text before it.
        if any(b < 0 or e + 1 > len(s_bytes) for b, e in pairs):
            return blingfire.text_to_sentences_and_offsets(s)[1]
        try:
            out = [(len(s_bytes[:b].decode("utf-8")), len(s_bytes[: e + 1].decode("utf-8"))) for b, e in pairs]
        except UnicodeDecodeError:  # an offset inside a character
            return blingfire.text_to_sentences_and_offsets(s)[1]
    flat = [o for pair in out for o in pair]
    if flat[0] < 0 or flat[-1] > len(s) or flat.count(len(s)) > 1 or any(a > b for a, b in zip(flat, flat[1:])):
        return blingfire.text_to_sentences_and_offsets(s)[1]
    return out


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        chunk = line.group()
        if not chunk.strip():
            continue
        offsets = _join_ordinal_dates(chunk, sentence_offsets(chunk))
        base = line.start()
        for a, b in offsets:
            a, b = base + a, base + b
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append((a, b))
    return spans


_ORDINAL_END = re.compile(r"(?<![\d.])\d{1,2}\.$")


def _join_ordinal_dates(chunk: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """blingfire ends a sentence at a day ordinal before a capitalised month
    ("am 3. | Juni"): such a break is undone (month names of every language
    with time data, :func:`storyline.extract.timex.month_names`)."""
    if len(offsets) < 2:
        return offsets
    from ..extract.timex import month_names

    out = [offsets[0]]
    for a, b in offsets[1:]:
        pa, pb = out[-1]
        head = chunk[a:b].lstrip().split(maxsplit=1)
        if head and _ORDINAL_END.search(chunk[pa:pb].rstrip()) and head[0].lower().rstrip(".,") in month_names():
            out[-1] = (pa, b)
        else:
            out.append((a, b))
    return out


def sentences_of(text: str, segments: list[Segment]) -> list[Sentence]:
    out: list[Sentence] = []
    for i, seg in enumerate(segments):
        out.extend(Sentence(a, b, i) for a, b in split_sentences(text, seg.start, seg.end))
    return out
