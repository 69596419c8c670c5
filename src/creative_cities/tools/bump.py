"""The maintainer's release step: the version the delta calls for, and its changelog entry.

Pull requests change data only; ``creative-cities bump --previous <last release>`` compares
the package with the last release, sets ``version`` in ``datapackage.json`` to the one the
changes call for and writes the changelog entry from the same delta.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..descriptor import descriptor_path, descriptor_text, read_descriptor
from .delta import Bump, Delta

CHANGELOG_NAME = "CHANGELOG.md"
UNRELEASED = "## [Unreleased]\n"
REPOSITORY = "https://github.com/creative-cities/creative-cities"
FIRST_VERSION = (0, 1, 0)


class BumpError(ValueError):
    """The release step cannot be taken; the message says why."""


def next_version(version: str | None, bump: Bump) -> str:
    """The version after ``version`` for a release of kind ``bump`` (semantic versioning)."""
    if version is None:
        return ".".join(str(part) for part in FIRST_VERSION)
    try:
        major, minor, patch = (int(part) for part in version.split("."))
    except ValueError:
        raise BumpError(f"the version {version!r} is not MAJOR.MINOR.PATCH") from None
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def changelog_with_entry(text: str, previous: str | None, delta: Delta, day: date) -> str:
    """``text`` (a Keep a Changelog file) with the release entry for ``delta`` added.

    What the ``[Unreleased]`` section holds moves into the new entry, under the data summary;
    the comparison links at the foot are updated.
    """
    version = delta.new_version
    if f"## [{version}]" in text:
        raise BumpError(f"{CHANGELOG_NAME} already has an entry for {version}")
    start = text.find(UNRELEASED)
    if start < 0:
        raise BumpError(f"{CHANGELOG_NAME} has no '{UNRELEASED.strip()}' section")
    body_start = start + len(UNRELEASED)
    next_entry = re.search(r"^## \[", text[body_start:], re.M)
    links = re.search(r"^\[Unreleased\]: ", text[body_start:], re.M)
    stops = [match.start() for match in (next_entry, links) if match]
    body_end = body_start + min(stops) if stops else len(text)
    pending = text[body_start:body_end].strip()
    entry = [f"## [{version}] - {day.isoformat()}", "", "### Data", "", *delta.summary(), ""]
    if pending:
        entry += [pending, ""]
    head = text[:body_start] + "\n" + "\n".join(entry) + "\n"
    rest = text[body_end:]
    unreleased_link = f"[Unreleased]: {REPOSITORY}/compare/v{version}...HEAD"
    if previous is None:
        release_link = f"[{version}]: {REPOSITORY}/releases/tag/v{version}"
    else:
        release_link = f"[{version}]: {REPOSITORY}/compare/v{previous}...v{version}"
    rest, count = re.subn(
        r"^\[Unreleased\]: .*$", f"{unreleased_link}\n{release_link}", rest, count=1, flags=re.M
    )
    if not count:
        rest = rest.rstrip("\n") + f"\n\n{unreleased_link}\n{release_link}\n"
    return head + rest


@dataclass(frozen=True)
class Release:
    """What the release step set: the versions and the changes that called for them."""

    previous: str | None
    version: str
    delta: Delta


def bump_package(path: str | Path | None, previous: str | Path, day: date) -> Release:
    """Set the package's version to the one the changes since ``previous`` (a package folder
    or descriptor of the last release) call for, and write its changelog entry."""
    from .delta import compare

    location = descriptor_path(path)
    descriptor = read_descriptor(location)
    changes = compare(previous, location)
    old_version = changes.old_version
    if changes.bump == "none":
        raise BumpError(f"no data changes since {old_version}: there is nothing to release")
    version = next_version(old_version, changes.bump)
    delta = Delta(old_version, version, changes.tables)
    changelog = location.parent / CHANGELOG_NAME
    if not changelog.is_file():
        raise BumpError(f"{changelog}: no such file")
    updated = changelog_with_entry(changelog.read_text(encoding="utf-8"), old_version, delta, day)
    location.write_text(descriptor_text({**descriptor, "version": version}), encoding="utf-8")
    changelog.write_text(updated, encoding="utf-8")
    return Release(old_version, version, delta)
