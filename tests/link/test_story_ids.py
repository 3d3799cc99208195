"""Story ids are unique whatever the document ids look like."""

from __future__ import annotations

import itertools
from pathlib import Path

from storyline.link.stories import MemoryIndex, Profile, UnitProfile, assign, story_id_for
from storyline.store import SQLiteStore

AWKWARD = ["X", "X-u1", "X-u", "X-u-u1", "X%2Du1", "X%", "a/b", "X-u12", "X-u1-u2", "", "s-X", "X~1a2b3c4d"]


def test_no_two_units_share_an_id() -> None:
    pairs = list(itertools.product(AWKWARD, range(4)))
    ids = [story_id_for(d, u) for d, u in pairs]
    assert len(set(ids)) == len(pairs)


def test_plain_ids_keep_their_form() -> None:
    """Ids stored before stay what they were for ordinary document ids."""
    assert story_id_for("talks-hr-1", 0) == "s-talks-hr-1"
    assert story_id_for("talks-hr-1", 2) == "s-talks-hr-1-u2"


def test_a_document_named_like_a_unit_opens_its_own_story(tmp_path: Path) -> None:
    """Unit 1 of "X" and a document "X-u1" share no names: two stories, one unit each."""
    with SQLiteStore(tmp_path / "s.db") as store:
        # Only the placement is under test: no document rows behind the units.
        store.conn.execute("PRAGMA foreign_keys = OFF")
        first = assign(UnitProfile("X", 1, Profile({"N:alpha": 1.0})), store)
        second = assign(UnitProfile("X-u1", 0, Profile({"N:beta": 1.0})), store)
        assert first != second
        assert store.story_units_of(first) == [("X", 1)]
        assert store.story_units_of(second) == [("X-u1", 0)]


def test_the_same_holds_in_memory() -> None:
    index = MemoryIndex()
    first = assign(UnitProfile("X", 1, Profile({"N:alpha": 1.0})), index)
    second = assign(UnitProfile("X-u1", 0, Profile({"N:beta": 1.0})), index)
    assert index.units[first] == [("X", 1)] and index.units[second] == [("X-u1", 0)]


def test_merged_ids_redirect_along_a_chain(tmp_path: Path) -> None:
    """A story merged into one that is later merged itself redirects to the last."""
    with SQLiteStore(tmp_path / "s.db") as store:
        store.conn.execute("PRAGMA foreign_keys = OFF")  # only the placement is under test
        ids = [assign(UnitProfile(f"d{i}", 0, Profile({f"N:only{i}": 1.0})), store) for i in range(3)]
        assert len(set(ids)) == 3
        store.merge_stories(ids[0], ids[1])
        store.merge_stories(ids[1], ids[2])
        assert [store.resolve_story(i) for i in ids] == [ids[2]] * 3
        assert sorted(d for d, _ in store.story_units_of(ids[2])) == ["d0", "d1", "d2"]
        # An old id still reads: it gives the story it went into.
        assert store.story_units_of(ids[0]) == store.story_units_of(ids[2]) and set(store.story_units()) == {ids[2]}
    index = MemoryIndex()
    ids = [assign(UnitProfile(f"d{i}", 0, Profile({f"N:only{i}": 1.0})), index) for i in range(3)]
    index.merge_stories(ids[0], ids[1])
    index.merge_stories(ids[1], ids[2])
    assert index.merged == {ids[0]: ids[2], ids[1]: ids[2]} and set(index.units) == {ids[2]}
