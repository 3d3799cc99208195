"""Several `storyline ingest` processes on one database, and a kill -9 in the
middle of a write: every process succeeds, nothing is stored twice, nothing
is half-written, and every document is in a story.

Runs on SQLite and, when STORYLINE_TEST_POSTGRES is set, on PostgreSQL
(the ``db`` fixture of conftest.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.service import PAUSE_ENV
from storyline.store import SQLiteStore, open_store

from .articles import write_articles

# A process that has not finished by then is stuck (they take seconds).
PROCESS_TIMEOUT_S = 180


def start_ingest(db: str, folders: list[Path], cwd: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "storyline", "ingest", *map(str, folders), "--db", db, "--quiet"],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    try:
        out, err = proc.communicate(timeout=PROCESS_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"ingest did not finish in {PROCESS_TIMEOUT_S} s: {err[-2000:]}")
    return proc.returncode, out + err


def check_store(db: str, expected: int | None = None) -> int:
    """Integrity, no duplicates, nothing half-written, no document outside every story; returns the count."""
    with open_store(db) as s:
        one = lambda sql: s._x(sql).fetchone()[0]
        if isinstance(s, SQLiteStore):
            assert one("PRAGMA integrity_check") == "ok"
            assert s.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        n = one("SELECT count(*) FROM documents")
        if expected is not None:
            assert n == expected
        assert one("SELECT count(DISTINCT content_hash) FROM documents") == n
        assert one("SELECT count(DISTINCT text) FROM documents") == n
        for table in ("extractions", "signatures", "documents_fts"):
            assert one(f"SELECT count(DISTINCT document) FROM {table}") == n, table
        assert one("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM segments g WHERE g.document = d.id)") == 0
        assert one("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM story_units u WHERE u.document = d.id)") == 0
        assert s.orphan_units() == {}
        return n


def test_two_processes_share_one_database(db: str, tmp_path: Path) -> None:
    f1 = write_articles(tmp_path / "f1", range(8))
    f2 = write_articles(tmp_path / "f2", range(4, 12))
    procs = [start_ingest(db, [f], tmp_path) for f in (f1, f2)]
    results = [finish(p) for p in procs]
    for code, output in results:
        assert code == 0, output
        assert "Traceback" not in output
    check_store(db, expected=12)


def test_four_processes_on_a_fresh_database(db: str, tmp_path: Path) -> None:
    folders = [write_articles(tmp_path / f"g{k}", range(2 * k, 2 * k + 6)) for k in range(4)]
    procs = [start_ingest(db, [f], tmp_path) for f in folders]
    results = [finish(p) for p in procs]
    for code, output in results:
        assert code == 0, output
        assert "Traceback" not in output
    check_store(db, expected=12)


def test_kill_in_the_middle_of_a_write_loses_nothing(db: str, tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "k", range(10))
    # Each write waits between storing the document and placing it in stories: the kill lands there.
    proc = start_ingest(db, [folder], tmp_path, **{PAUSE_ENV: "0.5"})
    deadline = time.monotonic() + PROCESS_TIMEOUT_S
    stored = 0
    while stored < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.startswith("postgresql://") or Path(db).exists():
            try:
                with open_store(db) as s:
                    stored = s._x("SELECT count(*) FROM documents").fetchone()[0]
            except Exception:  # noqa: BLE001 - the database is still being created
                stored = 0
    assert proc.poll() is None, "ingest finished before it could be killed"
    time.sleep(0.25)  # into the next write's pause
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    at_kill = check_store(db)
    assert 3 <= at_kill < 10
    code, output = finish(start_ingest(db, [folder], tmp_path))
    assert code == 0, output
    check_store(db, expected=10)
    code, output = finish(start_ingest(db, [folder], tmp_path))
    assert code == 0 and "Traceback" not in output
    check_store(db, expected=10)


def test_documents_left_outside_every_story_are_placed_on_the_next_run(tmp_path: Path) -> None:
    """A database written by an older version, killed between storing and placing."""
    db = str(tmp_path / "old.db")
    folder = write_articles(tmp_path / "o", range(3))
    code, output = finish(start_ingest(db, [folder], tmp_path))
    assert code == 0, output
    with SQLiteStore(db) as s:
        s.conn.execute("DELETE FROM story_units WHERE document = 'a-001'")
        assert s.orphan_units() == {"a-001": [0]}
    code, output = finish(start_ingest(db, [folder], tmp_path))
    assert code == 0, output
    check_store(db, expected=3)
