from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from storyline.errors import StoreError
from storyline.records import Document, Problem, Segment, Sentence
from storyline.store import SQLiteStore, migrations


def make_doc(doc_id: str = "d1", text: str = "Naslov\n\nTijelo vijesti ovdje.") -> Document:
    return Document(
        id=doc_id,
        text=text,
        source="Izvor",
        published=dt.date(2021, 3, 4),
        language="hr",
        language_given=True,
        origin="x.txt",
        content_hash=f"hash-{doc_id}",
        notes=["a note"],
        meta={"author": "Ana"},
        segments=[Segment("headline", 0, 8, "hr"), Segment("body", 8, len(text), "hr")],
        sentences=[Sentence(0, 6, 0), Sentence(8, len(text), 1)],
        anatomy_version="v1",
    )


def test_roundtrip_keeps_every_field(store: SQLiteStore) -> None:
    doc = make_doc()
    store.add(doc, np.arange(64, dtype=np.uint64), ["k1", "k2"])
    got = store.get("d1")
    assert got == doc
    assert store.find_hash("hash-d1") == "d1"
    assert [d for d, _ in store.near_duplicates(["k2", "zz"])] == ["d1"]


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    SQLiteStore(path).close()
    with SQLiteStore(path) as s:
        versions = [r[0] for r in s.conn.execute("SELECT version FROM schema_migrations")]
        assert versions == [v for v, _, _ in migrations()]
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == versions[-1]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    SQLiteStore(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer than this Storyline"):
        SQLiteStore(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        SQLiteStore(path)


def test_failed_add_leaves_nothing_half_written(store: SQLiteStore) -> None:
    store.add(make_doc(), np.zeros(64, dtype=np.uint64), ["k"])
    bad = make_doc("d2")
    bad.content_hash = "hash-d1"  # violates the unique content hash
    with pytest.raises(sqlite3.IntegrityError):
        store.add(bad, np.zeros(64, dtype=np.uint64), ["k"])
    assert store.get("d2") is None
    assert store.conn.execute("SELECT count(*) FROM segments WHERE document = 'd2'").fetchone()[0] == 0
    assert store.get("d1") is not None


def test_problems_and_stats(store: SQLiteStore) -> None:
    store.add(make_doc(), np.zeros(64, dtype=np.uint64), [])
    store.record_problem(Problem("bad.txt", "empty file"))
    stats = store.stats()
    assert stats["documents"] == 1 and stats["problems"] == 1
    assert stats["languages"] == {"hr": 1} and stats["segment_kinds"] == {"headline": 1, "body": 1}


def test_documents_in_requested_order(store: SQLiteStore) -> None:
    for i in range(3):
        store.add(make_doc(f"d{i}"), np.zeros(64, dtype=np.uint64), [])
    assert [d.id for d in store.documents(["d2", "d0"])] == ["d2", "d0"]
