"""SQLite store: one file, schema versioned by numbered migrations.

One writer at a time: every write transaction starts with ``BEGIN
IMMEDIATE``, which takes the database's write lock (waiting up to
``BUSY_TIMEOUT_MS`` for it, then retried with backoff by ``write``); WAL
mode lets readers (``storyline serve``, another shell) read while a batch
is written. Several ``storyline ingest`` processes on one file therefore
take turns to write, each document with its analysis and story placement
in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..records import Document
from .sql import EXTRACTED, SQLStore, migrations, retrying

__all__ = ["EXTRACTED", "SQLiteStore", "migrations", "search_text"]

# How long one statement waits for another process's write lock before it
# fails with "database is locked" (then ``write`` retries the transaction).
BUSY_TIMEOUT_MS = 30_000
# SQLite's sync level for every connection (see SQLiteStore.__init__).
SYNCHRONOUS = "NORMAL"


def search_text(text: str) -> str:
    """The indexed copy of a text: đ folded (FTS5's unicode61 does not), same length."""
    return text.replace("đ", "d").replace("Đ", "D")


def _busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(w in str(exc) for w in ("locked", "busy"))


class SQLiteStore(SQLStore):
    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = self.name = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # Switching to WAL needs a moment alone with the file: a fresh
            # database opened by several processes at once waits its turn.
            retrying(lambda: self.conn.execute("PRAGMA journal_mode = WAL"), _busy, self.path)
            # In WAL mode, NORMAL syncs at checkpoints instead of at every commit
            # (the fsync was 5.7 of the writer's ~10 ms of SQLite per document,
            # issue 17). A crash of the process loses nothing committed; a power
            # loss may roll back the last commits but never corrupts the file,
            # and an ingest run again stores what was rolled back (nothing twice).
            self.conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})", hint="pass another --db file") from exc
        self.conn.row_factory = sqlite3.Row
        self.schema_version = self._migrate()

    # -- dialect ----------------------------------------------------------
    def _x(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, args)

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def _busy(self, exc: BaseException) -> bool:
        return _busy(exc)

    def _index_text(self, doc: Document) -> None:
        self.conn.execute("INSERT INTO documents_fts (document, body) VALUES (?, ?)", (doc.id, search_text(doc.text)))

    # -- schema -----------------------------------------------------------
    def _applied(self) -> set[int]:
        try:
            return {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return set()
            raise

    def _migrate(self) -> int:
        shipped = migrations()
        newest = shipped[-1][0] if shipped else 0
        try:
            done = self._applied()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})", hint="pass another --db file") from exc
        self._check_not_newer(done, newest)
        if done >= {v for v, _, _ in shipped}:
            return newest

        try:
            self.write(lambda: self._apply_migrations(shipped, newest))
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})", hint="pass another --db file") from exc
        return newest

    def _migrated(self, version: int) -> None:
        self.conn.execute(f"PRAGMA user_version = {version}")

    # -- search (the query itself is SQLStore.search) ----------------------
    _search_head = (
        "SELECT f.document, bm25(documents_fts) AS rank FROM documents_fts f JOIN documents d ON d.id = f.document"
        " WHERE documents_fts MATCH ?"
    )

    def _search_errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.OperationalError,)  # a query FTS5 cannot parse

    def close(self) -> None:
        self.conn.close()
