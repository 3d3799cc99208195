"""Each language says what the analysis could do in it (lang/capabilities.py)."""

from __future__ import annotations

from storyline.api import text_document
from storyline.evaluate.own import analysis_pipeline
from storyline.lang.capabilities import LEVELS, capability


def test_supported_languages_are_not_partial() -> None:
    for language in ("en", "hr", "sr", "bs"):
        cap = capability(language)
        assert not cap.partial and cap.note() is None, cap
    assert capability("hr").entities == "model" and capability("hr").events == "rules"


def test_other_languages_say_what_ran() -> None:
    cap = capability("de")
    assert cap.entities == "generic" and cap.entities_backend == "entities.generic.v1"
    assert cap.events == "english-fallback" and cap.partial
    assert all(v in LEVELS for k, v in cap.as_dict().items() if k in ("entities", "quotes", "figures", "time", "events"))
    assert "language de is handled only partly" in (cap.note() or "")


def test_a_german_document_carries_the_note_once() -> None:
    pipeline = analysis_pipeline()
    doc = text_document("Die Polizei in Bremen nahm am Montag zwei Männer fest. Der Sprecher bestätigte die Festnahmen.", id="de1", language="de")
    doc = pipeline.run_one(doc)
    notes = [n for n in doc.notes if n.startswith("partial analysis")]
    assert len(notes) == 1 and "entities generic" in notes[0]
    again = pipeline.run_one(doc)
    assert len([n for n in again.notes if n.startswith("partial analysis")]) == 1
    english = pipeline.run_one(text_document("Police in Leeds arrested two men on Monday.", id="en1", language="en"))
    assert not [n for n in english.notes if n.startswith("partial analysis")]
