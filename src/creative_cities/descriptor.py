"""Finding and reading a package's ``datapackage.json``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import accumulate, islice
from pathlib import Path
from typing import Any

from .errors import DataError

DESCRIPTOR_NAME = "datapackage.json"
# The tables that the library reads, each a resource of the package (the keys of
# ``models.MODELS``, which tests/test_descriptor.py keeps equal; models are slow to import).
TABLES = (
    "sources",
    "organisations",
    "regions",
    "local_authorities",
    "cities",
    "city_aliases",
    "sectors",
    "sic_codes",
    "themes",
    "initiatives",
    "initiative_themes",
    "initiative_organisations",
    "initiative_cities",
    "organisation_themes",
    "membership_lists",
    "memberships",
    "city_sectors",
    "former_gss_codes",
    "urban_areas",
    "urban_area_councils",
    "programmes",
    "programme_places",
    "organisation_sectors",
    "organisation_bases",
)
# Limits far above any real descriptor, so that a hostile one is refused quickly.
MAX_DESCRIPTOR_BYTES = 10 * 2**20
MAX_DEPTH = 64
MAX_DIGITS = 100
# Strings (which hold no line break in JSON), runs of more digits than MAX_DIGITS, brackets.
_STRING = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_LONG_NUMBER = re.compile("[0-9]{" + str(MAX_DIGITS + 1) + ",}")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET = re.compile(r"[\[\]{}]")
_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}


class DescriptorError(DataError):
    """The descriptor cannot be found or read at all, or has a shape no package has."""


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that refer to the key columns of another (or the same) table."""

    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...]


def key_fields(value: str | list[str]) -> tuple[str, ...]:
    """The fields of a key, which a descriptor may write as one name or as a list."""
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
                columns=key_fields(key["fields"]),
                table=str(key["reference"].get("resource") or self.name),
                target=key_fields(key["reference"]["fields"]),
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
    if target.is_symlink():
        raise DescriptorError(f"{target}: is a symbolic link; name the descriptor itself")
    if not target.is_file():
        raise DescriptorError(f"{target}: no such file; name a package folder or its descriptor")
    return target


def package_version() -> str:
    """The version of the data installed with the library: the package version too."""
    return str(read_descriptor(descriptor_path())["version"])


def read_descriptor(path: Path) -> dict[str, Any]:
    """Parse the descriptor, turning any failure into a ``DescriptorError`` that says where.

    A descriptor larger than ``MAX_DESCRIPTOR_BYTES``, nested deeper than ``MAX_DEPTH`` or
    holding a number of more than ``MAX_DIGITS`` digits is refused before it is parsed.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_DESCRIPTOR_BYTES + 1)
    except OSError as exc:
        raise DescriptorError(f"{path}: cannot be read: {exc.strerror}", str(path)) from exc
    if len(raw) > MAX_DESCRIPTOR_BYTES:
        limit = MAX_DESCRIPTOR_BYTES // 2**20
        raise DescriptorError(f"{path}: larger than {limit} MiB; no descriptor is", str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"{path}:{line}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise DescriptorError(message, str(path), line) from exc
    _check_bounds(path, text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
        raise DescriptorError(message, str(path), exc.lineno) from exc
    except (RecursionError, ValueError) as exc:  # caught by _check_bounds; kept as a backstop
        raise DescriptorError(f"{path}: cannot be parsed: {exc}", str(path)) from None
    if not isinstance(data, dict):
        raise DescriptorError(f"{path}: the descriptor must be a JSON object", str(path))
    _check_shape(path, data)
    return data


def _first_too_deep(outside: str) -> int | None:
    """Where, in the text ``outside`` strings, the first bracket deeper than ``MAX_DEPTH`` is."""
    depths = accumulate(map(_DEPTH.__getitem__, _NOT_BRACKET.sub("", outside)))
    deep = next((index for index, depth in enumerate(depths) if depth > MAX_DEPTH), None)
    return None if deep is None else next(islice(_BRACKET.finditer(outside), deep, None)).start()


def _check_bounds(path: Path, text: str) -> None:
    """Refuse nesting deeper than ``MAX_DEPTH`` and numbers longer than ``MAX_DIGITS``, at the
    line of the first."""
    outside = _STRING.sub('""', text)  # the text outside strings, on the same lines
    found = []
    if (number := _LONG_NUMBER.search(outside)) is not None:
        found.append((number.start(), f"a number of more than {MAX_DIGITS} digits"))
    if (deep := _first_too_deep(outside)) is not None:
        found.append((deep, f"nested deeper than {MAX_DEPTH} levels"))
    if found:
        start, what = min(found)
        line = outside.count("\n", 0, start) + 1
        raise DescriptorError(f"{path}:{line}: {what}", str(path), line)


def _check_shape(path: Path, descriptor: dict[str, Any]) -> None:
    """Refuse the shapes that no reader of a package could follow (the profile says the rest)."""

    def refuse(where: str, what: str) -> DescriptorError:
        return DescriptorError(f"{path}: {where}: {what}", str(path))

    listed = descriptor.get("resources", [])
    if not isinstance(listed, list):
        raise refuse("resources", "must be a list of objects")
    for number, item in enumerate(listed):
        where = f"resources[{number}]"
        if not isinstance(item, dict):
            raise refuse(where, "must be an object")
        where += f" ({item.get('name')!r})"
        if not isinstance(item.get("path", ""), str):
            raise refuse(where, "path must be one relative path, as text")
        schema = item.get("schema", {})
        if not isinstance(schema, dict):
            raise refuse(where, "schema must be an object written in the descriptor, not a URL")
        fields = schema.get("fields", [])
        if not isinstance(fields, list) or not all(isinstance(spec, dict) for spec in fields):
            raise refuse(where, "schema fields must be a list of objects")
        keys = schema.get("foreignKeys", [])
        if not isinstance(keys, list) or not all(
            isinstance(key, dict) and isinstance(key.get("reference"), dict) for key in keys
        ):
            raise refuse(where, "schema foreignKeys must be objects, each with a reference")


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
                primary_key=key_fields(schema.get("primaryKey", [])),
                descriptor=item,
            )
        )
    return found
