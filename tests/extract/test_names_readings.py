"""Given-name readings decided by evidence (issue 12): one person, one
nominative, whatever the case; a Russian "Aleksandr" only where the
document says so. Names and sentences are our own."""

from __future__ import annotations

import pytest

from storyline.extract.gazetteer import given_name_frequency, listed_given_name
from storyline.extract.names import _pinned, candidates, canonical
from storyline.extract.translit import to_latin

REGION = ("croatia", "bosniaand", "serbia", "montenegro")
# Every case of a man's name with a fleeting a, and of a -ko name with an -ac surname.
CASES = {
    "Aleksandar Kovačević": ["Aleksandra Kovačevića", "Aleksandru Kovačeviću", "Aleksandrom Kovačevićem"],
    "Petar Matić": ["Petra Matića", "Petru Matiću", "Petrom Matićem"],
    # ("Dimitra Petkova" could be a woman's name in the nominative: not here.)
    "Dimitar Lukić": ["Dimitra Lukića", "Dimitru Lukiću", "Dimitrom Lukićem"],
    "Darko Radovac": ["Darka Radovca", "Darku Radovcu", "Darkom Radovcem"],
    "Marko Zubac": ["Marka Zubca", "Marku Zubcu", "Markom Zubcem"],
}


@pytest.mark.parametrize("language", ["hr", "sr", "bs"])
@pytest.mark.parametrize("nominative", sorted(CASES))
def test_one_nominative_across_cases(language: str, nominative: str) -> None:
    for form in CASES[nominative]:
        assert canonical(form.split(), language, kind="person") == nominative, form


def test_cyrillic_forms_read_as_their_latin() -> None:
    for form in ("Александром Поповићем", "Александру Поповићу", "Александра Поповића"):
        assert canonical(to_latin(form).text.split(), "sr", kind="person") == "Aleksandar Popović", form


def test_the_document_decides_for_a_russian_name() -> None:
    words = ["Aleksandrom", "Beljakovom"]
    # Without evidence: the name common in the region's countries.
    assert canonical(words, "hr", kind="person") == "Aleksandar Beljakov"
    # The nominative written elsewhere in the document decides.
    assert canonical(words, "hr", kind="person", attested={"Aleksandr", "Beljakov"}) == "Aleksandr Beljakov"
    assert canonical(["Aleksandru", "Beljakovu"], "sr", kind="person", attested={"Aleksandr"}) == "Aleksandr Beljakov"
    assert canonical(["Petrom", "Novakom"], "hr", kind="person", attested={"Petr"}) == "Petr Novak"
    assert canonical(["Petrom", "Grgićem"], "hr", kind="person", attested={"Petar", "Grgić"}) == "Petar Grgić"


def test_only_a_form_of_one_reading_pins_it() -> None:
    readings = ["Aleksandar", "Aleksandr"]
    # The genitive "Aleksandra" is a form of both: no decision.
    assert _pinned(readings, "Aleksandrom", {"Aleksandra"}, "hr") is None
    assert _pinned(readings, "Aleksandrom", {"Aleksandar"}, "hr") == "Aleksandar"
    # Both nominatives written (two people): no decision either.
    assert _pinned(readings, "Aleksandrom", {"Aleksandar", "Aleksandr"}, "hr") is None


def test_women_keep_their_names() -> None:
    # A woman's surname does not decline: the given name is hers, in its nominative.
    assert canonical(["Aleksandrom", "Jurić"], "hr", kind="person") == "Aleksandra Jurić"
    assert canonical(["Gordanu", "Perić"], "bs", kind="person") == "Gordana Perić"
    assert canonical(["Dragana", "Nikolić"], "hr", kind="person") == "Dragana Nikolić"
    # A foreign man's name that is a nominative as written stays ("Petru", Romanian).
    assert canonical(["Petru", "Lazăr"], "hr", kind="person") == "Petru Lazăr"


def test_ko_names_and_enko_surnames() -> None:
    assert canonical(["Zvonku", "Šariću"], "hr", kind="person") == "Zvonko Šarić"
    assert canonical(["Viktorom", "Tkačenkom"], "hr", kind="person", preposition="s") == "Viktor Tkačenko"
    assert canonical(["Tarasu", "Bondarenku"], "sr", kind="person") == "Taras Bondarenko"
    # -enko is a surname ending: "Frenka" is Frenk's genitive (Frank).
    assert canonical(["Frenka", "Viznera"], "sr", kind="person") == "Frenk Vizner"


def test_no_nominative_ends_in_an_impossible_cluster() -> None:
    assert "Radovc" not in {c.form for c in candidates("Radovca", "hr")}
    assert canonical(["Divca"], "sr", kind="person") == "Divac"
    # Loan names in consonant + c keep theirs.
    assert canonical(["Franca", "Kranjca"], "hr", kind="person") == "Franc Kranjc"


def test_possessive_declension_of_slavic_surnames() -> None:
    # "sa Plamenom Galevim": instrumental, not the plural adjective "Galevi".
    assert canonical(["Plamenom", "Galevim"], "sr", kind="person", preposition="sa") == "Plamen Galev"
    assert canonical(["Angelom", "Hristovim"], "hr", kind="person", preposition="s") == "Angel Hristov"


def test_given_name_frequency_by_country() -> None:
    assert given_name_frequency("Aleksandar", REGION) > given_name_frequency("Aleksandr", REGION)
    assert given_name_frequency("Aleksandr", ("russia",)) > given_name_frequency("Aleksandar", ("russia",))
    assert given_name_frequency("Marko", REGION) > given_name_frequency("Mark", REGION)
    assert given_name_frequency("Xqzw", REGION) == 0
    assert listed_given_name("Petru") and not listed_given_name("Aleksandrom")


def test_pipeline_keys_one_person_across_cases_and_scripts() -> None:
    from storyline.extract.entities import get_recognizer
    from storyline.records import Document

    rec = get_recognizer("entities.hbs.v1")
    texts = {
        "hr": "Ministar se u Splitu sastao s Aleksandrom Kovačevićem, direktorom brodogradilišta.",
        "sr": "Министар се у Нишу састао са Александром Ковачевићем, директором фабрике.",
    }
    for language, text in texts.items():
        doc = Document(id=language, text=text, language=language)
        people = [m.canonical for m in rec.recognise(doc, [(0, len(text))], language) if m.type == "person"]
        assert people == ["Aleksandar Kovačević"], (language, people)
