"""The package as Parquet files, one per table, with the schema's types (needs pyarrow)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..schema_types import field_type
from .about import About
from .typed import TypedTable


def arrow_schema(table: TypedTable, about: About) -> Any:
    """The table's Arrow schema: its types, required fields not nullable, descriptions kept,
    and the package's name and version."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(
                column.name,
                getattr(pa, field_type(column.type).arrow)(),
                nullable=not column.required,
                metadata={"title": column.title, "description": column.description},
            )
            for column in table.columns
        ],
        metadata={
            "title": table.title,
            "description": table.description,
            "primary_key": json.dumps(list(table.primary_key)),
            "package": about.name,
            "version": about.version,
        },
    )


def write_parquet(target: Path, table: TypedTable, about: About) -> None:
    """Write one table as a Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table, about)
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.columns)
    arrow = pa.table(
        [pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)],
        schema=schema,
    )
    pq.write_table(arrow, target)
