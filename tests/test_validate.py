"""The package is valid, and the validator finds problems where they are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package

from creative_cities.check.validation import validate
from creative_cities.cli import main

from .conftest import ROOT


def test_frictionless_finds_no_errors() -> None:
    report = Package(str(ROOT / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_package_is_valid() -> None:
    report = validate(ROOT)
    assert [str(problem) for problem in report.problems] == []
    assert report.row_counts["cities"] > 0


def test_cli_summarises_a_valid_package(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "valid:" in out
    for name in ("organisations", "cities", "sectors", "themes", "memberships"):
        assert f"\n{name} " in out


def test_cli_exits_2_when_there_is_no_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_cli_reports_invalid_json_with_its_position(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (package_copy / "datapackage.json").write_text('{"name": }', encoding="utf-8")
    assert main(["validate", str(package_copy)]) == 2
    assert "datapackage.json:1:10: invalid JSON" in capsys.readouterr().err


def test_installed_command_prints_no_traceback(package_copy: Path) -> None:
    path = package_copy / "data" / "cities.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = subprocess.run(
        [sys.executable, "-m", "creative_cities.cli", "validate", str(package_copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "data/cities.csv:1: error[line-ending]" in result.stdout
