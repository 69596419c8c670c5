"""The fast way to read a table: split plain lines a chunk at a time, number each column's
distinct values, type them in one pydantic call, and build a record only when asked.

Each step returns ``None`` when the file is not plainly well formed or a value does not
validate; the caller then reads the file row by row, which locates the problem.
"""

from __future__ import annotations

import functools
import operator
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, count, filterfalse, repeat
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from .csv_reader import MAX_VALUE_CHARS
from .record import Record

if TYPE_CHECKING:
    from .dataset import Dataset

R = TypeVar("R", bound=Record)
# Characters of text split at a time: a chunk's cells are freed (and their memory reused)
# before the next chunk is split, so only one string per distinct value of a column is kept.
CHUNK = 1 << 16
# Stands for a comma between values once quotes are read: a control character, never in a file
# read here.
SEPARATOR = "\x1f"
_ENDS = (",", "\n")  # what may follow a closing quote or come before an opening one
_DOUBLED = {"": '"'}  # nothing between two quotes inside a value: a doubled quote
# Every byte but the ASCII control characters (a newline ends a line): what a plain file holds.
_PLAIN = bytes([*b"\n", *range(0x20, 0x7F), *range(0x80, 0x100)])


@dataclass(frozen=True)
class Column:
    """One column: each row's code (an array, which the garbage collector never scans) and
    the value of each code."""

    codes: Sequence[int]
    values: list[Any]

    def __getitem__(self, row: int) -> Any:
        return self.values[self.codes[row]]

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, rows: Iterable[int]) -> list[Any]:
        """The values of these rows, in their order."""
        return list(map(self.values.__getitem__, map(self.codes.__getitem__, rows)))

    def tolist(self) -> list[Any]:
        """Every row's value."""
        return list(map(self.values.__getitem__, self.codes))


@dataclass
class Read:
    """A file's header and its columns of text: each value read once (one string per
    distinct value, in order of first sight), an empty cell ``None``."""

    header: list[str]
    columns: list[Column]


def read_columns(raw: bytes) -> Read | None:
    """The file's columns, when it is UTF-8 without control characters and each line is one
    record of the header's width (of two cells at least); ``None`` when a line is blank or of
    another width, or a value is too long or quoted over several lines."""
    if not raw.endswith(b"\n") or raw.translate(None, _PLAIN):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text[0] == "\n" or "\n\n" in text:  # a blank line
        return None
    first = text.find("\n")
    header = _header(text[:first])
    if header is None or len(header) < 2:  # a file of one column is read row by row
        return None
    # Each column's code of each value, numbered in order of first sight.
    seen: list[defaultdict[str, int]] = [defaultdict(count().__next__) for _ in header]
    codes = [array("I") for _ in header]
    start = first + 1
    while start < len(text):
        end = text.find("\n", start + CHUNK)
        end = len(text) - 1 if end == -1 else end
        chunk = _cells(text[start:end], len(header))
        if chunk is None:
            return None
        for column, numbers, cells in zip(codes, seen, chunk, strict=True):
            column.fromlist(list(map(numbers.__getitem__, cells)))
        start = end + 1
    return Read(header, [Column(*_texts(*pair)) for pair in zip(codes, seen, strict=True)])


def _texts(codes: array[int], seen: dict[str, int]) -> tuple[array[int], list[str | None]]:
    values: list[str | None] = list(seen)
    if "" in seen:
        values[seen[""]] = None
    return codes, values


def _header(line: str) -> list[str] | None:
    if '"' not in line:
        return line.split(",")
    cells = _quoted(line)
    return None if cells is None else cells[0]


def _cells(text: str, width: int) -> list[list[str]] | None:
    """Each column's cells of lines of ``width`` cells, or ``None``."""
    if '"' not in text:
        columns = _plain(text, width, ",")
    elif (unquoted := _unquoted(text)) is not None:
        columns = _plain(unquoted, width, SEPARATOR)
    else:  # quotes where CSV may or may not allow them: the csv module decides
        rows = _quoted(text)
        if rows is None or set(map(len, rows)) != {width}:
            return None
        cells = list(chain.from_iterable(rows))
        columns = [cells[column::width] for column in range(width)]
    if columns is None or (
        len(text) > MAX_VALUE_CHARS
        and max(map(len, chain.from_iterable(columns))) > MAX_VALUE_CHARS
    ):
        return None  # (a chunk is shorter than that unless one of its lines is)
    return columns


