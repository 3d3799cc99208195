"""Take a screenshot of a story page: python scripts/story_screenshot.py DB OUT.png [STORY_ID]

Starts the app on DB, opens the story (the one with the most documents when
no id is given) in headless Chromium, and saves a full-page PNG.
"""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time

import uvicorn
from playwright.sync_api import sync_playwright

from storyline.settings import load_settings
from storyline.store import SQLiteStore
from storyline.web import create_app


def main(db: str, out: str, story: str | None = None) -> None:
    if story is None:
        with SQLiteStore(db) as store:
            story = max(store.stories_overview(), key=lambda s: len(s["documents"]))["id"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, load_settings()), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/stories/{story}")
        page.screenshot(path=out, full_page=True)
        browser.close()
    server.should_exit = True
    print(f"wrote {out} ({story})")


if __name__ == "__main__":
    main(*sys.argv[1:])
