"""Scores of the figure step on our own gold (``gold/figures/<lang>-<part>.jsonl``).

Each line is one news-like sentence written for this set, with every figure
in it: the words (``text``, any stretch inside the figure), ``value`` or
``low``/``high``, ``qualifier``, ``what`` (English), ``noun`` (the lemma in
the sentence's language), ``predicate`` (an English class or null) and
``vague``. Sums, shares, measures and years are in the sentences and not in
the gold: finding them costs precision.

The ``heldout`` part was written before the rules were run on any of it and
is never tuned on; ``dev`` is where errors are read. Figures reported per
set ``figures-<lang>-<part>``:

- ``found``: share of gold figures that a predicted figure overlaps;
- ``value_qualifier_what``: share of gold figures whose value (or range),
  qualifier and what are all right; ``what`` is right when it is the gold
  English word, or the gold noun itself for a noun without an English word;
- ``predicate``: share of gold figures with the right predicate class (None included);
- ``precision``: share of predicted figures that overlap a gold one.

The step is run as the pipeline runs it (``find_times`` then
``find_figures`` on the sentence), without the entity models, so the set
scores in a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..extract.figures import find_figures
from ..extract.timex import find_times
from ..records import Figure
from .own import gold_dir
from .score import read_jsonl, scored_or_skipped

LANGUAGES = ("en", "hr")
PARTS = ("dev", "heldout")


def figures_dir() -> Path:
    return gold_dir() / "figures"


def _value_ok(pred: Figure, gold: dict[str, Any]) -> bool:
    if "value" in gold:
        return pred.value == gold["value"]
    return pred.value is None and pred.low == gold["low"] and pred.high == gold["high"]


def _what_ok(pred: Figure, gold: dict[str, Any]) -> bool:
    what = (pred.what or "").casefold()
    return what == gold["what"].casefold() or (what == gold["noun"].casefold() and (pred.noun or "").casefold() == what)


def score_file(path: Path) -> dict[str, Any]:
    language, _, part = path.stem.partition("-")
    found = vqw = pred_ok = n = predicted = matched = 0
    errors: list[str] = []
    for item in read_jsonl(path):
        text = item["text"]
        times = find_times(text, 0, len(text), language, None)
        figs = find_figures(text, [(0, len(text))], language, times)
        spans = []
        for g in item["figures"]:
            n += 1
            a = text.index(g["text"])
            b = a + len(g["text"])
            spans.append((a, b))
            hit = next((f for f in figs if f.start < b and a < f.end), None)
            if hit is None:
                errors.append(f"{item['id']} {g['text']!r}: not found")
                continue
            found += 1
            ok = _value_ok(hit, g) and hit.qualifier == g["qualifier"] and _what_ok(hit, g)
            vqw += ok
            pred_ok += hit.predicate == g["predicate"]
            if not ok or hit.predicate != g["predicate"]:
                got = (
                    hit.value if hit.value is not None else (hit.low, hit.high),
                    hit.qualifier,
                    hit.what,
                    hit.predicate,
                )
                want = (g.get("value", (g.get("low"), g.get("high"))), g["qualifier"], g["what"], g["predicate"])
                errors.append(f"{item['id']} {g['text']!r}: wanted {want}, got {got}")
        for f in figs:
            predicted += 1
            if any(f.start < b and a < f.end for a, b in spans):
                matched += 1
            else:
                errors.append(f"{item['id']} extra figure {text[f.start : f.end]!r}")
    rate = lambda k, d: round(k / d, 3) if d else 0.0
    return {
        "set": f"figures-{language}-{part}",
        "figures": n,
        "found": rate(found, n),
        "value_qualifier_what": rate(vqw, n),
        "predicate": rate(pred_ok, n),
        "precision": rate(matched, predicted),
        "predicted": predicted,
        "errors": errors,
    }


def score_figures(settings=None) -> list[dict[str, Any]]:
    """One result per language and part; a part without its file is reported skipped."""
    out = []
    for language in LANGUAGES:
        for part in PARTS:
            out.append(scored_or_skipped(f"figures-{language}-{part}", figures_dir() / f"{language}-{part}.jsonl", score_file))
    return out
