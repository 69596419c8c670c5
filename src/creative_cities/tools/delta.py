"""What changed between two copies of the package, and the release that the change calls for.

Rows are matched by primary key and compared as the CSV files write them. Under the
versioning policy (README.md), removing or retyping a table or field, changing a primary key
or removing a record calls for a major release; adding tables, fields or records for a minor
one; correcting values for a patch.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from ..check.markdown import code
from ..csv_reader import CsvSyntaxError, read_rows
from ..descriptor import Resource, descriptor_path, read_descriptor, resources
from ..errors import DataError
from ..safe_paths import read_bytes

Bump = Literal["none", "patch", "minor", "major"]
BUMPS: tuple[Bump, ...] = ("none", "patch", "minor", "major")
Row = dict[str, str]


class DeltaError(ValueError):
    """A table of a package to compare cannot be read; the message says which file and why."""


@dataclass(frozen=True)
class FieldChange:
    """A field added, removed or retyped in a table's schema; ``before``/``after`` are types."""

    field: str
    change: Literal["added", "removed", "retyped"]
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ValueChange:
    """One cell of a record, before and after (``""`` is an empty cell)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    """A record present in both copies whose values differ; ``key`` maps key field to value."""

    key: dict[str, str]
    values: tuple[ValueChange, ...]


@dataclass(frozen=True)
class TableDelta:
    """The changes to one table, whose primary key is ``key`` (``old_key`` before)."""

    name: str
    status: Literal["added", "removed", "kept"]
    key: tuple[str, ...]
    old_key: tuple[str, ...]
    fields: tuple[FieldChange, ...]
    added: tuple[Row, ...]
    removed: tuple[Row, ...]
    changed: tuple[RowChange, ...]

    @property
    def key_changed(self) -> bool:
        return self.status == "kept" and self.key != self.old_key

    @property
    def bump(self) -> Bump:
        """The release this table's changes call for on their own."""
        if (
            self.status == "removed"
            or self.key_changed
            or self.removed
            or any(change.change != "added" for change in self.fields)
        ):
            return "major"
        if self.status == "added" or self.added or self.fields:
            return "minor"
        return "patch" if self.changed else "none"

    def summary(self, markdown: bool = True) -> str:
        """One Markdown list item (or plain text): what happened to the table, in counts."""
        show = code if markdown else str
        if self.status == "added":
            return f"- {show(self.name)}: new table, {_rows(len(self.added))}"
        if self.status == "removed":
            return f"- {show(self.name)}: table removed ({_rows(len(self.removed))})"
        parts = []
        if self.key_changed:
            parts.append(
                f"primary key changed from ({', '.join(self.old_key)}) to ({', '.join(self.key)})"
            )
        for change in self.fields:
            retyped = (
                f" from {change.before} to {change.after}" if change.change == "retyped" else ""
            )
            parts.append(f"field {show(change.field)} {change.change}{retyped}")
        if self.added:
            parts.append(f"{_rows(len(self.added))} added")
        if self.removed:
            parts.append(f"{_rows(len(self.removed))} removed")
        if self.changed:
            counts = Counter(value.field for row in self.changed for value in row.values)
            fields = ", ".join(f"{show(name)} in {count}" for name, count in counts.items())
            parts.append(f"{_rows(len(self.changed))} changed ({fields})")
        return f"- {show(self.name)}: " + "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The table's changes as plain JSON values; empty cells are null."""
        return {
            "status": self.status,
            "primary_key": list(self.key),
            "previous_primary_key": list(self.old_key),
            "fields": [asdict(change) for change in self.fields],
            "added": [_nulls(row) for row in self.added],
            "removed": [_nulls(row) for row in self.removed],
            "changed": [
                {
                    "key": row.key,
                    "values": {
                        value.field: {"before": value.before or None, "after": value.after or None}
                        for value in row.values
                    },
                }
                for row in self.changed
            ],
        }


