from __future__ import annotations

from storyline.anatomy import split_sentences


def spans(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, 0, len(text))]


def test_croatian_ordinals_and_abbreviations_stay_inside() -> None:
    text = "Sjednica je 20. siječnja u Zagrebu. Prof. dr. Ivana Marić rekla je da je to tzv. prijelazno rješenje. Od 2015. godine ništa se nije promijenilo."
    assert spans(text) == [
        "Sjednica je 20. siječnja u Zagrebu.",
        "Prof. dr. Ivana Marić rekla je da je to tzv. prijelazno rješenje.",
        "Od 2015. godine ništa se nije promijenilo.",
    ]


def test_quotes_and_line_breaks() -> None:
    text = "„Nema dogovora“, rekao je.\nNovi red bez točke\nThe U.S. envoy said \"no\". Talks ended."
    assert spans(text) == ["„Nema dogovora“, rekao je.", "Novi red bez točke", 'The U.S. envoy said "no".', "Talks ended."]


def test_offsets_are_code_points_with_astral_characters() -> None:
    text = "Emoji 🙂 prvi. Čćžšđ drugi 𝔘. Treći."
    for a, b in split_sentences(text, 0, len(text)):
        assert text[a:b] == text[a:b].strip()
    assert spans(text)[-1] == "Treći."
