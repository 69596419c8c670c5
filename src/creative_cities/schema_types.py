"""Table Schema field types and what each becomes in Python, SQL and Arrow: the one map of them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

Value = str | int | float | datetime.date | None


@dataclass(frozen=True)
class FieldType:
    """One Table Schema type: its Python annotation, how to cast a cell, its SQL and Arrow types."""

    python: str
    cast: Callable[[str], Value]
    sql: str
    arrow: str  # the name of pyarrow's type factory, such as ``int64``


TYPES: dict[str, FieldType] = {
    "string": FieldType("str", str, "TEXT", "string"),
    "integer": FieldType("int", int, "INTEGER", "int64"),
    "year": FieldType("int", int, "INTEGER", "int64"),
    "number": FieldType("float", float, "REAL", "float64"),
    "date": FieldType("datetime.date", datetime.date.fromisoformat, "TEXT", "date32"),
}


def field_type(name: str) -> FieldType:
    """The type a schema names; a type the package does not use is read as a string."""
    return TYPES.get(name, TYPES["string"])
