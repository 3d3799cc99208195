"""Language identification: accuracy on our own multilingual gold and speed.

Compares lingua alone (all 75 languages, low-accuracy mode: what a plain
call gives) with the default backend langid.lingua.v1 (first guess by
script, letters and function words, lingua among the candidates, hr/sr/bs
stage with word markers) on gold/langid/dev.jsonl and heldout.jsonl, then
times the first detection in a fresh process (model loading: what a
one-document run pays) and warm detections.
Run: python benchmarks/langid_bench.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

from storyline.anatomy.langid import get_identifier
from storyline.evaluate.langid import gold_dir, kind_of
from storyline.evaluate.score import read_jsonl

COLD = """
import sys, time
from storyline.anatomy.langid import get_identifier
t0 = time.perf_counter()
language = get_identifier("langid.lingua.v1").detect(sys.argv[1]).language
print(f"{time.perf_counter() - t0:.3f} {language}")
"""
SAMPLES = {
    "hr": "Vlada je u četvrtak objavila da će tisuću obitelji dobiti pomoć za obnovu kuća oštećenih u potresu.",
    "en": "The city council voted on Tuesday to close two libraries in the northern suburbs to save money.",
    "ru": "Правительство одобрило во вторник законопроект о повышении пенсий с первого января.",
}


def accuracy(rows: list[dict], detect: Callable[[str], str | None]) -> tuple[str, float]:
    t0 = time.perf_counter()
    got = [(r, detect(r["text"])) for r in rows]
    rate = len(rows) / (time.perf_counter() - t0)
    parts = []
    for kind in ("para", "short"):
        mine = [(r, g) for r, g in got if kind_of(r["id"]) == kind]
        parts.append(f"{kind} {sum(r['lang'] == g for r, g in mine) / len(mine):.3f}")
    total = sum(r["lang"] == g for r, g in got) / len(got)
    return f"accuracy {total:.3f} ({', '.join(parts)}; {len(rows)} texts)", rate


def main() -> None:
    from lingua import LanguageDetectorBuilder

    plain = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def lingua_only(text: str) -> str | None:
        found = plain.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    ours = get_identifier("langid.lingua.v1")
    for split in ("dev", "heldout"):
        rows = [r for r in read_jsonl(gold_dir() / f"{split}.jsonl") if "lang" in r]
        for name, fn in (("lingua alone", lingua_only), ("langid.lingua.v1", lambda t: ours.detect(t).language)):
            for r in rows:  # the first calls load models; timed apart below
                fn(r["text"])
            line, rate = accuracy(rows, fn)
            print(f"{split:8} {name:18} {line}, {rate:,.0f} texts/s warm")
    for language, text in SAMPLES.items():
        out = subprocess.run([sys.executable, "-c", COLD, text], capture_output=True, text=True, check=True).stdout.split()
        print(f"first detection in a fresh process ({language}): {out[0]} s (models, after imports) -> {out[1]}")


if __name__ == "__main__":
    main()
