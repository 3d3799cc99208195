"""Analysis time grows linearly with the length of a single-line text.

A quadratic step (a scan over all mentions for every sentence, a rest-of-line
re-tokenisation for every teaser) makes 4x the text cost 16x the time; the
bound below fails on that and passes on linear growth with room for noise on
a busy machine. ``benchmarks/long_text_bench.py`` prints the same on 1-20 MB.
"""

from __future__ import annotations

import gc
import importlib.util
import time
from pathlib import Path

import pytest

from storyline.api import text_document
from storyline.service import analysis_steps
from storyline.settings import Settings

from ..conftest import assert_tiles

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "long_text_bench.py"
# 4x the text may cost at most this many times the time (linear: 4; quadratic: 16).
MAX_RATIO_FOR_4X = 6.5


def _long_text():
    if not BENCH.is_file():
        pytest.skip(f"benchmark script not found at {BENCH}")
    spec = importlib.util.spec_from_file_location("long_text_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.long_text


def _cpu(steps: list, text: str) -> float:
    doc = text_document(text, language="hr")
    t0 = time.process_time()
    for step in steps:
        doc = step.process(doc)
    spent = time.process_time() - t0
    assert_tiles(doc)
    return spent


def test_analysis_time_is_linear_in_text_length() -> None:
    long_text = _long_text()
    steps = analysis_steps(Settings())
    small, large = long_text(100_000, "hr", seed=1), long_text(400_000, "hr", seed=2)
    assert "\n" not in large
    # Load models and fill caches outside the timings: a model or dictionary
    # that only a longer text first needs (a lingua pair model, a lemma
    # dictionary built into a fresh user cache) costs seconds once.
    _cpu(steps, long_text(5_000, "hr"))
    _cpu(steps, large)
    # What is loaded by then is frozen, as a run freezes it after its first
    # document (engine.analysis.first_load): otherwise the collector's full
    # passes over everything earlier tests left alive grow with the number of
    # allocations and swamp what this test measures (seen in full-suite runs).
    gc.collect()
    gc.freeze()
    try:
        t_small = min(_cpu(steps, small) for _ in range(2))
        t_large = min(_cpu(steps, large) for _ in range(2))
    finally:
        gc.unfreeze()
    assert t_large / t_small < MAX_RATIO_FOR_4X, f"100 KB: {t_small:.2f} s, 400 KB: {t_large:.2f} s"
