"""Typed records that flow through every stage of the pipeline.

Offsets are always Unicode code-point offsets into ``Document.text``, the
document's original text (for HTML input: the main text we extracted). No
stage rewrites ``Document.text``; every later record points into it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SEGMENT_KINDS: tuple[str, ...] = ("headline", "body", "teaser", "byline", "comments", "other")
# Kinds whose words are reporting; everything else is never presented as such.
REPORTING_KINDS: frozenset[str] = frozenset({"headline", "body"})
# The story index lists a unit's story under its entity keys and its
# TERM_KEYS heaviest terms and anchors, those written with TERM_PREFIX
# ("T:" keys beside the entity keys; see link/stories.py).
TERM_KEYS = 8
TERM_PREFIX = "T:"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The exact characters a statement came from."""

    document: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, document: Document, start: int, end: int) -> Evidence:
        return cls(document.id, start, end, document.text[start:end])


@dataclass(slots=True)
class Segment:
    """A stretch of a document with one role.

    ``unit`` numbers the articles inside one document: a second article
    glued after a teaser gets ``unit`` 1 and is analysed on its own.
    """

    kind: str
    start: int
    end: int
    language: str | None = None
    unit: int = 0


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    segment: int  # index into Document.segments


@dataclass(slots=True)
class Document:
    """One input text with its metadata and anatomy."""

    id: str
    text: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    published_is_estimate: bool = False
    language: str | None = None  # given in metadata, or detected from the body
    language_given: bool = False
    origin: str = ""  # where it came from: path, or path:line for JSON Lines
    format: str = "text"  # text | html | json
    content_hash: str = ""
    near_duplicate_of: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as cp1250"
    meta: dict[str, Any] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    anatomy_version: str | None = None  # the version of the whole analysis pipeline
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def units(self) -> list[int]:
        return sorted({s.unit for s in self.segments})


ENTITY_TYPES: tuple[str, ...] = ("person", "organization", "location", "group", "other")
EVENT_TYPES: tuple[str, ...] = (
    "evacuation", "agreement", "ceasefire", "armed_clash", "attack", "killing",
    "negotiation", "statement", "displacement", "aid", "other",
    # Added with the ACLED mapping (docs/brief-format.md): each may carry
    # ``acled_event_type`` / ``acled_sub_event_type``.
    "explosion", "protest", "riot", "territory_change", "arrest", "abduction",
    "sexual_violence", "looting", "disaster",
)
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "at_least", "at_most")


@dataclass(slots=True)
class Mention:
    """A name in the text: ``canonical`` is its nominative, dictionary form."""

    start: int
    end: int
    type: str  # one of ENTITY_TYPES
    canonical: str
    backend: str = ""


@dataclass(slots=True)
class TimeExpr:
    """A temporal expression and what it resolves to.

    ``value`` follows TIMEX3: "2016-12-15", "2016-12", "2016", "2016-W50",
    "P3D" (durations), "PRESENT_REF"; None when it cannot be resolved without
    inventing (a weekday in an undated document). ``date`` is set when the
    value names one day.
    """

    start: int
    end: int
    kind: str  # date | time | duration | set
    value: str | None
    date: str | None = None  # "YYYY-MM-DD"


@dataclass(slots=True)
class Quote:
    """Who said what. ``start``/``end`` span the quoted words (direct) or the reported clause."""

    start: int
    end: int
    direct: bool
    speaker: str | None = None  # canonical name of the speaker's entity
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None  # the reporting verb or phrase
    cue_end: int | None = None
    kind: str = ""  # direct | reported ("X said that ...") | attribution ("according to X"); "" in old analyses
    confidence: float = 0.0  # how sure the attribution is, 0..1 (0: unknown, old analyses)


@dataclass(slots=True)
class Figure:
    """A count with its qualifier: ``value`` for a point, ``low``/``high`` for a range."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # one of QUALIFIERS
    unit: str  # people | things | ...
    what: str  # English noun phrase for what is counted
    what_start: int | None = None
    what_end: int | None = None
    claimed_by: str | None = None  # canonical name of who claims it
    claim_start: int | None = None
    claim_end: int | None = None
    noun: str | None = None  # the counted noun's lemma in the text's language ("civil", "dockworker")
    predicate: str | None = None  # English class of what happened to them: killed, wounded, evacuated, displaced, ...
    predicate_start: int | None = None
    predicate_end: int | None = None
    vague: bool = False  # "thousands", "desetak": low/high follow ACLED's conservative reading
    confidence: float = 0.0


@dataclass(slots=True)
class Event:
    """Something that happened, typed, in the sentence ``start``/``end``."""

    type: str  # one of EVENT_TYPES
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    date: str | None = None
    date_start: int | None = None
    date_end: int | None = None
    place: str | None = None  # canonical name of a location mention
    actors: list[str] = field(default_factory=list)  # canonical names
    place_start: int | None = None  # the place mention's characters
    place_end: int | None = None
    actor_spans: list[tuple[int, int]] = field(default_factory=list)  # one per actor, same order
    target: str | None = None  # canonical name of who was targeted (civilians, a group)
    target_start: int | None = None
    target_end: int | None = None
    acled_event_type: str | None = None  # e.g. "Battles", "Explosions/Remote violence"
    acled_sub_event_type: str | None = None  # e.g. "Armed clash", "Shelling/artillery/missile attack"
    fatalities: int | None = None  # ACLED's most conservative reading of the linked figure
    fatalities_start: int | None = None  # the figure's characters
    fatalities_end: int | None = None
    negated: bool = False  # the sentence reports that it did not happen
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be ingested, with the reason in one line."""

    origin: str
    reason: str
    code: str = "input"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(slots=True)
