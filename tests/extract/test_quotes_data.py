"""quotes.toml is read by the one reader of word lists (lang.read_table):
word lists lower-cased, title abbreviations as written, a misspelt key refused."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.extract import quotes
from storyline.lang import languages_with


def _read(monkeypatch: pytest.MonkeyPatch, data: dict[str, Any]) -> quotes.QuoteWords:
    monkeypatch.setattr(quotes, "load_or_english", lambda language, name: data)
    return quotes.quote_words.__wrapped__("xx")


def test_a_misspelt_key_fails_instead_of_dropping_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="verb_lemas"):
        _read(monkeypatch, {"verb_lemas": ["izjaviti"]})


def test_word_lists_lower_cased_phrases_split_abbreviations_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    qw = _read(
        monkeypatch,
        {
            "verb_forms": ["Declared", "noted"],
            "feminine_endings": ["la", "Ла"],
            "title_abbreviations": ["Dr.", "Gov."],
            "source_phrases": ["per", "as reported by", "according to"],
            "opening_source_phrases": ["for", "in the view of"],
            "pronoun_source_phrases": {"in her words": "f"},
            "inverted_pronouns": {"-il": "m", "-t-elle": "f"},
            "pronoun_gender": {"she": "f"},
            "drops_subjects": True,
        },
    )
    assert qw.verb_forms == frozenset({"declared", "noted"})
    assert qw.feminine_endings == ("la", "Ла")  # a tuple of endings stays as written
    assert qw.title_abbreviations == frozenset({"Dr.", "Gov."})
    assert qw.source_phrases == (("as", "reported", "by"), ("according", "to"), ("per",))  # longest first
    assert qw.opening_phrases == (("for",), ("in", "the", "view", "of"))  # the file's order
    assert qw.pronoun_sources == {("in", "her", "words"): "f"}
    assert qw.inverted_pronouns == (("-t-elle", "f"), ("-il", "m"))
    assert qw.pronoun_gender == {"she": "f"} and qw.drops_subjects
    assert qw.comma_clause_markers == frozenset() and qw.plural_verb_endings == ()


@pytest.mark.parametrize("language", [*languages_with("quotes"), "xx"])
def test_every_languages_file_reads(language: str) -> None:
    qw = quotes.quote_words(language)
    assert qw.verb_lemmas or qw.verb_forms
