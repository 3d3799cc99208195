"""Typed records that flow through every stage of the pipeline.

Offsets are always Unicode code-point offsets into ``Document.text``, the
document's original text (for HTML input: the main text we extracted). No
stage rewrites ``Document.text``; every later record points into it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

SEGMENT_KINDS: tuple[str, ...] = ("headline", "body", "teaser", "byline", "comments", "other")
# Kinds whose words are reporting; everything else is never presented as such.
REPORTING_KINDS: frozenset[str] = frozenset({"headline", "body"})


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
    anatomy_version: str | None = None

    def units(self) -> list[int]:
        return sorted({s.unit for s in self.segments})


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
