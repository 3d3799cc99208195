"""Serbian Cyrillic to Latin, with a map back to the original characters.

Models and name keys read Latin; evidence must point at the characters the
document really has. ``љ``, ``њ`` and ``џ`` become two letters, so offsets
shift: :class:`Transliteration` keeps, for every Latin character, the index
of the character it came from. The letter table is data
(``lang/common/cyrillic.toml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from ..lang import load

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@cache
def letters() -> dict[str, str]:
    """Cyrillic letter -> Latin, lower and upper case."""
    lower = load("common", "cyrillic")["serbian"]
    table = dict(lower)
    for cyr, lat in lower.items():
        table[cyr.upper()] = lat[0].upper() + lat[1:]
    return table


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


@dataclass(frozen=True, slots=True)
class Transliteration:
    """``text`` in Latin; ``origin[k]`` is the index in the original of the
    character that produced ``text[k]`` (one entry more: the original length)."""

    text: str
    origin: tuple[int, ...]

    def position(self, i: int) -> int:
        """Where original character ``i`` begins in ``text`` (``i`` may be the original length)."""
        return bisect_left(self.origin, i)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the Latin span ``[start, end)`` (``end > start``)."""
        return self.origin[start], self.origin[end - 1] + 1


@cache
def _tables() -> tuple[dict[int, str], re.Pattern[str]]:
    """``str.translate``'s table of every letter (a two-letter capital as
    "Lj"), and a pattern of the letters whose Latin is not one letter."""
    table = letters()
    wide = sorted(c for c, lat in table.items() if len(lat) != 1)
    return {ord(c): lat for c, lat in table.items()}, re.compile("[" + "".join(map(re.escape, wide)) + "]" if wide else "(?!)")


def to_latin(text: str) -> Transliteration:
    """Serbian Cyrillic letters to Latin; everything else unchanged.

    A two-letter capital is "Lj" before a lower-case letter or at a word's
    end, "LJ" inside a word in capitals ("ЉУБОВ" -> "LJUBOV"). One
    ``str.translate`` and the origins of the few letters that are not one
    letter in Latin (a Python step per character cost ~0.1 ms a sentence of
    a Cyrillic article, issue 17)."""
    table = letters()
    full, wide = _tables()
    latin = text.translate(full)
    at = [m.start() for m in wide.finditer(text)]
    if not at:
        return Transliteration(latin, tuple(range(len(text) + 1)))
    origin = list(range(len(text) + 1))
    shift = 0
    for i in at:
        ch, lat = text[i], table[text[i]]
        if ch.isupper():
            nxt = text[i + 1] if i + 1 < len(text) else ""
            prev = text[i - 1] if i else ""
            if nxt.isupper() or (not nxt.isalpha() and prev.isupper()):
                k = i + shift
                latin = latin[:k] + lat.upper() + latin[k + len(lat) :]
        shift += len(lat) - 1
    for i in reversed(at):
        origin[i : i + 1] = [i] * len(table[text[i]])
    return Transliteration(latin, tuple(origin))


__all__ = ["Transliteration", "has_cyrillic", "letters", "to_latin"]
