"""The quality gate: every pinned floor is checked against a fresh score.

A baseline (evaluate/baselines/<name>.toml) names its set, the figures
measured when it was pinned and the floors under them. This test scores
every set that has a baseline and fails on any figure below its floor.
"""

from __future__ import annotations

import pytest

from storyline.evaluate.gate import Baseline, check, figure, load_baselines
from storyline.evaluate.own import run_eval

BASELINES = load_baselines()


def test_gate_mechanism_fails_below_a_floor(tmp_path) -> None:
    base = Baseline("demo", tmp_path / "demo.toml", {"a.f1": 0.8, "acc": 0.5}, {"a.f1": 0.85, "acc": 0.6}, "demo")
    failures, missing = check([{"set": "demo", "a": {"f1": 0.79}, "acc": 0.7}], [base])
    assert [(f.figure, f.value) for f in failures] == [("a.f1", 0.79)] and missing == []
    failures, missing = check([{"set": "demo", "acc": 0.7}], [base])
    assert [(f.figure, f.value) for f in failures] == [("a.f1", None)]
    assert check([{"set": "demo", "skipped": "no data"}], [base]) == ([], ["demo"])
    assert figure({"x": {"y": True}}, "x.y") is None


@pytest.mark.parametrize("base", BASELINES, ids=[b.set for b in BASELINES])
def test_floor_is_not_above_what_was_measured(base: Baseline) -> None:
    for name, floor in base.floors.items():
        assert name in base.measured, f"{base.path.name}: floor {name} has no measured figure"
        assert floor <= base.measured[name], f"{base.path.name}: floor {name} above its measured figure"


_SCORED: dict[str, list[dict]] = {}  # one run per eval set, however many baselines it has


@pytest.mark.parametrize("base", BASELINES, ids=[b.set for b in BASELINES])
def test_figures_stay_above_their_floors(base: Baseline) -> None:
    if base.eval_set not in _SCORED:
        _SCORED[base.eval_set] = run_eval([base.eval_set])
    results = _SCORED[base.eval_set]
    scored = {r["set"]: r for r in results}
    assert base.set in scored, f"--sets {base.eval_set} reported {sorted(scored)}, not {base.set}"
    if "skipped" in scored[base.set]:
        pytest.skip(scored[base.set]["skipped"])
    failures, _ = check(results, [base])
    assert not failures, "\n".join(map(str, failures))
