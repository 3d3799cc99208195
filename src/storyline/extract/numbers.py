"""Numbers in text: digits in each language's notation, number words, scales
("4,5 tisuća", "4.5 million"), and approximate collectives ("desetak",
"tens of thousands") read as ranges. Words live in ``lang/<code>/numbers.toml``.

Which of "," and "." is the decimal sign comes from CLDR (babel) when a
language's file does not say: "4,5 Tausend" is 4500 in German, "4.5
million" 4.5 million in English, without a word list per language. A
language's file is checked against :data:`KEYS`, so a misspelt key fails
loading instead of silently giving an empty table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from ..lang import check_keys, load, load_or_english
from .tokens import Token

# The keys a numbers.toml may have (a misspelt one is an error, not an empty list).
KEYS = frozenset({"decimal_comma", "words", "scales", "approximate", "articles"})


@cache
def cldr_decimal_comma(language: str) -> bool:
    """Whether the language writes "4,5" for four and a half (CLDR, via babel);
    False for a language babel does not know."""
    try:
        from babel.numbers import get_decimal_symbol

        return get_decimal_symbol(language) == ","
    except Exception:  # babel raises UnknownLocaleError / ValueError for unknown codes
        return False


@dataclass(frozen=True)
class NumberWords:
    decimal_comma: bool
    words: dict[str, int]
    scales: dict[str, int]
    approximate: dict[tuple[str, ...], tuple[int, int]]
    articles: frozenset[str] = frozenset()  # "a million": one of the scale

    @cached_property
    def approximate_longest_first(self) -> tuple[tuple[tuple[str, ...], tuple[int, int]], ...]:
        return tuple(sorted(self.approximate.items(), key=lambda kv: -len(kv[0])))

    @cached_property
    def approximate_by_first(self) -> dict[str, tuple[tuple[tuple[str, ...], tuple[int, int]], ...]]:
        """:attr:`approximate_longest_first` by first word: a token is tried
        only against the collectives it can open (most tokens: none)."""
        out: dict[str, list[tuple[tuple[str, ...], tuple[int, int]]]] = {}
        for key, span in self.approximate_longest_first:
            out.setdefault(key[0], []).append((key, span))
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def openers(self) -> frozenset[str]:
        """Every word a number can start with (digits aside)."""
        return frozenset(self.words) | frozenset(self.scales) | {k[0] for k in self.approximate} | self.articles


@cache
def number_words(language: str) -> NumberWords:
    own = load(language, "numbers")
    data = load_or_english(language, "numbers")
    check_keys(data, KEYS, f"lang/{language}/numbers.toml")
    # The language's own word, else CLDR's: a language with no file still
    # reads "4,5" and "12.000" in its own notation (English words aside).
    decimal_comma = own["decimal_comma"] if "decimal_comma" in own else cldr_decimal_comma(language)
    return NumberWords(
        decimal_comma=bool(decimal_comma),
        words={k.lower(): int(v) for k, v in data.get("words", {}).items()},
        scales={k.lower(): int(v) for k, v in data.get("scales", {}).items()},
        approximate={tuple(k.lower().split("_")): (int(v[0]), int(v[1])) for k, v in data.get("approximate", {}).items()},
        articles=frozenset(data.get("articles", [])),
    )


@dataclass(frozen=True, slots=True)
class Number:
    value: float | None  # a point value
    low: float | None  # a range (approximate collectives)
    high: float | None
    start: int  # token index of the first token
    end: int  # token index after the last token
    approximate: bool = False


_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")


def parse_digits(text: str, decimal_comma: bool) -> float | None:
    """"4.500" and "4,5" in Croatian; "4,500" and "4.5" in English."""
    if _THOUSANDS_DOT.match(text) and decimal_comma:
        return float(text.replace(".", ""))
    if _THOUSANDS_COMMA.match(text) and not decimal_comma:
        return float(text.replace(",", ""))
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def read_number(toks: list[Token], i: int, language: str, low_words: list[str] | None = None) -> Number | None:
    """The number that starts at token ``i``, or None. ``low_words``: the
    tokens lower-cased, when the caller has them (it reads many positions)."""
    nw = number_words(language)
    first = toks[i].text
    if not first[0].isdigit() and first.lower() not in nw.openers and "-" not in first:
        return None
    if low_words is None:
        low_words = [t.text.lower() for t in toks]
    # Approximate collectives, maybe multiplied by a scale: "desetak tisuća", "tens of thousands".
    for key, (lo, hi) in nw.approximate_by_first.get(low_words[i], ()):
        if tuple(low_words[i : i + len(key)]) == key:
            j = i + len(key)
            if j < len(toks) and low_words[j] == "of":
                j += 1
            scale = nw.scales.get(low_words[j]) if j < len(toks) else None
            if scale:
                return Number(None, lo * scale, hi * scale, i, j + 1, True)
            return Number(None, lo, hi, i, i + len(key), True)
    tok = toks[i]
    value: float | None = None
    j = i
    if tok.text[0].isdigit():
        value = parse_digits(tok.text, nw.decimal_comma)
        j = i + 1
        # "4 500": a space as thousands separator.
        while j < len(toks) and re.fullmatch(r"\d{3}", toks[j].text) and toks[j].start - toks[j - 1].end == 1 and value is not None and value < 1000:
            value = value * 1000 + float(toks[j].text)
            j += 1
    elif "-" in low_words[i] and all(p in nw.words for p in low_words[i].split("-")):
        value = float(sum(nw.words[p] for p in low_words[i].split("-")))  # "twenty-five"
        j = i + 1
    elif low_words[i] in nw.articles and i + 1 < len(toks) and low_words[i + 1] in nw.scales:
        value, j = 1.0, i + 1  # "a million people"
    elif low_words[i] in nw.scales and (i == 0 or low_words[i - 1] not in nw.words):
        value, j = 1.0, i  # "milijun ljudi", "million people": the scale alone is one of it
    elif low_words[i] in nw.words and low_words[i] != "a":
        value = 0.0
        while j < len(toks) and low_words[j] in nw.words:
            value += nw.words[low_words[j]]
            j += 1
            if j < len(toks) and low_words[j] in ("i", "and", "-") and j + 1 < len(toks) and low_words[j + 1] in nw.words:
                j += 1
    if value is None:
        return None
    # Scales: "4,5 tisuća", "4.5 million", "two hundred thousand".
    while j < len(toks) and low_words[j] in nw.scales:
        value *= nw.scales[low_words[j]]
        j += 1
    return Number(value, None, None, i, j)
