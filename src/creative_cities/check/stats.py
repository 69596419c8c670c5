"""The ``bytes`` and ``hash`` that each resource declares for its file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..csv_reader import read_rows
from ..errors import DataError
from ..safe_paths import read_bytes


def file_stats(root: Path, relative: str) -> dict[str, Any] | None:
    """Size and SHA-256 of a package's file, in Data Package form; ``None`` when the path is
    unsafe or names no file (the descriptor check reports it)."""
    try:
        raw = read_bytes(root, relative)
    except DataError:
        return None
    return {"bytes": len(raw), "hash": "sha256:" + hashlib.sha256(raw).hexdigest()}


def stale_stats(descriptor: dict[str, Any], root: Path) -> list[str]:
    """Names of the resources whose declared ``bytes`` or ``hash`` differ from their file."""
    stale = []
    for resource in descriptor.get("resources", []):
        actual = file_stats(root, str(resource.get("path", "")))
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
