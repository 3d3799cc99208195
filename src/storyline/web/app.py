"""``storyline serve``: the web app and HTTP API on the store the CLI writes.

Pages (HTML, no scripts; styles from /static):
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
- ``/api/export?format=acled-csv``: stored events as CSV (docs/export.md);
- ``POST /api/documents``, open only with the ``api_token`` setting
  (``Authorization: Bearer <token>``).

Reads are open. Bind to 127.0.0.1 (the default) to keep them local; only
the ``allowed_hosts`` may appear in the Host header (see ``guard.py``, which
also limits bodies while they stream and sets the security headers).

Errors have one JSON shape, ``{"error": {"code", "message", "hint"}}``.
They never carry a stack trace. Bodies over ``max_request_bytes`` get a
413.

Posted documents are analysed in one writer thread, one post at a time:
the event loop keeps answering reads meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StorylineError, UsageError
from ..link.stories import story_records
from ..records import REPORTING_KINDS
from ..render.brief import document_dict, source_of, story_dict
from ..render.paragraphs import paragraph_starts, place_number
from ..settings import Settings
from ..store import Store, open_store
from . import search as searching
from .guard import BodyTooLarge, Guard, allowed_host_names, exposure_warning
from .svg import coordinates, map_svg, timeline_svg

log = logging.getLogger("storyline.web")

# Stories listed per page.
PAGE = 50
# Story pages kept computed, at most (each is rebuilt when its articles change
# or are analysed again).
CACHED_STORIES = 512
# Longest search query, in characters, and most distinct words in it: every
# word is a prefix term (a place name several), so the cost grows with both.
# 500 characters is far more than any real query; at 500 x a place name the
# search took 8.6 s without a limit (reports/reliability-2026-12-01.md).
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 24
# Longest value of any other text parameter (an id, a language, a date).
MAX_PARAM_CHARS = 200
# Largest page number and offset: beyond any store, and inside SQLite's integers.
MAX_PAGE = 1_000_000
MAX_OFFSET = 1_000_000_000
# A document without a title is named by the start of its headline, at most
# this many characters, cut at a word.
HEADLINE_CHARS = 90
# Context either side of a search match, at most, in characters (cut at a word).
SNIPPET_CONTEXT = 80
# Document cards (headline, outlet, date, paragraph starts) kept, at most.
CACHED_CARDS = 4096


class WebError(StorylineError):
    code = "web"

    def __init__(self, status: int, code: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status, self.code = status, code


class Library:
    """The store seen by the app: one connection per request, story pages
    cached, and one writer thread for posted documents."""

    def __init__(self, db: str | Path, settings: Settings) -> None:
        self.db, self.settings = str(db), settings
        self._stories: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}
        self._cards: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
        # One worker: two posts are never analysed and written at once.
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storyline-writer")

    def open(self) -> Store:
        return open_store(self.db)

    def story(self, store: Store, story_id: str) -> dict[str, Any]:
        units = store.story_units_of(story_id)
        if not units:
            raise WebError(404, "not_found", f"no story {story_id!r}", "list them at /api/stories")
        doc_ids = list(dict.fromkeys(d for d, _ in units))
        # Keyed by the members and by the version of each member's analysis:
        # a document analysed again (a new pipeline version) may stay in its
        # story with the same units but say other things.
        key = (story_id, tuple(units), tuple(store.anatomy_version(d) for d in doc_ids))
        with self._lock:
            if key in self._stories:
                self._stories.move_to_end(key)
                return self._stories[key]
            # One request computes a story; others asking for it meanwhile
            # wait for it rather than compute it again (a cold story list
            # under 20 concurrent requests took 22-29 s without this).
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            with self._lock:
                if key in self._stories:
                    return self._stories[key]
            docs = {d.id: d for d in store.documents(doc_ids)}
            [record] = story_records(docs, {story_id: units})
            out = story_dict(record, docs)
            with self._lock:
                self._stories[key] = out
                self._computing.pop(key, None)
                while len(self._stories) > CACHED_STORIES:
                    self._stories.popitem(last=False)
        return out

    def cards(self, store: Store, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
        """How pages name documents (see :func:`document_card`), by id; kept per analysis version."""
        out: dict[str, dict[str, Any]] = {}
        missing = []
        for d in doc_ids:
            key = (d, store.anatomy_version(d))
            with self._lock:
                if key in self._cards:
                    out[d] = self._cards[key]
                    continue
            missing.append((d, key))
        keys = dict(missing)
        for doc in store.documents(list(keys)) if keys else ():
            key = keys[doc.id]
            out[doc.id] = document_card(doc)
            with self._lock:
                self._cards[key] = out[doc.id]
                while len(self._cards) > CACHED_CARDS:
                    self._cards.popitem(last=False)
        return out

    def ingest(self, body: bytes) -> dict[str, Any]:
        """Analyse and store a posted body (already checked to be JSON); runs in the writer thread."""
        from ..service import ingest

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "posted.json"
            path.write_bytes(body)
            with self.open() as store:
                return ingest([path], store, self.settings).as_dict()


def create_app(db: str | Path, settings: Settings, *, bound_host: str | None = None) -> FastAPI:
    """The app on the store ``db``. ``bound_host``: the address the server
    listens on, answered in the Host header besides ``allowed_hosts``."""
    if "://" not in str(db) and not Path(db).is_file():
        raise UsageError(f"{db}: no such database", hint="run `storyline run PATH --db FILE` first")
    lib = Library(db, settings)
    app = FastAPI(
        title="Storyline",
        description="Sourced, reconciled accounts of the events in the news.",
        version="1",
        docs_url=None,  # our own /docs below: Swagger UI from installed files, no inline script
        redoc_url=None,
    )
    app.state.library = lib
    app.add_middleware(Guard, max_body=settings.max_request_bytes, allowed_hosts=allowed_host_names(settings.allowed_hosts, bound_host))
    if bound_host and (warning := exposure_warning(bound_host, settings.api_token)):
        log.warning("%s", warning)
    static = resources.files("storyline.web").joinpath("static")
    app.mount("/static/apidocs", StaticFiles(directory=str(_swagger_ui_files())), name="apidocs")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    templates = Jinja2Templates(directory=str(resources.files("storyline.web").joinpath("templates")))
    # Every text from a document is escaped: Starlette picks autoescape by file
    # extension, and ours end in .j2.
    templates.env.autoescape = True
    templates.env.globals["timeline_svg"] = timeline_svg
    templates.env.globals["paragraph"] = paragraph

    _error_handlers(app, templates)
    _pages(app, lib, templates)
    _api(app, lib, settings)
    return app


def _error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """One error shape: JSON ``{"error": {code, message, hint}}`` for the API, an error page for pages."""

    def error_json(status: int, code: str, message: str, hint: str = "") -> JSONResponse:
        return JSONResponse({"error": {"code": code, "message": message, "hint": hint}}, status_code=status)

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api") and request.url.path not in ("/openapi.json",)

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):  # noqa: ANN202
        if wants_html(request):
            page = templates.TemplateResponse(request, "error.html.j2", {"status": exc.status, "message": str(exc.args[0]), "hint": exc.hint})
            page.status_code = exc.status
            return page
        return error_json(exc.status, exc.code, str(exc.args[0]), exc.hint)

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, exc: StorylineError):  # noqa: ANN202
        return await web_error(request, WebError(400, exc.code, str(exc.args[0]), exc.hint))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):  # noqa: ANN202
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return await web_error(request, WebError(422, "bad_request", f"{where}: {first.get('msg', 'invalid request')}", "see /docs for the parameters"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        if isinstance(exc, BodyTooLarge):
            return error_json(413, exc.code, str(exc.detail), exc.hint)
        return error_json(exc.status_code, "http", str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):  # noqa: ANN202
        return error_json(500, "internal", f"{type(exc).__name__} while answering {request.url.path}", "see the server log")


def _pages(app: FastAPI, lib: Library, templates: Jinja2Templates) -> None:
    """The HTML pages: stories, a story, a document with its evidence marked, search, the API docs."""
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, page: int = Query(1, ge=1, le=MAX_PAGE)):  # noqa: ANN202
        with lib.open() as store:
            rows = _story_rows(lib, store, page)
        return templates.TemplateResponse(request, "stories.html.j2", {"rows": rows, "page": page})

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str):  # noqa: ANN202
        with lib.open() as store:
            moved = _moved_story(request, store, story_id, "/stories/")
            if moved is not None:
                return moved
            story = lib.story(store, story_id)
            cards = with_labels(lib.cards(store, story["documents"]))
        places = coordinates(story["entities"])
        return templates.TemplateResponse(request, "story.html.j2", {"s": story, "map": map_svg(places), "cards": cards})

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, start: int | None = Query(None, ge=0, le=MAX_OFFSET), end: int | None = Query(None, ge=0, le=MAX_OFFSET)):  # noqa: ANN202
        with lib.open() as store:
            doc = store.get(doc_id)
            if doc is None:
                raise WebError(404, "not_found", f"no document {doc_id!r}", "list them at /api/documents")
            stories = [{"id": s, "title": lib.story(store, s)["title"]} for s in store.story_units([doc_id])]
        marks = [(start, end, "evidence")] if start is not None and end is not None and start < end <= len(doc.text) else []
        marks += [(m.start, m.end, f"mention {m.type}") for m in doc.mentions]
        card = document_card(doc)
        return templates.TemplateResponse(
            request,
            "document.html.j2",
            {
                "doc": document_dict(doc),
                "card": card,
                "parts": _parts(doc, marks),
                "stories": stories,
                # The paragraph the marked words start in (pages name evidence so).
                "evidence": paragraph(card, start) if start is not None and marks[:1] and marks[0][2] == "evidence" else None,
            },
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        q: str = Query("", max_length=MAX_QUERY_CHARS),
        language: str | None = Query(None, max_length=MAX_PARAM_CHARS),
        story: str | None = Query(None, max_length=MAX_PARAM_CHARS),
        entity: str | None = Query(None, max_length=MAX_PARAM_CHARS),
        date_from: str | None = Query(None, alias="from", max_length=MAX_PARAM_CHARS),
        date_to: str | None = Query(None, alias="to", max_length=MAX_PARAM_CHARS),
    ):  # noqa: ANN202
        _check_words(q)
        with lib.open() as store:
            hits = _search(store, q, language, story, date_from, date_to, entity, _aliases(lib, store, story, entity)) if q.strip() or entity else []
        return templates.TemplateResponse(request, "search.html.j2", {"q": q, "hits": hits, "language": language or "", "story": story or "", "entity": entity or ""})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):  # noqa: ANN202
        return templates.TemplateResponse(request, "apidocs.html.j2", {})


def _api(app: FastAPI, lib: Library, settings: Settings) -> None:
    """The JSON API under /api (OpenAPI at /openapi.json)."""
    @app.get("/api/stories", summary="Stories, newest first")
    def api_stories(page: int = Query(1, ge=1, le=MAX_PAGE)) -> dict[str, Any]:
        with lib.open() as store:
            return {"page": page, "stories": _story_rows(lib, store, page)}

    @app.get("/api/stories/{story_id:path}", summary="One story, in the brief's format (storyline.brief/1)")
    def api_story(request: Request, story_id: str) -> Any:
        with lib.open() as store:
            moved = _moved_story(request, store, story_id, "/api/stories/")
            if moved is not None:
                return moved
            return lib.story(store, story_id)

    @app.get("/api/documents", summary="Documents, by id")
    def api_documents(offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
        with lib.open() as store:
            ids = store.document_ids(offset, limit)
            docs = [document_dict(d) for d in store.documents(ids)]
        for d in docs:
            d.pop("mentions", None)
        return {"offset": offset, "documents": docs}

    @app.get("/api/documents/{doc_id:path}", summary="One document: metadata, segments, mentions and text")
    def api_document(doc_id: str) -> dict[str, Any]:
        with lib.open() as store:
            doc = store.get(doc_id)
        if doc is None:
            raise WebError(404, "not_found", f"no document {doc_id!r}", "list them at /api/documents")
        return {**document_dict(doc), "text": doc.text}

    @app.get("/api/entities", summary="Entities of the newest stories (or of one story)")
    def api_entities(story: str | None = Query(None, max_length=MAX_PARAM_CHARS), page: int = Query(1, ge=1, le=MAX_PAGE)) -> dict[str, Any]:
        with lib.open() as store:
            ids = [story] if story else [r["id"] for r in store.stories_overview()[(page - 1) * PAGE : page * PAGE]]
            out = []
            for sid in ids:
                for e in lib.story(store, sid)["entities"]:
                    out.append({"story": sid, **{k: v for k, v in e.items() if k != "mentions"}, "mentions": len(e["mentions"])})
        return {"entities": out}

    @app.get("/api/search", summary="Full-text search, tolerant of diacritics and inflection")
    def api_search(
        q: str = Query("", max_length=MAX_QUERY_CHARS, description=f"words, any language (at most {MAX_QUERY_WORDS}); may be empty with an entity"),
        language: str | None = Query(None, max_length=MAX_PARAM_CHARS),
        story: str | None = Query(None, max_length=MAX_PARAM_CHARS),
        entity: str | None = Query(None, max_length=MAX_PARAM_CHARS, description="an entity id (as in /api/entities): documents naming it, in any of its names"),
        date_from: str | None = Query(None, alias="from", max_length=MAX_PARAM_CHARS),
        date_to: str | None = Query(None, alias="to", max_length=MAX_PARAM_CHARS),
    ) -> dict[str, Any]:
        _check_words(q)
        if not q.strip() and not entity:
            raise WebError(422, "bad_request", "give words (q) or an entity", "e.g. /api/search?q=evacuation")
        with lib.open() as store:
            return {"q": q, "hits": _search(store, q, language, story, date_from, date_to, entity, _aliases(lib, store, story, entity))}

    @app.get("/api/export", summary="Stored events as a table: format=acled-csv, one row per event (ACLED's columns plus evidence), text/csv")
    def api_export(
        format: str = Query("acled-csv", max_length=MAX_PARAM_CHARS),
        story: str | None = Query(None, max_length=MAX_PARAM_CHARS),
        min_confidence: float = Query(0.0, ge=0.0, le=1.0),
    ):  # noqa: ANN202
        from fastapi.responses import Response

        from ..render import export

        with lib.open() as store:
            if story is not None:
                story = store.resolve_story(story)  # an id merged away exports the story it went into
                if not store.story_units_of(story):
                    raise WebError(404, "not_found", f"no story {story!r}", "list them at /api/stories")
            result = export(format, store, story=story, min_confidence=min_confidence)
        # Events left out and why ("negated=2; no_acled_type=5"): in a header, as a comment line would break CSV readers.
        headers = {"Content-Disposition": f'attachment; filename="{result.filename}"', "X-Storyline-Left-Out": result.header()}
        return Response(result.content, media_type=result.media_type, headers=headers)

    @app.post("/api/documents", summary="Ingest documents: one record or a list ({id, text or html, title, language, published, source, url})", status_code=201)
    async def api_ingest(request: Request) -> dict[str, Any]:
        if not settings.api_token:
            raise WebError(403, "disabled", "posting documents is off", "set the api_token setting (STORYLINE_API_TOKEN) and send it as a Bearer token")
        given = request.headers.get("authorization", "")
        if not secrets.compare_digest(given.encode(), f"Bearer {settings.api_token}".encode()):
            raise WebError(401, "unauthorised", "missing or wrong token", "send Authorization: Bearer <api_token>")
        body = await request.body()  # the guard stops it at max_request_bytes
        await run_in_threadpool(_check_json, body)
        # The analysis takes seconds: in the writer thread, so the event loop
        # goes on answering reads; posts wait their turn there.
        return await asyncio.get_running_loop().run_in_executor(lib.writer, lib.ingest, body)


def _swagger_ui_files() -> Path:
    """Swagger UI's files (swagger-ui-bundle.js, swagger-ui.css), installed with fastapi-offline."""
    return Path(str(resources.files("fastapi_offline").joinpath("static")))


