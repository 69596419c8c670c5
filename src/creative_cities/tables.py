"""Read-only collections of records: a ``Mapping`` from primary key to record, with look-ups."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Mapping
from difflib import get_close_matches
from itertools import chain, compress, count, repeat
from typing import Any, Generic, TypeVar

from .bulk import collector_paused
from .columns import Stored
from .record import Record
from .search import Match, NameIndex

K = TypeVar("K")
R = TypeVar("R", bound=Record)


class Table(Mapping[K, R], Generic[K, R]):
    """The records of one table, keyed and iterated in primary-key order. Rows read as
    columns become records when first asked for (each once)."""

    def __init__(self, name: str, records: Iterable[R] | Stored[R]) -> None:
        self.name = name
        self._stored = records if isinstance(records, Stored) else None
        self._built: dict[int, R] = {} if isinstance(records, Stored) else dict(enumerate(records))
        self._indexes: dict[str, dict[Any, tuple[R, ...]]] = {}

    @functools.cached_property
    def _rows(self) -> dict[K, int]:
        """Each key's row, built when first needed (``load()`` does not wait for it). A
        repeated key keeps its first place and its last row, as a dict of records would."""
        if self._stored is None:
            keys = [record.key for record in self._built.values()]
        else:
            keys = self._stored.keys()
        return dict(zip(keys, count()))

    def _record(self, row: int) -> R:
        found = self._built.get(row)
        if found is None:
            assert self._stored is not None  # every row of a list of records is built
            found = self._built.setdefault(row, self._stored.record(row))
        return found

    def __getitem__(self, key: K) -> R:
        try:
            row = self._rows[key]
        except KeyError:
            raise KeyError(self._missing(key)) from None
        return self._record(row)

    def __iter__(self) -> Iterator[K]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}: {len(self)} records>"

    def records(self) -> list[R]:
        """Every record, in primary-key order (as ``values()``, faster)."""
        return [self._record(row) for row in self._rows.values()]

    def column(self, field: str) -> list[Any]:
        """The values of one field, a record's at a time, in primary-key order."""
        if self._stored is not None:
            values = self._stored.columns[field]
            return [values[row] for row in self._rows.values()]
        return [getattr(record, field) for record in self.records()]

    def where(self, field: str, value: object) -> tuple[R, ...]:
        """The records whose ``field`` equals ``value``, in primary-key order."""
        index = self._indexes.get(field)
        if index is None:
            built: dict[Any, list[R]] = {}
            for record in self.records():
                built.setdefault(getattr(record, field), []).append(record)
            index = {value: tuple(group) for value, group in built.items()}
            self._indexes[field] = index
        return index.get(value, ())

    def _missing(self, key: object) -> str:
        keys = [str(known) for known in self._rows]
        close = get_close_matches(str(key), keys, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        return f"{key!r} is not a key of {self.name}{hint}"


class NamedTable(Table[str, R]):
    """A table whose records have names: ``resolve`` one by name or alias, ``search`` by any."""

    def __init__(
        self,
        name: str,
        records: Iterable[R] | Stored[R],
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
                    with collector_paused():
                        self._names = self._index()
        return self._names

    def _index(self) -> NameIndex[R]:
        """Each record's names (its name fields, then its key) in key order, then aliases."""
        keys, rows = list(self._rows), list(self._rows.values())
        values = list(
            chain.from_iterable(zip(*map(self.column, self.name_fields), keys, strict=True))
        )
        owners = chain.from_iterable(map(repeat, rows, repeat(len(self.name_fields) + 1)))
        names = list(map(str, compress(values, values)))
        named = list(compress(owners, values))
        names += (alias for alias, _ in self._aliases)
        named += (self._rows[key] for _, key in self._aliases)
        order = dict(zip(rows, map(str, keys), strict=True))
        return NameIndex(self.name, names, named, len(self._aliases), self._record, order)

    def resolve(self, text: str) -> R:
        """The one record whose id, name or alias is ``text`` (ignoring case, accents and
        punctuation); ``NotFound`` or ``Ambiguous`` otherwise."""
        return self.names.resolve(text)

    def search(self, text: str, limit: int = 10) -> list[Match[R]]:
        """Records ranked by how well a name or alias matches ``text``; never raises."""
        return self.names.search(text, limit)
