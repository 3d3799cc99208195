"""Re-ingest adds nothing twice; changed content under a taken id is kept, not lost; near-duplicates are marked."""

from __future__ import annotations

from pathlib import Path

from storyline.anatomy import LanguageStep, SegmentStep, SentenceStep
from storyline.anatomy.langid import FixedLanguage
from storyline.service import ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore

from ..conftest import populate_folder

ARTICLE = (
    "Lučka uprava u Rijeci objavila je u petak da će novi kontejnerski terminal početi s radom u rujnu. "
    "Direktor uprave rekao je da terminal može primiti brodove do 14 tisuća kontejnera. "
    "Sindikat lučkih radnika traži da se zaposli najmanje 200 novih radnika. "
    "Gradonačelnik je najavio novu cestu do terminala, a radovi bi trebali trajati dvije godine."
)


def steps() -> list:
    return [SegmentStep(), LanguageStep(identifier=FixedLanguage("hr")), SentenceStep()]


def test_second_ingest_adds_nothing(tmp_path: Path, store: SQLiteStore) -> None:
    folder = populate_folder(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": "Posve drugi tekst o vremenu. Sutra pada kiša."})
    first = ingest([folder], store, Settings(), steps=steps())
    second = ingest([folder], store, Settings(), steps=steps())
    assert sorted(first.added) == ["a", "b"]
    assert second.added == [] and sorted(second.unchanged) == ["a", "b"]
    assert sorted(second.documents) == ["a", "b"]
    stats = store.stats()
    assert stats["documents"] == 2
    assert stats["segments"] == sum(len(d.segments) for d in store.documents())


def test_same_id_other_content_is_stored_under_a_new_id(tmp_path: Path, store: SQLiteStore) -> None:
    ingest([populate_folder(tmp_path / "v1", {"a.txt": ARTICLE})], store, Settings(), steps=steps())
    report = ingest([populate_folder(tmp_path / "v2", {"a.txt": "Ispravak: terminal počinje s radom u listopadu."})], store, Settings(), steps=steps())
    [(old, new)] = report.renamed
    assert old == "a" and new.startswith("a~")
    assert store.get("a").text == ARTICLE  # nothing already stored is lost
    assert store.get(new).text.startswith("Ispravak")


def test_near_duplicate_is_marked(tmp_path: Path, store: SQLiteStore) -> None:
    variant = ARTICLE + " Komentari (1) ivo: dobra vijest"
    folder = populate_folder(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": variant, "c.txt": "Nešto sasvim drugo o nogometu i ligi prvaka ove sezone."})
    report = ingest([folder], store, Settings(), steps=steps())
    assert [(d, of) for d, of, _ in report.near_duplicates] == [("b", "a")]
    assert store.get("b").near_duplicate_of == "a"
    assert store.get("c").near_duplicate_of is None


def test_new_anatomy_version_reanalyses_stored_documents(tmp_path: Path, store: SQLiteStore) -> None:
    folder = populate_folder(tmp_path / "in", {"a.txt": ARTICLE})
    ingest([folder], store, Settings(), steps=steps())
    store.conn.execute("UPDATE documents SET anatomy_version = 'old'")
    report = ingest([folder], store, Settings(), steps=steps())
    assert report.reanalysed == ["a"] and report.added == []
    assert store.get("a").anatomy_version != "old"


def test_changed_language_data_reanalyses_stored_documents(tmp_path: Path, store: SQLiteStore, monkeypatch) -> None:
    """The analysis version is derived from the data: editing a lang/ file (in a temp copy) re-analyses."""
    import shutil

    from storyline import fingerprint

    package = tmp_path / "package"
    for root in fingerprint.DATA_ROOTS:
        shutil.copytree(fingerprint.PACKAGE / root, package / root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    fingerprint.analysis_fingerprint.cache_clear()
    folder = populate_folder(tmp_path / "in", {"a.txt": ARTICLE})
    try:
        ingest([folder], store, Settings(), steps=steps())
        before = store.get("a").anatomy_version
        again = ingest([folder], store, Settings(), steps=steps())
        assert again.unchanged == ["a"] and again.reanalysed == []
        words = package / "lang" / "hr" / "events.toml"
        words.write_text(words.read_text(encoding="utf-8") + "\n# a reviewer's edit\n", encoding="utf-8")
        fingerprint.analysis_fingerprint.cache_clear()
        report = ingest([folder], store, Settings(), steps=steps())
        assert report.reanalysed == ["a"] and report.added == []
        assert store.get("a").anatomy_version not in (before, None)
    finally:
        fingerprint.analysis_fingerprint.cache_clear()
