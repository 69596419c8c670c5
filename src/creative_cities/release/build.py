"""Build every release file of a validated package, with checksums and, optionally, a delta."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from ..check.validation import validate
from ..descriptor import descriptor_path, read_descriptor
from ..tools.delta import Delta, compare
from .about import about
from .archive import write_package_zip
from .checksums import write_checksums
from .datasette import write_metadata
from .errors import BuildError, InvalidPackage, MissingExtra
from .formats import FORMATS
from .geojson_export import write_geojson
from .json_export import write_json
from .parquet_export import write_parquet
from .previous import previous_package
from .sqlite_export import write_sqlite
from .typed import read_tables
from .xlsx_export import write_xlsx

# Formats whose writer needs an optional dependency: (module, extra).
EXTRAS = {"parquet": ("pyarrow", "parquet"), "xlsx": ("openpyxl", "xlsx")}
CHECKSUMS = "SHA256SUMS"
SAFE_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]*")


@dataclass(frozen=True)
class Release:
    """What a build wrote: every file (checksums last) and the changes since ``previous``."""

    version: str
    files: tuple[Path, ...]
    delta: Delta | None


def _require(formats: Sequence[str]) -> None:
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise BuildError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    for fmt in formats:
        if fmt in EXTRAS:
            module, extra = EXTRAS[fmt]
            try:
                import_module(module)
            except ImportError:
                raise MissingExtra(fmt, module, extra) from None


def _named(location: Path) -> dict[str, Any]:
    """The descriptor, after checking that its name and version can name files."""
    descriptor = read_descriptor(location)
    for label in ("name", "version"):
        value = str(descriptor.get(label, ""))
        if not SAFE_NAME.fullmatch(value):
            problem = f"{label} {value!r} cannot name a file" if value else f"no {label}"
            raise BuildError(f"{location}: the package has {problem}")
    return descriptor


def build(
    path: str | Path,
    out: Path,
    previous: str | None = None,
    formats: Sequence[str] = FORMATS,
) -> Release:
    """Validate the package at ``path``, then write its release files into ``out``.

    Raises ``InvalidPackage`` (with the validation report) when the package has problems,
    ``MissingExtra`` when a chosen format needs an uninstalled extra, ``BuildError`` for a
    bad version, ``out`` or ``previous``, and ``DescriptorError`` or ``DeltaError`` when a
    package cannot be read. Those that need no validation are raised before it. Nothing is
    written unless the package is valid.
    """
    location = descriptor_path(path)
    descriptor = _named(location)
    _require(formats)
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: exists and is not a folder; name a folder for the release files")
    root = location.parent
    name = str(descriptor["name"])
    opened: AbstractContextManager[Path | None] = (
        nullcontext() if previous is None else previous_package(previous, out, name)
    )
    with opened as old:  # a previous release that cannot be used is refused before validating
        report = validate(location)
        if report.problems:
            raise InvalidPackage(report)
        delta = None if old is None else compare(old, root)
    info = about(descriptor)  # which reads a valid descriptor only
    out.mkdir(parents=True, exist_ok=True)
    # Names without the version, so that ".../releases/latest/download/<file>" stays put;
    # every file carries the version inside.
    prefix = info.name
    tables = read_tables(descriptor, root)
    files: list[Path] = []

    def add(suffix: str) -> Path:
        files.append(out / (prefix + suffix))
        return files[-1]

    if "zip" in formats:
        write_package_zip(add(".zip"), descriptor, root, info)
    if "json" in formats:
        write_json(add(".json"), descriptor, tables)
    if "geojson" in formats:
        write_geojson(add(".geojson"), tables, info)
    if "sqlite" in formats:
        database = add(".sqlite")
        write_sqlite(database, tables, info)
        write_metadata(add(".datasette.json"), prefix, tables, info)
    if "xlsx" in formats:
        write_xlsx(add(".xlsx"), tables, info)
    if "parquet" in formats:
        for table in tables:
            write_parquet(add(f"-{table.name}.parquet"), table, info)
    if delta is not None:
        text = json.dumps(delta.to_json(), indent=2, ensure_ascii=False) + "\n"
        add("-delta.json").write_text(text, encoding="utf-8", newline="\n")
    sums = out / CHECKSUMS
    write_checksums(sums, files)
    return Release(info.version, (*files, sums), delta)
