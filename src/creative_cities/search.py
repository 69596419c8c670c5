"""Finding records by the names people type: exact and alias matches first, fuzzy ones ranked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .record import Record
from .text import normalise

R = TypeVar("R", bound=Record)
R_co = TypeVar("R_co", bound=Record, covariant=True)

EXACT, PREFIX, WORDS = 1.0, 0.9, 0.8
FUZZY_FLOOR = 0.6


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


@dataclass
class NameIndex(Generic[R]):
    """Normalised names and aliases of a table's records, for ``resolve`` and ``search``."""

    table: str
    exact: dict[str, list[R]] = field(default_factory=dict)
    names: list[tuple[str, frozenset[str], str, R]] = field(default_factory=list)

    def add(self, name: str, record: R) -> None:
        key = normalise(name)
        if not key:
            return
        bucket = self.exact.setdefault(key, [])
        if record not in bucket:
            bucket.append(record)
        self.names.append((key, trigrams(key), name, record))

    def resolve(self, text: str) -> R:
        found = self.exact.get(normalise(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise Ambiguous(text, self.table, found)
        raise NotFound(text, self.table, self.search(text, limit=3))

    def search(self, text: str, limit: int = 10) -> list[Match[R]]:
        query = normalise(text)
        if not query or limit <= 0:
            return []
        grams = trigrams(query)
        best: dict[int, Match[R]] = {}
        for key, key_grams, name, record in self.names:
            score = _score(query, grams, key, key_grams)
            if score and (id(record) not in best or score > best[id(record)].score):
                best[id(record)] = Match(record, score, name)
        ranked = sorted(best.values(), key=lambda match: (-match.score, str(match.record.key)))
        return ranked[:limit]


def trigrams(text: str) -> frozenset[str]:
    """The three-letter runs of a normalised text, padded so that word ends count."""
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _score(query: str, grams: frozenset[str], key: str, key_grams: frozenset[str]) -> float:
    if query == key:
        return EXACT
    if key.startswith(query):
        return PREFIX
    if set(query.split()) <= set(key.split()):
        return WORDS
    shared = len(grams & key_grams)
    if not shared:
        return 0.0
    dice = 2 * shared / (len(grams) + len(key_grams))
    return round(dice * 0.7, 4) if dice >= FUZZY_FLOOR else 0.0


def merge(results: Iterable[list[Match[Record]]], limit: int) -> list[Match[Record]]:
    """Matches from several tables, best first."""
    everything = [match for matches in results for match in matches]
    everything.sort(key=lambda match: (-match.score, match.record.table, str(match.record.key)))
    return everything[:limit]
