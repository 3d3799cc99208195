"""Web app latency on a store of N documents: p50 / p90 of the story page
and of search (through the ASGI test client, in process, no network).

The store is filled with N synthetic documents, not analysed ones:
analysing 10,000 articles would take about 8 minutes. Each document is a
short text made from a pool of names, places and event words in Croatian
or English. It has ready-made mentions and events, so stories and search
see realistic sizes. Stories are placed as `storyline ingest` places them.

Run: python benchmarks/web_bench.py [N]   (default 10000)
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from storyline.link.stories import assign, unit_profiles
from storyline.records import Document, Event, Mention, Segment, Sentence
from storyline.settings import load_settings
from storyline.store import SQLiteStore
from storyline.web import create_app

PLACES = ["Knin", "Zagreb", "Kairo", "Gaza", "Harkiv", "Split", "Malatya", "Bruxelles", "Beograd", "Sarajevo", "Osijek", "Mostar", "Rafah", "Tuzla"]
GIVEN = ["Ivan", "Ana", "Marko", "Vitalij", "Lena", "Ahmed", "Petar", "Maja", "Tomislav", "Sara", "Omar", "Irena", "Luka", "Nina", "Goran", "Mila", "Karim", "Vesna", "Dario", "Lucija"]
SURNAMES = ["Perić", "Kovač", "Horvat", "Čolak", "Hoffmann", "Nasser", "Novak", "Babić", "Jurić", "Marić", "Knežević", "Vuković", "Matić", "Tomić", "Pavlović", "Božić", "Blažević", "Grgić", "Pavić", "Radić", "Šarić", "Lovrić", "Vidović", "Perković", "Popović", "Bošnjak", "Jukić", "Barišić", "Mikulić", "Filipović"]
EVENTS = [("evacuation", "evakuirano je"), ("agreement", "postignut je dogovor"), ("attack", "napad je pogodio"), ("aid", "stigla je pomoć")]
REQUESTS = 60


def synthetic(i: int, rng: random.Random) -> Document:
    event = i // 5  # five reports per event
    place = PLACES[event % len(PLACES)]
    person = f"{GIVEN[event % len(GIVEN)]} {SURNAMES[(event // len(GIVEN)) % len(SURNAMES)]}"
    kind, words = EVENTS[event % len(EVENTS)]
    day = dt.date(2023, 1, 1) + dt.timedelta(days=(event * 3) % 1100)
    text = f"Vijest {event}\n\nU mjestu {place} {words} {rng.randrange(10, 900)} ljudi, rekao je {person} u izvješću broj {event}-{i}."
    doc = Document(id=f"d{i:05d}", text=text, language="hr", published=day, content_hash=f"h{i}", origin="bench", format="text")
    body = text.index("\n\n") + 2
    doc.segments = [Segment("headline", 0, body - 2, "hr"), Segment("other", body - 2, body, "hr"), Segment("body", body, len(text), "hr")]
    doc.sentences = [Sentence(0, body - 2, 0), Sentence(body, len(text), 2)]
    p = text.index(place)
    q = text.index(person)
    w = text.index(words)
    doc.mentions = [Mention(p, p + len(place), "location", place), Mention(q, q + len(person), "person", person)]
    doc.events = [Event(kind, body, len(text), w, w + len(words), day.isoformat(), None, None, place, [person])]
    doc.anatomy_version = "bench"
    return doc


def fill(store: SQLiteStore, n: int) -> None:
    rng = random.Random(0)
    sig = np.zeros(64, dtype=np.uint64)
    for i in range(n):
        doc = synthetic(i, rng)
        store.add(doc, sig, [])
        with store.transaction():
            for unit in unit_profiles(doc):
                assign(unit, store)


def timed(client: TestClient, urls: list[str]) -> tuple[float, float]:
    times = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url)
        times.append(time.perf_counter() - t)
        assert r.status_code == 200, (url, r.status_code)
    times.sort()
    return 1000 * statistics.median(times), 1000 * times[int(len(times) * 0.9)]


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "w.db"
        t = time.perf_counter()
        with SQLiteStore(db) as store:
            fill(store, n)
            stories = [s["id"] for s in store.stories_overview()]
        print(f"store: {n} documents, {len(stories)} stories, filled in {time.perf_counter() - t:.0f} s")
        client = TestClient(create_app(db, load_settings()), base_url="http://127.0.0.1")  # an allowed Host
        rng = random.Random(1)
        pages = [f"/stories/{rng.choice(stories)}" for _ in range(REQUESTS)]
        p50, p90 = timed(client, pages)
        print(f"story page (first view of a story, nothing cached): p50 {p50:.1f} ms, p90 {p90:.1f} ms")
        p50, p90 = timed(client, pages)
        print(f"story page (seen before, cached): p50 {p50:.1f} ms, p90 {p90:.1f} ms")
        queries = [rng.choice(["Kninu", "Colak", "evakuirano", "Harkiv", "dogovor", "Peric", "Sarajevu izvješću"]) for _ in range(REQUESTS)]
        p50, p90 = timed(client, [f"/search?q={q}" for q in queries])
        print(f"search page (50 best of all {n} documents, with snippets): p50 {p50:.1f} ms, p90 {p90:.1f} ms")
        p50, p90 = timed(client, [f"/api/search?q={q}" for q in queries])
        print(f"search API: p50 {p50:.1f} ms, p90 {p90:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
