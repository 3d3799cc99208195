"""The generic name layer (entities.generic.v1) for languages without rules of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.api import text_document
from storyline.extract import backend_for
from storyline.extract.generic import GenericRecognizer, LanguageDataError, validate


def names(text: str, language: str) -> list[tuple[str, str]]:
    doc = text_document(text, id="t", language=language)
    found = GenericRecognizer().recognise(doc, [(0, len(text))], language)
    return [(text[m.start : m.end], m.type) for m in found]


def test_languages_without_rules_get_the_generic_layer() -> None:
    assert backend_for("de") == backend_for("es") == backend_for("sw") == "entities.generic.v1"
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


@pytest.mark.parametrize(
    ("words", "language", "nominative"),
    [
        ("Николая Шульгина", "ru", "Николай Шульгин"),
        ("Олега Баранова", "ru", "Олег Баранов"),
        ("Ивана Кляйна", "ru", "Иван Кляйн"),  # a foreign surname: no dictionary knows it
        ("Анны Петровой", "ru", "Анна Петрова"),
        ("Сергею Лавровскому", "ru", "Сергей Лавровский"),
        ("Игорем Мельниковым", "ru", "Игорь Мельников"),
        ("Юлии Навальной", "ru", "Юлия Навальная"),
        # Nominatives stay: a woman's name that looks like a man's genitive, a given name that is a month's genitive.
        ("Людмила Орлова", "ru", "Людмила Орлова"),
        ("Марта Кос", "ru", "Марта Кос"),
        ("Алексей Миллер", "ru", "Алексей Миллер"),
        ("Олега Петренка", "uk", "Олег Петренко"),
        ("Ольги Петрової", "uk", "Ольга Петрова"),
    ],
)
def test_russian_and_ukrainian_names_come_back_to_the_nominative(words: str, language: str, nominative: str) -> None:
    from storyline.extract.generic import nominative_person

    assert " ".join(nominative_person(tuple(words.split()), language)) == nominative


def test_a_person_in_the_genitive_gets_the_nominative_as_canonical_name() -> None:
    text = "Журналисты расспросили министра финансов Антона Крылова о бюджете."
    doc = text_document(text, id="t", language="ru")
    found = GenericRecognizer().recognise(doc, [(0, len(text))], "ru")
    assert [(m.type, m.canonical) for m in found] == [("person", "Антон Крылов")]


def test_a_malformed_ending_fails() -> None:
    from storyline.extract.generic import _endings

    with pytest.raises(LanguageDataError, match="oblique>nominative"):
        _endings(["ова-ов"])


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # An acronym is an organisation unless it names a country.
        ("El director de la OMS, Tedros Adhanom, advirtió del riesgo.", "es", {("OMS", "organization"), ("Tedros Adhanom", "person")}),
        # A lower-case particle never opens a person's name.
        ("El Ministerio de Sanidad informó. La Policía Local de Alicante detuvo a tres jóvenes.", "es", {("Ministerio de Sanidad", "organization"), ("Policía Local de Alicante", "organization")}),
        # "y" joins two names, it does not stand inside one; a country opening the sentence is a name.
        ("Francia y Alemania firmaron el acuerdo con Portugal.", "es", {("Francia", "location"), ("Alemania", "location"), ("Portugal", "location")}),
        # A department after a title is no person.
        ("Dijo el consejero de Medio Rural, Alfonso Vidal.", "es", {("Alfonso Vidal", "person")}),
        # A name no dictionary knows, after "in", is a place; a head before a place is an organisation.
        ("Der Sprecher der Polizei Hamburg sagte, es sei ruhig.", "de", {("Polizei Hamburg", "organization")}),
        ("Губернатор Ростовской области прибыл в Кузбасс.", "ru", {("Ростовской области", "location"), ("Кузбасс", "location")}),
        ("Глава Сбербанка и представитель Евросоюза встретились.", "ru", {("Сбербанка", "organization"), ("Евросоюза", "organization")}),
        ("Представитель ВОЗ Татьяна Лебедева выступила.", "ru", {("ВОЗ", "organization"), ("Татьяна Лебедева", "person")}),
    ],
)
def test_typing_from_context(text: str, language: str, expected: set[tuple[str, str]]) -> None:
    assert {(s, t) for s, t in names(text, language) if t != "other"} == expected


def test_russian_model_is_used_when_installed_and_generic_otherwise() -> None:
    from storyline.backends.ru_slovnet import installed
    from storyline.lang.capabilities import capability

    if installed():
        assert backend_for("ru") == "entities.slovnet_ru.v1"
        assert capability("ru").entities == "model"
    else:
        assert backend_for("ru") == "entities.generic.v1"
        assert capability("ru").entities == "generic"


def test_a_place_is_named_by_its_dictionary_form_in_its_own_script() -> None:
    text = "Губернатор прибыл в Омск. Мэр Омска выступил."
    doc = text_document(text, id="t", language="ru")
    found = GenericRecognizer().recognise(doc, [(0, 25), (26, len(text))], "ru")
    assert [(text[m.start : m.end], m.canonical) for m in found if m.type == "location"] == [("Омск", "Омск"), ("Омска", "Омск")]


def test_an_empty_run_and_a_given_name_with_a_particle() -> None:
    from storyline.extract.generic import _split_at_person

    assert _split_at_person([], "de") == [[]]
    found = dict(names("Le Premier ministre belge, Alexander De Croo, a rencontré les syndicats.", "fr"))
    assert found.get("Alexander De Croo") == "person"
    found = dict(names("Заявил президент Казахстана Касым-Жомарт Токаев.", "ru"))
    assert found.get("Касым-Жомарт Токаев") == "person" and found.get("Казахстана") == "location"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A state the gazetteer lacks, known to the dictionary as a noun, in the genitive too.
        ("Die Bundeswehr schickt Soldaten nach Thüringen und in den Süden Bayerns.",
         {("Bundeswehr", "organization"), ("Thüringen", "location"), ("Bayerns", "location")}),
        # A prefix and a body make one organisation; the body's name goes on with "für ... und ...".
        ("Das Bundesamt für Migration und Flüchtlinge und die Weltgesundheitsorganisation warnten.",
         {("Bundesamt für Migration und Flüchtlinge", "organization"), ("Weltgesundheitsorganisation", "organization")}),
        # The noun before a name says what it names.
        ("Die Gewerkschaft Verdi und der Autobauer Volkswagen stritten im Landkreis Emsland.",
         {("Verdi", "organization"), ("Volkswagen", "organization"), ("Emsland", "location")}),
        ("Der Stahlkonzern Salzgitter und der Fußballverein Hertha BSC einigten sich.",
         {("Salzgitter", "organization"), ("Hertha BSC", "organization")}),
        # An inflected adjective right before an organisation head; an acronym opening a body's name.
        ("Laut der Deutschen Presse-Agentur haben die Vereinten Nationen und die IG Metall protestiert.",
         {("Deutschen Presse-Agentur", "organization"), ("Vereinten Nationen", "organization"), ("IG Metall", "organization")}),
        # The point of a title's abbreviation ends no sentence; a small town of the language's countries is a place.
        ("Prof. Dr. Helga Brandstätter sprach in Kitzbühel.", {("Helga Brandstätter", "person"), ("Kitzbühel", "location")}),
        # The town of a mayor, though no list has it.
        ("Der Bürgermeister von Ahrweiler bat um Hilfe.", {("Ahrweiler", "location")}),
    ],
)
def test_german_names_from_data(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(s, t) for s, t in names(text, "de") if t != "other"} == expected


@pytest.mark.parametrize(
    "text",
    [
        # Compounds of the prefix that are no bodies, and a title.
        "Im Bundesland gibt es viele Bundesstraßen, sagte der Bundeskanzler zur Weltmeisterschaft.",
        "Am Bundesfeiertag und am Weltfrauentag wuchs der Bundesapparat nicht.",
        # Declined or plural common nouns after a noun that introduces a name.
        "Das Unternehmen Millionen zu zahlen, hielt die Partei Stimmen kostend, die Stadt Wasser sparend für falsch.",
        # A town that is a noun first ("Regen"), a plural that is a town ("Bünde").
        "Nach tagelangem Regen trafen sich die Bünde der Vereine.",
    ],
)
def test_german_common_nouns_stay_out(text: str) -> None:
    assert [(s, t) for s, t in names(text, "de") if t != "other"] == []


def test_small_places_are_read_from_a_per_machine_copy_with_the_same_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The German layer's small-town list is kept in the user cache (issue 17):
    the copy holds the names read from GeoNames, is what a later process reads,
    and a broken copy or a cache that cannot be written gives the same names."""
    import marshal

    from storyline.extract import generic

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    generic.small_places.cache_clear()
    try:
        built = generic._build_small_places(("AT", "CH", "DE"))
        assert len(built) > 5_000 and {"Kitzbühel", "Meißen", "Meissen", "Zermatt", "Bünde"} <= built
        assert "Lyon" not in built and "Ljubljana" not in built
        assert generic.small_places("de") == built  # no copy yet: built, and written
        (copy,) = (tmp_path / "cache" / "storyline").glob("small-places-*.marshal")
        assert marshal.loads(copy.read_bytes()) == built

        copy.write_bytes(marshal.dumps(frozenset({"Nirgendwo"})))  # a later process reads the copy
        generic.small_places.cache_clear()
        assert generic.small_places("de") == {"Nirgendwo"}

        copy.write_bytes(b"\x00not marshal")  # a broken copy: built again and rewritten
        generic.small_places.cache_clear()
        assert generic.small_places("de") == built and marshal.loads(copy.read_bytes()) == built

        monkeypatch.setenv("XDG_CACHE_HOME", str(copy))  # a file: no cache folder can be made under it
        generic.small_places.cache_clear()
        assert generic.small_places("de") == built
        assert generic.small_places("fr") == frozenset()  # no own countries in the data
    finally:
        generic.small_places.cache_clear()


