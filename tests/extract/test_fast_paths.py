"""Fast paths of the Serbian hot spots (issue 17) give what the plain versions gave."""

from __future__ import annotations

import random

from storyline.extract.figures import Lexicon, figure_words
from storyline.extract.translit import Transliteration, letters, to_latin


def _letter_by_letter(text: str) -> Transliteration:
    """The reading ``to_latin`` replaced: one Python step per character."""
    table = letters()
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        lat = table.get(ch, ch)
        if len(lat) > 1 and ch.isupper():
            nxt = text[i + 1] if i + 1 < len(text) else ""
            prev = text[i - 1] if i else ""
            if nxt.isupper() or (not nxt.isalpha() and prev.isupper()):
                lat = lat.upper()
        out.append(lat)
        origin.extend([i] * len(lat))
    origin.append(len(text))
    return Transliteration("".join(out), tuple(origin))


def test_to_latin_equals_the_letter_by_letter_reading() -> None:
    rnd = random.Random(17)
    # Every Serbian letter in both cases, Latin, digits, punctuation, a combining
    # accent and Cyrillic letters outside the table (Macedonian ѓ, Ukrainian і).
    alphabet = [*letters(), *"abcŽžXY .,-'\"1\n", "\u0301", "ѓ", "і"]
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert to_latin(text) == _letter_by_letter(text), text
    for text in ("", "Љ", "ЉУБОВ", "Љубав", "ЏЕП Џон", "ЊЕГОШ.", "а Љ б", "Београд 2024."):
        assert to_latin(text) == _letter_by_letter(text), text


def _first_stem(lexicon: Lexicon, form: str, lem: str) -> str | None:
    """The look-up ``Lexicon.word`` replaced: every stem tried in order."""
    if form in lexicon.words:
        return lexicon.words[form]
    if lem in lexicon.words:
        return lexicon.words[lem]
    return next((value for stem, value in lexicon.stems if form.startswith(stem)), None)


def test_lexicon_stems_by_first_letter_give_the_first_stem_in_order() -> None:
    lexicon = Lexicon.of({"evakuir*": "evacuated", "evak*": "other", "ubij*": "killed", "ubijen": "killed-word", "u*": "short"})
    for form in ("evakuirano", "evakuacija", "ubijeno", "ubijen", "ulica", "ništa", ""):
        assert lexicon.word(form, form) == _first_stem(lexicon, form, form), form
    assert lexicon.word("evakuirano", "") == "evacuated" and lexicon.word("ulica", "") == "short"
    empty = Lexicon.of({"*": "any", "ra*": "ra"})
    assert empty.word("rat", "") == "ra" and empty.word("mir", "") == "any" and empty.word("", "") == "any"


def test_serbian_figure_words_answer_as_before() -> None:
    """Serbian holds every stem in Latin and Cyrillic: each word of both scripts answers as before."""
    words = ["ubijeno", "ранјено", "evakuisano", "евакуисано", "povređeno", "повређено", "uhapšeno", "ухапшено", "ljudi", "људи", "x", ""]
    for language in ("sr", "hr", "bs", "ru", "fr"):
        fw = figure_words(language)
        for lexicon in (fw.predicates, fw.noun_predicates, fw.counted):
            for form in words + [stem + "ima" for stem, _ in lexicon.stems]:
                assert lexicon.word(form, form) == _first_stem(lexicon, form, form), (language, form)
