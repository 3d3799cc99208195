"""Storage behind one interface: SQLite by default (one file, no server),
PostgreSQL for a shared server (``postgresql://`` URLs)."""

from __future__ import annotations

from pathlib import Path

from .base import Store
from .postgres import PostgresStore, is_postgres_url
from .sqlite import SQLiteStore, migrations


def open_store(db: str | Path) -> Store:
    """Open (and migrate) the store named by ``db``: a ``postgresql://`` URL
    for PostgreSQL, anything else is a SQLite file path. Typed as the
    :class:`Store` protocol: callers use only what it declares (and mypy
    checks here that both stores implement it)."""
    if is_postgres_url(str(db)):
        return PostgresStore(str(db))
    return SQLiteStore(db)


def is_url(db: str | Path) -> bool:
    """Whether ``db`` names a database server rather than a file."""
    return is_postgres_url(str(db))


__all__ = ["PostgresStore", "SQLiteStore", "Store", "is_url", "migrations", "open_store"]
