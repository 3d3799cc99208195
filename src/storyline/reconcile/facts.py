"""A story's facts from its documents' extractions, every one with evidence.

Within a story, mentions are linked into entities across documents and
languages (:mod:`storyline.link.entities`).
Events, figures and quotes are listed in text order, each pointing at the
characters it came from; speakers, claimants, places and actors point at
entity ids.
"""

from __future__ import annotations

from typing import Any

from ..link.entities import link
from ..records import Document, Evidence, StoryRecord
from .summary import evidence_dict


def _in_unit(doc: Document, unit: int, pos: int) -> bool:
    return any(s.unit == unit and s.start <= pos < s.end for s in doc.segments)


def _language_at(doc: Document, pos: int) -> str:
    seg = next((s for s in doc.segments if s.start <= pos < s.end), None)
    return (seg.language if seg else None) or doc.language or "en"


def story_facts(story: StoryRecord, docs: dict[str, Document]) -> dict[str, Any]:
    mentions = [
        (docs[doc_id], m) for doc_id, unit in story.units for m in docs[doc_id].mentions if _in_unit(docs[doc_id], unit, m.start)
    ]
    linked = link(mentions)
    mention_ids: dict[tuple[str, int], str] = {}
    in_doc: dict[tuple[str, str], str] = {}  # (document, canonical name) -> entity id
    by_name: dict[str, str] = {}
    entities = []
    for ent in linked:
        for doc_id, m in ent.mentions:
            mention_ids[(doc_id, m.start)] = ent.id
            in_doc.setdefault((doc_id, m.canonical), ent.id)
            by_name.setdefault(m.canonical, ent.id)
        entities.append(
            {
                "id": ent.id,
                "name": ent.name,
                "name_en": ent.english or ent.name,
                "type": ent.type,
                "aliases": sorted(set(ent.surfaces) | set(ent.names)),
                "mentions": [evidence_dict(Evidence.of(docs[d], m.start, m.end)) for d, m in ent.mentions],
            }
        )

    def eid(name: str | None, doc_id: str = "") -> str | None:
        return (in_doc.get((doc_id, name)) or by_name.get(name)) if name else None

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
                    "trigger_evidence": evidence_dict(Evidence.of(doc, e.trigger_start, e.trigger_end)),
                    "published": doc.published.isoformat() if doc.published else None,
                    "language": _language_at(doc, e.trigger_start),
                    "place": eid(e.place, doc_id),
                    "actors": list(dict.fromkeys(x for x in (eid(a, doc_id) for a in e.actors) if x)),
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
                    "claimed_by": eid(f.claimed_by, doc_id),
                    "claimed_by_text": doc.text[f.claim_start : f.claim_end] if f.claim_start is not None else None,
                    "evidence": [evidence_dict(Evidence.of(doc, f.start, f.end))],
                }
            )
        for q in doc.quotes:
            if not _in_unit(doc, unit, q.start):
                continue
            quotes.append(
                {
                    "speaker": eid(q.speaker, doc_id),
                    "speaker_name": q.speaker,
                    "speaker_text": doc.text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None,
                    "text": doc.text[q.start : q.end],
                    "direct": q.direct,
                    "cue": doc.text[q.cue_start : q.cue_end] if q.cue_start is not None else None,
                    "language": _language_at(doc, q.start),
                    "evidence": [evidence_dict(Evidence.of(doc, q.start, q.end))],
                }
            )
    return {
        "entities": entities,
        "events": events,
        "figures": figures,
        "quotes": quotes,
        "mention_ids": mention_ids,
    }
