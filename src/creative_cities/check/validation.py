"""Validation of a whole data package: descriptor, files, frictionless, then meaning.

One run tells everything: every stage runs on everything it can read. A file's form problems
(a byte order mark, CRLF, semicolons) hide none of its values; the type and key checks read
every well-formed row, and the meaning checks every well-typed row whose references resolve.
What cannot be read at all is skipped, and the report says what and why. A stage that fails
unexpectedly is reported as a problem of its own and the others still run.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .. import validity
from ..descriptor import (
    DESCRIPTOR_NAME,
    TABLES,
    Resource,
    descriptor_path,
    read_descriptor,
    resources,
)
from ..safe_paths import MissingFile, UnsafePath, locate
from . import background, file_form, frictionless_run
from .memo import Kept
from .problems import Problem
from .read_tables import ReadTable, read_tables
from .stats import stale_stats

# Problems after which the descriptor cannot be trusted to describe any table.
BLOCKING = frozenset({"descriptor", "missing-resource", "internal-error"})


@dataclass
class Report:
    """What validation found, and the size of every table it read."""

    descriptor: Path
    problems: list[Problem] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    # what could not be checked, and why (each a sentence naming its file)
    skipped: list[str] = field(default_factory=list)
    # the digest (``validity.package_digest``) of what was read, if every file could be
    digest: str | None = None

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
            "skipped": self.skipped,
            "problems": [problem.to_dict() for problem in self.problems],
        }


ENGINES = ("columnar", "frictionless")
T = TypeVar("T")


def validate(path: str | Path | None = None, engine: str = "columnar") -> Report:
    """Validate the package at ``path`` (a folder or its ``datapackage.json``); types and
    keys are checked by ``engine``: the columnar one, or frictionless as a cross-check.

    Raises ``DescriptorError`` only when the descriptor cannot be read at all.
    """
    location = descriptor_path(path)
    descriptor = read_descriptor(location)
    root = location.parent
    report = Report(location)

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

    # frictionless checks the descriptor against its profile in a second process meanwhile
    profile = _profile_check(descriptor)
    tables: list[ReadTable] = []

    def read() -> list[Problem]:
        problems, read_in, report.row_counts = read_tables(descriptor, root)
        tables.extend(read_in)
        return problems

    report.problems += attempt("file", read)
    report.skipped += _table_notes(tables)
    checked: list[Problem] = []
    notes: list[str] = []
    if tables:
        # the type and key checks run meanwhile: frictionless in a second process, the
        # columnar engine in a thread (polars works without holding Python's lock)
        typing = (
            _start_typing(descriptor, tables)
            if engine == "frictionless"
            else background.in_thread(lambda: _columnar_typing(descriptor, tables))
        )
        checked += attempt("meaning", lambda: _meaning_problems(descriptor, tables, notes))
        checked += attempt(engine, typing)
    known = {table.path: table.stats for table in tables if table.stats is not None}
    found = attempt("descriptor", lambda: descriptor_problems(descriptor, root, profile, known))
    report.problems += found
    if any(problem.code in BLOCKING for problem in found):
        report.skipped.append(
            f"{DESCRIPTOR_NAME}: types, keys and meaning were not checked, because the "
            "descriptor itself has to be corrected first"
        )
    else:
        report.problems += checked
        report.skipped += notes
    report.problems.sort(key=Problem.sort_key)
    if len(tables) == len(resources(descriptor)) and all(table.stats for table in tables):
        report.digest = validity.package_digest(
            descriptor, {p: s["hash"] for p, s in known.items()}
        )
        if report.valid:
            validity.seal(report.digest)  # for load(): these bytes are valid under this code
    return report


def _start_typing(
    descriptor: dict[str, Any], tables: list[ReadTable]
) -> Callable[[], list[Problem]]:
    """Start frictionless on the tables it has not checked before; return what waits for it
    (and raises, when called, whatever stopped the start)."""

    def start() -> Callable[[], list[Problem]]:
        checks = frictionless_run.plan(descriptor, tables)
        todo = frictionless_run.uncached(checks)
        found = background.start(lambda: frictionless_run.run(checks, todo)) if todo else dict
        return lambda: frictionless_run.check(descriptor, tables, checks, found())

    return _started(start)


def _started(start: Callable[[], Callable[[], T]]) -> Callable[[], T]:
    """What ``start`` returns: a function that waits for a result; or, if starting failed,
    one that raises the failure when called, for ``attempt`` to report with its stage."""
    try:
        return start()
    except Exception as exc:
        failure = exc

        def fail() -> T:
            raise failure

        return fail


def _columnar_typing(descriptor: dict[str, Any], tables: list[ReadTable]) -> list[Problem]:
    """Types, constraints and keys by the columnar engine, reported as frictionless's."""
    from . import columnar

    return frictionless_run.located(descriptor, tables, columnar.run(descriptor, tables))


