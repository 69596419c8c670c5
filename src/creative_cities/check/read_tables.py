"""The tables as the file checks read them, and which of their rows the later stages can check.

A file with form problems (a byte order mark, CRLF, semicolons, columns out of order, a short
row) is still read: its well-formed rows go on to the type, key and meaning checks. Only what
cannot be read is left out, and each table says what was left out and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..descriptor import Resource, resources
from ..safe_paths import MissingFile, UnsafePath, read_bytes
from . import file_form
from .problems import Problem


@dataclass(frozen=True)
class ReadTable:
    """A resource's file as read: the lines and cells of every record (header first), and
    the rows in schema order that the type, key and meaning checks can read."""

    name: str
    path: str
    primary_key: tuple[str, ...]
    lines: list[int]
    cells: list[list[str]]
    fields: tuple[str, ...] = ()
    # (physical line, cells in the schema's order) of every row the next stages check
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    # why the table is not checked further at all, or why it is checked only in part
    skipped: str | None = None
    partial: str | None = None

    def column(self, field: str) -> int | None:
        """The 1-based position of a field in the file's header, if it is there."""
        header = self.cells[0] if self.cells else []
        return header.index(field) + 1 if field in header else None

    def key_of(self, cells: list[str]) -> str:
        """The primary key of a row given in schema order."""
        return ",".join(cells[self.fields.index(key)] for key in self.primary_key)


def read_tables(
    descriptor: dict[str, Any], root: Path
) -> tuple[list[Problem], list[ReadTable], dict[str, int]]:
    """Every file's form problems, the tables read from them, and their row counts."""
    problems: list[Problem] = []
    tables: list[ReadTable] = []
    counts: dict[str, int] = {}
    for res in resources(descriptor):
        try:
            raw = read_bytes(root, res.path)
        except (UnsafePath, MissingFile) as exc:  # reported by the descriptor check
            skipped = "missing" if isinstance(exc, MissingFile) else "unsafe"
            tables.append(ReadTable(res.name, res.path, res.primary_key, [], [], skipped=skipped))
            continue
        found, rows = file_form.check_file(res.path, raw, res)
        problems += found
        lines = [line for line, _, _ in rows]
        cells = [row for _, _, row in rows]
        counts[res.name] = sum(map(any, cells[1:]))
        tables.append(_checkable(res, lines, cells, found))
    return problems, tables, counts


def _checkable(
    res: Resource, lines: list[int], cells: list[list[str]], found: list[Problem]
) -> ReadTable:
    """The table with the rows the next stages can read, in the schema's column order."""
    fields = res.field_names

    def table(
        rows: list[tuple[int, list[str]]], skipped: str | None = None, partial: str | None = None
    ) -> ReadTable:
        return ReadTable(
            res.name, res.path, res.primary_key, lines, cells, fields, rows, skipped, partial
        )

    codes = {problem.code: problem for problem in found}
    if "encoding" in codes:
        return table([], skipped="it is not UTF-8 text")
    if "header-width" in codes:
        return table([], skipped="its header is too wide to be a header of this table")
    if not cells:
        return table([], skipped="it holds no header row")
    header = [name.strip() for name in cells[0]]
    absent = [name for name in fields if name not in header]
    if absent:
        return table([], skipped=f"its header lacks the field(s) {', '.join(absent)}")
    positions = [header.index(name) for name in fields]
    in_order = positions == list(range(len(header)))
    rows = [
        (line, row if in_order else [row[i] for i in positions])
        for line, row in zip(lines[1:], cells[1:], strict=True)
        if len(row) == len(header) and any(row)
    ]
    left_out = [
        str(line)
        for line, row in zip(lines[1:], cells[1:], strict=True)
        if any(row) and len(row) != len(header)
    ]
    notes = []
    if left_out:
        notes.append(f"line(s) {', '.join(left_out)} have the wrong number of cells")
    if "csv-syntax" in codes:
        notes.append(f"nothing from line {codes['csv-syntax'].line} on can be read as CSV")
    return table(rows, partial="; ".join(notes) or None)
