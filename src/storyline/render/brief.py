"""Build the brief (schema ``storyline.brief/1``, see docs/brief-format.md) as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..reconcile.facts import story_facts
from ..reconcile.story import reconcile
from ..records import Document, StoryRecord

SCHEMA = "storyline.brief/1"


def source_of(doc: Document) -> str:
    """The outlet as given, else the site of its URL without ``www.``
    ("www.index.hr" -> "index.hr"); empty without either."""
    if doc.source:
        return doc.source
    try:
        host = urlsplit(doc.url).hostname if doc.url else None
    except ValueError:  # a malformed URL from the input's metadata ("http://[::1")
        host = None
    return (host or "").removeprefix("www.")


def document_dict(doc: Document, mention_ids: dict[tuple[str, int], str] | None = None) -> dict:
    return {
        "id": doc.id,
        "source": doc.source,
        "language": doc.language,
        "published": doc.published.isoformat() if doc.published else None,
        "published_is_estimate": doc.published_is_estimate,
        "title": doc.title,
        "url": doc.url,
        "format": doc.format,
        "near_duplicate_of": doc.near_duplicate_of,
        "notes": list(doc.notes),
        "length": len(doc.text),
        "sentence_count": len(doc.sentences),
        "segments": [
            {"kind": s.kind, "start": s.start, "end": s.end, "language": s.language, "unit": s.unit}
            for s in doc.segments
        ],
        "mentions": [
            {
                "entity": (mention_ids or {}).get((doc.id, m.start)),
                "type": m.type,
                "start": m.start,
                "end": m.end,
                "text": doc.text[m.start : m.end],
                "name": m.canonical,
            }
            for m in doc.mentions
        ],
    }


def story_dict(story: StoryRecord, docs: dict[str, Document], facts: dict | None = None) -> dict:
    """One story of the brief: the reconcile stage's result, as data."""
    return reconcile(story, docs, facts).to_dict()


def build_brief(docs: Iterable[Document], stories: Iterable[StoryRecord], generated: dt.datetime | None = None) -> dict:
    by_id = {d.id: d for d in docs}
    stories = list(stories)
    facts = [story_facts(s, by_id) for s in stories]
    mention_ids = {k: v for f in facts for k, v in f["mention_ids"].items()}
    return {
        "schema": SCHEMA,
        "generated": (generated or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "documents": [document_dict(d, mention_ids) for d in by_id.values()],
        "stories": [story_dict(s, by_id, f) for s, f in zip(stories, facts)],
        # Original texts travel with the brief so every offset can be checked
        # and the HTML page can show evidence in context.
        "texts": {d.id: d.text for d in by_id.values()},
    }
