"""Ranks grouped by word, words in sorted order: the ranks under any run of words, smallest
first, without sorting them all."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from itertools import accumulate, chain

BLOCK = 256  # ranks sorted ahead of time as one block; a run of words merges its whole blocks


class WordRanks:
    """The ranks of each word laid end to end in word order, and each block of them sorted."""

    def __init__(self, groups: Mapping[str, list[int]]) -> None:
        self.words = sorted(groups)
        held = list(map(groups.__getitem__, self.words))
        self.bounds = [0, *accumulate(map(len, held))]  # where each word's ranks start
        self.ranks = list(chain.from_iterable(held))
        self.block = BLOCK
        self.blocks = [
            sorted(self.ranks[start : start + BLOCK]) for start in range(0, len(self.ranks), BLOCK)
        ]

    def span(self, low: str, high: str) -> tuple[int, int]:
        """Where the ranks of the words from ``low`` up to (not with) ``high`` lie."""
        return (
            self.bounds[bisect_left(self.words, low)],
            self.bounds[bisect_left(self.words, high)],
        )

    def ascending(self, start: int, end: int) -> Iterator[int]:
        """The ranks from ``start`` to ``end``, smallest first, each as often as it is held:
        the whole blocks among them merged with the sorted ends."""
        block = self.block
        first, last = -(-start // block), end // block
        if first >= last:
            return iter(sorted(self.ranks[start:end]))
        head = sorted(self.ranks[start : first * block])
        tail = sorted(self.ranks[last * block : end])
        return heapq.merge(head, tail, *self.blocks[first:last])
