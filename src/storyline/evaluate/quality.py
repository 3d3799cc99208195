"""Score the input quality gate on our own labelled pages.

``gold/quality/dev.jsonl`` (thresholds were tuned on it) and
``gold/quality/heldout.jsonl`` (written before any error was looked at,
never tuned on): one record a line, ``{id, text, low_quality}``: real-looking
short and long articles (some about cookies, subscribers or JavaScript) and
pages that are not articles (template placeholders, paywall captions, cookie
walls, error pages, bare menu words). Precision is that of the
``low_quality`` verdict: a real article marked low quality is hidden from
every story, the costlier mistake.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..anatomy import SegmentStep, SentenceStep
from ..anatomy.quality import QualityStep, is_low_quality
from ..api import text_document
from ..settings import Settings, load_settings
from . import own
from .score import read_jsonl

SPLITS = (("quality-dev", "dev.jsonl"), ("quality-heldout", "heldout.jsonl"))


def gold_dir() -> Path:
    return own.gold_dir() / "quality"


def score_quality(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Precision, recall and F1 of the low_quality verdict on each split, with the misses."""
    settings = settings or load_settings()
    steps = [SegmentStep(), SentenceStep(), QualityStep(settings)]
    results = []
    for set_name, file_name in SPLITS:
        if not (gold_dir() / file_name).is_file():
            results.append({"set": set_name, "skipped": f"no gold at {gold_dir() / file_name}"})
            continue
        tp = fp = fn = tn = 0
        errors = []
        for rec in read_jsonl(gold_dir() / file_name):
            doc = text_document(rec["text"], id=rec["id"])
            for step in steps:
                doc = step.process(doc)
            said = is_low_quality(doc)
            if said and rec["low_quality"]:
                tp += 1
            elif said:
                fp += 1
                errors.append(f"{rec['id']}: marked low quality: {doc.notes[-1]}")
            elif rec["low_quality"]:
                fn += 1
                errors.append(f"{rec['id']}: not marked")
            else:
                tn += 1
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        results.append(
            {
                "set": set_name,
                "documents": tp + fp + fn + tn,
                "low_quality": {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)},
                "articles_kept": round(tn / (tn + fp), 3) if tn + fp else 1.0,
                "errors": errors,
            }
        )
    return results
