"""Per-document analysis as a pure function, runnable in any worker process.

``analyse(doc, spec)`` depends only on the Document and the AnalysisSpec
(settings and, for tests, explicit steps); both pickle. Each process builds
the Pipeline once per spec and keeps it, so model start-up (lingua, spaCy)
is paid once per worker, not once per document.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..pipeline import Pipeline
from ..records import Document, Problem
from ..settings import Settings

log = logging.getLogger(__name__)

# Pipelines built in this process, by spec key, oldest dropped first: a
# worker serves one batch at a time; a long-lived process (tests, watch)
# may see a few specs.
_PIPELINES: dict[Any, Pipeline] = {}
MAX_PIPELINES = 4


@dataclass(frozen=True)
class AnalysisSpec:
    """What a worker needs to build the pipeline: settings, or explicit steps (tests, custom pipelines)."""

    settings: Settings
    steps: tuple | None = field(default=None, compare=False)
    # Explicit steps have no natural key; the batch gives them one (unique per batch).
    token: str = ""

    @property
    def key(self) -> Any:
        return (self.settings, self.token)


def pipeline_for(spec: AnalysisSpec) -> Pipeline:
    """This process's pipeline for ``spec``, built at first use."""
    pipeline = _PIPELINES.get(spec.key)
    if pipeline is None:
        from ..service import analysis_steps

        steps = list(spec.steps) if spec.steps is not None else analysis_steps(spec.settings)
        while len(_PIPELINES) >= MAX_PIPELINES:
            del _PIPELINES[next(iter(_PIPELINES))]
        pipeline = _PIPELINES[spec.key] = Pipeline(steps, on_error=spec.settings.on_error)
        log.debug("pipeline %s built", pipeline.version)
    return pipeline


def warm_up(spec: AnalysisSpec) -> None:
    """Build the pipeline now (worker start), so start-up is not charged to the first document.

    A pipeline that cannot be built (a missing model, an unknown backend)
    is left to the first ``analyse`` call, which raises it to the writer
    with its own message: in an initializer it would only break the pool.
    """
    try:
        pipeline_for(spec)
    except Exception:
        log.warning("the pipeline could not be built at worker start", exc_info=True)


# Whether this process has done its first document (see first_load).
_LOADED = False


@contextlib.contextmanager
def first_load() -> Iterator[None]:
    """The first document a process analyses or writes loads the models and
    word lists it needs: hundreds of thousands of long-lived objects, over
    which the cyclic collector, counting them as new, ran its full
    collections again and again while they were built (0.1-0.3 s of a
    one-document run of about 1.2 CPU-seconds). It waits during that one
    document; then what is loaded is frozen (``gc.freeze``: left out of
    later collections, which are cheaper for it) and it runs as usual. Only
    that document's cyclic garbage is kept with it. Results are the same
    (nothing depends on when cycles are freed). Once per process: in a
    worker around its first analysis, in the writer around its first
    document (the analysis inside it, in process, does not count again)."""
    global _LOADED
    if _LOADED or not gc.isenabled():
        yield
        return
    _LOADED = True
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@dataclass
class Prepared:
    """What the writer would compute from an analysed document alone, computed
    where it was analysed: its near-duplicate signature, its units' story
    profiles (before the store's term weights) and its extractions' JSON.
    With worker processes these were over a third of the writer's time per
    document (issue 17); the writer uses them as it would its own (the same
    functions on the same document)."""

    signature: Any  # numpy array (ingest.dedup.signature)
    units: list[Any]  # records.UnitProfile, of the document as analysed (its id before the store renames it)
    payload: str  # its extractions as stored (store.sql.extraction_payload)


def prepare(doc: Document, settings: Settings) -> Prepared | None:
    """:class:`Prepared` for ``doc``, or None when computing it fails (the
    writer then computes it itself and reports the failure as its own)."""
    from ..ingest import dedup
    from ..link.stories import embedder, unit_profiles
    from ..store.sql import extraction_payload

    try:
        return Prepared(dedup.signature(doc.text), unit_profiles(doc, embedder(settings.story_embeddings)), extraction_payload(doc))
    except Exception:
        log.debug("preparing %s for the writer failed", doc.origin or doc.id, exc_info=True)
        return None


def analyse_prepared(doc: Document, spec: AnalysisSpec) -> tuple[Document | Problem, Prepared | None]:
    """:func:`analyse` and, for an analysed document, :func:`prepare` (what a worker process runs)."""
    result = analyse(doc, spec)
    return result, (None if isinstance(result, Problem) else prepare(result, spec.settings))


def analyse(doc: Document, spec: AnalysisSpec) -> Document | Problem:
    """Anatomy and extraction of one document, or the Problem that stopped it.

    An exception of a step becomes a Problem under on_error='skip' and
    propagates under 'raise'. A pipeline that cannot be built is not this
    document's problem: that error always propagates.
    """
    pipeline = pipeline_for(spec)
    try:
        with first_load():
            return pipeline.run_one(doc)
    except Exception as exc:  # per-document isolation: the policy decides
        if spec.settings.on_error == "raise":
            raise
        return Problem(doc.origin or doc.id, f"analysis failed: {type(exc).__name__}: {exc}", "analysis")
