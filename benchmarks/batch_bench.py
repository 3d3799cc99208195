"""Batch engines: documents/s in process vs worker processes vs Dask, on generated short documents.

Each engine ingests the same generated documents (Croatian and English,
60-90 words each, one JSONL file) into a fresh SQLite store. The time is
the whole call, worker start-up included, since that is what a user waits
for. Printed, not asserted.

Run: python benchmarks/batch_bench.py [--count 2000] [--workers 2] [--engines in-process,processes,dask]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

import psutil  # comes with dask[distributed]

from storyline.service import ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore

# Made-up building blocks: names and places are invented or generic, so the
# documents say nothing true and match no real article.
PEOPLE = ["Ana Kovač", "Marko Babić", "Ivana Perić", "Tomislav Jurić", "Petra Novak", "Luka Vidović", "Maja Knežević", "Josip Pavić"]
PLACES_HR = ["Zagrebu", "Splitu", "Rijeci", "Osijeku", "Zadru", "Puli", "Karlovcu", "Sisku"]
PLACES_EN = ["Zagreb", "Split", "Rijeka", "Osijek", "Zadar", "Pula", "Karlovac", "Sisak"]
HR = [
    "Gradsko vijeće u {place} u {day} je izglasalo novi proračun od {n} milijuna eura.",
    "{person} rekla je da će radovi trajati {k} mjeseci.",
    "Policija je u {place} privela {k} osobe nakon tučnjave ispred kluba.",
    "Na sajmu u {place} sudjelovalo je {n} izlagača iz {k} zemalja.",
    "\"Ovo je tek početak\", izjavio je {person} nakon sastanka.",
    "Vatrogasci su u {day} gasili požar u skladištu u {place}.",
    "Cijena karte porast će s {k} na {n} eura od sljedećeg mjeseca.",
    "Sindikat je najavio prosvjed za {day} u {place}.",
    "Prema podacima zavoda, u {place} živi {n} tisuća stanovnika.",
    "{person} je potvrdio da je ugovor potpisan u {day}.",
]
EN = [
    "The city council in {place} approved a budget of {n} million euros on {day}.",
    "{person} said the works would take {k} months.",
    "Police in {place} detained {k} people after a fight outside a club.",
    "The fair in {place} drew {n} exhibitors from {k} countries.",
    "\"This is only the beginning,\" {person} said after the meeting.",
    "Firefighters fought a warehouse fire in {place} on {day}.",
    "The ticket price will rise from {k} to {n} euros next month.",
    "The union called a protest in {place} for {day}.",
    "According to the statistics office, {n} thousand people live in {place}.",
    "{person} confirmed that the contract was signed on {day}.",
]
DAYS_HR = ["ponedjeljak", "utorak", "srijedu", "četvrtak", "petak"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def generate(count: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    records = []
    for i in range(count):
        hr = i % 2 == 0
        templates, places, days = (HR, PLACES_HR, DAYS_HR) if hr else (EN, PLACES_EN, DAYS_EN)
        sentences = [
            t.format(place=rnd.choice(places), person=rnd.choice(PEOPLE), day=rnd.choice(days), n=rnd.randint(10, 990), k=rnd.randint(2, 9))
            for t in rnd.sample(templates, rnd.randint(4, 6))
        ]
        title = sentences[0].rstrip(".")
        records.append(
            {
                "id": f"g{i:05d}",
                "text": f"{title}\n\n" + " ".join(sentences[1:]) + f" (ref. {i})",
                "language": "hr" if hr else "en",
                "published": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
            }
        )
    return records


class CpuMeter:
    """CPU seconds of this process and all its descendants (forkserver workers are grandchildren,
    which getrusage(RUSAGE_CHILDREN) never sees): the descendants are sampled while they live."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            for child in psutil.Process().children(recursive=True):
                try:
                    t = child.cpu_times()
                    self.seen[child.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self._stop.wait(0.2)

    def __enter__(self) -> Self:
        t = psutil.Process().cpu_times()
        self.own0 = t.user + t.system
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        t = psutil.Process().cpu_times()
        self.own = t.user + t.system - self.own0  # the writer (and, in process, the analysis too)
        self.total = self.own + sum(self.seen.values())


def bench(name: str, settings: Settings, inputs: Path, count: int, tmp: Path) -> None:
    with SQLiteStore(tmp / f"{name}.db") as store, CpuMeter() as meter:
        t0 = time.perf_counter()
        report = ingest([inputs], store, settings)
        seconds = time.perf_counter() - t0
    cpu = meter.total
    stored = len(report.added)
    print(f"{name:12} workers {settings.workers}: {stored}/{count} stored, {len(report.failures)} failed, "
          f"{seconds:6.1f} s, {stored / seconds:5.1f} documents/s; CPU {cpu:6.1f} s in all processes "
          f"({1000 * cpu / max(stored, 1):.0f} ms/document), {meter.own:5.1f} s of it in this process", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="documents to generate")
    parser.add_argument("--workers", type=int, default=2, help="workers for the parallel engines")
    parser.add_argument("--engines", default="in-process,processes,dask")
    args = parser.parse_args()
    engines = {
        "in-process": Settings(workers=1),
        "processes": Settings(workers=args.workers),
        "dask": Settings(engine="dask", workers=args.workers),
    }
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        inputs = tmp / "generated"
        inputs.mkdir()
        records = generate(args.count)
        (inputs / "docs.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        words = sum(len(r["text"].split()) for r in records) / len(records)
        print(f"{args.count} generated documents, {words:.0f} words on average; whole-call times, start-up included; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
        for name in args.engines.split(","):
            bench(name, engines[name], inputs, args.count, tmp)


if __name__ == "__main__":  # worker processes re-import this file
    main()
