"""Story clustering quality: B-cubed precision, recall and F1 against
labelled sets of articles, averaged over input orders (stories are built
incrementally, so the order of arrival can matter), with the worst order,
the agreement between orders and how often translations of one article end
in one story.

Sets:

- ``stories-own``: tests/fixtures/stories.jsonl (16 articles, hr/en; a
  source checkout has it);
- ``stories-multi-dev`` and ``stories-multi-heldout``: evaluate/gold/stories/
  (151 articles, 34 events, hr/sr/en/de, written for this project, with
  distractors: other events in the same city the same week, the same kind
  of event elsewhere the same week, follow-ups). The held-out part was
  written before any error was looked at and is never tuned on.
"""

from __future__ import annotations

import datetime as dt
import random
from itertools import combinations
from pathlib import Path
from typing import Any

from ..api import text_document
from ..link.stories import MERGE_THRESHOLD, STORY_THRESHOLD, Embedder, cluster, embedder, unit_profiles
from ..pipeline import Pipeline
from ..records import Document
from ..service import analysis_steps
from ..settings import load_settings
from . import own
from .score import read_jsonl

# Input orders averaged over (the file's own order first).
ORDERS = 10
# The multilingual sets shipped with the package: set name -> file.
MULTI_SETS = {"stories-multi-dev": "dev.jsonl", "stories-multi-heldout": "heldout.jsonl"}


def stories_path() -> Path:
    return Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "stories.jsonl"


def gold_dir() -> Path:
    return own.gold_dir() / "stories"


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The labelled articles of a JSON-lines file: id, story, language, published, text, translation_of."""
    return read_jsonl(path)


def labelled_documents(path: Path | None = None, settings=None) -> tuple[list[Document], dict[str, str]]:
    """The labelled articles, analysed, and the story label of each."""
    pipeline = Pipeline(analysis_steps(settings or load_settings()), on_error="raise")
    docs, gold = [], {}
    for g in read_gold(path or stories_path()):
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


def pair_agreement(a: dict[str, str], b: dict[str, str]) -> float:
    """Share of article pairs that two clusterings treat alike (both together or both apart): the Rand index."""
    items = sorted(a)
    pairs = list(combinations(items, 2))
    if not pairs:
        return 1.0
    same = sum((a[x] == a[y]) == (b[x] == b[y]) for x, y in pairs)
    return same / len(pairs)


def clusterings(
    docs: list[Document], threshold: float, orders: int, merge: float | None = MERGE_THRESHOLD, embed: Embedder | None = None
) -> list[dict[str, str]]:
    """Each document's story, for the file's order and ``orders - 1`` shuffles (seeded)."""
    runs = []
    rng = random.Random(0)
    order = list(docs)
    profiles = {d.id: unit_profiles(d, embed) for d in docs}  # embedded once, placed in every order
    for n in range(orders):
        if n:
            rng.shuffle(order)
        groups = cluster(order, threshold, merge, profiles=profiles)
        # A document's story: the story of its first unit (the article itself).
        runs.append({d: s for s, units in groups.items() for d, u in units if u == 0})
    return runs


def score_runs(runs: list[dict[str, str]], gold: dict[str, str], translations: list[tuple[str, str]] = ()) -> dict[str, Any]:
    scores = [bcubed(r, gold) for r in runs]
    mean = {k: round(sum(s[k] for s in scores) / len(scores), 3) for k in ("precision", "recall", "f1")}
    agree = [pair_agreement(runs[0], r) for r in runs[1:]]
    out: dict[str, Any] = {
        "documents": len(gold),
        "stories": len(set(gold.values())),
        "orders": len(runs),
        "bcubed": mean,
        "worst_f1": min(s["f1"] for s in scores),
        "predicted_stories": round(sum(len(set(r.values())) for r in runs) / len(runs), 1),
        "order_agreement": round(min(agree), 4) if agree else 1.0,
    }
    if translations:
        together = sum(r[a] == r[b] for r in runs for a, b in translations)
        out["translations"] = len(translations)
        out["translations_together"] = round(together / (len(translations) * len(runs)), 3)
    return out


def score_stories(threshold: float = STORY_THRESHOLD, docs=None, gold=None, orders: int = ORDERS) -> dict[str, Any]:
    """The small hr/en fixture (``stories-own``)."""
    if docs is None:
        docs, gold = labelled_documents()
    return {"set": "stories-own", "threshold": threshold, **score_runs(clusterings(docs, threshold, orders), gold)}


def score_multi(settings=None, orders: int = ORDERS) -> list[dict[str, Any]]:
    """The multilingual sets (``storyline eval --sets stories-multi``), dev and
    held-out, with the story profile the settings choose: with
    ``story_embeddings`` the sets are named ``...-embed`` (no floors pinned:
    the extra is optional)."""
    threshold = settings.story_threshold if settings is not None else STORY_THRESHOLD
    embeddings = bool(getattr(settings, "story_embeddings", False))
    return _score_multi(threshold, embedder(True) if embeddings else None, "-embed" if embeddings else "", settings, orders)


def _score_multi(threshold: float, embed: Embedder | None, suffix: str, settings, orders: int) -> list[dict[str, Any]]:
    out = []
    for name, file in MULTI_SETS.items():
        path = gold_dir() / file
        if not path.is_file():
            out.append({"set": name + suffix, "skipped": f"not found at {path}"})
            continue
        docs, gold = labelled_documents(path, settings)
        pairs = [(g["id"], g["translation_of"]) for g in read_gold(path) if g.get("translation_of")]
        runs = clusterings(docs, threshold, orders, embed=embed)
        out.append({"set": name + suffix, "threshold": threshold, **score_runs(runs, gold, pairs)})
    return out
