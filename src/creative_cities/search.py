"""Finding records by the names people type: exact and alias matches first, fuzzy ones ranked."""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Generic, TypeVar

from .bulk import collector_paused
from .record import Record
from .text import normalise

R = TypeVar("R", bound=Record)
R_co = TypeVar("R_co", bound=Record, covariant=True)

# The ranks of a match, best first; a fuzzy match scores below every other kind.
EXACT, ALIAS, PREFIX, WORD_PREFIX, WORDS, SUBSTRING = 1.0, 0.95, 0.9, 0.85, 0.8, 0.75
FUZZY_WEIGHT, FUZZY_FLOOR = 0.7, 0.6
SUBSTRING_MIN = 3  # shorter queries match too much inside words
COUNT_ALL = 5000  # entries up to which fuzzy search counts every posting of the query's trigrams
# A word start is entry * WIDTH + offset: no value is as long (csv_reader.MAX_VALUE_CHARS).
WIDTH = 1 << 20
AFTER_KEYS = "\uffff"  # sorts after every character of a normalised key


@dataclass(frozen=True)
class Match(Generic[R_co]):
    """A record found by ``search()``: how well it matched and the name that matched."""

    record: R_co
    score: float
    matched: str


class NotFound(LookupError):
    """No record has that name or alias; ``suggestions`` holds the closest records."""

    def __init__(self, text: str, table: str, suggestions: Sequence[Match[Record]] = ()) -> None:
        self.text, self.table, self.suggestions = text, table, tuple(suggestions)
        hint = ", ".join(repr(match.matched) for match in self.suggestions[:3])
        super().__init__(
            f"no {table} record is named {text!r}" + (f"; did you mean {hint}?" if hint else "")
        )


class Ambiguous(LookupError):
    """More than one record has that name or alias; ``candidates`` holds them all."""

    def __init__(self, text: str, table: str, candidates: Sequence[Record]) -> None:
        self.text, self.table, self.candidates = text, table, tuple(candidates)
        keys = ", ".join(repr(record.key) for record in self.candidates)
        super().__init__(f"{text!r} names more than one {table} record: {keys}")


@dataclass(frozen=True)
class _Entry(Generic[R]):
    key: str
    order: str  # the record's key as text: the order of matches of one score
    grams: int
    name: str
    record: R
    alias: bool


