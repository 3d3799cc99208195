"""Language identification: accuracy on our own hr/sr/bs/en fixture and speed.

Compares lingua alone (hr/sr/bs/en, high accuracy) with the default backend
langid.lingua.v1 (broad low-accuracy pass + hr/sr/bs stage with word markers).
Run: python benchmarks/langid_bench.py
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from lingua import Language, LanguageDetectorBuilder

from storyline.anatomy.langid import get_identifier

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "langid.jsonl"


def main() -> None:
    rows = [json.loads(x) for x in FIXTURE.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if "language" in r]
    plain = LanguageDetectorBuilder.from_languages(Language.CROATIAN, Language.SERBIAN, Language.BOSNIAN, Language.ENGLISH).build()
    t0 = time.perf_counter()
    ours = get_identifier("langid.lingua.v1")
    ours.detect("warm up")
    load = time.perf_counter() - t0

    def lingua_only(text: str) -> str:
        lang = plain.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang else "?"

    for name, fn in (("lingua hr/sr/bs/en", lingua_only), ("langid.lingua.v1", lambda t: ours.detect(t).language)):
        t0 = time.perf_counter()
        got = [(r["language"], fn(r["text"]), r["text"]) for r in rows]
        dt = time.perf_counter() - t0
        acc = sum(g == w for w, g, _ in got) / len(got)
        print(f"{name:22} accuracy {acc:.3f} ({len(got)} texts, {len(got) / dt:,.0f} texts/s)")
        for lang in ("hr", "sr", "bs", "en"):
            mine = [(w, g) for w, g, _ in got if w == lang]
            print(f"    {lang}: {sum(w == g for w, g in mine)}/{len(mine)}  confusions {dict(Counter(g for w, g in mine if g != w))}")
        for w, g, t in got:
            if w != g:
                print(f"      want {w} got {g}: {t[:70]}")
    print(f"langid.lingua.v1 load time {load:.2f} s")


if __name__ == "__main__":
    main()
