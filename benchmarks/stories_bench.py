"""Story clustering: quality by threshold on our labelled multilingual set,
and the cost of placing one new article in a store that already holds N.

Quality: B-cubed precision / recall / F1 on tests/fixtures/stories.jsonl
(16 articles, 6 stories, Croatian and English), averaged over 10 input
orders, for a range of thresholds.

Cost: a SQLite store is filled with N synthetic article profiles. They are
drawn from a pool of names and event types, with dates over a year, so
stories form as they would in a stream. Then the time to place one more
article is measured (the median of 50 placements). The store's key index
and date window keep the candidates few, so the cost should grow far
slower than N.

Run: python benchmarks/stories_bench.py
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from storyline.evaluate.stories import labelled_documents, score_stories
from storyline.link.stories import Profile, UnitProfile, assign
from storyline.store import SQLiteStore

THRESHOLDS = (0.14, 0.18, 0.22, 0.24, 0.26, 0.30, 0.35)
SIZES = (1_000, 10_000)
EVENT_TYPES = ("evacuation", "agreement", "ceasefire", "armed_clash", "attack", "killing", "negotiation", "aid", "displacement")


def quality() -> None:
    docs, gold = labelled_documents()
    print(f"labelled set: {len(docs)} articles, {len(set(gold.values()))} stories")
    for th in THRESHOLDS:
        r = score_stories(th, docs, gold, orders=10)
        b = r["bcubed"]
        print(f"  threshold {th:.2f}: B-cubed P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f} (worst order {r['worst_f1']:.3f})")


def synthetic(rng: random.Random, n: int) -> UnitProfile:
    """An article about one of n/5 events: its names come mostly from that event's own."""
    event = rng.randrange(max(1, n // 5))
    base = dt.date(2025, 1, 1) + dt.timedelta(days=event % 365)
    own = [f"N:event{event}-name{i}" for i in range(6)]
    common = [f"LOC:country:C{rng.randrange(40)}", f"LOC:geo:{rng.randrange(2000)}", f"N:common{rng.randrange(300)}"]
    keys = {k: 1.0 for k in rng.sample(own, 4) + common}
    events = Counter({EVENT_TYPES[event % len(EVENT_TYPES)]: 2, rng.choice(EVENT_TYPES): 1})
    day = base + dt.timedelta(days=rng.randrange(3))
    return UnitProfile(f"d{rng.randrange(10**12)}", 0, Profile(keys, events, day, day))


def cost() -> None:
    for n in SIZES:
        rng = random.Random(n)
        with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "b.db") as store:
            store.conn.execute("PRAGMA foreign_keys = OFF")  # synthetic units have no document rows
            t0 = time.perf_counter()
            with store.transaction():
                for _ in range(n):
                    assign(synthetic(rng, n), store)
            fill = time.perf_counter() - t0
            stories = store.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
            times = []
            for _ in range(50):
                unit = synthetic(rng, n)
                t = time.perf_counter()
                with store.transaction():
                    assign(unit, store)
                times.append(time.perf_counter() - t)
            print(
                f"  N = {n:>6}: {stories} stories; one more article placed in median {1000 * statistics.median(times):.2f} ms "
                f"(p90 {1000 * sorted(times)[44]:.2f} ms); filling took {fill:.1f} s"
            )


if __name__ == "__main__":
    quality()
    print("cost of adding one article to a store of N:")
    cost()
