"""The reconcile stage: a story's stored documents in, a typed :class:`StoryBrief` out.

Everything the brief says about a story is decided here: the linked facts,
the timeline, the merged figures, the conflicts, the title and the summary.
``render`` and ``web`` only present the result (``StoryBrief.to_dict``).
"""

from __future__ import annotations

from typing import Any

from ..records import Document, Evidence, StoryRecord
from .conflicts import find_conflicts
from .facts import story_facts
from .figures import build_figure_rows
from .model import CONFIDENT, Claim, Conflict, StoryBrief, SummarySentence
from .summary import story_title, story_view, summarise
from .timeline import build_timeline, date_governs

# Confidence of a stored conflict (the brief's dict form) that has none: claims
# from two documents at least are a disagreement between sources; claims of
# one document alone are shown, but as uncertain (a report may set out both
# sides of a question without being two sources).
TWO_DOCUMENTS, ONE_DOCUMENT = 0.7, 0.4
# Working fields of the facts that the brief's event list does not carry.
INTERNAL = ("trigger_evidence", "published", "language", "segment")


def reconcile(story: StoryRecord, docs: dict[str, Document], facts: dict[str, Any] | None = None) -> StoryBrief:
    """The story's brief, every item with its evidence and confidence."""
    facts = facts or story_facts(story, docs)
    texts = {d: docs[d].text for d in story.documents}
    line, undated = build_timeline(facts, texts)
    rows = build_figure_rows(facts["figures"])
    found = [conflict_from_dict(c) for c in story.conflicts] if story.conflicts else find_conflicts(facts, texts)
    view = story_view(facts, docs)
    quotes = story.quotes or facts["quotes"]
    title, title_language = story_title(story, docs, view, line, undated)
    if story.summary:
        summary = [
            SummarySentence(s["text"], s.get("evidence", []), s.get("kind", "event"), s.get("confidence", CONFIDENT))
            for s in story.summary
        ]
    else:
        summary = summarise(story, view, line, undated, rows, found, quotes)
    return StoryBrief(
        id=story.id,
        title=title,
        original_title=story.title,
        original_title_language=story.title_language,
        languages=story.languages,
        documents=story.documents,
        units=story.units,
        summary=summary,
        timeline=line,
        undated=undated,
        events=story.events or [_public(e, texts) for e in facts["events"]],
        figures=story.figures or facts["figures"],
        figure_rows=rows,
        quotes=quotes,
        entities=story.entities or facts["entities"],
        claims=[c for x in found for c in x.claims],
        conflicts=found,
        title_language=title_language,
    )


def _public(event: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """An event as the brief lists it, sentence by sentence; ``date_in_clause``
    says whether its date words date it (the timeline's rule) or belong to
    another clause or sentence."""
    out = {k: v for k, v in event.items() if k not in INTERNAL}
    out["date_in_clause"] = date_governs(event, texts)
    return out


def conflict_from_dict(c: dict[str, Any]) -> Conflict:
    """A conflict in the brief's dict form (a stored story's), typed."""
    kind = c["type"]
    claims = []
    for x in c["claims"]:
        ev = x["evidence"][0]
        claims.append(
            Claim(
                text=x["text"],
                evidence=Evidence(ev["document"], ev["start"], ev["end"], ev["text"]),
                source=x.get("source", ""),
                claimed_by=x.get("claimed_by"),
                types=frozenset({kind}),
                polarity={kind: x.get("stance", "positive")},
                attributed=bool(x.get("claimed_by")),
                confidence=x.get("confidence", CONFIDENT),
            )
        )
    against = [x for x in claims if x.polarity[kind] in ("negative", "halted")]
    supporting = [x for x in claims if x.polarity[kind] not in ("negative", "halted")]
    documents = {x.evidence.document for x in claims}
    confidence = c.get("confidence", TWO_DOCUMENTS if len(documents) > 1 else ONE_DOCUMENT)
    return Conflict(about=c["about"], type=kind, against=against, supporting=supporting, confidence=confidence)


__all__ = ["conflict_from_dict", "reconcile"]
