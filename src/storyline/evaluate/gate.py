"""The quality gate: measured figures against pinned floors.

Each file ``evaluate/baselines/<name>.toml`` pins the floors of one gold set
(modelled on trafilatura's evaluation gate)::

    set = "quotes-en"          # the "set" name a scorer reports
    measured = "2026-12-01"    # when the figures below were measured
    [measured_figures]         # what the scorer reported then (documentation)
    "source_accuracy" = 0.91
    [floors]                   # a figure below its floor fails the gate
    "source_accuracy" = 0.89
    "content.f1" = 0.80        # dotted paths reach into nested results

Raising a floor is a normal commit; lowering one needs a line under
``[reasons]`` saying why (``tests/evaluate/test_gate.py`` checks that a
floor never sits above its measured figure and that every floor has a
scorer).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def baselines_dir() -> Path:
    return Path(__file__).parent / "baselines"


@dataclass(frozen=True, slots=True)
class Baseline:
    set: str
    path: Path
    floors: dict[str, float]
    measured: dict[str, float]
    eval_set: str  # the name to pass to ``storyline eval --sets`` to produce it


@dataclass(frozen=True, slots=True)
class Failure:
    set: str
    figure: str
    floor: float
    value: float | None

    def __str__(self) -> str:
        got = "missing" if self.value is None else f"{self.value:.4f}"
        return f"{self.set}: {self.figure} = {got}, below its floor {self.floor}"


def load_baselines(directory: Path | None = None) -> list[Baseline]:
    out = []
    for path in sorted((directory or baselines_dir()).glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out.append(
            Baseline(
                set=data["set"],
                path=path,
                floors={k: float(v) for k, v in data.get("floors", {}).items()},
                measured={k: float(v) for k, v in data.get("measured_figures", {}).items()},
                eval_set=data.get("eval_set", data["set"]),
            )
        )
    return out


def figure(result: dict[str, Any], dotted: str) -> float | None:
    """The value at ``a.b.c`` in a scorer's result, or None when absent."""
    node: Any = result
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, (int, float)) and not isinstance(node, bool) else None


def check(results: list[dict[str, Any]], baselines: list[Baseline] | None = None) -> tuple[list[Failure], list[str]]:
    """Failures of the results against the floors, and the sets that were skipped or not run."""
    by_set = {r["set"]: r for r in results if "set" in r}
    failures: list[Failure] = []
    missing: list[str] = []
    for base in baselines if baselines is not None else load_baselines():
        r = by_set.get(base.set)
        if r is None or "skipped" in r:
            missing.append(base.set)
            continue
        for name, floor in base.floors.items():
            value = figure(r, name)
            if value is None or value < floor:
                failures.append(Failure(base.set, name, floor, value))
    return failures, missing
