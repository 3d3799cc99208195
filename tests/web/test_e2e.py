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


# Where the first-hour walk saves its screenshots: a temporary folder, or
# docs/ when regenerating the documentation's pictures
# (STORYLINE_SCREENSHOTS=docs pytest tests/web/test_e2e.py -k first_hour).
SCREENSHOTS_ENV = "STORYLINE_SCREENSHOTS"

# Labels of the map, and of any SVG, as boxes; true when two overlap.
OVERLAPPING_LABELS = """() => {
  const boxes = [...document.querySelectorAll('svg.map text')].map(t => t.getBBox());
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) return true;
  }
  return false;
}"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_first_hour(server: str, tmp_path: Path) -> None:
    """A new user's walk: the story list, a story, an evidence link, a search; none of the old regressions."""
    import os
    import re

    playwright = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    raw_evidence = re.compile(r"\[[\w~.-]+ \d+:\d+\]")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            doc_ids = {d["id"] for d in page.request.get(server + "/api/documents?limit=1000").json()["documents"]}

            # 1. The story list: English titles with the original headline, dates on one line.
            page.goto(server + "/")
            titles = page.locator("table.stories td:first-child > a").all_inner_texts()
            assert titles and not set(titles) & doc_ids
            assert page.locator("table.stories .original-title").count() >= 1
            for cell in page.locator("table.stories td.date").all():
                assert cell.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
                assert cell.evaluate("e => e.getClientRects().length") == 1
            page.screenshot(path=str(shots / "first-hour-1-stories.png"), full_page=True)

            # 2. The story with most documents: evidence by outlet and paragraph, documents by headline.
            rows = page.locator("table.stories tr").all()[1:]
            biggest = max(rows, key=lambda r: int(r.locator("td").nth(2).inner_text()))
            biggest.locator("td:first-child > a").click()
            page.locator("h2", has_text="Summary").wait_for()
            assert not raw_evidence.search(page.content())
            links = page.locator("a.ev")
            assert links.count() > 0
            for text in links.all_inner_texts():
                assert re.fullmatch(r"\[.+ (¶|sentence )\d+\]", text), text
            listed = page.locator("ul.documents li > a").all_inner_texts()
            assert listed and not set(listed) & doc_ids
            if page.locator("svg.map").count():
                assert page.locator("svg.map path.land").count() == 1
                assert not page.evaluate(OVERLAPPING_LABELS)
            page.screenshot(path=str(shots / "first-hour-2-story.png"), full_page=True)

            # 3. An evidence link: the words on hover, and a click to them in their document.
            link = page.locator("ul.summary a.ev").first
            words = link.get_attribute("title")
            assert words and words.strip()
            link.hover()
            link.click()
            mark = page.locator("mark.evidence")
            mark.first.wait_for()
            assert " ".join("".join(mark.all_inner_texts()).split()) == " ".join(words.split())
            assert page.locator("h1").inner_text() not in doc_ids
            page.screenshot(path=str(shots / "first-hour-3-evidence.png"), full_page=True)

            # 4. Search: results by headline, snippets of the reporting only, in whole words.
            page.goto(server + "/search")
            page.fill("input[name=q]", "Zupanja")
            page.click("form.search button")
            page.locator("ol.hits li").first.wait_for()
            heads = page.locator("ol.hits li > a").all_inner_texts()
            assert heads and not set(heads) & doc_ids
            snippets = page.locator("ol.hits .snippet").all_inner_texts()
            assert snippets and not any("ivana_os" in s or "marko77" in s for s in snippets)
            texts = " ".join(page.request.get(f"{server}/api/documents/{d}").json()["text"] for d in doc_ids)
            folded = " ".join(texts.split())
            for s in snippets:
                first = s.lstrip("…").split()[0]
                assert re.search(rf"(^|\s){re.escape(first)}", folded), f"cut mid-word: {s!r}"
            page.screenshot(path=str(shots / "first-hour-4-search.png"), full_page=True)
        finally:
            browser.close()
