"""A Table Schema field as polars expressions, with frictionless's own reading for the rest.

Each field splits its cells three ways: missing (a ``missingValues`` entry), *plain* (a
canonical form whose type and constraints polars can decide exactly, such as ``2024`` in a
year field or ``53.4`` in a number field) and the rest, which frictionless's cell reader
judges one by one (``+5``, `` 7 ``, ``1e3``, ``NaN``, ``2024-02-30``, a pattern on text that
is not printable ASCII). Plain cells are all valid by their type; so the rest, which come
back into Python, are few unless the data is wrong.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

# The constraints each type checks, in frictionless's order (which orders its errors).
CONSTRAINTS = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "number": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "year": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "date": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
}
# Canonical forms that Python's ``int``, ``Decimal`` and ``strptime`` read as polars does.
PLAIN_FORMS = {
    "integer": r"^-?[0-9]{1,18}$",
    "year": r"^[0-9]{4}$",
    # at most 15 characters, so at most 15 digits: a double keeps their order exactly
    "number": r"^-?[0-9]+(\.[0-9]+)?$",
    "date": r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$",
}
NUMBER_CHARS = 15
# Regular expressions whose meaning on printable ASCII is the same in Python and in polars.
PORTABLE_PATTERN = re.compile(r"([^\\\[\](){}?]|\\[-.\\/sdwSDW+*?()\[\]{}^$|]|[\[\](){}?])*")
NOT_PORTABLE = ("[[", "(?", "{,")
PRINTABLE_ASCII = r"^[\x20-\x7e]*$"
_NANS = itertools.count()
BOUNDS = {
    "minimum": "lt",
    "maximum": "gt",
    "exclusiveMinimum": "le",
    "exclusiveMaximum": "ge",
}


@dataclass(frozen=True)
class Rules:
    """A field's cells as expressions, in two steps. ``columns`` are computed first, from
    the cells: whether each is missing, whether it is plain, and its typed value. The others
    read those columns: which cells frictionless must read, which plain cells break each
    constraint, and each cell's typed value as a key. (One expression over the cells alone
    would compute the value again for every constraint.)"""

    columns: tuple[pl.Expr, ...]
    judged: pl.Expr
    failures: tuple[tuple[str, pl.Expr], ...]
    key: pl.Expr
    family: str


def rules(spec: dict[str, Any], missing_values: list[str], as_key: bool) -> Rules:
    """The expressions for the field ``spec``; ``as_key`` when keys compare its values.
    (Built once per process for each field, as their building costs more than small tables'
    checks.)"""
    return _rules(json.dumps([spec, missing_values, as_key], sort_keys=True))


@functools.lru_cache(maxsize=4096)
def _rules(field_json: str) -> Rules:
    import polars as pl

    spec, missing_values, as_key = json.loads(field_json)
    name, kind = str(spec["name"]), str(spec.get("type", "string"))
    cell = pl.col(name)
    constraints: dict[str, Any] = spec.get("constraints", {})
    plain_form = _plain_form(kind, spec, constraints, as_key)
    is_missing = cell.is_in(missing_values)
    columns = [is_missing.alias(f"{name}\0missing")]
    missing = pl.col(f"{name}\0missing")
    if plain_form is None:
        plain, value = pl.lit(False), pl.lit(None)
    else:
        is_plain, typed_value = _typed(kind, cell, plain_form)
        columns += [
            (is_plain & ~is_missing).alias(f"{name}\0plain"),
            typed_value.alias(f"{name}\0value"),
        ]
        plain, value = pl.col(f"{name}\0plain"), pl.col(f"{name}\0value")
    failures = []
    for constraint in CONSTRAINTS.get(kind, ()):
        if constraint not in constraints:
            continue
        bound = constraints[constraint]
        if constraint == "required":
            failure = missing & pl.lit(bool(bound))
        elif constraint in BOUNDS:
            failure = getattr(value, BOUNDS[constraint])(_typed_bound(kind, bound))
        elif constraint == "minLength":
            failure = cell.str.len_chars() < bound
        elif constraint == "maxLength":
            failure = cell.str.len_chars() > bound
        elif constraint == "pattern":
            failure = ~cell.str.contains(f"^{bound}$")
        else:
            failure = ~cell.is_in(bound)
        if constraint != "required":  # the others hold for a missing value
            failure = failure.fill_null(False) & plain
        failures.append((constraint, failure))
    judged = ~missing & ~plain
    if kind == "string":  # frictionless reads a plain string as itself
        key = pl.when(missing).then(None).otherwise(cell)
    else:
        key = pl.when(plain).then(value.cast(pl.String))
    return Rules(tuple(columns), judged, tuple(failures), key, _family(kind))


def _plain_form(
    kind: str, spec: dict[str, Any], constraints: dict[str, Any], as_key: bool
) -> str | None:
    """The regular expression of the field's plain cells, or None when none are plain."""
    if spec.get("format", "default") != "default" or kind not in CONSTRAINTS:
        return None
    if spec.get("bareNumber") is False or {"decimalChar", "groupChar"} & spec.keys():
        return None
    if kind == "string":
        pattern = constraints.get("pattern")
        enum = constraints.get("enum", [])
        if not all(isinstance(value, str) for value in enum):
            return None
        if pattern is None:
            return ""
        portable = PORTABLE_PATTERN.fullmatch(pattern) and not any(
            text in pattern for text in NOT_PORTABLE
        )
        return PRINTABLE_ASCII if portable and _compiles(pattern) else None
    if "enum" in constraints or (kind == "number" and as_key):
        return None
    bounds = [constraints[name] for name in BOUNDS if name in constraints]
    if not all(_exact_bound(kind, bound) for bound in bounds):
        return None
    return PLAIN_FORMS[kind]


