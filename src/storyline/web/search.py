"""Search queries that tolerate diacritics and inflection.

FTS5 (``unicode61 remove_diacritics 2``) already makes "Bozinovic" find
"Božinović". For inflection, every query word becomes a prefix of its stem:
its folded form less a case ending ("Alepu" -> ``alep*``, which finds
"Alep", "Alepa", "Alepu", "Aleppo"). Operators and quotes are not passed
through: a query is words.
"""

from __future__ import annotations

import re
import unicodedata

# Query words are cut to this many letters at most before the prefix star
# ("evakuacija" -> evakua*, "evacuation" -> evacua*): enough to keep names
# apart, short enough to meet their other case forms.
STEM_LETTERS = 6
# Shorter words are searched whole, as prefixes.
MIN_STEM = 4
_WORD = re.compile(r"\w+", re.UNICODE)
# Case endings cut from longer query words before the prefix star.
_ENDING = re.compile(r"(ima|ama|om|em|oj|u|a|e|i)$")


def fold(word: str) -> str:
    word = word.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def stem(word: str) -> str:
    w = fold(word)
    if len(w) > MIN_STEM + 1:
        w = _ENDING.sub("", w) if len(_ENDING.sub("", w)) >= MIN_STEM else w
    return w[:STEM_LETTERS]


def match_query(q: str) -> str | None:
    """An FTS5 MATCH string for the words of ``q`` (all must occur), or None without words."""
    words = [w for w in _WORD.findall(q) if w.strip("_")]
    if not words:
        return None
    return " AND ".join(f'"{stem(w)}"*' for w in words)


def highlights(text: str, q: str, limit: int = 3, width: int = 80) -> list[tuple[int, int]]:
    """Where the query's words occur in ``text`` (original offsets), at most ``limit``."""
    stems = [stem(w) for w in _WORD.findall(q)]
    out = []
    for m in _WORD.finditer(text):
        if any(fold(m.group()).startswith(s) for s in stems if s):
            out.append((m.start(), m.end()))
            if len(out) >= limit:
                break
    return out
