"""Read-only collections of records: a ``Mapping`` from primary key to record, with look-ups."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from difflib import get_close_matches
from typing import Any, Generic, TypeVar

from .record import Record
from .search import Match, NameIndex

K = TypeVar("K")
R = TypeVar("R", bound=Record)


class Table(Mapping[K, R], Generic[K, R]):
    """The records of one table, keyed and iterated in primary-key order."""

    def __init__(self, name: str, records: Iterable[R]) -> None:
        self.name = name
        self._records: dict[K, R] = {record.key: record for record in records}
        self._indexes: dict[str, dict[Any, tuple[R, ...]]] = {}

    def __getitem__(self, key: K) -> R:
        try:
            return self._records[key]
        except KeyError:
            raise KeyError(self._missing(key)) from None

    def __iter__(self) -> Iterator[K]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, key: object) -> bool:
        return key in self._records

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}: {len(self)} records>"

    def where(self, field: str, value: object) -> tuple[R, ...]:
        """The records whose ``field`` equals ``value``, in primary-key order."""
        index = self._indexes.get(field)
        if index is None:
            built: dict[Any, list[R]] = {}
            for record in self._records.values():
                built.setdefault(getattr(record, field), []).append(record)
            index = {value: tuple(group) for value, group in built.items()}
            self._indexes[field] = index
        return index.get(value, ())

    def _missing(self, key: object) -> str:
        keys = [str(known) for known in self._records]
        close = get_close_matches(str(key), keys, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        return f"{key!r} is not a key of {self.name}{hint}"


class NamedTable(Table[str, R]):
    """A table whose records have names: ``resolve`` one by name or alias, ``search`` by any."""

    def __init__(
        self,
        name: str,
        records: Iterable[R],
        name_fields: tuple[str, ...],
        aliases: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(name, records)
        self.name_fields = name_fields
        self._aliases = tuple(aliases)
        self._names: NameIndex[R] | None = None
        self._lock = threading.Lock()

    @property
    def names(self) -> NameIndex[R]:
        """The index of names and aliases, built on first use (once, even across threads)."""
        if self._names is None:
            with self._lock:
                if self._names is None:
                    self._names = self._index()
        return self._names

    def _index(self) -> NameIndex[R]:
        index: NameIndex[R] = NameIndex(self.name)
        for record in self._records.values():
            for field in self.name_fields:
                value = getattr(record, field)
                if value:
                    index.add(str(value), record)
            index.add(str(record.key), record)
        for alias, key in self._aliases:
            index.add(alias, self[key], alias=True)
        return index

    def resolve(self, text: str) -> R:
        """The one record whose id, name or alias is ``text`` (ignoring case, accents and
        punctuation); ``NotFound`` or ``Ambiguous`` otherwise."""
        return self.names.resolve(text)

    def search(self, text: str, limit: int = 10) -> list[Match[R]]:
        """Records ranked by how well a name or alias matches ``text``; never raises."""
        return self.names.search(text, limit)
