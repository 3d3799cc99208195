"""The timeline scored on our own multi-document stories (gold/timeline/).

Each gold line is a story of 2-4 short reports (hr, en) and its true
events. An event lists its mentions, each a document and a few words
unique in it that lie in the sentence reporting the event; ``date`` is the
day that sentence itself gives the event (null when it gives none: a date
of another sentence is no date of this event); ``negated`` marks events
the reports say did not happen. ``dev.jsonl`` was used to tune the rules;
``heldout.jsonl`` was written before any timeline error was looked at and
is never tuned on.

Figures, per set:

- ``recall``: gold events that some row (dated or undated) holds;
- ``one_row_share`` and ``rows_per_event``: of those, the share held by one
  row only, and the mean number of rows holding one event (1.0 is ideal);
- ``date_precision``: of the mentions placed on a dated row, the share on
  their own day (``dates_from_elsewhere`` counts the others);
- ``undated_apart``: of the found mentions without a date, the share
  listed apart rather than on some day;
- ``negated_marked``: of the found negated events, the share whose rows are
  all marked;
- ``row_precision``: rows holding at least one gold mention.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..api import analyse_text
from ..link.stories import story_records
from ..reconcile.model import TimelineEntry
from ..reconcile.story import reconcile
from .own import gold_dir
from .score import read_jsonl

SPLITS = ("dev", "heldout")


def score_timeline(settings=None) -> list[dict[str, Any]]:
    """One result per split found under gold/timeline/."""
    out = []
    for split in SPLITS:
        path = gold_dir() / "timeline" / f"{split}.jsonl"
        if path.exists():
            out.append(score_file(path, f"timeline-{split}", settings))
    return out or [{"set": "timeline", "skipped": "no gold found"}]


def _rows_of(story: dict[str, Any], settings=None) -> tuple[list[TimelineEntry], dict[str, str]]:
    docs = [
        analyse_text(
            d["text"],
            id=d["id"],
            language=d["language"],
            published=dt.date.fromisoformat(d["published"]),
            settings=settings,
        )
        for d in story["documents"]
    ]
    by_id = {d.id: d for d in docs}
    [record] = story_records(by_id, {story["id"]: [(d.id, 0) for d in docs]})
    brief = reconcile(record, by_id)
    return brief.timeline + brief.undated, {d.id: d.text for d in docs}


def _holds(row: TimelineEntry, document: str, at: int) -> bool:
    return any(ev["document"] == document and ev["start"] <= at < ev["end"] for ev in row.evidence)


def score_file(path: Path, name: str, settings=None) -> dict[str, Any]:
    events = found = one_row = rows_total = 0
    dated_ok = dated_n = undated_ok = undated_n = negated_ok = negated_n = 0
    rows_n = rows_ok = 0
    errors: list[str] = []
    stories = read_jsonl(path)
    for story in stories:
        rows, texts = _rows_of(story, settings)
        mentions: list[tuple[dict[str, Any], str, int]] = []
        for e in story["events"]:
            for doc, words in e["mentions"]:
                at = texts[doc].find(words)
                if at < 0 or texts[doc].find(words, at + 1) >= 0:
                    raise ValueError(f"{path.name}: {story['id']}: {words!r} is not once in {doc}")
                mentions.append((e, doc, at))
        for e in story["events"]:
            events += 1
            mine = [(doc, at) for g, doc, at in mentions if g is e]
            holding = [r for r in rows if any(_holds(r, doc, at) for doc, at in mine)]
            if not holding:
                errors.append(f"{story['id']}/{e['id']}: missed")
                continue
            found += 1
            rows_total += len(holding)
            one_row += len(holding) == 1
            if len(holding) > 1:
                errors.append(
                    f"{story['id']}/{e['id']}: {len(holding)} rows " + ", ".join(f"{r.type}@{r.date}" for r in holding)
                )
            if e.get("negated"):
                negated_n += 1
                negated_ok += all(r.halted for r in holding)
                if not all(r.halted for r in holding):
                    errors.append(f"{story['id']}/{e['id']}: negated, not marked")
            for doc, at in mine:
                placed = [r for r in rows if _holds(r, doc, at)]
                if e["date"] is None and placed:
                    undated_n += 1
                    undated_ok += all(r.date is None for r in placed)
                for r in placed:
                    if r.date is not None:
                        dated_n += 1
                        dated_ok += r.date == e["date"]
                        if r.date != e["date"]:
                            errors.append(
                                f"{story['id']}/{e['id']}: {doc} put on {r.date}, its sentence gives {e['date']}"
                            )
        for r in rows:
            rows_n += 1
            hit = any(_holds(r, doc, at) for _, doc, at in mentions)
            rows_ok += hit
            if not hit:
                errors.append(
                    f"{story['id']}: row without a gold event: {r.type}@{r.date} {r.evidence[0]['text'][:60]!r}"
                )
    return {
        "set": name,
        "stories": len(stories),
        "events": events,
        "recall": round(found / events, 4) if events else 0.0,
        "one_row_share": round(one_row / found, 4) if found else 0.0,
        "rows_per_event": round(rows_total / found, 4) if found else 0.0,
        "date_precision": round(dated_ok / dated_n, 4) if dated_n else 1.0,
        "dates_from_elsewhere": dated_n - dated_ok,
        "undated_apart": round(undated_ok / undated_n, 4) if undated_n else 1.0,
        "negated_marked": round(negated_ok / negated_n, 4) if negated_n else 1.0,
        "row_precision": round(rows_ok / rows_n, 4) if rows_n else 1.0,
        "errors": errors,
    }
