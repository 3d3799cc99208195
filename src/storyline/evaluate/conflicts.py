"""Conflict precision and recall on our own story sets (gold/conflicts/).

Each line of ``dev.jsonl`` and ``heldout.jsonl`` is one story: two to four
short reports (our own words, English and Croatian) and the conflicts a
reader finds between them::

    {"id": "d01", "languages": ["en"],
     "reports": [{"id": "d01-a", "source": "Some Outlet", "language": "en",
                  "published": "2025-04-02", "text": "..."}, ...],
     "conflicts": [{"type": "ceasefire", "documents": ["d01-a", "d01-b"]}]}

The reports go through the whole analysis, then into one story
(``reconcile.facts.story_facts``) and :func:`find_conflicts`. A found
conflict matches a gold one when the kind of event is the same and its
claims' documents cover the gold pair. The sets hold the hard cases on
purpose: agreeing reports with negation words, different places or days,
future and conditional statements, denials, one outlet's two reports.
``heldout.jsonl`` was written before the code was run and is never tuned on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..api import text_document
from ..reconcile.conflicts import find_conflicts
from ..reconcile.facts import story_facts
from ..reconcile.model import CONFIDENT, Conflict
from ..records import Document, StoryRecord
from .own import analysis_pipeline, gold_dir
from .score import read_jsonl, scored_or_skipped

# Error lines kept per set (the dev set's are read when tuning).
MAX_ERRORS = 30


def conflicts_dir() -> Path:
    return gold_dir() / "conflicts"


def story_conflicts(story: dict[str, Any], pipeline) -> list[Conflict]:  # noqa: ANN001 - Pipeline
    """The conflicts the pipeline finds between one gold story's reports."""
    docs: dict[str, Document] = {}
    for r in story["reports"]:
        doc = text_document(
            r["text"], id=r["id"], language=r.get("language"), published=dt.date.fromisoformat(r["published"])
        )
        doc.source = r["source"]
        docs[doc.id] = pipeline.run_one(doc)
    units = [(d.id, u) for d in docs.values() for u in sorted({s.unit for s in d.segments}) or [0]]
    record = StoryRecord(
        id=story["id"],
        title="",
        documents=list(docs),
        languages=sorted({d.language or "en" for d in docs.values()}),
        units=units,
    )
    facts = story_facts(record, docs)
    for item in [*facts["events"], *facts["quotes"]]:  # until the facts carry each document's outlet themselves
        item.setdefault("source", docs[item["evidence"][0]["document"]].source)
    return find_conflicts(facts, {d.id: d.text for d in docs.values()})


def _matches(found: Conflict, gold: dict[str, Any]) -> bool:
    documents = {c.evidence.document for c in found.claims}
    return found.type == gold["type"] and set(gold["documents"]) <= documents


def _prf(tp_found: int, found: int, tp_gold: int, gold: int) -> dict[str, Any]:
    p = tp_found / found if found else 1.0
    r = tp_gold / gold if gold else 1.0
    return {
        "found": found,
        "gold": gold,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
    }


def score_file(path: Path, name: str, settings=None) -> dict[str, Any]:  # noqa: ANN001
    pipeline = analysis_pipeline(settings)
    counts = {"all": [0, 0, 0, 0], "confident": [0, 0, 0, 0]}
    errors: list[str] = []
    stories = read_jsonl(path)
    for story in stories:
        found = story_conflicts(story, pipeline)
        for key, kept in (("all", found), ("confident", [c for c in found if c.confidence >= CONFIDENT])):
            c = counts[key]
            c[0] += sum(any(_matches(f, g) for g in story["conflicts"]) for f in kept)
            c[1] += len(kept)
            c[2] += sum(any(_matches(f, g) for f in kept) for g in story["conflicts"])
            c[3] += len(story["conflicts"])
        for f in found:
            if not any(_matches(f, g) for g in story["conflicts"]):
                sides = "; ".join(f"{x.polarity[f.type]} {x.evidence.document}: {x.text[:70]!r}" for x in f.claims)
                errors.append(f"{story['id']} wrong {f.type} ({f.confidence:.2f}): {sides}")
        for g in story["conflicts"]:
            if not any(_matches(f, g) for f in found):
                errors.append(f"{story['id']} missed {g['type']} {g['documents']}")
    return {
        "set": name,
        "stories": len(stories),
        **_prf(*counts["all"]),
        "confident": _prf(*counts["confident"]),
        "errors": errors[:MAX_ERRORS],
    }


def score_conflicts(settings=None) -> list[dict[str, Any]]:  # noqa: ANN001
    """Sets "conflicts-dev" (tuned on) and "conflicts-heldout" (never tuned on)."""
    out = []
    for part in ("dev", "heldout"):
        name = f"conflicts-{part}"
        out.append(scored_or_skipped(name, conflicts_dir() / f"{part}.jsonl", lambda p, name=name: score_file(p, name, settings)))
    return out
