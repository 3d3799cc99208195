"""The language step's cheap first guess, counted faster (issue 17), answers as it did."""

from __future__ import annotations

import json
from collections import Counter

from storyline.anatomy import langid
from storyline.evaluate.own import gold_dir


def _texts() -> list[str]:
    out = []
    for path in sorted((gold_dir() / "langid").glob("*.jsonl")):
        for line in filter(str.strip, path.read_text(encoding="utf-8").splitlines()):
            out.extend(langid.sample(v) for v in json.loads(line).values() if isinstance(v, str))
    return out


def _latin_guess_every_group(text: str) -> tuple[tuple[str, ...] | None, int]:
    """The guess as first written: every word tested against every group."""
    tokens = [w.lower() for w in langid._WORD.findall(text)]
    if not tokens:
        return None, 0
    words, languages, _ = langid._guess_data()
    hits = Counter({name: sum(t in group for t in tokens) for name, group in words.items()})
    ((_, top),) = hits.most_common(1)
    if top < langid.GUESS_MIN_HITS or top < langid.GUESS_MIN_SHARE * len(tokens):
        return None, top
    out: dict[str, None] = {}
    for name, n in hits.most_common():
        if n >= langid.GUESS_NEAR * top:
            out.update(dict.fromkeys(languages[name]))
    return tuple(out), top


def _letter_candidates_counter(text: str, script: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    """Distinctive letters counted with ``Counter(text)``, as first written."""
    present = Counter(text)
    count = langid.count_letters(text)
    writes = Counter(
        c
        for letters, languages in langid._guess_data()[2]
        if sum(present[x] for x in letters) >= max(langid.LETTER_MIN, langid.LETTER_MIN_SHARE * count)
        for c in languages
        if script is None or c in script
    )
    if not writes:
        return None
    most = max(writes.values())
    return tuple(sorted(c for c in writes if writes[c] == most))


def test_the_function_word_guess_and_the_letters_answer_as_before() -> None:
    texts = _texts()
    assert len(texts) > 300  # the langid gold: every language, headlines and paragraphs
    mixed = "Vlada je u utorak saopštila da će Влада у уторак ђ ћ џ. The minister said that Łódź ł ł ł."
    for text in [*texts, mixed, "", "123", "ĐĐĐ ćć"]:
        assert langid._latin_guess(text) == _latin_guess_every_group(text), text[:80]
        for script in (None, langid.CYRILLIC_LANGUAGES):
            assert langid.letter_candidates(text, script) == _letter_candidates_counter(text, script), text[:80]
