"""The web app and API: pages, search, errors, ingest, security."""

from __future__ import annotations

import json
import re

from .conftest import TOKEN


def _stories(client) -> list[dict]:
    r = client.get("/api/stories")
    assert r.status_code == 200
    return r.json()["stories"]


def test_story_list_and_story_page(client) -> None:
    stories = _stories(client)
    talks = next(s for s in stories if "talks-en-1" in s["documents"])
    assert talks["languages"] == ["en", "hr"] and talks["title"]
    page = client.get(f"/stories/{talks['id']}")
    assert page.status_code == 200
    html = page.text
    for part in ("Summary", "Timeline", "timeline-chart", "Who said what", "Entities"):
        assert part in html, part
    assert "/documents/talks-en-1?start=" in html  # statements link to their words
    story = client.get(f"/api/stories/{talks['id']}").json()
    assert story["timeline"] and story["summary"]
    # "the deal is close" (Qatar) and "Israel denied it had agreed to withdraw"
    # are not opposite claims about one event: no source says Israel agreed.
    assert story["conflicts"] == []
    front = client.get("/").text
    assert talks["title"] in front


def test_document_page_marks_the_evidence_and_escapes_text(client) -> None:
    page = client.get("/documents/hostile", params={"start": 13, "end": 27})
    assert page.status_code == 200
    assert '<mark class="evidence' in page.text and 'id="evidence"' in page.text
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text


def test_search_ignores_diacritics_and_case_endings(client) -> None:
    hits = client.get("/api/search", params={"q": "Curkin"}).json()["hits"]
    assert "hostile" in [h["document"] for h in hits]
    assert any(s["match"] == "Čurkin" for h in hits for s in h["snippets"])
    # "Alep" finds "Alepu"; "Zupanja" finds "Županje" and "Zupanja"
    assert "hostile" in [h["document"] for h in client.get("/api/search", params={"q": "Alep"}).json()["hits"]]
    flood = {h["document"] for h in client.get("/api/search", params={"q": "Zupanja"}).json()["hits"]}
    assert {"flood-hr-1", "flood-en-1"} <= flood
    only_en = {h["document"] for h in client.get("/api/search", params={"q": "Zupanja", "language": "en"}).json()["hits"]}
    assert only_en == {"flood-en-1"}
    assert "Čurkin" in client.get("/search", params={"q": "curkin"}).text
    # A place's name in one language finds it in another: "Aleppo" -> "Alepu".
    assert "hostile" in [h["document"] for h in client.get("/api/search", params={"q": "Aleppo"}).json()["hits"]]


def test_search_by_entity_finds_it_under_its_other_names(client) -> None:
    """An entity id finds the documents naming it in any of its names and languages."""
    hits = {h["document"] for h in client.get("/api/search", params={"entity": "e-loc-country-eg"}).json()["hits"]}
    assert {"talks-hr-1", "talks-en-1", "aid-hr-1", "aid-en-1"} <= hits  # Egipat, Egypt, Egipatski, Egyptian
    assert all(h.startswith(("talks", "aid")) for h in hits)
    kharkiv = {h["document"] for h in client.get("/api/search", params={"entity": "e-loc-geo-706483"}).json()["hits"]}
    assert not kharkiv  # no article of ours names Kharkiv


def test_errors_have_one_json_shape(client) -> None:
    r = client.get("/api/stories/nope")
    assert r.status_code == 404 and set(r.json()["error"]) == {"code", "message", "hint"}
    r = client.get("/api/search")
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_request"
    assert client.get("/documents/nope").status_code == 404
    assert "Traceback" not in client.get("/api/stories/nope").text


