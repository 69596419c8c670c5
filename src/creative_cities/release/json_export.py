"""The whole package as one JSON document: the descriptor with every table's rows inline."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from ..schema_types import Value
from .typed import TypedTable, with_date_bounds

# Properties that describe a CSV file, which the inline document no longer has.
FILE_PROPERTIES = ("path", "scheme", "format", "mediatype", "encoding", "dialect", "bytes", "hash")


def _json_value(value: Value) -> str | int | float | None:
    return value.isoformat() if isinstance(value, datetime.date) else value


def package_document(descriptor: dict[str, Any], tables: list[TypedTable]) -> dict[str, Any]:
    """A data package whose resources hold their rows as ``data``: objects in schema order,
    each partial date with its first and last day beside it."""
    rows = {
        table.name: [
            {name: _json_value(value) for name, value in zip(table.column_names, row, strict=True)}
            for row in table.rows
        ]
        for table in tables
    }
    inline = [
        {
            **{key: value for key, value in resource.items() if key not in FILE_PROPERTIES},
            "schema": {
                **resource["schema"],
                "fields": with_date_bounds(resource["schema"]["fields"]),
            },
            "data": rows[resource["name"]],
        }
        for resource in descriptor.get("resources", [])
    ]
    return {**descriptor, "resources": inline}


def write_json(target: Path, descriptor: dict[str, Any], tables: list[TypedTable]) -> None:
    """Write the document as indented UTF-8 JSON, in the descriptor's order, ending in a newline."""
    text = json.dumps(package_document(descriptor, tables), indent=2, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8", newline="\n")
