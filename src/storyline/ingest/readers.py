"""Readers: files and folders of text, HTML, JSON, JSON Lines and feeds into Documents.

Every input yields either a Document or a Problem naming the input and the
reason; one bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..records import Document, Problem
from .decode import MAX_CONTROL_SHARE, control_share, decode_bytes, decode_lines, repair_mojibake
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
# What each kind of input is, for help texts and messages (``storyline run --help``).
FORMAT_NAMES: dict[str, str] = {
    "text": "plain text",
    "html": "HTML pages",
    "json": "JSON records",
    "jsonl": "JSON Lines records",
    "feed": "RSS or Atom feeds",
}
# Formats people often hold articles in that are not read, with the command
# that turns them into one that is. Named or found in a folder, such a file
# is one ``skipped:`` line (not a failure).
CONVERT_HINTS: dict[str, str] = {
    ".pdf": "convert it to text first, e.g. `pdftotext FILE.pdf FILE.txt` (poppler-utils)",
    ".docx": "convert it to text first, e.g. `pandoc FILE.docx -t plain -o FILE.txt`",
    ".odt": "convert it to text first, e.g. `pandoc FILE.odt -t plain -o FILE.txt`",
    ".rtf": "convert it to text first, e.g. `pandoc FILE.rtf -t plain -o FILE.txt`",
    ".epub": "convert it to text first, e.g. `pandoc FILE.epub -t plain -o FILE.txt`",
    ".doc": "convert it to text first, e.g. `libreoffice --headless --convert-to txt FILE.doc`",
    ".md": "notes and READMEs beside articles are not articles; rename it to .txt if it is one",
    ".mht": "save the page as .html instead",
    ".mhtml": "save the page as .html instead",
}
# Without an extension a file is read as plain text (crawlers often save
# pages so), named or found in a folder alike.
NO_EXTENSION = "text"
# What a browser saves beside a page ("Save page as" makes a PAGE_files/
# folder of them): never articles. Named, each is one ``skipped:`` line; in
# a folder, one line per folder holding them, so a saved page's dozens of
# assets do not bury the report.
PAGE_ASSETS = frozenset(
    {".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".avif", ".bmp",
     ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".ogg", ".wav"}
)
RECORD_FIELDS = ("id", "text", "html", "url", "source", "published", "language", "title")
# Fields that must be strings when given (``id`` may also be an integer).
STRING_FIELDS = ("text", "html", "url", "source", "language", "title")


def display_path(path: Path | str) -> str:
    """A path as printable text: bytes that are not UTF-8 in a file name become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def check_string(name: str, value: str) -> None:
    """Refuse a string that cannot be stored: a lone surrogate (JSON ``\\ud800``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"field {name!r} holds a lone surrogate (\\u{ord(value[exc.start]):04x} at character {exc.start}): not valid Unicode"
        ) from None


def _control_chars(value: str) -> bool:
    return any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value)


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def validate_record(rec: dict[str, Any]) -> dict[str, Any]:
    """Check the types of a record's fields; raise InputError naming the first wrong one.

    Returns the record with ``id`` as a string and control characters taken out
    of ``title`` and ``source`` (they are labels, not evidence).
    """
    out = dict(rec)
    for name in STRING_FIELDS:
        value = rec.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"field {name!r} must be a string, not {_type_name(value)}")
        check_string(name, value)
    rid = rec.get("id")
    if rid is not None:
        if isinstance(rid, bool) or not isinstance(rid, (str, int)):
            raise InputError(f"field 'id' must be a string or an integer, not {_type_name(rid)}")
        rid = str(rid)
        check_string("id", rid)
        if not rid.strip():
            raise InputError("field 'id' is blank")
        if _control_chars(rid):
            raise InputError("field 'id' holds control characters (line breaks, tabs or others)")
        out["id"] = rid.strip()
    published = rec.get("published")
    if isinstance(published, (list, dict)):
        raise InputError(f"field 'published' must be a date string, not {_type_name(published)}")
    if isinstance(published, str):
        check_string("published", published)
    for name in ("title", "source"):
        if isinstance(out.get(name), str) and _control_chars(out[name]):
            out[name] = " ".join("".join(" " if _control_chars(ch) else ch for ch in out[name]).split())
    extra = {k: v for k, v in rec.items() if k not in RECORD_FIELDS}
    if extra:
        try:
            json.dumps(extra, ensure_ascii=False, default=str).encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("a metadata field holds a lone surrogate: not valid Unicode") from None
        except (RecursionError, ValueError, TypeError) as exc:
            raise InputError(f"metadata fields cannot be stored: {type(exc).__name__}") from None
    return out


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
    from dateutil import parser as dateutil_parser  # only for dates not in ISO form (~0.05 s to import)

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
        shown = display_path(path)
        try:
            # Split on line feeds only: JSON strings may hold U+2028 and U+0085 raw.
            lines = path.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as exc:
            return [Problem(shown, f"cannot read metadata file: {exc}")]
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict):
                    raise ValueError("not a JSON object")
                for key in ("path", "id"):
                    if rec.get(key) is not None and (isinstance(rec[key], bool) or not isinstance(rec[key], (str, int))):
                        raise ValueError(f"{key!r} must be a string")
                target = (path.parent / str(rec["path"])).resolve() if rec.get("path") else None
            except (ValueError, RecursionError, OSError) as exc:
                reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
                problems.append(Problem(f"{shown}:{n}", f"bad metadata line: {reason}"))
                continue
            if target is not None:
                self.by_path[target] = rec
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
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(rec, dict) and "path" in rec and "text" not in rec and "html" not in rec


def supported_extensions() -> str:
    """The extensions read, grouped by kind, for help texts: ".txt, .text (plain text); ..."."""
    kinds: dict[str, list[str]] = {}
    for ext, kind in FORMATS.items():
        kinds.setdefault(kind, []).append(ext)
    return "; ".join(f"{', '.join(exts)} ({FORMAT_NAMES[kind]})" for kind, exts in kinds.items())


def unsupported_reason(path: Path) -> str | None:
    """Why a file is not read (None: it is), with how to convert it when we know.

    The same answer whether the file was named or found in a folder: a file
    named on the command line is not read as text just because it was named.
    """
    suffix = path.suffix.lower()
    if suffix in FORMATS or not suffix:
        return None
    if suffix in PAGE_ASSETS:
        return f"{suffix} files are not read (images, styles, scripts and media are not articles)"
    hint = CONVERT_HINTS.get(suffix, "rename it to .txt if it is a plain-text article")
    return f"{suffix} files are not read; {hint.replace('FILE', display_path(path.with_suffix('')))}"


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path], list[Problem]]:
    """Expand paths into input files, manifest files found beside them, and problems."""
    files: list[Path] = []
    manifests: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{display_path(path)}: no such file or folder")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        assets: dict[Path, list[Path]] = {}
        for p in found:
            reason = unsupported_reason(p)
            if reason and path.is_dir() and p.suffix.lower() in PAGE_ASSETS:
                assets.setdefault(p.parent, []).append(p)
            elif reason:
                problems.append(Problem(display_path(p), reason, "unsupported"))
            else:
                (manifests if _looks_like_manifest(p) else files).append(p)
        for folder, items in assets.items():
            kinds = ", ".join(sorted({p.suffix.lower() for p in items}))
            problems.append(
                Problem(
                    display_path(folder),
                    f"{len(items)} page asset{'s' if len(items) > 1 else ''} not read ({kinds}: images, styles, scripts and media are not articles)",
                    "unsupported",
                )
            )
    return files, manifests, problems


def _document_from_record(
    rec: dict[str, Any], default_id: str, origin: str, meta: dict[str, Any], notes: list[str]
) -> Document:
    merged = validate_record({**meta, **{k: v for k, v in rec.items() if v is not None and not (isinstance(v, str) and v == "")}})
    if merged.get("html"):
        return _html_document(merged["html"], merged, default_id, origin, notes)
    text = merged.get("text")
    if not text or not text.strip():
        raise InputError("record has neither 'text' nor 'html'")
    if control_share(text) > MAX_CONTROL_SHARE:
        raise InputError("field 'text' holds too many control characters")
    text, repaired = repair_mojibake(text)
    if repaired:
        notes.append("mojibake repaired (UTF-8 text that had been decoded with the wrong encoding)")
    return _make_document(text, "json", merged, default_id, origin, notes)


def _html_document(html: str, meta: dict[str, Any], default_id: str, origin: str, notes: list[str]) -> Document:
    """Main text and metadata of a page; metadata given by the user wins over the page's."""
    page = extract_html(html, url=meta.get("url"))
    found = {"title": page.title, "published": page.published, "source": page.source, "url": page.url, "language": page.language}
    merged = {**{k: v for k, v in found.items() if isinstance(v, str) and v}, **{k: v for k, v in meta.items() if v not in (None, "")}}
    merged = validate_record(merged)
    return _make_document(page.text, "html", merged, default_id, origin, notes)


