"""A story's facts from its documents' extractions, every one with evidence.

Within a story, mentions with the same type and canonical name are one
entity (cross-document linking of spelling variants comes with issue 5).
Events, figures and quotes are listed in text order, each pointing at the
characters it came from; speakers, claimants, places and actors point at
entity ids.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..records import Document, Evidence, StoryRecord
from .summary import evidence_dict


def _in_unit(doc: Document, unit: int, pos: int) -> bool:
    return any(s.unit == unit and s.start <= pos < s.end for s in doc.segments)


def story_facts(story: StoryRecord, docs: dict[str, Document]) -> dict[str, Any]:
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    by_name: dict[str, str] = {}
    mention_ids: dict[tuple[str, int], str] = {}
    surface: dict[str, Counter[str]] = {}
    for doc_id, unit in story.units:
        doc = docs[doc_id]
        for m in doc.mentions:
            if not _in_unit(doc, unit, m.start):
                continue
            key = (m.type, m.canonical)
            if key not in entities:
                eid = f"{story.id}/e{len(entities) + 1}"
                entities[key] = {"id": eid, "name": m.canonical, "type": m.type, "aliases": [], "mentions": []}
                surface[eid] = Counter()
            ent = entities[key]
            text = doc.text[m.start : m.end]
            surface[ent["id"]][text] += 1
            ent["mentions"].append(evidence_dict(Evidence.of(doc, m.start, m.end)))
            mention_ids[(doc_id, m.start)] = ent["id"]
            by_name.setdefault(m.canonical, ent["id"])
    for ent in entities.values():
        ent["aliases"] = sorted(surface[ent["id"]])

    def eid(name: str | None) -> str | None:
        return by_name.get(name) if name else None

    events, figures, quotes = [], [], []
    for doc_id, unit in story.units:
        doc = docs[doc_id]
        for e in doc.events:
            if not _in_unit(doc, unit, e.trigger_start):
                continue
            ev = [evidence_dict(Evidence.of(doc, e.start, e.end))]
            events.append(
                {
                    "type": e.type,
                    "date": e.date,
                    "date_text": doc.text[e.date_start : e.date_end] if e.date_start is not None else None,
                    "text": " ".join(doc.text[e.start : e.end].split()),
                    "trigger": doc.text[e.trigger_start : e.trigger_end],
                    "place": eid(e.place),
                    "actors": [x for x in (eid(a) for a in e.actors) if x],
                    "evidence": ev,
                }
            )
        for f in doc.figures:
            if not _in_unit(doc, unit, f.start):
                continue
            figures.append(
                {
                    "what": f.what,
                    "value": f.value,
                    "low": f.low,
                    "high": f.high,
                    "qualifier": f.qualifier,
                    "unit": f.unit,
                    "claimed_by": eid(f.claimed_by),
                    "claimed_by_text": doc.text[f.claim_start : f.claim_end] if f.claim_start is not None else None,
                    "evidence": [evidence_dict(Evidence.of(doc, f.start, f.end))],
                }
            )
        for q in doc.quotes:
            if not _in_unit(doc, unit, q.start):
                continue
            quotes.append(
                {
                    "speaker": eid(q.speaker),
                    "speaker_name": q.speaker,
                    "speaker_text": doc.text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None,
                    "text": doc.text[q.start : q.end],
                    "direct": q.direct,
                    "evidence": [evidence_dict(Evidence.of(doc, q.start, q.end))],
                }
            )
    return {
        "entities": list(entities.values()),
        "events": events,
        "figures": figures,
        "quotes": quotes,
        "mention_ids": mention_ids,
    }
