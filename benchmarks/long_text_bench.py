"""Analysis time per MB on long single-line texts: it must stay flat as texts grow.

The texts are generated, never copied: sentences built from the package's own
per-language word lists (reporting verbs, month and weekday names, counted
nouns and qualifiers, teaser phrases, byline labels, comment headings), with
made-up names, numbers and quotes, all on one line. So every stage
(segmentation with inline teasers, language id, sentences, entities, quotes,
figures, time expressions, events) has work on every stretch of the text.

Run: python benchmarks/long_text_bench.py [--sizes 1,5,20] [--lang hr,en]
(sizes in MB; the whole analysis, nothing stored). Prints seconds per MB for
each size and each stage. ``tests/ingest/test_linear_time.py`` uses
:func:`long_text` to check the growth on small sizes in CI.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from storyline import lang
from storyline.api import text_document
from storyline.service import analysis_steps
from storyline.settings import load_settings

# Invented names (not taken from any article): people, then places.
PEOPLE = ["Lana Vukić", "Tomo Barić", "Ema Rukavina", "Dino Herak", "Iva Lončar", "Alan Pavić", "Nora Bilić", "Ivo Matas"]
PLACES = ["Zagreb", "Split", "Osijek", "London", "Leeds", "Bristol", "Rijeka", "Zadar"]
FILLER = {
    "hr": "vijeće je danas raspravljalo o novom planu za obnovu mosta i ceste uz rijeku nakon duge rasprave",
    "en": "the council discussed the new plan for the bridge and the road along the river after a long debate",
}


def _first(forms: list) -> list[str]:
    return [f[0] if isinstance(f, list) else f for f in forms]


def long_text(size: int, language: str = "hr", seed: int = 0) -> str:
    """About ``size`` characters of generated ``language`` prose with no line break."""
    rnd = random.Random(seed)
    anatomy, quotes = lang.load(language, "anatomy"), lang.load(language, "quotes")
    time_words, figures = lang.load(language, "time"), lang.load(language, "figures")
    verbs = quotes.get("verb_forms", ["said"])
    months, weekdays = _first(time_words.get("months", [])), _first(time_words.get("weekdays", []))
    counted = list(figures.get("counted", {})) or ["people"]
    qualifiers = list(figures.get("qualifiers", {})) or [""]
    teasers = anatomy.get("teaser_phrases", [])
    bylines = anatomy.get("byline_labels", [])
    filler = FILLER.get(language, FILLER["en"]).split()

    def clause() -> str:
        return " ".join(rnd.sample(filler, rnd.randint(5, 10)))

    makers = [
        lambda: f"{rnd.choice(PEOPLE)} {rnd.choice(verbs)} da je {clause()} u {rnd.choice(PLACES)}."
        if language != "en"
        else f"{rnd.choice(PEOPLE)} {rnd.choice(verbs)} that {clause()} in {rnd.choice(PLACES)}.",
        lambda: f"{rnd.choice(qualifiers)} {rnd.randint(2, 9000)} {rnd.choice(counted)} {clause()}.".capitalize(),
        lambda: f"{clause().capitalize()} {rnd.randint(1, 28)}. {rnd.choice(months)} {rnd.randint(1990, 2030)}."
        if language != "en"
        else f"{clause().capitalize()} on {rnd.choice(months).capitalize()} {rnd.randint(1, 28)}, {rnd.randint(1990, 2030)}.",
        lambda: f"{clause().capitalize()} {rnd.choice(weekdays)}.",
        lambda: f"„{clause().capitalize()}”, {rnd.choice(verbs)} je {rnd.choice(PEOPLE)}."
        if language != "en"
        else f"“{clause().capitalize()},” {rnd.choice(PEOPLE)} {rnd.choice(verbs)}.",
        lambda: f"{rnd.choice(teasers)}: {rnd.choice(PLACES)} {clause()}" if teasers else clause(),
        lambda: f"{rnd.choice(bylines)} {rnd.choice(PEOPLE)}" if bylines else clause(),
        lambda: f"{clause().capitalize()}.",
    ]
    weights = [3, 3, 2, 2, 2, 1, 1, 6]
    parts: list[str] = []
    total = 0
    while total < size:
        s = rnd.choices(makers, weights)[0]()
        parts.append(s)
        total += len(s) + 1
    return " ".join(parts)[:size]


def analyse_timed(text: str, language: str | None = None, steps: list | None = None) -> dict[str, float]:
    """CPU seconds of each analysis step on one text (nothing stored)."""
    steps = steps if steps is not None else analysis_steps(load_settings())
    doc = text_document(text, language=language)
    out: dict[str, float] = {}
    for step in steps:
        t0 = time.process_time()
        doc = step.process(doc)
        out[getattr(step, "name", type(step).__name__)] = time.process_time() - t0
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1,5,20", help="comma-separated sizes in MB")
    ap.add_argument("--lang", default="hr,en", help="comma-separated languages of the generated text")
    args = ap.parse_args(argv)
    steps = analysis_steps(load_settings())
    analyse_timed(long_text(20_000, "hr"), steps=steps)  # load models outside the timings
    for language in args.lang.split(","):
        for mb in (float(x) for x in args.sizes.split(",")):
            text = long_text(int(mb * 1_000_000), language)
            t0 = time.perf_counter()
            timed = analyse_timed(text, steps=steps)
            wall = time.perf_counter() - t0
            cpu = sum(timed.values())
            per_step = ", ".join(f"{k} {v / mb:.2f}" for k, v in timed.items())
            print(f"{language} {mb:g} MB: {cpu / mb:.2f} s CPU per MB ({wall:.1f} s wall); per step, s/MB: {per_step}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