def _table_notes(tables: list[ReadTable]) -> list[str]:
    """A sentence for each table that the type, key and meaning checks read only in part."""
    notes = []
    for table in tables:
        if table.skipped == "missing":
            notes.append(f"{table.path}: not checked, because the file does not exist")
        elif table.skipped == "unsafe":
            notes.append(f"{table.path}: not read, because the path is not a file in the package")
        elif table.skipped:
            notes.append(
                f"{table.path}: types, keys and meaning not checked, because {table.skipped}"
            )
        elif table.partial:
            notes.append(
                f"{table.path}: checked in part ({table.partial}); keys that refer to it are "
                "not checked"
            )
    return notes


def _without_stats(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with well-formed ``bytes`` and ``hash`` set aside: they change with every
    edit of a file and are checked against the files by ``stale_stats``."""

    def plain(resource: Any) -> Any:
        if not isinstance(resource, dict):
            return resource
        plain = dict(resource)
        if isinstance(plain.get("bytes"), int) and plain["bytes"] >= 0:
            plain["bytes"] = 0
        if re.fullmatch(r"sha256:[0-9a-f]{64}", str(plain.get("hash", ""))):
            plain["hash"] = "sha256:" + "0" * 64
        return plain

    return {**descriptor, "resources": [plain(item) for item in descriptor.get("resources", [])]}


# Profile errors by descriptor (as JSON), so that a process checking many packages with the
# same descriptor asks frictionless once.
_PROFILE_ERRORS: Kept[tuple[str, ...]] = Kept(64)


def _profile_key(descriptor: dict[str, Any]) -> str:
    return json.dumps(_without_stats(descriptor), sort_keys=True)


def _frictionless_profile_errors(descriptor_json: str) -> tuple[str, ...]:
    """Frictionless's profile errors for a descriptor."""
    from frictionless import Package

    errors = Package.validate_descriptor(json.loads(descriptor_json)).errors
    return tuple(error.message for error in errors)


def _profile_check(
    descriptor: dict[str, Any], in_background: bool = True
) -> Callable[[], tuple[str, ...]]:
    """Start frictionless's profile check of the descriptor, in a second process unless
    ``in_background`` is false (and not at all when this process knows its result); return
    what gives the errors (and raises, when called, whatever stopped the start)."""

    def start() -> Callable[[], tuple[str, ...]]:
        key = _profile_key(descriptor)
        known = _PROFILE_ERRORS.get(key)
        if known is not None:
            return lambda: known
        check = functools.partial(_frictionless_profile_errors, key)
        waiting = background.start(check) if in_background else check
        return lambda: _PROFILE_ERRORS.keep(key, waiting())

    return _started(start)


def _missing_resources(declared: list[Resource]) -> list[Problem]:
    """The tables that the library reads but the descriptor does not describe, and the
    foreign keys that refer to a resource it does not describe."""
    names = {resource.name for resource in declared}
    problems = [
        Problem(DESCRIPTOR_NAME, "missing-resource", f"no resource describes the table {table!r}")
        for table in TABLES
        if table not in names
    ]
    for resource in declared:
        for key in resource.descriptor.get("schema", {}).get("foreignKeys", []):
            target = key.get("reference", {}).get("resource", "") if isinstance(key, dict) else ""
            if target and target not in names:
                message = f"resource {resource.name!r} has a foreign key to {target!r}, "
                message += "which no resource is named"
                problems.append(Problem(DESCRIPTOR_NAME, "missing-resource", message))
    return problems


def descriptor_problems(
    descriptor: dict[str, Any],
    root: Path,
    profile_errors: Callable[[], tuple[str, ...]] | None = None,
    known_stats: dict[str, dict[str, Any]] | None = None,
) -> list[Problem]:
    """The descriptor against the profile, its documentation, dialects, files and stats;
    ``profile_errors`` gives the profile's errors when they are being found elsewhere, and
    ``known_stats`` the stats of the files already read, by path."""

    def problem(code: str, message: str, hint: str) -> Problem:
        return Problem(DESCRIPTOR_NAME, code, message, hint)

    problems = [
        problem("descriptor", message, "correct datapackage.json against the profile")
        for message in (profile_errors or _profile_check(descriptor, in_background=False))()
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
    problems += _missing_resources(resources(descriptor))
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
        for name in stale_stats(descriptor, root, known_stats)
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


def _meaning_problems(
    descriptor: dict[str, Any], tables: list[ReadTable], notes: list[str]
) -> list[Problem]:
    from .meaning import check

    problems, skipped = check(descriptor, tables)
    notes += skipped
    return problems
