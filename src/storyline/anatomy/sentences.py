"""Sentences with exact offsets, through blingfire's sentence breaker.

blingfire keeps ordinals ("20. siječnja", "od 2015. godine") and common
abbreviations ("dr.", "tzv.", "Mr.") inside sentences, in Croatian as in
English; pySBD and sentencex split those (measured, see docs/decisions.md).
Each line is split on its own, so a line break always ends a sentence.
"""

from __future__ import annotations

import re

import blingfire

from ..records import Segment, Sentence

_LINE = re.compile(r"[^\n]+")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        chunk = line.group()
        if not chunk.strip():
            continue
        _, offsets = blingfire.text_to_sentences_and_offsets(chunk)
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


def sentences_of(text: str, segments: list[Segment]) -> list[Sentence]:
    out: list[Sentence] = []
    for i, seg in enumerate(segments):
        out.extend(Sentence(a, b, i) for a, b in split_sentences(text, seg.start, seg.end))
    return out
