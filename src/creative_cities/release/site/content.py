"""The package as the site shows it: which tables get a page per record, where each page
lives, and how every value and fact links to its record and its source.

Everything is driven by the descriptor: a table gets record pages when it has a one-column
primary key and a label column, or when another table refers to it; a fact's source is the
``<stem>_source_id`` column that names its field (``lad_source_id`` for ``lad_code``),
else the row's ``source_id``.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...descriptor import ForeignKey
from ...schema_types import Value
from ..typed import TypedTable

SOURCES = "sources"
SOURCE_SUFFIX = "_source_id"
ROW_SOURCE = "source_id"
# Source columns whose stem names no field: the fields each one covers.
COVERS = {"location": ("latitude", "longitude", "geonames_id")}
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
ADDRESS = re.compile(r"https?://\S+")


def file_name(key: str) -> str:
    """The file a record's page is written to: its key where that is safe in a URL."""
    if SAFE_KEY.fullmatch(key):
        return f"{key}.html"
    return f"k-{hashlib.sha256(key.encode()).hexdigest()[:12]}.html"


@dataclass(frozen=True)
class Cell:
    """One value as a page shows it: its text and, when it names a record or a page, a link."""

    text: str
    href: str | None = None
    external: bool = False


@dataclass(frozen=True)
class Fact:
    """A field of a record, its value, and the source that supports it."""

    field: str
    title: str
    value: Cell
    source: Cell | None


@dataclass(frozen=True)
class Related:
    """Rows of another table that refer to a record, shown as a table on the record's page."""

    table: TypedTable
    column: str
    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def titles(self) -> tuple[str, ...]:
        """The shown columns' titles."""
        titles = {column.name: column.title or column.name for column in self.table.columns}
        return tuple(titles[name] for name in self.columns)


