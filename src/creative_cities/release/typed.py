"""A package's tables as typed rows, read from ``datapackage.json`` and the CSV files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..csv_reader import read_rows
from ..descriptor import ForeignKey, resources
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

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def label(self) -> str | None:
        """The column that names a record (``name`` or ``title``), if the table has one."""
        return next((name for name in LABELS if name in self.column_names), None)


def cast(cell: str, kind: str) -> Value:
    """A CSV cell as a value of the Table Schema type ``kind``; an empty cell is None."""
    if cell == "":
        return None
    return field_type(kind).cast(cell)


def read_tables(descriptor: dict[str, Any], root: Path) -> list[TypedTable]:
    """Every resource of a package, in the descriptor's order."""
    tables = []
    for res in resources(descriptor):
        columns = tuple(
            Column(
                name=str(spec["name"]),
                type=str(spec.get("type", "string")),
                title=str(spec.get("title", "")),
                description=str(spec.get("description", "")),
                required=bool(spec.get("constraints", {}).get("required", False)),
            )
            for spec in res.fields
        )
        lines = read_rows(read_bytes(root, res.path).decode("utf-8"))
        next(lines)  # the header, which validation has matched to the schema
        rows = tuple(
            tuple(cast(cell, column.type) for cell, column in zip(row.cells, columns, strict=True))
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
