"""Plain functions behind the CLI and the Python API: ingest, analyse, brief, write."""

from __future__ import annotations

import copy
import itertools
import logging
import os
import time
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .anatomy import anatomy_steps
from .anatomy.quality import QualityStep, held_back
from .engine import Engine, Handle, analyse, input_size, make_engine, pipeline_for
from .engine.analysis import Prepared, first_load
from .errors import StoreError, StorylineError
from .extract import extract_steps
from .ingest import dedup
from .ingest.readers import Manifest, read_file, read_inputs
from .link.stories import assign, embedder, unit_profiles
from .pipeline import Pipeline
from .records import Document, Problem, UnitProfile
from .settings import Settings
from .store import Store

log = logging.getLogger(__name__)

# Problems of these codes are reported but do not count as failed inputs:
# a folder may hold files that are not articles.
NOT_FAILURES = frozenset({"unsupported"})
# Share of failed inputs from which a run counts as "nearly all failed" (exit 126).
NEARLY_ALL_FAILED = 0.9


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reanalysed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # every input document, in input order
    notes: list[tuple[str, str]] = field(default_factory=list)  # (document id, note)

    @property
    def failures(self) -> list[Problem]:
        return [p for p in self.problems if p.code not in NOT_FAILURES]

    @property
    def exit_code(self) -> int:
        failed = len(self.failures)
        if not failed:
            return 0
        total = failed + len(self.documents)
        return 126 if failed / total >= NEARLY_ALL_FAILED else 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "reanalysed": self.reanalysed,
            "renamed": [list(x) for x in self.renamed],
            "near_duplicates": [list(x) for x in self.near_duplicates],
            "problems": [{"input": p.origin, "reason": p.reason, "code": p.code} for p in self.problems],
        }