@dataclass(frozen=True)
class Delta:
    """Every table that changed between two copies, in the newer descriptor's order."""

    old_version: str | None
    new_version: str
    tables: tuple[TableDelta, ...]

    @property
    def bump(self) -> Bump:
        """The release the changes call for: the largest that any table calls for."""
        return max((table.bump for table in self.tables), key=BUMPS.index, default="none")

    def summary(self) -> list[str]:
        """The changes by table, as Markdown list items (the form of CHANGELOG.md)."""
        return [table.summary() for table in self.tables] or ["- no data changes"]

    def to_json(self) -> dict[str, Any]:
        """The whole delta as plain JSON values."""
        return {
            "from": self.old_version,
            "to": self.new_version,
            "bump": self.bump,
            "summary": self.summary(),
            "tables": {table.name: table.to_json() for table in self.tables},
        }


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _nulls(row: Row) -> dict[str, str | None]:
    return {name: value or None for name, value in row.items()}


@dataclass(frozen=True)
class _Package:
    root: Path
    version: str | None
    resources: dict[str, Resource]


def _open(path: str | Path) -> _Package:
    location = descriptor_path(path)
    descriptor = read_descriptor(location)
    version = descriptor.get("version")
    return _Package(
        location.parent,
        None if version is None else str(version),
        {res.name: res for res in resources(descriptor)},
    )


def _read(root: Path, res: Resource) -> list[Row]:
    try:
        rows = list(read_rows(read_bytes(root, res.path).decode("utf-8")))
    except DataError as exc:
        raise DeltaError(f"{root}: {exc}") from None
    except (UnicodeDecodeError, CsvSyntaxError) as exc:
        raise DeltaError(f"{root / res.path}: cannot be read: {exc}") from None
    if not rows:
        return []
    header = rows[0].cells
    return [dict(zip(header, row.cells, strict=False)) for row in rows[1:]]


def _key(row: Row, fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(row.get(name, "") for name in fields)


def _compare_table(name: str, old: _Package, new: _Package) -> TableDelta:
    before, after = old.resources.get(name), new.resources.get(name)
    old_rows = _read(old.root, before) if before else []
    new_rows = _read(new.root, after) if after else []
    if before is None and after is not None:
        key = after.primary_key
        return TableDelta(name, "added", key, key, (), tuple(new_rows), (), ())
    if after is None and before is not None:
        key = before.primary_key
        return TableDelta(name, "removed", key, key, (), (), tuple(old_rows), ())
    assert before is not None and after is not None  # the name is in one package at least
    old_types = {str(spec["name"]): str(spec.get("type", "string")) for spec in before.fields}
    new_types = {str(spec["name"]): str(spec.get("type", "string")) for spec in after.fields}
    fields = [
        FieldChange(field, "removed", kind, None)
        for field, kind in old_types.items()
        if field not in new_types
    ]
    for field, kind in new_types.items():
        if field not in old_types:
            fields.append(FieldChange(field, "added", None, kind))
        elif old_types[field] != kind:
            fields.append(FieldChange(field, "retyped", old_types[field], kind))
    common = [field for field in new_types if field in old_types]
    # Match by the new primary key when the old table has its fields, else by whole rows.
    keyed = after.primary_key and set(after.primary_key) <= set(old_types)
    key = after.primary_key if keyed else tuple(common)
    old_by_key = {_key(row, key): row for row in old_rows}
    new_by_key = {_key(row, key): row for row in new_rows}
    changed = []
    for row_key, row in new_by_key.items():
        previous = old_by_key.get(row_key)
        if previous is None:
            continue
        values = tuple(
            ValueChange(field, previous.get(field, ""), row.get(field, ""))
            for field in common
            if previous.get(field, "") != row.get(field, "")
        )
        if values:
            changed.append(RowChange(dict(zip(key, row_key, strict=True)), values))
    return TableDelta(
        name,
        "kept",
        after.primary_key,
        before.primary_key,
        tuple(fields),
        tuple(row for row_key, row in new_by_key.items() if row_key not in old_by_key),
        tuple(row for row_key, row in old_by_key.items() if row_key not in new_by_key),
        tuple(changed),
    )


def compare(old: str | Path | None, new: str | Path) -> Delta:
    """The changes from the package at ``old`` (``None``: nothing before) to the one at ``new``.

    Each is a package folder or its ``datapackage.json``. Raises ``DescriptorError`` when a
    descriptor cannot be read and ``DeltaError`` when a table cannot.
    """
    after = _open(new)
    before = _open(old) if old is not None else _Package(after.root, None, {})
    names = list(after.resources) + [
        name for name in before.resources if name not in after.resources
    ]
    tables = (_compare_table(name, before, after) for name in names)
    version = after.version or ""
    return Delta(before.version, version, tuple(table for table in tables if table.bump != "none"))