def test_posting_documents_needs_the_token_and_a_small_body(client) -> None:
    record = {"id": "posted-1", "language": "en", "published": "2025-06-12", "text": "Rescuers evacuated 40 people from Split on Thursday, the mayor said."}
    assert client.post("/api/documents", json=record).status_code == 401
    assert client.post("/api/documents", json=record, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/api/documents", content=b"{not json", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_json"
    big = json.dumps({**record, "text": "x " * 20_000})
    assert client.post("/api/documents", content=big, headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}).status_code == 413
    r = client.post("/api/documents", json=record, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201 and r.json()["added"] == ["posted-1"]
    assert client.get("/api/documents/posted-1").json()["text"] == record["text"]


def test_openapi_lists_the_api(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/search"} <= set(paths)


def test_pages_name_documents_by_headline_and_evidence_by_outlet(client) -> None:
    import re

    talks = next(s for s in _stories(client) if "talks-en-1" in s["documents"])
    html = client.get(f"/stories/{talks['id']}").text
    # Evidence: "[Outlet ¶N]" (or "sentence N" without paragraphs), the words on hover, never "[doc-id 398:693]".
    labels = re.findall(r'<a class="ev"[^>]*title="([^"]*)">\[([^\]]*)\]</a>', html)
    assert labels and all(re.search(r" (¶|sentence )\d+$", label) for _, label in labels)
    assert not re.search(r"\[[\w~-]+ \d+:\d+\]", html)
    assert all(words.strip() for words, _ in labels)
    # Documents are listed by headline, outlet and date; the story list keeps dates on one line.
    story = client.get(f"/api/stories/{talks['id']}").json()
    doc = client.get("/api/documents/talks-en-1").json()
    headline = doc["text"].split("\n", 1)[0]
    assert f">{headline}</a>" in html and doc["source"] in html
    front = client.get("/").text
    assert '<td class="date">' in front and "white-space: nowrap" in client.get("/static/storyline.css").text
    if story["original_title"] and story["original_title"] != story["title"]:
        assert story["original_title"] in front
    page = client.get("/documents/talks-en-1").text
    assert f"<h1>{headline}</h1>" in page and f"<title>{headline} · Storyline</title>" in page


def test_search_quotes_only_the_reporting_in_whole_words(client) -> None:
    hits = client.get("/api/search", params={"q": "Zupanja"}).json()["hits"]
    assert "library-en-1" not in [h["document"] for h in hits]  # only its reader comments name Županja
    for h in hits:
        assert h["title"] and h["title"] != h["document"]
        text = client.get(f"/api/documents/{h['document']}").json()["text"]
        for s in h["snippets"]:
            if s["cut_before"]:
                first = s["before"].split()[0]
                assert re.search(rf"(^|\s){re.escape(first)}", text), first
            if s["cut_after"] and s["after"].strip():
                last = s["after"].split()[-1]
                assert re.search(rf"{re.escape(last)}(\s|$)", text), last


def test_snippets_and_headlines_are_cut_at_words() -> None:
    from storyline.web.app import _snippet, cut_at_word

    text = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa"
    a = text.index("hotel")
    s = _snippet(text, a, a + 5, 0, len(text))
    assert text.startswith("Alpha") and s["match"] == "hotel"
    assert cut_at_word("Alpha bravo charlie delta", 14) == "Alpha bravo…"
    assert cut_at_word("short", 14) == "short"


def test_map_draws_country_outlines_and_keeps_labels_apart() -> None:
    from storyline.web.svg import CHAR_WIDTH, map_svg, place_labels

    svg = map_svg([("Zagreb", 45.81, 15.98), ("Sisak", 45.47, 16.37), ("Karlovac", 45.49, 15.55), ("Petrinja", 45.44, 16.28)])
    assert '<path class="land"' in svg and svg.count("<circle") == 4
    dots = [("Zagreb", 100.0, 100.0), ("Velika Gorica", 104.0, 104.0), ("Sesvete", 108.0, 98.0), ("Dugo Selo", 300.0, 50.0)]
    placed = place_labels(dots, 420, 300)
    boxes = []
    for name, x, y, anchor in placed:
        w = CHAR_WIDTH * len(name)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        boxes.append((left, y - 10, left + w, y + 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert "Dugo Selo" in [p[0] for p in placed]  # a label with room always gets its place


def test_a_merged_story_id_redirects_to_the_story_it_went_into(own_db) -> None:
    """Links made before a merge keep working: the old id answers 308 with the
    new address, on the page and in the API, and the export reads the new story."""
    from fastapi.testclient import TestClient

    from storyline.settings import load_settings
    from storyline.store import open_store
    from storyline.web import create_app

    with open_store(own_db) as store:
        ids = sorted(store.story_units())
        gone, kept = ids[0], ids[1]
        units = store.story_units_of(gone) + store.story_units_of(kept)
        store.merge_stories(gone, kept)
    client = TestClient(create_app(own_db, load_settings()), base_url="http://127.0.0.1")
    for prefix in ("/stories/", "/api/stories/"):
        r = client.get(f"{prefix}{gone}", follow_redirects=False)
        assert r.status_code == 308, prefix
        assert r.headers["location"].endswith(f"{prefix}{kept}")
    story = client.get(f"/api/stories/{gone}").json()
    assert story["id"] == kept and set(story["documents"]) == {d for d, _ in units}
    assert client.get(f"/stories/{kept}", follow_redirects=False).status_code == 200
    assert client.get("/api/export", params={"story": gone}).status_code == 200
    assert client.get("/api/stories/never-was", follow_redirects=False).status_code == 404
