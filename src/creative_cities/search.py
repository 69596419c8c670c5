"""Finding records by the names people type: exact and alias matches first, fuzzy ones ranked."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Generic, TypeVar

from .record import Record
from .text import normalise

R = TypeVar("R", bound=Record)
R_co = TypeVar("R_co", bound=Record, covariant=True)

# The ranks of a match, best first; a fuzzy match scores below every other kind.
EXACT, ALIAS, PREFIX, WORD_PREFIX, WORDS, SUBSTRING = 1.0, 0.95, 0.9, 0.85, 0.8, 0.75
FUZZY_WEIGHT, FUZZY_FLOOR = 0.7, 0.6
SUBSTRING_MIN = 3  # shorter queries match too much inside words


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
    words: frozenset[str]
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
    postings: dict[str, list[int]] = field(default_factory=dict)
    word_postings: dict[str, set[int]] = field(default_factory=dict)
    _keys: str | None = None  # every key, one a line, searched in one pass
    _starts: list[int] = field(default_factory=list)

    def add(self, name: str, record: R, alias: bool = False) -> None:
        key = normalise(name)
        if not key:
            return
        bucket = self.exact.setdefault(key, [])
        if record not in bucket:
            bucket.append(record)
        grams = trigrams(key)
        for gram in grams:
            self.postings.setdefault(gram, []).append(len(self.entries))
        for word in key.split():
            self.word_postings.setdefault(word, set()).add(len(self.entries))
        self._keys = None
        self.entries.append(_Entry(key, frozenset(key.split()), len(grams), name, record, alias))

    def _occurrences(self, query: str) -> Iterator[tuple[int, int]]:
        """Each entry whose key contains ``query``, with the offset of each occurrence."""
        if self._keys is None:
            self._starts, offset = [], 0
            for entry in self.entries:
                self._starts.append(offset)
                offset += len(entry.key) + 1
            self._keys = "\n".join(entry.key for entry in self.entries)
        keys, starts = self._keys, self._starts
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
        finally trigram (fuzzy) matches; each record once, at its best."""
        query = normalise(text)
        if not query or limit <= 0:
            return []
        best: dict[int, Match[R]] = {}

        def keep(entry: _Entry[R], score: float) -> None:
            known = best.get(id(entry.record))
            if known is None or score > known.score:
                best[id(entry.record)] = Match(entry.record, score, entry.name)

        for position, offset in self._occurrences(query):
            entry = self.entries[position]
            score = _literal_score(query, offset, entry)
            if score:
                keep(entry, score)
        words = query.split()
        if len(words) > 1:
            sets = [self.word_postings.get(word, set()) for word in words]
            for position in set.intersection(*sets):
                keep(self.entries[position], WORDS)
        if sum(match.score > FUZZY_WEIGHT for match in best.values()) >= limit:
            # A fuzzy match scores at most FUZZY_WEIGHT: none could enter the first ``limit``.
            return _ranked(best, limit)
        grams = trigrams(query)
        # Counted in C: the postings of common trigrams run to tens of thousands at scale.
        shared = Counter(chain.from_iterable(self.postings.get(gram, ()) for gram in grams))
        # An entry sharing fewer trigrams cannot reach FUZZY_FLOOR, whatever its length.
        least = FUZZY_FLOOR * len(grams) / (2 - FUZZY_FLOOR) - 1e-9
        for position, count in shared.items():
            if count < least:
                continue
            entry = self.entries[position]
            if id(entry.record) in best and best[id(entry.record)].score >= FUZZY_WEIGHT:
                continue
            dice = 2 * count / (len(grams) + entry.grams)
            if dice >= FUZZY_FLOOR:
                keep(entry, round(dice * FUZZY_WEIGHT, 4))
        return _ranked(best, limit)


def _ranked(best: dict[int, Match[R]], limit: int) -> list[Match[R]]:
    ranked = sorted(best.values(), key=lambda match: (-match.score, str(match.record.key)))
    return ranked[:limit]


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
