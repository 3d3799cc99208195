"""The generic name layer (entities.generic.v1) for languages without rules of their own."""

from __future__ import annotations

import pytest

from storyline.api import text_document
from storyline.extract import backend_for
from storyline.extract.generic import GenericRecognizer, LanguageDataError, validate


def names(text: str, language: str) -> list[tuple[str, str]]:
    doc = text_document(text, id="t", language=language)
    found = GenericRecognizer().recognise(doc, [(0, len(text))], language)
    return [(text[m.start : m.end], m.type) for m in found]


def test_languages_without_rules_get_the_generic_layer() -> None:
    assert backend_for("de") == backend_for("ru") == backend_for("sw") == "entities.generic.v1"
    assert backend_for("hr") == "entities.hbs.v1" and backend_for("en") == "entities.spacy.v1"


def test_german_nouns_are_not_names() -> None:
    found = names("Nach dem Wahlwochenende sprach die Parteichefin in Leipzig von Schäden in Millionenhöhe.", "de")
    assert found == [("Leipzig", "location")]


def test_german_capitalised_adjective_marks_a_name() -> None:
    found = dict(names("Gestern kritisierte die Europäische Kommission das Rote Kreuz nicht.", "de"))
    assert found.get("Europäische Kommission") == "organization"
    assert "Rote Kreuz" in found


def test_sentence_initial_ordinary_word_is_not_a_name() -> None:
    assert names("Samedi, la pluie est tombée sur Lyon.", "fr") == [("Lyon", "location")]


def test_russian_inflected_place_and_person() -> None:
    found = dict(names("Вчера губернатор Андрей Белов прибыл в Новосибирске на совещание.", "ru"))
    assert found.get("Андрей Белов") == "person"
    assert found.get("Новосибирске") == "location"


def test_misspelt_data_key_fails() -> None:
    with pytest.raises(LanguageDataError, match="unknown key 'organisaton_heads'"):
        validate({"organisaton_heads": ["x"]}, "lang/xx/generic.toml")
    with pytest.raises(LanguageDataError, match="must be a list"):
        validate({"not_names": "Alle"}, "lang/xx/generic.toml")


@pytest.mark.parametrize("language", ["de", "fr", "ru", "es", "it", "pt", "uk", "common"])
def test_shipped_language_data_is_valid(language: str) -> None:
    from storyline.extract.generic import _read

    validate(_read(language), language)


def test_french_model_is_used_when_installed_and_generic_otherwise() -> None:
    from storyline.backends.spacy_other import installed

    if installed("fr"):
        assert backend_for("fr") == "entities.spacy_fr.v1"
        from storyline.extract import get_recognizer

        doc = text_document("La maire de Nantes, Sophie Garnier, a rencontré Médecins sans frontières.", id="f", language="fr")
        found = {(doc.text[m.start : m.end], m.type) for m in get_recognizer("entities.spacy_fr.v1").recognise(doc, [(0, len(doc.text))], "fr")}
        assert ("Sophie Garnier", "person") in found and ("Nantes", "location") in found
    else:
        assert backend_for("fr") == "entities.generic.v1"
