"""The app stays up and is safe to expose: posts off the event loop, bodies
cut off while they stream, bounded queries, security headers, a Host check,
offline API docs, caches that follow re-analysis."""

from __future__ import annotations

import asyncio
import logging
import re
import select
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from storyline.settings import load_settings
from storyline.store import SQLiteStore
from storyline.web import create_app
from storyline.web.guard import exposure_warning, host_name

from .conftest import TOKEN, running_server

# Text of its own: a text already in the store (test_app.py posts one) would be "unchanged", not added.
RECORD = {"id": "posted-slow", "language": "en", "published": "2025-06-12", "text": "Volunteers carried 25 sandbags to the river bank in Vukovar on Monday, the council said."}


def _slow_ingest(monkeypatch: pytest.MonkeyPatch, seconds: float) -> dict:
    """Make every ingest take ``seconds`` longer; returns what it saw (entered, running at most at once)."""
    from storyline import service

    real = service.ingest
    seen = {"entered": threading.Event(), "running": 0, "most": 0}
    lock = threading.Lock()

    def slow(*args, **kwargs):
        with lock:
            seen["running"] += 1
            seen["most"] = max(seen["most"], seen["running"])
        seen["entered"].set()
        try:
            time.sleep(seconds)
            return real(*args, **kwargs)
        finally:
            with lock:
                seen["running"] -= 1

    monkeypatch.setattr(service, "ingest", slow)
    return seen


