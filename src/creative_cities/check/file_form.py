"""The form of a CSV file: canonical form, and the file-level problems it can hide.

Canonical form: UTF-8 without a byte order mark, LF line endings ending with
one, comma delimiter, a header equal to the schema's field names in order,
no blank lines, no spaces around any cell, rows sorted by primary key.
Beyond form, cells must not hide damage: control characters, invisible
spaces, mojibake, or text that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from ..csv_reader import CsvSyntaxError, Record, read_records
from ..descriptor import Resource
from .problems import Problem

BOM = b"\xef\xbb\xbf"
OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe"}
NUMBER = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
SIGNED_NUMBER = re.compile(r"[+-]([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")
FORMULA_STARTS = (" ", "=", "+", "-", "@")
INVISIBLE_SPACES = {
    "\u00a0": "no-break space",
    "\u2007": "figure space",
    "\u202f": "narrow no-break space",
}
SCRIPTS_NOT_EXPECTED = ("CYRILLIC", "GREEK")
FIRST_UNEXPECTED = "\u0370"  # no letter before it is of those scripts (a test checks it)
# Far above any schema's width: a wider header is reported without checking its names.
MAX_HEADER_CELLS = 1000


def decode(path_label: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8 decoding; on failure, the line of the first undecodable byte."""
    problems = []
    if raw.startswith(BOM):
        problems.append(
            Problem(
                path_label,
                "bom",
                "the file starts with a byte order mark",
                "save the file as UTF-8 without BOM (`creative-cities fmt` removes it)",
                line=1,
            )
        )
        raw = raw[len(BOM) :]
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        problems.append(
            Problem(
                path_label,
                "encoding",
                f"byte 0x{byte} at character {column} of the line is not UTF-8 ({exc.reason})",
                "the file was saved in another code page (such as Windows-1252): "
                "open it as that encoding and save it as UTF-8",
                line=line,
            )
        )
        return None, problems


