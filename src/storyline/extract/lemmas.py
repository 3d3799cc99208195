"""Word-level language knowledge shared by the extractors: lemmas (simplemma),
dictionary membership, function words and verbs."""

from __future__ import annotations

from functools import cache

from ..lang import load
from ..lang.dictionaries import cached_simplemma_dictionaries as _dictionary_cache

# simplemma's code for Croatian, Serbian and Bosnian together.
SIMPLEMMA_CODES = {"hr": "hbs", "sr": "hbs", "bs": "hbs", "sh": "hbs"}


@cache
def lemma(word: str, language: str) -> str:
    """Dictionary form of a common word (lower-cased), via simplemma."""
    import simplemma

    _dictionary_cache()
    code = SIMPLEMMA_CODES.get(language, language)
    try:
        return simplemma.lemmatize(word.lower(), lang=code)
    except ValueError:  # a language simplemma does not know
        return word.lower()


@cache
def is_common_word(word: str, language: str) -> bool:
    """True for a capitalised word that is an ordinary word in lower case ("Ali", "Nakon")."""
    import simplemma

    _dictionary_cache()
    code = SIMPLEMMA_CODES.get(language, language)
    low = word.lower()
    try:
        return simplemma.is_known(low, lang=code) or simplemma.lemmatize(low, lang=code) != low
    except ValueError:
        return False


@cache
def is_known_word(word: str, language: str) -> bool:
    """In the lemmatiser's dictionary as a lower-case word (strict: no guessing)."""
    import simplemma

    _dictionary_cache()
    try:
        return simplemma.is_known(word.lower(), lang=SIMPLEMMA_CODES.get(language, language))
    except ValueError:
        return False


@cache
def is_verb(word: str, language: str) -> bool:
    """A finite or infinitive verb form, by its lemma (Croatian infinitives end in -ti, -ći)."""
    lem = lemma(word, language)
    return word.lower() in function_words(language) or (lem != word.lower() and lem.endswith(("ti", "ći")))


@cache
def function_words(language: str) -> frozenset[str]:
    return frozenset(w.lower() for w in load(language, "anatomy").get("function_words", []))


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