def test_a_slow_post_does_not_hold_up_reads(own_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The slow part is a sleep: it holds the post, not the CPU, so the bound
    # below stays far from it even on a busy machine.
    seen = _slow_ingest(monkeypatch, 6.0)
    app = create_app(own_db, load_settings(api_token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with running_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        client.get("/api/stories")  # computed once, so the read below measures waiting, not work
        results: list[httpx.Response] = []
        poster = threading.Thread(target=lambda: results.append(client.post("/api/documents", json=RECORD, headers=auth)))
        poster.start()
        assert seen["entered"].wait(10), "the post never reached the analysis"
        t0 = time.monotonic()
        r = client.get("/api/stories")
        waited = time.monotonic() - t0
        still_posting = poster.is_alive()
        poster.join(60)
    assert r.status_code == 200 and r.json()["stories"]
    assert still_posting, "the post ended before the read: the test measured nothing"
    assert waited < 4, f"the story list waited {waited:.1f} s behind a post"
    assert results[0].status_code == 201 and results[0].json()["added"] == ["posted-slow"]


def test_two_posts_are_written_one_at_a_time(own_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _slow_ingest(monkeypatch, 0.5)
    app = create_app(own_db, load_settings(api_token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with running_server(app) as url:

        async def both() -> list[httpx.Response]:
            async with httpx.AsyncClient(base_url=url, timeout=60) as client:
                return await asyncio.gather(
                    client.post("/api/documents", json={**RECORD, "id": "a"}, headers=auth),
                    client.post("/api/documents", json={**RECORD, "id": "b", "text": "Firefighters rescued 12 people in Osijek on Friday."}, headers=auth),
                )

        responses = asyncio.run(both())
    assert [r.status_code for r in responses] == [201, 201]
    assert seen["most"] == 1


async def _asgi_post(app, chunks, headers: list[tuple[bytes, bytes]]) -> tuple[int, dict, int]:
    """POST /api/documents straight into the ASGI app with a streamed body; (status, body, chunks read)."""
    read = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal read
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/api/documents", "raw_path": b"/api/documents", "query_string": b"", "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *headers], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
    }
    await app(scope, receive, send)
    import json

    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), read


def test_a_chunked_body_is_cut_off_at_the_limit(web_db: Path) -> None:
    """300 MB offered in 64 KB chunks: the app reads just past 1 MB, then answers 413."""
    app = create_app(web_db, load_settings(api_token=TOKEN, max_request_bytes=1_000_000))
    chunk = b"x" * 65536
    chunks = (chunk for _ in range(300_000_000 // len(chunk)))
    status, body, read = asyncio.run(_asgi_post(app, chunks, [(b"authorization", f"Bearer {TOKEN}".encode())]))
    assert status == 413 and body["error"]["code"] == "too_large"
    assert read == 1_000_000 // len(chunk) + 1
    # Without the token nothing is read at all.
    status, body, read = asyncio.run(_asgi_post(app, (chunk for _ in range(10)), []))
    assert status == 401 and read == 0


def test_a_chunked_body_gets_413_from_a_real_server(web_db: Path) -> None:
    """Over a socket: the 413 comes back while the client is still sending, long before 300 MB."""
    app = create_app(web_db, load_settings(api_token=TOKEN, max_request_bytes=1_000_000))
    with running_server(app) as url:
        port = int(url.rsplit(":", 1)[1])
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        got = bytearray()
        sent = 0

        def read_all() -> None:
            try:
                while data := sock.recv(65536):
                    got.extend(data)
            except OSError:
                pass

        reader = threading.Thread(target=read_all, daemon=True)
        reader.start()
        head = (f"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {TOKEN}\r\n"
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        sock.sendall(head.encode())
        chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
        try:
            while sent < 300_000_000 and not got:
                select.select([], [sock], [], 5)
                sock.sendall(chunk)
                sent += 65536
        except OSError:
            pass  # the server closed the connection after its answer
        reader.join(10)
        closed = not reader.is_alive()
        sock.close()
    assert got.startswith(b"HTTP/1.1 413"), bytes(got[:200])
    assert sent < 50_000_000, f"{sent} bytes were sent before the 413"
    assert closed, "the server kept the connection open to read the rest of the body"


def test_query_parameters_are_bounded(client) -> None:
    for url, params in [
        ("/search", {"q": "a" * 501}),
        ("/api/search", {"q": "a" * 501}),
        ("/api/search", {"q": " ".join(f"w{i}" for i in range(30))}),
        ("/search", {"q": " ".join(f"w{i}" for i in range(30))}),
        ("/api/search", {"q": "x", "language": "l" * 201}),
        ("/api/documents", {"offset": "100000000000000000000"}),
        ("/api/stories", {"page": "100000000000000000000"}),
        ("/documents/hostile", {"start": "100000000000000000000", "end": "1"}),
    ]:
        r = client.get(url, params=params)
        assert r.status_code == 422, (url, r.status_code)
        if url.startswith("/api"):
            assert set(r.json()["error"]) == {"code", "message", "hint"} and r.json()["error"]["code"] == "bad_request"
    # A long query of one repeated word is one word.
    assert client.get("/api/search", params={"q": " ".join(["Alepu"] * 80)}).status_code == 200


SECURE = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def test_every_response_has_the_security_headers(client) -> None:
    responses = [
        client.get("/"),
        client.get("/api/stories"),
        client.get("/documents/nope"),
        client.get("/api/search"),
        client.get("/static/storyline.css"),
        client.get("/docs"),
        client.get("/", headers={"Host": "attacker.example"}),
        client.post("/api/documents", content=b"x" * 30_000, headers={"Authorization": f"Bearer {TOKEN}"}),
    ]
    assert [r.status_code for r in responses] == [200, 200, 404, 422, 200, 200, 400, 413]
    for r in responses:
        for name, value in SECURE.items():
            assert r.headers.get(name) == value, (r.url, name)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]


def test_pages_have_no_inline_script_or_style(client) -> None:
    story = client.get("/api/stories").json()["stories"][0]["id"]
    for url in ("/", f"/stories/{story}", "/documents/hostile?start=0&end=5", "/search?q=Alep", "/documents/nope"):
        html = client.get(url).text
        assert "<script" not in html and "<style" not in html, url
        assert not re.search(r"\sstyle\s*=|\son[a-z]+\s*=", html), url
        assert 'href="/static/storyline.css"' in html
    # /docs: scripts only from files
    docs = client.get("/docs").text
    assert re.findall(r"<script[^>]*>", docs) and all(' src="' in tag for tag in re.findall(r"<script[^>]*>", docs))
    assert not re.search(r"<script[^>]*>\s*[^<\s]", docs)


def test_api_docs_use_only_local_files(client) -> None:
    html = client.get("/docs").text
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls) and any(u.endswith(".css") for u in urls)
    for u in urls:
        assert u.startswith("/") and not u.startswith("//"), u
        assert client.get(u).status_code == 200, u
    init = client.get("/static/apidocs.js").text
    assert '"/openapi.json"' in init and "http" not in init
    assert client.get("/openapi.json").status_code == 200


def test_only_allowed_hosts_are_answered(web_db: Path) -> None:
    from fastapi.testclient import TestClient

    app = create_app(web_db, load_settings())
    local = TestClient(app, base_url="http://localhost:8000")
    assert local.get("/api/stories").status_code == 200
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"):
        assert local.get("/api/stories", headers={"Host": host}).status_code == 200, host
    for host in ("attacker.example", "attacker.example:8000", "127.0.0.1.attacker.example", "localhost.evil", ""):
        r = local.get("/api/stories", headers={"Host": host})
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host", host
    # The address the server is bound to is added; '*' answers any host.
    bound = TestClient(create_app(web_db, load_settings(), bound_host="192.0.2.7"), base_url="http://192.0.2.7:8000")
    assert bound.get("/api/stories").status_code == 200
    anyhost = TestClient(create_app(web_db, load_settings(allowed_hosts="*")), base_url="http://news.example")
    assert anyhost.get("/api/stories").status_code == 200
    named = TestClient(create_app(web_db, load_settings(allowed_hosts="news.example, localhost")), base_url="http://news.example")
    assert named.get("/api/stories").status_code == 200
    assert named.get("/api/stories", headers={"Host": "127.0.0.1"}).status_code == 400


def test_host_names_parse() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.ORG.:80") == "example.org"
    assert host_name("127.0.0.1") == "127.0.0.1"


def test_binding_beyond_loopback_warns(web_db: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert exposure_warning("127.0.0.1", "") is None and exposure_warning("::1", "") is None and exposure_warning("localhost", "") is None
    warning = exposure_warning("0.0.0.0", "")
    assert warning and "anyone who can reach the port" in warning and "No api_token" in warning
    assert "api_token" in exposure_warning("192.0.2.7", "secret")
    with caplog.at_level(logging.WARNING, logger="storyline.web"):
        create_app(web_db, load_settings(), bound_host="0.0.0.0")
    assert any("anyone who can reach the port" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="storyline.web"):
        create_app(web_db, load_settings(), bound_host="127.0.0.1")
    assert not caplog.records


def test_story_pages_follow_reanalysis(own_db: Path) -> None:
    """A document analysed again keeps its place in its story; the story page must show the new analysis."""
    from fastapi.testclient import TestClient

    client = TestClient(create_app(own_db, load_settings()), base_url="http://127.0.0.1")
    stories = client.get("/api/stories").json()["stories"]
    story = next(s for s in stories if "talks-en-1" in s["documents"])
    before = client.get(f"/api/stories/{story['id']}").json()
    quoted = {e["document"] for q in before["quotes"] for e in q["evidence"]}
    assert quoted, "the story has no quotes to lose"
    doc_id = min(quoted)
    with SQLiteStore(own_db) as store:
        doc = store.get(doc_id)
        doc.quotes = []
        doc.anatomy_version = f"{doc.anatomy_version}+test"
        store.save_anatomy(doc)
    after = client.get(f"/api/stories/{story['id']}").json()
    assert after["documents"] == before["documents"]
    assert doc_id not in {e["document"] for q in after["quotes"] for e in q["evidence"]}


def test_document_ids_with_a_slash_open(own_db: Path) -> None:
    from fastapi.testclient import TestClient

    from storyline.api import ingest_paths

    folder = own_db.parent / "slash"
    folder.mkdir()
    import json

    (folder / "a.json").write_text(json.dumps({**RECORD, "id": "feed/item-7", "text": "A ferry left Zadar late on Sunday with 80 passengers, the port authority said."}), encoding="utf-8")
    assert ingest_paths([folder], db=own_db).added == ["feed/item-7"]
    client = TestClient(create_app(own_db, load_settings()), base_url="http://127.0.0.1")
    assert client.get("/api/documents/feed/item-7").json()["id"] == "feed/item-7"
    assert client.get("/documents/feed/item-7").status_code == 200


def test_deep_json_and_unexpected_errors_keep_the_error_shape(client, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline import service

    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    r = client.post("/api/documents", content=b"[" * 9000 + b"]" * 9000, headers=auth)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_json"

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(service, "ingest", broken)
    r = client.post("/api/documents", json={**RECORD, "id": "never"}, headers=auth)
    assert r.status_code == 500 and r.json()["error"] == {"code": "internal", "message": "RuntimeError while answering /api/documents", "hint": "see the server log"}
    assert r.headers["x-content-type-options"] == "nosniff" and "a bug" not in r.text
