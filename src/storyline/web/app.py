"""``storyline serve``: the web app and HTTP API on the store the CLI writes.

Pages (HTML, no scripts):
- ``/``: the stories;
- ``/stories/{id}``: one story;
- ``/documents/{id}``: one document, with ``?start=&end=`` marking the
  words a statement came from;
- ``/search``.

Every statement on a story page links to its words in their document.

API (JSON, OpenAPI at ``/docs`` and ``/openapi.json``):
- ``/api/stories``, ``/api/stories/{id}``;
- ``/api/documents``, ``/api/documents/{id}``;
- ``/api/entities``;
- ``/api/search``;
- ``POST /api/documents``, open only with the ``api_token`` setting
  (``Authorization: Bearer <token>``).

Reads are open. Bind to 127.0.0.1 (the default) to keep them local.

Errors have one JSON shape, ``{"error": {"code", "message", "hint"}}``.
They never carry a stack trace. Bodies over ``max_request_bytes`` get a
413.
"""

from __future__ import annotations

import json
import secrets
import tempfile
from collections import OrderedDict
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StorylineError, UsageError
from ..link.stories import story_records
from ..render.brief import document_dict, story_dict
from ..settings import Settings
from ..store import SQLiteStore
from . import search as searching
from .svg import coordinates, map_svg, timeline_svg

# Stories listed per page.
PAGE = 50
# Story pages kept computed, at most (each is rebuilt when its articles change).
CACHED_STORIES = 512


