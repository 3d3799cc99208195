"""ACLED-style CSV: one row per stored event, for analysts who code conflict data.

The columns carry ACLED's names where we know the value (docs/export.md
lists them with their meaning), followed by our evidence columns
(``document``, ``start``, ``end``: the sentence the event was read from),
so every row can be checked against the words it came from.

An event becomes a row only when it says something an ACLED coder could
use. Left out, and counted by reason (the CLI prints the counts on
stderr, the API sends them in a header):

- negated events: the text reports that they did not happen;
- events without an ACLED type: kinds ACLED does not code (statements,
  talks), and analyses made before the ACLED mapping (counted apart);
- events in teasers or reader comments: not reporting;
- events dated only to a year, and undated events of undated documents;
- events below the requested confidence.

Fatalities follow ACLED's most conservative reading: a range counts its
low end, a vague count ("dozens") the low end the figure extractor's
language data gives it (12 for "dozens", 100 for "hundreds"); "up to N"
gives no number, since ACLED's rule is to never code more than the
sources support and "up to" supports no least number.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..extract.events import conservative
from ..extract.spans import SegmentIndex
from ..reconcile.timeline import date_governs
from ..records import REPORTING_KINDS, Document, Event, Figure
from ..registry import exporters
from .brief import source_of
from .places import Location, locate

# ACLED's own columns, in ACLED's order, that we fill (or leave empty where
# the value needs knowledge we do not have: source_scale, assoc_actor_2).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "civilian_targeting", "iso", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
)  # fmt: skip
# Ours: where the date came from, our event kind, how sure the extraction is,
# and the evidence (document id, code-point offsets into its original text).
OWN_COLUMNS: tuple[str, ...] = (
    "date_source", "storyline_type", "confidence", "document", "start", "end",
    "place_text", "fatalities_start", "fatalities_end",
)  # fmt: skip
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + OWN_COLUMNS

# ACLED's time_precision: 1 the day is known, 2 only the week (or "a few
# days"), 3 only the month. An event the text does not date is placed on
# its document's publication date as precision 2: news reports what
# happened on or shortly before the day it appears; an estimated
# publication date (crawled pages) only tells the month.
TIME_DAY, TIME_WEEK, TIME_MONTH = 1, 2, 3
# ACLED codes a month-only date on the middle of the month.
MID_MONTH = 15

# ACLED's disorder_type of each event type (ACLED's 2023 column guide);
# sub-event types that differ from their event type are listed apart.
DISORDER_TYPE: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_SUB_TYPE: dict[str, str] = {
    "Violent demonstration": "Demonstrations",
    "Excessive force against protesters": "Political violence; Demonstrations",
}
# Every "Violence against civilians" event targets civilians by definition;
# for other types ACLED decides from who the primary target was, which we
# do not know well enough to claim.
CIVILIAN_TARGETING_TYPES = frozenset({"Violence against civilians"})

# Why an event is not a row, as the count's label says it.
REASONS: dict[str, str] = {
    "negated": "reported as not having happened",
    "no_acled_type": "of a kind ACLED does not code (evacuation, aid, talks, statement, ...)",
    "older_analysis": "analysed before the ACLED mapping (ingest again to code them)",
    "not_reporting": "in a teaser or reader comments",
    "undated": "no date in the text and no publication date",
    "year_only": "dated only to a year",
    "below_confidence": "below the minimum confidence",
}

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportOptions:
    """Which events to export. ``units``: only events in these (document, unit) pairs (one story)."""

    min_confidence: float = 0.0
    units: frozenset[tuple[str, int]] | None = None


@dataclass(slots=True)
class Exported:
    """An export's content, with how many events were left out and why."""

    filename: str
    media_type: str
    content: str
    rows: int
    left_out: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """One line for a person: rows written, and each reason for leaving events out."""
        line = f"{self.rows} rows"
        if self.left_out:
            parts = ", ".join(f"{n} {REASONS.get(k, k)}" for k, n in sorted(self.left_out.items()))
            line += f"; {sum(self.left_out.values())} events left out: {parts}"
        return line

    def header(self) -> str:
        """The counts for an HTTP header: ``negated=2; no_acled_type=5``."""
        return "; ".join(f"{k}={n}" for k, n in sorted(self.left_out.items()))


