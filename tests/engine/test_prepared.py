"""What a worker prepares for the writer (issue 17): the signature and unit
profiles the writer would compute, under the id the document is stored with."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from storyline import service
from storyline.engine.analysis import AnalysisSpec, Prepared, analyse, analyse_prepared, prepare
from storyline.ingest import dedup
from storyline.link import stories
from storyline.records import Document
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.store.sql import extraction_payload

TEXT = (
    "Vatrogasci ugasili požar u skladištu u Karlovcu\n\n"
    "Vatrogasci su u četvrtak ugasili požar u skladištu građevinskog materijala u Karlovcu. "
    "Zapovjednik postrojbe Dario Lovrić rekao je da je u gašenju sudjelovalo 40 vatrogasaca i da nitko nije ozlijeđen. "
    "Šteta se procjenjuje na 300 tisuća eura, a uzrok požara utvrđuje policija."
)


def _doc(doc_id: str = "d1", text: str = TEXT) -> Document:
    return Document(id=doc_id, text=text, origin=f"{doc_id}.txt", format="text", content_hash=hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture(scope="module")
def analysed() -> Document:
    result = analyse(_doc(), AnalysisSpec(Settings(workers=1)))
    assert isinstance(result, Document) and result.mentions
    return result


def test_prepared_is_what_the_writer_computes(analysed: Document) -> None:
    prepared = prepare(analysed, Settings())
    assert prepared is not None
    assert np.array_equal(prepared.signature, dedup.signature(analysed.text))
    assert prepared.units == stories.unit_profiles(analysed, None) and prepared.units
    assert prepared.payload == extraction_payload(analysed) and '"mentions": [{' in prepared.payload


def test_a_failure_to_prepare_leaves_it_to_the_writer(analysed: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> list:
        raise RuntimeError("no profiles")

    monkeypatch.setattr(stories, "unit_profiles", broken)
    assert prepare(analysed, Settings()) is None
    result, prepared = analyse_prepared(_doc("d2", TEXT + " Kraj."), AnalysisSpec(Settings(workers=1)))
    assert isinstance(result, Document) and prepared is None


def test_units_follow_the_id_the_store_gives(analysed: Document) -> None:
    prepared = prepare(analysed, Settings())
    assert prepared is not None
    renamed = replace(analysed, id="d1~abcd1234")
    units = service._units_of(renamed, prepared)
    assert units is not None and {u.document for u in units} == {"d1~abcd1234"}
    assert [u.profile for u in units] == [u.profile for u in prepared.units]
    assert service._units_of(analysed, None) is None


def test_stored_with_or_without_the_prepared_part_alike(tmp_path: Path, analysed: Document) -> None:
    """Two stores, each taking the same document under a taken id: one with
    what a worker prepared, one computing it itself: the same stories."""
    results = []
    for name, prepared in (("own", None), ("prepared", prepare(analysed, Settings()))):
        with SQLiteStore(tmp_path / f"{name}.db") as store:
            other = analyse(_doc("d1", "Drugi tekst pod istim imenom.\n\nGradsko vijeće u Puli izglasalo je proračun."), AnalysisSpec(Settings()))
            assert isinstance(other, Document)
            service.store_new(other, store, Settings())
            doc = copy.copy(analysed)
            stored = service.store_new(doc, store, Settings(), prepared=prepared)
            assert stored.id.startswith("d1~")
            stored_doc = store.get(stored.id)
            assert stored_doc is not None
            results.append((stored.id, store.story_units(), extraction_payload(stored_doc)))
    assert results[0] == results[1]


def test_the_pool_hands_the_writer_what_its_worker_prepared(tmp_path: Path) -> None:
    from storyline.engine import ProcessPool

    pool = ProcessPool(AnalysisSpec(Settings(workers=2)), 2)
    try:
        result, prepared = pool.submit(_doc()).result_prepared()
    finally:
        pool.close()
    assert isinstance(result, Document) and isinstance(prepared, Prepared)
    assert prepared.units == stories.unit_profiles(result, None)
