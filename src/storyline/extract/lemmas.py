"""Word-level language knowledge shared by the extractors: lemmas (simplemma),
dictionary membership, function words and verbs."""

from __future__ import annotations

from functools import cache

from ..lang import load, word_set
from ..lang.dictionaries import cached_simplemma_dictionaries as _dictionary_cache

# simplemma's code for Croatian, Serbian and Bosnian together.
SIMPLEMMA_CODES = {"hr": "hbs", "sr": "hbs", "bs": "hbs", "sh": "hbs"}


def simplemma_code(language: str) -> str:
    """simplemma's code for the language ("hbs" for hr, sr, bs)."""
    return SIMPLEMMA_CODES.get(language, language)


@cache
def lemma(word: str, language: str, *, lower: bool = True) -> str:
    """Dictionary form of a word, via simplemma; the word itself for a
    language simplemma does not know.

    The caller says whether case matters. ``lower`` (the default, for the
    extractors that compare lemmas with their lower-case word lists)
    lemmatises the lower-cased word: "Rekla" reads as "rekla" -> "reći".
    ``lower=False`` (the generic name layer, where a capital is evidence)
    lemmatises the word as written: German "Haus" stays the noun "Haus",
    where "haus" is read as a form of the verb "hausen". One cache serves
    both."""
    import simplemma

    _dictionary_cache()
    key = word.lower() if lower else word
    try:
        return simplemma.lemmatize(key, lang=simplemma_code(language))
    except ValueError:  # a language simplemma does not know
        return key


@cache
def is_common_word(word: str, language: str) -> bool:
    """True for a capitalised word that is an ordinary word in lower case ("Ali", "Nakon")."""
    return is_known_word(word, language) or lemma(word, language) != word.lower()


@cache
def is_known_word(word: str, language: str, *, lower: bool = True) -> bool:
    """In the lemmatiser's dictionary (strict: no guessing): as a lower-case
    word (the default), or exactly as written (``lower=False``: "NATO" is
    known in English as written, "nato" is not)."""
    import simplemma

    _dictionary_cache()
    try:
        return simplemma.is_known(word.lower() if lower else word, lang=simplemma_code(language))
    except ValueError:  # a language simplemma does not cover: nothing is known
        return False


@cache
def is_verb(word: str, language: str) -> bool:
    """A finite or infinitive verb form, by its lemma (Croatian infinitives end in -ti, -ći)."""
    lem = lemma(word, language)
    return word.lower() in function_words(language) or (lem != word.lower() and lem.endswith(("ti", "ći")))


@cache
def function_words(language: str) -> frozenset[str]:
    return word_set(load(language, "anatomy"), "function_words")


def one_of(word: str, words: frozenset[str], language: str) -> str | None:
    """The entry of ``words`` (lemmas, lower case) that the word is a form of, or None.

    simplemma reads some inflected nouns as another word ("križa" as the verb
    "križati"), so a form with its one-letter case ending cut off counts too.
    """
    low = word.lower()
    if low in words:
        return low
    lem = lemma(word, language)
    if lem in words:
        return lem
    if len(low) > 4 and low[-1] in "aeiu" and low[:-1] in words:
        return low[:-1]
    return None


def is_one_of(word: str, words: frozenset[str], language: str) -> bool:
    return one_of(word, words, language) is not None
