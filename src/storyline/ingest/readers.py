"""Readers: files and folders of .txt, .html, .json and .jsonl into Documents.

Every input yields either a Document or a Problem naming the input and the
reason; one bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dateutil import parser as dateutil_parser

from ..errors import InputError, UsageError
from ..records import Document, Problem
from .decode import decode_bytes
from .feeds import looks_like_feed, read_feed
from .html import extract_html

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
# Files a folder of articles commonly holds besides articles: not reported.
QUIETLY_SKIPPED = frozenset({".md", ".toml", ".yaml", ".yml", ".csv", ".tsv"})
RECORD_FIELDS = ("id", "text", "html", "url", "source", "published", "language", "title")


def content_hash(text: str) -> str:
    """Hash of the text as a reader sees it: NFC, whitespace runs collapsed."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dateutil_parser.parse(text, dayfirst=True).date()
    except (ValueError, OverflowError) as exc:
        raise InputError(f"published date {text!r} not understood") from exc


def normalise_language(value: Any) -> str | None:
    if not value:
        return None
    code = str(value).strip().lower().replace("_", "-").split("-")[0]
    if len(code) == 2:
        return code
    from lingua import IsoCode639_3, Language

    try:
        iso3 = IsoCode639_3.from_str(code)
        return Language.from_iso_code_639_3(iso3).iso_code_639_1.name.lower()
    except ValueError:
        return None


class Manifest:
    """Per-file metadata supplied beside crawled text (one JSON object a line)."""

    def __init__(self) -> None:
        self.by_path: dict[Path, dict[str, Any]] = {}
        self.by_id: dict[str, dict[str, Any]] = {}
        self.files: set[Path] = set()

    def load(self, path: Path) -> list[Problem]:
        problems: list[Problem] = []
        self.files.add(path.resolve())
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            return [Problem(str(path), f"cannot read metadata file: {exc}")]
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                problems.append(Problem(f"{path}:{n}", f"bad metadata line: {exc}"))
                continue
            if rec.get("path"):
                self.by_path[(path.parent / rec["path"]).resolve()] = rec
            if rec.get("id"):
                self.by_id[str(rec["id"])] = rec
        return problems

    def for_file(self, path: Path) -> dict[str, Any]:
        return self.by_path.get(path.resolve()) or self.by_id.get(path.stem) or {}


def _looks_like_manifest(path: Path) -> bool:
    """A .jsonl whose records point at files (``path``) and carry no text."""
    if path.suffix.lower() != ".jsonl":
        return False
    try:
        with path.open(encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), "")
        rec = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(rec, dict) and "path" in rec and "text" not in rec and "html" not in rec


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path], list[Problem]]:
    """Expand paths into input files, manifest files found beside them, and problems."""
    files: list[Path] = []
    manifests: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for p in found:
                if p.suffix.lower() in FORMATS:
                    (manifests if _looks_like_manifest(p) else files).append(p)
                elif p.suffix.lower() not in QUIETLY_SKIPPED:
                    problems.append(Problem(str(p), f"skipped: unsupported file type {p.suffix or '(none)'}", "unsupported"))
        else:
            # A file named explicitly is read whatever its extension (as text if unknown).
            (manifests if _looks_like_manifest(path) else files).append(path)
    return files, manifests, problems


def _document_from_record(
    rec: dict[str, Any], default_id: str, origin: str, meta: dict[str, Any], notes: list[str]
) -> Document:
    merged = {**meta, **{k: v for k, v in rec.items() if v not in (None, "")}}
    if merged.get("html"):
        return _html_document(str(merged["html"]), merged, default_id, origin, notes)
    if isinstance(merged.get("text"), str) and merged["text"].strip():
        return _make_document(merged["text"], "json", merged, default_id, origin, notes)
    raise InputError("record has neither 'text' nor 'html'")


def _html_document(html: str, meta: dict[str, Any], default_id: str, origin: str, notes: list[str]) -> Document:
    """Main text and metadata of a page; metadata given by the user wins over the page's."""
    page = extract_html(html, url=meta.get("url"))
    found = {"title": page.title, "published": page.published, "source": page.source, "url": page.url, "language": page.language}
    merged = {**{k: v for k, v in found.items() if v}, **{k: v for k, v in meta.items() if v not in (None, "")}}
    return _make_document(page.text, "html", merged, default_id, origin, notes)


