"""A table's text cells as typed columns, by its schema: each value cast as the records' types
read it (numbers with spaces, a sign, ``_`` or ``1e3``; dates as ISO days), with whether every
value of the row is of its type and within its constraints."""

from __future__ import annotations

import functools
import json
from typing import Any

import polars as pl

from ...partial_date import DESCRIPTOR_PATTERN

OK = "_ok"
INTEGER = r"^[+-]?[0-9]+(_[0-9]+)*(\.0+)?$"
NUMBER = r"(?i)^[+-]?(inf|infinity|nan|([0-9](_?[0-9])*)?(\.([0-9](_?[0-9])*)?)?(e[+-]?[0-9]+)?)$"
# A day, or the midnight of that day (as a timestamp may give it).
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T00:00(:00(\.0+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"


def typed(frame: pl.DataFrame, fields: tuple[dict[str, Any], ...]) -> pl.DataFrame:
    """The frame's text columns cast to their types, each partial date followed by its
    ``_earliest`` and ``_latest`` days, and ``OK``: whether the whole row is well typed."""
    values, selected = _typing(json.dumps(fields, sort_keys=True))
    return frame.with_columns(values).select(selected)


@functools.lru_cache(maxsize=256)
def _typing(fields_json: str) -> tuple[tuple[pl.Expr, ...], tuple[pl.Expr, ...]]:
    """The expressions of ``typed``, in two steps: each field's value (and a partial date's
    days), then its fit, which reads those columns (one expression over the text would cast
    it again for every constraint). Built once per process for each table's fields."""
    fields = json.loads(fields_json)
    names = [str(spec["name"]) for spec in fields]
    steps = [_steps(name, spec) for name, spec in zip(names, fields, strict=True)]
    columns: list[pl.Expr] = []
    for name, field_steps in zip(names, steps, strict=True):
        value, *days = (step.meta.output_name() for step in field_steps)
        columns += [pl.col(value).alias(name), *map(pl.col, days)]
    fits = [
        _fit(pl.col(name), pl.col(_cast_name(name)), spec)
        for name, spec in zip(names, fields, strict=True)
    ]
    ok = pl.all_horizontal(fits) if fits else pl.lit(True)
    computed = [step for field_steps in steps for step in field_steps]
    kept = pl.exclude(*names, *(step.meta.output_name() for step in computed))
    return tuple(computed), (kept, *columns, ok.alias(OK))


def _cast_name(name: str) -> str:
    return f"{name}\0typed"


def _is_partial_date(spec: dict[str, Any]) -> bool:
    pattern = spec.get("constraints", {}).get("pattern")
    return bool(spec.get("type", "string") == "string" and pattern == DESCRIPTOR_PATTERN)


def _steps(name: str, spec: dict[str, Any]) -> list[pl.Expr]:
    """The columns computed first: the typed value, then a partial date's first and last
    days (``<name>_earliest``, ``<name>_latest``)."""
    text = pl.col(name)
    steps = [_value(text, spec).alias(_cast_name(name))]
    if _is_partial_date(spec):
        earliest, latest = _span(text)
        steps += [earliest.alias(f"{name}_earliest"), latest.alias(f"{name}_latest")]
    return steps


def _value(text: pl.Expr, spec: dict[str, Any]) -> pl.Expr:
    """The typed value of a cell: null when empty or not of the type."""
    kind = spec.get("type", "string")
    if kind in ("integer", "year"):
        plain = text.str.strip_chars()
        digits = plain.str.replace_all("_", "", literal=True).str.replace(r"\.0+$", "")
        return pl.when(plain.str.contains(INTEGER)).then(digits.cast(pl.Int64, strict=False))
    if kind == "number":
        plain = text.str.strip_chars()
        readable = plain.str.contains(NUMBER) & plain.str.contains(r"(?i)[0-9]|inf|nan")
        number = plain.str.replace_all("_", "", literal=True).cast(pl.Float64, strict=False)
        return pl.when(readable).then(number)
    if kind == "date":
        day = text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        return pl.when(text.str.contains(DATE)).then(day)
    return pl.when(text != "").then(text)


def _fit(text: pl.Expr, value: pl.Expr, spec: dict[str, Any]) -> pl.Expr:
    """Whether the cell fits the field, given its typed ``value`` (and, for a partial date,
    its first day's column)."""
    constraints = spec.get("constraints", {})
    kind = spec.get("type", "string")
    fit = value.is_not_null()
    if "pattern" in constraints:
        fit &= text.str.contains(constraints["pattern"])
    if "enum" in constraints:
        fit &= text.is_in([str(item) for item in constraints["enum"]])
    if kind == "number":
        fit &= ~value.is_nan()
    if "minimum" in constraints:
        fit &= value >= constraints["minimum"]
    if "maximum" in constraints:
        fit &= value <= constraints["maximum"]
    if _is_partial_date(spec):
        earliest = pl.col(f"{spec['name']}_earliest")
        fit &= (text.str.len_chars() < 10) | earliest.is_not_null()
    required = bool(constraints.get("required"))
    fits = pl.when(text != "").then(fit).otherwise(pl.lit(not required))
    return fits.fill_null(False)


def _span(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The first and last day a partial date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) may mean."""
    valid = text.str.contains(DESCRIPTOR_PATTERN)
    year = pl.when(valid).then(text.str.slice(0, 4).cast(pl.Int32, strict=False))
    month = text.str.slice(5, 2).cast(pl.Int8, strict=False)
    day = text.str.slice(8, 2).cast(pl.Int8, strict=False)
    earliest = (text + "-01-01").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    to_month_end = pl.date(year, month.fill_null(12), 1).dt.month_end()
    latest = pl.when(day.is_not_null()).then(earliest).otherwise(to_month_end)
    return pl.when(valid).then(earliest), pl.when(valid).then(latest)