class Progress:
    """What a long call reports back; the CLI draws it, scripts pass nothing."""

    def start(self, total: int, label: str) -> None: ...

    def advance(self, n: int = 1) -> None: ...


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    *,
    meta_files: Iterable[str | Path] = (),
    progress: Progress | None = None,
    steps: list | None = None,
    engine: Engine | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Read inputs, analyse them and store them. Safe to repeat: nothing is added twice.

    The batch is the same whatever the engine (in process, worker processes,
    Dask): inputs are read in order, analysed wherever the engine runs them,
    and stored and placed in stories by this process strictly in input
    order, so results equal a one-worker run. Any failure of one input
    (reading, analysing or storing it) becomes a Problem and the batch goes
    on; a failure of the store itself raises StoreError. Pass ``report`` to
    keep what was done when the batch stops early.
    """
    progress = progress or Progress()
    files, manifest, problems = read_inputs(paths, meta_files=meta_files)
    progress.start(len(files), "ingest")
    items = [_Item(problem=p) for p in problems]
    return _run(
        itertools.chain(items, _items(files, manifest, settings)),
        store, settings, engine, steps, report, progress, input_size(files),
    )


def ingest_documents(
    documents: Iterable[Document | Problem],
    store: Store,
    settings: Settings,
    *,
    steps: list | None = None,
    engine: Engine | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """The same batch on documents read elsewhere (a fetched feed, a posted record), in their order."""
    items = (_Item(problem=d) if isinstance(d, Problem) else _Item(doc=d, notes_before=len(d.notes)) for d in documents)
    return _run(items, store, settings, engine, steps, report, Progress(), None)


def _run(
    items: Iterable[_Item],
    store: Store,
    settings: Settings,
    engine: Engine | None,
    steps: list | None,
    report: IngestReport | None,
    progress: Progress,
    input_bytes: int | None,
) -> IngestReport:
    report = report if report is not None else IngestReport()
    own_engine = engine is None
    if engine is None:
        engine = make_engine(settings, steps, input_bytes=input_bytes)
    before = _counts(report)
    log.info("batch started: engine %s (window %d) into %s", engine.name, engine.window, store.name)
    started = time.monotonic()
    try:
        repair_orphans(store, settings)  # documents a crash left outside every story
        _Batch(store, settings, engine, report).run(items, progress)
    finally:
        if own_engine:
            engine.close()
        done = {k: v - before[k] for k, v in _counts(report).items()}
        log.info(
            "batch ended after %.1f s: %d added, %d unchanged, %d re-analysed, %d problems",
            time.monotonic() - started, done["added"], done["unchanged"], done["reanalysed"], done["problems"],
        )
    return report


def _counts(report: IngestReport) -> dict[str, int]:
    """How many documents the report holds so far, by outcome (a report may be shared by several batches)."""
    return {k: len(getattr(report, k)) for k in ("added", "unchanged", "reanalysed", "problems")}


@dataclass
class _Item:
    """One thing read from the inputs, in input order: a document, a problem, or the end of a file."""

    doc: Document | None = None
    problem: Problem | None = None
    end_of_file: bool = False
    # What the look-ahead saw in the store (a hint: the writer checks again).
    analysed: Document | None = None  # the copy sent for analysis (the doc, or a stored one to re-analyse)
    notes_before: int = 0


def read_isolated(path: Path, manifest: Manifest, settings: Settings) -> Iterator[Document | Problem]:
    """The documents of one file; an exception while reading it becomes a Problem naming the file."""
    try:
        yield from read_file(path, manifest, settings.max_bytes)
    except Exception as exc:  # per-input isolation: a reader bug costs this file only
        if settings.on_error == "raise":
            raise
        log.debug("reading %s failed", path, exc_info=True)
        yield Problem(str(path), f"cannot read: {type(exc).__name__}: {exc}", "read_error")


def _items(files: list[Path], manifest: Manifest, settings: Settings) -> Iterator[_Item]:
    for path in files:
        for got in read_isolated(path, manifest, settings):
            yield _Item(problem=got) if isinstance(got, Problem) else _Item(doc=got, notes_before=len(got.notes))
        yield _Item(end_of_file=True)


# Exceptions (DB-API 2 class names, as sqlite3 and psycopg both name them)
# that mean the store itself is unusable (read-only, locked, disk full, gone):
# the batch stops. Other exceptions while storing one document (a value of a
# wrong type, an encoding error) are that document's problem.
STORE_FAILURES = frozenset({"OperationalError", "InterfaceError", "InternalError"})


def _store_failed(exc: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & STORE_FAILURES) or type(exc).__name__ == "DatabaseError"


class _Batch:
    """The one writer of a batch: checks the store, sends work to the engine, stores results in order."""

    def __init__(
        self, store: Store, settings: Settings, engine: Engine, report: IngestReport, pipeline: Pipeline | None = None
    ) -> None:
        self.store, self.settings, self.engine, self.report = store, settings, engine, report
        self.pipeline = pipeline  # given: everything is analysed here, by it
        self._pending_hashes: set[str] = set()

    @property
    def version(self) -> str:
        # Built lazily: a batch of new documents on a pool never needs it in the writer.
        return (self.pipeline or pipeline_for(self.engine.spec)).version

    def run(self, items: Iterable[_Item], progress: Progress) -> None:
        queue: deque[tuple[_Item, Handle | None]] = deque()
        for item in items:
            queue.append((item, self._look_ahead(item)))
            while len(queue) > self.engine.window:
                self._write(*queue.popleft(), progress)
        while queue:
            self._write(*queue.popleft(), progress)

    def _look_ahead(self, item: _Item) -> Handle | None:
        """Send the document for analysis unless the store already holds its current analysis."""
        doc = item.doc
        if doc is None:
            return None
        try:
            if doc.content_hash in self._pending_hashes:
                return None  # the same text earlier in this batch: stored by then, or analysed again
            existing = self.store.find_hash(doc.content_hash)
            if existing and self.store.anatomy_version(existing) == self.version:
                return None
            item.analysed = self.store.get(existing) if existing else doc
        except Exception:  # only a hint; the writer checks again and reports
            log.debug("look-ahead failed for %s", doc.origin, exc_info=True)
            item.analysed = doc
        self._pending_hashes.add(doc.content_hash)
        return self.engine.submit(item.analysed) if self.pipeline is None else None

    def _write(self, item: _Item, handle: Handle | None, progress: Progress) -> None:
        try:
            with first_load():
                self._write_one(item, handle, progress)
        finally:
            if item.doc is not None:  # stored (or failed) by now: the store answers for it from here on
                self._pending_hashes.discard(item.doc.content_hash)

    def _write_one(self, item: _Item, handle: Handle | None, progress: Progress) -> None:
        if item.end_of_file:
            progress.advance()
        elif item.problem is not None:
            self.problem(item.problem)
        else:
            assert item.doc is not None
            try:
                _store_one(item, handle, self.store, self.settings, self.report, self)
            except StorylineError:
                raise  # the tool's configuration or the store, not this input (a pipeline that cannot be built)
            except Exception as exc:
                if _store_failed(exc):
                    raise StoreError(f"the store failed: {type(exc).__name__}: {exc}") from exc
                if self.settings.on_error == "raise":
                    raise
                log.debug("storing %s failed", item.doc.origin, exc_info=True)
                self.problem(Problem(item.doc.origin or item.doc.id, f"cannot store: {type(exc).__name__}: {exc}", "store"))

    def analyse_here(self, doc: Document) -> Document | Problem:
        """Analysis in the writer: when no handle is current (the same text failed earlier in the batch)."""
        return self.pipeline.run_one(doc) if self.pipeline is not None else analyse(doc, self.engine.spec)

    def problem(self, problem: Problem) -> None:
        problem = Problem(_printable(problem.origin), _printable(problem.reason), problem.code)
        log.info("skipped %s: %s (%s)", problem.origin, problem.reason, problem.code)
        self.report.problems.append(problem)
        try:
            self.store.record_problem(problem)
        except Exception as exc:
            raise StoreError(f"the store failed: {type(exc).__name__}: {exc}") from exc


def _printable(text: str) -> str:
    """Lone surrogates (undecodable file names, JSON escapes) cannot be stored or printed as they are."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def analysis_steps(settings: Settings) -> list:
    """The whole per-document analysis: anatomy, extraction, then the input quality gate."""
    return anatomy_steps(settings.langid_backend) + extract_steps(settings.entities_backend, settings) + [QualityStep(settings)]


