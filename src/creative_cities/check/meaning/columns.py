"""What the rules share: findings, rows back in Python, names and distances on columns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from ...text import normalise
from .rows import ORDER

Frames = dict[str, pl.DataFrame]
EARTH_KM = 6371.0


@dataclass(frozen=True)
class Finding:
    """A problem of one row: its table, its values (its primary key among them), the field."""

    table: str
    row: dict[str, Any]
    field: str | None
    code: str
    message: str
    hint: str


Rule = Callable[[Frames], Iterator[Finding]]


def rows(frame: pl.DataFrame) -> Iterator[dict[str, Any]]:
    """The frame's rows, in the order of their records."""
    return frame.sort(ORDER, maintain_order=True).iter_rows(named=True)


def with_normalised(frame: pl.DataFrame, field: str, alias: str) -> pl.DataFrame:
    """The frame with ``text.normalise`` of ``field`` as ``alias``: on columns for plain ASCII
    text, in Python for each distinct other value."""
    text = pl.col(field)
    folded = (
        text.str.to_lowercase()
        .str.replace_all(r"\s*&\s*", " and ")
        .str.replace_all(r"[^0-9a-z]+", " ")
        .str.strip_chars(" ")
    )
    frame = frame.with_columns(
        pl.when(text.str.contains(r"^[\x00-\x7f]*$")).then(folded).alias(alias)
    )
    others = frame.filter(text.is_not_null() & pl.col(alias).is_null())[field].unique()
    if len(others):
        spelled = {value: normalise(value) for value in others.to_list()}
        found = text.replace_strict(spelled, default=None, return_dtype=pl.String)
        frame = frame.with_columns(pl.coalesce(alias, found).alias(alias))
    return frame


def km(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    """The great-circle distance between two points, in kilometres."""
    phi1, phi2 = lat1.radians(), lat2.radians()
    dphi, dlam = phi2 - phi1, (lon2 - lon1).radians()
    a = (dphi / 2).sin() ** 2 + phi1.cos() * phi2.cos() * (dlam / 2).sin() ** 2
    return 2 * EARTH_KM * a.sqrt().arcsin()
