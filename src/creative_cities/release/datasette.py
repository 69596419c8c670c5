"""Datasette's metadata for the SQLite file: titles, descriptions, licence, sources, labels,
canned queries and the columns that ``datasette-cluster-map`` plots."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .about import About
from .canned_queries import canned_queries
from .markup import to_html, to_plain
from .sqlite_export import VIEW_SUFFIX, is_link_table, view_description
from .typed import TypedTable

WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>]+\Z")

CLUSTER_MAP = "datasette-cluster-map"
COORDINATES = ("latitude", "longitude")


def _table(table: TypedTable) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "title": table.title,
        "description": table.description,
        "description_html": to_html(table.description),
        "columns": {column.name: to_plain(column.description) for column in table.columns},
    }
    if table.label:
        entry["label_column"] = table.label
    if set(COORDINATES) <= set(table.column_names):
        latitude, longitude = COORDINATES
        entry["plugins"] = {
            CLUSTER_MAP: {"latitude_column": latitude, "longitude_column": longitude}
        }
    return entry


def metadata(database: str, tables: list[TypedTable], about: About) -> dict[str, Any]:
    """Metadata in the form ``datasette --metadata`` reads, for the database named ``database``."""
    described: dict[str, Any] = {}
    for table in tables:
        described[table.name] = _table(table)
        if is_link_table(table):
            described[table.name + VIEW_SUFFIX] = {
                "title": f"{table.title} (named)",
                "description": view_description(table),
            }
    sources = "; ".join(title for title, _ in about.sources)
    description = f"{about.description} Sources: {sources}. Cite as: {about.citation}"
    found: dict[str, Any] = {
        "title": f"{about.title} {about.version}",
        "description": description,
        "description_html": to_html(description),
        "license": about.licence,
        "license_url": about.licence_url,
        "source": about.title,
        "source_url": about.homepage,
        "databases": {database: {"tables": described, "queries": canned_queries(tables)}},
    }
    # Datasette makes these links: only web addresses, never javascript: or data:.
    for key in ("license_url", "source_url"):
        if not WEB_ADDRESS.match(found[key]):
            del found[key]
    return found


def write_metadata(target: Path, database: str, tables: list[TypedTable], about: About) -> None:
    """Write the metadata as indented UTF-8 JSON ending in a newline."""
    text = json.dumps(metadata(database, tables, about), indent=2, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8", newline="\n")
