"""A story's facts from its documents' extractions, every one with evidence.

Within a story, mentions are linked into entities across documents and
languages (:mod:`storyline.link.entities`).
Events, figures and quotes are listed in text order, each pointing at the
characters it came from; speakers, claimants, places and actors point at
entity ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..extract.spans import SegmentIndex
from ..link.entities import link
from ..records import Document, Event, Evidence, Figure, Quote, StoryRecord
from .model import evidence_json


def _language_at(doc: Document, where: SegmentIndex, pos: int) -> str:
    seg = where.at(pos)
    return (seg.language if seg else None) or doc.language or "en"


def _segment_at(where: SegmentIndex, pos: int) -> str:
    seg = where.at(pos)
    return seg.kind if seg else "body"


def _span(doc: Document, start: int | None, end: int | None) -> dict[str, Any] | None:
    return evidence_json(Evidence.of(doc, start, end)) if start is not None and end is not None else None


def _confidence(value: float) -> float | None:
    """0 is "unknown" in analyses made before confidences existed: kept apart
    from a real low score, so old analyses are not all shown as uncertain."""
    return round(value, 3) if value else None


class _EntityIds:
    """Where a story's linked entities are named: by mention (exact) and by name."""

    def __init__(self) -> None:
        self.by_mention: dict[tuple[str, int], str] = {}
        self.in_doc: dict[tuple[str, str], str] = {}  # (document, canonical name) -> entity id
        self.by_name: dict[str, str] = {}

    def by_text(self, name: str | None, doc_id: str = "") -> str | None:
        """By name: for analyses older than the mention offsets on events."""
        return (self.in_doc.get((doc_id, name)) or self.by_name.get(name)) if name else None

    def at(self, doc_id: str, start: int | None) -> str | None:
        """The entity of the mention starting at ``start``: exact where names are ambiguous."""
        return self.by_mention.get((doc_id, start)) if start is not None else None

    def actors(self, doc_id: str, names: list[str], spans: list[tuple[int, int]]) -> list[str]:
        """Entity ids of an event's actors, each by its mention when the analysis
        gives one (``spans``, same order as ``names``), else by name."""
        found = []
        for i, name in enumerate(names):
            span = spans[i] if i < len(spans) else None
            found.append(self.at(doc_id, span[0] if span else None) or self.by_text(name, doc_id))
        return list(dict.fromkeys(x for x in found if x))


def story_facts(story: StoryRecord, docs: dict[str, Document]) -> dict[str, Any]:
    # Each document's items sorted into units once (a scan of all of them per
    # unit, and of all segments per item, was cubic on long documents).
    where = {doc_id: SegmentIndex(docs[doc_id].segments) for doc_id, _ in story.units}
    grouped: dict[tuple[str, str], dict[int, list[Any]]] = {}

    def in_unit(doc_id: str, unit: int, kind: str, pos: Callable[[Any], int]) -> list[Any]:
        if (doc_id, kind) not in grouped:
            grouped[(doc_id, kind)] = where[doc_id].by_unit(getattr(docs[doc_id], kind), pos)
        return grouped[(doc_id, kind)].get(unit, [])

    mentions = [(docs[doc_id], m) for doc_id, unit in story.units for m in in_unit(doc_id, unit, "mentions", lambda m: m.start)]
    ids = _EntityIds()
    entities = [_entity_dict(ent, docs, ids) for ent in link(mentions)]
    events, figures, quotes = [], [], []
    for doc_id, unit in story.units:
        doc = docs[doc_id]
        events += [_event_dict(doc, e, where[doc_id], ids) for e in in_unit(doc_id, unit, "events", lambda e: e.trigger_start)]
        figures += [_figure_dict(doc, f, ids) for f in in_unit(doc_id, unit, "figures", lambda f: f.start)]
        quotes += [_quote_dict(doc, q, where[doc_id], ids) for q in in_unit(doc_id, unit, "quotes", lambda q: q.start)]
    return {
        "entities": entities,
        "events": events,
        "figures": figures,
        "quotes": quotes,
        "mention_ids": ids.by_mention,
    }


