"""Types, constraints and keys checked on columns (polars), with frictionless's findings.

The rows the file checks read become one polars frame per table; every field becomes column
expressions (``column_rules``), a primary key a grouping, a foreign key an anti-join against
a key set built once per referenced table and shared by every table that points to it. Only
failing cells and rows come back into Python, as the ``Finding``s frictionless would give for
the same rows, in its order and within its limit of errors per table, so that
``frictionless_run.problems`` reports them the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import column_rules
from .frictionless_run import LIMIT_ERRORS, Finding, checked_foreign_keys
from .memo import Kept, content_key, tables_key
from .plain_form import LINE
from .read_tables import ReadTable

if TYPE_CHECKING:
    import polars as pl

ROW = "__row"
CELL_TEMPLATES = {
    "type-error": (
        'Type error in the cell "{cell}" in row "{row}" and field "{field}" at position '
        '"{number}": {note}'
    ),
    "constraint-error": (
        'The cell "{cell}" in row at position "{row}" and field "{field}" at position '
        '"{number}" does not conform to a constraint: {note}'
    ),
    "unique-error": (
        'Row at position "{row}" has unique constraint violation in field "{field}" at '
        'position "{number}": {note}'
    ),
}
TITLES = {
    "type-error": "Type Error",
    "constraint-error": "Constraint Error",
    "unique-error": "Unique Error",
    "primary-key": "PrimaryKey Error",
    "foreign-key": "ForeignKey Error",
}
# Each table's key texts, shown values and cell findings, by what they depend on.
_CELLS: Kept[tuple[pl.DataFrame, dict[str, dict[int, str | None]], tuple[Any, ...]]] = Kept(128)
# The findings of packages checked before, by their descriptor and tables.
_FOUND: Kept[dict[str, tuple[Finding, ...]]] = Kept(64)
# A finding's place in frictionless's order: by row, then cell errors by field, then the
# row's unique, primary-key and foreign-key errors.
Order = tuple[int, int, int, int]


@dataclass
class Table:
    """One table: its frame and field rules, then the key texts of the fields that keys
    compare (the values frictionless read where it read them), and its findings."""

    name: str
    schema: dict[str, Any]
    frame: pl.DataFrame
    rules: dict[str, column_rules.Rules]
    keys: pl.DataFrame | None = None
    shown: dict[str, dict[int, str | None]] = field(default_factory=dict)
    found: list[tuple[Order, Finding]] = field(default_factory=list)

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.schema.get("fields", []))


def run(descriptor: dict[str, Any], tables: Sequence[ReadTable]) -> dict[str, list[Finding]]:
    """Frictionless's findings for every table that the type and key checks read (for a
    package checked before, with the same descriptor and tables, those found then)."""
    kept = _FOUND.through(
        tables_key(descriptor, tables),
        lambda: {name: tuple(found) for name, found in _run(descriptor, tables).items()},
    )
    return {name: list(found) for name, found in kept.items()}


def _run(descriptor: dict[str, Any], tables: Sequence[ReadTable]) -> dict[str, list[Finding]]:
    import polars as pl

    checked = {table.name: table for table in tables if table.skipped is None}
    trusted = {name for name, table in checked.items() if table.partial is None}
    specs = {
        str(resource.get("name")): resource.get("schema", {})
        for resource in descriptor.get("resources", [])
        if str(resource.get("name")) in checked
    }
    foreign_keys = {
        name: [
            key
            for key in checked_foreign_keys(schema, name, trusted)
            if set(key["fields"]) <= {str(spec["name"]) for spec in schema.get("fields", [])}
        ]
        for name, schema in specs.items()
    }
    keyed = _key_fields(specs, foreign_keys)
    read = {
        name: _table(name, schema, checked[name], keyed[name]) for name, schema in specs.items()
    }
    # One table at a time, so that one table's intermediate columns are in memory at once.
    for name, table in read.items():
        _checked_cells(table, keyed[name], checked[name].key)
    key_sets = _key_sets(read, foreign_keys)
    for name, table in read.items():
        checks = _unique(table) + _primary_key(table)
        checks += [
            _foreign_key(table, read, key_sets, index, key)
            for index, key in enumerate(foreign_keys[name])
        ]
        for (report, _), result in zip(checks, pl.collect_all([q for _, q in checks]), strict=True):
            report(result)
    return {
        name: [finding for _, finding in sorted(table.found, key=lambda item: item[0])][
            :LIMIT_ERRORS
        ]
        for name, table in read.items()
    }


def _key_fields(
    specs: dict[str, dict[str, Any]], foreign_keys: dict[str, list[dict[str, Any]]]
) -> dict[str, set[str]]:
    """The fields of each table whose typed values a key compares."""
    keyed: dict[str, set[str]] = {name: set() for name in specs}
    for name, schema in specs.items():
        names = {str(spec["name"]) for spec in schema.get("fields", [])}
        keyed[name] |= set(schema.get("primaryKey", []) or []) & names
        keyed[name] |= {
            str(spec["name"])
            for spec in schema.get("fields", [])
            if spec.get("constraints", {}).get("unique")
        }
        for key in foreign_keys[name]:
            keyed[name] |= set(key["fields"])
            target = key["reference"].get("resource") or name
            target_names = {str(spec["name"]) for spec in specs[target].get("fields", [])}
            keyed[target] |= set(key["reference"]["fields"]) & target_names
    return keyed


def _table(name: str, schema: dict[str, Any], read: ReadTable, keyed: set[str]) -> Table:
    """The table's rows as a frame of text columns, and the rules of its fields."""

    frame = read.frame.drop(LINE)
    missing_values = list(schema.get("missingValues", [""]))
    rules = {
        str(spec["name"]): column_rules.rules(
            spec, list(spec.get("missingValues", missing_values)), str(spec["name"]) in keyed
        )
        for spec in schema.get("fields", [])
    }
    return Table(name, schema, frame.with_row_index(ROW), rules)


