"""Stories: groups of article units about one event.

Until cross-document linking exists, every article unit with reporting
(headline or body) is its own story; a second article glued into a
document after a teaser is a unit of its own, so it never distorts the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..records import REPORTING_KINDS, Document, StoryRecord

# Titles made from a lead sentence are cut to this many words.
MAX_TITLE_WORDS = 14


def story_id(doc_id: str, unit: int) -> str:
    return f"s-{doc_id}" if unit == 0 else f"s-{doc_id}-u{unit}"


def _title(doc: Document, unit: int) -> tuple[str, str | None]:
    segs = [s for s in doc.segments if s.unit == unit]
    for seg in segs:
        if seg.kind == "headline":
            return " ".join(doc.text[seg.start : seg.end].split()), seg.language
    for sent in doc.sentences:
        seg = doc.segments[sent.segment]
        if seg.unit == unit and seg.kind == "body":
            words = doc.text[sent.start : sent.end].split()
            text = " ".join(words[:MAX_TITLE_WORDS])
            text = re.sub(r"[,;:]$", "", text)
            return (text + " …" if len(words) > MAX_TITLE_WORDS else text), seg.language
    return doc.id, None


def stories_per_unit(docs: Iterable[Document]) -> list[StoryRecord]:
    stories = []
    for doc in docs:
        for unit in doc.units():
            segs = [s for s in doc.segments if s.unit == unit and s.kind in REPORTING_KINDS]
            if not segs:
                continue
            title, title_language = _title(doc, unit)
            langs = sorted({s.language for s in segs if s.language} or ({doc.language} if doc.language else set()))
            stories.append(
                StoryRecord(
                    id=story_id(doc.id, unit),
                    title=title,
                    documents=[doc.id],
                    languages=langs,
                    units=[(doc.id, unit)],
                    title_language=title_language,
                )
            )
    return stories
