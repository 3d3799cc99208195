"""PostgreSQL store, for a server shared by many writers and readers
(``--db postgresql://user@host/db``). Needs ``pip install 'storyline[postgres]'``.

Same tables, same migrations as the SQLite store (each written once under
``migrations/``, read through ``sql.translate``; full-text search is its
own, ``migrations/postgres/0004_search.sql``). One writer at a time: every write transaction
first takes a transaction-scoped advisory lock of the database, so story
placement (read candidates, then update them) never interleaves; readers
are never blocked. Search is a tsvector with a text search configuration
``storyline`` (simple + unaccent), queried with the same prefix terms the
web app builds for SQLite's FTS5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import StoreError
from ..records import Document
from .sql import SQLStore, migrations

# The advisory lock every write transaction takes: one writer per database
# (advisory locks are per database, so other databases on the server are not held up).
WRITER_LOCK = 0x5354_4F52  # "STOR"
# PostgreSQL refuses a tsvector over 1 MB; a text is indexed for search up
# to this many characters (a news article is 2,000-20,000).
MAX_INDEXED_CHARS = 500_000
# The words of an FTS5-style query as the web app writes it ("alep"* AND ("a"* OR "b"*)).
_TOKEN = re.compile(r'\s*(?:"(?P<quoted>[^"]*)"(?P<qstar>\*)?|(?P<op>AND|OR|NOT)\b|(?P<paren>[()])|(?P<word>\w+)(?P<wstar>\*)?)', re.UNICODE)


def is_postgres_url(db: object) -> bool:
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def _safe(url: str) -> str:
    """The URL without its password, fit for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def tsquery(match: str) -> str:
    """The PostgreSQL tsquery (to_tsquery syntax) for an FTS5 query of quoted
    or bare terms (``*`` for a prefix), AND, OR, NOT and parentheses."""
    out: list[str] = []
    pos = 0
    text = match.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise StoreError(f"cannot search for {match!r}: unexpected {text[pos:].strip()[:20]!r}", hint="use words, without quotes or operators")
        pos = m.end()
        operand = m.group("quoted") is not None or m.group("word") is not None or m.group("paren") == "("
        if operand and out and (out[-1] == ")" or out[-1] not in ("&", "|", "!", "(")):
            out.append("&")  # FTS5: terms side by side must all occur
        if m.group("quoted") is not None or m.group("word") is not None:
            term = m.group("quoted") if m.group("quoted") is not None else m.group("word")
            term = " ".join(re.findall(r"\w+", term))
            if not term:
                raise StoreError(f"cannot search for {match!r}: an empty term", hint="use words, without quotes or operators")
            out.append(f"'{term}'" + (":*" if (m.group("qstar") or m.group("wstar")) else ""))
        elif m.group("op"):
            out += {"AND": ["&"], "OR": ["|"], "NOT": ["&", "!"]}[m.group("op")]
        else:
            out.append(m.group("paren"))
    return " ".join(out)


class PostgresStore(SQLStore):
    JOIN_ORDER = "seq"

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url, self.name = url, _safe(url)
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                f"{self.name}: the PostgreSQL store needs psycopg", hint="pip install 'storyline[postgres]'"
            ) from exc
        self._errors = psycopg.errors
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.name}: cannot connect to PostgreSQL ({str(exc).strip()})",
                hint="check that the server runs and the URL (postgresql://user@host:port/database)",
            ) from exc
        try:
            self.schema_version = self._migrate()
        except BaseException:
            self.conn.close()
            raise

    # -- dialect ----------------------------------------------------------
    def _x(self, sql: str, args: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql.replace("?", "%s"), list(args) if args else None)

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)

    def _begin(self) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))

    def _busy(self, exc: BaseException) -> bool:
        e = self._errors
        return isinstance(exc, (e.SerializationFailure, e.DeadlockDetected, e.LockNotAvailable))

    def _index_text(self, doc: Document) -> None:
        self._x(
            "INSERT INTO documents_fts (document, body) VALUES (?, to_tsvector('storyline', ?))",
            (doc.id, doc.text[:MAX_INDEXED_CHARS]),
        )

    # -- schema -----------------------------------------------------------
    def _applied(self) -> set[int]:
        if self._x("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
            return set()
        return {r[0] for r in self._x("SELECT version FROM schema_migrations").fetchall()}

    def _migrate(self) -> int:
        shipped = migrations("postgres")
        newest = shipped[-1][0] if shipped else 0
        done = self._applied()
        self._check_not_newer(done, newest)
        if done >= {v for v, _, _ in shipped}:
            return newest
        try:
            self.write(lambda: self._apply_migrations(shipped, newest))
        except self._errors.Error as exc:
            raise StoreError(f"{self.name}: cannot create the tables ({str(exc).strip()})", hint="the user needs CREATE rights on the database") from exc
        return newest

    # -- search (the query itself is SQLStore.search) ----------------------
    _search_head = (
        "SELECT f.document, -ts_rank(f.body, q) AS rank FROM documents_fts f JOIN documents d ON d.id = f.document,"
        " to_tsquery('storyline', ?) q WHERE f.body @@ q"
    )
    _search_ties = ", f.document"

    def _search_query(self, match: str) -> str:
        return tsquery(match)

    def _search_errors(self) -> tuple[type[BaseException], ...]:
        return (self._errors.SyntaxError, self._errors.DataException)

    def close(self) -> None:
        self.conn.close()
