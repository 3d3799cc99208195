"""One lemma helper for every extractor: the caller says whether case matters."""

from __future__ import annotations

from storyline.extract.lemmas import is_common_word, is_known_word, lemma


def test_lower_casing_is_the_callers_choice() -> None:
    # Lower-cased first, a German noun reads as a form of the verb "hausen";
    # as written it stays the noun (the generic name layer asks so).
    assert lemma("Haus", "de") == "hausen"
    assert lemma("Haus", "de", lower=False) == "Haus"
    assert lemma("Rekla", "hr") == lemma("rekla", "hr") == "reći"


def test_a_language_simplemma_lacks_gives_the_word_in_the_case_asked() -> None:
    assert lemma("Hallo", "xx") == "hallo"
    assert lemma("Hallo", "xx", lower=False) == "Hallo"
    assert not is_known_word("Hallo", "xx") and not is_common_word("Hallo", "xx")


def test_known_words_as_written_or_lower_cased() -> None:
    assert is_known_word("NATO", "en", lower=False)
    assert not is_known_word("NATO", "en")  # "nato" is no English word
    assert is_known_word("ZAGREBA", "hr") and not is_known_word("ZAGREBA", "hr", lower=False)


def test_serbian_and_bosnian_use_the_shared_dictionary() -> None:
    assert lemma("kazala", "sr") == lemma("kazala", "bs") == lemma("kazala", "hr") == "kazati"
    assert is_common_word("Nakon", "bs")