def header_delimiter(text: str, expected: list[str]) -> str | None:
    """The delimiter with which the first line names exactly the schema's fields, if any."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    for delimiter in (",", *OTHER_DELIMITERS):
        try:
            header = next(csv.reader([first_line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if sorted(header) == sorted(expected):
            return delimiter
    return None


def cell_problems(value: str) -> list[tuple[str, str, str]]:
    """``(code, message, hint)`` for each kind of damage a cell's text shows."""
    found = []
    if value != value.strip():
        found.append(
            (
                "whitespace",
                f"{value!r} has spaces around it",
                "remove the leading or trailing spaces",
            )
        )
    if not value.isprintable():  # fast path: only such values can hold these characters
        found += _unprintable(value)
    if _looks_mangled(value):
        found.append(
            (
                "mojibake",
                f"{value!r} looks like text decoded with the wrong character set",
                "retype the damaged characters (for example a dash or an accented letter) "
                "from the source",
            )
        )
    if looks_like_formula(value):
        found.append(
            (
                "formula",
                f"{value!r} would run as a formula in a spreadsheet",
                "reword the value so that it does not start with = + - or @",
            )
        )
    return found


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet would run the text as a formula (a number is not one)."""
    return value[:1] in ("=", "+", "-", "@") and not NUMBER.match(value)


def _unprintable(value: str) -> list[tuple[str, str, str]]:
    found = []
    controls = sorted({f"U+{ord(c):04X}" for c in value if unicodedata.category(c) in ("Cc", "Cf")})
    if controls:
        listed = ", ".join(controls)
        found.append(
            (
                "control-character",
                f"{value!r} contains control characters {listed}",
                "delete them; a value is one line of plain text",
            )
        )
    spaces = sorted({name for char, name in INVISIBLE_SPACES.items() if char in value})
    if spaces:
        found.append(
            (
                "invisible-space",
                f"{value!r} contains a {' and a '.join(spaces)}",
                "replace it with an ordinary space",
            )
        )
    return found


def _looks_mangled(value: str) -> bool:
    if value.isascii():
        return False
    from ftfy.badness import is_bad

    if is_bad(value):
        return True
    if max(value) < FIRST_UNEXPECTED:
        return False
    names = [unicodedata.name(char, "") for char in value if char.isalpha()]
    latin = any(name.startswith("LATIN") for name in names)
    return latin and any(name.startswith(SCRIPTS_NOT_EXPECTED) for name in names)


# In cells joined with NUL, what shows that a cell starts or ends with a space or starts like
# a formula (a signed number is not one); a cell holding NUL is not printable, so it never
# reaches these tests.
SUSPECT = ("\x00 ", " \x00", "\x00=", "\x00@")
SIGNED_NOT_NUMBER = re.compile(r"\x00[+-](?!([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?(\x00|\Z))")


def _clean(cells: list[str], plain: bool) -> bool:
    """A quick, safe test that no cell of a row needs ``cell_problems``; ``plain`` says
    that the row is known to be printable ASCII."""
    if not plain:
        text = ",".join(cells)
        if not (text.isascii() and text.isprintable()):
            return False
    text = "\x00".join(cells)
    return (
        not text.startswith(FORMULA_STARTS)
        and not text.endswith(" ")
        and not any(suspect in text for suspect in SUSPECT)
        and not SIGNED_NOT_NUMBER.search(text)
    )


def _clean_cell(cell: str) -> bool:
    """A quick, exact test that a cell needs no ``cell_problems``."""
    return (
        cell.isascii()
        and cell.isprintable()
        and not cell.endswith(" ")
        and (not cell.startswith(FORMULA_STARTS) or bool(SIGNED_NUMBER.match(cell)))
    )


def check_text(
    path_label: str, text: str, resource: Resource
) -> tuple[list[Problem], list[Record]]:
    """Every departure from canonical form, and every damaged cell, in a decoded file;
    and the rows read from it: every row before a record that cannot be read as CSV."""
    problems: list[Problem] = []

    def add(
        code: str,
        message: str,
        hint: str,
        line: int | None = None,
        field: str | None = None,
        column: int | None = None,
        record_id: str | None = None,
    ) -> None:
        problems.append(Problem(path_label, code, message, hint, line, field, column, record_id))

    if "\r" in text:
        add(
            "line-ending",
            "the file has CR or CRLF line endings",
            "save it with LF (Unix) line endings (`creative-cities fmt` does it)",
            line=text.count("\n", 0, text.index("\r")) + 1,
        )
    if text and not text.endswith("\n"):
        add(
            "final-newline",
            "the last line has no line ending",
            "end the file with a newline",
            line=text.count("\n") + 1,
        )
    if not text.strip():
        add("empty-file", "the file is empty", "write the header row first", line=1)
        return problems, []
    expected = list(resource.field_names)
    delimiter = header_delimiter(text, expected) or ","
    if delimiter != ",":
        add(
            "delimiter",
            f"the file is {OTHER_DELIMITERS[delimiter]}-separated",
            "separate values with commas (`creative-cities fmt` converts it)",
            line=1,
        )
    rows: list[Record] = []
    try:
        rows.extend(read_records(text, delimiter))
    except CsvSyntaxError as exc:  # the rows before the broken record are still checked
        add(
            "csv-syntax",
            f"the record starting here cannot be read: {exc}",
            "look for an unbalanced double quote: a quote opened here is never closed",
            line=exc.line,
        )
        if not rows:
            return problems, []
    header, body = rows[0][2], rows[1:]
    if len(header) > MAX_HEADER_CELLS:
        add(
            "header-width",
            f"the header has {len(header)} cells; the schema has {len(expected)} fields",
            f"the header must be: {','.join(expected)}",
            line=1,
        )
        return problems, []
    header_ok = _check_header(header, expected, add)
    # Rows are read against the schema when the header itself is wrong.
    names = header if header_ok else expected
    width = len(names)
    columns = {name: number for number, name in enumerate(names, start=1)}
    key_columns = [columns[name] - 1 for name in resource.primary_key if name in columns]
    order = KeyOrder()
    # Printable ASCII but for line endings: then only a row that spans lines can hold others.
    plain = text.isascii() and text.replace("\n", "").isprintable()
    for line, last_line, row in body:
        if not row:
            add("blank-row", "the line is blank", "delete the blank line", line=line)
            continue
        if not any(row):
            problems.append(empty_row(path_label, line, len(row)))
            continue
        key = tuple(row[i] for i in key_columns if i < len(row))
        record_id = ",".join(key) or None
        if last_line > line:
            add(
                "multiline-value",
                f"a quoted value runs from line {line} to line {last_line}",
                "a value is one line: look for an unbalanced double quote that swallows the "
                "lines after it",
                line=line,
                record_id=record_id,
            )
        if len(row) != width:
            add(
                "cell-count",
                f"the row has {len(row)} cells where the schema has {width} fields",
                "add the missing cells or quote a value that contains a comma",
                line=line,
                record_id=record_id,
            )
            continue
        if not _clean(row, plain and last_line == line):
            for column, (name, cell) in enumerate(zip(names, row, strict=True), 1):
                problems += [
                    Problem(path_label, code, message, hint, line, name, column, record_id)
                    for code, message, hint in damage(cell)
                ]
        greatest = order.misplaced(key)
        if greatest is not None and key_columns:
            problems.append(out_of_order(path_label, line, key, greatest))
    return problems, rows


class KeyOrder:
    """Primary keys in the order of their rows, each compared with the greatest before it."""

    def __init__(self) -> None:
        self.greatest: tuple[str, ...] | None = None

    def misplaced(self, key: tuple[str, ...]) -> tuple[str, ...] | None:
        """The greatest earlier key, if ``key`` comes before it; ``key`` is then seen."""
        greatest = self.greatest
        if greatest is None or key > greatest:
            self.greatest = key
        return greatest if greatest is not None and key < greatest else None


def damage(cell: str) -> list[tuple[str, str, str]]:
    """``cell_problems`` of a cell, after the quick test that most cells pass."""
    return [] if _clean_cell(cell) else cell_problems(cell)


def empty_row(path_label: str, line: int, width: int) -> Problem:
    return Problem(
        path_label,
        "empty-row",
        f"every one of the row's {width} cells is empty",
        "delete the row, or fill in its values",
        line=line,
    )


def out_of_order(
    path_label: str, line: int, key: tuple[str, ...], greatest: tuple[str, ...]
) -> Problem:
    return Problem(
        path_label,
        "row-order",
        f"the row with key {list(key)} comes after {list(greatest)}",
        "sort the rows by primary key (`creative-cities fmt` does it)",
        line=line,
        record_id=",".join(key) or None,
    )


def _check_header(header: list[str], expected: list[str], add: Callable[..., None]) -> bool:
    """Whether the header is the schema's; if not, says how it differs."""
    if header == expected:
        return True
    stripped = [name.strip() for name in header]
    if stripped != header:
        add(
            "header",
            f"header names have spaces around them: {header}",
            "remove the spaces from the header",
            line=1,
        )
    elif sorted(header) == sorted(expected):
        add(
            "header",
            f"the header is in another order: {header}",
            f"write the fields in the schema's order: {','.join(expected)} "
            "(`creative-cities fmt` does it)",
            line=1,
        )
    else:
        known, present, counts = set(expected), set(header), Counter(header)
        missing = [name for name in expected if name not in present]
        extra = [name for name in header if name not in known]
        duplicated = sorted(name for name, count in counts.items() if count > 1)
        details = [
            f"{label} {names}"
            for label, names in (("missing", missing), ("unknown", extra), ("repeated", duplicated))
            if names
        ]
        add(
            "header",
            f"the header does not match the schema: {'; '.join(details)}",
            f"the header must be: {','.join(expected)}",
            line=1,
        )
    return False


def check_file(
    path_label: str, raw: bytes, resource: Resource
) -> tuple[list[Problem], list[Record]]:
    """Decode a file's bytes and check its form and its cells; also return its rows."""
    text, problems = decode(path_label, raw)
    if text is None:
        return problems, []
    found, rows = check_text(path_label, text, resource)
    return problems + found, rows
