"""time.toml is read by the one reader of word lists (lang.read_table): word
lists lower-cased, tables shaped for the matcher, a misspelt key refused."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.extract import timex
from storyline.lang import languages_with


def _read(monkeypatch: pytest.MonkeyPatch, data: dict[str, Any]) -> timex.TimeWords:
    monkeypatch.setattr(timex, "load_or_english", lambda language, name: data)
    return timex.time_words.__wrapped__("xx")


def test_a_misspelt_key_fails_instead_of_dropping_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="future_marker"):
        _read(monkeypatch, {"future_marker": ["next"]})


def test_tables_are_shaped_for_the_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    tw = _read(
        monkeypatch,
        {
            "months": [["siječanj", "siječnja"], ["veljača"]],
            "weekdays": [["ponedjeljak"]],
            "future_markers": ["Next", "coming"],
            "future_suffixes": ["ra", "ront"],
            "period_shifts": {"prošl": "-1", "sljedeć": 1},
            "relative_days": {"jučer": "-1"},
            "day_parts": {"tokom_noći": "NI"},
            "past": {"words": ["nekad", "prije mnogo godina"]},
            "capitalised_names": True,
            "date_prepositions": ["tokom"],  # listed in the files, read by no field
        },
    )
    assert tw.months == {"siječanj": 1, "siječnja": 1, "veljača": 2} and tw.weekdays == {"ponedjeljak": 0}
    assert tw.future_markers == frozenset({"next", "coming"})
    assert tw.future_suffixes == ("ra", "ront")
    assert tw.period_shifts == {"prošl": -1, "sljedeć": 1}
    assert tw.shift_stems == (("sljedeć", 1), ("prošl", -1)) and tw.shift_prefixes == frozenset({"pro", "slj"})
    assert tw.relative_days == {"jučer": -1} and tw.day_parts == {"tokom noći": "NI"}
    assert dict(tw.references)["PAST_REF"] == (("prije", "mnogo", "godina"), ("nekad",))
    assert tw.capitalised and not tw.future_without_past


@pytest.mark.parametrize("language", [*languages_with("time"), "xx"])
def test_every_languages_file_reads(language: str) -> None:
    tw = timex.time_words(language)
    assert len(set(tw.months.values())) == 12