def current_version(settings: Settings) -> str:
    """The analysis version these settings give a document now (see :attr:`Pipeline.version`)."""
    return Pipeline(analysis_steps(settings)).version


# Bytes of a typical stored article (~600 words), to size a re-analysis for the
# engine's "auto" workers without reading every text first (the same estimate
# as engine.PARALLEL_MIN_BYTES: 2 MB is ~500 such articles).
ARTICLE_BYTES = 4_000


def reanalyse(
    store: Store, settings: Settings, *, progress: Progress | None = None, report: IngestReport | None = None
) -> IngestReport:
    """Analyse again every stored document whose analysis version is not the
    current one (a data file, model, step or library changed since), through
    the ingest batch: same engines, same one writer, same story placement."""
    progress = progress or Progress()
    ids = store.outdated(current_version(settings))
    log.info("%s: %d stored document(s) of an older analysis version to analyse again", store.name, len(ids))
    progress.start(len(ids), "reanalyse")

    def items() -> Iterator[_Item]:
        for doc_id in ids:
            doc = store.get(doc_id)
            if doc is not None:  # deleted meanwhile: nothing to do
                yield _Item(doc=doc, notes_before=len(doc.notes))
            yield _Item(end_of_file=True)  # one step of the progress bar per document

    return _run(items(), store, settings, None, None, report, progress, len(ids) * ARTICLE_BYTES)


