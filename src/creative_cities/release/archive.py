"""Zip files whose bytes depend only on their contents: fixed times, permissions and order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..descriptor import DESCRIPTOR_NAME, resources
from ..safe_paths import read_bytes
from .about import About

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
UNIX = 3
FILE_MODE = 0o100644


def zip_bytes(entries: Iterable[tuple[str, bytes]], comment: str = "") -> bytes:
    """A zip of ``(name, data)`` entries in the order given, every entry stamped alike."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.comment = comment.encode("utf-8")
        for name, data in entries:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def restamp(data: bytes) -> bytes:
    """The same zip with its entries' times and permissions fixed, their order kept."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return zip_bytes((name, archive.read(name)) for name in archive.namelist())


def write_package_zip(target: Path, descriptor: dict[str, Any], root: Path, about: About) -> None:
    """``datapackage.json`` and every resource file, byte for byte, sorted by name; the zip's
    comment names the package and its version (``creative-cities 0.1.0``)."""
    names = [DESCRIPTOR_NAME, *(res.path for res in resources(descriptor))]
    entries = ((name, read_bytes(root, name)) for name in sorted(names))
    target.write_bytes(zip_bytes(entries, f"{about.name} {about.version}"))
