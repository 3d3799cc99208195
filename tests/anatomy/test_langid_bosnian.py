"""Bosnian told from Serbian and Croatian without a jat word, and the note
a document carries when nothing told the three norms apart (issue 16 follow-up)."""

from __future__ import annotations

import pytest

from storyline.anatomy import LanguageStep, SegmentStep
from storyline.anatomy.langid import (
    UNDECIDED_NOTE_PREFIX,
    Detection,
    get_identifier,
    marker_votes,
    undecided_norms,
    undecided_note,
)
from storyline.api import text_document
from storyline.records import Document


def test_bosnian_words_vote_for_bosnian_only() -> None:
    # "uposlenici" (Croatian "zaposlenici", Serbian "zaposleni") and the
    # "bh." of Bosnian news; "plate" is Serbian and Bosnian.
    assert marker_votes("Bh. uposlenici traže veće plate.") == {"hr": 0, "sr": 1, "bs": 3}
    # A currency names a country, not a norm: no marker.
    assert marker_votes("Kazna iznosi 500 KM ili 30.000 dinara.") == {"hr": 0, "sr": 0, "bs": 0}


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        # No ekavian or ijekavian word in any of them.
        ("Uposlenici gradske čistoće traže isplatu dvije plate.", "bs"),
        ("Sud je vlasniku kafane izrekao kaznu od tri hiljade maraka, saopćeno je iz suda.", "bs"),
        ("Kantonalni ministar najavio je nove kontrole u školama.", "bs"),
        ("Nitko od putnika nije tražio pomoć, rekli su iz uprave zračne luke.", "hr"),
        ("Komunalno preduzeće podiglo račune za dva odsto.", "sr"),
        ("Opština će radove završiti do jeseni, rekao je načelnik.", "sr"),
    ],
)
def test_norm_words_decide_without_a_jat_word(text: str, norm: str) -> None:
    assert get_identifier("langid.lingua.v1").detect(text).language == norm


def test_undecided_norms_are_those_no_evidence_set_apart() -> None:
    even = dict.fromkeys(("hr", "sr", "bs"), 1.0)
    ijekavian = {"hr": 1.0, "sr": 0.1, "bs": 1.0}
    assert undecided_norms({"hr": 0, "sr": 0, "bs": 0}, even) == ("hr", "sr", "bs")
    assert undecided_norms({"hr": 0, "sr": 1, "bs": 1}, even) == ("sr", "bs")
    assert undecided_norms({"hr": 1, "sr": 1, "bs": 1}, ijekavian) == ("hr", "bs")
    assert undecided_norms({"hr": 0, "sr": 1, "bs": 2}, even) == ("bs",)
    assert undecided_note(Detection("bs", 0.9, ())) is None
    assert undecided_note(Detection("sr", 0.6, ("sr", "bs"))) == f"{UNDECIDED_NOTE_PREFIX}sr/bs not told apart (no marker word or jat reflex sets them apart); read as sr"


def _analysed(text: str) -> Document:
    return LanguageStep().process(SegmentStep().process(text_document(text, id="t")))


def test_a_document_says_when_its_norm_was_a_guess() -> None:
    # Only words Serbian and Bosnian share ("fudbaleri", "hiljade"): the prior reads Serbian, and says so once.
    doc = _analysed("Fudbaleri se vraćaju kući\n\nHiljade navijača čekale su fudbalere ispred stadiona do kasno u noć.")
    notes = [n for n in doc.notes if n.startswith(UNDECIDED_NOTE_PREFIX)]
    assert doc.language == "sr" and len(notes) == 1 and "sr/bs" in notes[0], doc.notes
    again = LanguageStep().process(doc)  # analysed again: still one note
    assert sum(n.startswith(UNDECIDED_NOTE_PREFIX) for n in again.notes) == 1
    # Ijekavian with Bosnian words: decided, no note.
    told = _analysed("Uposlenici rudnika ponovo u štrajku\n\nUposlenici su saopćili da će štrajk trajati do isplate dvije zaostale plate.")
    assert told.language == "bs" and not [n for n in told.notes if n.startswith(UNDECIDED_NOTE_PREFIX)]
