"""Results kept by what they depend on, so that a process checking many packages that share
files (the tests, ``fmt`` then ``validate``, an editor checking as one types) works out each
result once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """A bounded store of results by key; past ``size`` results, the one used longest ago
    is let go."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[str, V] = {}

    def get(self, key: str) -> V | None:
        value = self._values.pop(key, None)
        if value is not None:
            self._values[key] = value  # now the most recently used
        return value

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def through(self, key: str, compute: Callable[[], V]) -> V:
        """The value kept under ``key``, or else ``compute()``'s, kept unless ``key`` is ""
        (a result not to keep)."""
        value = self.get(key) if key else None
        if value is None:
            value = compute()
            if key:
                self.keep(key, value)
        return value

    def keep(self, key: str, value: V) -> V:
        """Keep ``value`` under ``key``, and return it."""
        if key not in self._values and len(self._values) >= self.size:
            self._values.pop(next(iter(self._values)))
        self._values[key] = value
        return value


def tables_key(descriptor: dict[str, Any], tables: Sequence[Any]) -> str:
    """A key for a result of the whole package: its descriptor and every table's read key;
    "" (nothing to keep) when a table's results are not kept."""
    keys = [table.key for table in tables]
    return content_key(descriptor, keys) if all(keys) else ""


def content_key(*parts: Any) -> str:
    """A digest of ``parts`` (bytes as they are, anything else as sorted JSON)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str)
        encoded = data if isinstance(data, bytes) else data.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "little"))
        digest.update(encoded)
    return digest.hexdigest()
