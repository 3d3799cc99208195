"""What only the SQLite store does (the shared behaviour is in test_store.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.store import SQLiteStore, migrations


def test_schema_version_is_also_the_user_version(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "m.db") as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == migrations()[-1][0]
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        SQLiteStore(path)


def test_writes_take_the_write_lock_first(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a writer waits for the lock at the start, never fails halfway on an upgrade."""
    path = tmp_path / "w.db"
    with SQLiteStore(path) as s:
        other = sqlite3.connect(path, isolation_level=None)
        with s.transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("PRAGMA busy_timeout = 0")
            other.execute("BEGIN IMMEDIATE")
        other.close()
