"""Time words inside names: where months and "now" are written in lower case,
a capitalised one inside a sentence belongs to a name."""

import datetime as dt

from storyline.extract.timex import find_times

PUBLISHED = dt.date(2020, 3, 12)


def _found(text: str, language: str) -> list[str]:
    return [text[t.start : t.end] for t in find_times(text, 0, len(text), language, PUBLISHED)]


def test_place_name_holding_a_time_word_is_no_time() -> None:
    assert _found("Sastanak je održan u Novom Sadu, a svi su stigli iz Novog Sada u srijedu.", "sr") == ["srijedu"]


def test_given_name_that_is_a_month_form_is_no_date() -> None:
    assert _found("Maja Petrović je o tome govorila 3. maja.", "sr") == ["3. maja"]


def test_sentence_initial_time_word_is_still_read() -> None:
    assert _found("Sada je vrijeme za razgovore.", "hr") == ["Sada"]


def test_english_months_keep_their_capital() -> None:
    assert _found("The talks resumed in May and again on Monday.", "en") == ["May", "Monday"]
