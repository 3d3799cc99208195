"""A story's timeline: one row per event (kind, place, day), whichever
sources report it, with all their evidence; undated events listed apart.

Three rules keep it honest:

- A date dates only the events of its own clause. The extractor may carry
  a date from the sentence before, or find one in another clause of the
  sentence ("... takes office on 20 January, because ... agreed on a
  strategy"); such an event is undated here. Clause bounds are data
  (``lang/<code>/clauses.toml``).
- A sentence gives one event: the main one (:data:`PRECEDENCE`), not one per
  trigger word ("the evacuation was to begin on Wednesday, in a deal
  negotiated by ..." is an evacuation). Days joined by a conjunction ("on
  Thursday and Friday") stay two rows.
- An event reported as not having happened (``negated`` from the
  extractor, or a halted / negative stance of its clause) is marked, never
  listed as done. The next sentence of the same report, undated and of the
  same kind ("The evacuations didn't happen, however"), speaks of the same
  event: it joins its row (and may mark it) instead of making a row of its
  own. A headline joins its report's row of the same kind, or makes none.

Undated events are never put on a publication date as if dated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lang import load, load_or_english
from .conflicts import event_clause, stance, words_pattern
from .model import CONFIDENT, TimelineEntry
from .summary import nameable_place

# Kinds of event left off the timeline: every report is a statement.
NOT_ON_TIMELINE = frozenset({"statement", "other"})
# Which event of a sentence is its main one: tiers, first tier first; within
# a tier, the event named first. Agreements, ceasefires, talks and
# evacuations share the first tier: in "negotiators met for ceasefire talks"
# the talks are the event, in "the evacuation began under an agreement"
# the evacuation is; then violence (ACLED's precedence among its kinds),
# then what follows from it, then statements.
PRECEDENCE: tuple[tuple[str, ...], ...] = (
    ("ceasefire", "evacuation", "agreement", "negotiation"),
    ("killing", "explosion", "attack", "armed_clash", "sexual_violence", "abduction"),
    ("territory_change", "riot", "protest", "looting", "arrest"),
    ("displacement", "disaster", "aid"),
    ("statement", "other"),
)
RANK = {kind: tier for tier, kinds in enumerate(PRECEDENCE) for kind in kinds}
# Confidence of a row whose events carry none (analyses before confidences):
# one report is just enough to show plainly; every further source adds some.
UNKNOWN_CONFIDENCE = CONFIDENT
PER_EXTRA_SOURCE = 0.1
MAX_CONFIDENCE = 0.95


@dataclass(frozen=True)
class ClauseWords:
    boundaries: str
    continuing: frozenset[str]
    openers: re.Pattern[str] | None
    relatives: re.Pattern[str] | None


@cache
def clause_words(language: str) -> ClauseWords:
    data = load_or_english(language, "clauses") or load("en", "clauses")
    return ClauseWords(
        "".join(data.get("boundaries", [",", ";", ":"])),
        frozenset(w.lower() for w in data.get("continuing", [])),
        words_pattern(data.get("openers", [])),
        words_pattern(data.get("relatives", [])),
    )


def clause_breaks(text: str, start: int, end: int, language: str, forward: bool = False) -> list[int]:
    """Positions in ``text[start:end]`` (a sentence) where a new clause begins.

    ``forward``: reading from a date on to a later clause. A date in one
    clause also dates the next when a coordinating word joins them ("will
    end on Tuesday evening, and the fighters will leave"), never the clause
    before it ("denies that it kills prisoners, and on Tuesday said ...").
    Reading back, a relative pronoun bounds a clause too ("negotiators who
    met on Sunday"); reading on, a relative clause is passed over."""
    words = clause_words(language)
    out = []
    for i in range(start, end):
        if text[i] not in words.boundaries:
            continue
        if text[i] == "," and forward:
            m = re.match(r"\s*(\w+)", text[i + 1 : end])
            if m and m.group(1).lower() in words.continuing:
                continue
        out.append(i)
    for pattern in (words.openers, None if forward else words.relatives):
        if pattern is not None:
            out += [m.start() for m in pattern.finditer(text, start, end) if m.start() > start]
    return sorted(out)


def date_governs(event: dict[str, Any], texts: dict[str, str]) -> bool:
    """True when the event's time expression lies in its own sentence and
    clause, so the date is the event's and not a neighbour's."""
    when, trig, sent = event.get("date_evidence"), event["trigger_evidence"], event["evidence"][0]
    if not event.get("date") or when is None or when["document"] != trig["document"]:
        return False
    if not (sent["start"] <= when["start"] and when["end"] <= sent["end"]):
        return False
    a, b = sorted((when["start"], trig["start"]))
    inside = range(when["start"], when["end"])
    breaks = clause_breaks(
        texts[trig["document"]], sent["start"], sent["end"], event["language"], forward=when["start"] < trig["start"]
    )
    return not any(a < p <= b and p not in inside for p in breaks)


def reported_negated(event: dict[str, Any], texts: dict[str, str]) -> bool:
    """The report says the event did not happen or was stopped."""
    if event.get("negated"):
        return True
    doc, a, b = event_clause(event, texts)
    return stance(texts[doc][a:b], None, event["language"], event["type"]) in ("halted", "negative")


@dataclass
class Report:
    """One sentence's main event, with the days its own clause gives it."""

    event: dict[str, Any]
    dates: list[tuple[str, str]]  # (YYYY-MM-DD, the words)
    negated: bool

    @property
    def document(self) -> str:
        return str(self.event["trigger_evidence"]["document"])

    @property
    def sentence(self) -> tuple[int, int]:
        ev = self.event["evidence"][0]
        return ev["start"], ev["end"]


def sentence_reports(facts: dict[str, Any], texts: dict[str, str]) -> list[Report]:
    """Each sentence's main event, in text order (one per sentence)."""
    rank = RANK
    by_sentence: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for e in facts["events"]:
        if e["type"] in NOT_ON_TIMELINE:
            continue
        by_sentence.setdefault((e["trigger_evidence"]["document"], e["evidence"][0]["start"]), []).append(e)
    out = []
    for events in by_sentence.values():
        heads = [e for e in events if not _modifies(e, events, texts)] or events
        governed = {id(e): date_governs(e, texts) for e in events}
        # A dated event before an undated one; then by precedence, then the first named.
        main = min(
            heads, key=lambda e: (not governed[id(e)], rank.get(e["type"], len(rank)), e["trigger_evidence"]["start"])
        )
        same = [e for e in events if e["trigger_evidence"] == main["trigger_evidence"] and governed[id(e)]]
        dates = list(dict.fromkeys((e["date"], e["date_text"]) for e in same))
        out.append(Report(main, dates, reported_negated(main, texts)))
    out.sort(key=lambda r: (r.document, r.sentence))
    return out


def _modifies(event: dict[str, Any], events: list[dict[str, Any]], texts: dict[str, str]) -> bool:
    """The event word only qualifies the next one ("ceasefire talks", "evacuation
    deal"): in languages whose compounds put the head last (``clauses.toml``),
    two event words in a row name one thing, the second."""
    if not load_or_english(event["language"], "clauses").get("head_last_compounds", False):
        return False
    trig = event["trigger_evidence"]
    text = texts[trig["document"]]
    return any(
        o["trigger_evidence"]["start"] > trig["end"]
        and not text[trig["end"] : o["trigger_evidence"]["start"]].strip(" -")
        for o in events
        if o is not event
    )


def _follows(texts: dict[str, str], before: Report, after: Report) -> bool:
    """``after`` is the very next sentence of the same report."""
    if before.document != after.document:
        return False
    gap = texts[before.document][before.sentence[1] : after.sentence[0]]
    return before.sentence[1] <= after.sentence[0] and not gap.strip()


def _fits(entry: TimelineEntry, place: str | None) -> bool:
    """One row may hold reports naming one place, or none."""
    return place is None or not entry.places or place in entry.places


def build_timeline(facts: dict[str, Any], texts: dict[str, str]) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """(dated rows in order of day, undated rows): one row per event."""
    reports = sentence_reports(facts, texts)
    dated: dict[tuple[str, str], list[TimelineEntry]] = {}
    undated: dict[str, list[TimelineEntry]] = {}
    confidences: dict[int, list[float]] = {}
    stops: dict[int, list[bool]] = {}  # per row: whether each report of it is of a stop or a denial
    # The last sentence's report, its rows, and whether they are dated.
    previous: tuple[Report, list[TimelineEntry], bool] | None = None
    headlines = [r for r in reports if r.event.get("segment") == "headline"]
    for r in reports:
        e = r.event
        if r in headlines:
            continue
        if r.dates:
            rows = [_row(dated.setdefault((day, e["type"]), []), e, day) for day, _ in r.dates]
            for row, (_, words) in zip(rows, r.dates):
                if words and words not in row.date_texts:
                    row.date_texts.append(words)
        elif previous and previous[2] and previous[0].event["type"] == e["type"] and _follows(texts, previous[0], r):
            rows = previous[1]  # the same event, told on in the next sentence
        else:
            rows = [_row(undated.setdefault(e["type"], []), e, None)]
        for row in rows:
            _add(row, r)
            confidences.setdefault(id(row), []).append(e.get("confidence") or 0.0)
            stops.setdefault(id(row), []).append(r.negated)
        previous = (r, rows, bool(r.dates) or (previous is not None and rows is previous[1]))
    # A headline repeats its report's main event: it joins that report's row
    # of the same kind, and alone it makes no row (a headline gives no day).
    for r in headlines:
        same = [
            x
            for rows in (*dated.values(), *undated.values())
            for x in rows
            if x.type == r.event["type"] and r.document in x.documents
        ]
        if same:
            _add(same[0], r)
    names = {x["id"]: x.get("name_en") or x["name"] for x in facts["entities"] if nameable_place(x)}
    nouns = load("en", "brief").get("event_nouns", {})
    rank = RANK
    line = sorted((x for rows in dated.values() for x in rows), key=lambda x: (x.date or "", rank.get(x.type, 99)))
    apart = sorted(
        (x for rows in undated.values() for x in rows), key=lambda x: (-len(x.documents), rank.get(x.type, 99))
    )
    for x in line + apart:
        x.confidence = _confidence(confidences.get(id(x), []), len(x.documents))
        told = stops.get(id(x), [])
        x.text = entry_text(x, names, nouns, partly=x.halted and not all(told))
    return line, apart


def _row(rows: list[TimelineEntry], event: dict[str, Any], day: str | None) -> TimelineEntry:
    place = event.get("place")
    for row in rows:
        if _fits(row, place):
            return row
    row = TimelineEntry(type=event["type"], date=day, date_source="text" if day else "none", text="")
    rows.append(row)
    return row


def _add(row: TimelineEntry, r: Report) -> None:
    e = r.event
    if e.get("place") and e["place"] not in row.places:
        row.places.append(e["place"])
    row.actors += [a for a in e["actors"] if a not in row.actors]
    if r.document not in row.documents:
        row.documents.append(r.document)
    if e["evidence"][0] not in row.evidence:
        row.evidence.append(e["evidence"][0])
    row.halted = row.halted or r.negated
    row.acled_event_type = row.acled_event_type or e.get("acled_event_type")
    row.acled_sub_event_type = row.acled_sub_event_type or e.get("acled_sub_event_type")


def _confidence(scores: list[float], sources: int) -> float:
    known = [s for s in scores if s]
    base = max(known) if known else UNKNOWN_CONFIDENCE
    return min(MAX_CONFIDENCE, base + PER_EXTRA_SOURCE * (sources - 1))


def entry_text(x: TimelineEntry, names: dict[str, str], nouns: dict[str, str], partly: bool = False) -> str:
    """The row's English line; ``partly``: only some of its reports tell a stop
    or a denial (an undated row gathers every undated telling of a kind)."""
    noun = nouns.get(x.type, x.type)
    where = f" in {names[x.places[0]]}" if x.places and x.places[0] in names else ""
    halted = (" (partly reported halted or denied)" if partly else " (reported halted or denied)") if x.halted else ""
    n = len(x.documents)
    return f"{noun[0].upper()}{noun[1:]}{where}{halted}, reported by {n} source{'s' if n > 1 else ''}"


def timeline(facts: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    """The dated rows as the brief's JSON (kept for callers of the dict form)."""
    return [x.to_dict() for x in build_timeline(facts, texts)[0]]
