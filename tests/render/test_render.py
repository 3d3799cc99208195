from __future__ import annotations

import json
from importlib import resources

import jsonschema

from storyline.api import analyse_text
from storyline.link.stories import stories_per_unit
from storyline.render import build_brief, render

HOSTILE = (
    "Naslov <b>podebljan</b>\n\nTijelo vijesti s oznakom <script>alert('x')</script> i znakom & u tekstu.\n\n"
    "Komentari\n\n  • troll\n\n    <img src=x onerror=alert(1)> ovo je komentar koji pokušava ubaciti kod u stranicu"
)


def brief() -> dict:
    doc = analyse_text(HOSTILE, id="evil<doc>", language="hr")
    return build_brief([doc], stories_per_unit([doc]))


def schema() -> dict:
    return json.loads(resources.files("storyline.render").joinpath("brief.schema.json").read_text())


def test_brief_validates_and_offsets_slice() -> None:
    b = brief()
    jsonschema.validate(b, schema())
    text = b["texts"]["evil<doc>"]
    kinds = [s["kind"] for s in b["documents"][0]["segments"]]
    assert kinds == ["headline", "body", "comments"]
    assert "".join(text[s["start"] : s["end"]] for s in b["documents"][0]["segments"]) == text


def test_html_escapes_all_document_text() -> None:
    name, page = render("html", brief())
    assert name == "index.html"
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>podebljan" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'id="doc-evil&lt;doc&gt;"' in page
    assert "<script" not in page.lower()  # self-contained: no scripts at all


def test_markdown_escapes_html_and_markup() -> None:
    name, md = render("markdown", brief())
    assert name == "brief.md"
    assert "<b>" not in md and r"\<b\>" in md


def test_json_round_trips() -> None:
    b = brief()
    name, text = render("json", b)
    assert name == "brief.json" and json.loads(text) == b


def test_titles_are_english_and_original_headlines_are_labelled() -> None:
    b = brief()
    story = b["stories"][0]
    assert story["title_language"] == "en" and story["original_title_language"] == "hr"
    assert "<b>podebljan" not in story["title"]
    assert "[hr, not translated]" in render("html", b)[1]
    assert r"\[hr, not translated\]" in render("markdown", b)[1]


def test_html_evidence_is_labelled_by_outlet_and_paragraph() -> None:
    text = "Headline here\n\nFirst paragraph of the report.\n\nSecond paragraph says more."
    b = {
        "documents": [{"id": "d1", "source": "Coast Daily", "title": "Headline here", "segments": []}],
        "texts": {"d1": text},
    }
    from storyline.render.html import EvidenceLabels

    label = EvidenceLabels(b["documents"], b["texts"])
    start = text.index("Second")
    assert label({"document": "d1", "start": start, "end": start + 6}) == "Coast Daily ¶3"
    assert label({"document": "d1", "start": 0, "end": 8}) == "Coast Daily ¶1"


def test_a_text_without_line_breaks_places_evidence_by_sentence() -> None:
    from storyline.render.paragraphs import paragraph_starts, place_number

    text = "Talks ended. Both sides left. A new round is due."
    starts, mark = paragraph_starts(text)
    assert mark == "sentence " and place_number(starts, text.index("Both")) == 2
    # The caller's own sentences are used where it has them.
    assert paragraph_starts(text, [0, 13, 30]) == ([0, 13, 30], "sentence ")
    # Paragraphs where there are enough of them.
    assert paragraph_starts("Head\n\nOne.\n\nTwo.")[1] == "¶"
