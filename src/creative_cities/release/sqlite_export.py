"""The package as an SQLite database: typed tables with their keys, indexes, views and metadata."""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..schema_types import Value, field_type
from .about import About
from .typed import TypedTable

VIEW_SUFFIX = "_named"

METADATA_TABLES = (
    'CREATE TABLE "metadata_package" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    'CREATE TABLE "metadata_sources" ("position" INTEGER NOT NULL PRIMARY KEY, '
    '"title" TEXT NOT NULL, "path" TEXT)',
    'CREATE TABLE "metadata_tables" ("table_name" TEXT NOT NULL PRIMARY KEY, '
    '"kind" TEXT NOT NULL, "title" TEXT, "description" TEXT, "primary_key" TEXT, "rows" INTEGER)',
    'CREATE TABLE "metadata_columns" ("table_name" TEXT NOT NULL, "column_name" TEXT NOT NULL, '
    '"position" INTEGER NOT NULL, "type" TEXT NOT NULL, "title" TEXT, "description" TEXT, '
    'PRIMARY KEY ("table_name", "column_name"), '
    'FOREIGN KEY ("table_name") REFERENCES "metadata_tables" ("table_name"))',
)


def quote(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _columns(names: Iterable[str], prefix: str = "") -> str:
    return ", ".join(prefix + quote(name) for name in names)


def create_table(table: TypedTable) -> str:
    """``CREATE TABLE`` with the schema's types, required fields, primary and foreign keys."""
    parts = [
        f"{quote(c.name)} {field_type(c.type).sql}{' NOT NULL' if c.required else ''}"
        for c in table.columns
    ]
    if table.primary_key:
        parts.append(f"PRIMARY KEY ({_columns(table.primary_key)})")
    parts += [
        f"FOREIGN KEY ({_columns(key.columns)}) "
        f"REFERENCES {quote(key.table)} ({_columns(key.target)})"
        for key in table.foreign_keys
    ]
    return f"CREATE TABLE {quote(table.name)} (\n  " + ",\n  ".join(parts) + "\n)"


def create_indexes(table: TypedTable) -> list[str]:
    """An index on every foreign key; SQLite indexes each primary key itself."""
    keyed = dict.fromkeys(key.columns for key in table.foreign_keys)
    return [
        f"CREATE INDEX {quote(table.name + '_' + '_'.join(columns))} "
        f"ON {quote(table.name)} ({_columns(columns)})"
        for columns in keyed
    ]


def is_link_table(table: TypedTable) -> bool:
    """A table whose primary key holds two foreign keys or more: it links records of others
    (a programme place links a programme to a place or a council, with its cycle and stage)."""
    linked = {column for key in table.foreign_keys for column in key.columns}
    return len(set(table.primary_key) & linked) >= 2


def label_name(column: str, label: str) -> str:
    """The view column naming what ``column`` refers to: ``network_id`` gives ``network_name``."""
    return f"{re.sub(r'_(id|code)$', '', column)}_{label}"


def create_view(table: TypedTable, tables: dict[str, TypedTable]) -> str:
    """A view of a link table with, beside each key, the name or title of the record it names."""
    labels: dict[str, str] = {}
    joins = []
    for number, key in enumerate(table.foreign_keys):
        target = tables.get(key.table)
        if len(key.columns) != 1 or target is None or target.label is None:
            continue
        alias, column = f"j{number}", key.columns[0]
        joins.append(
            f"LEFT JOIN {quote(target.name)} AS {alias} "
            f"ON {alias}.{quote(key.target[0])} = t.{quote(column)}"
        )
        labels[column] = (
            f"{alias}.{quote(target.label)} AS {quote(label_name(column, target.label))}"
        )
    selected = []
    for column in table.column_names:
        selected.append(f"t.{quote(column)}")
        if column in labels:
            selected.append(labels[column])
    return (
        f"CREATE VIEW {quote(table.name + VIEW_SUFFIX)} AS SELECT\n  "
        + ",\n  ".join(selected)
        + f"\nFROM {quote(table.name)} AS t\n"
        + "".join(join + "\n" for join in joins)
        + f"ORDER BY {_columns(table.primary_key, 't.')}"
    )


def view_description(table: TypedTable) -> str:
    return f"{table.title}, with the name or title of every record that a key refers to."


def _sql_value(value: Value) -> str | int | float | None:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _insert(connection: sqlite3.Connection, table: TypedTable) -> None:
    marks = ", ".join("?" for _ in table.columns)
    connection.executemany(
        f"INSERT INTO {quote(table.name)} VALUES ({marks})",
        ([_sql_value(value) for value in row] for row in table.rows),
    )


def _write_metadata(connection: sqlite3.Connection, tables: list[TypedTable], about: About) -> None:
    for statement in METADATA_TABLES:
        connection.execute(statement)
    package = {
        "title": about.title,
        "description": about.description,
        "version": about.version,
        "licence": about.licence_text,
        "homepage": about.homepage,
        "citation": about.citation,
    }
    connection.executemany('INSERT INTO "metadata_package" VALUES (?, ?)', package.items())
    connection.executemany(
        'INSERT INTO "metadata_sources" VALUES (?, ?, ?)',
        ((number, title, path or None) for number, (title, path) in enumerate(about.sources, 1)),
    )
    described: list[tuple[str, str, str, str, str | None, int]] = [
        (t.name, "table", t.title, t.description, ", ".join(t.primary_key), len(t.rows))
        for t in tables
    ]
    described += [
        (t.name + VIEW_SUFFIX, "view", t.title, view_description(t), None, len(t.rows))
        for t in tables
        if is_link_table(t)
    ]
    connection.executemany('INSERT INTO "metadata_tables" VALUES (?, ?, ?, ?, ?, ?)', described)
    connection.executemany(
        'INSERT INTO "metadata_columns" VALUES (?, ?, ?, ?, ?, ?)',
        (
            (t.name, c.name, number, c.type, c.title, c.description)
            for t in tables
            for number, c in enumerate(t.columns, 1)
        ),
    )


def write_sqlite(target: Path, tables: list[TypedTable], about: About) -> None:
    """Write the database afresh; the same tables always give the same bytes."""
    target.unlink(missing_ok=True)
    by_name = {table.name: table for table in tables}
    connection = sqlite3.connect(target)
    try:
        with connection:
            for table in tables:
                connection.execute(create_table(table))
                _insert(connection, table)
                for statement in create_indexes(table):
                    connection.execute(statement)
            for table in tables:
                if is_link_table(table):
                    connection.execute(create_view(table, by_name))
            _write_metadata(connection, tables, about)
        connection.execute("VACUUM")
    finally:
        connection.close()
