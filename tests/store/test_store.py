"""The Store protocol, on SQLite and on PostgreSQL (see conftest: ``any_store``)."""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pytest

from storyline.errors import StoreError
from storyline.link.stories import Profile, UnitProfile
from storyline.records import Document, Problem, Segment, Sentence
from storyline.service import repair_orphans, store_new
from storyline.settings import Settings
from storyline.store import PostgresStore, SQLiteStore, Store, is_url, open_store
from storyline.store.postgres import tsquery
from storyline.store.sql import migrations, statements, translate


def make_doc(doc_id: str = "d1", text: str = "Naslov\n\nTijelo vijesti ovdje.", content_hash: str | None = None) -> Document:
    return Document(
        id=doc_id,
        text=text,
        source="Izvor",
        published=dt.date(2021, 3, 4),
        language="hr",
        language_given=True,
        origin="x.txt",
        content_hash=content_hash or f"hash-{doc_id}",
        notes=["a note"],
        meta={"author": "Ana"},
        segments=[Segment("headline", 0, 8, "hr"), Segment("body", 8, len(text), "hr")],
        sentences=[Sentence(0, 6, 0), Sentence(8, len(text), 1)],
        anatomy_version="v1",
    )


def sig() -> np.ndarray:
    return np.arange(64, dtype=np.uint64)


def is_integrity_error(exc: BaseException) -> bool:
    return any(c.__name__ == "IntegrityError" for c in type(exc).__mro__)


def busy_error(store) -> Exception:
    """The error a store raises when another writer is in the way."""
    if isinstance(store, PostgresStore):
        import psycopg

        return psycopg.errors.DeadlockDetected("deadlock detected")
    import sqlite3

    return sqlite3.OperationalError("database is locked")


