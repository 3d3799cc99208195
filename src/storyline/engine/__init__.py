"""Where per-document analysis runs: in process, in worker processes, or on a Dask cluster.

Every engine offers ``submit(doc) -> handle`` (``handle.result()`` gives the
analysed Document or a Problem), a ``window`` (how many documents may be in
flight ahead of the writer) and ``close()``. The batch in ``service.ingest``
is the same for all of them: read in order, analyse anywhere, store in
input order, so the results equal a one-worker run.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from ..errors import UsageError
from ..records import Document, Problem
from ..settings import Settings
from .analysis import AnalysisSpec, analyse, pipeline_for
from .local import InProcess, ProcessPool

log = logging.getLogger(__name__)

# With workers = 0 (auto), a batch whose input files hold less than this
# many bytes runs in process. Starting a worker costs about 3 CPU-seconds of
# imports and models (issue 17), and analysis is about 80% of the per-document
# cost (the writer's store and story placement the rest: benchmarks/batch_bench.py
# split, docs/decisions.md "Batch engines"), so 2 workers on 2 cores save at most
# ~40% of the in-process time. 2 MB is ~500 articles of 600 words (~25 s in
# process): the first size where the saving clearly exceeds the start-up.
# An estimate from those two figures, not a measured break-even.
PARALLEL_MIN_BYTES = 2_000_000


class Handle(Protocol):
    def result(self) -> Document | Problem: ...


class Engine(Protocol):
    name: str
    window: int
    spec: AnalysisSpec

    def submit(self, doc: Document) -> Handle: ...

    def close(self) -> None: ...


def _local(spec: AnalysisSpec, workers: int, scheduler: str) -> Engine:
    if scheduler:
        raise UsageError("--scheduler needs --engine dask")
    return InProcess(spec) if workers <= 1 else ProcessPool(spec, workers)


def _dask(spec: AnalysisSpec, workers: int, scheduler: str) -> Engine:
    from .dask_engine import DaskEngine

    return DaskEngine(spec, workers, scheduler)


ENGINES: dict[str, Callable[[AnalysisSpec, int, str], Engine]] = {"local": _local, "dask": _dask}


def resolve_workers(settings: Settings, input_bytes: int | None = None) -> int:
    """The number of workers to use: the setting, or (0 = auto) the machine's cores for large batches."""
    if settings.workers < 0:
        raise UsageError(f"workers must be 0 (auto) or more, not {settings.workers}")
    if settings.workers:
        return settings.workers
    cores = os.cpu_count() or 1
    if settings.engine == "local" and input_bytes is not None and input_bytes < PARALLEL_MIN_BYTES:
        return 1
    return cores


def make_engine(settings: Settings, steps: Sequence | None = None, *, input_bytes: int | None = None, token: str = "") -> Engine:
    """The engine named by settings.engine, with settings.workers workers (see resolve_workers)."""
    factory = ENGINES.get(settings.engine)
    if factory is None:
        raise UsageError(f"unknown engine {settings.engine!r}", hint=f"use one of: {', '.join(ENGINES)}")
    if steps is not None and not token:
        token = uuid.uuid4().hex  # explicit steps never share a cached pipeline with another spec
    # Workers (maybe on other machines) get only what analysis reads: not the database URL, which may
    # hold a password, nor the API token.
    spec = AnalysisSpec(replace(settings, db="", api_token=""), tuple(steps) if steps is not None else None, token)
    workers = resolve_workers(settings, input_bytes)
    log.info("engine %s with %d worker(s) for %s bytes of input", settings.engine, workers, "unknown" if input_bytes is None else input_bytes)
    return factory(spec, workers, settings.scheduler)


def input_size(files: Sequence[Path]) -> int:
    total = 0
    for f in files:
        try:
            total += f.stat().st_size
        except OSError:
            pass
    return total


__all__ = [
    "ENGINES",
    "PARALLEL_MIN_BYTES",
    "AnalysisSpec",
    "Engine",
    "Handle",
    "InProcess",
    "ProcessPool",
    "analyse",
    "input_size",
    "make_engine",
    "pipeline_for",
    "resolve_workers",
]

