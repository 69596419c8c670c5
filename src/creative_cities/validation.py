"""Validation of a whole data package: descriptor, file form, then frictionless."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import canonical
from .descriptor import DESCRIPTOR_NAME, Resource, descriptor_path, read_descriptor, resources
from .problems import Problem
from .stats import stale_stats

LIMIT_ERRORS = 1000
# Problems that leave frictionless nothing sound to check.
BLOCKING = frozenset({"descriptor", "missing-file", "internal-error"})


@dataclass
class Report:
    """What validation found, and the size of every table it read."""

    descriptor: Path
    problems: list[Problem] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass
class _Table:
    resource: Resource
    label: str
    lines: list[int]
    cells: list[list[str]]


def validate(path: str | Path | None = None) -> Report:
    """Validate the package at ``path`` (a folder or its ``datapackage.json``).

    Raises ``DescriptorError`` only when the descriptor cannot be read at all;
    every other problem is collected in the report, and a check that fails
    unexpectedly is reported as a problem of its own.
    """
    location = descriptor_path(path)
    descriptor = read_descriptor(location)
    report = Report(location)
    root = location.parent
    label = location.name
    tables: list[_Table] = []

    def guarded(stage: str, check: Callable[[], None]) -> None:
        try:
            check()
        except Exception as exc:  # a broken check must not hide the others
            report.problems.append(
                Problem(
                    label,
                    None,
                    None,
                    "internal-error",
                    f"the {stage} check stopped unexpectedly: {type(exc).__name__}: {exc}",
                    "please report this with the file that caused it",
                )
            )

    def check_descriptor() -> None:
        report.problems.extend(_descriptor_problems(descriptor, root, label))

    def check_files() -> None:
        tables.extend(_read_tables(descriptor, root, report))

    def check_frictionless() -> None:
        report.problems.extend(_frictionless_problems(descriptor, root, tables))

    def check_meaning() -> None:
        report.problems.extend(_meaning_problems(descriptor, root))

    guarded("descriptor", check_descriptor)
    readable = not any(problem.code in BLOCKING for problem in report.problems)
    guarded("file", check_files)
    if readable and all(table.lines for table in tables):
        before = len(report.problems)
        guarded("frictionless", check_frictionless)
        if len(report.problems) == before:  # the typed models can load every row
            guarded("meaning", check_meaning)
    return report


def _descriptor_problems(descriptor: dict[str, Any], root: Path, label: str) -> list[Problem]:
    from frictionless import Package

    problems = [
        Problem(
            label,
            None,
            None,
            "descriptor",
            error.message,
            "correct datapackage.json against the Data Package profile",
        )
        for error in Package.validate_descriptor(descriptor).errors
    ]
    for res in resources(descriptor):
        where = f"resource {res.name!r}"
        documented = [(where, "resource", res.descriptor)]
        documented += [
            (f"{where}, field {spec.get('name')!r}", "field", spec) for spec in res.fields
        ]
        problems += [
            Problem(
                label,
                None,
                None,
                "descriptor-doc",
                f"{what} has no {key}",
                f"add a {key} to the {kind}",
            )
            for what, kind, item in documented
            for key in ("title", "description")
            if not item.get(key)
        ]
        if not (root / res.path).is_file():
            problems.append(
                Problem(
                    label,
                    None,
                    None,
                    "missing-file",
                    f"{where} names {res.path!r}, which does not exist",
                    "add the file or correct the resource's path",
                )
            )
    for name in stale_stats(descriptor, root):
        problems.append(
            Problem(
                label,
                None,
                None,
                "stale-stats",
                f"resource {name!r} declares a bytes or hash that its file no longer has",
                "run `python scripts/update_stats.py`",
            )
        )
    return problems


def _meaning_problems(descriptor: dict[str, Any], root: Path) -> list[Problem]:
    from .dataset import Dataset
    from .meaning import name_clashes

    paths = {res.name: res.path for res in resources(descriptor)}
    return name_clashes(Dataset(root, descriptor), paths)


def _read_tables(descriptor: dict[str, Any], root: Path, report: Report) -> list[_Table]:
    tables = []
    for res in resources(descriptor):
        path = root / res.path
        if not path.is_file():
            continue
        label = res.path
        raw = path.read_bytes()
        report.problems.extend(canonical.check_file(label, raw, res))
        text, _ = canonical.decode(label, raw)
        rows = list(canonical.read_rows(text)) if text is not None else []
        report.row_counts[res.name] = max(len(rows) - 1, 0)
        tables.append(_Table(res, label, [row.line for row in rows], [row.cells for row in rows]))
    return tables


def _frictionless_problems(
    descriptor: dict[str, Any], root: Path, tables: list[_Table]
) -> list[Problem]:
    """Types, constraints and keys, as frictionless sees them.

    The declared ``bytes`` and ``hash`` are left out: stale stats are reported
    once, by the descriptor check, not again for every resource.
    """
    from frictionless import Package

    unstated = {
        **descriptor,
        "resources": [
            {key: value for key, value in resource.items() if key not in ("bytes", "hash")}
            for resource in descriptor.get("resources", [])
        ],
    }
    by_name = {table.resource.name: table for table in tables}
    result = Package(unstated, basepath=str(root)).validate(limit_errors=LIMIT_ERRORS)
    problems = [
        _from_frictionless(error, by_name.get(task.name), task.name)
        for task in result.tasks
        for error in task.errors
    ]
    problems.extend(
        Problem(DESCRIPTOR_NAME, None, None, error.type, error.message) for error in result.errors
    )
    return problems


def _from_frictionless(error: Any, table: _Table | None, name: str) -> Problem:
    row_number = getattr(error, "row_number", None)
    field_name = getattr(error, "field_name", None) or None
    label = table.label if table else name
    line = None
    record_id = None
    if table and row_number:
        index = row_number - 1
        if 0 <= index < len(table.lines):
            line = table.lines[index]
            record_id = _record_id(table, index)
    return Problem(
        label, line, field_name, error.type, _message(error), _hint(error.type), record_id
    )


def _record_id(table: _Table, index: int) -> str | None:
    header, cells = table.cells[0], table.cells[index]
    values = [
        cells[header.index(key)]
        for key in table.resource.primary_key
        if key in header and header.index(key) < len(cells)
    ]
    return ",".join(values) or None


def _message(error: Any) -> str:
    note = getattr(error, "note", "")
    cell = getattr(error, "cell", None)
    text = f"{error.title.lower()}: {note}" if note else error.message
    return f"{cell!r}: {text}" if cell not in (None, "") else text


HINTS = {
    "type-error": "write the value in the field's type (see the data dictionary in README.md)",
    "constraint-error": "see the field's constraints in the data dictionary in README.md",
    "foreign-key": "use an id that exists in the referenced table, or add that record first",
    "primary-key": "each row needs its own key: correct or remove the duplicate",
    "unique-error": "the value must be unique in its column",
    "missing-cell": "add the missing cell",
    "extra-cell": "remove the extra cell or quote a value that contains a comma",
}


def _hint(code: str) -> str:
    return HINTS.get(code, "")