@functools.cache
def _compiles(pattern: str) -> bool:
    import polars as pl

    try:
        pl.Series([""]).str.contains(f"^{pattern}$")
    except pl.exceptions.ComputeError:
        return False
    return True


def _exact_bound(kind: str, bound: Any) -> bool:
    """Whether polars compares plain cells with the bound as frictionless does."""
    reader = VALUE_READERS[kind]
    value = reader(bound)
    if value is None:
        return False
    if kind == "number":
        return isinstance(value, Decimal) and len(value.as_tuple().digits) <= NUMBER_CHARS
    return True


def _typed(kind: str, cell: pl.Expr, form: str) -> tuple[pl.Expr, pl.Expr]:
    """Which cells are plain, and their typed values."""
    import polars as pl

    if kind == "string":
        return (cell.str.contains(form) if form else pl.lit(True)), cell
    plain = cell.str.contains(form)
    if kind == "date":
        value = cell.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        return plain & value.is_not_null(), pl.when(plain).then(value)
    if kind == "number":
        plain = plain & (cell.str.len_chars() <= NUMBER_CHARS)
        return plain, pl.when(plain).then(cell.cast(pl.Float64, strict=False))
    return plain, pl.when(plain).then(cell.cast(pl.Int64, strict=False))


def _typed_bound(kind: str, bound: Any) -> Any:
    value = VALUE_READERS[kind](bound)
    return float(value) if isinstance(value, Decimal) else value


def _family(kind: str) -> str:
    """Values of fields of one family can be equal (Python's ``1 == Decimal(1) == True``)."""
    return {"integer": "number", "year": "number", "boolean": "number"}.get(kind, kind)


def key_text(value: Any) -> str | None:
    """A typed value as the text that keys compare: equal texts for equal values (a NaN
    equals nothing, not even another NaN)."""
    if value is None:
        return None
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return f"NaN #{next(_NANS)}" if value.is_nan() else str(value)
        whole = value.to_integral_value()
        return str(int(whole)) if whole == value else str(value.normalize())
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _number(bound: Any) -> Decimal | None:
    try:
        return Decimal(str(bound)) if not isinstance(bound, bool) else None
    except InvalidOperation:
        return None


def _integer(bound: Any) -> int | None:
    if isinstance(bound, bool):
        return None
    if isinstance(bound, int):
        return bound
    return int(bound) if isinstance(bound, float) and bound.is_integer() else None


def _date(bound: Any) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(str(bound), "%Y-%m-%d").date()
    except ValueError:
        return None


def _year(bound: Any) -> int | None:
    return bound if isinstance(bound, int) and 0 <= bound <= 9999 else None


# How frictionless reads a constraint's bound from the descriptor, per type.
VALUE_READERS: dict[str, Callable[[Any], Any]] = {
    "integer": _integer,
    "number": _number,
    "date": _date,
    "year": _year,
    "string": lambda bound: bound if isinstance(bound, str) else None,
}
