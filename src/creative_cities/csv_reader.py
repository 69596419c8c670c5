"""Reading CSV text into records that know the physical lines they span."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

# The csv module's own default limit, which other libraries (frictionless) lift for everyone.
MAX_VALUE_CHARS = 131_072


@dataclass(frozen=True)
class Row:
    """A parsed CSV record and the physical lines it spans."""

    line: int
    last_line: int
    cells: list[str]


class CsvSyntaxError(ValueError):
    """The CSV cannot be parsed; ``line`` is where the record that breaks it starts."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


# (first physical line, last physical line, cells) of a record
Record = tuple[int, int, list[str]]


def read_rows(text: str, delimiter: str = ",") -> Iterator[Row]:
    """Parse CSV text, yielding each record with its first and last physical line.

    Raises ``CsvSyntaxError`` on broken quoting or a value longer than ``MAX_VALUE_CHARS``,
    with the line the record starts on.
    """
    for line, last_line, cells in read_records(text, delimiter):
        yield Row(line, last_line, cells)


def read_records(text: str, delimiter: str = ",") -> Iterator[Record]:
    """``read_rows`` as plain tuples, for callers that read every row of a large file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            if cells and max(map(len, cells)) > MAX_VALUE_CHARS:
                message = f"a value is longer than {MAX_VALUE_CHARS} characters"
                raise CsvSyntaxError(message, start)
            end = reader.line_num
            yield start, end, cells
            start = end + 1
    except csv.Error as exc:
        raise CsvSyntaxError(str(exc), start) from None
