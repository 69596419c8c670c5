"""``validate --format``: text for people, annotations for GitHub, JSON for programs."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from creative_cities.cli import main

from .conftest import copy_package


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package with a Welsh council code on an English place, after ``fmt``
    (which refreshes the stats, and says that what the data means is still wrong); the
    tests only read it."""
    package = copy_package(tmp_path_factory.mktemp("broken") / "package")
    cities = package / "data" / "cities.csv"
    cities.write_text(
        cities.read_text(encoding="utf-8").replace(
            "cardiff,Cardiff,city,Wales,", "cardiff,Cardiff,city,England,"
        ),
        encoding="utf-8",
    )
    with redirect_stdout(io.StringIO()):
        assert main(["fmt", str(package)]) == 1
    return package


def test_text_names_file_line_field_and_id(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "data/cities.csv:19:lad_code: error[gss-nation] 'W06000015' is a Welsh code but " in out
    assert "nation is 'England' (id=cardiff)\n    hint: correct the code or the nation" in out
    assert "\033[" not in out, "no colour when the output is not a terminal"
    assert out.rstrip().endswith(f"invalid: 2 problem(s) in {broken / 'datapackage.json'}")


def test_github_annotations_and_step_summary(
    broken: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(broken)
    assert main(["validate", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == (
        "::error file=data/cities.csv,line=19,col=6,title=gss-nation::'W06000015' is a Welsh "
        "code but nation is 'England' (id=cardiff)%0AHint: correct the code or the nation: "
        "E England, S Scotland, W Wales, N Northern Ireland"
    )
    assert all(line.startswith("::error ") for line in lines[:-1])
    text = summary.read_text(encoding="utf-8")
    assert "### ❌ 2 problem(s) in the data package" in text
    assert "| `data/cities.csv:19:lad_code` | **gss-nation**" in text


def test_json_is_the_documented_structure(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(broken)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {
        "version",
        "package",
        "valid",
        "problem_count",
        "row_counts",
        "skipped",
        "problems",
    }
    assert report["skipped"] == []
    assert (report["version"], report["valid"], report["problem_count"]) == (1, False, 2)
    first = report["problems"][1]
    assert set(first) == {"file", "code", "message", "hint", "line", "field", "column", "record_id"}
    assert first["file"].endswith("data/cities.csv")
    assert (first["line"], first["field"], first["record_id"]) == (19, "lad_code", "cardiff")


def test_valid_package_in_every_format(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for output in ("text", "github", "json"):
        assert main(["validate", "--format", output, str(package_copy)]) == 0
    out = capsys.readouterr().out
    assert "valid: " in out and '"valid": true' in out