def _cell_queries(table: Table, keyed: set[str]) -> list[pl.LazyFrame]:
    """The key texts of the keyed fields, and every row with a cell that fails or that
    frictionless must read (with the flags that say which)."""
    import polars as pl

    steps = [column for rules in table.rules.values() for column in rules.columns]
    frame = table.frame.with_columns(steps).lazy()
    keys = frame.select(ROW, *(table.rules[name].key.alias(name) for name in sorted(keyed)))
    flags = {
        f"{name}\0{label}": expression
        for name, rules in table.rules.items()
        for label, expression in (("judged", rules.judged), *rules.failures)
    }
    failing = frame.select(ROW, *table.rules, **flags).filter(
        pl.any_horizontal(pl.lit(False), *map(pl.col, flags))
    )
    return [keys, failing]


def _checked_cells(table: Table, keyed: set[str], read_key: str) -> None:
    """Find the table's failing cells and its key texts; for a table read before (``read_key``
    names what it was read from), with the same schema, those found then."""
    import polars as pl

    def find() -> tuple[pl.DataFrame, dict[str, dict[int, str | None]], tuple[Any, ...]]:
        keys, failing = pl.collect_all(_cell_queries(table, keyed))
        _cells(table, keys, failing)
        assert table.keys is not None
        return table.keys, table.shown, tuple(table.found)

    kept = _CELLS.through(read_key and content_key(read_key, table.schema, sorted(keyed)), find)
    table.keys, table.shown, table.found = kept[0], dict(kept[1]), list(kept[2])