def _make_document(
    text: str, fmt: str, meta: dict[str, Any], default_id: str, origin: str, notes: list[str]
) -> Document:
    published = None
    try:
        published = parse_date(meta.get("published"))
    except InputError as exc:
        notes.append(f"{exc}; left empty")
    language = normalise_language(meta.get("language"))
    extra = {k: v for k, v in meta.items() if k not in RECORD_FIELDS and k not in {"path", "published_is_estimate"}}
    return Document(
        id=str(meta.get("id") or default_id).strip(),
        text=text,
        source=meta.get("source"),
        url=meta.get("url"),
        title=meta.get("title"),
        published=published,
        published_is_estimate=bool(meta.get("published_is_estimate", False)),
        language=language,
        language_given=language is not None,
        origin=origin,
        format=fmt,
        content_hash=content_hash(text),
        notes=notes,
        meta=extra,
    )


def read_file(path: Path, manifest: Manifest, max_bytes: int) -> Iterator[Document | Problem]:
    """Yield the documents of one file, or Problems naming what is wrong with it."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Problem(origin, f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit; raise it with --max-bytes)", "too_large")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(origin, f"cannot read: {exc.strerror or exc}", "unreadable")
        return
    fmt = FORMATS.get(path.suffix.lower(), "text")
    try:
        decoded = decode_bytes(data)
    except InputError as exc:
        yield Problem(origin, str(exc), exc.code)
        return
    meta = manifest.for_file(path)
    try:
        if fmt == "text":
            yield _make_document(decoded.text, "text", meta, path.stem, origin, list(decoded.notes))
        elif fmt == "html":
            yield _html_document(decoded.text, meta, path.stem, origin, list(decoded.notes))
        elif fmt == "feed":
            if not looks_like_feed(decoded.text):
                yield Problem(origin, "not an RSS or Atom feed", "unsupported")
                return
            for rec in read_feed(decoded.text, path.stem, origin):
                doc_origin = rec.pop("_origin")
                if not rec["text"].strip():
                    yield Problem(doc_origin, "feed entry has no text", "empty")
                    continue
                given = {k: v for k, v in rec.items() if v is not None}
                yield _make_document(rec["text"], "feed", {**meta, **given}, rec["id"], doc_origin, list(decoded.notes))
        elif fmt == "json":
            try:
                payload = json.loads(decoded.text)
            except ValueError as exc:
                yield Problem(origin, f"invalid JSON: {exc}", "bad_json")
                return
            records = payload if isinstance(payload, list) else [payload]
            for n, rec in enumerate(records, 1):
                yield from _record(rec, f"{path.stem}-{n}" if len(records) > 1 else path.stem, f"{origin}#{n}", meta, decoded.notes)
        else:  # jsonl
            for n, line in enumerate(decoded.text.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    yield Problem(f"{origin}:{n}", f"invalid JSON line: {exc}", "bad_json")
                    continue
                yield from _record(rec, f"{path.stem}-{n}", f"{origin}:{n}", {}, decoded.notes)
    except InputError as exc:
        yield Problem(origin, str(exc), exc.code)


def _record(rec: Any, default_id: str, origin: str, meta: dict[str, Any], notes: list[str]) -> Iterator[Document | Problem]:
    if not isinstance(rec, dict):
        yield Problem(origin, "record is not a JSON object", "bad_json")
        return
    try:
        yield _document_from_record(rec, default_id, origin, meta, list(notes))
    except InputError as exc:
        yield Problem(origin, str(exc), exc.code)


def read_inputs(
    paths: Iterable[str | Path],
    *,
    meta_files: Iterable[str | Path] = (),
) -> tuple[list[Path], Manifest, list[Problem]]:
    """Resolve inputs: the files to read, their manifest, and problems found so far."""
    files, found_manifests, problems = collect_files(paths)
    manifest = Manifest()
    for m in [*map(Path, meta_files), *found_manifests]:
        if not m.is_file():
            raise UsageError(f"{m}: metadata file not found")
        if m.resolve() not in manifest.files:
            problems.extend(manifest.load(m))
    files = [f for f in files if f.resolve() not in manifest.files]
    return files, manifest, problems


def iter_documents(files: Iterable[Path], manifest: Manifest, max_bytes: int) -> Iterator[Document | Problem]:
    for f in files:
        yield from read_file(f, manifest, max_bytes)


__all__ = ["FORMATS", "Manifest", "collect_files", "content_hash", "iter_documents", "read_file", "read_inputs"]

