"""Types, constraints and keys, checked by frictionless and reported by file line."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..descriptor import key_fields, resources
from .expected_form import describe_problem
from .memo import Kept
from .problems import Problem
from .read_tables import ReadTable

LIMIT_ERRORS = 1000
# What describes a file rather than its rows: frictionless gets the rows inline.
FILE_PROPERTIES = frozenset(
    {"path", "bytes", "hash", "encoding", "dialect", "format", "mediatype", "compression"}
)
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
class Finding:
    """One frictionless error as plain values, as the parent process keeps it."""

    type: str
    title: str
    message: str
    note: str
    row_number: int | None
    field_name: str | None
    cell: Any
    reference_name: str | None
    field_names: tuple[str, ...]
    field_cells: tuple[Any, ...]


@dataclass(frozen=True)
class Plan:
    """The rows to give frictionless, per resource, and a key for what each one's result
    depends on: its schema, its rows and the referenced fields of the tables its foreign
    keys name (frictionless looks a reference up among those fields' values alone)."""

    package: dict[str, Any]
    inline: dict[str, dict[str, Any]]
    # of each table, the tables its foreign keys name and the fields they name in each
    targets: dict[str, dict[str, tuple[str, ...]]]
    keys: dict[str, str]


# Results by plan key, so that a table unchanged since the last run in this process is not
# checked again (the corpus of invalid packages changes one or two tables of sixteen).
_RESULTS: Kept[list[Finding]] = Kept(512)


def plan(descriptor: dict[str, Any], tables: Sequence[ReadTable]) -> Plan:
    """What frictionless is to check: every readable table's rows, given inline.

    Frictionless reads the rows the file checks read, so a byte order mark, CRLF or a
    column out of order hides nothing; foreign keys into a table that cannot be read whole
    are left out.
    """
    by_name = {table.name: table for table in tables if table.skipped is None}
    trusted = {name for name, table in by_name.items() if table.partial is None}
    inline: dict[str, dict[str, Any]] = {}
    targets: dict[str, dict[str, tuple[str, ...]]] = {}
    for resource in descriptor.get("resources", []):
        table = by_name.get(str(resource.get("name")))
        if table is None:
            continue
        schema = dict(resource.get("schema", {}))
        schema["foreignKeys"] = checked_foreign_keys(schema, table.name, trusted)
        kept = {key: value for key, value in resource.items() if key not in FILE_PROPERTIES}
        rows = [list(table.fields), *table.cells()]
        inline[table.name] = {**kept, "schema": schema, "data": rows}
        named: dict[str, set[str]] = {}
        for key in schema["foreignKeys"]:
            target = key["reference"].get("resource") or table.name
            named.setdefault(target, set()).update(key_fields(key["reference"]["fields"]))
        named.pop(table.name, None)
        targets[table.name] = {target: tuple(sorted(named[target])) for target in sorted(named)}
    package = {key: value for key, value in descriptor.items() if key != "resources"}
    keys = {
        name: hashlib.sha256(
            json.dumps(
                [
                    package,
                    inline[name],
                    *(
                        _projected(inline[target], fields)
                        for target, fields in targets[name].items()
                    ),
                ],
                sort_keys=True,
                default=str,
            ).encode("utf-8")
        ).hexdigest()
        for name in inline
    }
    return Plan(package, inline, targets, keys)


def checked_foreign_keys(
    schema: dict[str, Any], name: str, trusted: set[str]
) -> list[dict[str, Any]]:
    """The foreign keys of table ``name`` that are checked: those into a table read whole."""
    return [
        key
        for key in schema.get("foreignKeys", [])
        if (key["reference"].get("resource") or name) in trusted
    ]


def uncached(checks: Plan) -> list[str]:
    """The tables whose result this process does not hold yet."""
    return [name for name, key in checks.keys.items() if key not in _RESULTS]


def run(checks: Plan, names: Sequence[str]) -> dict[str, list[Finding]]:
    """Frictionless's errors for the tables ``names`` (each with the tables it refers to)."""
    from frictionless import Package

    if not names:
        return {}
    # each referenced table not checked itself is given as the fields that keys name in it
    referenced: dict[str, set[str]] = {}
    for name in names:
        for target, fields in checks.targets[name].items():
            referenced.setdefault(target, set()).update(fields)
    inline = [
        checks.inline[name]
        if name in names
        else _projected(checks.inline[name], tuple(sorted(referenced[name])))
        for name in checks.inline
        if name in names or name in referenced
    ]
    package = Package({**checks.package, "resources": inline})
    found = {}
    for name in names:
        report = package.get_resource(name).validate(limit_errors=LIMIT_ERRORS)
        found[name] = [_finding(error) for task in report.tasks for error in task.errors]
    return found


def _projected(resource: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The resource as only ``fields`` (its schema's definitions of them and their cells):
    what frictionless reads of a table to look references up in it."""
    schema = resource["schema"]
    kept = [spec for spec in schema["fields"] if spec["name"] in fields]
    header = resource["data"][0]
    positions = [header.index(spec["name"]) for spec in kept]
    return {
        **resource,
        "schema": {
            **{key: value for key, value in schema.items() if key == "missingValues"},
            "fields": kept,
        },
        "data": [[row[i] for i in positions] for row in resource["data"]],
    }


def _finding(error: Any) -> Finding:
    return Finding(
        error.type,
        str(error.title),
        str(error.message),
        str(getattr(error, "note", "")),
        getattr(error, "row_number", None),
        getattr(error, "field_name", None) or None,
        getattr(error, "cell", None),
        getattr(error, "reference_name", None),
        tuple(getattr(error, "field_names", ())),
        tuple(getattr(error, "field_cells", ())),
    )


def check(
    descriptor: dict[str, Any],
    tables: Sequence[ReadTable],
    checks: Plan,
    found: dict[str, list[Finding]],
) -> list[Problem]:
    """Frictionless's findings (``found`` for the tables just checked, the rest from earlier
    runs) as problems."""
    return located(descriptor, tables, remember(checks, found))


def remember(checks: Plan, found: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
    """Keep the findings just made; return those of every table of the plan."""
    for name, findings in found.items():
        _RESULTS.keep(checks.keys[name], findings)
    return {name: _RESULTS.get(key) or [] for name, key in checks.keys.items()}


def located(
    descriptor: dict[str, Any], tables: Sequence[ReadTable], found: dict[str, list[Finding]]
) -> list[Problem]:
    """Findings, by table, located by physical line; a foreign key value missing from its
    table is reported once, with every line that uses it."""
    by_name = {table.name: table for table in tables if table.name in found}
    specs = {
        res.name: {str(spec["name"]): spec for spec in res.fields} for res in resources(descriptor)
    }
    problems: list[Problem] = []
    missing_keys: dict[tuple[str, str, str, str], list[tuple[int | None, str | None]]] = {}
    for name, table in by_name.items():
        for error in found[name]:
            if error.type in REPORTED_BY_FILE_CHECKS:
                continue
            line, record_id = _locate(table, getattr(error, "row_number", None))
            if error.type == "foreign-key":
                target = error.reference_name or name
                fields = ",".join(error.field_names)
                value = ",".join(str(cell) for cell in error.field_cells)
                missing_keys.setdefault((table.name, fields, value, target), []).append(
                    (line, record_id)
                )
                continue
            field = getattr(error, "field_name", None) or None
            spec = specs.get(table.name, {}).get(field or "", {})
            message, hint = _message(error, table, spec)
            problems.append(
                Problem(
                    table.path,
                    error.type,
                    message,
                    hint,
                    line=line,
                    field=field,
                    column=table.column(field) if field else None,
                    record_id=record_id,
                )
            )
    for (name, field, value, target), uses in missing_keys.items():
        table = by_name[name]
        (line, record_id), others = uses[0], [str(use[0]) for use in uses[1:]]
        also = f" (also used on lines {', '.join(others)})" if others else ""
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
    return problems


def _locate(table: ReadTable, row_number: int | None) -> tuple[int | None, str | None]:
    """The physical line and the key of frictionless's row ``row_number`` (header is 1)."""
    if not row_number or not 2 <= row_number <= table.frame.height + 1:
        return None, None
    return table.row(row_number - 2)


CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"')
TYPE = re.compile(r'type is "(\w+)')
POSITION = re.compile(r'position "?(\d+)"?')
CONSTRAINT_WORDS = {
    "minimum": "is below the minimum",
    "maximum": "is above the maximum",
    "minLength": "is shorter than",
    "maxLength": "is longer than",
}


def _message(error: Finding, table: ReadTable, spec: dict[str, Any]) -> tuple[str, str]:
    """Frictionless's finding in plain words, with the value it is about, and a hint (empty
    for the registry's): never a regular expression, always the expected form."""
    note = str(getattr(error, "note", ""))
    cell = getattr(error, "cell", None)
    if error.type == "constraint-error" and (found := CONSTRAINT.search(note)):
        name, bound = found.groups()
        if name == "required":
            return "this value is required but the cell is empty", ""
        if name in ("pattern", "enum"):
            message, fix = describe_problem(name, cell, spec)
            return message, fix or ""
        words = CONSTRAINT_WORDS.get(name, f"breaks the constraint {name}")
        return f"{cell!r} {words} {bound}", ""
    if error.type == "type-error" and TYPE.search(note):
        message, fix = describe_problem("type", cell, spec)
        return message, fix or ""
    if error.type == "required-error":
        return "this value is required but the cell is empty", ""
    if error.type in ("primary-key", "unique-error") and (found := POSITION.search(note)):
        line, _ = _locate(table, int(found.group(1)))
        return f"the key repeats the one on line {line}", ""
    text = f"{error.title.lower()}: {note}" if note else str(error.message)
    return (f"{cell!r}: {text}" if cell not in (None, "") else text), ""
