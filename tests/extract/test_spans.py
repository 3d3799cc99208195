"""The indexed span look-ups answer exactly what the plain scans answer."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extract.spans import SegmentIndex, SpanIndex
from storyline.records import Segment


@dataclass
class Item:
    start: int
    end: int


items = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda t: Item(t[0], t[0] + t[1])), max_size=25)
positions = st.integers(-2, 80)


@settings(max_examples=200, deadline=None)
@given(items, positions, st.integers(0, 20), st.integers(0, 1))
def test_span_index_equals_plain_scans(xs: list[Item], pos: int, width: int, slack: int) -> None:
    index = SpanIndex(xs)
    start, end = pos, pos + width
    assert index.starting_in(start, end) == [x for x in xs if start <= x.start < end]
    assert index.covers(pos) == any(x.start <= pos < x.end for x in xs)
    assert index.overlaps(start, end) == any(x.start < end and start < x.end for x in xs)
    want = next((x for x in xs if x.start <= start and end <= x.end + slack), None)
    assert index.first_containing(start, end, slack=slack) is want


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10), st.integers(0, 3), st.sampled_from(["body", "teaser", "headline"])), max_size=10), positions)
def test_segment_index_equals_plain_scans(parts: list[tuple[int, int, str]], pos: int) -> None:
    segments, at = [], 0
    for length, unit, kind in parts:
        segments.append(Segment(kind, at, at + length, unit=unit))
        at += length
    for segs in (segments, segments[::-1]):  # tiled, and unsorted (the fallback)
        index = SegmentIndex(segs)
        assert index.at(pos) is next((s for s in segs if s.start <= pos < s.end), None)
        kinds = {"body", "headline"}
        seg = next((s for s in segs if s.start <= pos < s.end and s.kind in kinds), None)
        assert index.unit_at(pos, kinds) == (seg.unit if seg else None)
        grouped = index.by_unit([Item(p, p + 1) for p in range(-1, at + 1)], lambda x: x.start)
        for unit, members in grouped.items():
            assert members == [x for x in [Item(p, p + 1) for p in range(-1, at + 1)] if any(s.unit == unit and s.start <= x.start < s.end for s in segs)]
