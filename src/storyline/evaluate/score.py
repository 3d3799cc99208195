"""Precision, recall and F1 over spans: exact, and overlap matched one to one;
and the reading of gold files that every set shares."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON-lines gold file, blank lines skipped."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def scored_or_skipped(name: str, path: Path, score: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """Set ``name`` scored from its gold file, or reported skipped without one."""
    return score(path) if path.is_file() else {"set": name, "skipped": f"no gold at {path}"}


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


Span3 = tuple[int, int, str]


def exact(gold: Iterable[Span3], pred: Iterable[Span3]) -> PRF:
    g, p = set(gold), set(pred)
    return PRF(len(g & p), len(p - g), len(g - p))


def overlap(gold: Iterable[Span3], pred: Iterable[Span3]) -> PRF:
    """Same label and overlapping spans, each gold and prediction used once
    (greedy, exact matches first, then by size of overlap)."""
    g, p = sorted(set(gold)), sorted(set(pred))
    pairs = []
    for i, (gs, ge, gl) in enumerate(g):
        for j, (ps, pe, pl) in enumerate(p):
            if gl == pl and ps < ge and gs < pe:
                pairs.append((-(gs == ps and ge == pe), -(min(ge, pe) - max(gs, ps)), i, j))
    used_g, used_p = set(), set()
    for _, _, i, j in sorted(pairs):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    tp = len(used_g)
    return PRF(tp, len(p) - tp, len(g) - tp)


def inside(span: tuple[int, int], regions: Iterable[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in regions)
