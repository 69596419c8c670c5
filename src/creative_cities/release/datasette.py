"""Datasette's metadata for the SQLite file: titles, descriptions, licence, sources, labels."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .about import About
from .sqlite_export import VIEW_SUFFIX, is_link_table, view_description
from .typed import TypedTable

WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>]+\Z")


def metadata(database: str, tables: list[TypedTable], about: About) -> dict[str, Any]:
    """Metadata in the form ``datasette --metadata`` reads, for the database named ``database``."""
    described: dict[str, Any] = {}
    for table in tables:
        entry: dict[str, Any] = {
            "title": table.title,
            "description": table.description,
            "columns": {column.name: column.description for column in table.columns},
        }
        if table.label:
            entry["label_column"] = table.label
        described[table.name] = entry
        if is_link_table(table):
            described[table.name + VIEW_SUFFIX] = {
                "title": f"{table.title} (named)",
                "description": view_description(table),
            }
    sources = "; ".join(title for title, _ in about.sources)
    found: dict[str, Any] = {
        "title": f"{about.title} {about.version}",
        "description": f"{about.description} Sources: {sources}. Cite as: {about.citation}",
        "license": about.licence,
        "license_url": about.licence_url,
        "source": about.title,
        "source_url": about.homepage,
        "databases": {database: {"tables": described}},
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
