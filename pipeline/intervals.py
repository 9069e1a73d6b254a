"""Membership and overlap tests against many character ranges, in logarithmic time.

Rules ask, for every token, sentence or candidate, whether it lies in a
boilerplate region, a quote or an interviewer's turn. Asked of a list, that
costs the number of items times the number of ranges, which grows with the
square of the text. `Intervals` sorts the ranges once and answers each
question with a binary search, giving exactly the answers of the loops it
replaces (empty and overlapping ranges included)::

    >>> spans = Intervals([(10, 20), (15, 30), (40, 40)])
    >>> spans.contains(29), spans.contains(30), spans.overlaps(35, 45), spans.covers(16, 25), spans.covers(12, 25)
    (True, False, True, True, False)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")


def starting_in(items: Sequence[T], starts: Sequence[int], low: int, high: int) -> Sequence[T]:
    """The items (sorted by start; ``starts`` their starts) that start in ``[low, high)``,
    in order, found without reading the others."""
    return items[bisect_left(starts, low) : bisect_left(starts, high)]


class Disjoint:
    """A growing set of ranges that never overlap: `claim` adds a range when it is free.

    ``claim(start, end)`` is ``not any(start < e and s < end for s, e in taken)``
    followed, when true, by taking the range: since the ranges taken never
    overlap, their ends rise with their starts, and only the last one starting
    before ``end`` can overlap.
    """

    __slots__ = ("_taken",)

    def __init__(self) -> None:
        self._taken: list[tuple[int, int]] = []

    def claim(self, start: int, end: int) -> bool:
        before = bisect_left(self._taken, (end,))
        if before and self._taken[before - 1][1] > start:
            return False
        insort(self._taken, (start, end))
        return True


class Intervals:
    """Half-open ranges ``[start, end)``; answers like ``any(...)`` over all of them."""

    __slots__ = ("_starts", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        # _reach[k]: the furthest end among the first k + 1 ranges by start.
        self._reach = list(accumulate((end for _, end in ordered), max))

    def __len__(self) -> int:
        return len(self._starts)

    def contains(self, offset: int) -> bool:
        """``any(start <= offset < end for start, end in spans)``."""
        k = bisect_right(self._starts, offset)
        return k > 0 and self._reach[k - 1] > offset

    def covers(self, start: int, end: int) -> bool:
        """``any(s_start <= start and end <= s_end for s_start, s_end in spans)``."""
        k = bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """``any(start < s_end and s_start < end for s_start, s_end in spans)``."""
        k = bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start
