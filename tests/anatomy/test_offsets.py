"""Property: whatever the text, segments tile it and sentences slice it exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.anatomy import LanguageStep, SegmentStep, SentenceStep, segment
from storyline.anatomy.langid import FixedLanguage
from storyline.pipeline import Pipeline
from storyline.records import Document

from ..conftest import assert_tiles

PIECES = st.sampled_from(
    [
        "Vlada je u srijedu objavila nove mjere.",
        "The council met on 20. January in Zagreb.",
        ">>",
        "» Pročitajte i:",
        "Read more:",
        "• user_1",
        "Comments (3)",
        "Author: Ana Horvat",
        "(Hina)",
        "„Nema dogovora“, rekao je ministar.",
        "Čurkin je rekao da je postignut dogovor o 4,5 tisuća ljudi.",
        "\n",
        "\n\n",
        "   ",
        "\u00a0",
        "\r\n",
        "Komentari",
        "X",
        "emoji 🙂 and combining é",
    ]
)
TEXTS = st.one_of(
    st.lists(PIECES, min_size=1, max_size=25).map(" ".join),
    st.text(min_size=1, max_size=400),
)


def _pipeline() -> Pipeline:
    return Pipeline([SegmentStep(), LanguageStep(identifier=FixedLanguage("hr")), SentenceStep()], on_error="raise")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_segments_tile_and_sentences_slice(text: str) -> None:
    doc = _pipeline().run_one(Document(id="d", text=text, language="hr", language_given=True))
    assert isinstance(doc, Document)
    assert doc.text == text  # nothing rewritten
    if text:
        assert_tiles(doc)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.text(min_size=1, max_size=30))
def test_title_never_shifts_offsets(text: str, title: str) -> None:
    segs = segment(title + " " + text, title)
    full = title + " " + text
    assert segs[0].start == 0 and segs[-1].end == len(full)
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
