"""A package's tables as typed rows, read from ``datapackage.json`` and the CSV files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..csv_reader import read_rows
from ..descriptor import ForeignKey, resources
from ..partial_date import DESCRIPTOR_PATTERN, PartialDate
from ..safe_paths import read_bytes
from ..schema_types import Value, field_type

LABELS = ("name", "title")


@dataclass(frozen=True)
class Column:
    """One field of a table, as its schema declares it."""

    name: str
    type: str
    title: str
    description: str
    required: bool


@dataclass(frozen=True)
class TypedTable:
    """A resource's schema and its rows, each value cast to its field's type (empty is None)."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    rows: tuple[tuple[Value, ...], ...]

    @cached_property  # kept: the site asks for it hundreds of thousands of times
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def records(self) -> list[dict[str, Value]]:
        """The rows as dictionaries from column name to value, in the file's order."""
        return [dict(zip(self.column_names, row, strict=True)) for row in self.rows]

    @cached_property
    def label(self) -> str | None:
        """The column that names a record (``name`` or ``title``), if the table has one."""
        return next((name for name in LABELS if name in self.column_names), None)


def is_partial_date(spec: dict[str, Any]) -> bool:
    """Whether a field holds partial dates (``2013``, ``2014-08``, ``2014-08-14``)."""
    return bool(spec.get("constraints", {}).get("pattern") == DESCRIPTOR_PATTERN)


def with_date_bounds(fields: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fields, each partial date followed by ``<field>_earliest`` and ``<field>_latest``:
    the first and last day it may mean, typed as dates."""
    out = []
    for spec in fields:
        out.append(spec)
        if is_partial_date(spec):
            required = {"required": True} if spec.get("constraints", {}).get("required") else {}
            for end, words in (("earliest", "first"), ("latest", "last")):
                bound: dict[str, Any] = {
                    "name": f"{spec['name']}_{end}",
                    "title": f"{spec.get('title', spec['name'])}, {end} day",
                    "description": f"The {words} day that `{spec['name']}` may mean.",
                    "type": "date",
                }
                if required:
                    bound["constraints"] = required
                out.append(bound)
    return out


def _cells(cells: Sequence[str], fields: Sequence[dict[str, Any]]) -> list[str]:
    """A CSV row's cells with each partial date's first and last day added after it."""
    out = []
    for cell, spec in zip(cells, fields, strict=True):
        out.append(cell)
        if is_partial_date(spec):
            when = PartialDate.parse(cell) if cell else None
            out += ["", ""] if when is None else [str(when.earliest()), str(when.latest())]
    return out


def cast(cell: str, kind: str) -> Value:
    """A CSV cell as a value of the Table Schema type ``kind``; an empty cell is None."""
    if cell == "":
        return None
    return field_type(kind).cast(cell)


def read_tables(descriptor: dict[str, Any], root: Path) -> list[TypedTable]:
    """Every resource of a package, in the descriptor's order; each partial date field is
    followed by its first and last day (``with_date_bounds``)."""
    tables = []
    for res in resources(descriptor):
        fields = with_date_bounds(res.fields)
        columns = tuple(
            Column(
                name=str(spec["name"]),
                type=str(spec.get("type", "string")),
                title=str(spec.get("title", "")),
                description=str(spec.get("description", "")),
                required=bool(spec.get("constraints", {}).get("required", False)),
            )
            for spec in fields
        )
        lines = read_rows(read_bytes(root, res.path).decode("utf-8"))
        next(lines)  # the header, which validation has matched to the schema
        rows = tuple(
            tuple(
                cast(cell, column.type)
                for cell, column in zip(_cells(row.cells, res.fields), columns, strict=True)
            )
            for row in lines
        )
        tables.append(
            TypedTable(
                name=res.name,
                title=str(res.descriptor.get("title", "")),
                description=str(res.descriptor.get("description", "")),
                columns=columns,
                primary_key=res.primary_key,
                foreign_keys=res.foreign_keys,
                rows=rows,
            )
        )
    return tables
