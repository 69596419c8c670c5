"""Finding records by the names people type: exact and alias matches first, fuzzy ones ranked."""

from __future__ import annotations

import functools
import heapq
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count, groupby, pairwise, repeat
from typing import Generic, TypeVar

from .record import Record
from .text import normalise, normalise_all
from .word_ranks import WordRanks

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
MERGE_FROM = 512  # trigram candidates up to which their ranks are sorted (else merged by run)


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

    Built in one pass over the names. An entry is a name, id or alias of a row; a row's rank
    is its place in the order of the rows' keys, the order in which matches of one score are
    given. Entries are numbered shortest key first, then by rank, so each trigram's list of
    entries (in that order) holds the entries of one key length as one run, in rank order.
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
        self.table, self._record = table, record
        keys = normalise_all(names)
        self.by_rank = sorted(order, key=order.__getitem__)  # each rank's row
        rank = dict(zip(self.by_rank, count()))
        given_ranks = list(map(rank.__getitem__, rows))
        positions = list(compress(range(len(keys)), keys))
        positions.sort(key=given_ranks.__getitem__)
        positions.sort(key=list(map(len, keys)).__getitem__)
        self.positions = positions  # where each entry's name was given: ties go to the first
        self.keys = list(map(keys.__getitem__, positions))
        self.names = list(map(names.__getitem__, positions))
        self.rows = list(map(rows.__getitem__, positions))
        self.ranks = list(map(given_ranks.__getitem__, positions))  # each entry's row's rank
        first_alias = len(names) - aliases
        self.aliases = set(compress(count(), map(first_alias.__le__, positions)))
        longest = len(self.keys[-1]) if self.keys else 0
        # The first entry of each key length, and one past the last entry.
        self._starts = [bisect_left(self.keys, length, key=len) for length in range(longest + 2)]
        self.sizes: list[int] = []  # each entry's number of trigrams
        self.postings: dict[str, list[int]] = {}  # trigram -> its entries, in ascending order
        self._by_count: dict[int, list[tuple[int, int, int]]] = {}
        self._index(longest)
        self._by_word()

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

    def _by_word(self) -> None:
        """Each key's entries; each rank's entries; the ranks by first word and by later word."""
        by_key: defaultdict[str, list[int]] = defaultdict(list)
        entries: list[list[int]] = [[] for _ in self.by_rank]
        firsts: defaultdict[str, list[int]] = defaultdict(list)
        laters: defaultdict[str, list[int]] = defaultdict(list)
        for entry, (key, rank) in enumerate(zip(self.keys, self.ranks, strict=True)):
            by_key[key].append(entry)
            entries[rank].append(entry)
            words = key.split(" ")
            firsts[words[0]].append(rank)
            for word in words[1:]:
                laters[word].append(rank)
        self._by_key, self._entries = dict(by_key), entries
        self._firsts, self._laters = WordRanks(firsts), WordRanks(laters)
        self._by_words = (self._firsts, self._laters)

    def record(self, entry: int) -> R:
        """The record that an entry names."""
        return self._record(self.rows[entry])

    @functools.cached_property
    def exact(self) -> dict[str, list[int]]:
        """The rows of each key, in the order their names were given (each row once)."""
        return {key: self._named_rows(key) for key in self._by_key}

    def _named_rows(self, key: str) -> list[int]:
        given = sorted(self._by_key.get(key, []), key=self.positions.__getitem__)
        return list(dict.fromkeys(map(self.rows.__getitem__, given)))

    def named(self, text: str) -> list[R]:
        """The records one of whose names or aliases is ``text``, once normalised."""
        return [self._record(row) for row in self._named_rows(normalise(text))]

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
        name given first), records of one score in key order.

        Each tier but the fuzzy one gives its records in key order, so it is read only until
        ``limit`` records are found; a tier is read only when those above it gave fewer.
        """
        query = normalise(text)
        found = self.found_literally(query, limit)
        self.add_fuzzy(query, found, limit)
        return self.matches(found)

    def found_literally(self, query: str, limit: int) -> dict[int, tuple[float, int]]:
        """Up to ``limit`` of the best records that a normalised query matches other than
        fuzzily: by rank, each with its score and entry, best first."""
        found: dict[int, tuple[float, int]] = {}
        if not query or limit <= 0:
            return found
        for rank, score, entry in self._literal(query, found):
            if rank not in found:
                found[rank] = (score, entry)
                if len(found) == limit:
                    break
        return found

    def add_fuzzy(self, query: str, found: dict[int, tuple[float, int]], limit: int) -> None:
        """Add to ``found`` the best fuzzy matches of ranks not in it, up to ``limit``."""
        wanted = limit - len(found)
        if not query or wanted <= 0:
            return
        best: dict[int, tuple[float, int]] = {}
        for entry, dice in self._fuzzy(query):
            rank, score = self.ranks[entry], round(dice * FUZZY_WEIGHT, 4)
            known = best.get(rank)
            if rank not in found and (known is None or score > known[0]):
                best[rank] = (score, entry)
        found.update(heapq.nsmallest(wanted, best.items(), key=lambda hit: (-hit[1][0], hit[0])))

    def matches(self, found: Mapping[int, tuple[float, int]]) -> list[Match[R]]:
        """The records found, in the order given."""
        return [
            Match(self.record(entry), score, self.names[entry]) for score, entry in found.values()
        ]

    def _literal(self, query: str, found: Mapping[int, object]) -> Iterator[tuple[int, float, int]]:
        """Each rank, score and entry of the tiers above the fuzzy one, best tier first and
        by rank within a tier (a rank found above may be given again)."""
        yield from self._exact(query)
        words = query.split(" ")
        first = (words[0], words[0] + "!") if len(words) > 1 else (query, query + "{")
        held = self._candidates(_windows(query)) if len(words) > 1 else None
        for runs, score in zip(self._by_words, (PREFIX, WORD_PREFIX), strict=True):
            start, end = runs.span(*first)
            if held is not None and len(held) < end - start:  # the rarer of word and trigram
                ranks = self._ranks_of(query, held)
            else:
                ranks = runs.ascending(start, end)
            for rank in _distinct(ranks):
                if rank not in found:
                    best = self._at_word_start(query, rank)
                    if best is not None and best[0] == score:
                        yield rank, score, best[1]
        if len(words) > 1:
            for rank in _distinct(self._holding(min(words, key=self._count))):
                entry = None if rank in found else self._with_words(words, rank)
                if entry is not None:
                    yield rank, WORDS, entry
        if len(query) >= SUBSTRING_MIN:
            for rank in self._ranks_of(query, self._candidates(_windows(query))):
                entry = None if rank in found else self._inside_word(query, rank)
                if entry is not None:
                    yield rank, SUBSTRING, entry

    def _exact(self, query: str) -> Iterator[tuple[int, float, int]]:
        """The ranks whose key is the query: by a name, then only by an alias."""
        entries = sorted(self._by_key.get(query, []), key=self.positions.__getitem__)
        named = [entry for entry in entries if entry not in self.aliases]
        first = {self.ranks[entry]: entry for entry in reversed(named)}
        for rank in sorted(first):
            yield rank, EXACT, first[rank]
        first = {self.ranks[entry]: entry for entry in reversed(entries) if entry in self.aliases}
        for rank in sorted(first):
            yield rank, ALIAS, first[rank]

    def _at_word_start(self, query: str, rank: int) -> tuple[float, int] | None:
        """The best literal score of the query in the rank's keys, and the entry it is of:
        of one score, first by the key from the match on, then the name given first."""
        keys, positions = self.keys, self.positions
        hits = [
            (-self._literal_score(query, offset, entry), keys[entry][offset:],
             positions[entry], offset, entry)
            for entry, offset in self._occurrences(query, self._entries[rank])
            if offset == 0 or keys[entry][offset - 1] == " "
        ]  # fmt: skip
        if not hits:
            return None
        best = min(hits)
        return -best[0], best[-1]

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

    def _holding(self, word: str) -> Iterator[int]:
        """The ranks of the keys with ``word`` as a word, smallest first (with repeats)."""
        return heapq.merge(
            *(runs.ascending(*runs.span(word, word + "!")) for runs in self._by_words)
        )

    def _count(self, word: str) -> int:
        """How often ``word`` is a word of a key."""
        spans = [runs.span(word, word + "!") for runs in self._by_words]
        return sum(end - start for start, end in spans)

    def _with_words(self, words: list[str], rank: int) -> int | None:
        """The rank's first-given entry whose key has every one of ``words`` as a word."""
        wanted, keys = set(words), self.keys
        held = [entry for entry in self._entries[rank] if wanted <= set(keys[entry].split(" "))]
        return min(held, key=self.positions.__getitem__, default=None)

    def _ranks_of(self, query: str, entries: list[int]) -> Iterable[int]:
        """The ranks of those of ``entries`` (in ascending order) whose key holds
        ``query``, smallest first (with repeats): a few are sorted, many are merged from
        their runs of one key length."""
        keys = self.keys
        entries = [entry for entry in entries if query in keys[entry]]
        if len(entries) <= MERGE_FROM:
            return sorted(set(map(self.ranks.__getitem__, entries)))
        cuts = [bisect_left(entries, start) for start in self._starts[len(query) :]]
        runs = (entries[start:end] for start, end in pairwise(cuts) if start < end)
        return heapq.merge(*(map(self.ranks.__getitem__, run) for run in runs))

    def _inside_word(self, query: str, rank: int) -> int | None:
        """The rank's first-given entry whose key holds ``query`` inside a word."""
        keys = self.keys
        held = [
            entry
            for entry, offset in self._occurrences(query, self._entries[rank])
            if offset and keys[entry][offset - 1] != " "
        ]
        return min(held, key=self.positions.__getitem__, default=None)

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
        held, sizes = len(grams), self.sizes
        found = [
            (entry, 2 * common / (held + sizes[entry]))
            for entry, common in shared.items()
            if 2 * common / (held + sizes[entry]) >= FUZZY_FLOOR and low <= sizes[entry] <= high
        ]
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


