"""SQLite store: one file, schema versioned by numbered migrations.

One connection writes (this process); WAL mode lets readers (``storyline
serve``, another shell) read while a batch is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import StoreError
from ..records import Document, Event, Figure, Mention, Problem, Quote, Segment, Sentence, TimeExpr

# Extraction fields of a Document and their record types.
EXTRACTED = {"mentions": Mention, "times": TimeExpr, "quotes": Quote, "figures": Figure, "events": Event}


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped, in order."""
    out = []
    for entry in resources.files(__package__).joinpath("migrations").iterdir():
        m = re.match(r"(\d{4})_(\w+)\.sql$", entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(out)


def search_text(text: str) -> str:
    """The indexed copy of a text: đ folded (FTS5's unicode61 does not), same length."""
    return text.replace("đ", "d").replace("Đ", "D")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class SQLiteStore:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})", hint="pass another --db file") from exc
        self.conn.row_factory = sqlite3.Row
        self.schema_version = self._migrate()

    # -- schema -----------------------------------------------------------
    def _migrate(self) -> int:
        c = self.conn
        try:
            c.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})", hint="pass another --db file") from exc
        done = {row[0] for row in c.execute("SELECT version FROM schema_migrations")}
        shipped = migrations()
        newest = shipped[-1][0] if shipped else 0
        if done and max(done) > newest:
            raise StoreError(
                f"{self.path} has schema version {max(done)}, newer than this Storyline ({newest})",
                hint="upgrade Storyline",
            )
        for version, name, sql in shipped:
            if version in done:
                continue
            c.execute("BEGIN")
            try:
                for statement in _statements(sql):
                    c.execute(statement)
                c.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, _now()))
                c.execute(f"PRAGMA user_version = {version}")
                c.execute("COMMIT")
            except sqlite3.Error:
                c.execute("ROLLBACK")
                raise
        return newest

    # -- writes -----------------------------------------------------------
    def add(self, doc: Document, signature: np.ndarray, band_keys: list[str]) -> None:
        c = self.conn
        c.execute("BEGIN")
        try:
            c.execute(
                "INSERT INTO documents (id, content_hash, text, source, url, title, published, published_is_estimate,"
                " language, language_given, origin, format, near_duplicate_of, notes, meta, anatomy_version, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                    _now(),
                ),
            )
            self._write_anatomy(doc)
            c.execute("INSERT INTO documents_fts (document, body) VALUES (?, ?)", (doc.id, search_text(doc.text)))
            c.execute("INSERT INTO signatures VALUES (?, ?)", (doc.id, signature.astype(np.uint64).tobytes()))
            c.executemany("INSERT OR IGNORE INTO minhash_bands VALUES (?, ?)", [(k, doc.id) for k in band_keys])
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def save_anatomy(self, doc: Document) -> None:
        c = self.conn
        c.execute("BEGIN")
        try:
            c.execute("DELETE FROM sentences WHERE document = ?", (doc.id,))
            c.execute("DELETE FROM segments WHERE document = ?", (doc.id,))
            self._write_anatomy(doc)
            c.execute(
                "UPDATE documents SET language = ?, anatomy_version = ? WHERE id = ?",
                (doc.language, doc.anatomy_version, doc.id),
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _write_anatomy(self, doc: Document) -> None:
        payload = {key: [dataclasses.asdict(x) for x in getattr(doc, key)] for key in EXTRACTED}
        self.conn.execute("DELETE FROM extractions WHERE document = ?", (doc.id,))
        self.conn.execute("INSERT INTO extractions VALUES (?, ?)", (doc.id, json.dumps(payload, ensure_ascii=False)))
        self.conn.executemany(
            "INSERT INTO segments VALUES (?,?,?,?,?,?,?)",
            [(doc.id, i, s.kind, s.start, s.end, s.language, s.unit) for i, s in enumerate(doc.segments)],
        )
        self.conn.executemany(
            "INSERT INTO sentences VALUES (?,?,?,?,?)",
            [(doc.id, i, s.start, s.end, s.segment) for i, s in enumerate(doc.sentences)],
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing for a group of writes."""
        self.conn.execute("BEGIN")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # -- stories ------------------------------------------------------------
    def story_candidates(self, keys: list[str], around: dt.date | None, days: int, limit: int) -> list[tuple[str, Any]]:
        """Stories sharing keys with a new unit, most shared first, within ``days`` of ``around``."""
        from ..link.stories import Profile

        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        sql = f"SELECT k.story, COUNT(*) AS n FROM story_keys k JOIN stories s ON s.id = k.story WHERE k.key IN ({marks})"
        args: list[Any] = list(keys)
        if around:
            # Undated stories stay candidates; dated ones only inside the window.
            sql += " AND (s.last_date IS NULL OR (s.last_date >= ? AND s.first_date <= ?))"
            args += [(around - dt.timedelta(days=days)).isoformat(), (around + dt.timedelta(days=days)).isoformat()]
        sql += " GROUP BY k.story ORDER BY n DESC LIMIT ?"
        rows = self.conn.execute(sql, [*args, limit]).fetchall()
        if not rows:
            return []
        profiles = dict(
            self.conn.execute(f"SELECT id, profile FROM stories WHERE id IN ({','.join('?' * len(rows))})", [r[0] for r in rows])
        )
        return [(r[0], Profile.from_dict(json.loads(profiles[r[0]]))) for r in rows]

    def new_story(self, story_id: str, profile: Any) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO stories (id, profile) VALUES (?, ?)", (story_id, json.dumps(profile.as_dict(), ensure_ascii=False))
        )

    def join_story(self, story_id: str, unit: Any) -> None:
        from ..link.stories import Profile

        c = self.conn
        row = c.execute("SELECT profile FROM stories WHERE id = ?", (story_id,)).fetchone()
        profile = Profile.from_dict(json.loads(row[0]))
        profile.add(unit.profile)
        c.execute(
            "UPDATE stories SET profile = ?, first_date = ?, last_date = ? WHERE id = ?",
            (
                json.dumps(profile.as_dict(), ensure_ascii=False),
                profile.first.isoformat() if profile.first else None,
                profile.last.isoformat() if profile.last else None,
                story_id,
            ),
        )
        c.execute(
            "INSERT OR REPLACE INTO story_units VALUES (?, ?, ?, ?)",
            (unit.document, unit.unit, story_id, json.dumps(unit.profile.as_dict(), ensure_ascii=False)),
        )
        c.executemany("INSERT OR IGNORE INTO story_keys VALUES (?, ?)", [(k, story_id) for k in unit.profile.keys])

    def leave_stories(self, doc_id: str) -> None:
        """Take a document's units out of their stories (before it is re-analysed)."""
        from ..link.stories import Profile

        c = self.conn
        for story_id, unit_profile in c.execute("SELECT story, profile FROM story_units WHERE document = ?", (doc_id,)).fetchall():
            row = c.execute("SELECT profile FROM stories WHERE id = ?", (story_id,)).fetchone()
            profile = Profile.from_dict(json.loads(row[0]))
            profile.add(Profile.from_dict(json.loads(unit_profile)), sign=-1)
            c.execute("UPDATE stories SET profile = ? WHERE id = ?", (json.dumps(profile.as_dict(), ensure_ascii=False), story_id))
        c.execute("DELETE FROM story_units WHERE document = ?", (doc_id,))

    def story_units(self, doc_ids: Iterable[str] | None = None) -> dict[str, list[tuple[str, int]]]:
        """Stories with their (document, unit) members, in the order units joined."""
        rows = self.conn.execute("SELECT story, document, unit FROM story_units ORDER BY rowid").fetchall()
        wanted = set(doc_ids) if doc_ids is not None else None
        out: dict[str, list[tuple[str, int]]] = {}
        for story, doc, unit in rows:
            if wanted is None or doc in wanted:
                out.setdefault(story, []).append((doc, unit))
        return out

    # -- search ------------------------------------------------------------
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
        """Documents matching an FTS5 query (best first, with their rank), within the filters."""
        sql = (
            "SELECT f.document, bm25(documents_fts) AS rank FROM documents_fts f JOIN documents d ON d.id = f.document"
            " WHERE documents_fts MATCH ?"
        )
        args: list[Any] = [match]
        filters = (
            (language, "d.language = ?"),
            (published_from, "d.published >= ?"),
            (published_to, "d.published <= ?"),
            (story, "d.id IN (SELECT document FROM story_units WHERE story = ?)"),
        )
        for value, clause in filters:
            if value:
                sql += f" AND {clause}"
                args.append(value)
        sql += " ORDER BY rank LIMIT ?"
        try:
            return [(r[0], r[1]) for r in self.conn.execute(sql, [*args, limit])]
        except sqlite3.OperationalError as exc:  # a query FTS5 cannot parse
            raise StoreError(f"cannot search for {match!r}: {exc}", hint="use words, without quotes or operators") from exc

    def story_units_of(self, story_id: str) -> list[tuple[str, int]]:
        """One story's (document, unit) members, in the order they joined."""
        return [(r[0], r[1]) for r in self.conn.execute("SELECT document, unit FROM story_units WHERE story = ? ORDER BY rowid", (story_id,))]

    def document_ids(self, offset: int = 0, limit: int = 100) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id LIMIT ? OFFSET ?", (limit, offset))]

    def stories_overview(self) -> list[dict[str, Any]]:
        """Every story with its documents and the newest publication or ingest date, newest first."""
        rows = self.conn.execute(
            "SELECT u.story, u.document, d.language, COALESCE(d.published, substr(d.ingested_at, 1, 10)) AS day"
            " FROM story_units u JOIN documents d ON d.id = u.document ORDER BY u.rowid"
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

    def record_problem(self, problem: Problem) -> None:
        self.conn.execute(
            "INSERT INTO problems (origin, reason, code, at) VALUES (?,?,?,?)",
            (problem.origin, problem.reason, problem.code, _now()),
        )

    # -- reads ------------------------------------------------------------
    def find_hash(self, content_hash: str) -> str | None:
        row = self.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def anatomy_version(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT anatomy_version FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def id_taken(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def near_duplicates(self, band_keys: list[str]) -> list[tuple[str, np.ndarray]]:
        if not band_keys:
            return []
        marks = ",".join("?" * len(band_keys))
        rows = self.conn.execute(
            f"SELECT DISTINCT s.document, s.minhash FROM minhash_bands b JOIN signatures s ON s.document = b.document"
            f" WHERE b.band IN ({marks}) ORDER BY s.document",
            band_keys,
        ).fetchall()
        return [(r[0], np.frombuffer(r[1], dtype=np.uint64)) for r in rows]

    def get(self, doc_id: str) -> Document | None:
        return next(self.documents([doc_id]), None)

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        if ids is None:
            rows = self.conn.execute("SELECT * FROM documents ORDER BY id").fetchall()
        else:
            wanted = list(dict.fromkeys(ids))
            rows = []
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                rows += self.conn.execute(
                    f"SELECT * FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            order = {d: n for n, d in enumerate(wanted)}
            rows.sort(key=lambda r: order[r["id"]])
        for row in rows:
            yield self._document(row)

    def _document(self, row: sqlite3.Row) -> Document:
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
            Segment(r["kind"], r["char_start"], r["char_end"], r["language"], r["unit"])
            for r in self.conn.execute(
                "SELECT * FROM segments WHERE document = ? ORDER BY idx", (doc.id,)
            )
        ]
        doc.sentences = [
            Sentence(r["char_start"], r["char_end"], r["segment"])
            for r in self.conn.execute("SELECT * FROM sentences WHERE document = ? ORDER BY idx", (doc.id,))
        ]
        row = self.conn.execute("SELECT payload FROM extractions WHERE document = ?", (doc.id,)).fetchone()
        if row:
            payload = json.loads(row[0])
            for key, cls in EXTRACTED.items():
                setattr(doc, key, [cls(**x) for x in payload.get(key, [])])
        return doc

    def stats(self) -> dict[str, Any]:
        c = self.conn
        one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "db": self.path,
            "schema_version": self.schema_version,
            "documents": one("SELECT count(*) FROM documents"),
            "near_duplicates": one("SELECT count(*) FROM documents WHERE near_duplicate_of IS NOT NULL"),
            "segments": one("SELECT count(*) FROM segments"),
            "sentences": one("SELECT count(*) FROM sentences"),
            "problems": one("SELECT count(*) FROM problems"),
            "languages": dict(c.execute("SELECT coalesce(language, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC").fetchall()),
            "segment_kinds": dict(c.execute("SELECT kind, count(*) FROM segments GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        }

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _statements(sql: str) -> list[str]:
    """Split a migration file into statements (no semicolons inside our DDL strings)."""
    body = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]
