"""``creative-cities build``: validates first, says what it wrote, and never shows a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from creative_cities.cli import main

from .conftest import ROOT, edit_descriptor, read_table, write_table

VERSION = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["version"]


def test_build_writes_the_chosen_formats_and_their_checksums(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for heavy in ("pyarrow", "openpyxl"):  # only the formats that need them import them
        monkeypatch.setitem(sys.modules, heavy, None)
    out = tmp_path / "dist"
    assert main(["build", str(ROOT), "--out", str(out), "--format", "zip", "--format", "json"]) == 0
    written = sorted(path.name for path in out.iterdir())
    stem = "creative-cities"
    assert written == ["SHA256SUMS", f"{stem}.json", f"{stem}.zip"]
    printed = capsys.readouterr().out
    size = (out / f"{stem}.zip").stat().st_size
    assert f"{size:>10}  {out / stem}.zip" in printed
    assert f"built: version {VERSION}" in printed


def test_build_refuses_an_invalid_package(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = package_copy / "data" / "cities.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "dist"
    assert main(["build", str(package_copy), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "data/cities.csv:1: error[line-ending]" in printed
    assert "not built: 2 problem(s)" in printed  # the line endings and the stale hash
    assert not out.exists()


@pytest.mark.parametrize(
    ("fmt", "module"), [("parquet", "pyarrow"), ("xlsx", "openpyxl")], ids=["parquet", "xlsx"]
)
def test_build_names_the_extra_a_format_needs(
    fmt: str,
    module: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    out = tmp_path / "dist"
    assert main(["build", str(ROOT), "--out", str(out), "--format", fmt]) == 2
    assert f"pip install 'creative-cities[{fmt}]'" in capsys.readouterr().err
    assert not out.exists()


def test_previous_version_gives_a_delta_of_the_changes(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dist"
    assert main(["build", str(ROOT), "--out", str(out), "--format", "zip"]) == 0
    zipped = tmp_path / "previous.zip"
    zipped.write_bytes((out / "creative-cities.zip").read_bytes())
    themes = read_table("themes", package_copy)
    themes[0]["description"] = "A corrected description."
    themes.append({**themes[-1], "id": "zz-new-theme", "name": "A new theme"})
    write_table("themes", themes, package_copy)
    edit_descriptor(package_copy, version="9.9.9")
    capsys.readouterr()

    args = ["build", str(package_copy), "--out", str(out), "--format", "zip"]
    assert main([*args, "--previous", VERSION]) == 0
    printed = capsys.readouterr().out
    delta = json.loads((out / "creative-cities-delta.json").read_text(encoding="utf-8"))
    summary = ["- `themes`: 1 row added; 1 row changed (`description` in 1)"]
    assert (delta["from"], delta["to"], delta["bump"]) == (VERSION, "9.9.9", "minor")
    assert delta["summary"] == summary
    assert [row["id"] for row in delta["tables"]["themes"]["added"]] == ["zz-new-theme"]
    assert f"changes from {VERSION} to 9.9.9, calling for a minor release:" in printed
    assert summary[0] in printed
    assert "creative-cities-delta.json" in (out / "SHA256SUMS").read_text()

    for previous in (zipped, ROOT, ROOT / "datapackage.json"):
        assert main([*args, "--previous", str(previous)]) == 0
        again = json.loads((out / "creative-cities-delta.json").read_text(encoding="utf-8"))
        assert again == delta, previous


def test_previous_version_must_be_the_one_built_into_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dist"
    assert main(["build", str(ROOT), "--out", str(out), "--format", "zip"]) == 0
    capsys.readouterr()
    args = ["build", str(ROOT), "--out", str(out), "--format", "zip", "--previous", "0.0.1"]
    assert main(args) == 2
    assert f"creative-cities.zip: holds version {VERSION}, not 0.0.1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("version", "message"), [(None, "the package has no version"), ("../up", "'../up' cannot")]
)
def test_a_version_that_cannot_name_a_file_is_refused(
    version: str | None,
    message: str,
    package_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    descriptor = edit_descriptor(package_copy, version=version)
    if version is None:
        del descriptor["version"]
        (package_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert main(["build", str(package_copy), "--out", str(tmp_path / "dist")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        ("0.0.1", "no such release; build version 0.0.1 into"),
        ("no/such/folder", "no/such/folder: no such file"),
        ("bad.zip", "bad.zip: cannot be unpacked"),
    ],
)
def test_an_unusable_previous_release_is_a_clear_error(
    previous: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # In this process (an exception would fail the test): validation is shared with the
    # other builds instead of starting frictionless three more times.
    (tmp_path / "bad.zip").write_text("not a zip", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["build", str(ROOT), "--out", "dist", "--previous", previous, "--format", "zip"]
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()
