"""An overlay holds only what differs from its base language: Serbian and
Bosnian files repeat nothing they inherit from Croatian (lang.repeats)."""

from __future__ import annotations

from importlib import resources

import pytest

from storyline.lang import BASE, load, merge, read_own, repeats


def _own_files(language: str) -> list[str]:
    root = resources.files("storyline.lang").joinpath(language)
    return sorted(p.name.removesuffix(".toml") for p in root.iterdir() if p.name.endswith(".toml"))


@pytest.mark.parametrize("language", sorted(BASE))
def test_files_repeat_nothing_of_their_base(language: str) -> None:
    names = _own_files(language)
    assert names
    found = {name: repeats(load(BASE[language], name), read_own(language, name)) for name in names}
    assert {name: entries for name, entries in found.items() if entries} == {}


def test_repeats_names_words_entries_and_whole_keys() -> None:
    base = {
        "verbs": ["reći", "kazati"],
        "months": [["siječanj"], ["veljača"]],
        "days": {"danas": 0, "jučer": -1},
        "counted": {"dijete": ["children", "people"]},
        "flag": True,
        "range": [8, 12],
    }
    overlay = {
        "verbs": ["saopštiti", "reći"],
        "months": [["januar", "siječanj"], ["veljača"]],
        "days": {"jučer": -1, "juče": -1},
        "counted": {"dijete": ["children", "people"], "čovek": ["people", "people"]},
        "flag": True,
        "range": [8, 15],
    }
    assert repeats(base, overlay) == [
        "verbs: reći",
        "months[0]: siječanj",
        "months[1]",
        "days.jučer",
        "counted.dijete",
        "flag",
    ]


def test_removing_what_repeats_changes_nothing() -> None:
    base = {"verbs": ["reći"], "days": {"danas": 0}}
    overlay = {"verbs": ["reći", "kazati"], "days": {"danas": 0, "sutra": 1}}
    assert repeats(base, overlay) == ["verbs: reći", "days.danas"]
    assert merge(base, {"verbs": ["kazati"], "days": {"sutra": 1}}) == merge(base, overlay)
    # Half of a new pair, or a word of a list the overlay replaces, is no repeat;
    # a replace naming no key of the overlay is.
    assert repeats({"w": ["a", "c"]}, {"p": ["x", "x"], "w": ["a", "b"], "replace": ["w"]}) == []
    assert repeats({"w": ["a"]}, {"w": ["b"], "replace": ["w", "v"]}) == ["replace: v"]