class WebError(StorylineError):
    code = "web"

    def __init__(self, status: int, code: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status, self.code = status, code


class Library:
    """The store seen by the app: one SQLite connection per request, story pages cached."""

    def __init__(self, db: str | Path, settings: Settings) -> None:
        self.db, self.settings = str(db), settings
        self._stories: OrderedDict[tuple[str, tuple], dict[str, Any]] = OrderedDict()

    def open(self) -> SQLiteStore:
        return SQLiteStore(self.db)

    def story(self, store: SQLiteStore, story_id: str) -> dict[str, Any]:
        units = store.story_units_of(story_id)
        if not units:
            raise WebError(404, "not_found", f"no story {story_id!r}", "list them at /api/stories")
        key = (story_id, tuple(units))
        if key in self._stories:
            self._stories.move_to_end(key)
            return self._stories[key]
        docs = {d.id: d for d in store.documents(list(dict.fromkeys(d for d, _ in units)))}
        [record] = story_records(docs, {story_id: units})
        out = story_dict(record, docs)
        self._stories[key] = out
        if len(self._stories) > CACHED_STORIES:
            self._stories.popitem(last=False)
        return out


def create_app(db: str | Path, settings: Settings) -> FastAPI:
    if not Path(db).is_file():
        raise UsageError(f"{db}: no such database", hint="run `storyline run PATH --db FILE` first")
    lib = Library(db, settings)
    app = FastAPI(title="Storyline", description="Sourced, reconciled accounts of the events in the news.", version="1")
    templates = Jinja2Templates(directory=str(resources.files("storyline.web").joinpath("templates")))
    # Every text from a document is escaped: Starlette picks autoescape by file
    # extension, and ours end in .j2.
    templates.env.autoescape = True
    templates.env.globals["timeline_svg"] = timeline_svg

    def error_json(status: int, code: str, message: str, hint: str = "") -> JSONResponse:
        return JSONResponse({"error": {"code": code, "message": message, "hint": hint}}, status_code=status)

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api") and request.url.path not in ("/openapi.json",)

    @app.middleware("http")
    async def limit_body(request: Request, call_next):  # noqa: ANN001, ANN202
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > settings.max_request_bytes:
            return error_json(413, "too_large", f"request body of {size} bytes is over the limit", f"at most {settings.max_request_bytes} bytes (setting max_request_bytes)")
        return await call_next(request)

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):  # noqa: ANN202
        if wants_html(request):
            page = templates.TemplateResponse(request, "error.html.j2", {"status": exc.status, "message": str(exc.args[0]), "hint": exc.hint})
            page.status_code = exc.status
            return page
        return error_json(exc.status, exc.code, str(exc.args[0]), exc.hint)

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, exc: StorylineError):  # noqa: ANN202
        return error_json(400, exc.code, str(exc.args[0]), exc.hint)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):  # noqa: ANN202
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return error_json(422, "bad_request", f"{where}: {first.get('msg', 'invalid request')}", "see /docs for the parameters")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        return error_json(exc.status_code, "http", str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):  # noqa: ANN202
        return error_json(500, "internal", f"{type(exc).__name__} while answering {request.url.path}", "see the server log")

    # -- pages -------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, page: int = Query(1, ge=1)):  # noqa: ANN202
        with lib.open() as store:
            rows = _story_rows(lib, store, page)
        return templates.TemplateResponse(request, "stories.html.j2", {"rows": rows, "page": page})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str):  # noqa: ANN202
        with lib.open() as store:
            story = lib.story(store, story_id)
        places = coordinates(story["entities"])
        return templates.TemplateResponse(request, "story.html.j2", {"s": story, "map": map_svg(places)})

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, start: int | None = Query(None, ge=0), end: int | None = Query(None, ge=0)):  # noqa: ANN202
        with lib.open() as store:
            doc = store.get(doc_id)
            if doc is None:
                raise WebError(404, "not_found", f"no document {doc_id!r}", "list them at /api/documents")
            stories = [s for s, units in store.story_units([doc_id]).items()]
        marks = [(start, end, "evidence")] if start is not None and end is not None and start < end <= len(doc.text) else []
        marks += [(m.start, m.end, f"mention {m.type}") for m in doc.mentions]
        return templates.TemplateResponse(
            request, "document.html.j2", {"doc": document_dict(doc), "parts": _parts(doc, marks), "stories": stories, "evidence": (start, end) if marks[:1] and marks[0][2] == "evidence" else None}
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", language: str | None = None, story: str | None = None, entity: str | None = None, date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to")):  # noqa: ANN202
        with lib.open() as store:
            hits = _search(store, q, language, story, date_from, date_to, entity, _aliases(lib, store, story, entity)) if q.strip() or entity else []
        return templates.TemplateResponse(request, "search.html.j2", {"q": q, "hits": hits, "language": language or "", "story": story or "", "entity": entity or ""})

    # -- API ---------------------------------------------------------------
    @app.get("/api/stories", summary="Stories, newest first")
    def api_stories(page: int = Query(1, ge=1)) -> dict[str, Any]:
        with lib.open() as store:
            return {"page": page, "stories": _story_rows(lib, store, page)}

    @app.get("/api/stories/{story_id}", summary="One story, in the brief's format (storyline.brief/1)")
    def api_story(story_id: str) -> dict[str, Any]:
        with lib.open() as store:
            return lib.story(store, story_id)

    @app.get("/api/documents", summary="Documents, by id")
    def api_documents(offset: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
        with lib.open() as store:
            ids = store.document_ids(offset, limit)
            docs = [document_dict(d) for d in store.documents(ids)]
        for d in docs:
            d.pop("mentions", None)
        return {"offset": offset, "documents": docs}

    @app.get("/api/documents/{doc_id}", summary="One document: metadata, segments, mentions and text")
    def api_document(doc_id: str) -> dict[str, Any]:
        with lib.open() as store:
            doc = store.get(doc_id)
        if doc is None:
            raise WebError(404, "not_found", f"no document {doc_id!r}", "list them at /api/documents")
        return {**document_dict(doc), "text": doc.text}

    @app.get("/api/entities", summary="Entities of the newest stories (or of one story)")
    def api_entities(story: str | None = None, page: int = Query(1, ge=1)) -> dict[str, Any]:
        with lib.open() as store:
            ids = [story] if story else [r["id"] for r in store.stories_overview()[(page - 1) * PAGE : page * PAGE]]
            out = []
            for sid in ids:
                for e in lib.story(store, sid)["entities"]:
                    out.append({"story": sid, **{k: v for k, v in e.items() if k != "mentions"}, "mentions": len(e["mentions"])})
        return {"entities": out}

    @app.get("/api/search", summary="Full-text search, tolerant of diacritics and inflection")
    def api_search(
        q: str = Query("", max_length=500, description="words, any language; may be empty with an entity"),
        language: str | None = None,
        story: str | None = None,
        entity: str | None = Query(None, description="an entity id (as in /api/entities): documents naming it, in any of its names"),
        date_from: str | None = Query(None, alias="from"),
        date_to: str | None = Query(None, alias="to"),
    ) -> dict[str, Any]:
        if not q.strip() and not entity:
            raise WebError(422, "bad_request", "give words (q) or an entity", "e.g. /api/search?q=evacuation")
        with lib.open() as store:
            return {"q": q, "hits": _search(store, q, language, story, date_from, date_to, entity, _aliases(lib, store, story, entity))}

    @app.post("/api/documents", summary="Ingest documents: one record or a list ({id, text or html, title, language, published, source, url})", status_code=201)
    async def api_ingest(request: Request) -> dict[str, Any]:
        if not settings.api_token:
            raise WebError(403, "disabled", "posting documents is off", "set the api_token setting (STORYLINE_API_TOKEN) and send it as a Bearer token")
        given = request.headers.get("authorization", "")
        if not secrets.compare_digest(given.encode(), f"Bearer {settings.api_token}".encode()):
            raise WebError(401, "unauthorised", "missing or wrong token", "send Authorization: Bearer <api_token>")
        body = await request.body()
        if len(body) > settings.max_request_bytes:
            raise WebError(413, "too_large", f"request body of {len(body)} bytes is over the limit", "setting max_request_bytes")
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise WebError(400, "bad_json", f"the body is not JSON: {exc}", "send one record or a list of records") from exc
        if not isinstance(payload, (dict, list)):
            raise WebError(400, "bad_json", "the body must be a JSON object or a list of objects")
        from ..service import ingest

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "posted.json"
            path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            with lib.open() as store:
                report = ingest([path], store, settings)
        return report.as_dict()

    return app


def _story_rows(lib: Library, store: SQLiteStore, page: int) -> list[dict[str, Any]]:
    rows = store.stories_overview()[(page - 1) * PAGE : page * PAGE]
    out = []
    for r in rows:
        s = lib.story(store, r["id"])
        out.append({**r, "title": s["title"], "conflicts": len(s["conflicts"]), "figures": len(s["figure_rows"])})
    return out


def _aliases(lib: Library, store: SQLiteStore, story: str | None, entity: str | None) -> list[str]:
    """The story's own spellings of the entity ("Alepu", "Aleppo"), searched beside the gazetteer's names."""
    if not (story and entity and store.story_units_of(story)):
        return []
    return next((e["aliases"] for e in lib.story(store, story)["entities"] if e["id"] == entity), [])


def _search(
    store: SQLiteStore,
    q: str,
    language: str | None,
    story: str | None,
    date_from: str | None,
    date_to: str | None,
    entity: str | None = None,
    aliases: list[str] = (),
) -> list[dict[str, Any]]:
    match = searching.match_query(q, entity, aliases)
    if match is None:
        return []
    hits = store.search(match, language=language, story=story, published_from=date_from, published_to=date_to)
    out = []
    for doc_id, rank in hits:
        doc = store.get(doc_id)
        spans = searching.highlights(doc.text, " ".join([q, *searching.entity_names(entity), *aliases]) if entity else q)
        snippets = []
        for a, b in spans:
            lo, hi = max(0, a - 80), min(len(doc.text), b + 80)
            snippets.append({"before": doc.text[lo:a], "match": doc.text[a:b], "after": doc.text[b:hi], "start": a, "end": b})
        out.append({"document": doc_id, "title": doc.title or doc.text[:80], "language": doc.language, "published": doc.published.isoformat() if doc.published else None, "rank": round(rank, 3), "snippets": snippets})
    return out


def _parts(doc, marks: list[tuple[int, int, str]]) -> list[dict[str, Any]]:  # noqa: ANN001 - Document
    """The text cut at segment and mark boundaries, each piece with its segment kind and marks."""
    cuts = {0, len(doc.text)}
    for s in doc.segments:
        cuts.update((s.start, s.end))
    for a, b, _ in marks:
        cuts.update((a, b))
    bounds = sorted(c for c in cuts if 0 <= c <= len(doc.text))
    out = []
    for a, b in zip(bounds, bounds[1:]):
        seg = next((s for s in doc.segments if s.start <= a < s.end), None)
        classes = [m for x, y, m in marks if x <= a and b <= y]
        out.append({"text": doc.text[a:b], "kind": seg.kind if seg else "other", "marks": " ".join(classes), "start": a, "evidence": "evidence" in classes})
    return out
