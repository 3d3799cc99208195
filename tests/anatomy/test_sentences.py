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


def test_sentence_offsets_are_blingfires() -> None:
    import random

    import blingfire

    from storyline.anatomy.sentences import sentence_offsets

    lines = [
        "Dr. Ana Horvat je 20. siječnja 2016. rekla: „Ovo je kraj.” Zatim je otišla.",
        "Сирија: ђаци и ћерке. Друга реченица! Трећа?",
        "Emoji 😀 inside. Then a sentence… and “quotes”. Ђ",
        "ASCII only. Two sentences.",
        "   ",
    ]
    rnd = random.Random(7)
    alphabet = "aé ž.!?\"'“”…Ђ😀\t\u00a0\u200b "
    lines += ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(1, 60))) for _ in range(500)]
    for line in lines:
        assert sentence_offsets(line) == blingfire.text_to_sentences_and_offsets(line)[1], line
