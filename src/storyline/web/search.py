"""Search queries that tolerate diacritics and inflection.

FTS5 (``unicode61 remove_diacritics 2``) already makes "Bozinovic" find
"Božinović". For inflection, every query word becomes a prefix of its stem:
its folded form less a case ending ("Alepu" -> ``alep*``, which finds
"Alep", "Alepa", "Alepu", "Aleppo"). Operators and quotes are not passed
through: a query is words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..link.names import strip_marks
from ..store.sqlite import search_text

# Query words are cut to this many letters at most before the prefix star
# ("evakuacija" -> evakua*, "evacuation" -> evacua*): enough to keep names
# apart, short enough to meet their other case forms.
STEM_LETTERS = 6
# Shorter words are searched whole, as prefixes.
MIN_STEM = 4
_WORD = re.compile(r"\w+", re.UNICODE)
_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’-]+")
# Case endings cut from longer query words before the prefix star.
_ENDING = re.compile(r"(ima|ama|om|em|oj|u|a|e|i)$")


def fold(word: str) -> str:
    """The form FTS5 indexes: the store's indexed copy of the word
    (:func:`storyline.store.sqlite.search_text`: đ as d) in lower case
    without diacritics (``unicode61 remove_diacritics 2``).

    Deliberately not :func:`storyline.link.names.fold`: a query word must
    stay what FTS5's ``unicode61`` tokenizer stores (Cyrillic stays Cyrillic,
    "j" stays "j"), while the linking key unifies transliterations that the
    index does not."""
    return strip_marks(search_text(word).lower())


def stem(word: str) -> str:
    w = fold(word)
    if len(w) > MIN_STEM + 1:
        w = _ENDING.sub("", w) if len(_ENDING.sub("", w)) >= MIN_STEM else w
    return w[:STEM_LETTERS]


# Names of one place looked for at most (a city has dozens of alternate names).
MAX_PLACE_NAMES = 12


@cache
def entity_names(entity_id: str) -> list[str]:
    """Words that name an entity in any language, from its id: a place's
    gazetteer names ("e-loc-geo-170063" -> Aleppo, Alep, Halab, ...), else
    the surname or last word of its folded name. Returned as search stems."""
    from ..link.names import names_of

    m = re.fullmatch(r"e-loc-(geo|country)-(\w+)", entity_id)
    if m:
        key = f"{m.group(1)}:{m.group(2).upper() if m.group(1) == 'country' else m.group(2)}"
        entries = names_of(key)
        english = [p.english for _, p in entries[:1]]
        latin = [n for n, _ in entries if " " not in n and len(n) >= MIN_STEM and not n.isupper() and _LATIN.fullmatch(n)]
        if m.group(1) == "geo" and english:
            # A city's alternate names include old and foreign ones ("Berea",
            # "Halab"); keep those that begin like its English name.
            latin = [n for n in latin if fold(n)[:2] == fold(english[0])[:2]]
        # Shortest stems first; a name whose stem a kept one begins is covered by
        # it ("alep"* finds "Aleppo", "Alepa", "Alepu").
        kept: list[str] = []
        # Names decline with a fleeting vowel ("Egipat" -> "Egipta"): two letters
        # fewer, at least MIN_STEM, meet those forms too.
        stems = {stem(n)[: max(MIN_STEM, len(stem(n)) - 2)] for n in english + latin}
        for st in sorted(stems, key=lambda x: (len(x), x)):
            if not any(st.startswith(k) for k in kept):
                kept.append(st)
        return kept[:MAX_PLACE_NAMES]
    words = entity_id.split("-")[2:]
    return [words[-1]] if words else []


def match_query(q: str, entity: str | None = None, aliases: Sequence[str] = ()) -> str | None:
    """An FTS5 MATCH string for the words of ``q`` (all must occur) and, with
    ``entity``, one of the entity's names (``aliases``: its spellings in a
    story, searched too); None without words."""
    words = list(dict.fromkeys(query_words(q)))  # all must occur: a repeated word adds nothing
    parts = []
    for w in words:
        # A place's name finds it under its names in other languages too ("Aleppo" -> "Alepu").
        alternatives = dict.fromkeys([stem(w), *_place_stems(w)])
        parts.append(f'"{stem(w)}"*' if len(alternatives) == 1 else "(" + " OR ".join(f'"{a}"*' for a in alternatives) + ")")
    if entity:
        names = [stem(n) for n in entity_names(entity)] + [stem(w) for a in aliases for w in _WORD.findall(a)[-1:]]
        if names:
            parts.append("(" + " OR ".join(f'"{n}"*' for n in dict.fromkeys(names)) + ")")
    return " AND ".join(parts) if parts else None


def query_words(q: str) -> list[str]:
    """The words of a query, in order, repeats included."""
    return [w for w in _WORD.findall(q) if w.strip("_")]


def _place_stems(word: str) -> list[str]:
    from ..link.names import place_of

    place = place_of(word[:1].upper() + word[1:])
    if place is None:
        return []
    kind, _, code = place.key.partition(":")
    return entity_names(f"e-loc-{kind}-{code.lower()}")


def highlights(text: str, q: str, limit: int = 3, width: int = 80) -> list[tuple[int, int]]:
    """Where the query's words occur in ``text`` (original offsets), at most ``limit``."""
    stems = list(dict.fromkeys(x for w in dict.fromkeys(_WORD.findall(q)) for x in (stem(w), *_place_stems(w))))
    out = []
    for m in _WORD.finditer(text):
        if any(fold(m.group()).startswith(s) for s in stems if s):
            out.append((m.start(), m.end()))
            if len(out) >= limit:
                break
    return out
