"""The base of every record: frozen, strict about its fields, and tied to its dataset."""

from __future__ import annotations

import functools
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

if TYPE_CHECKING:
    from .dataset import Dataset


class DetachedRecordError(RuntimeError):
    """A relation was followed on a record that no dataset loaded."""


class Record(BaseModel):
    """A row of a table. Records cannot be changed; relations are looked up in their dataset."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    table: ClassVar[str]
    primary_key: ClassVar[tuple[str, ...]]
    _dataset: Dataset | None = PrivateAttr(default=None)

    @property
    def key(self) -> Any:
        """The primary key: a value, or a tuple of values for a composite key."""
        return _key_of(type(self))(self)

    def dataset(self) -> Dataset:
        """The dataset this record was loaded from."""
        # Read from pydantic's private store directly: ``self._dataset`` goes through
        # ``BaseModel.__getattr__``, which costs more than the rest of a relation.
        private = self.__pydantic_private__
        found: Dataset | None = private.get("_dataset") if private else None
        if found is None:
            raise DetachedRecordError(
                f"this {type(self).__name__} was not loaded by creative_cities.load(), "
                "so its relations cannot be followed"
            )
        return found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), self.key))


@functools.cache
def _key_of(model: type[Record]) -> Callable[[Record], Any]:
    """Reads a model's primary key: one value, or a tuple of several."""
    return attrgetter(*model.primary_key)