def _make_document(
    text: str, fmt: str, meta: dict[str, Any], default_id: str, origin: str, notes: list[str]
) -> Document:
    check_string("text", text)
    published = None
    try:
        published = parse_date(meta.get("published"))
    except InputError as exc:
        notes.append(f"{exc}; left empty")
    doc_id = str(meta.get("id") or default_id).strip()
    if not doc_id:
        raise InputError("the document has no usable id (give one in its metadata)")
    language = normalise_language(meta.get("language"))
    extra = {k: v for k, v in meta.items() if k not in RECORD_FIELDS and k not in {"path", "published_is_estimate"}}
    return Document(
        id=doc_id,
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


def _read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, refusing more than ``max_bytes`` while reading
    (the size in ``stat`` is 0 for devices, and a FIFO would block forever)."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise _coded(InputError("not a regular file (a device, FIFO or socket)"), "unreadable")
    if st.st_size > max_bytes:
        raise _too_large(st.st_size, max_bytes)
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _too_large(size: int, max_bytes: int) -> InputError:
    return _coded(InputError(f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit; raise it with --max-bytes)"), "too_large")


def _coded(err: InputError, code: str) -> InputError:
    err.code = code
    return err


def read_file(path: Path, manifest: Manifest, max_bytes: int) -> Iterator[Document | Problem]:
    """Yield the documents of one file, or Problems naming what is wrong with it."""
    origin = display_path(path)
    stem = display_path(path.stem)
    notes: list[str] = []
    if stem != path.stem:
        notes.append("the file name is not valid UTF-8; its bad bytes are U+FFFD in the id")
    try:
        data = _read_limited(path, max_bytes)
    except InputError as exc:
        yield Problem(origin, str(exc), exc.code)
        return
    except OSError as exc:
        yield Problem(origin, f"cannot read: {exc.strerror or exc}", "unreadable")
        return
    fmt = FORMATS.get(path.suffix.lower(), NO_EXTENSION)
    try:
        meta = validate_record(manifest.for_file(path))
        if fmt == "jsonl":
            yield from _read_jsonl(data, stem, origin, notes)
            return
        # JSON records are checked and repaired one by one, not as a whole file.
        per_record = fmt == "json"
        decoded = decode_bytes(data, repair=not per_record, check_controls=not per_record)
    except InputError as exc:
        yield Problem(origin, str(exc), exc.code)
        return
    notes += decoded.notes
    try:
        if fmt == "text":
            yield _make_document(decoded.text, "text", meta, stem, origin, list(notes))
        elif fmt == "html":
            yield _html_document(decoded.text, meta, stem, origin, list(notes))
        elif fmt == "feed":
            if not looks_like_feed(decoded.text):
                yield Problem(origin, "not an RSS or Atom feed", "unsupported")
                return
            for rec in read_feed(decoded.text, stem, origin):
                doc_origin = rec.pop("_origin")
                if not rec["text"].strip():
                    yield Problem(doc_origin, "feed entry has no text", "empty")
                    continue
                given = {k: v for k, v in rec.items() if v is not None}
                try:
                    yield _make_document(rec["text"], "feed", validate_record({**meta, **given}), rec["id"], doc_origin, list(notes))
                except InputError as exc:
                    yield Problem(doc_origin, str(exc), exc.code)
        else:  # json
            try:
                payload = json.loads(decoded.text)
            except ValueError as exc:
                yield Problem(origin, f"invalid JSON: {exc}", "bad_json")
                return
            except RecursionError:
                yield Problem(origin, "invalid JSON: nested too deeply", "bad_json")
                return
            records = payload if isinstance(payload, list) else [payload]
            if not records:
                yield Problem(origin, "no records (an empty JSON list)", "empty")
            for n, rec in enumerate(records, 1):
                yield from _record(rec, f"{stem}-{n}" if len(records) > 1 else stem, f"{origin}#{n}", meta, notes)
    except InputError as exc:
        yield Problem(origin, str(exc), exc.code)


def _read_jsonl(data: bytes, stem: str, origin: str, notes: list[str]) -> Iterator[Document | Problem]:
    """One record a line, each decoded, checked and refused on its own.

    Lines end at line feeds only: JSON strings may hold U+2028, U+2029 and
    U+0085 raw (``json.dumps(..., ensure_ascii=False)`` writes them so).
    """
    seen = 0
    for n, line, line_notes in decode_lines(data):
        if not line.strip():
            continue
        seen += 1
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield Problem(f"{origin}:{n}", f"invalid JSON line: {exc}", "bad_json")
            continue
        except RecursionError:
            yield Problem(f"{origin}:{n}", "invalid JSON line: nested too deeply", "bad_json")
            continue
        yield from _record(rec, f"{stem}-{n}", f"{origin}:{n}", {}, notes + line_notes)
    if not seen:
        yield Problem(origin, "empty file", "empty")


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
            raise UsageError(f"{display_path(m)}: metadata file not found")
        if m.resolve() not in manifest.files:
            problems.extend(manifest.load(m))
    files = [f for f in files if f.resolve() not in manifest.files]
    return files, manifest, problems


def iter_documents(files: Iterable[Path], manifest: Manifest, max_bytes: int) -> Iterator[Document | Problem]:
    for f in files:
        yield from read_file(f, manifest, max_bytes)


__all__ = ["CONVERT_HINTS", "FORMATS", "Manifest", "collect_files", "content_hash", "iter_documents", "read_file", "read_inputs"]

