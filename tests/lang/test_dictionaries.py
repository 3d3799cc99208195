"""simplemma's dictionaries through the user cache: the same dictionary, decoded or read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.lang.dictionaries import cached_simplemma_dictionaries


def test_cached_dictionary_is_simplemmas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from simplemma.strategies.dictionaries import dictionary_factory as factory

    cached_simplemma_dictionaries()
    load = factory._load_dictionary_from_disk
    assert getattr(load, "storyline_cached", False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = load("en")  # decoded, then written
    [written] = (tmp_path / "storyline").glob("simplemma-*-en.marshal")
    assert load("en") == first and len(first) > 1000  # read back
    written.write_bytes(b"not marshal data")
    assert load("en") == first  # a damaged copy is decoded again
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("a file where the folder would be")
    assert load("en") == first  # an unwritable cache changes nothing


def test_cached_strings_are_the_built_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.lang.dictionaries import cached_strings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built: list[int] = []

    def build() -> frozenset[str]:
        built.append(1)
        return frozenset({"Zagreb", "Alep", "Ђурђевац"})

    assert cached_strings("t", "k1", build) == build() and len(built) == 2
    assert cached_strings("t", "k1", build) == {"Zagreb", "Alep", "Ђурђевац"} and len(built) == 2  # read back
    cached_strings("t", "k2", build)  # another key: built again
    assert len(built) == 3
    for copy in (tmp_path / "storyline").glob("t-*.marshal"):
        copy.write_bytes(b"\x00damaged")
    assert cached_strings("t", "k1", build) == {"Zagreb", "Alep", "Ђурђевац"} and len(built) == 4


def test_gazetteer_lists_from_the_cache_are_the_built_ones() -> None:
    from storyline.extract import gazetteer

    assert gazetteer.places() == gazetteer._build_places()
    assert gazetteer.library_given_names() == gazetteer._build_library_given_names()


def test_place_index_read_back_from_the_cache_equals_a_fresh_build(tmp_path, monkeypatch) -> None:
    from storyline.link import names

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    names.place_index.cache_clear()
    try:
        built = names.place_index()
        assert list(tmp_path.glob("storyline/place-index-*.marshal")), "the index was not written to the cache"
        names.place_index.cache_clear()
        assert names.place_index() == built == names._build_place_index()
    finally:
        names.place_index.cache_clear()
