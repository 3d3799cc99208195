"""What the SQLite and PostgreSQL stores share: the SQL of every read and
write, transactions that nest, and one writer at a time.

Statements are written with ``?`` placeholders; a dialect translates them.
The dialects differ only in how they connect, take the writer's lock, index
text for search, and which errors mean "busy, try again".
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import random
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from typing import Any, Self, TypeVar

import numpy as np

from ..errors import StoreError
from ..records import (
    Document,
    Event,
    Figure,
    Mention,
    Problem,
    Profile,
    Quote,
    Segment,
    Sentence,
    TimeExpr,
    UnitProfile,
    split_id,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

# Extraction fields of a Document and their record types.
EXTRACTED = {"mentions": Mention, "times": TimeExpr, "quotes": Quote, "figures": Figure, "events": Event}
DOC_COLUMNS = (
    "id", "content_hash", "text", "source", "url", "title", "published", "published_is_estimate", "language",
    "language_given", "origin", "format", "near_duplicate_of", "notes", "meta", "anatomy_version", "ingested_at",
)  # fmt: skip
# A write that finds the database busy is retried for this long in all, with
# exponential backoff from RETRY_FIRST_S up to RETRY_MAX_S between tries (and
# jitter, so waiting writers do not wake together). Writes are short (a few
# ms: analysis happens outside them), so even many writers get their turn
# well inside this; it only runs out when something holds the lock for
# minutes.
RETRY_TOTAL_S = 300.0
RETRY_FIRST_S = 0.05
RETRY_MAX_S = 2.0


# Each migration is written once, in SQLite's SQL, under migrations/; a
# dialect reads it through its TRANSLATIONS (the only differences of the
# shared files: type names), and a line "-- <dialect>: <sql>" is a line of
# that dialect alone (a comment to the others). A file under
# migrations/<dialect>/ replaces the shared one of its number for that
# dialect (full-text search, which differs whole). Names and numbers are
# those recorded in schema_migrations, so existing stores open unchanged.
TRANSLATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "postgres": (
        (r"\bBLOB\b", "BYTEA"),
        # SQLite's INTEGER PRIMARY KEY is the auto-numbered rowid.
        (r"\bINTEGER PRIMARY KEY\b", "BIGSERIAL PRIMARY KEY"),
    ),
}


def translate(sql: str, dialect: str) -> str:
    """A shared migration as ``dialect`` reads it (see :data:`TRANSLATIONS`)."""
    for pattern, replacement in TRANSLATIONS.get(dialect, ()):
        sql = re.sub(pattern, replacement, sql)
    own = f"-- {dialect}: "
    return "\n".join(line.replace(own, "", 1) if line.lstrip().startswith(own) else line for line in sql.splitlines())


def _migration_files(folder: str) -> dict[int, tuple[str, str]]:
    base = resources.files(__package__).joinpath("migrations")
    if folder:
        base = base.joinpath(folder)
    if not base.is_dir():
        return {}
    out = {}
    for entry in base.iterdir():
        m = re.match(r"(\d{4})_(\w+)\.sql$", entry.name)
        if m:
            out[int(m.group(1))] = (m.group(2), entry.read_text(encoding="utf-8"))
    return out


def migrations(dialect: str = "sqlite") -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration of ``dialect``, in order: the
    shared files as the dialect reads them, or its own file of that number."""
    shared = {v: (name, translate(sql, dialect)) for v, (name, sql) in _migration_files("").items()}
    return sorted((v, name, sql) for v, (name, sql) in (shared | _migration_files(dialect)).items())


