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


def read_rows(text: str, delimiter: str = ",") -> Iterator[Row]:
    """Parse CSV text, yielding each record with its first and last physical line.

    Raises ``CsvSyntaxError`` on broken quoting or a value longer than ``MAX_VALUE_CHARS``,
    with the line the record starts on.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvSyntaxError(str(exc), start) from None
        if cells and max(map(len, cells)) > MAX_VALUE_CHARS:
            message = f"a value is longer than {MAX_VALUE_CHARS} characters"
            raise CsvSyntaxError(message, start)
        yield Row(start, reader.line_num, cells)
        start = reader.line_num + 1
