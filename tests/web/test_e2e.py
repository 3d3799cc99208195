"""End to end in a real browser: Debian's Chromium, driven headless by
Playwright, on a server started for the test. Skipped, with the reason
shown, where Chromium or Playwright is missing (.ci/run installs both)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.settings import load_settings

from .conftest import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def server(web_db: Path):
    from storyline.web import create_app

    with running_server(create_app(web_db, load_settings())) as url:
        yield url


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


# Run in every page before its own scripts (through the DevTools protocol, so
# the page's Content-Security-Policy does not apply to it): records violations.
WATCH_CSP = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_pages_work_under_the_content_security_policy(server: str) -> None:
    """No page, /docs included, has anything the policy blocks; /docs draws the API from local files."""
    playwright = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.add_init_script(WATCH_CSP)
            console: list[str] = []
            page.on("console", lambda m: console.append(m.text))
            outside: list[str] = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
            page.goto(server + "/")
            story = page.locator("table.stories a").first.get_attribute("href")
            for url in ("/", story, "/search?q=Alep", "/documents/hostile?start=13&end=27"):
                page.goto(server + url)
                assert page.evaluate("window.__csp") == [], url
                # The stylesheet applies: the evidence and segment colours come from it.
                assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none", url
            page.goto(server + "/docs")
            page.locator(".swagger-ui .opblock").first.wait_for(timeout=20_000)
            assert page.locator(".swagger-ui .opblock", has_text="/api/stories").count() >= 1
            assert page.evaluate("window.__csp") == []
            assert not [m for m in console if "Content Security Policy" in m], console
            assert outside == [], outside
        finally:
            browser.close()
