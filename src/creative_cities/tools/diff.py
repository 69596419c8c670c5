"""``diff``: what a change does to the data, per table, and whether the version says so."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from ..check.markdown import code, escape
from ..descriptor import DESCRIPTOR_NAME, read_descriptor, resources
from ..safe_paths import UnsafePath, parts
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
        try:
            parts(relative)
        except UnsafePath as exc:
            raise RevisionError(f"{reference}: {exc}") from None
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


def _plain(text: str) -> str:
    return text


def _table_lines(table: TableDelta, bullet: str, show: Callable[[str], str]) -> list[str]:
    """The table's changes, one per line; ``show`` renders each name or value from the data."""
    lines = []
    for change in table.fields:
        lines.append(f"{bullet}field {show(change.field)} {change.change}")
    for row in table.added:
        lines.append(f"{bullet}added {show(_key({k: row.get(k, '') for k in table.key}))}")
    for row in table.removed:
        old = {k: row.get(k, "") for k in table.old_key}
        lines.append(f"{bullet}removed {show(_key(old))}")
    for row_change in table.changed:
        lines.append(f"{bullet}changed {show(_key(row_change.key))}")
        for value in row_change.values:
            before, after = show(repr(value.before)), show(repr(value.after))
            lines.append(f"    {bullet}{show(value.field)}: {before} → {after}")
    return lines


def render(delta: Delta, markdown: bool = False, release: bool = False) -> str:
    """The delta per table, as plain text or as Markdown for a pull request."""
    _, verdict = bump_verdict(delta, release)
    if markdown:  # every name and value from the data is a code span: nothing in it renders
        lines = ["### Data changes", "", f"**{escape(verdict)}**", ""]
        for table in delta.tables:
            lines += [f"#### {table.summary().removeprefix('- ')}", ""]
            lines += [*_table_lines(table, "- ", code), ""]
        return "\n".join(lines)
    lines = []
    for table in delta.tables:
        lines.append(table.summary(markdown=False).removeprefix("- "))
        lines += _table_lines(table, "  ", _plain)
    lines.append(verdict)
    return "\n".join(lines)