class StoryRecord:
    """A group of article units about one event (issue 3: one unit each)."""

    id: str
    title: str
    documents: list[str]
    languages: list[str]
    units: list[tuple[str, int]]  # (document id, unit)
    title_language: str | None = None  # "en" once titles are generated in English
    summary: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def split_id(base: str, taken: int) -> str:
    """The id of a split-off story whose own name is taken by a live story:
    "%" and a number (story ids made by ``link.stories.story_id_for`` have "%"
    only as "%25" or "%2D", so no document's story can ever be named so)."""
    return f"{base}%{taken + 1}"


def rounded_weights(weights: dict[str, float]) -> dict[str, float]:
    """``{k: round(v, 5)}``: a profile's weights as stored."""
    return {k: round(v, 5) for k, v in weights.items()}


@dataclass
class Profile:
    """What stories are compared by: weighted entity keys, term weights,
    event-type counts (built by ``link.stories``). A plain record here, so
    the store that keeps profiles depends on nothing above it."""

    keys: dict[str, float] = field(default_factory=dict)
    events: Counter[str] = field(default_factory=Counter)
    first: dt.date | None = None
    last: dt.date | None = None
    # Sum of the units' unit-length TF-IDF vectors (their centroid, unscaled).
    terms: dict[str, float] = field(default_factory=dict)
    # How many units the profile sums.
    units: int = 0
    # Sum of the units' unit-length TF-IDF vectors of anchors: numbers and
    # names written in capitals inside a sentence, the terms that read the
    # same in every language (a translation shares them, little else).
    anchors: dict[str, float] = field(default_factory=dict)
    # Sum of the units' unit-length document embeddings (headline and lead),
    # when an embedder is used (the "embed" story profile); empty otherwise.
    embedding: list[float] = field(default_factory=list)

    def add(self, other: Profile, sign: int = 1) -> None:
        """Add (``sign`` 1) or take away (-1) another profile's weights and counts."""
        for mine, theirs in ((self.keys, other.keys), (self.terms, other.terms), (self.anchors, other.anchors)):
            for k, w in theirs.items():
                mine[k] = mine.get(k, 0.0) + sign * w
                if mine[k] <= 1e-9:
                    del mine[k]
        for t, n in other.events.items():
            self.events[t] += sign * n
        self.events = +self.events
        if other.embedding:
            summed = self.embedding or [0.0] * len(other.embedding)
            self.embedding = [a + sign * b for a, b in zip(summed, other.embedding, strict=False)]
        self.units = max(0, self.units + sign * max(other.units, 1 if other.keys or other.terms or other.events else 0))
        dates = [d for d in (self.first, self.last, other.first, other.last) if d]
        if sign > 0 and dates:
            self.first, self.last = min(dates), max(dates)

    def index_keys(self) -> list[str]:
        """What the index lists a story under for this unit: its entity keys and its heaviest terms."""
        top = sorted(self.terms, key=lambda t: (-self.terms[t], t))[:TERM_KEYS]
        anchors = sorted(self.anchors, key=lambda t: (-self.anchors[t], t))[:TERM_KEYS]
        return list(dict.fromkeys([*self.keys, *(TERM_PREFIX + t for t in [*anchors, *top])]))

    def as_dict(self) -> dict[str, Any]:
        return {
            "keys": self.keys,
            "events": dict(self.events),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "terms": rounded_weights(self.terms),
            "anchors": rounded_weights(self.anchors),
            "units": self.units,
            **({"embedding": [round(x, 5) for x in self.embedding]} if self.embedding else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Profile:
        def day(s: str | None) -> dt.date | None:
            return dt.date.fromisoformat(s) if s else None

        return cls(
            dict(d.get("keys", {})),
            Counter(d.get("events", {})),
            day(d.get("first")),
            day(d.get("last")),
            dict(d.get("terms", {})),
            int(d.get("units", 0)),
            dict(d.get("anchors", {})),
            list(d.get("embedding", [])),
        )


@dataclass
class UnitProfile:
    """One article unit's profile, as it joined its story."""

    document: str
    unit: int
    profile: Profile
