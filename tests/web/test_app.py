"""The web app and API: pages, search, errors, ingest, security."""

from __future__ import annotations

import json

from .conftest import TOKEN


def _stories(client) -> list[dict]:
    r = client.get("/api/stories")
    assert r.status_code == 200
    return r.json()["stories"]


def test_story_list_and_story_page(client) -> None:
    stories = _stories(client)
    talks = next(s for s in stories if len(s["documents"]) == 4 and "talks-en-1" in s["documents"])
    assert talks["languages"] == ["en", "hr"] and talks["title"]
    page = client.get(f"/stories/{talks['id']}")
    assert page.status_code == 200
    html = page.text
    for part in ("Summary", "Timeline", "timeline-chart", "Who said what", "Entities"):
        assert part in html, part
    assert "/documents/talks-en-1?start=" in html  # statements link to their words
    story = client.get(f"/api/stories/{talks['id']}").json()
    assert story["conflicts"] and story["timeline"] and story["summary"]
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
