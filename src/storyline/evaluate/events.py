"""Event typing against our own gold (``gold/events/<language>-<part>.jsonl``).

Gold lines: {id, language, text, events: [{type, acled_event_type,
acled_sub_event_type, negated?}]}, ``events: []`` for a sentence that reports
none (opinion, background, a plan, a question, an "according to" sentence).
The sentences were written for this set, in our own words; the held-out
part was written before the extractor was run on anything and is never
tuned on.

Each sentence goes through the whole analysis (entities, figures, events).
Statements are left out on both sides: every report is one, and ACLED codes
none. A gold event is found when the sentence has a predicted event of the
same type (one to one). Figures per set:
- type_accuracy: share of gold events found;
- macro_f1: F1 per event type (gold or predicted), averaged;
- acled_sub_accuracy: share of gold events with an ACLED sub-event type that
  are found with the same ACLED event and sub-event type;
- no_event_rate: share of sentences with no gold event that get no event;
- some_event_precision: share of sentences with a predicted event that have a gold one;
- event_precision / event_recall: over single events;
- negation_accuracy: share of found events whose ``negated`` is right;
- actor_place_accuracy: share of checks on found events that hold: a gold
  line's ``not_actors`` (a reporting source, "according to X": no actor may
  be that name) and ``place`` (the place's canonical name; null: the text
  names no place where it happened, "talks will not be held in Geneva");
- confusion: gold type -> predicted type -> count ("none": no event).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from ..api import text_document
from .own import gold_dir
from .score import read_jsonl

# Types left out of the scores on both sides (reports, not events).
IGNORED = frozenset({"statement"})
# Error lines kept per set, for reading.
MAX_ERRORS = 40


def events_dir() -> Path:
    return gold_dir() / "events"


def gold_sets() -> list[Path]:
    return sorted(events_dir().glob("*.jsonl"))


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score_file(path: Path, settings=None) -> dict[str, Any]:
    from .own import analysis_pipeline

    language, _, part = path.stem.partition("-")
    lines = read_jsonl(path)
    pipeline = analysis_pipeline(settings)
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    found = gold_n = sub_ok = sub_n = neg_ok = checks = checks_ok = 0
    empty = empty_ok = predicted_some = predicted_some_ok = 0
    errors: list[str] = []
    for g in lines:
        doc = pipeline.run_one(text_document(g["text"], id=g["id"], language=g.get("language", language)))
        pred = [e for e in doc.events if e.type not in IGNORED]
        # One event per type per sentence is what the extractor reports; dates may repeat one.
        seen: set[str] = set()
        pred = [e for e in pred if not (e.type in seen or seen.add(e.type))]
        gold = g["events"]
        if not gold:
            empty += 1
            empty_ok += not pred
        if pred:
            predicted_some += 1
            predicted_some_ok += bool(gold)
        left = list(pred)
        missed = []
        for ge in gold:
            gold_n += 1
            hit = next((p for p in left if p.type == ge["type"]), None)
            if ge.get("acled_sub_event_type"):
                sub_n += 1
            if hit is None:
                missed.append(ge)
                per_type[ge["type"]]["fn"] += 1
                continue
            left.remove(hit)
            found += 1
            per_type[ge["type"]]["tp"] += 1
            confusion[ge["type"]][ge["type"]] += 1
            neg_ok += hit.negated == bool(ge.get("negated"))
            for problem in _check(g, hit):
                checks += 1
                checks_ok += problem is None
                if problem:
                    errors.append(f"{g['id']} {problem}: {g['text']}")
            if ge.get("acled_sub_event_type"):
                right = (hit.acled_event_type, hit.acled_sub_event_type) == (
                    ge["acled_event_type"],
                    ge["acled_sub_event_type"],
                )
                sub_ok += right
                if not right:
                    errors.append(
                        f"{g['id']} sub: gold {ge['acled_sub_event_type']!r}, got {hit.acled_sub_event_type!r}: {g['text']}"
                    )
        for p in left:
            per_type[p.type]["fp"] += 1
        for ge in missed:
            other = left.pop(0).type if left else "none"
            confusion[ge["type"]][other] += 1
            errors.append(f"{g['id']} type: gold {ge['type']}, got {other}: {g['text']}")
        for p in left:
            confusion["none"][p.type] += 1
            errors.append(f"{g['id']} extra: {p.type} ({doc.text[p.trigger_start : p.trigger_end]!r}): {g['text']}")
    f1s = {t: _f1(c["tp"], c["fp"], c["fn"]) for t, c in sorted(per_type.items())}
    tp = sum(c["tp"] for c in per_type.values())
    fp = sum(c["fp"] for c in per_type.values())
    return {
        "set": f"events-{language}-{part}",
        "sentences": len(lines),
        "gold_events": gold_n,
        "type_accuracy": round(found / gold_n, 4) if gold_n else 0.0,
        "macro_f1": round(sum(f1s.values()) / len(f1s), 4) if f1s else 0.0,
        "acled_sub_accuracy": round(sub_ok / sub_n, 4) if sub_n else 0.0,
        "no_event_rate": round(empty_ok / empty, 4) if empty else 0.0,
        "some_event_precision": round(predicted_some_ok / predicted_some, 4) if predicted_some else 0.0,
        "event_precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "event_recall": round(found / gold_n, 4) if gold_n else 0.0,
        "negation_accuracy": round(neg_ok / found, 4) if found else 0.0,
        "actor_place_accuracy": round(checks_ok / checks, 4) if checks else 1.0,
        "f1_by_type": {t: round(v, 4) for t, v in f1s.items()},
        "confusion": {t: dict(c) for t, c in sorted(confusion.items())},
        "errors": errors[:MAX_ERRORS],
    }


def _check(g: dict[str, Any], hit: Any) -> list[str | None]:
    """One entry per check the gold line asks for: None when it holds, else what went wrong."""
    out: list[str | None] = []
    for name in g.get("not_actors", []):
        bad = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        wrong = [a for a in hit.actors if bad.search(a)]
        out.append(f"actor: reporting source {wrong[0]!r} given as actor" if wrong else None)
    if "place" in g:
        ok = hit.place == g["place"]
        out.append(None if ok else f"place: gold {g['place']!r}, got {hit.place!r}")
    return out


@cache
def _default_scores() -> tuple[dict[str, Any], ...]:
    """Scored once per process with the default settings (the gate asks once per baseline)."""
    return tuple(score_file(p) for p in gold_sets())


def score_events(settings=None) -> list[dict[str, Any]]:
    """Sets events-en-dev, events-hr-dev, events-en-heldout, events-hr-heldout."""
    if not gold_sets():
        return [{"set": "events", "skipped": f"no gold found in {events_dir()}"}]
    if settings is None:
        return [json.loads(json.dumps(r)) for r in _default_scores()]
    return [score_file(p, settings) for p in gold_sets()]
