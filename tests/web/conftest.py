"""A store with our own labelled articles and one hostile document, and the app on it."""

from __future__ import annotations

import json
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


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    (folder / "in").mkdir()
    with (folder / "in" / "articles.jsonl").open("w", encoding="utf-8") as f:
        for r in [*records, HOSTILE]:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    db = folder / "web.db"
    report = ingest_paths([folder / "in"], db=db)
    assert not report.failures
    return db


@pytest.fixture(scope="session")
def client(web_db: Path):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    return TestClient(create_app(web_db, load_settings(api_token=TOKEN, max_request_bytes=20_000)))