def _check_json(body: bytes) -> None:
    """400 unless the body is a JSON object or a list (parsed off the event loop)."""
    try:
        payload = json.loads(body)
    except RecursionError as exc:
        raise WebError(400, "bad_json", "the body is nested too deeply", "send one record or a list of flat records") from exc
    except ValueError as exc:
        raise WebError(400, "bad_json", f"the body is not JSON: {exc}", "send one record or a list of records") from exc
    if not isinstance(payload, (dict, list)):
        raise WebError(400, "bad_json", "the body must be a JSON object or a list of objects")


def _check_words(q: str) -> None:
    if len(set(searching.query_words(q))) > MAX_QUERY_WORDS:
        raise WebError(422, "bad_request", f"query.q: at most {MAX_QUERY_WORDS} different words", "search with fewer words")


def _moved_story(request: Request, store: Store, story_id: str, prefix: str) -> RedirectResponse | None:
    """A permanent redirect (308) to the id a story has now when ``story_id``
    was merged into another story (``Store.resolve_story``): links and
    bookmarks made before the merge keep working, and each story keeps one
    address (308, not 301: a client keeps its method). None when the id is current."""
    current = store.resolve_story(story_id)
    if current == story_id:
        return None
    url = f"{request.scope.get('root_path', '')}{prefix}{quote(current, safe='')}"
    return RedirectResponse(f"{url}?{request.url.query}" if request.url.query else url, status_code=308)