def _cells(table: Table, keys: pl.DataFrame, failing: pl.DataFrame) -> None:
    """The findings of the failing cells; the key texts of the cells frictionless read."""
    readers: dict[str, Callable[[Any], Any]] = {}
    patches: dict[str, dict[int, Any]] = {}
    for row in failing.iter_rows(named=True):
        for number, spec in enumerate(table.fields, start=1):
            name = str(spec["name"])
            cell = row[name]
            if row[f"{name}\0judged"]:
                if name not in readers:
                    readers[name] = _cell_reader(table.schema, name)
                value, notes = readers[name](cell)
                patches.setdefault(name, {})[row[ROW]] = value
                found = [
                    ("type-error" if constraint == "type" else "constraint-error", note)
                    for constraint, note in (notes or {}).items()
                ]
            else:
                found = [
                    ("constraint-error", f'constraint "{c}" is "{spec["constraints"][c]}"')
                    for c, _ in table.rules[name].failures
                    if row[f"{name}\0{c}"]
                ]
            table.found += [
                (
                    (row[ROW], number, order, 0),
                    _cell_finding(code, row[ROW], cell, spec, number, note),
                )
                for order, (code, note) in enumerate(found)
            ]
    for name, values in patches.items():
        if name in keys.columns:
            rows = list(values)
            texts = [column_rules.key_text(values[row]) for row in rows]
            keys = keys.with_columns(keys.get_column(name).scatter(rows, texts))
            table.shown[name] = {
                row: None if value is None else str(value) for row, value in values.items()
            }
    table.keys = keys


def _key(table: Table, names: list[str]) -> pl.LazyFrame:
    import polars as pl

    assert table.keys is not None
    columns = [
        table.keys.get_column(name)
        if name in table.keys.columns
        else pl.Series(name, [None] * table.frame.height, pl.String)
        for name in names
    ]
    return pl.DataFrame([table.keys.get_column(ROW), *columns]).lazy()


def _shown(table: Table, name: str, row: int, text: str | None) -> str | None:
    """A typed value as frictionless writes it (``str(value)``)."""
    return table.shown.get(name, {}).get(row, text)


def _unique(table: Table) -> list[tuple[Callable[[pl.DataFrame], None], pl.LazyFrame]]:
    """Frictionless's unique errors: a value seen on an earlier row, named by the latest."""
    import polars as pl

    checks: list[tuple[Callable[[pl.DataFrame], None], pl.LazyFrame]] = []
    for number, spec in enumerate(table.fields, start=1):
        name = str(spec["name"])
        if not spec.get("constraints", {}).get("unique"):
            continue

        def report(found: pl.DataFrame, spec: dict[str, Any] = spec, number: int = number) -> None:
            name = str(spec["name"])
            for row, earlier, text in found.iter_rows():
                note = f"the same as in the row at position {earlier + 2}"
                shown = str(_shown(table, name, row, text))
                finding = _cell_finding("unique-error", row, shown, spec, number, note)
                table.found.append(((row, len(table.fields) + 1, number, 0), finding))

        query = _repeats(_key(table, [name]).filter(pl.col(name).is_not_null()), [name])
        checks.append((report, query))
    return checks


def _primary_key(table: Table) -> list[tuple[Callable[[pl.DataFrame], None], pl.LazyFrame]]:
    """Frictionless's primary-key errors: a key all missing, or seen on an earlier row."""
    import polars as pl

    key = list(table.schema.get("primaryKey", []) or [])
    if not key or not set(key) <= set(table.rules):
        return []
    frame = _key(table, key)
    empty = pl.all_horizontal(pl.col(k).is_null() for k in key)
    none = frame.filter(empty).select(ROW, pl.lit(None, pl.UInt32).alias("earlier"))
    query = pl.concat([none, _repeats(frame.filter(~empty), key).select(ROW, "earlier")])

    def report(found: pl.DataFrame) -> None:
        for row, earlier in found.iter_rows():
            note = (
                'cells composing the primary keys are all "None"'
                if earlier is None
                else f"the same as in the row at position {earlier + 2}"
            )
            finding = _row_finding("primary-key", row, note)
            table.found.append(((row, len(table.fields) + 2, 0, 0), finding))

    return [(report, query)]


def _repeats(frame: pl.LazyFrame, key: list[str]) -> pl.LazyFrame:
    """``row, earlier`` and the key for each row whose key an earlier row has (the latest)."""
    import polars as pl

    repeated = pl.struct(key).is_duplicated() if len(key) > 1 else pl.col(key[0]).is_duplicated()
    earlier = frame.filter(repeated).with_columns(pl.col(ROW).shift(1).over(key).alias("earlier"))
    return earlier.filter(pl.col("earlier").is_not_null()).select(ROW, "earlier", *key)


