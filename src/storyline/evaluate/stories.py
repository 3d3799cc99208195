"""Story clustering quality: B-cubed precision, recall and F1 against a
labelled set of articles (ours: tests/fixtures/stories.jsonl, several
languages per story), averaged over input orders, since stories are built
incrementally and the order of arrival can matter."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from ..api import text_document
from ..link.stories import STORY_THRESHOLD, cluster
from ..pipeline import Pipeline
from ..records import Document
from ..service import analysis_steps
from ..settings import load_settings

# Input orders averaged over (the file's own order first).
ORDERS = 5


def stories_path() -> Path:
    return Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "stories.jsonl"


def labelled_documents(path: Path | None = None, settings=None) -> tuple[list[Document], dict[str, str]]:
    """The labelled articles, analysed, and the story label of each."""
    pipeline = Pipeline(analysis_steps(settings or load_settings()), on_error="raise")
    docs, gold = [], {}
    for line in (path or stories_path()).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        doc = text_document(g["text"], id=g["id"], language=g.get("language"), published=dt.date.fromisoformat(g["published"]))
        docs.append(pipeline.run_one(doc))
        gold[g["id"]] = g["story"]
    return docs, gold


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed over items: precision and recall of each item's cluster, averaged."""
    items = list(gold)
    p = r = 0.0
    for i in items:
        same_pred = {j for j in items if predicted[j] == predicted[i]}
        same_gold = {j for j in items if gold[j] == gold[i]}
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p, r = p / len(items), r / len(items)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def score_stories(threshold: float = STORY_THRESHOLD, docs=None, gold=None, orders: int = ORDERS) -> dict[str, Any]:
    if docs is None:
        docs, gold = labelled_documents()
    runs = []
    rng = random.Random(0)
    order = list(docs)
    for n in range(orders):
        if n:
            rng.shuffle(order)
        groups = cluster(order, threshold)
        # A document's story: the story of its first unit (the article itself).
        predicted = {d: s for s, units in groups.items() for d, u in units if u == 0}
        runs.append(bcubed(predicted, gold))
    mean = {k: round(sum(r[k] for r in runs) / len(runs), 3) for k in ("precision", "recall", "f1")}
    return {"set": "stories-own", "documents": len(gold), "stories": len(set(gold.values())), "threshold": threshold, "orders": orders, "bcubed": mean, "worst_f1": min(r["f1"] for r in runs)}
