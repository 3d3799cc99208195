"""storyline run/ingest with --workers and --engine dask, watch --once, and what a crash of the tool exits with."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import service
from storyline.cli import app
from storyline.store import SQLiteStore

from ..conftest import populate_folder
from ..engine.helpers import populate_articles

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def brief_and_stories(tmp_path: Path, name: str, *flags: str) -> tuple[dict, dict]:
    db, out = tmp_path / f"{name}.db", tmp_path / name
    result = run("run", str(tmp_path / "in"), "--db", str(db), "--out", str(out), "--format", "json", "-q", *flags)
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    brief.pop("generated")
    with SQLiteStore(db) as store:
        return brief, store.story_units()


def test_two_workers_and_dask_give_the_one_worker_brief(tmp_path: Path) -> None:
    populate_articles(tmp_path / "in")
    one = brief_and_stories(tmp_path, "one", "--workers", "1")
    assert len(one[0]["documents"]) == 12 and len(one[1]) >= 5
    # the English and Croatian reports of one event share a story
    assert any({d for d, _ in units} >= {"a03-potres", "a04-quake"} for units in one[1].values())
    assert brief_and_stories(tmp_path, "two", "--workers", "2") == one
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install 'storyline[dask]')")
    assert brief_and_stories(tmp_path, "dask", "--engine", "dask", "--workers", "2") == one


def test_a_bug_outside_per_input_work_exits_70_not_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = populate_folder(tmp_path / "in", {"a.txt": "Vijest o kiši."})

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(service, "make_engine", broken)
    result = run("ingest", str(folder), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 70
    assert "error: internal error, the batch stopped: KeyError" in result.output


def test_an_unusable_store_mid_batch_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = populate_folder(tmp_path / "in", {"0-empty.txt": "", "a.txt": "Vijest o kiši."})

    def add(self, *args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(SQLiteStore, "add", add)
    result = run("ingest", str(folder), "--db", str(tmp_path / "s.db"), "--workers", "1")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(line.startswith("error: the store failed") and "readonly" in line for line in lines)
    assert any(line.endswith("0-empty.txt: empty file") for line in lines)  # what came before is still reported
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.stats()["problems"] == 1


def test_watch_once_on_a_folder(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {"a.txt": "Kiša u Splitu.\n\nU Splitu je cijeli dan padala kiša."})
    db, out = tmp_path / "s.db", tmp_path / "out"
    result = run("watch", str(folder), "--once", "--db", str(db), "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert "cycle 1: 1 sources polled" in result.output and "1 added" in result.output
    assert [d["id"] for d in json.loads((out / "brief.json").read_text())["documents"]] == ["a"]
    assert run("watch", str(tmp_path / "nope"), "--once", "--db", str(db)).exit_code == 2