def _key_sets(
    tables: dict[str, Table], foreign_keys: dict[str, list[dict[str, Any]]]
) -> dict[tuple[str, tuple[str, ...]], pl.DataFrame]:
    """The distinct keys of each referenced table and fields, built once for all users."""
    import polars as pl

    wanted = {
        (key["reference"].get("resource") or name, tuple(key["reference"]["fields"]))
        for name, keys in foreign_keys.items()
        for key in keys
    }
    order = sorted(wanted)
    queries = [
        _key(tables[target], list(fields))
        .drop(ROW)
        .filter(~pl.all_horizontal(pl.col(f).is_null() for f in fields))
        .unique()
        for target, fields in order
    ]
    return dict(zip(order, pl.collect_all(queries), strict=True))


def _foreign_key(
    table: Table,
    tables: dict[str, Table],
    key_sets: dict[tuple[str, tuple[str, ...]], pl.DataFrame],
    index: int,
    foreign_key: dict[str, Any],
) -> tuple[Callable[[pl.DataFrame], None], pl.LazyFrame]:
    """Frictionless's foreign-key errors: rows whose key is in no row of the table named."""
    import polars as pl

    fields = list(foreign_key["fields"])
    reference = foreign_key["reference"]
    target_name = str(reference.get("resource") or "")
    target_fields = list(reference["fields"])
    target = (target_name or table.name, tuple(target_fields))
    source = _key(table, fields).filter(~pl.all_horizontal(pl.col(f).is_null() for f in fields))
    theirs = tables[target[0]].rules
    comparable = all(
        f in theirs and table.rules[mine].family == theirs[f].family
        for mine, f in zip(fields, target_fields, strict=True)
    )
    query = source  # values of another type are never equal (a text is no number)
    if comparable:
        keys = key_sets[target].rename(dict(zip(target_fields, fields, strict=True)))
        query = source.join(keys.lazy(), on=fields, how="anti", nulls_equal=True)

    def report(found: pl.DataFrame) -> None:
        for row, *texts in found.iter_rows():
            values = [_shown(table, f, row, t) for f, t in zip(fields, texts, strict=True)]
            note = 'for "{}": values "{}" not found in the lookup table "{}" as "{}"'.format(
                ", ".join(fields),
                ", ".join(str(v) for v in values),
                target_name,
                ", ".join(target_fields),
            )
            cells = tuple("" if value is None else str(value) for value in values)
            finding = _row_finding("foreign-key", row, note, target_name, tuple(fields), cells)
            table.found.append(((row, len(table.fields) + 3, index, 0), finding))

    return report, query


def _cell_reader(schema: dict[str, Any], name: str) -> Callable[[Any], Any]:
    """Frictionless's own reading of one cell of field ``name``: its value and notes."""
    from frictionless import Schema

    field = Schema.from_descriptor(schema).get_field(name)
    read: Callable[[Any], Any] = field.create_cell_reader()
    unreadable = {"type": f'type is "{field.type}/{field.format}"'}

    def reader(cell: Any) -> Any:
        try:
            return read(cell)
        except ArithmeticError:  # frictionless itself stops on ``sNaN`` against a bound
            return None, unreadable

    return reader


def _cell_finding(
    code: str, row: int, cell: str, spec: dict[str, Any], number: int, note: str
) -> Finding:
    name = str(spec["name"])
    message = CELL_TEMPLATES[code].format(
        cell=cell, row=row + 2, field=name, number=number, note=note
    )
    return Finding(code, TITLES[code], message, note, row + 2, name, cell, None, (), ())


def _row_finding(
    code: str,
    row: int,
    note: str,
    reference: str | None = None,
    fields: tuple[str, ...] = (),
    cells: tuple[str, ...] = (),
) -> Finding:
    kind = "primary key" if code == "primary-key" else "foreign key"
    message = f'Row at position "{row + 2}" violates the {kind}: {note}'
    return Finding(code, TITLES[code], message, note, row + 2, None, None, reference, fields, cells)
