"""The fast way to read a table: split plain lines a chunk at a time, type each column's
values (its distinct ones, where they repeat) in one pydantic call, keep the columns and build
a record only when asked.

Each step returns ``None`` when the file is not plainly well formed or a value does not
validate; the caller then reads the file row by row, which locates the problem.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import ValidationError
from pydantic_core import SchemaValidator, core_schema

from .csv_reader import MAX_VALUE_CHARS
from .record import Record

if TYPE_CHECKING:
    from .dataset import Dataset

R = TypeVar("R", bound=Record)
Columns = dict[str, Sequence[Any]]
# Bytes of a file split at a time: a chunk's repeated cells are freed (and their memory
# reused) before the next chunk is split, so a column keeps one string per distinct value.
CHUNK = 1 << 16
# Stands for a comma between values once quotes are read: a control character, never in a file
# read here.
SEPARATOR = "\x1f"
# A column whose first chunk holds more distinct values than this share of its cells keeps its
# cells as split: finding each in a growing dict of mostly new values costs more than typing
# every value (a key, a name) spares.
MOSTLY_DISTINCT = 0.5
_ENDS = (",", "\n")  # what may follow a closing quote or come before an opening one
_DOUBLED = {"": '"'}  # nothing between two quotes inside a value: a doubled quote
# Every byte but the ASCII control characters (a newline ends a line): what a plain file holds.
_PLAIN = bytes([*b"\n", *range(0x20, 0x7F), *range(0x80, 0x100)])
# The other control characters, U+0080 to U+009F, in UTF-8; the row reader refuses them all
# (a value may hold any other character, printable or not).
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")


@dataclass
class Read:
    """A file's header and columns: each value read once, an empty cell ``None``; ``values``
    holds what each column is typed from: its distinct values in order of first sight (one
    string per distinct value in the column), or the column itself when most of its first
    chunk's values were distinct."""

    header: list[str]
    columns: list[list[str | None]]
    values: list[Sequence[str | None]]


def read_columns(raw: bytes) -> Read | None:
    """The file's columns, when it is UTF-8 without control characters and each line is one
    record of the header's width (of two cells at least); ``None`` when a line is blank or of
    another width, or a value is too long or quoted over several lines."""
    if not raw.endswith(b"\n") or raw.translate(None, _PLAIN):
        return None
    if b"\xc2" in raw and _C1_CONTROL.search(raw):
        return None
    first = raw.find(b"\n")
    header = _header(_decoded(raw[:first]))
    if header is None or len(header) < 2:  # a file of one column is read row by row
        return None  # (so a blank line, without a comma, is never a line of the header's width)
    seen: list[dict[str, str | None] | None] = [{"": None} for _ in header]
    columns: list[list[str | None]] = [[] for _ in header]
    view, start = memoryview(raw), first + 1
    while start < len(raw):
        end = raw.find(b"\n", start + CHUNK)
        end = len(raw) - 1 if end == -1 else end
        chunk = _cells(_decoded(view[start:end]), len(header))
        if chunk is None:
            return None
        for index, (column, cells) in enumerate(zip(columns, chunk, strict=True)):
            distinct = seen[index]
            if distinct is None:
                column += [cell or None for cell in cells]
                continue
            column += map(distinct.setdefault, cells, cells)
            if start == first + 1 and len(distinct) - 1 > len(cells) * MOSTLY_DISTINCT:
                seen[index] = None  # (its distinct values so far are in the column)
        start = end + 1
    values: list[Sequence[str | None]] = [
        column if distinct is None else list(distinct)[1:]
        for column, distinct in zip(columns, seen, strict=True)
    ]
    return Read(header, columns, values)


def _decoded(data: bytes | memoryview) -> str | None:
    """Lines of the file as text (a chunk at a time: the file is never decoded whole, nor
    its text copied into chunks), or ``None`` if they are not UTF-8."""
    try:
        return str(data, "utf-8")
    except UnicodeDecodeError:
        return None


def _header(line: str | None) -> list[str] | None:
    if line is None:
        return None
    if '"' not in line:
        return line.split(",")
    cells = _quoted(line)
    return None if cells is None else cells[0]


def _cells(text: str | None, width: int) -> list[list[str]] | None:
    """Each column's cells of lines of ``width`` cells, or ``None``."""
    if text is None:
        return None
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


def typed_columns(model: type[Record], read: Read) -> Columns | None:
    """Every field's column of typed values (``None`` for an empty cell), or ``None`` if the
    header is not the model's or a value does not validate."""
    fields = model.model_fields
    header = read.header
    if len(set(header)) != len(header) or not set(header) <= set(fields):
        return None
    rows = len(read.columns[0])
    columns: Columns = {}
    for name, column, values in zip(header, read.columns, read.values, strict=True):
        typed = _typed(model, name, column, values)
        if typed is None:
            return None
        columns[name] = typed
    for name, field in fields.items():
        if name not in columns:
            if field.is_required():
                return None
            columns[name] = [field.default] * rows
    return columns


def _typed(
    model: type[Record], name: str, column: list[str | None], values: Sequence[str | None]
) -> Sequence[Any] | None:
    field = model.model_fields[name]
    if (field.is_required() or field.default is not None) and None in column:
        return None  # (scanning a column for an empty cell costs 2 ms per 100,000 cells)
    try:
        validated: list[Any] = _validator(model, name).validate_python(values)
    except ValidationError:  # (or an empty cell where the field needs a value)
        return None
    if values is column:
        return validated
    if not validated or type(validated[0]) is str:
        return column  # text stays as read: pydantic returns it unchanged
    typed: dict[str | None, Any] = dict(zip(values, validated, strict=True))
    typed[None] = None
    return list(map(typed.__getitem__, column))


@functools.cache
def _validator(model: type[Record], name: str) -> SchemaValidator:
    """Validates a list of values as the model validates the field, in one call: the field's
    own core schema in a list (built in microseconds, where a ``TypeAdapter`` took a
    millisecond to generate the schema again)."""
    schema: Any = model.__pydantic_core_schema__  # a model's: {"schema": {"fields": ...}}
    field = schema["schema"]["fields"][name]["schema"]
    if field["type"] == "default":  # the default is the model's business, not a value's
        field = field["schema"]
    return SchemaValidator(core_schema.list_schema(field), schema["config"])


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