def _store_one(item: _Item, handle: Handle | None, store: Store, settings: Settings, report: IngestReport, batch: _Batch) -> None:
    """Store one document's analysis, in input order: the same decisions a one-worker run makes."""
    doc = item.doc
    assert doc is not None
    existing = store.find_hash(doc.content_hash)
    if existing:
        report.documents.append(existing)
        stored_version = store.anatomy_version(existing)
        if stored_version == batch.version:
            report.unchanged.append(existing)
            return
        log.debug("%s: stored by analysis %s; analysing it again", existing, stored_version)
        fresh = item.analysed is not None and item.analysed is not doc and item.analysed.id == existing
        result, prepared = _result(handle) if handle is not None and fresh else (batch.analyse_here(store.get(existing)), None)
        if isinstance(result, Problem):
            batch.problem(result)
            return
        stored = store_reanalysed(result, store, settings, prepared=prepared)
        (report.reanalysed if stored.status == "reanalysed" else report.unchanged).append(existing)
        return
    fresh = handle is not None and item.analysed is doc
    result, prepared = _result(handle) if handle is not None and fresh else (batch.analyse_here(doc), None)
    if isinstance(result, Problem):
        batch.problem(result)
        return
    stored = store_new(result, store, settings, notes_before=item.notes_before, prepared=prepared)
    report.documents.append(stored.id)
    if stored.status == "unchanged":  # another process stored the same text meanwhile
        report.unchanged.append(stored.id)
        return
    if stored.renamed_from:
        report.renamed.append((stored.renamed_from, stored.id))
    if stored.near_duplicate:
        report.near_duplicates.append((stored.id, *stored.near_duplicate))
    report.added.append(stored.id)
    report.notes.extend((stored.id, n) for n in stored.notes)


def _result(handle: Handle) -> tuple[Document | Problem, Prepared | None]:
    """A handle's result, with what its worker prepared for the writer when the engine gives that."""
    take = getattr(handle, "result_prepared", None)
    return take() if take is not None else (handle.result(), None)


# -- the write path: one writer, one transaction per document ----------------


@dataclass
class Stored:
    """What the writer did with one analysed document."""

    status: str  # "added", "reanalysed", or "unchanged": another writer got there first
    id: str
    renamed_from: str | None = None  # its id was taken by other content
    near_duplicate: tuple[str, float] | None = None  # (document, similarity)
    notes: list[str] = field(default_factory=list)


def store_new(
    doc: Document, store: Store, settings: Settings, *, notes_before: int | None = None, prepared: Prepared | None = None
) -> Stored:
    """Store a new analysed document and place its units in stories, all in
    ONE transaction as the database's one writer (a crash leaves either
    nothing or the document in its stories). Every decision that depends on
    what is stored is taken inside it: whether the text is already there
    (stored meanwhile by another process: "unchanged"), whether the id is
    taken (stored as ``ID~hash``, the note inserted at ``notes_before``),
    which stored document it nearly duplicates. ``doc`` gets the id, notes
    and near-duplicate it was stored with. ``prepared``: the signature, unit
    profiles and extractions' JSON a worker computed from ``doc`` (else
    computed here)."""
    repair_orphans(store, settings)
    sig = prepared.signature if prepared is not None else dedup.signature(doc.text)  # outside the lock: only CPU
    keys = dedup.band_keys(sig)
    # The worker's unit profiles serve the first attempt only; a repeated one
    # (busy database) computes them afresh, as it always did.
    first_try = [prepared]

    def work() -> Stored:
        # ``work`` may run again (busy database): it changes a copy, never ``doc``.
        existing = store.find_hash(doc.content_hash)
        if existing:
            return Stored("unchanged", existing)
        new = copy.copy(doc)
        new.notes = list(doc.notes)
        renamed = near = None
        if store.id_taken(new.id):
            renamed, new.id = new.id, f"{new.id}~{new.content_hash[:8]}"
            note = f"id {renamed!r} was taken by other content; stored as {new.id!r}"
            new.notes.insert(len(new.notes) if notes_before is None else notes_before, note)
        best = max(((d, dedup.similarity(sig, s)) for d, s in store.near_duplicates(keys)), key=lambda x: x[1], default=None)
        if best and best[1] >= settings.near_duplicate_threshold:
            new.near_duplicate_of = best[0]
            near = (best[0], round(best[1], 3))
        store.add(new, sig, keys, prepared.payload if prepared is not None else None)
        _pause_for_tests()
        _place_in_stories(new, store, settings, units=_units_of(new, first_try.pop() if first_try else None))
        return Stored("added", new.id, renamed, near, new.notes)

    stored = store.write(work)
    if stored.status == "added":
        doc.id, doc.notes = stored.id, stored.notes
        doc.near_duplicate_of = stored.near_duplicate[0] if stored.near_duplicate else None
    return stored


