"""Checks that a CSV file is in the package's canonical form.

Canonical form: UTF-8 without a byte order mark, LF line endings ending with
one, comma delimiter, a header equal to the schema's field names in order,
no blank lines, no spaces around any cell, rows sorted by primary key.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from .descriptor import Resource
from .problems import Problem

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Row:
    """A parsed CSV record and the physical line it starts on."""

    line: int
    cells: list[str]


def read_rows(text: str) -> Iterator[Row]:
    """Parse CSV text, yielding each record with its first physical line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    for cells in reader:
        yield Row(start, cells)
        start = reader.line_num + 1


def decode(path_label: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8 decoding; on failure, the line of the first undecodable byte."""
    problems = []
    if raw.startswith(BOM):
        problems.append(
            Problem(
                path_label,
                1,
                None,
                "bom",
                "the file starts with a byte order mark",
                "save the file as UTF-8 without BOM",
            )
        )
        raw = raw[len(BOM) :]
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        problems.append(
            Problem(
                path_label,
                line,
                None,
                "encoding",
                f"byte 0x{byte} is not valid UTF-8 ({exc.reason})",
                "the file was probably saved in another code page (such as Windows-1252); "
                "re-save it as UTF-8",
            )
        )
        return None, problems


def check_text(path_label: str, text: str, resource: Resource) -> list[Problem]:
    """Every departure from canonical form in an already decoded file."""
    problems: list[Problem] = []

    def add(line: int | None, field: str | None, code: str, message: str, hint: str) -> None:
        problems.append(Problem(path_label, line, field, code, message, hint))

    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        add(
            line,
            None,
            "line-ending",
            "the file has CR or CRLF line endings",
            "save it with LF (Unix) line endings",
        )
    if text and not text.endswith("\n"):
        add(
            text.count("\n") + 1,
            None,
            "final-newline",
            "the last line has no line ending",
            "end the file with a single newline",
        )
    try:
        rows = list(read_rows(text))
    except csv.Error as exc:
        add(
            None,
            None,
            "csv-syntax",
            f"the file is not valid CSV: {exc}",
            "look for an unbalanced double quote",
        )
        return problems
    if not rows:
        add(1, None, "header", "the file is empty", "write the header row first")
        return problems

    header, body = rows[0], rows[1:]
    expected = list(resource.field_names)
    if header.cells != expected:
        add(
            1,
            None,
            "header",
            f"the header is {header.cells}, expected {expected}",
            "write the schema's field names, in the schema's order",
        )
    index = {name: i for i, name in enumerate(header.cells)}
    key_columns = [index[name] for name in resource.primary_key if name in index]
    previous: tuple[str, ...] | None = None
    for row in body:
        if not any(row.cells):
            add(row.line, None, "blank-row", "the line is blank", "delete the blank line")
            continue
        if len(row.cells) != len(header.cells):
            add(
                row.line,
                None,
                "cell-count",
                f"the row has {len(row.cells)} cells, the header {len(header.cells)}",
                "check for a missing or extra comma",
            )
            continue
        for name, cell in zip(header.cells, row.cells, strict=True):
            if cell != cell.strip():
                add(
                    row.line,
                    name,
                    "whitespace",
                    f"{cell!r} has spaces around it",
                    "remove the leading or trailing spaces",
                )
        key = tuple(row.cells[i] for i in key_columns)
        if previous is not None and key_columns and key < previous:
            add(
                row.line,
                None,
                "row-order",
                f"the row with key {list(key)} comes after {list(previous)}",
                "sort the rows by primary key (`creative-cities fmt` does it)",
            )
        previous = key if previous is None or key > previous else previous
    return problems


def check_file(path_label: str, raw: bytes, resource: Resource) -> list[Problem]:
    """Decode a file's bytes and check its canonical form."""
    text, problems = decode(path_label, raw)
    if text is not None:
        problems.extend(check_text(path_label, text, resource))
    return problems
