"""`storyline stats` counts documents of an older analysis version; `storyline reanalyse` updates them.
Also the app's --verbose / --quiet logging options."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import fingerprint
from storyline.cli import app
from storyline.service import current_version, reanalyse
from storyline.settings import Settings
from storyline.store import open_store

from ..conftest import populate_folder

runner = CliRunner()

# Own texts, written for these tests.
ARTICLES = {
    "most.txt": "Gradsko vijeće Virovitice u utorak je odobrilo 4,2 milijuna eura za obnovu mosta preko Drave. "
    "\"Radovi počinju u ožujku\", rekla je gradonačelnica Lidija Kovačević.",
    "port.txt": "Dock workers in Rijeka walked out on Monday after talks on pay broke down, the union said. "
    "About 300 workers joined the strike, according to spokesman Goran Babić.",
}


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The package's analysis data and code in a temp copy that the fingerprint reads (edit it freely)."""
    package = tmp_path / "package"
    for root in fingerprint.DATA_ROOTS:
        shutil.copytree(fingerprint.PACKAGE / root, package / root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    fingerprint.analysis_fingerprint.cache_clear()
    yield package
    fingerprint.analysis_fingerprint.cache_clear()


def _edit_lang(package: Path) -> None:
    words = package / "lang" / "hr" / "quotes.toml"
    words.write_text(words.read_text(encoding="utf-8") + "\n# a reviewer's edit\n", encoding="utf-8")
    fingerprint.analysis_fingerprint.cache_clear()


def _stats(db: str) -> dict:
    result = run("stats", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stats_counts_old_analyses_and_reanalyse_updates_them(tmp_path: Path, data_copy: Path) -> None:
    db = str(tmp_path / "s.db")
    folder = populate_folder(tmp_path / "in", ARTICLES)
    assert run("ingest", str(folder), "--db", db, "--workers", "1").exit_code == 0
    assert _stats(db)["old_analysis"] == 0
    assert "older analysis version" not in run("stats", "--db", db).output

    _edit_lang(data_copy)  # a word list changed: both stored analyses are now of an older version
    assert _stats(db)["old_analysis"] == 2
    assert "2 documents carry an older analysis version" in run("stats", "--db", db).output

    result = run("reanalyse", "--db", db, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "2 re-analysed" in result.output
    assert _stats(db)["old_analysis"] == 0
    with open_store(db) as store:
        doc = store.get("most")
        assert doc is not None and doc.anatomy_version == current_version(Settings())
        assert doc.quotes and doc.mentions  # analysed again, not emptied
    again = run("reanalyse", "--db", db, "--workers", "1")
    assert again.exit_code == 0 and "0 documents" in again.output


def test_reanalyse_takes_only_the_old_documents(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    folder = populate_folder(tmp_path / "in", ARTICLES)
    assert run("ingest", str(folder), "--db", db, "--workers", "1").exit_code == 0
    with sqlite3.connect(db) as conn:  # as if stored by an older release
        conn.execute("UPDATE documents SET anatomy_version = 'segments.rules.v1+extract.v2@000000000000' WHERE id = 'port'")
    settings = Settings(db=db, workers=1)
    with open_store(db) as store:
        assert store.outdated(current_version(settings)) == ["port"]
        assert sum(store.analysis_versions().values()) == 2
        report = reanalyse(store, settings)
        assert report.reanalysed == ["port"] and report.added == [] and not report.problems
        assert store.outdated(current_version(settings)) == []


def test_reanalyse_needs_an_existing_store(tmp_path: Path) -> None:
    result = run("reanalyse", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no such database" in result.output
    assert not (tmp_path / "none.db").exists()


def test_verbose_logs_the_batch_and_quiet_hides_it(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {**ARTICLES, "notes.pdf": b"%PDF-1.4"})
    db = str(tmp_path / "s.db")
    loud = run("--verbose", "ingest", str(folder), "--db", db, "--workers", "1")
    assert "INFO: storyline.service: batch started" in loud.output
    assert "batch ended after" in loud.output and "2 added" in loud.output
    assert "skipped" in loud.output and "notes.pdf" in loud.output
    quiet = run("--quiet", "ingest", str(folder), "--db", db, "--workers", "1")
    assert "INFO:" not in quiet.output
    plain = run("ingest", str(folder), "--db", db, "--workers", "1")
    assert "INFO:" not in plain.output and "0 added, 2 unchanged" in plain.output
