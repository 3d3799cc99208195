"""Storage behind one interface: SQLite by default (one file, no server)."""

from __future__ import annotations

from pathlib import Path

from .base import Store
from .sqlite import SQLiteStore, migrations


def open_store(db: str | Path) -> SQLiteStore:
    """Open (and migrate) the store named by ``db``: a file path for SQLite."""
    return SQLiteStore(db)


__all__ = ["SQLiteStore", "Store", "migrations", "open_store"]