def store_reanalysed(doc: Document, store: Store, settings: Settings, *, prepared: Prepared | None = None) -> Stored:
    """Replace a stored document's analysis and its story places, in ONE
    transaction; "unchanged" when another writer stored this analysis version first."""
    repair_orphans(store, settings)
    first_try = [prepared]  # as in store_new

    def work() -> Stored:
        if store.anatomy_version(doc.id) == doc.anatomy_version:
            return Stored("unchanged", doc.id)
        store.save_anatomy(doc, prepared.payload if prepared is not None else None)
        _place_in_stories(doc, store, settings, again=True, units=_units_of(doc, first_try.pop() if first_try else None))
        return Stored("reanalysed", doc.id)

    return store.write(work)


# Test hook (tests/store/test_concurrency.py): seconds to wait inside each
# write transaction, after a new document is stored and before it is placed
# in stories, so that a test can kill the process right there. Unset: no wait.
PAUSE_ENV = "STORYLINE_TEST_PAUSE_IN_WRITE"


def _pause_for_tests() -> None:
    pause = os.environ.get(PAUSE_ENV)
    if pause:
        time.sleep(float(pause))


# Stores this process has checked for orphans (once per open store).
_REPAIRED: weakref.WeakSet = weakref.WeakSet()


def repair_orphans(store: Store, settings: Settings) -> list[str]:
    """Place every stored article unit that is in no story (left by a crash
    of an older version between storing and placing, or stored before
    stories existed); once per open store. Returns the documents repaired."""
    if store in _REPAIRED:
        return []
    _REPAIRED.add(store)
    repaired = []
    for doc_id in store.orphan_units():

        def work(doc_id: str = doc_id) -> bool:
            missing = set(store.orphan_units([doc_id]).get(doc_id, ()))  # again, under the lock
            doc = store.get(doc_id) if missing else None
            if doc is None or held_back(doc, settings):  # low quality: in no story on purpose
                return False
            for unit in unit_profiles(doc, embedder(settings.story_embeddings)):
                if unit.unit in missing:
                    assign(unit, store, settings.story_threshold)
            return True

        if store.write(work):
            repaired.append(doc_id)
    if repaired:
        log.warning("%s: placed %d stored document(s) that were in no story: %s", store.name, len(repaired), ", ".join(repaired[:10]))
    return repaired


def _units_of(doc: Document, prepared: Prepared | None) -> list[UnitProfile] | None:
    """The prepared unit profiles, under the id ``doc`` is stored with (the
    store may have renamed it); None when nothing was prepared."""
    if prepared is None:
        return None
    return [u if u.document == doc.id else replace(u, document=doc.id) for u in prepared.units]


def _place_in_stories(
    doc: Document, store: Store, settings: Settings, *, again: bool = False, units: list[UnitProfile] | None = None
) -> None:
    """Each article unit joins the most similar story or opens one (never a
    re-clustering). ``units``: the document's unit profiles, when already computed."""
    with store.transaction():
        if again:
            store.leave_stories(doc.id)
        if held_back(doc, settings):
            return  # the quality gate's low_quality documents stay out of stories (anatomy/quality.py)
        for unit in units if units is not None else unit_profiles(doc, embedder(settings.story_embeddings)):
            assign(unit, store, settings.story_threshold)


def write_outputs(brief: dict[str, Any], out_dir: str | Path, formats: Iterable[str] = ("json", "markdown", "html")) -> list[Path]:
    """Write the brief in each registered format; return the files written."""
    from .render import render

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        name, content = render(fmt, brief)
        path = out / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written

