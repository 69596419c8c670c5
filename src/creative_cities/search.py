"""Finding records by the names people type: exact and alias matches first, fuzzy ones ranked."""

from __future__ import annotations

import functools
import heapq
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count, pairwise, repeat
from typing import Generic, TypeVar

from .record import Record
from .text import normalise, normalise_all

R = TypeVar("R", bound=Record)
R_co = TypeVar("R_co", bound=Record, covariant=True)

# The ranks of a match, best first; a fuzzy match scores below every other kind.
EXACT, ALIAS, PREFIX, WORD_PREFIX, WORDS, SUBSTRING = 1.0, 0.95, 0.9, 0.85, 0.8, 0.75
FUZZY_WEIGHT, FUZZY_FLOOR = 0.7, 0.6
SUBSTRING_MIN = 3  # shorter queries match too much inside words
COUNT_ALL = 5000  # entries up to which fuzzy search counts every posting of the query's trigrams
# Looking the query's trigrams up in an entry's key costs about as much as this many postings
# to count.
VERIFY_COST = 10


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


class NameIndex(Generic[R]):
    """Normalised names and aliases of a table's records, for ``resolve`` and ``search``.

    Built in one pass over the names. An entry is a name, id or alias of a row; entries are
    numbered shortest key first, so each trigram's list of entries (in that order) holds the
    entries of one key length as one run.
    """

    def __init__(
        self,
        table: str,
        names: Sequence[str],
        rows: Sequence[int],
        aliases: int,
        record: Callable[[int], R],
        order: Mapping[int, str],
    ) -> None:
        """``names[i]`` names row ``rows[i]``, and the last ``aliases`` names are aliases;
        ``record`` builds a row's record and ``order`` holds each row's key as text."""
        self.table, self._record, self._order = table, record, order
        keys = normalise_all(names)
        lengths = list(map(len, keys))
        positions = sorted(compress(range(len(keys)), keys), key=lengths.__getitem__)
        self.positions = positions  # where each entry's name was given: ties go to the first
        self.keys = list(map(keys.__getitem__, positions))
        self.names = list(map(names.__getitem__, positions))
        self.rows = list(map(rows.__getitem__, positions))
        first_alias = len(names) - aliases
        self.aliases = set(compress(count(), map(first_alias.__le__, positions)))
        longest = len(self.keys[-1]) if self.keys else 0
        # The first entry of each key length, and one past the last entry.
        self._starts = [bisect_left(self.keys, length, key=len) for length in range(longest + 2)]
        self.sizes: list[int] = []  # each entry's number of trigrams
        self.postings: dict[str, list[int]] = {}  # trigram -> its entries, in ascending order
        self._by_count: dict[int, list[tuple[int, int, int]]] = {}
        self._index(longest)

    def _index(self, longest: int) -> None:
        postings: defaultdict[str, list[int]] = defaultdict(list)
        windows = [slice(start, start + 3) for start in range(longest + 1)]
        sizes = self.sizes
        for entry, key in enumerate(self.keys):
            padded = f"  {key} "
            grams = set(map(padded.__getitem__, windows[: len(key) + 1]))
            sizes.append(len(grams))
            for gram in grams:
                postings[gram].append(entry)
        self.postings = dict(postings)
        # The fewest trigrams of an entry of each key length.
        self._fewest = [min(sizes[low:high], default=0) for low, high in pairwise(self._starts)]

    @functools.cached_property
    def exact(self) -> dict[str, list[int]]:
        """The rows of each key, in the order their names were given (each row once)."""
        found: dict[str, list[int]] = {}
        for _, key, row in sorted(zip(self.positions, self.keys, self.rows, strict=True)):
            bucket = found.setdefault(key, [])
            if row not in bucket:
                bucket.append(row)
        return found

    def record(self, entry: int) -> R:
        """The record that an entry names."""
        return self._record(self.rows[entry])

    def named(self, text: str) -> list[R]:
        """The records one of whose names or aliases is ``text``, once normalised."""
        return [self._record(row) for row in self.exact.get(normalise(text), [])]

    def resolve(self, text: str) -> R:
        found = self.named(text)
        if len(found) == 1:
            return found[0]
        if found:
            raise Ambiguous(text, self.table, found)
        raise NotFound(text, self.table, self.search(text, limit=3))

    def search(self, text: str, limit: int = 10) -> list[Match[R]]:
        """Exact names, then aliases, prefixes, word prefixes, all the words, substrings and
        finally trigram (fuzzy) matches; each record once, at its best (of one score, the
        name given first). A tier is not searched when ``limit`` records already rank above
        anything it could find."""
        query = normalise(text)
        if not query or limit <= 0:
            return []
        best: dict[int, tuple[float, int]] = {}  # by row: its best score and entry

        def keep(entry: int, score: float) -> None:
            known = best.get(self.rows[entry])
            if known is None or score > known[0]:
                best[self.rows[entry]] = (score, entry)

        def enough(floor: float) -> bool:
            return sum(score > floor for score, _ in best.values()) >= limit

        for entry, offset in self._beginning(query):
            keep(entry, self._literal_score(query, offset, entry))
        words = query.split()
        if len(words) > 1:
            for entry in sorted(self._with_words(words), key=self.positions.__getitem__):
                keep(entry, WORDS)
        if len(query) >= SUBSTRING_MIN and not enough(SUBSTRING):
            for entry, _ in self._inside(query):
                keep(entry, SUBSTRING)
        if not enough(FUZZY_WEIGHT):
            for entry, dice in self._fuzzy(query):
                keep(entry, round(dice * FUZZY_WEIGHT, 4))
        ranked = heapq.nsmallest(
            limit, best.values(), key=lambda found: (-found[0], self._order[self.rows[found[1]]])
        )
        return [Match(self.record(entry), score, self.names[entry]) for score, entry in ranked]

    def _literal_score(self, query: str, offset: int, entry: int) -> float:
        """The rank of ``query`` found at a word start, ``offset``, of the entry's key."""
        if query == self.keys[entry]:
            return ALIAS if entry in self.aliases else EXACT
        return PREFIX if offset == 0 else WORD_PREFIX

    def _candidates(self, grams: Iterable[str]) -> list[int]:
        """The entries holding every one of ``grams`` and maybe others: the shortest list."""
        return min((self.postings.get(gram, []) for gram in grams), key=len, default=[])

    def _occurrences(self, query: str, entries: Iterable[int]) -> Iterator[tuple[int, int]]:
        """Each of ``entries`` whose key holds ``query``, with the offset of each time."""
        keys = self.keys
        for entry in entries:
            key = keys[entry]
            found = key.find(query)
            while found != -1:
                yield entry, found
                found = key.find(query, found + 1)

    def _beginning(self, query: str) -> list[tuple[int, int]]:
        """Each entry with a word (or the key) that ``query`` begins, with its offset, in
        the order of the key from there on (then of the names)."""
        if len(query) == 1:
            lists = [found for gram, found in self.postings.items() if gram[:2] == " " + query]
            entries: Iterable[int] = set(chain.from_iterable(lists))
        else:
            entries = self._candidates([" " + query[:2], *_windows(query)])
        keys = self.keys
        hits = [
            (entry, offset)
            for entry, offset in self._occurrences(query, entries)
            if offset == 0 or keys[entry][offset - 1] == " "
        ]
        hits.sort(key=lambda hit: (keys[hit[0]][hit[1] :], self.positions[hit[0]], hit[1]))
        return hits

    def _inside(self, query: str) -> list[tuple[int, int]]:
        """Each entry whose key holds ``query`` inside a word, with its offset, first by
        where its name was given."""
        keys = self.keys
        hits = [
            (entry, offset)
            for entry, offset in self._occurrences(query, self._candidates(_windows(query)))
            if offset and keys[entry][offset - 1] != " "
        ]
        hits.sort(key=lambda hit: (self.positions[hit[0]], hit[1]))
        return hits

    def _with_words(self, words: list[str]) -> Iterator[int]:
        """The entries whose key has every one of ``words`` as a word."""
        grams = chain.from_iterable(_windows(f" {word} ") for word in words)
        wanted = set(words)
        for entry in self._candidates(grams):
            if wanted <= set(self.keys[entry].split()):
                yield entry

    def _fuzzy(self, query: str) -> list[tuple[int, float]]:
        """Entries whose trigrams' Dice coefficient with the query's reaches FUZZY_FLOOR,
        first by where their names were given.

        A key of n trigrams needs ``need`` shared ones, so it holds one of the rarest
        ``len(grams) - need + 1`` of the query's among keys of its length: only those are
        read.
        """
        grams = trigrams(query)
        low = math.ceil(FUZZY_FLOOR * len(grams) / (2 - FUZZY_FLOOR) - 1e-9)
        high = math.floor(len(grams) * (2 - FUZZY_FLOOR) / FUZZY_FLOOR + 1e-9)
        lists = [found for found in map(self.postings.get, grams) if found]
        if len(self.keys) <= COUNT_ALL:  # few postings: counting them all is quicker
            shared = Counter(chain.from_iterable(lists))
        else:
            shared = self._shared(grams, lists, self._bands(len(grams), low, high))
        found: list[tuple[int, float]] = []
        for entry, common in shared.items():
            size = self.sizes[entry]
            dice = 2 * common / (len(grams) + size)
            if low <= size <= high and dice >= FUZZY_FLOOR:
                found.append((entry, dice))
        found.sort(key=lambda hit: self.positions[hit[0]])
        return found

    def _shared(
        self, grams: frozenset[str], lists: list[list[int]], bands: list[tuple[int, int, int]]
    ) -> Counter[int]:
        """How many of ``grams`` (whose lists are ``lists``) the entries of each band (first,
        one past the last, least count shared) that may share enough of them share; others
        may be left out. Each list is cut once at every band's bounds."""
        bounds = sorted({bound for first, last, _ in bands for bound in (first, last)})
        at = {bound: place for place, bound in enumerate(bounds)}
        cuts = [list(map(bisect_left, repeat(found), bounds)) for found in lists]
        shared: Counter[int] = Counter()
        candidates: set[int] = set()
        for first, last, need in bands:
            start, end = at[first], at[last]
            runs = sorted(
                ((cut[start], cut[end], found) for cut, found in zip(cuts, lists, strict=True)),
                key=lambda run: run[1] - run[0],
            )
            rarest = runs[: len(runs) - need + 1]  # a key sharing ``need`` is in one of these
            if sum(end - start for start, end, _ in rarest) * VERIFY_COST > sum(
                end - start for start, end, _ in runs
            ):  # count each entry's trigrams among all the query's
                shared.update(chain.from_iterable(found[start:end] for start, end, found in runs))
            else:  # else count those of the few entries in the rarest lists
                candidates.update(
                    chain.from_iterable(found[start:end] for start, end, found in rarest)
                )
        keys = self.keys  # a trigram is shared when it is a run of the padded key
        shared.update(
            {entry: sum(map(f"  {keys[entry]} ".__contains__, grams)) for entry in candidates}
        )
        return shared

    def _bands(self, count: int, low: int, high: int) -> list[tuple[int, int, int]]:
        """``_runs`` for a query of ``count`` trigrams (kept: they depend on nothing else)."""
        found = self._by_count.get(count)
        if found is None:
            found = self._by_count[count] = list(self._runs(count, low, high))
        return found

    def _runs(self, count: int, low: int, high: int) -> Iterator[tuple[int, int, int]]:
        """Runs of entries (first, one past the last) of the key lengths that may hold a key
        of ``low`` to ``high`` trigrams, each with the fewest trigrams that such a key must
        share with a query of ``count``; neighbouring lengths that need as many are one run."""
        band: list[int] | None = None
        for length, fewest in enumerate(self._fewest):
            first, last = self._starts[length], self._starts[length + 1]
            if length + 1 < low or fewest > high or first == last:
                continue
            need = math.ceil(FUZZY_FLOOR * (count + max(fewest, low)) / 2 - 1e-9)
            if need > count:
                continue
            if band is not None and band[2] == need and band[1] == first:
                band[1] = last
                continue
            if band is not None:
                yield band[0], band[1], band[2]
            band = [first, last, need]
        if band is not None:
            yield band[0], band[1], band[2]


def _windows(text: str) -> list[str]:
    """The three-letter runs of ``text``, unpadded."""
    return [text[start : start + 3] for start in range(len(text) - 2)]


def trigrams(text: str) -> frozenset[str]:
    """The three-letter runs of a normalised text, padded so that word ends count."""
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def merge(results: Iterable[list[Match[Record]]], limit: int) -> list[Match[Record]]:
    """Matches from several tables, best first."""
    everything = [match for matches in results for match in matches]
    everything.sort(key=lambda match: (-match.score, match.record.table, str(match.record.key)))
    return everything[:limit]
