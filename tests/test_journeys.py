"""Contributors' journeys, end to end: a correct pull request passes the first time, and a
spreadsheet's damage is reported whole by one run of ``validate``."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from creative_cities.check.validation import validate
from creative_cities.cli import main

from .conftest import ROOT

# The tests that check the repository's data. The others test the code, on copies of the
# package or fixtures of their own (and the wheel, the release files and mypy take most of the
# suite's time), so a data change cannot make them fail; the journey runs these.
DATA_TESTS = (
    "tests/test_data.py",
    "tests/test_generated.py",
    "tests/test_validate.py::test_package_is_valid",
    "tests/test_validate.py::test_frictionless_finds_no_errors",
    "tests/test_readme.py",
    "tests/test_release_docs.py",
    "tests/test_api.py",
    "tests/test_fmt.py::test_the_package_is_canonical",
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd / "src"), "NO_COLOR": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


def fresh_clone(target: Path) -> Path:
    """A clone of this repository, with the working tree's uncommitted changes laid over it
    so that the journey tests the code and data as they stand."""
    _git("clone", "-q", "--no-hardlinks", str(ROOT), str(target), cwd=ROOT)
    changed = _git("diff", "--name-only", "HEAD", cwd=ROOT).split()
    changed += _git("ls-files", "--others", "--exclude-standard", cwd=ROOT).split()
    for name in changed:
        source, destination = ROOT / name, target / name
        if source.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
        elif destination.exists():
            destination.unlink()
    _git("add", "-A", cwd=target)
    author = ("-c", "user.name=t", "-c", "user.email=t@example.org")
    _git(*author, "commit", "-q", "--allow-empty", "-m", "the working tree", cwd=target)
    return target


def append_row(path: Path, row: dict[str, str]) -> None:
    """Add a row at the end of a CSV file, as a contributor would in an editor."""
    header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row.get(name, "") for name in header])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(out.getvalue())


def test_a_new_organisation_passes_fmt_validate_and_the_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = fresh_clone(tmp_path / "clone")
    # CONTRIBUTING.md, "Add an organisation": the source first, then the row that cites it.
    append_row(
        clone / "data" / "sources.csv",
        {
            "id": "example-network-about",
            "title": "About the Example Creative Network",
            "publisher": "Example Creative Network",
            "url": "https://www.example.org/about",
            "accessed": date.today().isoformat(),
        },
    )
    append_row(
        clone / "data" / "organisations.csv",
        {
            "id": "example-creative-network",
            "name": "Example Creative Network",
            "kind": "city network",
            "website": "https://www.example.org/",
            "description": "A network of places that share their creative industries work.",
            "source_id": "example-network-about",
        },
    )
    monkeypatch.chdir(clone)
    assert main(["fmt"]) == 0, capsys.readouterr().out
    assert main(["validate"]) == 0, capsys.readouterr().out
    assert _git("status", "--porcelain", cwd=clone).split("\n")[:-1] == [
        " M README.md",
        " M data/organisations.csv",
        " M data/sources.csv",
        " M datapackage.json",
    ], "fmt rewrote the generated files; no other file was edited by hand"
    capsys.readouterr()
    assert main(["diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "added id=example-creative-network" in out and "added id=example-network-about" in out
    assert "call for a minor release" in out and "the change needs neither" in out
    tests = _run(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DATA_TESTS, cwd=clone
    )
    assert tests.returncode == 0, tests.stdout[-4000:]


def spreadsheet_save(path: Path) -> list[tuple[int, str]]:
    """Save a CSV as a spreadsheet does: byte order mark, CRLF, dates as day/month/year and
    numbers-looking codes as numbers. Returns the (line, field) of every value it changed."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    changed = []
    for line, row in enumerate(rows[1:], start=2):
        for column, value in enumerate(row):
            saved = value
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                year, month, day = value.split("-")
                saved = f"{day}/{month}/{year}"
            elif re.fullmatch(r"[0-9]{2}\.[0-9]{2}", value):
                saved = str(float(value))  # 59.20 -> 59.2
            if saved != value:
                row[column] = saved
                changed.append((line, rows[0][column]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return changed


def test_one_validate_run_reports_everything_a_spreadsheet_did(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = package_copy / "data"
    cities = data / "cities.csv"
    cardiff = next(
        number
        for number, row in enumerate(cities.read_text(encoding="utf-8").splitlines(), 1)
        if row.startswith("cardiff,")
    )
    cities.write_text(
        cities.read_text(encoding="utf-8").replace(
            "cardiff,Cardiff,city,Wales,", "cardiff,Cardiff,city,England,"
        ),
        encoding="utf-8",
    )
    damaged = {name: spreadsheet_save(data / name) for name in ("memberships.csv", "sic_codes.csv")}
    spreadsheet_save(cities)
    assert len(damaged["memberships.csv"]) > 50 and len(damaged["sic_codes.csv"]) >= 1

    # Round 1: one run names every problem, with its line.
    found = {(p.file, p.line, p.field, p.code) for p in validate(package_copy).problems}
    for name in ("memberships.csv", "sic_codes.csv", "cities.csv"):
        assert (f"data/{name}", 1, None, "bom") in found
        assert (f"data/{name}", 1, None, "line-ending") in found
    for name, cells in damaged.items():
        located = {(line, field) for file, line, field, _ in found if file == f"data/{name}"}
        assert set(cells) <= located, set(cells) - located
    assert ("data/cities.csv", cardiff, "lad_code", "gss-nation") in found

    # The contributor runs fmt, then writes what each hint says, at the lines fmt printed.
    assert main(["fmt", str(package_copy)]) == 1, "values remain wrong: fmt says so"
    for problem in validate(package_copy).problems:
        if problem.code in ("gss-nation", "place-council"):
            field, value = "nation", "Wales"  # the hint: correct the code or the nation
        else:
            written = re.search(r"write '([^']*)'", problem.hint)
            assert written and problem.field, str(problem)
            field, value = problem.field, written.group(1)
        assert problem.line is not None
        set_cell(package_copy / problem.file, problem.line, field, value)
    capsys.readouterr()
    assert main(["fmt", str(package_copy)]) == 0
    assert "the package is valid" in capsys.readouterr().out
    # Round 2: green.
    assert [str(problem) for problem in validate(package_copy).problems] == []


def set_cell(path: Path, line: int, field: str, value: str) -> None:
    """Write ``value`` into ``field`` of the row on ``line`` (rows of one line each)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[line - 1][rows[0].index(field)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
