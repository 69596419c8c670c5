"""The fast way to read a table: split plain lines, type each column's distinct values in one
pydantic call, keep the columns and build a record only when it is asked for.

Each step returns ``None`` when the file is not plainly well formed or a value does not
validate; the caller then reads the file row by row, which locates the problem.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from .csv_reader import MAX_VALUE_CHARS
from .record import Record

if TYPE_CHECKING:
    from .dataset import Dataset

R = TypeVar("R", bound=Record)
Columns = dict[str, Sequence[Any]]


def split_lines(text: str) -> list[list[str]] | None:
    """The cells of every line, header first, when each line is one record; ``None`` when a
    line is blank, too long or has a carriage return or a quote that does not close on it."""
    if not text.endswith("\n") or "\r" in text:
        return None
    lines = text[:-1].split("\n")
    if not all(lines) or max(map(len, lines)) > MAX_VALUE_CHARS:
        return None
    if '"' not in text:
        return [line.split(",") for line in lines]
    import csv

    try:
        rows = list(csv.reader(lines, strict=True))
    except csv.Error:
        return None
    return rows if len(rows) == len(lines) else None  # else a quoted value spans lines


def typed_columns(model: type[Record], rows: list[list[str]]) -> Columns | None:
    """Every field's column of typed values (``None`` for an empty cell), or ``None`` if a
    row has the wrong width, the header is not the model's or a value does not validate."""
    header, body = rows[0], rows[1:]
    fields = model.model_fields
    if len(set(header)) != len(header) or not set(header) <= set(fields):
        return None
    width = len(header)
    if body and set(map(len, body)) != {width}:
        return None
    cells = list(zip(*body, strict=True)) if body else [() for _ in header]
    columns: Columns = {}
    for name, column in zip(header, cells, strict=True):
        if not "".join(column).isprintable():  # a control character, or a rarer odd one
            return None
        typed = _typed(model, name, column)
        if typed is None:
            return None
        columns[name] = typed
    for name, field in fields.items():
        if name not in columns:
            if field.is_required():
                return None
            columns[name] = [field.default] * len(body)
    return columns


def _typed(model: type[Record], name: str, column: Sequence[str]) -> Sequence[Any] | None:
    field = model.model_fields[name]
    distinct = set(column)
    if "" in distinct:
        if field.is_required() or field.default is not None:
            return None
        distinct.discard("")
    values = list(distinct)
    try:
        validated = _adapter(model, name).validate_python(values)
    except ValidationError:
        return None
    if not validated or type(validated[0]) is str:
        # Text stays as read (pydantic returns it unchanged); an empty cell is ``None``.
        return [cell or None for cell in column]
    typed = dict(zip(values, validated, strict=True))
    typed[""] = None
    return [typed[cell] for cell in column]


@functools.cache
def _adapter(model: type[Record], name: str) -> TypeAdapter[list[Any]]:
    """Validates a list of values as the field would, in one call."""
    field = model.model_fields[name]
    annotation: Any = field.annotation
    if field.metadata:
        annotation = Annotated[(annotation, *field.metadata)]
    return TypeAdapter(list[annotation])


class Stored(Generic[R]):
    """A table's validated columns, from which records are built one at a time when asked."""

    def __init__(self, model: type[R], columns: Columns, dataset: Dataset) -> None:
        self.model, self.columns, self._dataset = model, columns, dataset
        self._names = list(model.model_fields)
        self._fields_set = set(self._names)

    def keys(self) -> list[Any]:
        """The primary key of every row: a value, or a tuple of values for a composite key."""
        key = [self.columns[name] for name in self.model.primary_key]
        return list(key[0]) if len(key) == 1 else list(zip(*key, strict=True))

    def record(self, row: int) -> R:
        """The record of a row, tied to the dataset, built without validating it again."""
        record = object.__new__(self.model)
        values = {name: self.columns[name][row] for name in self._names}
        object.__setattr__(record, "__dict__", values)
        object.__setattr__(record, "__pydantic_fields_set__", self._fields_set)
        object.__setattr__(record, "__pydantic_extra__", None)
        object.__setattr__(record, "__pydantic_private__", {"_dataset": self._dataset})
        return record
