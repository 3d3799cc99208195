"""A story whose units drift apart is split: the larger part keeps its id,
the part split off gets its own, and the index keeps a record."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from storyline.link.stories import (
    SPLIT_THRESHOLD,
    MemoryIndex,
    Profile,
    UnitProfile,
    assign,
    drifted,
    similarity,
    split_drifted,
    story_id_for,
)
from storyline.store import SQLiteStore
from tests.store.conftest import any_store, db, postgres_url  # noqa: F401 - fixtures: SQLite, and PostgreSQL when a server is given
from tests.store.test_store import make_doc, sig

DAY = dt.date(2026, 3, 9)


def _shelling(doc: str, day: int = 0) -> UnitProfile:
    """A report of one event (a shelling of a market in an invented town): its names, numbers and words."""
    when = DAY + dt.timedelta(days=day)
    return UnitProfile(
        doc,
        0,
        Profile(
            {"N:velim": 1.0, "LOC:geo:900001": 1.0, "N:karst": 1.0},
            Counter({"attack": 1}),
            when,
            when,
            {"granat": 1.0, "trznic": 1.0, "ranjen": 0.7},
            1,
            {"#14": 1.0, "~wounded": 1.0, "velimi": 0.6},
        ),
    )


def _vote(doc: str) -> UnitProfile:
    """A report of something else entirely (a budget vote elsewhere): nothing in common with the shelling."""
    return UnitProfile(
        doc,
        0,
        Profile({"N:orbel": 1.0, "LOC:geo:900002": 1.0}, Counter({"other_vote": 1}), DAY, DAY, {"budget": 1.0, "vijeci": 1.0}, 1, {"#31": 1.0}),
    )


def _drifted_story(index) -> str:  # noqa: ANN001 - MemoryIndex or a store
    """A story of three shelling reports and one vote report that no longer
    belongs (as after the report that bridged them was withdrawn)."""
    story = story_id_for("shell-1", 0)
    index.new_story(story, Profile())
    for unit in (_shelling("shell-1"), _shelling("shell-2", 1), _vote("vote-1"), _shelling("shell-3", 1)):
        index.join_story(story, unit)
    return story


def test_a_unit_unlike_the_rest_of_its_story_is_found_and_only_it() -> None:
    units = [_shelling("a"), _shelling("b"), _vote("v"), _shelling("c")]
    total = Profile()
    for u in units:
        total.add(u.profile)
    assert [[u.document for u in part] for part in drifted(units)] == [["v"]]
    # The shelling reports hold together far above the split threshold.
    rest = Profile()
    for u in units[1:3] + units[3:]:
        rest.add(u.profile)
    assert similarity(units[0].profile, rest) > 2 * SPLIT_THRESHOLD
    # Two units are never split, and a story that is half drift is not split either (which half would keep the id?).
    assert drifted(units[:1] + units[2:3]) == []
    assert drifted([_shelling("a"), _vote("v"), _vote("w"), _shelling("b")]) == []


def test_split_in_memory_keeps_the_id_for_the_larger_part_and_records_it() -> None:
    index = MemoryIndex()
    story = _drifted_story(index)
    assert split_drifted(story, index) == {story_id_for("vote-1", 0): [("vote-1", 0)]}
    assert index.units[story] == [("shell-1", 0), ("shell-2", 0), ("shell-3", 0)]
    assert index.units[story_id_for("vote-1", 0)] == [("vote-1", 0)]
    assert index.splits == [(story, story_id_for("vote-1", 0), [("vote-1", 0)])]
    assert index.profiles[story].units == 3 and "N:orbel" not in index.profiles[story].keys
    # The key index lists each part under its own keys only.
    assert index.by_key["N:orbel"] == {story_id_for("vote-1", 0)} and index.by_key["N:velim"] == {story}
    # A next vote report now finds its own story, not the shelling's.
    assert assign(_vote("vote-2"), index) == story_id_for("vote-1", 0)
    # Nothing left to split.
    assert split_drifted(story, index) == {}


def test_split_in_the_store_moves_units_keys_and_records_it(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        store.conn.execute("PRAGMA foreign_keys = OFF")  # only placement is under test
        story = _drifted_story(store)
        # The vote report's own id was merged away once: it names its unit again, no longer a redirect.
        store._x("INSERT INTO story_merges (old, new, at) VALUES (?, ?, ?)", (story_id_for("vote-1", 0), story, "2026-03-09"))
        assert store.resolve_story(story_id_for("vote-1", 0)) == story
        [new] = split_drifted(story, store)
        assert new == story_id_for("vote-1", 0) and store.resolve_story(new) == new
        assert store.story_units_of(story) == [("shell-1", 0), ("shell-2", 0), ("shell-3", 0)]
        assert store.story_units_of(new) == [("vote-1", 0)]
        [record] = store.story_splits()
        assert (record["story"], record["source"], record["units"]) == (new, story, [("vote-1", 0)])
        keys = dict(store._x("SELECT key, story FROM story_keys WHERE key IN ('N:orbel', 'N:velim')").fetchall())
        assert keys == {"N:orbel": new, "N:velim": story}
        assert assign(_vote("vote-2"), store) == new


@pytest.mark.parametrize("memory", [True, False])
def test_a_taken_id_gets_a_suffix_no_document_can_have(tmp_path: Path, memory: bool) -> None:
    index = MemoryIndex() if memory else SQLiteStore(tmp_path / "s.db")
    if not memory:
        index.conn.execute("PRAGMA foreign_keys = OFF")
    story = _drifted_story(index)
    index.new_story(story_id_for("vote-1", 0), Profile())  # a live story already has the vote report's name
    [new] = split_drifted(story, index)
    assert new == story_id_for("vote-1", 0) + "%1"
    assert all(story_id_for(d, u) != new for d in ("vote-1%1", "vote-1", "vote-1%", "s-vote-1%1") for u in range(3))
    if not memory:
        index.close()


def test_placement_checks_a_growing_story_for_drift() -> None:
    """The check runs as a story grows (here at 4 units) with no call of its own."""
    index = MemoryIndex()
    story = story_id_for("shell-1", 0)
    index.new_story(story, Profile())
    for unit in (_shelling("shell-1"), _vote("vote-1"), _shelling("shell-2")):
        index.join_story(story, unit)
    assert assign(_shelling("shell-3", 1), index) == story
    assert [s for s, units in index.units.items() if ("vote-1", 0) in units] == [story_id_for("vote-1", 0)]


def test_split_in_every_store_dialect(any_store) -> None:  # noqa: ANN001, F811 - the fixture
    """The same split, with document rows behind the units, on SQLite and on PostgreSQL."""
    for d in ("shell-1", "shell-2", "shell-3", "vote-1"):
        any_store.add(make_doc(d), sig(), [])
    story = _drifted_story(any_store)
    assert split_drifted(story, any_store) == {story_id_for("vote-1", 0): [("vote-1", 0)]}
    assert any_store.story_units_of(story) == [("shell-1", 0), ("shell-2", 0), ("shell-3", 0)]
    [record] = any_store.story_splits()
    assert record["source"] == story and record["units"] == [("vote-1", 0)]
    [(found, profile)] = any_store.story_candidates(["N:orbel"], DAY, 14, 10)
    assert found == story_id_for("vote-1", 0) and profile.units == 1 and profile.first == DAY
