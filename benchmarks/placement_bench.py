"""The cost of placing one article in stories, as the store grows.

A SQLite store is filled with N synthetic article units, grouped in stories
of about five, dated over two years, with profiles shaped like real ones:
six entity keys (the event's own names, a city, a country), 40 weighted
terms and 20 anchors (the event's own words and numbers, and words drawn
from a Zipf-distributed vocabulary of 50,000 shared by all). The store is
filled by bulk inserts of what placement would have written (stories, units,
the key and term index, document frequencies), so that 100,000 articles
take seconds, not the hours of placing them one by one. Then 50 new units
are placed with :func:`storyline.link.stories.assign` (half about a stored
event, half new) and the median and 90th percentile time are printed (the
work inside the transaction; its commit is the disk's fsync), with the
number of candidate stories read and a digest of the stories the 50 units
joined (the archive is the same on every run: a change that must not alter
placement must not alter the digest).

Placement reads only the stories sharing a key or a top term inside the
date window (the (key, last_date) index), so its cost should follow the
stories in the window, not N.

Run: python benchmarks/placement_bench.py [N ...]   (default 1000 10000 100000)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from storyline.link.stories import MAX_CANDIDATES, MAX_TERMS, Profile, UnitProfile, assign, story_id_for
from storyline.store import SQLiteStore

VOCABULARY = 50_000
STORY_SIZE = 5
DAYS = 730
PLACED = 50


def _zipf_word(rng: random.Random) -> str:
    # Rank r with probability ~ 1/r: a few words are everywhere, most are rare.
    return f"w{int(VOCABULARY ** rng.random())}"


def synthetic(rng: random.Random, event: int, day: dt.date) -> UnitProfile:
    """Raw counts, as unit_profiles gives them."""
    own_words = [f"e{event}w{i}" for i in range(12)]
    terms = {w: 1.0 for w in rng.sample(own_words, 8)}
    while len(terms) < 40:
        terms[_zipf_word(rng)] = 1.0 + rng.random()
    anchors = {f"#{event}n{i}": 1.0 for i in range(3)} | {f"e{event}w{i}": 1.0 for i in range(4)}
    while len(anchors) < 20:
        anchors[_zipf_word(rng)] = 1.0
    keys = {f"N:event{event}-{i}": 1.0 for i in rng.sample(range(6), 4)}
    keys[f"LOC:geo:{event % 3000}"] = 1.0
    keys[f"LOC:country:C{event % 60}"] = 0.4
    return UnitProfile(f"d{event}-{rng.randrange(10**9)}", 0, Profile(keys, first=day, last=day, terms=terms, units=1, anchors=anchors))


def fill(store: SQLiteStore, n: int, rng: random.Random) -> dict[int, dt.date]:
    """N units in N / STORY_SIZE stories, written as placement writes them, in
    bulk: the units are drawn first, then weighed by TF-IDF with the document
    frequencies of all of them (as placement weighs each by those before it),
    so that, as in a real store, common words are not among a unit's index
    keys. Returns each event's day."""
    df: Counter[str] = Counter()
    drawn: list[tuple[int, list[UnitProfile]]] = []
    days: dict[int, dt.date] = {}
    start = dt.date(2024, 1, 1)
    for event in range(n // STORY_SIZE):
        day = days[event] = start + dt.timedelta(days=rng.randrange(DAYS))
        members = [synthetic(rng, event, day + dt.timedelta(days=rng.randrange(3))) for _ in range(STORY_SIZE)]
        for u in members:
            df.update(set(u.profile.terms) | set(u.profile.anchors) | set(u.profile.keys))
        drawn.append((event, members))
    total = n // STORY_SIZE * STORY_SIZE

    def tfidf(counts: dict[str, float]) -> dict[str, float]:
        w = {t: (1 + math.log(c)) * math.log(1 + (total - df[t] + 0.5) / (df[t] + 0.5)) for t, c in counts.items()}
        top = sorted(w, key=lambda t: (-w[t], t))[:MAX_TERMS]
        norm = math.sqrt(sum(w[t] ** 2 for t in top)) or 1.0
        return {t: w[t] / norm for t in top}

    stories, units, keys = [], [], []
    for _event, members in drawn:
        profile = Profile()
        for u in members:
            u.profile.terms, u.profile.anchors = tfidf(u.profile.terms), tfidf(u.profile.anchors)
            profile.add(u.profile)
        sid = story_id_for(members[0].document, 0)
        f, la = profile.first.isoformat(), profile.last.isoformat()
        stories.append((sid, f, la, json.dumps(profile.as_dict())))
        for u in members:
            units.append((u.document, 0, sid, json.dumps(u.profile.as_dict())))
            keys.extend((k, sid, f, la) for k in u.profile.index_keys())
    with store.transaction():
        store._many("INSERT INTO stories (id, first_date, last_date, profile) VALUES (?, ?, ?, ?)", stories)
        store._many("INSERT INTO story_units (document, unit, story, profile) VALUES (?, ?, ?, ?)", units)
        store._many("INSERT INTO story_keys (key, story, first_date, last_date) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", keys)
        store._many("INSERT INTO story_terms (term, units) VALUES (?, ?)", [("", total), *df.items()])
    return days


class Counting:
    """The store, counting the candidate stories placement reads."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store, self.read = store, 0

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def story_candidates(self, *args):
        out = self.store.story_candidates(*args)
        self.read += len(out)
        return out


def measure(n: int) -> None:
    rng = random.Random(n)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "p.db") as store:
        store.conn.execute("PRAGMA foreign_keys = OFF")  # synthetic units have no document rows
        t0 = time.perf_counter()
        days = fill(store, n, rng)
        filled = time.perf_counter() - t0
        counting = Counting(store)
        times = []
        placed = []
        start = dt.date(2024, 1, 1)
        for i in range(PLACED):
            # About a stored event (on its days), or a new one.
            event = rng.randrange(n // STORY_SIZE) if i % 2 else n + i
            day = days[event] + dt.timedelta(days=rng.randrange(3)) if event in days else start + dt.timedelta(days=rng.randrange(DAYS))
            unit = synthetic(rng, event, day)
            with store.transaction():  # the commit's fsync (~10 ms on this disk) is the disk's, not placement's: not timed
                t = time.perf_counter()
                placed.append(assign(unit, counting))
                times.append(time.perf_counter() - t)
        times.sort()
        print(
            f"  N = {n:>7,}: placing one article: median {1000 * statistics.median(times):.2f} ms, "
            f"p90 {1000 * times[int(0.9 * len(times))]:.2f} ms; {counting.read / PLACED:.1f} candidate stories read "
            f"(at most {MAX_CANDIDATES}); filling took {filled:.1f} s; placements {hashlib.sha1('|'.join(placed).encode()).hexdigest()[:12]}"
        )


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000]
    print("cost of placing one article in a store of N (SQLite, synthetic profiles):")
    for n in sizes:
        measure(n)
