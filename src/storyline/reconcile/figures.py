"""Figures that count the same thing, merged into one row with every
source's value.

A row holds the figures of one noun class and one predicate ("civilians"
"killed"; "people" "used_as_shields"): 300 people evacuated and 250 people
killed are two rows, never one disagreement. Within a row two figures
disagree only when

- they come from different sources: different documents (a document never
  disagrees with itself) and, when both name who claims them, different
  claimants (one claimant's two numbers are an update, not a dispute);
- they are about the same time and place, when the figures say (``date``,
  ``place`` keys; absent, they are taken as the same);
- neither is vague ("thousands", "desetak": ACLED's low end is a floor, not
  a claim);
- their ranges do not overlap: "more than 300" is 300..∞, "about 250" is
  250 ± APPROX_TOLERANCE, "up to 40" is 0..40.

The figure dicts come from ``reconcile/facts.py``; keys added later (noun,
predicate, vague, confidence) are read with defaults, so analyses stored
before them still make rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from .model import CONFIDENT, FigureRow

# "oko 300", "about 300": the share either side of the value that an
# approximate figure still covers. A reading of how reporters round (to the
# nearest 10 % or so of the number), not a calibrated rate.
APPROX_TOLERANCE = 0.1
# Each further document that agrees raises a row's confidence by this much (up to the cap).
AGREEING_SOURCE_BONUS = 0.05
MAX_CONFIDENCE = 0.95
# English words for the predicate classes of extract/figures.py, as they read after the noun.
PREDICATE_WORDS = {"used_as_shields": "used as human shields"}


def interval(f: dict[str, Any]) -> tuple[float, float] | None:
    """The numbers a figure allows, by its value (or range) and qualifier; None without a number."""
    value, low, high = f.get("value"), f.get("low"), f.get("high")
    if value is None:
        if low is None or high is None:
            return None
        low, high = float(low), float(high)
    else:
        low = high = float(value)
    qualifier = f.get("qualifier", "exact")
    if qualifier == "at_least":
        return low, math.inf
    if qualifier == "at_most":
        return 0.0, high
    if qualifier == "approx" and value is not None:
        return low * (1 - APPROX_TOLERANCE), high * (1 + APPROX_TOLERANCE)
    return low, high


def _document(f: dict[str, Any]) -> str | None:
    ev = f.get("evidence") or []
    return ev[0].get("document") if ev else None


def _claimant(f: dict[str, Any]) -> str | None:
    return f.get("claimed_by") or f.get("claimed_by_text")


def different_sources(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Different documents and, when both say who claims them, different claimants."""
    if _document(a) is None or _document(a) == _document(b):
        return False
    ca, cb = _claimant(a), _claimant(b)
    return not (ca and cb and ca == cb)


def same_occasion(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same time and place where both figures say; unknown counts as the same."""
    return all(a.get(k) is None or b.get(k) is None or a.get(k) == b.get(k) for k in ("date", "place"))


def disagree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two figures of one row that cannot both be right."""
    if a.get("vague") or b.get("vague"):
        return False
    if not (different_sources(a, b) and same_occasion(a, b)):
        return False
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return False
    return ia[1] < ib[0] or ib[1] < ia[0]


def row_key(f: dict[str, Any]) -> tuple[str, str, str | None]:
    return (f.get("what") or "", f.get("unit") or "", f.get("predicate"))


def row_label(what: str, predicate: str | None) -> str:
    """ "civilians" and "killed" -> "civilians killed"; an older figure's what may hold it already."""
    if not predicate:
        return what
    words = PREDICATE_WORDS.get(predicate, predicate)
    return what if what.endswith(" " + words) else f"{what} {words}".strip()


def _bounds(sources: Iterable[dict[str, Any]]) -> tuple[float | None, float | None]:
    sources = list(sources)
    lows: list[float] = [x for x in (f["value"] if f.get("value") is not None else f.get("low") for f in sources) if x is not None]
    highs: list[float] = [x for x in (f["value"] if f.get("value") is not None else f.get("high") for f in sources) if x is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


def _confidence(sources: list[dict[str, Any]], disagrees: bool) -> float:
    known = [f["confidence"] for f in sources if f.get("confidence")]
    base = sum(known) / len(known) if known else CONFIDENT
    documents = {_document(f) for f in sources}
    if not disagrees:
        base += AGREEING_SOURCE_BONUS * (len(documents) - 1)
    return round(min(MAX_CONFIDENCE, base), 3)


def build_figure_rows(figures: list[dict[str, Any]]) -> list[FigureRow]:
    """One row per noun class and predicate, in the order each first appears."""
    groups: dict[tuple[str, str, str | None], list[dict[str, Any]]] = {}
    for f in figures:
        groups.setdefault(row_key(f), []).append(f)
    rows = []
    for (what, unit, predicate), sources in groups.items():
        precise = [f for f in sources if not f.get("vague")]
        low, high = _bounds(precise or sources)
        disagrees = any(disagree(a, b) for a, b in combinations(sources, 2))
        rows.append(
            FigureRow(
                what=row_label(what, predicate),
                unit=unit,
                low=low,
                high=high,
                sources=sources,
                predicate=predicate,
                vague=not precise,
                disagree=disagrees,
                confidence=_confidence(sources, disagrees),
            )
        )
    return rows


def figure_rows(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows in the brief's dict form (docs/brief-format.md)."""
    return [r.to_dict() for r in build_figure_rows(figures)]