@dataclass
class NameIndex(Generic[R]):
    """Normalised names and aliases of a table's records, for ``resolve`` and ``search``."""

    table: str
    exact: dict[str, list[R]] = field(default_factory=dict)
    entries: list[_Entry[R]] = field(default_factory=list)
    # trigram -> the number of trigrams of an entry's key -> the entries with both
    postings: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    word_postings: dict[str, set[int]] = field(default_factory=dict)
    _keys: str | None = None  # every key, one a line, searched in one pass
    _starts: list[int] = field(default_factory=list)
    # Every place a word starts in a key (entry * WIDTH + offset), in the order of the text
    # from there on: the keys a query begins, or begins a word of, are one range of it.
    _word_starts: array[int] = field(default_factory=lambda: array("q"))

    def add(self, name: str, record: R, alias: bool = False) -> None:
        key = normalise(name)
        if not key:
            return
        bucket = self.exact.setdefault(key, [])
        if all(other is not record for other in bucket):  # a record is equal only to itself
            bucket.append(record)
        grams = trigrams(key)
        for gram in grams:
            by_size = self.postings.setdefault(gram, {})
            by_size.setdefault(len(grams), []).append(len(self.entries))
        for word in key.split():
            self.word_postings.setdefault(word, set()).add(len(self.entries))
        self._keys = None
        self.entries.append(_Entry(key, str(record.key), len(grams), name, record, alias))

    def _text(self) -> tuple[str, list[int], array[int]]:
        """Every key, one a line, with where each starts, and the sorted word starts."""
        if self._keys is None:
            with collector_paused():
                self._build_text()
        assert self._keys is not None
        return self._keys, self._starts, self._word_starts

    def _build_text(self) -> None:
        """Join the keys and sort the word starts (once: adding a name clears them)."""
        self._starts, offset = [], 0
        for entry in self.entries:
            self._starts.append(offset)
            offset += len(entry.key) + 1
        self._keys = "\n".join(entry.key for entry in self.entries)
        starts = [
            position * WIDTH + offset
            for position, entry in enumerate(self.entries)
            for offset in (0, *(i + 1 for i, char in enumerate(entry.key) if char == " "))
        ]
        starts.sort(key=self._from)
        self._word_starts = array("q", starts)

    def _from(self, start: int) -> str:
        """The key of a word start, from that word on."""
        return self.entries[start // WIDTH].key[start % WIDTH :]

    def _beginning(self, query: str) -> Iterator[tuple[int, int]]:
        """Each entry with a word (or the key) that ``query`` begins, with its offset."""
        starts = self._text()[2]
        low = bisect_left(starts, query, key=self._from)
        high = bisect_left(starts, query + AFTER_KEYS, lo=low, key=self._from)
        for start in starts[low:high]:
            yield start // WIDTH, start % WIDTH

    def _occurrences(self, query: str) -> Iterator[tuple[int, int]]:
        """Each entry whose key contains ``query``, with the offset of each occurrence."""
        keys, starts, _ = self._text()
        found = keys.find(query)
        while found != -1:
            position = bisect_right(starts, found) - 1
            yield position, found - starts[position]
            found = keys.find(query, found + 1)

    def resolve(self, text: str) -> R:
        found = self.exact.get(normalise(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise Ambiguous(text, self.table, found)
        raise NotFound(text, self.table, self.search(text, limit=3))

    def search(self, text: str, limit: int = 10) -> list[Match[R]]:
        """Exact names, then aliases, prefixes, word prefixes, all the words, substrings and
        finally trigram (fuzzy) matches; each record once, at its best. A tier is not
        searched when ``limit`` records already rank above anything it could find."""
        query = normalise(text)
        if not query or limit <= 0:
            return []
        best: dict[int, tuple[float, _Entry[R]]] = {}  # by record: its best score and entry

        def keep(entry: _Entry[R], score: float) -> None:
            known = best.get(id(entry.record))
            if known is None or score > known[0]:
                best[id(entry.record)] = (score, entry)

        def enough(floor: float) -> bool:
            return sum(score > floor for score, _ in best.values()) >= limit

        for position, offset in self._beginning(query):
            entry = self.entries[position]
            keep(entry, _literal_score(query, offset, entry))
        words = query.split()
        if len(words) > 1:
            sets = [self.word_postings.get(word, set()) for word in words]
            for position in set.intersection(*sets):
                keep(self.entries[position], WORDS)
        if len(query) >= SUBSTRING_MIN and not enough(SUBSTRING):
            for position, offset in self._occurrences(query):
                entry = self.entries[position]
                if offset and entry.key[offset - 1] != " ":
                    keep(entry, SUBSTRING)
        if not enough(FUZZY_WEIGHT):
            for entry, dice in self._fuzzy(query):
                if id(entry.record) in best and best[id(entry.record)][0] >= FUZZY_WEIGHT:
                    continue
                keep(entry, round(dice * FUZZY_WEIGHT, 4))
        ranked = heapq.nsmallest(
            limit, best.values(), key=lambda found: (-found[0], found[1].order)
        )
        return [Match(entry.record, score, entry.name) for score, entry in ranked]

    def _fuzzy(self, query: str) -> Iterator[tuple[_Entry[R], float]]:
        """Entries whose trigrams' Dice coefficient with the query's reaches FUZZY_FLOOR.

        A key of n trigrams needs ``need`` shared ones, so it holds one of the query's
        ``len(grams) - need + 1`` rarest among keys of its size: only those are counted.
        """
        grams = trigrams(query)
        size_range = range(
            math.ceil(FUZZY_FLOOR * len(grams) / (2 - FUZZY_FLOOR) - 1e-9),
            math.floor(len(grams) * (2 - FUZZY_FLOOR) / FUZZY_FLOOR + 1e-9) + 1,
        )
        by_gram = [self.postings.get(gram, {}) for gram in grams]
        if len(self.entries) <= COUNT_ALL:  # few postings: counting them all is quicker
            shared = Counter(
                chain.from_iterable(
                    positions
                    for postings in by_gram
                    for size, positions in postings.items()
                    if size in size_range
                )
            )
            for position, count in shared.items():
                entry = self.entries[position]
                dice = 2 * count / (len(grams) + entry.grams)
                if dice >= FUZZY_FLOOR:
                    yield entry, dice
            return
        candidates: set[int] = set()
        for size in size_range:
            need = math.ceil(FUZZY_FLOOR * (len(grams) + size) / 2 - 1e-9)
            if need > min(size, len(grams)):
                continue
            lists = sorted((postings.get(size, ()) for postings in by_gram), key=len)
            for positions in lists[: len(grams) - need + 1]:
                candidates.update(positions)
        for position in candidates:
            entry = self.entries[position]
            dice = 2 * len(grams & trigrams(entry.key)) / (len(grams) + entry.grams)
            if dice >= FUZZY_FLOOR:
                yield entry, dice


def _literal_score(query: str, offset: int, entry: _Entry[R]) -> float:
    """The rank of ``query`` found at ``offset`` in the entry's key."""
    key = entry.key
    if query == key:
        return ALIAS if entry.alias else EXACT
    if offset == 0:
        return PREFIX
    if key[offset - 1] == " ":
        return WORD_PREFIX
    return SUBSTRING if len(query) >= SUBSTRING_MIN else 0.0


def trigrams(text: str) -> frozenset[str]:
    """The three-letter runs of a normalised text, padded so that word ends count."""
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def merge(results: Iterable[list[Match[Record]]], limit: int) -> list[Match[Record]]:
    """Matches from several tables, best first."""
    everything = [match for matches in results for match in matches]
    everything.sort(key=lambda match: (-match.score, match.record.table, str(match.record.key)))
    return everything[:limit]
