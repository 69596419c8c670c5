"""Validation of a whole data package: descriptor, files, frictionless, then meaning.

Every stage reports every problem it finds; a stage that fails unexpectedly is
reported as a problem of its own and the others still run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..descriptor import DESCRIPTOR_NAME, descriptor_path, read_descriptor, resources
from ..record import Record
from ..safe_paths import MissingFile, UnsafePath, locate, read_bytes
from . import background, file_form, frictionless_run
from .problems import Problem
from .stats import stale_stats

# Problems that leave frictionless nothing sound to check.
BLOCKING = frozenset({"descriptor", "missing-file", "unsafe-path", "internal-error"})
# File problems that would make frictionless's work unbounded: it is not run after them.
UNBOUNDED = frozenset({"header-width"})
# File problems after which a table's rows cannot be read as records.
STRUCTURAL = frozenset(
    {
        "encoding",
        "bom",
        "delimiter",
        "csv-syntax",
        "header",
        "cell-count",
        "blank-row",
        "multiline-value",
        "empty-file",
        "empty-row",
        "header-width",
        "control-character",
        "internal-error",
    }
)


@dataclass
class Report:
    """What validation found, and the size of every table it read."""

    descriptor: Path
    problems: list[Problem] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (the stable structure of ``--format json``)."""
        return {
            "version": 1,
            "package": str(self.descriptor),
            "valid": self.valid,
            "problem_count": len(self.problems),
            "row_counts": self.row_counts,
            "problems": [problem.to_dict() for problem in self.problems],
        }


def validate(path: str | Path | None = None) -> Report:
    """Validate the package at ``path`` (a folder or its ``datapackage.json``).

    Raises ``DescriptorError`` only when the descriptor cannot be read at all.
    """
    location = descriptor_path(path)
    descriptor = read_descriptor(location)
    root = location.parent
    report = Report(location)
    tables: list[frictionless_run.ReadTable] = []

    def attempt(stage: str, check: Callable[[], list[Problem]]) -> list[Problem]:
        try:
            return check()
        except Exception as exc:  # a broken check must not hide the others
            detail = (
                exc if isinstance(exc, background.ChildFailure) else f"{type(exc).__name__}: {exc}"
            )
            return [
                Problem(
                    DESCRIPTOR_NAME,
                    "internal-error",
                    f"the {stage} check stopped unexpectedly: {detail}",
                    "please report this, with the file that caused it",
                )
            ]

    found = attempt("descriptor", lambda: descriptor_problems(descriptor, root))
    report.problems += found
    readable = not any(problem.code in BLOCKING for problem in found)
    found = attempt("file", lambda: _read_tables(descriptor, root, report, tables))
    report.problems += found
    structural = any(problem.code in STRUCTURAL for problem in found)
    readable = readable and not any(problem.code in UNBOUNDED for problem in found)
    if readable and tables:
        # frictionless runs in a second process; meaning is checked meanwhile and kept only
        # if frictionless finds the rows well typed.
        typing = background.start(lambda: frictionless_run.check(descriptor, root, tables))
        meaning = (
            []
            if structural
            else attempt("meaning", lambda: _meaning_problems(descriptor, root, tables))
        )
        found = attempt("frictionless", typing)
        report.problems += found
        if not found:
            report.problems += meaning
    report.problems.sort(key=Problem.sort_key)
    return report