class Content:
    """The package's tables with look-ups by key, for the templates."""

    def __init__(self, tables: list[TypedTable]) -> None:
        self.tables = tables
        self.by_name = {table.name: table for table in tables}
        self.records = {table.name: table.records() for table in tables}
        referred = {key.table for table in tables for key in table.foreign_keys}
        self.paged = {
            table.name
            for table in tables
            if len(table.primary_key) == 1 and (table.label or table.name in referred)
        }
        self.keyed: dict[str, dict[str, dict[str, Value]]] = {
            name: {str(row[self.by_name[name].primary_key[0]]): row for row in self.records[name]}
            for name in self.paged
        }
        # Per table and column: its one-column foreign key; per referring table and column:
        # its rows by the key they name. Built as they are first asked for.
        self._keys: dict[tuple[str, str], ForeignKey | None] = {}
        self._referring: dict[tuple[str, str], dict[str, list[dict[str, Value]]]] = {}

    def has(self, name: str) -> bool:
        return name in self.by_name

    def key(self, table: TypedTable, row: dict[str, Value]) -> str:
        return "|".join(str(row[column]) for column in table.primary_key)

    def label(self, table_name: str, key: str) -> str:
        """The name or title of a record, or its key when it has none."""
        table = self.by_name.get(table_name)
        row = self.keyed.get(table_name, {}).get(key)
        if table is None or row is None or table.label is None or row.get(table.label) is None:
            return key
        return str(row[table.label])

    def href(self, table_name: str, key: str) -> str | None:
        """The page of a record, from the site's root, if the table has record pages."""
        if table_name not in self.paged or key not in self.keyed[table_name]:
            return None
        return f"{table_name}/{file_name(key)}"

    def cell(self, table: TypedTable, column: str, value: Value) -> Cell:
        """A value, linked to the record it names or, for a web address, to that address."""
        if value is None:
            return Cell("")
        text = value.isoformat() if isinstance(value, datetime.date) else str(value)
        target = self.foreign_key(table, column)
        if target is not None:
            return Cell(self.label(target.table, text), self.href(target.table, text))
        if isinstance(value, str) and ADDRESS.fullmatch(value):
            return Cell(text, text, external=True)
        return Cell(text)

    def foreign_key(self, table: TypedTable, column: str) -> ForeignKey | None:
        """The one-column foreign key of ``column``, if it has one."""
        if (table.name, column) not in self._keys:
            found = next((key for key in table.foreign_keys if key.columns == (column,)), None)
            self._keys[table.name, column] = found
        return self._keys[table.name, column]

    def referring(self, other: TypedTable, column: str, key: str) -> list[dict[str, Value]]:
        """The rows of ``other`` whose ``column`` names ``key``, in the file's order."""
        if (other.name, column) not in self._referring:
            by_key: dict[str, list[dict[str, Value]]] = {}
            for row in self.records[other.name]:
                if row[column] is not None:
                    by_key.setdefault(str(row[column]), []).append(row)
            self._referring[other.name, column] = by_key
        return self._referring[other.name, column].get(key, [])

    def source_column(self, table: TypedTable, field: str) -> str | None:
        """The column naming the source of ``field``: its own ``*_source_id``, else the row's."""
        for column in table.column_names:
            if not column.endswith(SOURCE_SUFFIX) or column == ROW_SOURCE:
                continue
            stem = column.removesuffix(SOURCE_SUFFIX)
            if field == stem or field.startswith(stem + "_") or field in COVERS.get(stem, ()):
                return column
        return ROW_SOURCE if ROW_SOURCE in table.column_names else None

    def is_source_column(self, table: TypedTable, column: str) -> bool:
        key = self.foreign_key(table, column)
        return key is not None and key.table == SOURCES

    def facts(self, table: TypedTable, row: dict[str, Value]) -> list[Fact]:
        """The record's non-empty fields, each with its source (none for the source columns)."""
        facts = []
        for column in table.columns:
            value = row[column.name]
            if value is None or self.is_source_column(table, column.name):
                continue
            source = None
            if table.name != SOURCES:
                named = self.source_column(table, column.name)
                chosen = row.get(named) if named else None
                if chosen is None and named != ROW_SOURCE:
                    chosen = row.get(ROW_SOURCE)
                if chosen is not None:
                    source = Cell(self.label(SOURCES, str(chosen)), self.href(SOURCES, str(chosen)))
            shown = self.cell(table, column.name, value)
            facts.append(Fact(column.name, column.title or column.name, shown, source))
        return facts

    def cited(self, table: TypedTable, row: dict[str, Value]) -> list[str]:
        """The ids of the sources that a record and the rows referring to it cite, in order."""
        key = self.key(table, row)
        rows = [(table, row)] + [
            (other, found)
            for other, column, _ in self._pointing(table)
            for found in self.referring(other, column, key)
        ]
        return list(
            dict.fromkeys(
                str(values[column])
                for owner, values in rows
                for column in owner.column_names
                if self.is_source_column(owner, column) and values[column] is not None
            )
        )

    def _pointing(self, table: TypedTable) -> Iterator[tuple[TypedTable, str, int]]:
        """Every table and column whose one-column foreign key refers to ``table``, with how
        many such keys that table has."""
        for other in self.tables:
            pointing = [
                k for k in other.foreign_keys if k.table == table.name and len(k.columns) == 1
            ]
            for foreign in pointing:
                yield other, foreign.columns[0], len(pointing)

    def related(self, table: TypedTable, key: str) -> Iterator[Related]:
        """Every table's rows that refer to the record ``key`` of ``table``, table by table."""
        for other, column, keys in self._pointing(table):
            rows = self.referring(other, column, key)
            if not rows:
                continue
            shown = tuple(c for c in other.column_names if c != column)
            heading = other.title or other.name
            if keys > 1:
                title = next(c.title for c in other.columns if c.name == column) or column
                heading = f"{heading} ({title})"
            yield Related(
                table=other,
                column=column,
                heading=heading,
                columns=shown,
                rows=tuple(
                    tuple(self.cell(other, name, row[name]) for name in shown) for row in rows
                ),
            )

    def rows(self, table: TypedTable) -> list[tuple[Cell, ...]]:
        """Every row of a table as cells, its key linked to the record's page when it has one."""
        cells = []
        for row in self.records[table.name]:
            line = []
            for column in table.column_names:
                cell = self.cell(table, column, row[column])
                if table.name in self.paged and column == table.primary_key[0]:
                    cell = Cell(cell.text, self.href(table.name, cell.text))
                line.append(cell)
            cells.append(tuple(line))
        return cells

    def title_of(self, table: TypedTable, column: str) -> str:
        return next((c.title for c in table.columns if c.name == column), "") or column