def statements(sql: str) -> list[str]:
    """Split a migration file into statements (no semicolons inside our DDL strings)."""
    body = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def retrying(work: Callable[[], T], busy: Callable[[BaseException], bool], name: str) -> T:
    """``work()``, tried again with backoff while it fails because the database is busy."""
    deadline = time.monotonic() + RETRY_TOTAL_S
    pause = RETRY_FIRST_S
    tries = 0
    while True:
        tries += 1
        try:
            return work()
        except Exception as exc:
            if not busy(exc):
                raise
            if time.monotonic() + pause > deadline:
                log.warning("%s: still busy after %d tries in %.0f s; giving up", name, tries, RETRY_TOTAL_S)
                raise
            log.info("%s: busy (%s); try %d again in about %.2f s", name, exc, tries + 1, pause)
            time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, RETRY_MAX_S)



def search_filters(
    language: str | None, story: str | None, published_from: str | None, published_to: str | None
) -> tuple[str, list[Any]]:
    """The search filters both stores share: SQL to append, and its arguments."""
    filters = (
        (language, "d.language = ?"),
        (published_from, "d.published >= ?"),
        (published_to, "d.published <= ?"),
        (story, "d.id IN (SELECT document FROM story_units WHERE story = ?)"),
    )
    used = [(value, clause) for value, clause in filters if value]
    return "".join(f" AND {clause}" for _, clause in used), [value for value, _ in used]

