"""The rows the meaning checks read, as typed frames: every well-typed row whose references
resolve, one per primary key (the last, where a key repeats), in the order the keys first come.

Rows that are not of their type, or that refer to a row no table keeps, are left out of the
meaning checks only (their problems are reported by the type and key checks), so that a bad
row never hides what the others mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from ...descriptor import ForeignKey, Resource, resources
from ..memo import Kept, content_key
from ..plain_form import LINE
from ..read_tables import ReadTable
from .casts import OK, typed

ORDER = "_order"  # the row's place among the table's records
KEY = "_key"  # the primary key as the file writes it, the fields joined by commas
ID = "_id"  # the primary key as read, the fields joined by commas
TABLE = "_table"  # a referring table's place among the tables with foreign keys
SHOWN = 10  # lines listed in a note; the problems themselves name every one
# Each table's keys, typed rows and badly typed lines, by what they depend on.
_TYPED: Kept[tuple[pl.DataFrame, pl.DataFrame, pl.Series]] = Kept(128)


@dataclass(frozen=True)
class MeaningRows:
    """The kept rows of every table; of every row read, its written key and line; a note per
    table on the rows left out and why; the tables (with their files) some rows were left
    out of."""

    frames: dict[str, pl.DataFrame]
    keys: dict[str, pl.DataFrame]
    notes: list[str]
    incomplete: dict[str, str]


def meaning_rows(descriptor: dict[str, Any], tables: Sequence[ReadTable]) -> MeaningRows:
    """The rows of every resource that the meaning checks read, and what was left out."""
    by_name = {table.name: table for table in tables}
    described = [res for res in resources(descriptor) if res.name in by_name]
    frames, keys, notes, rejected = {}, {}, [], set()
    for res in described:
        table = by_name[res.name]
        keys[res.name], frame, wrong = _typed_rows(res, table)
        if len(wrong):
            rejected.add(res.name)
            notes.append(_note(table, wrong, "a value is not of its field's type"))
        frames[res.name] = frame
    dangling = _dangling(frames, {res.name: res.foreign_keys for res in described})
    for res in described:
        lines = dangling.get(res.name)
        if lines is not None:
            frames[res.name] = frames[res.name].filter(~pl.col(LINE).is_in(lines.implode()))
            notes.append(_note(by_name[res.name], lines, "a reference names no record read"))
        frames[res.name] = _one_per_key(frames[res.name], res.primary_key)
    incomplete = {
        table.name: table.path
        for table in tables
        if table.skipped or table.partial or table.name in rejected or table.name in dangling
    }
    return MeaningRows(frames, keys, notes, incomplete)


def _typed_rows(res: Resource, table: ReadTable) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series]:
    """Every row's line and written key, the well-typed rows typed, and the lines of the
    others (for a table read before, with the same fields, those found then)."""

    def type_rows() -> tuple[pl.DataFrame, pl.DataFrame, pl.Series]:
        frame = typed(_text_frame(res, table), res.fields)
        wrong = frame.filter(~pl.col(OK))[LINE]
        well_typed = frame.filter(pl.col(OK)) if len(wrong) else frame
        return frame.select(LINE, KEY), well_typed.drop(OK, KEY), wrong

    return _TYPED.through(
        table.key and content_key(table.key, res.fields, res.primary_key), type_rows
    )


def _text_frame(res: Resource, table: ReadTable) -> pl.DataFrame:
    """The table's rows as text columns, with each row's line and written key."""
    fields = res.field_names
    frame = table.frame
    written = [pl.col(field) for field in res.primary_key if field in fields]
    key = _joined(written) if written else pl.lit(None, pl.String)
    return frame.with_columns(key.alias(KEY))


def _dangling(
    frames: dict[str, pl.DataFrame], keys: dict[str, tuple[ForeignKey, ...]]
) -> dict[str, pl.Series]:
    """Lines of rows with a reference that names no kept row (in a table that could not be
    read, none is kept); repeated until no more rows drop, since a dropped row can leave
    others dangling. Each round's key sets are built together; then, a referenced table at a
    time, every reference to it is looked up in one anti-join."""
    kept = dict(frames)
    dropped: dict[str, list[pl.Series]] = {}
    targets = sorted({(key.table, key.target) for refs in keys.values() for key in refs})
    referring = sorted(keys)
    while targets:
        wanted = [(name, target) for name, target in targets if name in kept]
        queries = [_as_text(kept[name].lazy(), target).unique() for name, target in wanted]
        present = dict(zip(wanted, pl.collect_all(queries), strict=True))
        references: dict[tuple[str, tuple[str, ...]], list[pl.LazyFrame]] = {}
        for index, name in enumerate(referring):
            for key in keys[name]:
                references.setdefault((key.table, key.target), []).append(
                    _references(kept[name].lazy(), key, index)
                )
        unknown = [
            _unknown(references[target], present.get(target)).collect() for target in targets
        ]
        lost = {
            referring[index]: lines[LINE].unique().sort()
            for (index,), lines in pl.concat(unknown).partition_by(TABLE, as_dict=True).items()
        }
        for name, lines in lost.items():
            dropped.setdefault(name, []).append(lines)
            kept[name] = kept[name].filter(~pl.col(LINE).is_in(lines.implode()))
        if not lost:
            break
    return {name: pl.concat(lines).sort() for name, lines in dropped.items()}


def _as_text(frame: pl.LazyFrame, fields: tuple[str, ...]) -> pl.LazyFrame:
    """The fields as text, named by position (so that two tables' fields can be joined)."""
    return frame.select(_texts(fields))


def _texts(fields: tuple[str, ...]) -> list[pl.Expr]:
    return [pl.col(field).cast(pl.String).alias(str(i)) for i, field in enumerate(fields)]


def _references(frame: pl.LazyFrame, key: ForeignKey, table: int) -> pl.LazyFrame:
    """The table's number and the line and fields as text of each row whose reference is
    filled in every part."""
    filled = frame.filter(pl.all_horizontal(pl.col(field).is_not_null() for field in key.columns))
    return filled.select(pl.lit(table, pl.UInt32).alias(TABLE), LINE, *_texts(key.columns))


def _unknown(references: list[pl.LazyFrame], present: pl.DataFrame | None) -> pl.LazyFrame:
    """The references (all to one table's fields) that name no present row."""
    every = pl.concat(references)
    if present is None:
        return every.select(TABLE, LINE)
    return every.join(present.lazy(), on=present.columns, how="anti").select(TABLE, LINE)


def _one_per_key(frame: pl.DataFrame, primary_key: tuple[str, ...]) -> pl.DataFrame:
    """One row per primary key, the last of its rows, where its key first comes; each row
    numbered in that order and given its record id."""
    if primary_key and frame.select(pl.struct(primary_key).is_duplicated().any()).item():
        first = pl.col(LINE).min().over(primary_key).alias("_first")
        last = pl.col(LINE) == pl.col(LINE).max().over(primary_key)
        frame = frame.with_columns(first).filter(last).sort("_first").drop("_first")
    parts = [pl.col(field).cast(pl.String).fill_null("") for field in primary_key]
    record_id = _joined(parts) if parts else pl.lit("")
    return frame.with_row_index(ORDER).with_columns(record_id.alias(ID))


def _joined(parts: list[pl.Expr]) -> pl.Expr:
    """The parts joined by commas (one part as it is, without a copy of its text)."""
    return parts[0] if len(parts) == 1 else pl.concat_str(parts, separator=",")


def _note(table: ReadTable, lines: pl.Series, why: str) -> str:
    shown = lines.head(SHOWN).to_list()
    listed = ", ".join(str(line) for line in shown)
    more = f" and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
    return f"{table.path}: line(s) {listed}{more} left out of the meaning checks: {why}"
