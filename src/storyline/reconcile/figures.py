"""Figures that count the same thing, merged into one row with every
source's value: the row gives the range (lowest to highest) and says
whether the sources disagree."""

from __future__ import annotations

from typing import Any


def figure_rows(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for f in figures:
        row = rows.setdefault((f["what"], f["unit"]), {"what": f["what"], "unit": f["unit"], "sources": []})
        row["sources"].append(f)
    out = []
    for row in rows.values():
        lows = [f["value"] if f["value"] is not None else f["low"] for f in row["sources"]]
        highs = [f["value"] if f["value"] is not None else f["high"] for f in row["sources"]]
        row["low"], row["high"] = min(lows), max(highs)
        claims = {(f["value"], f["low"], f["high"], f["qualifier"]) for f in row["sources"]}
        row["disagree"] = len(claims) > 1
        row["evidence"] = [ev for f in row["sources"] for ev in f["evidence"]]
        out.append(row)
    return out