@cache
def _field_names(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def extraction_payload(doc: Document) -> str:
    """The stored JSON of a document's extractions (its mentions, times,
    quotes, figures and events): a function of the analysis alone, so a
    worker process can encode it for the writer (issue 17)."""
    return json.dumps({key: [_fields_of(x) for x in getattr(doc, key)] for key in EXTRACTED}, ensure_ascii=False)


def _fields_of(record: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for the flat extraction records (no nested
    dataclasses; lists of strings at most), without its deep copy: the dict
    is encoded to JSON at once."""
    kind: Any = type(record)
    return {name: getattr(record, name) for name in _field_names(kind)}



# Stored story profiles kept decoded, by their JSON text (the most recent).
PROFILE_CACHE = 4096
_decoded: OrderedDict[str, dict[str, Any]] = OrderedDict()
_decoded_lock = threading.Lock()


def _profile_data(text: str) -> dict[str, Any]:
    """A stored story profile's JSON, decoded once while it is unchanged: a
    story is a candidate for many units in a row, and decoding its few
    hundred weights was a fifth of a placement. Shared, never changed:
    ``Profile.from_dict`` copies what it keeps."""
    with _decoded_lock:
        known = _decoded.get(text)
        if known is not None:
            _decoded.move_to_end(text)
            return known
    data: dict[str, Any] = json.loads(text)
    _remember_profile(text, data)
    return data


def _profile_json(profile: Profile) -> str:
    """A profile's stored JSON. What it decodes to is remembered at once: the
    story just written is the next unit's likeliest candidate, and decoding
    the text of a grown story again cost as much as writing it (a JSON text
    decodes to the dict it was written from: finite floats, string keys)."""
    data = profile.as_dict()
    text = json.dumps(data, ensure_ascii=False)
    # The live keys dict is copied: the cached dict is shared and never changes.
    _remember_profile(text, {**data, "keys": dict(data["keys"])})
    return text


def _remember_profile(text: str, data: dict[str, Any]) -> None:
    with _decoded_lock:  # stores of several threads (the web app) share it
        _decoded[text] = data
        _decoded.move_to_end(text)
        if len(_decoded) > PROFILE_CACHE:
            _decoded.popitem(last=False)


class SQLStore:
    """The store over a DB-API connection; subclasses give the dialect."""

    # The column that orders story_units by when they joined.
    JOIN_ORDER = "rowid"
    name: str
    schema_version: int

    def __init__(self) -> None:
        self._depth = 0  # transactions open: 0 none, 1 the outer one, more: savepoints

    # -- dialect ------------------------------------------------------------
    def _x(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """Execute one statement; return the cursor."""
        raise NotImplementedError

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        """Open the outer transaction holding the database's one writer lock."""
        raise NotImplementedError

    def _busy(self, exc: BaseException) -> bool:
        """Whether ``exc`` means another writer was in the way (worth retrying)."""
        return False

    def _index_text(self, doc: Document) -> None:
        """Index a new document's text for search."""
        raise NotImplementedError

    # -- search ------------------------------------------------------------
    # Each store gives the head of its full-text query (selecting document and
    # rank, lower is better, with one "?" for the query), the query in its own
    # syntax, the order of ties, and the errors a query it cannot parse raises.
    _search_head = ""
    _search_ties = ""

    def _search_query(self, match: str) -> str:
        return match

    def _search_errors(self) -> tuple[type[BaseException], ...]:
        return ()

    # -- schema -------------------------------------------------------------
    def _applied(self) -> set[int]:
        """Versions of the migrations applied so far (none before the first)."""
        raise NotImplementedError

    def _migrated(self, version: int) -> None:
        """After migration ``version`` is applied, in its transaction: what the dialect records besides."""

    def _check_not_newer(self, done: set[int], newest: int) -> None:
        if done and max(done) > newest:
            raise StoreError(f"{self.name} has schema version {max(done)}, newer than this Storyline ({newest})", hint="upgrade Storyline")

    def _apply_migrations(self, shipped: list[tuple[int, str, str]], newest: int) -> None:
        """Apply the ``shipped`` migrations not applied yet; run under the writer lock (``write``),
        so the applied ones are read again: another process may have migrated a fresh database since."""
        self._x("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        applied = self._applied()
        self._check_not_newer(applied, newest)
        for version, name, sql in shipped:
            if version in applied:
                continue
            for statement in statements(sql):
                self._x(statement)
            self._x("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now()))
            log.info("%s: schema migration %04d_%s applied", self.name, version, name)
            self._migrated(version)

    def search(
        self,
        match: str,
        *,
        language: str | None = None,
        story: str | None = None,
        published_from: str | None = None,
        published_to: str | None = None,
        limit: int = 50,
    ) -> list[tuple[str, float]]:
        """Documents matching an FTS5-style query (best first, with their rank:
        lower is better, as SQLite's bm25), within the filters."""
        where, values = search_filters(language, story, published_from, published_to)
        sql = f"{self._search_head}{where} ORDER BY rank{self._search_ties} LIMIT ?"
        try:
            return [(r[0], float(r[1])) for r in self._x(sql, [self._search_query(match), *values, limit]).fetchall()]
        except self._search_errors() as exc:
            raise StoreError(f"cannot search for {match!r}: {str(exc).strip()}", hint="use words, without quotes or operators") from exc

    def close(self) -> None:
        raise NotImplementedError

    # -- transactions --------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing for a group of writes. The outer transaction holds
        the writer lock (one writer per database); inner ones are savepoints."""
        if self._depth:
            name = f"sp{self._depth}"
            self._x(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                self._x(f"ROLLBACK TO SAVEPOINT {name}")
                self._x(f"RELEASE SAVEPOINT {name}")
                raise
            self._depth -= 1
            self._x(f"RELEASE SAVEPOINT {name}")
            return
        self._begin()
        self._depth = 1
        try:
            yield
            self._x("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                self._x("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def write(self, work: Callable[[], T]) -> T:
        """Run ``work`` in one transaction as the database's one writer; when
        another writer is in the way, roll back, wait and run it again (so
        ``work`` must only read and write the store, not change its inputs).
        Inside an open transaction it simply runs there."""
        if self._depth:
            return work()

        def attempt() -> T:
            with self.transaction():
                return work()

        return retrying(attempt, self._busy, self.name)

    # -- writes -------------------------------------------------------------
    def add(self, doc: Document, signature: np.ndarray, band_keys: list[str], payload: str | None = None) -> None:
        """Store a new document with its anatomy, all or nothing (``payload``: see :func:`extraction_payload`)."""
        with self.transaction():
            self._x(
                f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}) VALUES ({', '.join('?' * len(DOC_COLUMNS))})",
                (
                    doc.id,
                    doc.content_hash,
                    doc.text,
                    doc.source,
                    doc.url,
                    doc.title,
                    doc.published.isoformat() if doc.published else None,
                    int(doc.published_is_estimate),
                    doc.language,
                    int(doc.language_given),
                    doc.origin,
                    doc.format,
                    doc.near_duplicate_of,
                    json.dumps(doc.notes, ensure_ascii=False),
                    json.dumps(doc.meta, ensure_ascii=False, default=str),
                    doc.anatomy_version,
                    now(),
                ),
            )
            self._write_anatomy(doc, payload)
            self._index_text(doc)
            self._x("INSERT INTO signatures (document, minhash) VALUES (?, ?)", (doc.id, signature.astype(np.uint64).tobytes()))
            self._many(
                "INSERT INTO minhash_bands (band, document) VALUES (?, ?) ON CONFLICT DO NOTHING", [(k, doc.id) for k in band_keys]
            )

    def save_anatomy(self, doc: Document, payload: str | None = None) -> None:
        """Replace a stored document's segments, sentences and extraction (re-analysis)."""
        with self.transaction():
            self._x("DELETE FROM sentences WHERE document = ?", (doc.id,))
            self._x("DELETE FROM segments WHERE document = ?", (doc.id,))
            self._write_anatomy(doc, payload)
            # Notes too: the analysis adds its own (the quality gate's low_quality).
            self._x(
                "UPDATE documents SET language = ?, anatomy_version = ?, notes = ? WHERE id = ?",
                (doc.language, doc.anatomy_version, json.dumps(doc.notes, ensure_ascii=False), doc.id),
            )

    def _write_anatomy(self, doc: Document, payload: str | None = None) -> None:
        self._x("DELETE FROM extractions WHERE document = ?", (doc.id,))
        self._x(
            "INSERT INTO extractions (document, payload) VALUES (?, ?)",
            (doc.id, payload if payload is not None else extraction_payload(doc)),
        )
        self._many(
            "INSERT INTO segments (document, idx, kind, char_start, char_end, language, unit) VALUES (?,?,?,?,?,?,?)",
            [(doc.id, i, s.kind, s.start, s.end, s.language, s.unit) for i, s in enumerate(doc.segments)],
        )
        self._many(
            "INSERT INTO sentences (document, idx, char_start, char_end, segment) VALUES (?,?,?,?,?)",
            [(doc.id, i, s.start, s.end, s.segment) for i, s in enumerate(doc.sentences)],
        )

    def record_problem(self, problem: Problem) -> None:
        self.write(
            lambda: self._x(
                "INSERT INTO problems (origin, reason, code, at) VALUES (?,?,?,?)",
                (problem.origin, problem.reason, problem.code, now()),
            )
        )

    # -- stories ------------------------------------------------------------
    def story_candidates(self, keys: list[str], around: dt.date | None, days: int, limit: int) -> list[tuple[str, Profile]]:
        """Stories sharing keys with a new unit, most shared first, within ``days`` of ``around``."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        args: list[Any] = list(keys)
        if around:
            # Undated stories stay candidates; dated ones only inside the window.
            # story_keys carries its story's dates (migration 0005), so both
            # halves are range reads of the (key, last_date) index: the cost
            # follows the stories in the window, not the size of the archive.
            lo, hi = (around - dt.timedelta(days=days)).isoformat(), (around + dt.timedelta(days=days)).isoformat()
            hits = (
                f"SELECT story FROM story_keys WHERE key IN ({marks}) AND last_date IS NULL"
                f" UNION ALL SELECT story FROM story_keys WHERE key IN ({marks}) AND last_date >= ? AND first_date <= ?"
            )
            args += [*keys, lo, hi]
        else:
            hits = f"SELECT story FROM story_keys WHERE key IN ({marks})"
        # Ties broken by id: the same store gives the same candidates in every dialect.
        sql = f"SELECT h.story, COUNT(*) AS n FROM ({hits}) h GROUP BY h.story ORDER BY n DESC, h.story LIMIT ?"
        rows = self._x(sql, [*args, limit]).fetchall()
        if not rows:
            return []
        profiles = dict(
            self._x(f"SELECT id, profile FROM stories WHERE id IN ({','.join('?' * len(rows))})", [r[0] for r in rows]).fetchall()
        )
        return [(r[0], Profile.from_dict(_profile_data(profiles[r[0]]))) for r in rows]

    def new_story(self, story_id: str, profile: Profile) -> None:
        self._x(
            "INSERT INTO stories (id, profile) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (story_id, _profile_json(profile)),
        )

    def _save_profile(self, story_id: str, profile: Profile) -> tuple[str | None, str | None]:
        """Write a story's profile and its first and last dates; return the dates (ISO)."""
        first = profile.first.isoformat() if profile.first else None
        last = profile.last.isoformat() if profile.last else None
        self._x(
            "UPDATE stories SET profile = ?, first_date = ?, last_date = ? WHERE id = ?",
            (_profile_json(profile), first, last, story_id),
        )
        return first, last

    def join_story(self, story_id: str, unit: UnitProfile) -> None:
        with self.transaction():
            row = self._x("SELECT profile, first_date, last_date FROM stories WHERE id = ?", (story_id,)).fetchone()
            # Decoded already when the story was a candidate (the same text).
            profile = Profile.from_dict(_profile_data(row[0]))
            profile.add(unit.profile)
            first, last = self._save_profile(story_id, profile)
            if (first, last) != (row[1], row[2]):
                # The key index carries the story's dates (story_candidates).
                self._x("UPDATE story_keys SET first_date = ?, last_date = ? WHERE story = ?", (first, last, story_id))
            # A unit is in one story: a placement left over is replaced (and joins last).
            self._x("DELETE FROM story_units WHERE document = ? AND unit = ?", (unit.document, unit.unit))
            self._x(
                "INSERT INTO story_units (document, unit, story, profile) VALUES (?, ?, ?, ?)",
                (unit.document, unit.unit, story_id, json.dumps(unit.profile.as_dict(), ensure_ascii=False)),
            )
            self._many(
                "INSERT INTO story_keys (key, story, first_date, last_date) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(k, story_id, first, last) for k in unit.profile.index_keys()],
            )

    def term_counts(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        """Units counted so far, and how many of them had each of ``terms`` (migration 0006)."""
        found: dict[str, int] = {}
        for i in range(0, len(terms), 500):
            chunk = terms[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._x(f"SELECT term, units FROM story_terms WHERE term IN ({marks})", chunk).fetchall())
        row = self._x("SELECT units FROM story_terms WHERE term = ''").fetchone()
        return (row[0] if row else 0), found

    def count_terms(self, terms: list[str]) -> None:
        """Count one more unit with these terms (the empty term counts units)."""
        self._many(
            "INSERT INTO story_terms (term, units) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET units = story_terms.units + 1",
            [(t,) for t in ["", *sorted(set(terms) - {""})]],
        )

    def merge_stories(self, source: str, target: str) -> None:
        """Move every unit of story ``source`` into ``target``; the old id
        redirects to ``target`` (``resolve_story``), as do ids merged into it before."""
        with self.transaction():
            rows = dict(self._x("SELECT id, profile FROM stories WHERE id IN (?, ?)", (source, target)).fetchall())
            profile = Profile.from_dict(json.loads(rows[target]))
            profile.add(Profile.from_dict(json.loads(rows[source])))
            first, last = self._save_profile(target, profile)
            self._x("UPDATE story_units SET story = ? WHERE story = ?", (target, source))
            self._x(
                "INSERT INTO story_keys (key, story, first_date, last_date) SELECT key, ?, ?, ? FROM story_keys WHERE story = ?"
                " ON CONFLICT DO NOTHING",
                (target, first, last, source),
            )
            self._x("DELETE FROM story_keys WHERE story = ?", (source,))
            self._x("UPDATE story_keys SET first_date = ?, last_date = ? WHERE story = ?", (first, last, target))
            self._x("UPDATE story_merges SET new = ? WHERE new = ?", (target, source))
            self._x("INSERT INTO story_merges (old, new, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (source, target, now()))
            self._x("DELETE FROM stories WHERE id = ?", (source,))

    def story_unit_profiles(self, story_id: str) -> list[UnitProfile]:
        """A story's units with the profiles they joined with, in the order they joined."""
        rows = self._x(f"SELECT document, unit, profile FROM story_units WHERE story = ? ORDER BY {self.JOIN_ORDER}", (story_id,))
        return [UnitProfile(d, u, Profile.from_dict(json.loads(p))) for d, u, p in rows.fetchall()]

    def split_story(self, source: str, units: list[tuple[str, int]], new_id: str) -> str:
        """Move ``units`` of story ``source`` into a new story (``new_id``, or
        with a suffix when a live story has that id; an id merged away before
        names these units again and stops redirecting); both stories' profiles
        and keys are made again from their units; story_splits records it
        (migration 0007). Return the new story's id."""
        with self.transaction():
            base, n = new_id, 0
            while self._x("SELECT 1 FROM stories WHERE id = ?", (new_id,)).fetchone():
                new_id, n = split_id(base, n), n + 1
            moving = set(units)
            members = self.story_unit_profiles(source)
            self._x("DELETE FROM story_keys WHERE story = ?", (source,))
            self._x("DELETE FROM story_merges WHERE old = ?", (new_id,))
            self._x("INSERT INTO stories (id, profile) VALUES (?, ?)", (new_id, "{}"))
            for story_id, part in ((source, [m for m in members if (m.document, m.unit) not in moving]), (new_id, [m for m in members if (m.document, m.unit) in moving])):
                profile = Profile()
                for m in part:
                    profile.add(m.profile)
                first, last = self._save_profile(story_id, profile)
                self._many(
                    "UPDATE story_units SET story = ? WHERE document = ? AND unit = ?", [(story_id, m.document, m.unit) for m in part]
                )
                keys = dict.fromkeys(k for m in part for k in m.profile.index_keys())
                self._many(
                    "INSERT INTO story_keys (key, story, first_date, last_date) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [(k, story_id, first, last) for k in keys],
                )
            moved = [[m.document, m.unit] for m in members if (m.document, m.unit) in moving]
            self._x(
                "INSERT INTO story_splits (story, source, units, at) VALUES (?, ?, ?, ?)",
                (new_id, source, json.dumps(moved, ensure_ascii=False), now()),
            )
        return new_id

    def story_splits(self) -> list[dict[str, Any]]:
        """Every split, oldest first: the new story, the story it came from, the units moved, when."""
        rows = self._x("SELECT story, source, units, at FROM story_splits ORDER BY at, story").fetchall()
        return [{"story": r[0], "source": r[1], "units": [tuple(x) for x in json.loads(r[2])], "at": r[3]} for r in rows]

    def resolve_story(self, story_id: str) -> str:
        """The id a story has now: itself, or the story it was merged into."""
        row = self._x("SELECT new FROM story_merges WHERE old = ?", (story_id,)).fetchone()
        return row[0] if row else story_id

    def leave_stories(self, doc_id: str) -> None:
        """Take a document's units out of their stories (before it is re-analysed)."""
        with self.transaction():
            for story_id, unit_profile in self._x("SELECT story, profile FROM story_units WHERE document = ?", (doc_id,)).fetchall():
                row = self._x("SELECT profile FROM stories WHERE id = ?", (story_id,)).fetchone()
                profile = Profile.from_dict(json.loads(row[0]))
                profile.add(Profile.from_dict(json.loads(unit_profile)), sign=-1)
                self._x("UPDATE stories SET profile = ? WHERE id = ?", (json.dumps(profile.as_dict(), ensure_ascii=False), story_id))
            self._x("DELETE FROM story_units WHERE document = ?", (doc_id,))

    def orphan_units(self, doc_ids: Iterable[str] | None = None) -> dict[str, list[int]]:
        """Article units with reporting (a headline or body segment) that are in
        no story: left by a crash between storing and placing in older
        versions, or stored before stories existed. {document: [unit, ...]}."""
        sql = (
            "SELECT DISTINCT s.document, s.unit FROM segments s WHERE s.kind IN ('headline', 'body')"
            " AND NOT EXISTS (SELECT 1 FROM story_units u WHERE u.document = s.document AND u.unit = s.unit)"
        )
        args: list[Any] = []
        if doc_ids is not None:
            wanted = list(doc_ids)
            if not wanted:
                return {}
            sql += f" AND s.document IN ({','.join('?' * len(wanted))})"
            args = wanted
        out: dict[str, list[int]] = {}
        for doc, unit in self._x(sql + " ORDER BY s.document, s.unit", args).fetchall():
            out.setdefault(doc, []).append(unit)
        return out

    def story_units(self, doc_ids: Iterable[str] | None = None) -> dict[str, list[tuple[str, int]]]:
        """Stories with their (document, unit) members, in the order units joined."""
        rows = self._x(f"SELECT story, document, unit FROM story_units ORDER BY {self.JOIN_ORDER}").fetchall()
        wanted = set(doc_ids) if doc_ids is not None else None
        out: dict[str, list[tuple[str, int]]] = {}
        for story, doc, unit in rows:
            if wanted is None or doc in wanted:
                out.setdefault(story, []).append((doc, unit))
        return out

    def story_units_of(self, story_id: str) -> list[tuple[str, int]]:
        """One story's (document, unit) members, in the order they joined (an
        id merged into another story gives that story's)."""
        story_id = self.resolve_story(story_id)
        rows = self._x(f"SELECT document, unit FROM story_units WHERE story = ? ORDER BY {self.JOIN_ORDER}", (story_id,))
        return [(r[0], r[1]) for r in rows.fetchall()]

    def stories_overview(self) -> list[dict[str, Any]]:
        """Every story with its documents and the newest publication or ingest date, newest first."""
        rows = self._x(
            "SELECT u.story, u.document, d.language, COALESCE(d.published, substr(d.ingested_at, 1, 10)) AS day"
            f" FROM story_units u JOIN documents d ON d.id = u.document ORDER BY u.{self.JOIN_ORDER}"
        ).fetchall()
        out: dict[str, dict[str, Any]] = {}
        for story, doc, language, day in rows:
            o = out.setdefault(story, {"id": story, "documents": [], "languages": set(), "last": ""})
            if doc not in o["documents"]:
                o["documents"].append(doc)
            if language:
                o["languages"].add(language)
            o["last"] = max(o["last"], day or "")
        for o in out.values():
            o["languages"] = sorted(o["languages"])
        return sorted(out.values(), key=lambda o: o["last"], reverse=True)

    # -- reads ----------------------------------------------------------------
    def find_hash(self, content_hash: str) -> str | None:
        """Id of the stored document with this content hash, if any."""
        row = self._x("SELECT id FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def anatomy_version(self, doc_id: str) -> str | None:
        """Which analysis pipeline analysed the stored document (None: unknown id)."""
        row = self._x("SELECT anatomy_version FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def analysis_versions(self) -> dict[str, int]:
        """How many stored documents each analysis version produced ("" for none recorded)."""
        rows = self._x("SELECT coalesce(anatomy_version, ''), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
        return {version: count for version, count in rows}

    def outdated(self, version: str) -> list[str]:
        """Ids of the stored documents analysed by another version than ``version``, in id order."""
        rows = self._x(
            "SELECT id FROM documents WHERE anatomy_version IS NULL OR anatomy_version <> ? ORDER BY id", (version,)
        ).fetchall()
        return [r[0] for r in rows]

    def id_taken(self, doc_id: str) -> bool:
        return self._x("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def document_ids(self, offset: int = 0, limit: int = 100) -> list[str]:
        return [r[0] for r in self._x("SELECT id FROM documents ORDER BY id LIMIT ? OFFSET ?", (limit, offset)).fetchall()]

    def near_duplicates(self, band_keys: list[str]) -> list[tuple[str, np.ndarray]]:
        """Stored documents sharing a band with these keys, with their signatures."""
        if not band_keys:
            return []
        marks = ",".join("?" * len(band_keys))
        rows = self._x(
            f"SELECT DISTINCT s.document, s.minhash FROM minhash_bands b JOIN signatures s ON s.document = b.document"
            f" WHERE b.band IN ({marks}) ORDER BY s.document",
            band_keys,
        ).fetchall()
        return [(r[0], np.frombuffer(bytes(r[1]), dtype=np.uint64)) for r in rows]

    def get(self, doc_id: str) -> Document | None:
        return next(self.documents([doc_id]), None)

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        select = f"SELECT {', '.join(DOC_COLUMNS)} FROM documents"
        if ids is None:
            rows = self._x(select + " ORDER BY id").fetchall()
        else:
            wanted = list(dict.fromkeys(ids))
            rows = []
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                rows += self._x(f"{select} WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            order = {d: n for n, d in enumerate(wanted)}
            rows.sort(key=lambda r: order[r[0]])
        for row in rows:
            yield self._document(dict(zip(DOC_COLUMNS, row)))

    def _document(self, row: dict[str, Any]) -> Document:
        doc = Document(
            id=row["id"],
            text=row["text"],
            source=row["source"],
            url=row["url"],
            title=row["title"],
            published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
            published_is_estimate=bool(row["published_is_estimate"]),
            language=row["language"],
            language_given=bool(row["language_given"]),
            origin=row["origin"],
            format=row["format"],
            content_hash=row["content_hash"],
            near_duplicate_of=row["near_duplicate_of"],
            notes=json.loads(row["notes"]),
            meta=json.loads(row["meta"]),
            anatomy_version=row["anatomy_version"],
        )
        doc.segments = [
            Segment(kind, start, end, language, unit)
            for kind, start, end, language, unit in self._x(
                "SELECT kind, char_start, char_end, language, unit FROM segments WHERE document = ? ORDER BY idx", (doc.id,)
            ).fetchall()
        ]
        doc.sentences = [
            Sentence(start, end, segment)
            for start, end, segment in self._x(
                "SELECT char_start, char_end, segment FROM sentences WHERE document = ? ORDER BY idx", (doc.id,)
            ).fetchall()
        ]
        found = self._x("SELECT payload FROM extractions WHERE document = ?", (doc.id,)).fetchone()
        if found:
            payload = json.loads(found[0])
            for key, cls in EXTRACTED.items():
                setattr(doc, key, [cls(**x) for x in payload.get(key, [])])
        return doc

    def _count(self, sql: str, args: Sequence[Any] = ()) -> int:
        """The one number a ``SELECT count(*)`` returns."""
        return int(self._x(sql, args).fetchone()[0])

    def stats(self) -> dict[str, Any]:
        return {
            "db": self.name,
            "schema_version": self.schema_version,
            "documents": self._count("SELECT count(*) FROM documents"),
            "near_duplicates": self._count("SELECT count(*) FROM documents WHERE near_duplicate_of IS NOT NULL"),
            "segments": self._count("SELECT count(*) FROM segments"),
            "sentences": self._count("SELECT count(*) FROM sentences"),
            "problems": self._count("SELECT count(*) FROM problems"),
            "low_quality": self._count("SELECT count(*) FROM documents WHERE notes LIKE ?", ('%"low_quality: %',)),
            "languages": dict(
                self._x("SELECT coalesce(language, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
            ),
            "segment_kinds": dict(self._x("SELECT kind, count(*) FROM segments GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()),
        }

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
