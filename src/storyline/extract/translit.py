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


def to_latin(text: str) -> Transliteration:
    """Serbian Cyrillic letters to Latin; everything else unchanged.

    A two-letter capital is "Lj" before a lower-case letter or at a word's
    end, "LJ" inside a word in capitals ("ЉУБОВ" -> "LJUBOV")."""
    table = letters()
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        lat = table.get(ch, ch)
        if len(lat) > 1 and ch.isupper():
            nxt = text[i + 1] if i + 1 < len(text) else ""
            prev = text[i - 1] if i else ""
            if nxt.isupper() or (not nxt.isalpha() and prev.isupper()):
                lat = lat.upper()
        out.append(lat)
        origin.extend([i] * len(lat))
    origin.append(len(text))
    return Transliteration("".join(out), tuple(origin))


__all__ = ["Transliteration", "has_cyrillic", "letters", "to_latin"]
