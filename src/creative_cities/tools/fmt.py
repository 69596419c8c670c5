"""``fmt``: rewrite CSV files in canonical form without changing, dropping or inventing a value.

Only files that ``safe_paths`` allows are read or written, each written beside itself and
then moved into place; a file fmt cannot rewrite without loss is left as it was. It also
refreshes what is generated from the data: the declared ``bytes`` and ``hash``, and the
README's table counts, data dictionary and network sizes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.file_form import (
    MAX_HEADER_CELLS,
    cell_problems,
    check_text,
    decode,
    header_delimiter,
)
from ..check.problems import Problem
from ..check.stats import with_fresh_stats
from ..csv_reader import CsvSyntaxError, read_rows
from ..descriptor import (
    DESCRIPTOR_NAME,
    Resource,
    descriptor_path,
    descriptor_text,
    read_descriptor,
    resources,
)
from ..safe_paths import MissingFile, UnsafePath, locate, read_bytes, write_atomic
from .docs import current_readme


@dataclass
class FormatResult:
    """Files that were (or, with ``check``, would be) rewritten, and what fmt cannot fix."""

    changed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def canonical_text(text: str, resource: Resource) -> tuple[str | None, list[Problem]]:
    """The canonical form of a decoded CSV file, or ``None`` and why it cannot be made safely.

    Only form changes: delimiter, line endings, column order, row order, quoting,
    blank lines. Every value is written back exactly as it was read.
    """
    label, expected = resource.path, list(resource.field_names)

    def refuse(
        code: str, message: str, hint: str, line: int | None = None
    ) -> tuple[None, list[Problem]]:
        return None, [Problem(label, code, message, hint, line=line)]

    first_line = text.split("\n", 1)[0].rstrip("\r")
    if max(first_line.count(delimiter) for delimiter in ",;\t|") >= MAX_HEADER_CELLS:
        return refuse(
            "header-width",
            f"the header has more than {MAX_HEADER_CELLS} cells",
            f"write the header {','.join(expected)} by hand",
            line=1,
        )
    delimiter = header_delimiter(text, expected)
    if delimiter is None:
        return refuse(
            "header",
            f"the header {first_line!r} does not name the schema's fields",
            f"write the header {','.join(expected)} by hand",
            line=1,
        )
    try:
        lines = [(row.line, row.cells) for row in read_rows(text, delimiter)]
    except CsvSyntaxError as exc:
        return refuse(
            "csv-syntax",
            f"the record starting here cannot be read: {exc}",
            "correct the quoting by hand",
            line=exc.line,
        )
    # A blank line holds no value and goes; a row of empty cells is kept, and reported.
    header, body = lines[0][1], [(line, row) for line, row in lines[1:] if row]
    for line, row in body:
        if len(row) != len(header):
            return refuse(
                "cell-count",
                f"the row has {len(row)} cells, the header {len(header)}",
                "correct the row by hand; fmt does not guess which cell is missing",
                line=line,
            )
    for line, row in body:
        if any("\r" in value for value in row):
            return refuse(
                "control-character",
                "a value contains a carriage return, which minimal quoting cannot keep",
                "delete the carriage return from the value",
                line=line,
            )
    order = [header.index(name) for name in expected]
    key = [expected.index(name) for name in resource.primary_key]
    ordered = sorted(
        ((line, [row[i] for i in order]) for line, row in body),
        key=lambda item: tuple(item[1][i] for i in key),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(expected)
    writer.writerows(row for _, row in ordered)
    problems = [
        Problem(label, code, message, hint, line=line, field=name, column=column)
        for line, row in ordered
        for column, (name, value) in enumerate(zip(expected, row, strict=True), start=1)
        for code, message, hint in cell_problems(value)
    ]
    problems += [
        Problem(
            label,
            "empty-row",
            f"every one of the row's {len(row)} cells is empty; fmt keeps it",
            line=line,
        )
        for line, row in body
        if not any(row)
    ]
    return out.getvalue(), problems


def format_package(path: str | Path | None = None, check: bool = False) -> FormatResult:
    """Rewrite every CSV of the package in canonical form and refresh the declared stats.

    With ``check``, nothing is written: the result lists what would change.
    """
    location = descriptor_path(path)
    descriptor = read_descriptor(location)
    root = location.parent
    result = FormatResult()
    for res in resources(descriptor):
        try:
            raw = read_bytes(root, res.path)
        except UnsafePath as exc:
            result.problems.append(Problem(DESCRIPTOR_NAME, "unsafe-path", str(exc)))
            continue
        except MissingFile:
            result.problems.append(
                Problem(
                    DESCRIPTOR_NAME,
                    "missing-file",
                    f"{res.path} does not exist",
                    "add the file or correct the resource's path",
                )
            )
            continue
        text, problems = decode(res.path, raw)
        result.problems += [problem for problem in problems if problem.code != "bom"]
        if text is None:
            continue
        formatted, problems = canonical_text(text, res)
        if formatted is not None and formatted.encode("utf-8") != raw:
            result.changed.append(res.path)
            if not check:
                write_atomic(locate(root, res.path), formatted.encode("utf-8"))
                # Lines as the rewritten file has them, not as it had them.
                problems = check_text(res.path, formatted, res)[0]
        result.problems += problems
    _format_descriptor(location, descriptor, root, result, check)
    _format_readme(descriptor, root, result, check)
    return result


def _format_readme(
    descriptor: dict[str, Any], root: Path, result: FormatResult, check: bool
) -> None:
    """Bring the README's table counts and data dictionary up to date with the data."""
    current = current_readme(descriptor, root)
    if current is None:
        return
    readme, text = current
    if text.encode("utf-8") != readme.read_bytes():
        result.changed.append(readme.name)
        if not check:
            write_atomic(readme, text.encode("utf-8"))


def _format_descriptor(
    location: Path, descriptor: dict[str, Any], root: Path, result: FormatResult, check: bool
) -> None:
    text = descriptor_text(with_fresh_stats(descriptor, root))
    if text.encode("utf-8") != location.read_bytes():
        result.changed.append(location.name)
        if not check:
            write_atomic(location, text.encode("utf-8"))