def descriptor_problems(descriptor: dict[str, Any], root: Path) -> list[Problem]:
    """The descriptor against the profile, its documentation, dialects, files and stats."""
    from frictionless import Package

    def problem(code: str, message: str, hint: str) -> Problem:
        return Problem(DESCRIPTOR_NAME, code, message, hint)

    problems = [
        problem("descriptor", error.message, "correct datapackage.json against the profile")
        for error in Package.validate_descriptor(descriptor).errors
    ]
    for res in resources(descriptor):
        where = f"resource {res.name!r}"
        documented = [(where, "resource", res.descriptor)]
        documented += [
            (f"{where}, field {spec.get('name')!r}", "field", spec) for spec in res.fields
        ]
        problems += [
            problem("descriptor-doc", f"{what} has no {key}", f"add a {key} to the {kind}")
            for what, kind, item in documented
            for key in ("title", "description")
            if not item.get(key)
        ]
        dialect = res.descriptor.get("dialect", {})
        if res.descriptor.get("encoding") != "utf-8" or dialect.get("delimiter") != ",":
            problems.append(
                problem(
                    "descriptor-dialect",
                    f"{where} does not declare utf-8 and a comma dialect",
                    'declare "encoding": "utf-8" and a full "dialect" with "delimiter": ","',
                )
            )
        try:
            locate(root, res.path)
        except UnsafePath as exc:
            problems.append(problem("unsafe-path", f"{where}: {exc}", ""))
        except MissingFile:
            problems.append(
                problem(
                    "missing-file",
                    f"{where} names {res.path!r}, which does not exist",
                    "add the file or correct the resource's path",
                )
            )
    problems += [
        problem("formula", f"{what} {value!r} would run as a formula in a spreadsheet", "")
        for what, value in _shown_text(descriptor)
        if file_form.looks_like_formula(value)
    ]
    problems += [
        problem(
            "stale-stats",
            f"resource {name!r} declares a bytes or hash its file no longer has",
            "run `creative-cities fmt` (or `python scripts/update_stats.py`)",
        )
        for name in stale_stats(descriptor, root)
    ]
    return problems


def _shown_text(descriptor: dict[str, Any]) -> list[tuple[str, str]]:
    """The descriptor's text that the release files show, each with where it is."""
    shown = [(key, descriptor.get(key)) for key in ("name", "title", "description", "homepage")]
    for group, keys in (
        ("licenses", ("name", "title", "path")),
        ("contributors", ("title",)),
        ("sources", ("title", "path")),
    ):
        items = descriptor.get(group, [])
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                shown += [(f"{group} {key}", item.get(key)) for key in keys]
    for res in resources(descriptor):
        shown += [
            (f"resource {res.name!r} {key}", res.descriptor.get(key))
            for key in ("title", "description")
        ]
        shown += [
            (f"resource {res.name!r}, field {spec.get('name')!r} {key}", spec.get(key))
            for spec in res.fields
            for key in ("title", "description")
        ]
    return [(what, value) for what, value in shown if isinstance(value, str)]


def _read_tables(
    descriptor: dict[str, Any],
    root: Path,
    report: Report,
    tables: list[frictionless_run.ReadTable],
) -> list[Problem]:
    problems = []
    for res in resources(descriptor):
        try:
            raw = read_bytes(root, res.path)
        except (UnsafePath, MissingFile):  # reported by the descriptor check
            continue
        found, rows = file_form.check_file(res.path, raw, res)
        problems += found
        report.row_counts[res.name] = sum(1 for row in rows[1:] if any(row.cells))
        broken = any(problem.code in STRUCTURAL for problem in found) or not rows
        tables.append(
            frictionless_run.ReadTable(
                res.name,
                res.path,
                res.primary_key,
                [row.line for row in rows],
                [row.cells for row in rows],
                broken,
            )
        )
    return problems


def _meaning_problems(
    descriptor: dict[str, Any], root: Path, tables: list[frictionless_run.ReadTable]
) -> list[Problem]:
    from ..dataset import Dataset
    from .meaning import check

    lines = {
        table.name: {table.record_id(i): table.lines[i] for i in range(1, len(table.cells))}
        for table in tables
    }
    by_name = {table.name: table for table in tables}

    def locate(record: Record, field: str | None) -> tuple[str, int | None, int | None, str | None]:
        table = by_name[record.table]
        values = (getattr(record, key) for key in record.primary_key)
        record_id = ",".join("" if value is None else str(value) for value in values)
        column = table.column(field) if field else None
        return table.path, lines[record.table].get(record_id), column, record_id

    return check(Dataset(root, descriptor), locate)
