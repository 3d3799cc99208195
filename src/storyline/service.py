"""Plain functions behind the CLI and the Python API: ingest, analyse, brief, write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .anatomy import anatomy_steps
from .extract import extract_steps
from .ingest import dedup
from .ingest.readers import read_file, read_inputs
from .link.stories import assign, unit_profiles
from .pipeline import Pipeline
from .records import Document, Problem
from .settings import Settings
from .store import SQLiteStore

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
    store: SQLiteStore,
    settings: Settings,
    *,
    meta_files: Iterable[str | Path] = (),
    progress: Progress | None = None,
    steps: list | None = None,
) -> IngestReport:
    """Read inputs, analyse their anatomy and store them. Safe to repeat: nothing is added twice."""
    progress = progress or Progress()
    files, manifest, problems = read_inputs(paths, meta_files=meta_files)
    report = IngestReport(problems=list(problems))
    pipeline = Pipeline(steps if steps is not None else analysis_steps(settings), on_error=settings.on_error)
    progress.start(len(files), "ingest")
    for path in files:
        for item in read_file(path, manifest, settings.max_bytes):
            if isinstance(item, Problem):
                report.problems.append(item)
            else:
                _ingest_one(item, store, pipeline, settings, report)
        progress.advance()
    for problem in report.problems:
        store.record_problem(problem)
    return report


def analysis_steps(settings: Settings) -> list:
    """The whole per-document analysis: anatomy, then extraction."""
    return anatomy_steps(settings.langid_backend) + extract_steps(settings.entities_backend)


def _ingest_one(doc: Document, store: SQLiteStore, pipeline: Pipeline, settings: Settings, report: IngestReport) -> None:
    existing = store.find_hash(doc.content_hash)
    if existing:
        report.documents.append(existing)
        if store.anatomy_version(existing) != pipeline.version:
            result = pipeline.run_one(store.get(existing))
            if isinstance(result, Problem):
                report.problems.append(result)
                return
            store.save_anatomy(result)
            _place_in_stories(result, store, settings, again=True)
            report.reanalysed.append(existing)
        else:
            report.unchanged.append(existing)
        return
    if store.id_taken(doc.id):
        new_id = f"{doc.id}~{doc.content_hash[:8]}"
        report.renamed.append((doc.id, new_id))
        doc.notes.append(f"id {doc.id!r} was taken by other content; stored as {new_id!r}")
        doc.id = new_id
    sig = dedup.signature(doc.text)
    keys = dedup.band_keys(sig)
    best = max(((d, dedup.similarity(sig, s)) for d, s in store.near_duplicates(keys)), key=lambda x: x[1], default=None)
    if best and best[1] >= settings.near_duplicate_threshold:
        doc.near_duplicate_of = best[0]
        report.near_duplicates.append((doc.id, best[0], round(best[1], 3)))
    result = pipeline.run_one(doc)
    if isinstance(result, Problem):
        report.problems.append(result)
        return
    store.add(result, sig, keys)
    _place_in_stories(result, store, settings)
    report.added.append(result.id)
    report.documents.append(result.id)
    report.notes.extend((result.id, n) for n in result.notes)


def _place_in_stories(doc: Document, store: SQLiteStore, settings: Settings, *, again: bool = False) -> None:
    """Each article unit joins the most similar story or opens one (never a re-clustering)."""
    with store.transaction():
        if again:
            store.leave_stories(doc.id)
        for unit in unit_profiles(doc):
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

