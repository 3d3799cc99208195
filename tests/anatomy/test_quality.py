"""The input quality gate: which documents are kept out of stories, and why."""

from __future__ import annotations

import time

import pytest

from storyline.anatomy import SegmentStep, SentenceStep
from storyline.anatomy.quality import NOTE_PREFIX, QualityStep, assess, held_back, is_low_quality
from storyline.api import text_document
from storyline.settings import load_settings

SETTINGS = load_settings()


def _checked(text: str, settings=SETTINGS):
    doc = text_document(text, id="d")
    for step in (SegmentStep(), SentenceStep(), QualityStep(settings)):
        doc = step.process(doc)
    return doc


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Chargement {{ page.title }} {{ page.lead }} {{{ page.body }}}", "mostly markup or template placeholders"),
        ("Naslovnica", "main text too short"),
        (
            "Divers bring up the wreck's bell off Vis. Photo: Pixsell\n\nSubscribe to continue reading. Already a subscriber? Sign in.",
            "notice beside only",
        ),
        ("Ova stranica koristi kolačiće. Prihvaćam kolačiće. Postavke kolačića.", "mostly paywall, login, cookie or error notices"),
    ],
)
def test_junk_is_marked_with_its_reason(text: str, reason: str) -> None:
    doc = _checked(text)
    notes = [n for n in doc.notes if n.startswith(NOTE_PREFIX)]
    assert len(notes) == 1 and reason in notes[0], doc.notes
    assert is_low_quality(doc) and held_back(doc, SETTINGS)
    assert not held_back(doc, load_settings(include_low_quality=True))


@pytest.mark.parametrize(
    "text",
    [
        "A storm hit the coast on Friday, closing two ports.",
        "Bakery recalls cookies\n\nA Rijeka bakery recalled 3,000 packets of cookies on Monday after a labelling error, the inspectors said.",
        "Vlada je u četvrtak usvojila prijedlog zakona o cestama, priopćilo je ministarstvo.",
    ],
)
def test_short_or_cookie_news_is_kept(text: str) -> None:
    assert not is_low_quality(_checked(text))


def test_analysed_again_the_verdict_is_replaced_not_repeated() -> None:
    doc = _checked("{{ a.b }} {{ c.d }} {{ e.f }}")
    again = QualityStep(SETTINGS).process(doc)
    assert sum(n.startswith(NOTE_PREFIX) for n in again.notes) == 1
    loose = QualityStep(load_settings(quality_max_markup=2.0, quality_min_letters=0)).process(doc)
    assert not is_low_quality(loose)


def test_thresholds_are_settings() -> None:
    doc = _checked("Kratka vijest o novom mostu u Osijeku.")
    verdict = assess(doc, SETTINGS)
    assert verdict.reason is None and verdict.letters == 31
    assert assess(doc, load_settings(quality_min_letters=40)).reason.startswith("main text too short (31 letters")


def test_pathological_markup_is_scanned_in_linear_time() -> None:
    text = "Naslov\n\n" + ("{{ a <b {% [[ ${ " * 60_000)
    start = time.perf_counter()
    assess(text_document(text, id="x"), SETTINGS)
    assert time.perf_counter() - start < 2.0
