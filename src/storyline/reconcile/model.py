"""The typed records of the reconcile stage.

``reconcile`` turns a story's stored documents into a :class:`StoryBrief`;
``render`` and ``web`` only present it. Every record carries its evidence
(document id and character offsets into the original text, see
:class:`storyline.records.Evidence`) and a confidence in 0..1. ``to_dict``
gives the brief's JSON form (docs/brief-format.md): the keys the brief has
always had, plus the new ones, so readers of older briefs keep working.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import Evidence

POLARITIES: tuple[str, ...] = ("positive", "negative", "halted", "completed")
# Below this confidence an item is shown as weakly supported, never in the summary.
CONFIDENT = 0.6


def evidence_json(ev: Evidence) -> dict[str, Any]:
    return {"document": ev.document, "start": ev.start, "end": ev.end, "text": ev.text}


@dataclass(slots=True)
class Claim:
    """What one source says about one kind of event, with its polarity.

    ``source`` is an entity id, ``"speaker:<words>"`` for an unlinked
    speaker, or ``"report:<document>"`` for an outlet's own reporting.
    """

    text: str
    evidence: Evidence
    source: str
    claimed_by: str | None  # entity id of the speaker, when linked
    types: frozenset[str]  # kinds of event the claim is about
    polarity: dict[str, str]  # kind -> one of POLARITIES
    attributed: bool = False
    place: str | None = None  # entity id
    date: str | None = None  # "YYYY-MM-DD" when the claim's clause is dated
    confidence: float = 0.5

    def to_dict(self, kind: str) -> dict[str, Any]:
        return {
            "text": self.text,
            "claimed_by": self.claimed_by,
            "source": self.source,
            "stance": self.polarity.get(kind, "positive"),
            "confidence": round(self.confidence, 3),
            "evidence": [evidence_json(self.evidence)],
        }


@dataclass(slots=True)
class Conflict:
    """Two or more sources saying opposite things about one event."""

    about: str  # English: "whether the evacuation happened"
    type: str  # the kind of event
    against: list[Claim]  # the negative / halted side
    supporting: list[Claim]  # the positive / completed side
    confidence: float = 0.5

    @property
    def claims(self) -> list[Claim]:
        return self.against + self.supporting

    def evidence(self) -> list[Evidence]:
        return [c.evidence for c in self.claims]

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": self.about,
            "type": self.type,
            "confidence": round(self.confidence, 3),
            "claims": [c.to_dict(self.type) for c in self.claims],
        }


@dataclass(slots=True)
class FigureRow:
    """Figures that count the same thing (noun class and predicate), with every source's value."""

    what: str
    unit: str
    low: float | None
    high: float | None
    sources: list[dict[str, Any]]  # the story's figure dicts, each with its evidence
    predicate: str | None = None
    vague: bool = False
    disagree: bool = False  # sources give non-overlapping ranges for the same thing
    confidence: float = 0.5

    def evidence(self) -> list[dict[str, Any]]:
        return [ev for f in self.sources for ev in f["evidence"]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "unit": self.unit,
            "predicate": self.predicate,
            "low": self.low,
            "high": self.high,
            "vague": self.vague,
            "disagree": self.disagree,
            "confidence": round(self.confidence, 3),
            "sources": self.sources,
            "evidence": self.evidence(),
        }


@dataclass(slots=True)
class TimelineEntry:
    """One event (type, place, date) of a story, with every source reporting it."""

    type: str
    date: str | None  # None: undated (listed apart, never put on a publication date)
    date_source: str  # "text" | "none"
    text: str  # English line
    date_texts: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # entity ids
    actors: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    halted: bool = False
    evidence: list[dict[str, Any]] = field(default_factory=list)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "date_source": self.date_source,
            "type": self.type,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
            "text": self.text,
            "date_texts": self.date_texts,
            "places": self.places,
            "actors": self.actors,
            "documents": self.documents,
            "sources": len(self.documents),
            "halted": self.halted,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class SummarySentence:
    text: str
    evidence: list[dict[str, Any]]
    kind: str = "event"  # event | figure | conflict | statement | background
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "confidence": round(self.confidence, 3), "evidence": self.evidence}


@dataclass(slots=True)
class StoryBrief:
    """Everything the brief says about one story."""

    id: str
    title: str
    original_title: str
    original_title_language: str | None
    languages: list[str]
    documents: list[str]
    units: list[tuple[str, int]]
    summary: list[SummarySentence]
    timeline: list[TimelineEntry]
    undated: list[TimelineEntry]
    events: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    figure_rows: list[FigureRow]
    quotes: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    claims: list[Claim]
    conflicts: list[Conflict]
    # "en" for a title made from the facts or an English headline; the
    # original headline's language when no English title could be made.
    title_language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_language": self.title_language,
            "original_title": self.original_title,
            "original_title_language": self.original_title_language,
            "languages": self.languages,
            "documents": self.documents,
            "units": [{"document": d, "unit": u} for d, u in self.units],
            "summary": [s.to_dict() for s in self.summary],
            "timeline": [t.to_dict() for t in self.timeline],
            "undated": [t.to_dict() for t in self.undated],
            "events": self.events,
            "figures": self.figures,
            "figure_rows": [r.to_dict() for r in self.figure_rows],
            "quotes": self.quotes,
            "entities": self.entities,
            "conflicts": [c.to_dict() for c in self.conflicts],
        }
