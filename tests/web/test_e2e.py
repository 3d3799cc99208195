"""End to end in a real browser: Debian's Chromium, driven headless by
Playwright, on a server started for the test. Skipped, with the reason
shown, where Chromium or Playwright is missing (.ci/run installs both)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from storyline.settings import load_settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(web_db: Path):
    import uvicorn

    from storyline.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(web_db, load_settings()), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_click_a_statement_and_see_its_words(server: str, tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(server + "/")
            page.click("table.stories a >> nth=0")
            assert page.locator("h2", has_text="Summary").count() == 1
            link = page.locator("ul.summary li.statement a.ev").first
            words = link.get_attribute("title")
            link.click()
            mark = page.locator("mark.evidence")
            mark.first.wait_for()
            shown = "".join(mark.all_inner_texts())
            assert " ".join(shown.split()) == " ".join(words.split())
            page.screenshot(path=str(tmp_path / "evidence.png"))
            assert (tmp_path / "evidence.png").stat().st_size > 1000
        finally:
            browser.close()