def _story_rows(lib: Library, store: Store, page: int) -> list[dict[str, Any]]:
    rows = store.stories_overview()[(page - 1) * PAGE : page * PAGE]
    out = []
    for r in rows:
        s = lib.story(store, r["id"])
        out.append(
            {
                **r,
                "title": s["title"],
                "original_title": s.get("original_title") or "",
                "original_title_language": s.get("original_title_language"),
                "conflicts": len(s["conflicts"]),
                "figures": len(s["figure_rows"]),
            }
        )
    return out


def _aliases(lib: Library, store: Store, story: str | None, entity: str | None) -> list[str]:
    """The story's own spellings of the entity ("Alepu", "Aleppo"), searched beside the gazetteer's names."""
    if not (story and entity and store.story_units_of(story)):
        return []
    return next((e["aliases"] for e in lib.story(store, story)["entities"] if e["id"] == entity), [])


def _search(
    store: Store,
    q: str,
    language: str | None,
    story: str | None,
    date_from: str | None,
    date_to: str | None,
    entity: str | None = None,
    aliases: Sequence[str] = (),
) -> list[dict[str, Any]]:
    match = searching.match_query(q, entity, aliases)
    if match is None:
        return []
    hits = store.search(match, language=language, story=story, published_from=date_from, published_to=date_to)
    docs = {d.id: d for d in store.documents([doc_id for doc_id, _ in hits])} if hits else {}
    out = []
    for doc_id, rank in hits:
        doc = docs[doc_id]
        # Only the reporting is quoted: a match in reader comments or page furniture is no snippet.
        reporting = [(s.start, s.end) for s in doc.segments if s.kind in REPORTING_KINDS] or [(0, len(doc.text))]
        words = " ".join([q, *searching.entity_names(entity), *aliases]) if entity else q
        snippets: list[dict[str, Any]] = []
        for lo_seg, hi_seg in reporting:
            for a, b in searching.highlights(doc.text[lo_seg:hi_seg], words, limit=3 - len(snippets)):
                snippets.append(_snippet(doc.text, lo_seg + a, lo_seg + b, lo_seg, hi_seg))
            if len(snippets) >= 3:
                break
        if not snippets and searching.highlights(doc.text, words, limit=1):
            continue  # the words are only in reader comments or page furniture: not what the reporting says
        out.append(
            {
                "document": doc_id,
                "title": headline_of(doc),
                "source": doc.source,
                "language": doc.language,
                "published": doc.published.isoformat() if doc.published else None,
                "rank": round(rank, 3),
                "snippets": snippets,
            }
        )
    return out


