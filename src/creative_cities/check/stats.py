"""The ``bytes`` and ``hash`` that each resource declares for its file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..csv_reader import read_rows
from ..errors import DataError
from ..safe_paths import read_bytes
from ..validity import file_hash


def file_stats(root: Path, relative: str) -> dict[str, Any] | None:
    """Size and SHA-256 of a package's file, in Data Package form; ``None`` when the path is
    unsafe or names no file (the descriptor check reports it)."""
    try:
        raw = read_bytes(root, relative)
    except DataError:
        return None
    return file_stats_of(raw)


def file_stats_of(raw: bytes) -> dict[str, Any]:
    """The ``bytes`` and ``hash`` of a file's bytes, as a resource declares them."""
    return {"bytes": len(raw), "hash": file_hash(raw)}


def stale_stats(
    descriptor: dict[str, Any], root: Path, known: Mapping[str, dict[str, Any]] | None = None
) -> list[str]:
    """Names of the resources whose declared ``bytes`` or ``hash`` differ from their file
    (``known`` gives the stats of files already read, by path)."""
    stale = []
    for resource in descriptor.get("resources", []):
        path = str(resource.get("path", ""))
        actual = (known or {}).get(path) or file_stats(root, path)
        if actual is not None and any(resource.get(key) != value for key, value in actual.items()):
            stale.append(str(resource.get("name")))
    return stale


def with_fresh_stats(descriptor: dict[str, Any], root: Path) -> dict[str, Any]:
    """A copy of the descriptor whose resources carry their files' current stats."""
    fresh = dict(descriptor)
    fresh["resources"] = [
        {**resource, **(file_stats(root, str(resource.get("path", ""))) or {})}
        for resource in descriptor.get("resources", [])
    ]
    return fresh


def row_counts(descriptor: dict[str, Any], root: Path) -> dict[str, int]:
    """The number of records (header excluded) in every resource's file."""
    return {
        str(resource["name"]): len(
            list(read_rows(read_bytes(root, str(resource["path"])).decode("utf-8")))
        )
        - 1
        for resource in descriptor.get("resources", [])
    }
