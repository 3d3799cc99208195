"""storyline watch against a local HTTP server (127.0.0.1, an ephemeral port) serving a feed that changes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.errors import UsageError
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.watch import Watcher, parse_every

from ..conftest import populate_folder
from .helpers import light_steps

ENTRIES = [
    ("e1", "Vatrogasci ugasili požar kod Sinja", "Požar na otvorenom kod Sinja ugašen je u nedjelju navečer nakon šest sati gašenja."),
    ("e2", "Otvoren novi vrtić u Karlovcu", "U Karlovcu je u ponedjeljak otvoren novi dječji vrtić za 120 djece."),
    ("e3", "Autobusna linija za Slunj ponovno vozi", "Autobusna linija od Karlovca do Slunja ponovno vozi od utorka, javio je prijevoznik."),
]


def rss(entries: list[tuple[str, str, str]]) -> bytes:
    items = "".join(
        f"<item><guid>urn:test:{guid}</guid><title>{title}</title><description>{body}</description>"
        "<pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate></item>"
        for guid, title, body in entries
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test vijesti</title><language>hr</language>{items}</channel></rss>'.encode()


class Feed:
    """What the server serves; tests change it between cycles."""

    def __init__(self) -> None:
        self.body = rss(ENTRIES[:2])
        self.etag = '"v1"'
        self.fail = False
        self.requests: list[dict[str, str]] = []
        self.answers: list[int] = []


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    state = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(dict(self.headers))
            if state.fail:
                code, body, headers = 500, b"boom", {}
            elif self.headers.get("If-None-Match") == state.etag:
                code, body, headers = 304, b"", {"ETag": state.etag}
            else:
                code, body, headers = 200, state.body, {"ETag": state.etag, "Content-Type": "application/rss+xml"}
            state.answers.append(code)
            self.send_response(code)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    finally:
        server.shutdown()
        server.server_close()


class FakeTime:
    """A clock that sleeping advances: cycles and backoff without waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_new_entries_only_then_304_then_backoff_on_500(feed: tuple[Feed, str], tmp_path: Path) -> None:
    state, url = feed
    t = FakeTime()
    seen = []
    with SQLiteStore(tmp_path / "s.db") as store, Watcher(
        [url], store, Settings(workers=1), every=60, steps=light_steps(), clock=t.clock, sleep=t.sleep
    ) as watcher:
        first = watcher.cycle()
        assert len(first.report.added) == 2 and first.failed == []
        assert all(p.startswith(url + "#") for p in (d.origin for d in store.documents()))

        second = watcher.cycle()  # nothing changed: the server answers 304 to the validator
        assert state.requests[-1].get("If-None-Match") == '"v1"' and state.answers[-1] == 304
        assert second.not_modified == 1 and second.report.added == [] and second.report.documents == []

        state.body, state.etag = rss([ENTRIES[2], *ENTRIES[:2]]), '"v2"'  # a new entry on top
        third = watcher.cycle()
        assert len(third.report.added) == 1 and len(third.report.unchanged) == 2
        added = store.get(third.report.added[0])
        assert added.text.startswith("Autobusna linija") and added.source == "Test vijesti"

        state.fail = True
        t.now = 1000.0
        fourth = watcher.cycle()
        assert fourth.failed and "HTTP 500" in fourth.failed[0][1] and state.answers[-1] == 500
        asked = len(state.requests)
        t.now = 1060.0  # one period later: still backing off (2 periods after one failure)
        fifth = watcher.cycle()
        assert fifth.backing_off == 1 and len(state.requests) == asked

        state.fail = False
        t.now = 1120.0
        sixth = watcher.cycle()
        assert sixth.failed == [] and sixth.not_modified == 1  # back, and the validator was kept
        seen = [c.line() for c in (first, second, third, fourth, fifth, sixth)]
    assert seen[0].startswith("cycle 1: 1 sources polled") and "2 added" in seen[0]
    assert "1 failed" in seen[3] and "1 backing off" in seen[4]
    assert store_count(tmp_path / "s.db") == 3


def store_count(db: Path) -> int:
    with SQLiteStore(db) as store:
        return store.stats()["documents"]


def test_folders_ingest_only_new_or_changed_files(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {"a.txt": "Kiša u Splitu.\n\nU Splitu je cijeli dan padala kiša.", "notes.png": b"\x89PNG"})
    t = FakeTime()
    with SQLiteStore(tmp_path / "s.db") as store, Watcher(
        [str(folder)], store, Settings(workers=1), every=10, steps=light_steps(), clock=t.clock, sleep=t.sleep
    ) as watcher:
        cycles = []
        watcher.run(2, cycles.append)
        assert [len(c.report.added) for c in cycles] == [1, 0]
        assert [len(c.report.problems) for c in cycles] == [1, 0]  # the .png is reported once
        assert cycles[1].report.documents == []  # the unchanged file was not read again
        (folder / "b.txt").write_text("Bura na Jadranu.\n\nJaka bura zatvorila je most prema Krku.", encoding="utf-8")
        third = watcher.cycle()
        assert third.report.added == ["b"]
        assert t.now == 10.0  # run() slept one period between its two cycles


def test_ctrl_c_stops_the_loop_cleanly(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {"a.txt": "Kiša u Splitu.\n\nU Splitu je cijeli dan padala kiša."})

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    with SQLiteStore(tmp_path / "s.db") as store, Watcher(
        [str(folder)], store, Settings(workers=1), every=300, steps=light_steps(), sleep=interrupted
    ) as watcher:
        assert watcher.run() == 1
        assert store.stats()["documents"] == 1


def test_periods_and_bad_sources() -> None:
    assert [parse_every(x) for x in ("30s", "5m", "1h", "2")] == [30, 300, 3600, 2]
    with pytest.raises(UsageError):
        parse_every("soon")
    with pytest.raises(UsageError, match="no such file"):
        Watcher(["/nonexistent/feeds"], None, Settings(), every=1)  # type: ignore[arg-type]
