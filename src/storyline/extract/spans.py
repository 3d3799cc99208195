"""Span look-ups in logarithmic time, so that per-sentence and per-token
questions ("which mentions start in this sentence?", "is this token inside a
time expression?", "which quote holds this figure?") stay linear overall on
long documents instead of scanning every item for every sentence.

Each look-up returns exactly what the plain scan over the list would.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import accumulate, pairwise
from typing import Generic, Protocol, TypeVar

from ..records import Segment


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)
T = TypeVar("T")


class SpanIndex(Generic[S]):
    """Items with ``start`` and ``end``, indexed by ``start``; answers keep the items' given order."""

    def __init__(self, items: Sequence[S]) -> None:
        self._items = list(items)
        self._order = sorted(range(len(self._items)), key=lambda i: self._items[i].start)
        self._starts = [self._items[i].start for i in self._order]
        # Largest end among the items sorted before each position (for containment).
        self._max_end = list(accumulate((self._items[i].end for i in self._order), max))

    def starting_in(self, start: int, end: int) -> list[S]:
        """Items whose start lies in [start, end): ``[x for x in items if start <= x.start < end]``."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [self._items[i] for i in sorted(self._order[lo:hi])]

    def covers(self, pos: int) -> bool:
        """``any(x.start <= pos < x.end for x in items)``."""
        k = bisect_right(self._starts, pos) - 1
        while k >= 0 and self._max_end[k] > pos:
            if self._items[self._order[k]].end > pos:
                return True
            k -= 1
        return False

    def first_containing(self, start: int, end: int, slack: int = 0) -> S | None:
        """The first item, in given order, with ``x.start <= start and end <= x.end + slack``."""
        k = bisect_right(self._starts, start) - 1
        best: int | None = None
        while k >= 0 and self._max_end[k] + slack >= end:
            i = self._order[k]
            if self._items[i].end + slack >= end and (best is None or i < best):
                best = i
            k -= 1
        return None if best is None else self._items[best]

    def overlaps(self, start: int, end: int) -> bool:
        """``any(x.start < end and start < x.end for x in items)``."""
        k = bisect_left(self._starts, end)
        return k > 0 and self._max_end[k - 1] > start


class SegmentIndex:
    """The segment holding a position, and the items of each article unit, in log time.

    Segments tile the text in order (the segmenter's contract); should they
    ever overlap or come unsorted, every answer falls back to the plain scan.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        self._segments = list(segments)
        self._starts = [s.start for s in self._segments]
        self._tiled = all(a.end <= b.start for a, b in pairwise(self._segments))

    def at(self, pos: int) -> Segment | None:
        """``next((s for s in segments if s.start <= pos < s.end), None)``."""
        if not self._tiled:
            return next((s for s in self._segments if s.start <= pos < s.end), None)
        k = bisect_right(self._starts, pos) - 1
        return self._segments[k] if k >= 0 and pos < self._segments[k].end else None

    def unit_at(self, pos: int, kinds: Collection[str] | None = None) -> int | None:
        """The unit of the segment holding ``pos`` (only segments of ``kinds``, when given)."""
        if not self._tiled:
            seg = next((s for s in self._segments if s.start <= pos < s.end and (kinds is None or s.kind in kinds)), None)
        else:
            seg = self.at(pos)
        return None if seg is None or (kinds is not None and seg.kind not in kinds) else seg.unit

    def by_unit(self, items: Iterable[T], pos: Callable[[T], int], kinds: Collection[str] | None = None) -> dict[int, list[T]]:
        """Items grouped by the unit at their position, each group in the items' order."""
        out: dict[int, list[T]] = {}
        for item in items:
            if self._tiled:
                unit = self.unit_at(pos(item), kinds)
                if unit is not None:
                    out.setdefault(unit, []).append(item)
            else:  # overlapping segments: an item may belong to several units
                p = pos(item)
                for u in dict.fromkeys(s.unit for s in self._segments if s.start <= p < s.end and (kinds is None or s.kind in kinds)):
                    out.setdefault(u, []).append(item)
        return out
