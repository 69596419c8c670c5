"""Types, constraints and keys, checked by frictionless and reported by file line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import Problem

LIMIT_ERRORS = 1000
# What the file checks already report, better: frictionless's versions are dropped.
REPORTED_BY_FILE_CHECKS = frozenset(
    {
        "blank-row",
        "extra-cell",
        "missing-cell",
        "incorrect-label",
        "missing-label",
        "extra-label",
        "duplicate-label",
        "blank-label",
        "hash-count",
        "byte-count",
        "encoding-error",
        "source-error",
        "scheme-error",
        "format-error",
    }
)


@dataclass(frozen=True)
class ReadTable:
    """A resource's file as the file checks read it: lines and cells of every record."""

    name: str
    path: str
    primary_key: tuple[str, ...]
    lines: list[int]
    cells: list[list[str]]
    broken: bool

    def column(self, field: str) -> int | None:
        """The 1-based position of a field in the file's header, if it is there."""
        header = self.cells[0] if self.cells else []
        return header.index(field) + 1 if field in header else None

    def record_id(self, index: int) -> str | None:
        header, cells = self.cells[0], self.cells[index]
        values = [
            cells[header.index(key)]
            for key in self.primary_key
            if key in header and header.index(key) < len(cells)
        ]
        return ",".join(values) or None


def check(descriptor: dict[str, Any], root: Path, tables: Sequence[ReadTable]) -> list[Problem]:
    """Frictionless's findings for every table, located by physical line and grouped.

    The declared ``bytes`` and ``hash`` are left out (stale stats are reported
    once, by the descriptor check), and a foreign key value missing from its
    table is reported once, with every line that uses it.
    """
    from frictionless import Package

    unstated = {
        **descriptor,
        "resources": [
            {key: value for key, value in resource.items() if key not in ("bytes", "hash")}
            for resource in descriptor.get("resources", [])
        ],
    }
    by_name = {table.name: table for table in tables}
    broken = {table.name for table in tables if table.broken}
    result = Package(unstated, basepath=str(root)).validate(limit_errors=LIMIT_ERRORS)
    problems: list[Problem] = []
    missing_keys: dict[tuple[str, str, str, str], list[tuple[int | None, str | None]]] = {}
    for task in result.tasks:
        table = by_name.get(task.name)
        if table is None or table.broken:
            continue
        for error in task.errors:
            if error.type in REPORTED_BY_FILE_CHECKS:
                continue
            line, record_id = _locate(table, getattr(error, "row_number", None))
            if error.type == "foreign-key":
                target = error.reference_name or task.name
                fields = ",".join(error.field_names)
                value = ",".join(str(cell) for cell in error.field_cells)
                missing_keys.setdefault((table.name, fields, value, target), []).append(
                    (line, record_id)
                )
                continue
            field = getattr(error, "field_name", None) or None
            column = getattr(error, "field_number", None) or None
            problems.append(
                Problem(
                    table.path,
                    error.type,
                    _message(error, table),
                    line=line,
                    field=field,
                    column=column,
                    record_id=record_id,
                )
            )
    for (name, field, value, target), uses in missing_keys.items():
        table = by_name[name]
        (line, record_id), others = uses[0], [str(use[0]) for use in uses[1:]]
        also = f" (also used on lines {', '.join(others)})" if others else ""
        if target in broken:  # its own problems are reported; its keys cannot be trusted
            continue
        hint = f"use an id that exists in {target}, or add that record to {target} first"
        problems.append(
            Problem(
                table.path,
                "foreign-key",
                f"{value!r} is not a key of {target}{also}",
                hint,
                line=line,
                field=field,
                column=table.column(field),
                record_id=record_id,
            )
        )
    problems.extend(
        Problem("datapackage.json", error.type, error.message) for error in result.errors
    )
    return problems


def _locate(table: ReadTable, row_number: int | None) -> tuple[int | None, str | None]:
    if not row_number or not 0 < row_number <= len(table.lines):
        return None, None
    return table.lines[row_number - 1], table.record_id(row_number - 1)


CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"')
TYPE = re.compile(r'type is "(\w+)')
POSITION = re.compile(r'position "?(\d+)"?')
CONSTRAINT_WORDS = {
    "enum": "is not one of",
    "pattern": "does not match the pattern",
    "minimum": "is below the minimum",
    "maximum": "is above the maximum",
    "minLength": "is shorter than",
    "maxLength": "is longer than",
}


def _message(error: Any, table: ReadTable) -> str:
    """Frictionless's finding in plain words, with the value it is about."""
    note = str(getattr(error, "note", ""))
    cell = getattr(error, "cell", None)
    if error.type == "constraint-error" and (found := CONSTRAINT.search(note)):
        name, bound = found.groups()
        if name == "required":
            return "this value is required but the cell is empty"
        if name == "pattern" and bound.startswith("^https://"):
            return f"{cell!r} is not an https:// address"
        words = CONSTRAINT_WORDS.get(name, f"breaks the constraint {name}")
        if name == "enum":
            bound = ", ".join(re.findall(r"'([^']*)'", bound))
        return f"{cell!r} {words} {bound}"
    if error.type == "type-error" and (found := TYPE.search(note)):
        return f"{cell!r} is not a valid {found.group(1)}"
    if error.type == "required-error":
        return "this value is required but the cell is empty"
    if error.type in ("primary-key", "unique-error") and (found := POSITION.search(note)):
        line, _ = _locate(table, int(found.group(1)))
        return f"the key repeats the one on line {line}"
    text = f"{error.title.lower()}: {note}" if note else str(error.message)
    return f"{cell!r}: {text}" if cell not in (None, "") else text
