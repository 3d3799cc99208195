"""Analysis versions in the store: counted by version, and the documents of an old one listed (every store)."""

from __future__ import annotations

from storyline.store import Store

from .test_store import make_doc, sig


def test_analysis_versions_and_outdated(any_store: Store) -> None:
    for doc_id, version in (("a", "steps@new"), ("b", "steps@old"), ("c", "steps@new"), ("d", None)):
        doc = make_doc(doc_id, f"Naslov {doc_id}\n\nTijelo vijesti {doc_id}.", content_hash=f"h-{doc_id}")
        doc.anatomy_version = version
        any_store.add(doc, sig(), [])
    assert any_store.analysis_versions() == {"steps@new": 2, "": 1, "steps@old": 1}
    assert any_store.outdated("steps@new") == ["b", "d"]  # None: stored before versions were recorded
    assert any_store.outdated("steps@other") == ["a", "b", "c", "d"]
