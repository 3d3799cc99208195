"""The engine-neutral batch: same results in every engine, one problem per bad input, the store's own failures stop it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline import service
from storyline.engine import Engine, InProcess, ProcessPool, make_engine, resolve_workers
from storyline.errors import StoreError, StorylineError, UsageError
from storyline.settings import Settings
from storyline.store import SQLiteStore

from .helpers import KILLER, TRIGGER, light_steps, populate_articles

ENGINES = ["in-process", "processes", "dask"]


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Engine]:
    """One LocalCluster (2 worker processes) for this module's Dask runs: starting one takes seconds."""
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install 'storyline[dask]')")
    engine = make_engine(Settings(engine="dask", workers=2), light_steps(exploding=True), token="test-batch")
    yield engine
    engine.close()


def run_batch(request: pytest.FixtureRequest, engine: str, folder: Path, store: SQLiteStore) -> service.IngestReport:
    """Ingest with the anatomy steps and the failing step, in the engine named."""
    steps = light_steps(exploding=True)
    if engine == "dask":
        return service.ingest([folder], store, Settings(engine="dask", workers=2), engine=request.getfixturevalue("dask_cluster"))
    return service.ingest([folder], store, Settings(workers=1 if engine == "in-process" else 2), steps=steps)


def snapshot(store: SQLiteStore) -> dict:
    docs = {
        d.id: (d.content_hash, d.near_duplicate_of, tuple(d.notes), d.language, tuple((s.kind, s.start, s.end) for s in d.segments))
        for d in store.documents()
    }
    return {"documents": docs, "stories": store.story_units()}


def summary(report: service.IngestReport) -> dict:
    return {**report.as_dict(), "documents": report.documents, "notes": report.notes}


@pytest.mark.parametrize("engine", ["processes", "dask"])
def test_parallel_engines_store_what_one_worker_stores(tmp_path: Path, engine: str, request: pytest.FixtureRequest) -> None:
    folder = populate_articles(tmp_path / "in")
    results = {}
    for name in ("in-process", engine):
        with SQLiteStore(tmp_path / f"{name}.db") as store:
            report = run_batch(request, name, folder, store)
            results[name] = (summary(report), snapshot(store))
    one, many = results["in-process"], results[engine]
    assert many == one
    report = one[0]
    # what makes the order matter was exercised: an identical text, a near-duplicate, a taken id
    assert "a07-kisa" in report["unchanged"]
    assert [x[:2] for x in report["near_duplicates"]] == [["a09-kisa-near", "a07-kisa"]]
    assert [x[0] for x in report["renamed"]] == ["a10-library"]
    assert len(report["added"]) == 12 and report["problems"] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_an_input_whose_analysis_raises_is_one_problem_and_the_rest_are_stored(
    tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    folder = populate_articles(tmp_path / "in", extra={"a05b-bad.txt": f"Vijest koja ruši analizu {TRIGGER} usred teksta."})
    with SQLiteStore(tmp_path / "s.db") as store:
        report = run_batch(request, engine, folder, store)
        assert [(Path(p.origin).name, p.code) for p in report.problems] == [("a05b-bad.txt", "analysis")]
        assert "fails on purpose" in report.problems[0].reason
        assert len(report.added) == 12 and report.exit_code == 1
        assert store.stats()["problems"] == 1


def test_a_worker_that_dies_costs_only_its_document(tmp_path: Path, store: SQLiteStore) -> None:
    folder = populate_articles(tmp_path / "in", extra={"a05b-dies.txt": f"Vijest koja ruši proces {KILLER} usred teksta."})
    report = service.ingest([folder], store, Settings(workers=2), steps=light_steps(dying=True))
    assert [(Path(p.origin).name, p.code) for p in report.problems] == [("a05b-dies.txt", "analysis")]
    assert "worker died" in report.problems[0].reason
    assert len(report.added) == 12


def test_a_reader_that_raises_costs_only_its_file(tmp_path: Path, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = populate_articles(tmp_path / "in")
    real = service.read_file

    def read_file(path, manifest, max_bytes):
        if path.name == "a03-potres.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, manifest, max_bytes)

    monkeypatch.setattr(service, "read_file", read_file)
    report = service.ingest([folder], store, Settings(workers=1), steps=light_steps())
    assert [(Path(p.origin).name, p.code) for p in report.problems] == [("a03-potres.txt", "read_error")]
    assert "RecursionError" in report.problems[0].reason
    assert "a04-quake" in report.added and len(report.added) == 11


def test_a_value_the_store_refuses_is_that_documents_problem(tmp_path: Path, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = populate_articles(tmp_path / "in")
    real = store.add

    def add(doc, *args, **kwargs):
        if doc.id == "a06-strike":
            raise sqlite3.ProgrammingError("Error binding parameter 4: type 'list' is not supported")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(store, "add", add)
    report = service.ingest([folder], store, Settings(workers=1), steps=light_steps())
    assert [(Path(p.origin).name, p.code) for p in report.problems] == [("a06-strike.txt", "store")]
    assert len(report.added) == 11 and report.exit_code == 1


def test_an_unusable_store_stops_the_batch_as_the_tools_failure(tmp_path: Path, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = populate_articles(tmp_path / "in")

    def add(doc, *args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "add", add)
    report = service.IngestReport()
    with pytest.raises(StoreError, match="readonly"):
        service.ingest([folder], store, Settings(workers=1), steps=light_steps(), report=report)
    assert report.problems == []  # not counted as a failed input


class Counting(InProcess):
    submitted = 0

    def submit(self, doc):
        Counting.submitted += 1
        return super().submit(doc)


def test_unchanged_documents_are_not_analysed_again(tmp_path: Path, store: SQLiteStore) -> None:
    folder = populate_articles(tmp_path / "in")
    first = service.ingest([folder], store, Settings(workers=1), steps=light_steps())
    engine = Counting(make_engine(Settings(workers=1), light_steps()).spec)
    second = service.ingest([folder], store, Settings(workers=1), engine=engine)
    assert Counting.submitted == 0
    assert second.added == [] and sorted(second.unchanged) == sorted(first.documents)


def test_auto_workers_stay_in_process_for_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert resolve_workers(Settings(), input_bytes=10_000) == 1
    assert resolve_workers(Settings(), input_bytes=50_000_000) == 8
    assert resolve_workers(Settings(workers=3), input_bytes=10) == 3
    assert isinstance(make_engine(Settings(workers=2)), ProcessPool)
    with pytest.raises(UsageError, match="unknown engine"):
        make_engine(Settings(engine="spark"))
    with pytest.raises(UsageError, match="needs --engine dask"):
        make_engine(Settings(scheduler="tcp://127.0.0.1:8786"))


def test_a_pipeline_that_cannot_be_built_is_the_tools_error_not_each_inputs(tmp_path: Path, store: SQLiteStore) -> None:
    folder = populate_articles(tmp_path / "in")
    with pytest.raises(StorylineError, match="no-such-backend"):
        service.ingest([folder], store, Settings(workers=1, entities_backend="entities.no-such-backend.v1"))
    assert store.stats()["problems"] == 0
