"""The file checks of a file in plain form, on columns: one read of the bytes by polars.

A file is in plain form when it is UTF-8 with LF line endings and a final newline, its header
is the schema's, and polars's reading of it, written back as minimally quoted CSV, gives the
file's bytes exactly, with one line per record. Then the csv module reads the same cells (the
file is a correct quoting of them) and record ``i`` is line ``i + 2``, so the checks of
``file_form.check_text`` reduce to column expressions: only rows with a cell that may be
damaged, an empty row or a key out of order come back into Python, where the same functions
as ``check_text``'s judge them. Any other file is left to ``check_text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..csv_reader import MAX_VALUE_CHARS
from ..descriptor import Resource
from .file_form import BOM, KeyOrder, damage, empty_row, out_of_order
from .problems import Problem

if TYPE_CHECKING:
    import polars as pl

LINE = "_line"  # the physical line of the row in its file
WRITE_ROWS = 20_000  # rows written back at a time to compare with the file
# Cells that ``_clean_cell`` may reject: not printable ASCII, a space at the end, or a start
# that a formula has (unless the cell is a signed number: ``SIGNED_NUMBER``). An empty cell
# is none of these.
SUSPECT_CELL = r"[^\x20-\x7E]| $|^[ =+\-@]"
SIGNED_NUMBER = r"^[+-]([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def read_plain(
    path_label: str, raw: bytes, resource: Resource
) -> tuple[list[Problem], pl.DataFrame] | None:
    """The form problems of a file in plain form and its rows (text columns in the schema's
    order, ``""`` for an empty cell, with each row's line); ``None`` for any other file."""
    import polars as pl

    names = list(resource.field_names)
    header = ",".join(names).encode("utf-8") + b"\n"
    if (
        len(names) < 2  # a row of one empty cell would be a blank line
        or len(set(names)) < len(names)
        or not raw.startswith(header)
        or not raw.endswith(b"\n")
        or raw.startswith(BOM)
        or b"\r" in raw
        or not _is_utf8(raw)
    ):
        return None
    try:
        frame = pl.read_csv(raw, infer_schema=False, has_header=True, raise_if_empty=False)
        if not _reads_as_csv_module(frame, names, raw, len(header)):
            return None
    except (Exception, pl.exceptions.PanicException):  # the csv module will say what is wrong
        return None
    nulls = [name for name, count in zip(names, frame.null_count().row(0), strict=True) if count]
    frame = frame.with_columns(pl.col(nulls).fill_null(""))
    line = pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(LINE)
    empty = pl.all_horizontal(pl.col(name) == "" for name in names).alias("_empty")
    frame = frame.select(line, pl.all(), empty)
    problems = _row_problems(path_label, frame, names, resource)
    if frame["_empty"].any():
        frame = frame.filter(~pl.col("_empty"))
    return problems, frame.drop("_empty")


def _reads_as_csv_module(frame: pl.DataFrame, names: list[str], raw: bytes, at: int) -> bool:
    """Whether polars's reading of the file is the csv module's, one line per record."""
    import polars as pl

    if frame.columns != names or raw.count(b"\n") != frame.height + 1:
        return False
    longest = frame.select(pl.max_horizontal(pl.all().str.len_bytes().max())).item()
    if (longest or 0) > MAX_VALUE_CHARS:  # the csv module refuses such a value
        return False
    return _writes_back(frame, raw, at)


def _writes_back(frame: pl.DataFrame, raw: bytes, at: int) -> bool:
    """Whether the rows, written as minimally quoted CSV (a slice at a time, to hold little
    memory), are the file's bytes from ``at`` on, byte for byte."""
    for start in range(0, frame.height, WRITE_ROWS):
        written = frame.slice(start, WRITE_ROWS).write_csv(
            include_header=False, quote_style="necessary", null_value="", line_terminator="\n"
        )
        piece = written.encode("utf-8")
        if not raw.startswith(piece, at):
            return False
        at += len(piece)
    return at == len(raw)


def _is_utf8(raw: bytes) -> bool:
    if raw.isascii():
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _row_problems(
    path_label: str, frame: pl.DataFrame, names: list[str], resource: Resource
) -> list[Problem]:
    """``check_text``'s problems of the rows, in its order: empty rows, damaged cells (each
    distinct value judged once), keys out of order."""
    import polars as pl

    keys = [name for name in resource.primary_key if name in names]
    signed = pl.col("cell").str.contains(SIGNED_NUMBER)  # a signed number is not a formula
    suspects = [
        frame.lazy()
        .filter(pl.col(name).str.contains(SUSPECT_CELL))
        .select(LINE, pl.col(name).alias("cell"))
        .filter(~signed)
        for name in names
    ]
    empty = frame.lazy().filter(pl.col("_empty")).select(LINE)
    empty_lines, *cells = pl.collect_all([empty, *suspects])
    order = _out_of_order(frame, keys)
    found: dict[int, list[Problem]] = {}
    for line in empty_lines[LINE]:
        found[line] = [empty_row(path_label, line, len(names))]
    record_ids = _record_ids(frame, keys, {line for column in cells for line in column[LINE]})
    verdicts: dict[str, list[tuple[str, str, str]]] = {}
    for column, (name, suspect) in enumerate(zip(names, cells, strict=True), start=1):
        for line, cell in suspect.iter_rows():
            if cell not in verdicts:
                verdicts[cell] = damage(cell)
            found.setdefault(line, []).extend(
                Problem(path_label, code, message, hint, line, name, column, record_ids[line])
                for code, message, hint in verdicts[cell]
            )
    for line, (key, greatest) in order.items():
        found.setdefault(line, []).append(out_of_order(path_label, line, key, greatest))
    return [problem for line in sorted(found) for problem in found[line]]


def _record_ids(frame: pl.DataFrame, keys: list[str], lines: set[int]) -> dict[int, str | None]:
    """The primary key (fields joined by commas) of the rows on ``lines``."""
    import polars as pl

    if not lines:
        return {}
    rows = frame.filter(pl.col(LINE).is_in(sorted(lines))).select(LINE, *keys)
    return {line: ",".join(key) or None for line, *key in rows.iter_rows()}


def _out_of_order(
    frame: pl.DataFrame, keys: list[str]
) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The key and the greatest earlier key of each non-empty row whose key comes before an
    earlier row's (as ``check_text`` compares them); by line."""
    import polars as pl

    if not keys:
        return {}
    kept = frame.filter(~pl.col("_empty")).select(LINE, *keys)

    def not_before(position: int) -> pl.Expr:
        """Whether the key from field ``position`` on is not before the previous row's."""
        column = pl.col(keys[position])
        before = column.shift(1)
        if position == len(keys) - 1:
            return column >= before
        return (column > before) | ((column == before) & not_before(position + 1))

    if kept.select(not_before(0).fill_null(True).all()).item():
        return {}
    found: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    order = KeyOrder()
    for line, *values in kept.iter_rows():
        key = tuple(values)
        if (greatest := order.misplaced(key)) is not None:
            found[line] = (key, greatest)
    return found
