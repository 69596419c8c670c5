"""The ``creative-cities`` command: a thin layer over the library that prints and exits."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .descriptor import DescriptorError
from .release.build import FORMATS

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="creative-cities",
        description="Check and use the creative-cities data package.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="validate a data package and summarise its tables",
        description="Validate a data package (descriptor, file form, types, keys) and print "
        "a summary of its tables. Exit status: 0 valid, 1 problems found, 2 unreadable.",
    )
    check.add_argument(
        "path",
        nargs="?",
        default=".",
        help="package folder or its datapackage.json (default: the current folder)",
    )
    release = commands.add_parser(
        "build",
        help="validate, then write the release files",
        description="Validate the package, then write its release files for the version in "
        "datapackage.json: zip, JSON, SQLite (with Datasette metadata), XLSX, Parquet and "
        "SHA256SUMS. Exit status: 0 built, 1 problems found (nothing built), 2 unreadable or "
        "missing extra.",
    )
    release.add_argument(
        "path",
        nargs="?",
        default=".",
        help="package folder or its datapackage.json (default: the current folder)",
    )
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
    return parser


def validate_command(path: str) -> int:
    """Print every problem with its hint, then a table of row counts."""
    from .validation import validate

    try:
        report = validate(path)
    except DescriptorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for problem in report.problems:
        print(problem)
        if problem.hint:
            print(f"    hint: {problem.hint}")
    print(_summary(report.row_counts))
    if report.valid:
        print(f"valid: {report.descriptor}")
        return EXIT_VALID
    print(f"invalid: {len(report.problems)} problem(s) in {report.descriptor}")
    return EXIT_INVALID


def build_command(path: str, out: str, previous: str | None, formats: list[str] | None) -> int:
    """Print the problems and build nothing, or print every file written and the changes."""
    from .delta import DeltaError
    from .release import BuildError, InvalidPackage, build

    try:
        release = build(path, Path(out), previous, formats or FORMATS)
    except InvalidPackage as exc:
        for problem in exc.report.problems:
            print(problem)
            if problem.hint:
                print(f"    hint: {problem.hint}")
        print(f"not built: {exc}")
        return EXIT_INVALID
    except (DescriptorError, DeltaError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for file in release.files:
        print(f"{file.stat().st_size:>10}  {file}")
    if release.delta is not None:
        delta = release.delta
        calls = "no new release" if delta.bump == "none" else f"a {delta.bump} release"
        print(f"changes from {delta.old_version} to {delta.new_version}, calling for {calls}:")
        print("\n".join(delta.summary()))
    print(f"built: version {release.version} in {out}")
    return EXIT_VALID


def _summary(row_counts: dict[str, int]) -> str:
    width = max((len(name) for name in row_counts), default=5)
    lines = [f"{'table':<{width}}  {'rows':>6}", f"{'-' * width}  {'-' * 6}"]
    lines += [f"{name:<{width}}  {count:>6}" for name, count in row_counts.items()]
    lines.append(f"{'total':<{width}}  {sum(row_counts.values()):>6}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``creative-cities`` command."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return validate_command(args.path)
    if args.command == "build":
        return build_command(args.path, args.out, args.previous, args.formats)
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