def _snippet(text: str, a: int, b: int, lo: int, hi: int) -> dict[str, Any]:
    """The match at ``a:b`` with up to SNIPPET_CONTEXT characters either side, inside ``lo:hi``, never cut mid-word."""
    start = max(lo, a - SNIPPET_CONTEXT)
    if start > lo and not text[start - 1].isspace():
        space = text.find(" ", start, a)
        start = space + 1 if space != -1 else a
    end = min(hi, b + SNIPPET_CONTEXT)
    if end < hi and not text[end].isspace():
        space = text.rfind(" ", b, end)
        end = space if space != -1 else b
    before, after = text[start:a], text[b:end]
    return {
        "before": " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
        "match": text[a:b],
        "after": (" " if after[:1].isspace() else "") + " ".join(after.split()),
        "start": a,
        "end": b,
        "cut_before": start > lo,
        "cut_after": end < hi,
    }


def cut_at_word(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters, cut after a whole word (with "…" when cut)."""
    one = " ".join(text.split())
    if len(one) <= limit:
        return one
    cut = one[: limit + 1].rsplit(" ", 1)[0] if " " in one[:limit] else one[:limit]
    return cut.rstrip(",;:–-") + "…"


def headline_of(doc) -> str:  # noqa: ANN001 - Document
    """The document's headline: its title, else its first headline segment, else its first words."""
    if doc.title and doc.title.strip():
        return cut_at_word(doc.title, HEADLINE_CHARS * 2)
    head = next((s for s in doc.segments if s.kind == "headline"), None)
    text = doc.text[head.start : head.end] if head else doc.text
    return cut_at_word(text, HEADLINE_CHARS) or doc.id


def document_card(doc) -> dict[str, Any]:  # noqa: ANN001 - Document
    """How pages name a document: headline, outlet, date, and where its paragraphs start (for evidence labels)."""
    starts, place = paragraph_starts(doc.text, [s.start for s in doc.sentences])
    return {
        "id": doc.id,
        "headline": headline_of(doc),
        "source": source_of(doc),
        "published": doc.published.isoformat() if doc.published else "",
        "published_is_estimate": doc.published_is_estimate,
        "language": doc.language or "",
        "paragraph_starts": starts,
        "place": place,
    }


def with_labels(cards: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each card with a short ``label`` for evidence links: the outlet, else the
    headline; two documents of one outlet are told apart by date or headline."""
    names = {d: c["source"] or cut_at_word(c["headline"], 40) for d, c in cards.items()}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    dated = {d: f"{names[d]}, {c['published']}" if c["published"] else names[d] for d, c in cards.items()}
    out = {}
    for d, c in cards.items():
        label = names[d]
        if counts[label] > 1 and c["source"]:
            # Same outlet twice: its date tells them apart, else the start of the headline.
            same_day = sum(1 for x in dated.values() if x == dated[d]) > 1
            label = f"{label}, {cut_at_word(c['headline'], 24)}" if same_day or not c["published"] else dated[d]
        out[d] = {**c, "label": label}
    return out


def paragraph(card: dict[str, Any], start: int) -> int:
    """The paragraph (non-empty line, counted from 1; the headline is the first), or
    the sentence for a text without paragraphs (``card["place"]``), holding offset ``start``."""
    return place_number(card["paragraph_starts"], start)


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
