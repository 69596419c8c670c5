"""The previous release named by ``--previous``: a folder, a descriptor, a zip or a version."""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..descriptor import DESCRIPTOR_NAME
from .errors import BuildError

VERSION = re.compile(r"[0-9]+(\.[0-9]+)*([-+][0-9A-Za-z.-]+)?")
# A release zip of this package unpacks to well under a megabyte; these bound a hostile one.
MAX_UNPACKED_BYTES = 64 * 2**20
MAX_ENTRIES = 1000


def _check_size(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip that would unpack to too much (zipfile reads no more than it declares)."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise BuildError(f"{path}: holds more than {MAX_ENTRIES} files; no release does")
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // 2**20
        raise BuildError(f"{path}: would unpack to more than {limit} MiB; no release does")


def zip_version(path: Path) -> str:
    """The version in the ``datapackage.json`` of a release zip (empty when it has none)."""
    try:
        with zipfile.ZipFile(path) as archive:
            descriptor = json.loads(archive.read(DESCRIPTOR_NAME))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise BuildError(f"{path}: cannot be read as a release zip: {exc}") from exc
    return str(descriptor.get("version", "")) if isinstance(descriptor, dict) else ""


@contextmanager
def previous_package(spec: str, out: Path, name: str) -> Iterator[Path]:
    """The folder or descriptor of the previous release, unpacked for as long as it is needed.

    ``spec`` is a package folder, a ``datapackage.json``, a release zip, or a version,
    which names the zip ``<name>.zip`` that an earlier build of that version left in ``out``.
    """
    path = Path(spec)
    if not path.exists() and VERSION.fullmatch(spec):
        path = out / f"{name}.zip"
        if not path.is_file():
            raise BuildError(f"{path}: no such release; build version {spec} into {out} first")
        built = zip_version(path)
        if built != spec:
            raise BuildError(f"{path}: holds version {built or '(none)'}, not {spec}")
    if not path.exists():
        raise BuildError(f"{path}: no such file; name a package folder, descriptor, zip or version")
    if path.suffix != ".zip":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="creative-cities-previous-") as folder:
        try:
            with zipfile.ZipFile(path) as archive:
                _check_size(path, archive)
                archive.extractall(folder)
        except (zipfile.BadZipFile, OSError) as exc:
            raise BuildError(f"{path}: cannot be unpacked: {exc}") from exc
        yield Path(folder)
