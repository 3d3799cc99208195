"""Where evidence sits in a document as a reader counts: its paragraph ("¶3"),
or its sentence in a crawl without line breaks ("sentence 3"). One rule for the
brief's page (render/html.py) and the web pages (web/app.py)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

# Below this many paragraphs, evidence is placed by sentence.
FEW_PARAGRAPHS = 3
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»]?\s+(?=\S)")


def paragraph_starts(text: str, sentence_starts: Sequence[int] | None = None) -> tuple[list[int], str]:
    """Where the paragraphs (non-empty lines) of ``text`` start, and their mark ("¶").

    A crawl without line breaks is one long paragraph: with fewer than
    FEW_PARAGRAPHS, sentences are counted instead (mark "sentence ") when that
    places evidence more finely, from ``sentence_starts`` where the caller has
    the pipeline's sentences, else split at sentence-ending punctuation."""
    starts, offset = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            starts.append(offset)
        offset += len(line)
    if len(starts) < FEW_PARAGRAPHS:
        sentences = list(sentence_starts) if sentence_starts is not None else [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        if len(sentences) > len(starts):
            return sentences, "sentence "
    return starts or [0], "¶"


def place_number(starts: Sequence[int], offset: int) -> int:
    """The paragraph (or sentence), counted from 1, holding character ``offset``."""
    return max(1, bisect_right(starts, offset))
