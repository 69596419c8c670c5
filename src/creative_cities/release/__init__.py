"""Release files built from a validated package: zip, JSON, SQLite, XLSX, Parquet, checksums."""

from __future__ import annotations

from .build import FORMATS, Release, build
from .errors import BuildError, InvalidPackage, MissingExtra

__all__ = ["FORMATS", "BuildError", "InvalidPackage", "MissingExtra", "Release", "build"]