def _unquoted(text: str) -> str | None:
    """``text`` with its quoted values unquoted and the commas between values made
    ``SEPARATOR``, when every quote opens a value, closes one or doubles one in a value, and
    no value spans lines; else ``None``."""
    parts = text.split('"')  # outside quotes, inside, outside...
    outside, inside = parts[::2], parts[1::2]
    between = outside[1:-1]  # "" where a quote is doubled, else a closing and an opening one
    filled = list(filter(None, between))
    if (
        len(parts) % 2 == 0
        or outside[0][-1:] not in ("", ",", "\n")
        or outside[-1][:1] not in ("", ",", "\n")
        or not all(map(str.startswith, filled, repeat(_ENDS)))
        or not all(map(str.endswith, filled, repeat(_ENDS)))
        or any(map(operator.contains, inside, repeat("\n")))
    ):
        return None
    separated = list(map(str.replace, outside, repeat(","), repeat(SEPARATOR)))
    separated[1:-1] = map(_DOUBLED.get, between, separated[1:-1])
    return "".join(chain.from_iterable(zip(separated[:-1], inside, strict=True))) + separated[-1]


def _quoted(text: str) -> list[list[str]] | None:
    """The cells of each line read as CSV, or ``None`` if a line does not parse on its own."""
    import csv

    lines = text.split("\n")
    try:
        rows = list(csv.reader(lines, strict=True))
    except csv.Error:
        return None
    return rows if len(rows) == len(lines) else None  # else a quoted value spans lines


def _plain(text: str, width: int, separator: str) -> list[list[str]] | None:
    """The columns of lines without quotes, in one split at the separators: ``width - 1`` on,
    each line's last cell and the next line's first are one part, joined by a newline."""
    parts = text.split(separator)
    step, lines = width - 1, text.count("\n") + 1
    joined = parts[step:-1:step]
    if len(parts) != lines * step + 1 or not all(map(operator.contains, joined, repeat("\n"))):
        return None  # else each of the ``lines - 1`` joins holds the one newline of its line
    ends = "\n".join(joined).split("\n") if joined else []
    middle = [parts[column::step] for column in range(1, step)]
    return [[parts[0], *ends[1::2]], *middle, [*ends[::2], parts[-1]]]


def typed_columns(model: type[Record], read: Read) -> dict[str, Column] | None:
    """Every field's column of typed values (``None`` for an empty cell), or ``None`` if the
    header is not the model's, a value holds a character that is not printable or a value
    does not validate."""
    fields = model.model_fields
    header = read.header
    if len(set(header)) != len(header) or not set(header) <= set(fields):
        return None
    rows = len(read.columns[0])
    columns: dict[str, Column] = {}
    for name, column in zip(header, read.columns, strict=True):
        typed = _typed(fields[name], column.values)
        if typed is None:
            return None
        columns[name] = Column(column.codes, typed)
    for name, field in fields.items():
        if name not in columns:
            if field.is_required():
                return None
            columns[name] = Column(bytes(rows), [field.default])  # every code 0
    return columns


def _typed(field: FieldInfo, values: list[str | None]) -> list[Any] | None:
    """The typed value of each code, ``None`` for an empty cell's."""
    empty = values.index(None) if None in values else None
    if empty is not None and (field.is_required() or field.default is not None):
        return None
    distinct = [value for value in values if value is not None]
    if not all(map(str.isprintable, filterfalse(str.isascii, distinct))):
        return None  # a character that is not printable (ASCII ones are not in the file)
    annotation: Any = field.annotation
    try:
        validated = _adapter(annotation, *field.metadata).validate_python(distinct)
    except ValidationError:
        return None
    if not validated or type(validated[0]) is str:
        return values  # text stays as read: pydantic returns it unchanged
    if empty is not None:
        validated.insert(empty, None)
    return validated


@functools.cache
def _adapter(annotation: Any, *metadata: Any) -> TypeAdapter[list[Any]]:
    """Validates a list of values as a field of this annotation would, in one call (fields
    of one type share it)."""
    if metadata:
        annotation = Annotated[(annotation, *metadata)]
    return TypeAdapter(list[annotation])


class Stored(Generic[R]):
    """A table's validated columns, from which records are built one at a time when asked."""

    def __init__(self, model: type[R], columns: dict[str, Column], dataset: Dataset) -> None:
        self.model, self.columns, self._dataset = model, columns, dataset
        self._fields = [
            (name, columns[name].codes, columns[name].values) for name in model.model_fields
        ]
        self._fields_set = set(model.model_fields)

    def keys(self) -> list[Any]:
        """The primary key of every row: a value, or a tuple of values for a composite key."""
        key = [self.columns[name].tolist() for name in self.model.primary_key]
        return key[0] if len(key) == 1 else list(zip(*key, strict=True))

    def record(self, row: int) -> R:
        """The record of a row, tied to the dataset, built without validating it again."""
        record = object.__new__(self.model)
        values = {name: values[codes[row]] for name, codes, values in self._fields}
        object.__setattr__(record, "__dict__", values)
        object.__setattr__(record, "__pydantic_fields_set__", self._fields_set)
        object.__setattr__(record, "__pydantic_extra__", None)
        object.__setattr__(record, "__pydantic_private__", {"_dataset": self._dataset})
        return record
