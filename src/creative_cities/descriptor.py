"""Finding and reading a package's ``datapackage.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DESCRIPTOR_NAME = "datapackage.json"


class DescriptorError(Exception):
    """The descriptor cannot be found or read at all."""


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that refer to the key columns of another (or the same) table."""

    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...]


def _as_tuple(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Resource:
    """The parts of a tabular resource that the checks and documents need."""

    name: str
    path: str
    fields: tuple[dict[str, Any], ...]
    primary_key: tuple[str, ...]
    descriptor: dict[str, Any]

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(str(field["name"]) for field in self.fields)

    @property
    def foreign_keys(self) -> tuple[ForeignKey, ...]:
        """The schema's foreign keys, with single fields as tuples and self-references named."""
        return tuple(
            ForeignKey(
                columns=_as_tuple(key["fields"]),
                table=str(key["reference"].get("resource") or self.name),
                target=_as_tuple(key["reference"]["fields"]),
            )
            for key in self.descriptor.get("schema", {}).get("foreignKeys", [])
        )


def bundled_root() -> Path:
    """The copy of the package installed with the library, or the source tree's own."""
    installed = Path(__file__).parent / "package"
    if (installed / DESCRIPTOR_NAME).is_file():
        return installed
    return Path(__file__).resolve().parents[2]


def descriptor_path(path: str | Path | None = None) -> Path:
    """The ``datapackage.json`` named by ``path``: the file itself or the folder holding it."""
    target = Path(path) if path is not None else bundled_root()
    if target.is_dir():
        target = target / DESCRIPTOR_NAME
    if not target.is_file():
        raise DescriptorError(f"{target}: no such file; name a package folder or its descriptor")
    return target


def package_version() -> str:
    """The version of the data installed with the library: the package version too."""
    return str(read_descriptor(descriptor_path())["version"])


def read_descriptor(path: Path) -> dict[str, Any]:
    """Parse the descriptor, turning any failure into a ``DescriptorError`` that says where."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DescriptorError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise DescriptorError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    except OSError as exc:
        raise DescriptorError(f"{path}: cannot be read: {exc.strerror}") from exc
    if not isinstance(data, dict):
        raise DescriptorError(f"{path}: the descriptor must be a JSON object")
    return data


def descriptor_text(descriptor: dict[str, Any]) -> str:
    """The descriptor in its canonical form: JSON indented by two, UTF-8 as is, a final newline."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def resources(descriptor: dict[str, Any]) -> list[Resource]:
    """The tabular resources that the descriptor declares, in its order."""
    found = []
    for item in descriptor.get("resources", []):
        schema = item.get("schema", {})
        found.append(
            Resource(
                name=str(item.get("name", "")),
                path=str(item.get("path", "")),
                fields=tuple(schema.get("fields", [])),
                primary_key=_as_tuple(schema.get("primaryKey", [])),
                descriptor=item,
            )
        )
    return found
