"""Meaning checks of dates: ends after starts, statements while their council existed."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from .columns import Finding, Frames, rows
from .councils import with_council


def _earliest(frame: pl.DataFrame, field: str) -> pl.Expr:
    """The first day a date or partial date field may mean."""
    return pl.col(f"{field}_earliest" if f"{field}_earliest" in frame.columns else field)


def _latest(frame: pl.DataFrame, field: str) -> pl.Expr:
    """The last day a date or partial date field may mean."""
    return pl.col(f"{field}_latest" if f"{field}_latest" in frame.columns else field)


def date_order(frames: Frames) -> Iterator[Finding]:
    """An end is never before its start."""
    pairs = [("initiatives", "start", "end"), ("local_authorities", "start_date", "end_date")]
    for table, first, second in pairs:
        frame = frames[table]
        wrong = _latest(frame, second) < _earliest(frame, first)
        for row in rows(frame.filter(wrong)):
            yield Finding(
                table,
                row,
                second,
                "date-order",
                f"{second} {row[second]} is before {first} {row[first]}",
                f"correct one of the two dates: {second} cannot come before {first}",
            )


def member_councils(frames: Frames) -> Iterator[Finding]:
    """A statement about a council, a membership or a programme bid, is dated while the council
    existed: not wholly before its ``start_date``, nor wholly after its ``end_date``."""
    dated = [
        ("memberships", "lad_code", "as_of"),
        ("programme_places", "gss_code", "announced"),
    ]
    for table, field, when in dated:
        frame = with_council(frames[table], field, frames, "name", "start_date", "end_date")
        began = pl.col(f"{when}_latest") < pl.col("_council_start_date")
        ended = pl.col(f"{when}_earliest") > pl.col("_council_end_date")
        for row in rows(frame.filter(began | ended)):
            start, end = row["_council_start_date"], row["_council_end_date"]
            span = f"{start or '…'} to {end or '…'}"
            yield Finding(
                table,
                row,
                field,
                "council-dates",
                f"{row['_council_name']} ({row[field]}) existed from {span}, not on {row[when]}",
                "name the council as it was on the source's date",
            )
