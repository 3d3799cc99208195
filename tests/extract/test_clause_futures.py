"""The clause tense reader's word markers looked up in a set give the answers
of the substring test they replace, phrases ("going to") and odd tokens included."""

from __future__ import annotations

import dataclasses
import random

import pytest

from storyline.extract import timex
from storyline.extract.timex import TimeWords, _clause_futures, time_words
from storyline.extract.tokens import Token, tokenize


def _old_clause_futures(toks: list[Token], low: list[str], tw: TimeWords) -> list[bool]:
    """The reader as it was: every marker tried as a substring of the clause."""
    out: list[bool] = []
    start = 0
    no_past = tw.future_without_past and not any(
        w in tw.past_forms or w.endswith(tw.past_suffixes) for w in low if w.isalpha()
    )
    for i in range(len(toks) + 1):
        if i == len(toks) or low[i] in tw.clause_openers or toks[i].text in timex._CLAUSE_PUNCT:
            clause = f" {' '.join(low[start:i])} "
            future = (
                no_past or any(f" {w} " in clause for w in tw.future_markers) or timex._verb_future(low[start:i], tw)
            )
            out.extend([future] * (i - start))
            if i < len(toks):
                out.append(future)
            start = i + 1
    return out


# Written for this test: plain clauses with and without markers, in each language.
SENTENCES = {
    "hr": [
        "Ministrica je rekla da će se odluka donijeti sljedeći tjedan, a ne u petak.",
        "Radovi su počeli u srijedu.",
    ],
    "sr": [
        "Министар је рекао да ће одлука бити донета идуће недеље.",
        "Vlada će u četvrtak, kako je najavljeno, usvojiti plan.",
    ],
    "en": [
        "The mayor said the bridge is to be held shut until Friday, and repairs are due to begin next week.",
        "It was going to rain.",
    ],
    "de": ["Die Stadt wird am Montag entscheiden, sagte sie.", "Am Dienstag hatte der Rat getagt."],
    "fr": ["Le conseil votera jeudi, a-t-il annoncé, et la loi sera prévue pour demain.", "Il a plu lundi."],
    "ru": ["Суд рассмотрит жалобу в четверг.", "Он сказал, что в субботу будет митинг."],
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_same_answers_on_sentences_and_random_clauses(language: str) -> None:
    tw = time_words(language)
    markers = sorted(tw.future_markers)
    vocabulary = [
        *markers,
        *(w for m in markers for w in m.split()),
        "i",
        "a",
        "the",
        "da",
        ",",
        ";",
        "(",
        "x",
        "going",
    ]
    rnd = random.Random(language)
    cases = [tokenize(s) for s in SENTENCES[language]]
    for _ in range(1500):
        words = [rnd.choice(vocabulary) for _ in range(rnd.randint(0, 14))]
        cases.append([Token(w, 0, len(w)) for w in words])
    seen = set()
    for toks in cases:
        low = [t.text.lower() for t in toks]
        got = _clause_futures(toks, low, tw)
        assert got == _old_clause_futures(toks, low, tw), low
        seen.update(got)
    assert seen == {True, False}


def test_phrases_empty_marker_and_tokens_with_spaces() -> None:
    base = time_words("en")
    tw = dataclasses.replace(
        base, future_markers=frozenset({"going to", "will", "", "is due"}), clause_openers=frozenset()
    )
    texts = [
        ["we", "are", "going", "to", "vote"],
        ["5 000", "will"],
        ["12", "will be"],
        ["a", "", "b"],
        ["is", "due"],
        ["is due"],
        ["go"],
    ]
    for words in texts:
        toks = [
            Token(w or "?", 0, 1) for w in words
        ]  # the punctuation test reads the text, the markers the lower-cased list
        assert _clause_futures(toks, words, tw) == _old_clause_futures(toks, words, tw), words
    assert _clause_futures([Token("5 will", 0, 6)], ["5 will"], tw) == [
        True
    ]  # a piece of a token, as the substring test found it