def count(store, table: str) -> int:
    return store._x(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_roundtrip_keeps_every_field(any_store: Store) -> None:
    doc = make_doc()
    any_store.add(doc, sig(), ["k1", "k2"])
    assert any_store.get("d1") == doc
    assert any_store.find_hash("hash-d1") == "d1" and any_store.find_hash("nope") is None
    assert any_store.id_taken("d1") and not any_store.id_taken("d2")
    assert any_store.anatomy_version("d1") == "v1"
    [(found, signature)] = any_store.near_duplicates(["k2", "zz"])
    assert found == "d1" and np.array_equal(signature, sig())


def test_migrations_are_recorded_and_idempotent(db: str) -> None:
    open_store(db).close()
    with open_store(db) as s:
        versions = [r[0] for r in s._x("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
        assert versions == [1, 2, 3, 4, 5, 6, 7] and s.schema_version == 7
        assert [v for v, _, _ in migrations()] == versions
        assert [v for v, _, _ in migrations("postgres")] == versions


def test_newer_schema_is_refused(db: str) -> None:
    with open_store(db) as s:
        s._x("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    with pytest.raises(StoreError, match="newer than this Storyline"):
        open_store(db)


def test_stores_opened_at_once_on_a_fresh_database_all_work(db: str) -> None:
    # Two first runs at once used to fail with "table documents already exists".
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_one() -> None:
        try:
            barrier.wait()
            open_store(db).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(db) as s:
        assert count(s, "schema_migrations") == 7


def test_failed_add_leaves_nothing_half_written(any_store: Store) -> None:
    any_store.add(make_doc(), sig(), ["k"])
    bad = make_doc("d2", content_hash="hash-d1")  # violates the unique content hash
    with pytest.raises(Exception) as info:
        any_store.add(bad, sig(), ["k"])
    assert is_integrity_error(info.value)
    assert any_store.get("d2") is None
    assert any_store._x("SELECT count(*) FROM segments WHERE document = 'd2'").fetchone()[0] == 0
    assert any_store.get("d1") is not None


def test_inner_transaction_rolls_back_alone_and_outer_takes_all(any_store: Store) -> None:
    with any_store.transaction():
        any_store.record_problem(Problem("kept.txt", "kept"))
        with pytest.raises(RuntimeError), any_store.transaction():
            any_store.record_problem(Problem("inner.txt", "rolled back"))
            raise RuntimeError("inner fails")
    assert [r[0] for r in any_store._x("SELECT origin FROM problems").fetchall()] == ["kept.txt"]
    with pytest.raises(RuntimeError), any_store.transaction():
        any_store.add(make_doc(), sig(), [])
        with any_store.transaction():
            any_store.record_problem(Problem("x.txt", "inner committed, outer not"))
        raise RuntimeError("outer fails")
    assert any_store.get("d1") is None and count(any_store, "problems") == 1


def test_write_retries_a_busy_database_from_a_clean_slate(any_store: Store) -> None:
    tries = []

    def work() -> str:
        tries.append(1)
        any_store.record_problem(Problem(f"try{len(tries)}.txt", "x"))
        if len(tries) < 3:
            raise busy_error(any_store)
        return "done"

    assert any_store.write(work) == "done"
    assert len(tries) == 3
    # Only the last try's write is kept.
    assert [r[0] for r in any_store._x("SELECT origin FROM problems").fetchall()] == ["try3.txt"]


def test_write_does_not_retry_other_errors(any_store: Store) -> None:
    tries = []

    def work() -> None:
        tries.append(1)
        raise ValueError("a bug, not a busy database")

    with pytest.raises(ValueError):
        any_store.write(work)
    assert len(tries) == 1


def test_one_writer_at_a_time(db: str) -> None:
    """A second writer waits for the first to commit; readers do not wait."""
    first, second = open_store(db), open_store(db)
    order: list[str] = []
    holding = threading.Event()

    def hold() -> None:
        with first.transaction():
            first.record_problem(Problem("first.txt", "x"))
            holding.set()
            threading.Event().wait(0.6)
            order.append("first commits")

    t = threading.Thread(target=hold)
    t.start()
    holding.wait(5)
    assert count(second, "problems") == 0  # reads go on, and see only committed data
    second.write(lambda: second.record_problem(Problem("second.txt", "x")))
    order.append("second wrote")
    t.join()
    assert order == ["first commits", "second wrote"]
    assert count(second, "problems") == 2
    first.close()
    second.close()


def test_problems_and_stats(any_store: Store) -> None:
    any_store.add(make_doc(), sig(), [])
    any_store.record_problem(Problem("bad.txt", "empty file"))
    stats = any_store.stats()
    assert stats["documents"] == 1 and stats["problems"] == 1 and stats["schema_version"] == 7
    assert stats["languages"] == {"hr": 1} and stats["segment_kinds"] == {"body": 1, "headline": 1}


def test_documents_in_requested_order(any_store: Store) -> None:
    for i in range(3):
        any_store.add(make_doc(f"d{i}"), sig(), [])
    assert [d.id for d in any_store.documents(["d2", "d0"])] == ["d2", "d0"]
    assert [d.id for d in any_store.documents()] == ["d0", "d1", "d2"]
    assert any_store.document_ids(offset=1, limit=5) == ["d1", "d2"]


def unit(doc: str, keys: dict[str, float], day: dt.date | None = dt.date(2021, 3, 4), n: int = 0) -> UnitProfile:
    return UnitProfile(doc, n, Profile(dict(keys), first=day, last=day))


def test_stories_join_leave_and_orphans(any_store: Store) -> None:
    for d in ("a", "b", "c"):
        any_store.add(make_doc(d), sig(), [])
    assert any_store.orphan_units() == {"a": [0], "b": [0], "c": [0]}
    any_store.new_story("s-a", Profile())
    any_store.join_story("s-a", unit("a", {"N:zadar": 1.0, "N:horvat": 1.0}))
    any_store.join_story("s-a", unit("b", {"N:zadar": 1.0}, dt.date(2021, 3, 6)))
    any_store.new_story("s-c", Profile())
    any_store.join_story("s-c", unit("c", {"N:pula": 1.0}))
    assert any_store.orphan_units() == {}
    assert any_store.story_units() == {"s-a": [("a", 0), ("b", 0)], "s-c": [("c", 0)]}
    assert any_store.story_units(["b"]) == {"s-a": [("b", 0)]}
    assert any_store.story_units_of("s-a") == [("a", 0), ("b", 0)]
    [(story, profile)] = any_store.story_candidates(["N:zadar"], dt.date(2021, 3, 5), 14, 10)
    assert story == "s-a" and profile.keys == {"N:zadar": 2.0, "N:horvat": 1.0}
    assert (profile.first, profile.last) == (dt.date(2021, 3, 4), dt.date(2021, 3, 6))
    assert any_store.story_candidates(["N:zadar"], dt.date(2022, 1, 1), 14, 10) == []  # outside the window
    assert [o["id"] for o in any_store.stories_overview()] == ["s-a", "s-c"]
    any_store.leave_stories("b")
    assert any_store.orphan_units() == {"b": [0]} and any_store.orphan_units(["a", "b"]) == {"b": [0]}
    [(_, profile)] = any_store.story_candidates(["N:zadar"], None, 14, 10)
    assert profile.keys == {"N:zadar": 1.0, "N:horvat": 1.0}


def test_story_keys_carry_their_storys_dates_for_the_window(any_store: Store) -> None:
    for d in ("a", "b", "c", "u"):
        any_store.add(make_doc(d), sig(), [])
    any_store.new_story("s-a", Profile())
    any_store.join_story("s-a", unit("a", {"N:zadar": 1.0}, dt.date(2021, 3, 1)))
    # A later unit widens the story: every key row (old "N:zadar" too) follows the story's dates.
    any_store.join_story("s-a", unit("b", {"N:horvat": 1.0}, dt.date(2021, 6, 1)))
    any_store.new_story("s-u", Profile())
    any_store.join_story("s-u", unit("u", {"N:zadar": 1.0}, None))  # undated: always a candidate
    rows = any_store._x("SELECT k.first_date, k.last_date, s.first_date, s.last_date FROM story_keys k JOIN stories s ON s.id = k.story").fetchall()
    assert rows and all((r[0], r[1]) == (r[2], r[3]) for r in rows)

    def found(day: dt.date | None) -> list[str]:
        return sorted(s for s, _ in any_store.story_candidates(["N:zadar", "N:horvat"], day, 14, 10))

    assert found(dt.date(2021, 4, 15)) == ["s-a", "s-u"]  # inside the story's span, far from the key's own unit
    assert found(dt.date(2021, 6, 10)) == ["s-a", "s-u"]
    assert found(dt.date(2021, 7, 1)) == ["s-u"]  # after the window
    assert found(dt.date(2021, 1, 1)) == ["s-u"]  # before it
    assert found(None) == ["s-a", "s-u"]
    [(story, n)] = [(s, p.keys) for s, p in any_store.story_candidates(["N:horvat"], dt.date(2021, 6, 1), 14, 10)]
    assert story == "s-a" and n == {"N:zadar": 1.0, "N:horvat": 1.0}


def test_search_folds_diacritics_and_filters(any_store: Store) -> None:
    any_store.add(make_doc("a", "Čurkin u Đakovu\n\nSastanak je održan u Đakovu."), sig(), [])
    b = make_doc("b", "Ivan u Puli\n\nSastanak je održan u Puli.")
    b.language = "sl"
    any_store.add(b, sig(), [])
    assert [d for d, _ in any_store.search('"curkin"*')] == ["a"]
    assert [d for d, _ in any_store.search('"dakov"*')] == ["a"]
    assert sorted(d for d, _ in any_store.search('"sastan"*')) == ["a", "b"]
    assert [d for d, _ in any_store.search('"sastan"*', language="sl")] == ["b"]
    assert [d for d, _ in any_store.search('"sastan"* AND ("pul"* OR "nema"*)')] == ["b"]
    assert any_store.search('"nigdje"*') == []
    assert any_store.search('"sastan"*', published_from="2030-01-01") == []


def test_tsquery_reads_the_web_apps_queries() -> None:
    assert tsquery('"alep"* AND ("alepp"* OR "halab"*)') == "'alep':* & ( 'alepp':* | 'halab':* )"
    assert tsquery("zadar pula*") == "'zadar' & 'pula':*"
    with pytest.raises(StoreError):
        tsquery('"" OR')


def test_same_text_stored_by_two_writers_is_stored_once(db: str) -> None:
    first, second = open_store(db), open_store(db)
    settings = Settings()
    # Both looked before either stored (the race): the second finds it inside its transaction.
    assert first.find_hash("hash-d1") is None and second.find_hash("hash-d1") is None
    a = store_new(make_doc(), first, settings)
    b = store_new(make_doc("other-name", content_hash="hash-d1"), second, settings)
    assert (a.status, a.id) == ("added", "d1")
    assert (b.status, b.id) == ("unchanged", "d1")
    # Other text under a taken id is renamed inside the transaction too.
    c = store_new(make_doc("d1", "Drugi naslov\n\nDrugo tijelo.", content_hash="abcdef0123"), second, settings)
    assert (c.status, c.id, c.renamed_from) == ("added", "d1~abcdef01", "d1")
    assert count(first, "documents") == 2 and first.orphan_units() == {}
    first.close()
    second.close()


def test_orphans_left_by_an_old_crash_are_placed(any_store: Store) -> None:
    any_store.add(make_doc("old"), sig(), [])  # stored, then the process died before placing it
    assert any_store.orphan_units() == {"old": [0]}
    assert repair_orphans(any_store, Settings()) == ["old"]
    assert any_store.orphan_units() == {}
    assert repair_orphans(any_store, Settings()) == []  # once per open store


def test_unusable_postgres_url_is_a_clear_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as info:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(info.value)


def test_a_path_is_sqlite_and_a_url_is_postgres(tmp_path) -> None:
    with open_store(tmp_path / "x.db") as s:
        assert isinstance(s, SQLiteStore)
    assert is_url("postgresql://u@h/d") and is_url("postgres://h/d") and not is_url("postgresql.db")


def test_each_migration_is_written_once_and_read_in_each_dialect() -> None:
    sqlite, postgres = dict(((v, n), sql) for v, n, sql in migrations()), dict(((v, n), sql) for v, n, sql in migrations("postgres"))
    assert list(sqlite) == list(postgres)  # the same numbers and names: schema_migrations reads alike
    initial, stories = postgres[(1, "initial")], postgres[(3, "stories")]
    assert "BYTEA" in initial and "BLOB" not in initial and "BIGSERIAL PRIMARY KEY" in initial
    assert "seq      BIGSERIAL UNIQUE" in stories and "postgres:" not in stories
    # SQLite reads the PostgreSQL-only line as a comment, and its own SQL unchanged.
    assert not any("seq" in s for s in statements(sqlite[(3, "stories")])) and "BLOB" in sqlite[(1, "initial")]
    assert "fts5" in sqlite[(4, "search")] and "tsvector" in postgres[(4, "search")].lower()


def test_translate_changes_only_the_dialect_s_words() -> None:
    sql = "CREATE TABLE t (\n    id INTEGER PRIMARY KEY,\n    -- postgres: seq BIGSERIAL UNIQUE,\n    blobby BLOB NOT NULL\n);"
    assert translate(sql, "sqlite") == sql
    assert translate(sql, "postgres") == "CREATE TABLE t (\n    id BIGSERIAL PRIMARY KEY,\n    seq BIGSERIAL UNIQUE,\n    blobby BYTEA NOT NULL\n);"
