"""Build the brief (schema ``storyline.brief/1``, see docs/brief-format.md) as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..records import Document, StoryRecord
from ..reconcile.facts import story_facts
from ..reconcile.conflicts import conflicts
from ..reconcile.figures import figure_rows
from ..reconcile.summary import english_summary, english_title
from ..reconcile.timeline import timeline

SCHEMA = "storyline.brief/1"


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
    facts = facts or story_facts(story, docs)
    texts = {d: docs[d].text for d in story.documents}
    line = timeline(facts, texts)
    rows = figure_rows(facts["figures"])
    found = story.conflicts or conflicts(facts, texts)
    return {
        "id": story.id,
        "title": english_title(story, docs, facts, line),
        "title_language": "en",
        "original_title": story.title,
        "original_title_language": story.title_language,
        "languages": story.languages,
        "documents": story.documents,
        "units": [{"document": d, "unit": u} for d, u in story.units],
        "summary": story.summary or english_summary(story, docs, facts, line, rows, found),
        "timeline": line,
        "events": story.events or _public(facts["events"]),
        "figures": story.figures or facts["figures"],
        "figure_rows": rows,
        "quotes": story.quotes or facts["quotes"],
        "entities": story.entities or facts["entities"],
        "conflicts": found,
    }


# Working fields of the facts that the brief does not carry.
_INTERNAL = ("trigger_evidence", "published", "language")


def _public(events: list[dict]) -> list[dict]:
    return [{k: v for k, v in e.items() if k not in _INTERNAL} for e in events]


def build_brief(docs: Iterable[Document], stories: Iterable[StoryRecord], generated: dt.datetime | None = None) -> dict:
    by_id = {d.id: d for d in docs}
    stories = list(stories)
    facts = [story_facts(s, by_id) for s in stories]
    mention_ids = {k: v for f in facts for k, v in f["mention_ids"].items()}
    return {
        "schema": SCHEMA,
        "generated": (generated or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        "documents": [document_dict(d, mention_ids) for d in by_id.values()],
        "stories": [story_dict(s, by_id, f) for s, f in zip(stories, facts)],
        # Original texts travel with the brief so every offset can be checked
        # and the HTML page can show evidence in context.
        "texts": {d.id: d.text for d in by_id.values()},
    }
