"""The store tests run on every store: SQLite always, PostgreSQL when
STORYLINE_TEST_POSTGRES names a server (``source scripts/postgres.sh``
starts one); each PostgreSQL test gets a database of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from storyline.store import open_store

POSTGRES_ENV = "STORYLINE_TEST_POSTGRES"


def postgres_server() -> str:
    """The server's URL, or skip saying why there is none."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against (source scripts/postgres.sh starts one)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'storyline[postgres]'")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards."""
    import psycopg

    server = postgres_server()
    name = f"storyline_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(server, autocommit=True)
    except psycopg.Error as exc:
        pytest.skip(f"{POSTGRES_ENV}={server}: cannot connect ({exc})")
    admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def any_store(db: str) -> Iterator:
    s = open_store(db)
    yield s
    s.close()