def _distinct(ranks: Iterable[int]) -> Iterator[int]:
    """Ranks given smallest first, each once."""
    return (rank for rank, _ in groupby(ranks))


def _windows(text: str) -> list[str]:
    """The three-letter runs of ``text``, unpadded."""
    return [text[start : start + 3] for start in range(len(text) - 2)]


def trigrams(text: str) -> frozenset[str]:
    """The three-letter runs of a normalised text, padded so that word ends count."""
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def search_all(indexes: Iterable[NameIndex[Record]], text: str, limit: int) -> list[Match[Record]]:
    """Matches from several tables, best first. Every fuzzy match scores below every other,
    so fuzzy matches are looked for only when the tables' other matches are too few."""
    query = normalise(text)
    found = [(index, index.found_literally(query, limit)) for index in indexes]
    if sum(len(matches) for _, matches in found) < limit:
        for index, matches in found:
            index.add_fuzzy(query, matches, limit)
    return merge((index.matches(matches) for index, matches in found), limit)


def merge(results: Iterable[list[Match[Record]]], limit: int) -> list[Match[Record]]:
    """Matches from several tables, best first."""
    everything = [match for matches in results for match in matches]
    everything.sort(key=lambda match: (-match.score, match.record.table, str(match.record.key)))
    return everything[:limit]
