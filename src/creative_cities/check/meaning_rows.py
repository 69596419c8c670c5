"""The records the meaning checks read: every well-typed row whose references resolve.

Rows that do not fit their model, or that refer to a record no table holds, are left out of
the meaning checks only (their problems are reported by the type and key checks), so that a
bad row never hides what the others mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..dataset import Dataset
from ..descriptor import ForeignKey, resources
from ..models import MODELS
from ..record import Record
from .read_tables import ReadTable

R = TypeVar("R", bound=Record)
Rows = list[tuple[int, list[str]]]
SHOWN = 10  # lines listed in a note; the problems themselves name every one


def meaning_dataset(
    descriptor: dict[str, Any], root: Path, tables: Sequence[ReadTable]
) -> tuple[Dataset, list[str], dict[str, str]]:
    """A dataset of the checkable rows, a note per table on the rows left out and why, and
    the tables (with their files) that some rows were left out of."""
    by_name = {table.name: table for table in tables}
    keys = {res.name: res.foreign_keys for res in resources(descriptor)}
    notes: list[str] = []
    typed: dict[str, Rows] = {}
    records: dict[str, dict[int, Record]] = {}
    rejected_from: set[str] = set()
    for name, model in MODELS.items():
        table = by_name.get(name)
        records[name], typed[name] = {}, []
        if table is None:
            continue
        rejected = []
        for line, cells in table.rows:
            values = dict(zip(table.fields, cells, strict=True))
            try:
                records[name][line] = model.model_validate(
                    {field: value for field, value in values.items() if value}
                )
            except ValidationError:
                rejected.append(line)
                continue
            typed[name].append((line, cells))
        if rejected:
            rejected_from.add(name)
            notes.append(_note(table, rejected, "a value is not of its field's type"))
    dangling = _dangling(typed, by_name, keys)
    for name, lines in dangling.items():
        for line in lines:
            records[name].pop(line, None)
        notes.append(_note(by_name[name], sorted(lines), "a reference names no record read"))

    def reader(model: type[R]) -> list[R]:
        return [record for record in records[model.table].values() if isinstance(record, model)]

    incomplete = {
        table.name: table.path
        for table in tables
        if table.skipped or table.partial or table.name in rejected_from or table.name in dangling
    }
    return Dataset(root, descriptor, reader), notes, incomplete


def _dangling(
    typed: dict[str, Rows],
    tables: dict[str, ReadTable],
    keys: dict[str, tuple[ForeignKey, ...]],
) -> dict[str, set[int]]:
    """Lines of rows with a reference that names no kept row (in a table that could not be
    read, none is kept); repeated until no more rows drop, since a dropped row can leave
    others dangling."""
    dropped: dict[str, set[int]] = {name: set() for name in typed}

    def values(name: str, cells: list[str], fields: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(cells[tables[name].fields.index(field)] for field in fields)

    while True:
        present = {
            (name, fields): {
                values(name, cells, fields)
                for line, cells in typed.get(name, [])
                if line not in dropped[name]
            }
            for references in keys.values()
            for key in references
            for name, fields in [(key.table, key.target)]
            if name in tables
        }
        more = False
        for name, rows in typed.items():
            for key in keys.get(name, ()) if name in tables else ():
                known = present.get((key.table, key.target), set())
                for line, cells in rows:
                    value = values(name, cells, key.columns)
                    if line not in dropped[name] and all(value) and value not in known:
                        dropped[name].add(line)
                        more = True
        if not more:
            return {name: lines for name, lines in dropped.items() if lines}


def _note(table: ReadTable, lines: list[int], why: str) -> str:
    listed = ", ".join(str(line) for line in lines[:SHOWN])
    more = f" and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
    return f"{table.path}: line(s) {listed}{more} left out of the meaning checks: {why}"
