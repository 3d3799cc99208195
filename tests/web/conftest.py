"""A store with our own labelled articles and one hostile document, and the app on it."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.api import ingest_paths
from storyline.settings import load_settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "stories.jsonl"
HOSTILE = {
    "id": "hostile",
    "language": "hr",
    "published": "2025-06-12",
    "text": "Vitalij Čurkin u Alepu\n\nVeleposlanik Vitalij Čurkin rekao je u Alepu da je evakuacija počela. "
    "Tekst s oznakom <script>alert('x')</script> i znakom & ostaje tekst.",
}
TOKEN = "test-token-123"
# An article whose reader comments name a place the reporting does not:
# search must not quote (or find it by) the comments.
COMMENTED = {
    "id": "library-en-1",
    "language": "en",
    "published": "2025-06-14",
    "source": "Danube Herald",
    "text": "Library reopens in Vukovar\n\nThe city library in Vukovar reopened on Monday after a two-year renovation "
    "that cost 3 million euros, the mayor said. Readers queued from early morning.\n\nComments\n\n"
    "• ivana_os: Finally! I hope Zupanja gets one too.\n• marko77: Zupanja has one already, closed on Mondays.",
}
# Outlets for our labelled articles (they carry none), so pages can name evidence by outlet.
OUTLETS = ("Slavonski vjesnik", "Coast Daily", "Jadranski list", "Wire Service")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    (folder / "in").mkdir()
    with (folder / "in" / "articles.jsonl").open("w", encoding="utf-8") as f:
        for n, r in enumerate([*records, HOSTILE, COMMENTED]):
            f.write(json.dumps({"source": OUTLETS[n % len(OUTLETS)], **r}, ensure_ascii=False) + "\n")
    db = folder / "web.db"
    report = ingest_paths([folder / "in"], db=db)
    assert not report.failures
    return db


@pytest.fixture(scope="session")
def client(web_db: Path):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    return TestClient(create_app(web_db, load_settings(api_token=TOKEN, max_request_bytes=20_000)), base_url="http://127.0.0.1")


@contextlib.contextmanager
def running_server(app) -> Iterator[str]:
    """A real uvicorn server for ``app`` on a free port of 127.0.0.1, in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def own_db(web_db: Path, tmp_path: Path) -> Path:
    """A copy of the store for a test that writes to it."""
    db = tmp_path / "own.db"
    with sqlite3.connect(web_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    return db
