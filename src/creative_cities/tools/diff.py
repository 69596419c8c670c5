"""``diff``: what a change does to the data, per table, and whether the version says so."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..descriptor import DESCRIPTOR_NAME, read_descriptor, resources
from .bump import next_version
from .delta import Delta, TableDelta


class RevisionError(ValueError):
    """A name is neither a package folder nor a git revision holding the package."""


def materialise(reference: str, package: Path, target: Path) -> Path:
    """The package named by ``reference``: a folder or descriptor as it is, or a git revision
    of the package at ``package``, written out under ``target``."""
    as_path = Path(reference)
    if as_path.exists():
        return as_path
    try:
        top = _git(package, "rev-parse", "--show-toplevel").strip()
        _git(package, "rev-parse", "--verify", "--quiet", f"{reference}^{{commit}}")
    except RevisionError as exc:
        raise RevisionError(
            f"{reference!r} is neither a package folder nor a git revision ({exc})"
        ) from None
    prefix = package.resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"

    def export(relative: str) -> None:
        content = _git_bytes(package, "show", f"{reference}:{prefix}{relative}")
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)

    export(DESCRIPTOR_NAME)
    for res in resources(read_descriptor(target / DESCRIPTOR_NAME)):
        export(res.path)
    return target


def _git_bytes(folder: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False)
    except OSError as exc:
        raise RevisionError(f"git cannot be run: {exc}") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout


def _git(folder: Path, *args: str) -> str:
    return _git_bytes(folder, *args).decode("utf-8")


def bump_verdict(delta: Delta, release: bool = False) -> tuple[bool, str]:
    """The release the changes call for, in a sentence, and whether the version is right.

    In a pull request (``release`` false) the version stays as it is: the maintainer's release
    step sets it. For a release, the version must be the one the changes call for.
    """
    needed, old, new = delta.bump, delta.old_version, delta.new_version
    if needed == "none":
        return True, "no data changes"
    expected = next_version(old, needed)
    if release:
        if new == expected:
            return True, f"the changes call for a {needed} release: version {expected}, as set"
        return False, (
            f"the changes call for a {needed} release, version {expected}, but "
            f"{DESCRIPTOR_NAME} has {new}: run `creative-cities bump --previous v{old}`"
        )
    sentence = (
        f"the changes call for a {needed} release ({old} → {expected}); a maintainer sets the "
        "version and writes the changelog entry when releasing, so the change needs neither"
    )
    if new == old:
        return True, sentence
    return False, f"{sentence}: leave `version` in {DESCRIPTOR_NAME} at {old}"


def _key(values: dict[str, str]) -> str:
    return ", ".join(f"{name}={value}" for name, value in values.items())


def _table_lines(table: TableDelta, bullet: str, code: str) -> list[str]:
    lines = []
    for change in table.fields:
        lines.append(f"{bullet}field {code}{change.field}{code} {change.change}")
    for row in table.added:
        lines.append(f"{bullet}added {code}{_key({k: row.get(k, '') for k in table.key})}{code}")
    for row in table.removed:
        old = {k: row.get(k, "") for k in table.old_key}
        lines.append(f"{bullet}removed {code}{_key(old)}{code}")
    for row_change in table.changed:
        lines.append(f"{bullet}changed {code}{_key(row_change.key)}{code}")
        for value in row_change.values:
            lines.append(f"    {bullet}{value.field}: {value.before!r} → {value.after!r}")
    return lines


def render(delta: Delta, markdown: bool = False, release: bool = False) -> str:
    """The delta per table, as plain text or as Markdown for a pull request."""
    _, verdict = bump_verdict(delta, release)
    if markdown:
        lines = ["### Data changes", "", f"**{verdict}**", ""]
        for table in delta.tables:
            lines += [f"#### `{table.name}`: {table.summary().split(': ', 1)[1]}", ""]
            lines += [*_table_lines(table, "- ", "`"), ""]
        return "\n".join(lines)
    lines = []
    for table in delta.tables:
        lines.append(table.summary().removeprefix("- ").replace("`", ""))
        lines += _table_lines(table, "  ", "")
    lines.append(verdict)
    return "\n".join(lines)