def _entity_dict(ent: Any, docs: dict[str, Document], ids: _EntityIds) -> dict[str, Any]:
    """One linked entity (``link.entities.Entity``), its mentions recorded in ``ids``."""
    for doc_id, m in ent.mentions:
        ids.by_mention[(doc_id, m.start)] = ent.id
        ids.in_doc.setdefault((doc_id, m.canonical), ent.id)
        ids.by_name.setdefault(m.canonical, ent.id)
    return {
        "id": ent.id,
        "name": ent.name,
        "name_en": ent.english or ent.name,
        "in_gazetteer": ent.english is not None,  # a place the gazetteer knows, by its English name
        "type": ent.type,
        "aliases": sorted(set(ent.surfaces) | set(ent.names)),
        "mentions": [evidence_json(Evidence.of(docs[d], m.start, m.end)) for d, m in ent.mentions],
    }


def _event_dict(doc: Document, e: Event, where: SegmentIndex, ids: _EntityIds) -> dict[str, Any]:
    return {
        "type": e.type,
        "date": e.date,
        "date_text": doc.text[e.date_start : e.date_end] if e.date_start is not None else None,
        "date_evidence": _span(doc, e.date_start, e.date_end),
        "text": " ".join(doc.text[e.start : e.end].split()),
        "trigger": doc.text[e.trigger_start : e.trigger_end],
        "trigger_evidence": evidence_json(Evidence.of(doc, e.trigger_start, e.trigger_end)),
        "published": doc.published.isoformat() if doc.published else None,
        "language": _language_at(doc, where, e.trigger_start),
        "segment": _segment_at(where, e.trigger_start),
        "place": ids.at(doc.id, e.place_start) or ids.by_text(e.place, doc.id),
        "actors": ids.actors(doc.id, e.actors, e.actor_spans),
        "target": ids.at(doc.id, e.target_start) or ids.by_text(e.target, doc.id),
        "target_text": doc.text[e.target_start : e.target_end] if e.target_start is not None else None,
        "acled_event_type": e.acled_event_type,
        "acled_sub_event_type": e.acled_sub_event_type,
        "fatalities": e.fatalities,
        "fatalities_evidence": _span(doc, e.fatalities_start, e.fatalities_end),
        "negated": e.negated,
        "confidence": _confidence(e.confidence),
        "evidence": [evidence_json(Evidence.of(doc, e.start, e.end))],
    }


def _figure_dict(doc: Document, f: Figure, ids: _EntityIds) -> dict[str, Any]:
    return {
        "what": f.what,
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "qualifier": f.qualifier,
        "unit": f.unit,
        "claimed_by": ids.by_text(f.claimed_by, doc.id),
        "claimed_by_text": doc.text[f.claim_start : f.claim_end] if f.claim_start is not None else None,
        "noun": f.noun,
        "predicate": f.predicate,
        "predicate_evidence": _span(doc, f.predicate_start, f.predicate_end),
        "vague": f.vague,
        "confidence": _confidence(f.confidence),
        "evidence": [evidence_json(Evidence.of(doc, f.start, f.end))],
    }


def _quote_dict(doc: Document, q: Quote, where: SegmentIndex, ids: _EntityIds) -> dict[str, Any]:
    return {
        "speaker": ids.by_text(q.speaker, doc.id),
        "speaker_name": q.speaker,
        "speaker_text": doc.text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None,
        "text": doc.text[q.start : q.end],
        "direct": q.direct,
        "kind": q.kind or ("direct" if q.direct else "reported"),
        "confidence": _confidence(q.confidence),
        "cue": doc.text[q.cue_start : q.cue_end] if q.cue_start is not None else None,
        "language": _language_at(doc, where, q.start),
        "evidence": [evidence_json(Evidence.of(doc, q.start, q.end))],
    }
