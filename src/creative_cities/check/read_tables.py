"""The tables as the file checks read them, and which of their rows the later stages can check.

A file with form problems (a byte order mark, CRLF, semicolons, columns out of order, a short
row) is still read: its well-formed rows go on to the type, key and meaning checks. Only what
cannot be read is left out, and each table says what was left out and why.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..csv_reader import Record
from ..descriptor import Resource, resources
from ..safe_paths import MissingFile, UnsafePath, read_bytes
from . import file_form
from .memo import Kept, content_key
from .plain_form import LINE, read_plain
from .problems import Problem
from .stats import file_stats_of

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class ReadTable:
    """A resource's file as read: its header, and the rows that the type, key and meaning
    checks can read, as text columns in the schema's order with each row's physical line."""

    name: str
    path: str
    primary_key: tuple[str, ...]
    header: tuple[str, ...]
    fields: tuple[str, ...]
    # ``LINE``, then every field as text: the rows the next stages check
    frame: pl.DataFrame
    # why the table is not checked further at all, or why it is checked only in part
    skipped: str | None = None
    partial: str | None = None
    # a digest of what the table was read from (its resource and bytes), for the results
    # that later stages keep; "" for a table whose results are not kept (large or not read)
    key: str = ""
    # the file's ``bytes`` and ``hash`` as a resource declares them; None if it was not read
    stats: dict[str, Any] | None = None

    def column(self, field: str) -> int | None:
        """The 1-based position of a field in the file's header, if it is there."""
        return self.header.index(field) + 1 if field in self.header else None

    def row(self, index: int) -> tuple[int, str | None]:
        """The physical line and the primary key (fields joined by commas) of row ``index``."""
        cells = self.frame.row(index, named=True)
        return cells[LINE], ",".join(cells[key] for key in self.primary_key) or None

    def cells(self) -> list[list[str]]:
        """Every row's cells, in the schema's order."""
        return [list(row) for row in self.frame.drop(LINE).rows()]


# Tables by what they were read from. Only files of a curated table's size are kept, so that
# a process does not hold on to a large package's frames after checking it.
_READ: Kept[tuple[tuple[Problem, ...], ReadTable, int]] = Kept(128)
KEPT_BYTES = 1 << 20


def read_tables(
    descriptor: dict[str, Any], root: Path
) -> tuple[list[Problem], list[ReadTable], dict[str, int]]:
    """Every file's form problems, the tables read from them, and their row counts (a file
    this process has read before, unchanged, under the same resource, is not read again)."""
    problems: list[Problem] = []
    tables: list[ReadTable] = []
    counts: dict[str, int] = {}
    for res in resources(descriptor):
        try:
            raw = read_bytes(root, res.path)
        except (UnsafePath, MissingFile) as exc:  # reported by the descriptor check
            skipped = "missing" if isinstance(exc, MissingFile) else "unsafe"
            tables.append(_table(res, (), [], skipped=skipped))
            continue
        key = content_key(res.descriptor, raw) if len(raw) <= KEPT_BYTES else ""
        found, table, counts[res.name] = _READ.through(key, functools.partial(_read, res, raw, key))
        problems += found
        tables.append(replace(table, stats=file_stats_of(raw)))
    return problems, tables, counts


def _read(res: Resource, raw: bytes, key: str) -> tuple[tuple[Problem, ...], ReadTable, int]:
    """A file's form problems, its table and its count of rows."""
    plain = read_plain(res.path, raw, res)
    if plain is not None:
        found, frame = plain
        table = ReadTable(*_names(res), res.field_names, res.field_names, frame, key=key)
        return tuple(found), table, frame.height
    found, records = file_form.check_file(res.path, raw, res)
    count = sum(1 for _, _, cells in records[1:] if any(cells))
    return tuple(found), replace(_checkable(res, records, found), key=key), count


def _names(res: Resource) -> tuple[str, str, tuple[str, ...]]:
    return res.name, res.path, res.primary_key


def _table(
    res: Resource,
    header: tuple[str, ...],
    rows: list[tuple[int, list[str]]],
    skipped: str | None = None,
    partial: str | None = None,
) -> ReadTable:
    """A table of the rows given as ``(line, cells in the schema's order)``."""
    import polars as pl

    fields = res.field_names
    columns = list(zip(*(cells for _, cells in rows), strict=True)) or [()] * len(fields)
    frame = pl.DataFrame(
        [
            pl.Series(LINE, [line for line, _ in rows], pl.Int64),
            *(pl.Series(f, c, pl.String) for f, c in zip(fields, columns, strict=True)),
        ]
    )
    return ReadTable(*_names(res), header, fields, frame, skipped, partial)


def _checkable(res: Resource, records: list[Record], found: list[Problem]) -> ReadTable:
    """The table with the rows the next stages can read, in the schema's column order."""
    fields = res.field_names
    header_cells = tuple(records[0][2]) if records else ()
    codes = {problem.code: problem for problem in found}
    if "encoding" in codes:
        return _table(res, header_cells, [], skipped="it is not UTF-8 text")
    if "header-width" in codes:
        return _table(res, (), [], skipped="its header is too wide to be a header of this table")
    if not records:
        return _table(res, (), [], skipped="it holds no header row")
    header = [name.strip() for name in header_cells]
    absent = [name for name in fields if name not in header]
    if absent:
        return _table(
            res, header_cells, [], skipped=f"its header lacks the field(s) {', '.join(absent)}"
        )
    positions = [header.index(name) for name in fields]
    in_order = positions == list(range(len(header)))
    body = [(line, cells) for line, _, cells in records[1:] if any(cells)]
    rows = [
        (line, cells if in_order else [cells[i] for i in positions])
        for line, cells in body
        if len(cells) == len(header)
    ]
    left_out = [str(line) for line, cells in body if len(cells) != len(header)]
    notes = []
    if left_out:
        notes.append(f"line(s) {', '.join(left_out)} have the wrong number of cells")
    if "csv-syntax" in codes:
        notes.append(f"nothing from line {codes['csv-syntax'].line} on can be read as CSV")
    return _table(res, header_cells, rows, partial="; ".join(notes) or None)