@pytest.mark.parametrize(
    ("text", "language", "person"),
    [
        # A capitalised particle after a known given name, or after one name behind a person's title.
        ("Hier soir, Gaëlle Le Corre a remporté le premier tour.", "fr", "Gaëlle Le Corre"),
        ("Le sénateur Ewen Le Cam a quitté la séance.", "fr", "Ewen Le Cam"),
        ("Selon la juge, Pierre Du Pontavice aurait menti.", "fr", "Pierre Du Pontavice"),
        ("Die Sängerin Anna Van Dijk tritt in Köln auf.", "de", "Anna Van Dijk"),
        # Hyphenated given names: a person when each part is a given name.
        ("Jean-Baptiste Carrel a présenté sa démission mardi.", "fr", "Jean-Baptiste Carrel"),
        ("Marie-Claire Fontenay dirige le chantier depuis mars.", "fr", "Marie-Claire Fontenay"),
        ("Gestern sprach Hans-Peter Lindemann in Erfurt.", "de", "Hans-Peter Lindemann"),
    ],
)
def test_surname_particles_and_hyphenated_given_names_make_one_person(text: str, language: str, person: str) -> None:
    assert (person, "person") in names(text, language)


@pytest.mark.parametrize(
    ("text", "kept_out"),
    [
        ("Le Monde a publié l'enquête dimanche.", "Le Monde"),  # opening the sentence: an article
        ("Il vit à Paris Le Parisien l'a confirmé.", "Paris Le Parisien"),  # after a place that is also a given name
        ("Le train pour Lyon Le Progrès a relayé l'appel.", "Lyon Le Progrès"),  # after a place
        ("Elle a parlé à Martin. Le Conseil a voté.", "Martin. Le Conseil"),  # another sentence
    ],
)
def test_a_capitalised_particle_joins_no_place_and_no_sentence_start(text: str, kept_out: str) -> None:
    found = [name for name, _ in names(text, "fr")]
    assert kept_out not in found and not any(name.endswith(" Le") for name in found)


def test_a_hyphenated_word_with_a_part_no_given_name_is_no_person() -> None:
    assert ("Saint-Nazaire Atlantique", "person") not in names("Le club de Saint-Nazaire Atlantique a gagné.", "fr")


def test_an_article_right_after_a_name_ends_it() -> None:
    """"à Bruxelles le Premier ministre": the article ends the place; after
    another particle it stays inside ("Jean de la Fontaine")."""
    found = names("Reçu à Bruxelles le Premier ministre a défendu la réforme.", "fr")
    assert ("Bruxelles", "location") in found and not any(" le " in name for name, _ in found)
    assert ("Jean de la Fontaine", "person") in names("Hier, on a relu Jean de la Fontaine à Reims.", "fr")
