"""Dask engine: documents analysed on the workers of a Dask cluster.

A LocalCluster of N worker processes by default, or the scheduler at
``scheduler`` (e.g. ``tcp://host:8786``) whose workers have storyline
installed. Only analysis runs there; the writer stays in this process.
"""

from __future__ import annotations

import logging
from typing import Any

from ..errors import NotInstalled, UsageError
from ..records import Document, Problem
from .analysis import AnalysisSpec, analyse, warm_up

log = logging.getLogger(__name__)

# Documents per Dask task: one task per document cost about 20 ms of
# scheduler and serialisation CPU per document, as much as analysing a
# short one (benchmarks/batch_bench.py, docs/decisions.md "Batch engines").
CHUNK = 16
# Chunks in flight per worker: one being analysed, one waiting.
CHUNKS_PER_WORKER = 2


def analyse_many(docs: list[Document], spec: AnalysisSpec) -> list[Document | Problem]:
    """One Dask task: a chunk of documents, each analysed on its own (one failure is one Problem)."""
    return [analyse(doc, spec) for doc in docs]


class _Chunk:
    def __init__(self, future: Any) -> None:
        self.future = future
        self._results: list[Document | Problem] | None = None

    def results(self) -> list[Document | Problem]:
        if self._results is None:
            try:
                self._results = self.future.result()
            finally:
                self.future.release()
        return self._results


class _DaskResult:
    def __init__(self, engine: DaskEngine, doc: Document) -> None:
        self.engine, self.doc = engine, doc
        self.chunk: _Chunk | None = None
        self.index = 0

    def result(self) -> Document | Problem:
        from distributed import KilledWorker

        if self.chunk is None:
            self.engine._flush()
        assert self.chunk is not None
        try:
            return self.chunk.results()[self.index]
        except KilledWorker:
            pass
        # A worker died on this chunk: each of its documents alone, so only the one that kills pays.
        try:
            return _Chunk(self.engine._start().submit(analyse_many, [self.doc], self.engine.spec, pure=False)).results()[0]
        except KilledWorker:
            return Problem(self.doc.origin or self.doc.id, "analysis worker died (out of memory or crashed)", "analysis")


class DaskEngine:
    name = "dask"

    def __init__(self, spec: AnalysisSpec, workers: int, scheduler: str = "") -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise NotInstalled("dask[distributed]", "dask") from None
        self.spec, self.workers, self.scheduler = spec, workers, scheduler
        self._client: Any = None
        self._cluster: Any = None
        self._buffer: list[_DaskResult] = []
        self.window = max(workers, 1) * CHUNK * CHUNKS_PER_WORKER

    def _start(self) -> Any:
        if self._client is None:
            from distributed import Client, LocalCluster

            try:
                if self.scheduler:
                    self._client = Client(self.scheduler, timeout=30)
                    n = len(self._client.scheduler_info().get("workers", {}))
                    self.window = max(n, 1) * CHUNK * CHUNKS_PER_WORKER
                else:
                    self._cluster = LocalCluster(
                        n_workers=self.workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
                    )
                    self._client = Client(self._cluster)
            except OSError as exc:
                raise UsageError(f"cannot reach the Dask scheduler {self.scheduler!r}: {exc}") from exc
            # Model start-up once per worker, before the first document.
            self._client.run(warm_up, self.spec)
            log.info("dask: %s", self._client)
        return self._client

    def submit(self, doc: Document) -> _DaskResult:
        handle = _DaskResult(self, doc)
        self._buffer.append(handle)
        if len(self._buffer) >= CHUNK:
            self._flush()
        return handle

    def _flush(self) -> None:
        """Send the buffered documents as one task (also when the writer needs one of them now)."""
        if not self._buffer:
            return
        handles, self._buffer = self._buffer, []
        chunk = _Chunk(self._start().submit(analyse_many, [h.doc for h in handles], self.spec, pure=False))
        for i, h in enumerate(handles):
            h.chunk, h.index = chunk, i

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
