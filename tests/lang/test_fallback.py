"""Serbian and Bosnian read Croatian data with their own differences laid
over it, never English; Serbian data also match Cyrillic text."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.extract.figures import find_figures
from storyline.extract.quotes import is_reporting_verb
from storyline.extract.timex import find_times
from storyline.lang import load, load_or_english, merge, serbian_cyrillic

PUBLISHED = dt.date(2021, 6, 10)


def _times(text: str, language: str) -> list[tuple[str, str | None]]:
    return [(text[t.start : t.end], t.value) for t in find_times(text, 0, len(text), language, PUBLISHED)]


def test_merge_extends_lists_merges_tables_and_replaces_on_request() -> None:
    base = {"verbs": ["reći"], "months": [["a"], ["b"]], "days": {"danas": 0}, "flag": True}
    over = {"verbs": ["kazati", "reći"], "months": [["x"]], "days": {"juče": -1}, "flag": False}
    assert merge(base, over) == {
        "verbs": ["reći", "kazati"],
        "months": [["a", "x"], ["b"]],
        "days": {"danas": 0, "juče": -1},
        "flag": False,
    }
    assert merge(base, {"verbs": ["x"], "replace": ["verbs"]})["verbs"] == ["x"]
    assert base["verbs"] == ["reći"]  # the inputs are not changed


def test_merge_replaces_a_range_of_numbers() -> None:
    base = {"approximate": {"desetak": [8, 12]}}
    # An overlay's range is the value; extending would read [8, 12, 15] as 8-12.
    assert merge(base, {"approximate": {"desetak": [8, 15]}}) == {"approximate": {"desetak": [8, 15]}}


@pytest.mark.parametrize("language", ["sr", "bs"])
def test_no_english_words(language: str) -> None:
    for name in ("time", "quotes", "numbers", "figures", "events", "entities", "claims", "anatomy", "declension"):
        data = load_or_english(language, name)
        assert data, name
        # Croatian words are there (the base), English ones are not.
        assert data != load("en", name)
    assert "said" not in load_or_english("sr", "quotes")["verb_forms"]
    assert "reći" in load_or_english("bs", "quotes")["verb_lemmas"]


def test_serbian_month_reporting_verb_and_number() -> None:
    text = "Ministarka je saopštila da će zakon stupiti na snagu 3. avgusta, a sednica je bila juče."
    assert ("3. avgusta", "2021-08-03") in _times(text, "sr")
    assert ("juče", "2021-06-09") in _times(text, "sr")
    assert is_reporting_verb("saopštila", "sr") and is_reporting_verb("kazao", "sr")
    figs = find_figures("Oko tri hiljade ljudi ostalo je bez struje.", [(0, 44)], "sr")
    assert [f.value for f in figs] == [3000.0]


def test_bosnian_month_reporting_verb_and_number() -> None:
    text = "Općina je saopćila da radovi počinju 14. septembra, a završavaju u utorak."
    assert ("14. septembra", "2021-09-14") in _times(text, "bs")
    assert is_reporting_verb("saopćila", "bs") and is_reporting_verb("rekao", "bs")
    figs = find_figures("Više od dvije hiljade učenika upisalo je školu.", [(0, 47)], "bs")
    assert [(f.value, f.qualifier) for f in figs] == [(2000.0, "at_least")]


def test_croatian_is_unchanged_by_the_overlays() -> None:
    assert ["siječanj", "siječnja", "siječnju"] == load("hr", "time")["months"][0]
    assert "januar" not in load("hr", "time")["months"][0]


def test_serbian_cyrillic_text_is_read_with_the_same_data() -> None:
    assert serbian_cyrillic("saopštio Ljubljana džep") == "саопштио Љубљана џеп"
    text = "Влада је јуче саопштила да ће се седница одржати 5. марта."
    assert ("јуче", "2021-06-09") in _times(text, "sr")
    assert ("5. марта", "2022-03-05") in _times(text, "sr")  # future tense: the next March
    assert is_reporting_verb("саопштила", "sr")
    figs = find_figures("Око две хиљаде људи је евакуисано.", [(0, 34)], "sr")
    assert [f.value for f in figs] == [2000.0]
    # Names of tables stay Latin: event types are not transliterated.
    assert set(load("sr", "events")["triggers"]) == set(load("hr", "events")["triggers"])
