"""Engines on this machine: in the calling process, or a pool of worker processes."""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.forkserver
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..records import Document, Problem
from .analysis import AnalysisSpec, Prepared, analyse, analyse_prepared, warm_up

log = logging.getLogger(__name__)

# Documents in flight per worker: enough to keep a worker busy while the
# writer stores the previous result, small enough that memory stays flat
# on a batch of any size (each in-flight document is held twice: sent and analysed).
IN_FLIGHT_PER_WORKER = 4
# Modules a fork server loads before it forks workers: the analysis and what
# it imports (nothing that opens a database or starts a thread on import),
# then the warm-up of the pipeline on the batch's first document (preload.py).
PRELOAD = ["storyline.engine.analysis", "storyline.service", "storyline.engine.preload"]
# The largest first document handed to the fork server for its warm-up, as
# encoded in the environment (Linux allows 128 kB for one variable; an
# article is 3-10 kB). Larger: each worker builds its own pipeline, as before.
WARM_MAX_CHARS = 100_000
# Entity backends the fork server may warm up: the offline ones. The optional
# ones may call a server for the document (entities.llm.v1, twice the cost),
# download a model, or start CUDA, which a forked worker cannot use again.
WARM_BACKENDS = frozenset({"auto", "entities.hbs.v1", "entities.spacy.v1", "entities.rules.v1", "entities.generic.v1"})


class _Lazy:
    """An in-process 'future': the analysis runs when the writer asks for it, in input order."""

    def __init__(self, doc: Document, spec: AnalysisSpec) -> None:
        self.doc, self.spec = doc, spec

    def result(self) -> Document | Problem:
        return analyse(self.doc, self.spec)


class InProcess:
    """No workers: each document is analysed in the writer's process, just before it is stored."""

    name = "in-process"
    window = 0

    def __init__(self, spec: AnalysisSpec) -> None:
        self.spec = spec

    def submit(self, doc: Document) -> _Lazy:
        return _Lazy(doc, self.spec)

    def close(self) -> None:
        pass


class _PoolResult:
    """A pool future that survives the death of a worker (killed, out of memory, crashed).

    The document whose result is lost is analysed once more in a fresh pool;
    if that worker dies too, the document gets a Problem and the batch goes on.
    """

    def __init__(self, engine: ProcessPool, doc: Document, future: Future, generation: int) -> None:
        self.engine, self.doc, self.future, self.generation = engine, doc, future, generation

    def result(self) -> Document | Problem:
        return self.result_prepared()[0]

    def result_prepared(self) -> tuple[Document | Problem, Prepared | None]:
        """The result and what the worker prepared for the writer (None: the writer computes it)."""
        try:
            return self.future.result()
        except BrokenProcessPool:
            log.warning("a worker process died; analysing %s again in a fresh pool", self.doc.origin or self.doc.id)
        try:
            return self.engine._retry(self.doc, self.generation).result()
        except BrokenProcessPool:
            return Problem(self.doc.origin or self.doc.id, "analysis worker died (out of memory or crashed)", "analysis"), None


class ProcessPool:
    """N worker processes (concurrent.futures), each with its own pipeline built once.

    Workers are started with 'spawn' (or 'forkserver' where available) so
    the writer's open database and threads never leak into them; the pool
    starts at the first document that needs analysis, so a re-run where
    everything is unchanged starts no process.
    """

    name = "processes"

    def __init__(self, spec: AnalysisSpec, workers: int) -> None:
        self.spec, self.workers = spec, workers
        self.window = workers * IN_FLIGHT_PER_WORKER
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0

    def _start(self, first: Document | None = None) -> ProcessPoolExecutor:
        if self._pool is None:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                # The fork server imports the analysis once and every worker
                # is forked from it with those modules loaded, instead of
                # importing them again each (~0.7 s of a worker's start).
                # No effect once this process's fork server runs.
                context.set_forkserver_preload(PRELOAD)
                self._start_fork_server(first)
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=warm_up,
                initargs=(self.spec,),
            )
            log.info("started %d worker processes (%s)", self.workers, method)
        return self._pool

    def _start_fork_server(self, first: Document | None) -> None:
        """Start this process's fork server (if it does not run yet) warmed up on ``first``.

        Only the first pool's first document: a replaced pool may follow
        a worker killed by a document, which must not stop the fork server.
        Explicit steps (tests, custom pipelines) are not warmed: their
        pipeline is this batch's alone; nor optional entity backends
        (:data:`WARM_BACKENDS`). No effect when it already runs.
        """
        from .preload import WARM_ENV, encode

        warm = ""
        if first is not None and self._generation == 0 and self.spec.steps is None and self.spec.settings.entities_backend in WARM_BACKENDS:
            try:
                warm = encode(self.spec, first)
            except Exception:  # a document that does not pickle fails in submit, with its own message
                warm = ""
        if len(warm) > WARM_MAX_CHARS:
            warm = ""
        try:
            if warm:
                os.environ[WARM_ENV] = warm
            multiprocessing.forkserver.ensure_running()
        finally:
            os.environ.pop(WARM_ENV, None)

    def submit(self, doc: Document) -> _PoolResult:
        try:
            future = self._start(doc).submit(analyse_prepared, doc, self.spec)
        except BrokenProcessPool:  # a worker died since the last submit
            self._replace(self._generation)
            future = self._start().submit(analyse_prepared, doc, self.spec)
        return _PoolResult(self, doc, future, self._generation)

    def _replace(self, generation: int) -> None:
        if generation == self._generation:  # first loss seen from this pool: replace it
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            self._generation += 1

    def _retry(self, doc: Document, generation: int) -> Future:
        self._replace(generation)
        return self._start().submit(analyse_prepared, doc, self.spec)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