@dataclass(frozen=True, slots=True)
class EventDate:
    day: str  # "YYYY-MM-DD"
    precision: int
    source: str  # "text" | "publication"


def event_date(event: Event, doc: Document, language: str = "") -> EventDate | str:
    """The day ACLED would code, or the reason there is none.

    The text's date counts only when it is the event's own (:func:`own_date`):
    "rockets hit the depot, the governor said on Friday" does not date the
    rockets. Otherwise the publication date stands in, flagged as such."""
    value = event.date if own_date(doc, event, language or doc.language or "en") else None
    if value:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return EventDate(value, TIME_DAY, "text")
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return EventDate(f"{value}-{MID_MONTH:02d}", TIME_MONTH, "text")
        if week := _WEEK.match(value):
            # ACLED codes a known week on its middle day (Wednesday).
            day = dt.date.fromisocalendar(int(week[1]), int(week[2]), 3)
            return EventDate(day.isoformat(), TIME_WEEK, "text")
        if re.fullmatch(r"\d{4}", value):
            return "year_only"
    if doc.published is None:
        return "undated"
    precision = TIME_MONTH if doc.published_is_estimate else TIME_WEEK
    return EventDate(doc.published.isoformat(), precision, "publication")


def own_date(doc: Document, event: Event, language: str) -> bool:
    """The event's date words lie in its own sentence and clause: the timeline's rule
    (:func:`storyline.reconcile.timeline.date_governs`), so the table and the
    brief date an event alike."""
    if not event.date or event.date_start is None or event.date_end is None:
        return False

    def span(start: int, end: int) -> dict[str, object]:
        return {"document": doc.id, "start": start, "end": end}

    facts = {
        "date": event.date,
        "date_evidence": span(event.date_start, event.date_end),
        "trigger_evidence": span(event.trigger_start, event.trigger_end),
        "evidence": [span(event.start, event.end)],
        "language": language,
    }
    return date_governs(facts, {doc.id: doc.text})


def conservative_fatalities(figure: Figure) -> int | None:
    """ACLED's most conservative number for a count of the dead: the extractor's
    own reading (:func:`storyline.extract.events.conservative`), so a stored
    event and a figure read again at export time never differ."""
    return conservative(figure)


def event_fatalities(event: Event, doc: Document) -> int | None:
    """The event's own reading, else the conservative reading of the figure its offsets point at."""
    if event.fatalities is not None:
        return event.fatalities
    if event.fatalities_start is None:
        return None
    figure = next((f for f in doc.figures if f.start == event.fatalities_start and f.end == event.fatalities_end), None)
    return conservative_fatalities(figure) if figure else None


def event_id(doc: Document, event: Event, location: Location) -> str:
    """Stable over runs of the same text: ACLED's country prefix, then a digest of
    document, kind, trigger offsets and date (one trigger may report the event on
    two days: "on Thursday and Friday")."""
    key = f"{doc.id}\0{event.type}\0{event.trigger_start}\0{event.trigger_end}\0{event.date or ''}"
    return f"{location.iso3 or 'XXX'}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def note(doc: Document, event: Event, when: EventDate, loc: Location, fatalities: int | None, language: str) -> str:
    """A short English note from the facts, then the evidence sentence exactly as written.

    Only a place the gazetteer knows is stated as where it happened; other
    place words are quoted as the text has them, marked as not found."""
    head = f"On {when.day}" if when.source == "text" else f"Reported {when.day} (publication date)"
    if loc.location:
        head += f", in {loc.location}" + (f" ({loc.country})" if loc.country and loc.country != loc.location else "")
    what = event.acled_sub_event_type or event.acled_event_type or event.type
    parts = [f"{head}: {what}"]
    if actors := _actors(event):
        parts.append(f"involving {', '.join(actors)}")
    if event.target:
        parts.append(f"targeting {event.target}")
    text = " ".join(parts) + "."
    if fatalities is not None:
        text += f" Fatalities: {fatalities} (most conservative reading)."
    written = _span(doc, event.place_start, event.place_end) or event.place
    if written and not loc.location:
        text += f' Place not in the gazetteer: "{written}".'
    sentence = doc.text[event.start : event.end]
    return f'{text} Source sentence ({language}): "{sentence}"'


def _actors(event: Event) -> list[str]:
    """The actors other than the target (an extractor may list the target among them)."""
    return [a for a in dict.fromkeys(event.actors) if a != event.target]


