"""Nominatives of organisation names whose adjective the lemmatiser misses."""

import pytest

from storyline.extract.entities import cues, organisation_name


@pytest.mark.parametrize(
    ("words", "language", "expected"),
    [
        (["Evropskom", "unijom"], "sr", "Evropska unija"),
        (["Europskoj", "uniji"], "hr", "Europska unija"),
        (["Crvenog", "križa"], "hr", "Crveni križ"),
        (["Narodnoj", "banci"], "bs", "Narodna banka"),
    ],
)
def test_adjective_agrees_with_the_head_in_the_nominative(words: list[str], language: str, expected: str) -> None:
    assert organisation_name(words, language, cues(language)) == expected
