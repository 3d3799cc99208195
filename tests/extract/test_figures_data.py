"""The case endings the figure rules read are language data (lang/<code>/figures.toml), checked by key."""

from __future__ import annotations

import dataclasses

import pytest

from storyline.extract import figures
from storyline.extract.figures import figure_words, find_figures


def _found(text: str, language: str) -> list[tuple[str, float | None, str | None, str | None]]:
    return [(text[f.start : f.end], f.value, f.what, f.predicate) for f in find_figures(text, [(0, len(text))], language)]


def test_croatian_endings_come_from_its_file_and_serbian_inherits_them_in_both_scripts() -> None:
    hr, sr = figure_words("hr"), figure_words("sr")
    assert hr.demonym_endings == ("aca", "ana", "ija") and hr.active_past_endings[:1] == ("l",)
    assert set(hr.modifier_endings) < set(sr.modifier_endings) and "их" in sr.modifier_endings
    # Languages whose files list no endings do not get the Croatian rules.
    assert figure_words("de").modifier_endings == () and figure_words("en").attributive_endings == ()


def test_the_rules_follow_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Vojska je oslobodila 90 Palestinaca iz zatvora, a 20 napadača ubilo je 14 ljudi."
    assert _found(text, "hr") == [
        ("90 Palestinaca", 90.0, "Palestinac", None),
        ("20 napadača", 20.0, "attackers", None),
        ("14 ljudi", 14.0, "people", "killed"),
    ]
    other = dataclasses.replace(figure_words("hr"), demonym_endings=("ovci",), active_past_endings=())
    monkeypatch.setattr(figures, "figure_words", lambda language: other)
    got = {f[0]: f for f in _found(text, "hr")}
    assert "90 Palestinaca" not in got  # a capitalised word without a demonym's ending is a name, not what is counted
    assert got["20 napadača"][3] == "killed"  # without the active-past ending, "ubilo" reads as done to them


def test_a_misspelt_key_fails_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    figure_words.cache_clear()
    monkeypatch.setattr(figures, "load_or_english", lambda language, name: {"modifier_ending": ["ih"]})
    try:
        with pytest.raises(ValueError, match="modifier_ending"):
            figure_words("hr")
    finally:
        monkeypatch.undo()
        figure_words.cache_clear()