def acled_row(doc: Document, event: Event, when: EventDate, language: str = "") -> dict[str, object]:
    """One CSV row (column -> value; None is written as an empty cell)."""
    place_text = _span(doc, event.place_start, event.place_end)
    loc = locate(event.place, place_text) if (event.place or place_text) else Location()
    fatalities = event_fatalities(event, doc)
    actors = _actors(event)
    actor2 = event.target or (actors[1] if len(actors) > 1 else None)
    assoc_1 = actors[1:] if event.target else actors[2:]
    event_type = event.acled_event_type or ""
    return {
        "event_id_cnty": event_id(doc, event, loc),
        "event_date": when.day,
        "year": int(when.day[:4]),
        "time_precision": when.precision,
        "disorder_type": DISORDER_SUB_TYPE.get(event.acled_sub_event_type or "", DISORDER_TYPE.get(event_type, "")),
        "event_type": event_type,
        "sub_event_type": event.acled_sub_event_type or "",
        "actor1": actors[0] if actors else "",
        "assoc_actor_1": "; ".join(assoc_1),
        "actor2": actor2 or "",
        "assoc_actor_2": "",
        "civilian_targeting": "Civilian targeting" if event_type in CIVILIAN_TARGETING_TYPES else "",
        "iso": loc.iso,
        "country": loc.country,
        "admin1": loc.admin1,
        "location": loc.location,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "geo_precision": loc.geo_precision,
        "source": source_of(doc),
        "source_scale": "",
        "notes": note(doc, event, when, loc, fatalities, language or doc.language or ""),
        "fatalities": fatalities,
        "date_source": when.source,
        "storyline_type": event.type,
        "confidence": round(event.confidence, 3),
        "document": doc.id,
        "start": event.start,
        "end": event.end,
        "place_text": place_text or event.place or "",
        "fatalities_start": event.fatalities_start,
        "fatalities_end": event.fatalities_end,
    }


def acled_rows(
    docs: Iterable[Document], options: ExportOptions | None = None
) -> tuple[list[dict[str, object]], Counter[str]]:
    """Rows for every exportable event, in document and text order, and the count of those left out by reason."""
    options = options or ExportOptions()
    rows: list[dict[str, object]] = []
    left_out: Counter[str] = Counter()
    for doc in docs:
        where = SegmentIndex(doc.segments)
        for event in sorted(doc.events, key=lambda e: (e.start, e.trigger_start)):
            segment = where.at(event.trigger_start)
            if options.units is not None and (doc.id, segment.unit if segment else 0) not in options.units:
                continue  # another story's event: filtered, not left out
            reason = _left_out(event, segment.kind if segment else None, options)
            language = (segment.language if segment else None) or doc.language or ""
            when = event_date(event, doc, language) if reason is None else reason
            if isinstance(when, str):
                left_out[when] += 1
                continue
            rows.append(acled_row(doc, event, when, language))
    return rows, left_out


def _left_out(event: Event, segment_kind: str | None, options: ExportOptions) -> str | None:
    if event.negated:
        return "negated"
    if segment_kind is not None and segment_kind not in REPORTING_KINDS:
        return "not_reporting"
    if not event.acled_event_type:
        # Confidence 0 is "unknown": an analysis made before events carried
        # confidences and ACLED types (records.Event).
        return "no_acled_type" if event.confidence else "older_analysis"
    if event.confidence < options.min_confidence:
        return "below_confidence"
    return None


def to_csv(rows: Iterable[dict[str, object]]) -> str:
    """RFC 4180 CSV with a header row: CRLF line ends, fields with commas, quotes or line breaks quoted."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"); names and outlets come from the input, so a text
# cell starting so gets a leading apostrophe. Numbers are written as numbers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


@exporters.register("acled-csv", "ACLED-style CSV: one row per event, ACLED's column names plus evidence columns")
def export_acled_csv(docs: Iterable[Document], options: ExportOptions | None = None) -> Exported:
    rows, left_out = acled_rows(docs, options)
    return Exported("storyline-acled.csv", "text/csv; charset=utf-8", to_csv(rows), len(rows), left_out)


def _span(doc: Document, start: int | None, end: int | None) -> str | None:
    return doc.text[start:end] if start is not None and end is not None else None
