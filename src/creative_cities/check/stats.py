"""The ``bytes`` and ``hash`` that each resource declares for its file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..csv_reader import read_rows


def file_stats(path: Path) -> dict[str, Any]:
    """Size and SHA-256 of a file, in Data Package form."""
    raw = path.read_bytes()
    return {"bytes": len(raw), "hash": "sha256:" + hashlib.sha256(raw).hexdigest()}


def stale_stats(descriptor: dict[str, Any], root: Path) -> list[str]:
    """Names of the resources whose declared ``bytes`` or ``hash`` differ from their file."""
    stale = []
    for resource in descriptor.get("resources", []):
        path = root / str(resource.get("path", ""))
        if not path.is_file():
            continue
        actual = file_stats(path)
        if any(resource.get(key) != value for key, value in actual.items()):
            stale.append(str(resource.get("name")))
    return stale


def with_fresh_stats(descriptor: dict[str, Any], root: Path) -> dict[str, Any]:
    """A copy of the descriptor whose resources carry their files' current stats."""
    fresh = dict(descriptor)
    fresh["resources"] = [
        {**resource, **file_stats(root / str(resource["path"]))}
        if (root / str(resource.get("path", ""))).is_file()
        else resource
        for resource in descriptor.get("resources", [])
    ]
    return fresh


def row_counts(descriptor: dict[str, Any], root: Path) -> dict[str, int]:
    """The number of records (header excluded) in every resource's file."""
    return {
        str(resource["name"]): len(
            list(read_rows((root / str(resource["path"])).read_text(encoding="utf-8")))
        )
        - 1
        for resource in descriptor.get("resources", [])
    }
