"""Ingest + anatomy speed: seconds per document, on the shared samples and on our examples.

Model loading (lingua) is reported apart from per-document time. Documents
are ingested into a fresh in-memory store, repeated to get stable figures.
Run: python benchmarks/ingest_bench.py [FOLDER ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from storyline.anatomy.langid import get_identifier
from storyline.service import ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT.parent / "shared" / "samples" / "aleppo-2016", ROOT / "examples"]
REPEAT = 20


def bench(folder: Path) -> None:
    words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in folder.iterdir() if p.suffix in {".txt", ".html"})
    times = []
    n = 0
    for _ in range(REPEAT):
        with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "b.db") as store:
            t0 = time.perf_counter()
            report = ingest([folder], store, Settings())
            times.append(time.perf_counter() - t0)
            n = len(report.added)
    best, median = min(times), sorted(times)[len(times) // 2]
    print(f"{folder.name:14} {n} documents (~{words} words in text/html files): "
          f"median {1000 * median / n:.1f} ms/document, best {1000 * best / n:.1f} ms/document, {n / median:.1f} documents/s")


def main() -> None:
    t0 = time.perf_counter()
    get_identifier("langid.lingua.v1").detect("warm up the models")
    print(f"model load (lingua, once per process): {time.perf_counter() - t0:.2f} s")
    for folder in [Path(p) for p in sys.argv[1:]] or DEFAULT:
        if folder.is_dir():
            bench(folder)
        else:
            print(f"{folder}: not found, skipped")


if __name__ == "__main__":
    main()
