"""Word tokens with offsets, for the rule-based extractors.

Numbers keep their separators ("4,5", "4.500", "4 500" is two tokens and is
joined by the figure parser), words keep inner hyphens and apostrophes
("UN-a", "al-Asad", "O'Brien").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|\S", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_acronym(self) -> bool:
        """All capitals, two letters or more, maybe with a case ending: NATO, UN-a, BiH."""
        head = self.text.split("-")[0]
        caps = sum(c.isupper() for c in head)
        return len(head) >= 2 and head[0].isupper() and caps >= 2 and caps >= len(head) - 1 and head.isalpha()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    # The extractors read each sentence in turn (entities, times, quotes,
    # figures): its tokens are made once. Tokens are frozen; the list is the caller's own.
    return list(_tokens(text, offset))


@lru_cache(maxsize=4096)
def _tokens(text: str, offset: int) -> tuple[Token, ...]:
    return tuple(Token(m.group(), m.start() + offset, m.end() + offset) for m in TOKEN.finditer(text))
