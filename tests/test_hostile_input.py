"""Hostile or broken input from an untrusted pull request (issue 13, one test per finding).

No command reads or writes a file outside the package, nothing is lost, every output that a
spreadsheet or browser renders is inert, work is bounded, and no traceback reaches a user.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from creative_cities.check.file_form import check_text
from creative_cities.check.validation import validate
from creative_cities.cli import main
from creative_cities.dataset import DataError, Dataset, load
from creative_cities.descriptor import descriptor_text, read_descriptor, resources

from .conftest import ROOT, edit_descriptor

MARKER = "secret-marker-0123456789"
THEMES = "data/themes.csv"


def _outside(tmp_path: Path) -> Path:
    """A CSV outside the package, with the themes header and a line no output may show."""
    path = tmp_path / "outside" / "themes.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"description,id,name,source_id\r\n{MARKER},a,b,seed-creative-cities-toolkit\r\n",
        encoding="utf-8",
    )
    return path


def _set_path(package: Path, name: str, path: str) -> None:
    descriptor_file = package / "datapackage.json"
    descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            resource["path"] = path
    descriptor_file.write_text(descriptor_text(descriptor), encoding="utf-8")


def _hostile_paths(package: Path, tmp_path: Path, kind: str) -> Path:
    """Point the themes resource at a file outside the package; return that file."""
    outside = _outside(tmp_path)
    if kind == "dotdot":
        _set_path(package, "themes", "../outside/themes.csv")
    elif kind == "absolute":
        _set_path(package, "themes", str(outside))
    else:
        (package / THEMES).unlink()
        (package / THEMES).symlink_to(outside)
    return outside


KINDS = ["dotdot", "absolute", "symlink"]


def _output(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


# 1. fmt rewrote files outside the package.
@pytest.mark.parametrize("kind", KINDS)
def test_fmt_never_writes_outside_the_package(
    kind: str, package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = _hostile_paths(package_copy, tmp_path, kind)
    before = outside.read_bytes()
    assert main(["fmt", str(package_copy)]) == 1
    assert outside.read_bytes() == before
    output = _output(capsys)
    assert "unsafe-path" in output
    assert MARKER not in output
    assert "Traceback" not in output


# 2. A data file that is a symlink was trusted: validated, zipped, its contents printed.
def test_a_symlinked_data_file_is_refused_and_never_printed(
    package_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CREATIVE_CITIES_TEST_SECRET", MARKER)
    (package_copy / THEMES).unlink()
    (package_copy / THEMES).symlink_to("/proc/self/environ")
    assert main(["validate", str(package_copy), "--format", "github"]) == 1
    output = _output(capsys)
    assert "unsafe-path" in output
    assert MARKER not in output
    out = tmp_path / "dist"
    assert main(["build", str(package_copy), "--out", str(out)]) == 1
    assert not out.exists()


def test_a_symlink_to_a_valid_file_elsewhere_does_not_validate(
    package_copy: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_bytes((package_copy / THEMES).read_bytes())
    (package_copy / THEMES).unlink()
    (package_copy / THEMES).symlink_to(elsewhere)
    found = [f"{problem.location()} {problem.code}" for problem in validate(package_copy).problems]
    assert found == ["datapackage.json unsafe-path"]


def test_a_symlinked_data_folder_is_refused(package_copy: Path, tmp_path: Path) -> None:
    (package_copy / "data").rename(tmp_path / "real-data")
    (package_copy / "data").symlink_to(tmp_path / "real-data")
    codes = {problem.code for problem in validate(package_copy).problems}
    assert codes == {"unsafe-path"}


# 3. Unsafe paths were flagged, yet read and printed; diff and load() read them too.
@pytest.mark.parametrize("kind", KINDS)
def test_unsafe_paths_are_never_read(
    kind: str, package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _hostile_paths(package_copy, tmp_path, kind)
    for output_format in ("text", "github", "json"):
        assert main(["validate", str(package_copy), "--format", output_format]) == 1
        output = _output(capsys)
        assert "unsafe-path" in output
        assert MARKER not in output
    assert main(["diff", str(ROOT), str(package_copy)]) == 2
    output = _output(capsys)
    assert "not safe" in output
    assert MARKER not in output
    with pytest.raises(DataError, match="not safe") as raised:
        load(package_copy)
    assert MARKER not in str(raised.value)


# 4. Formula injection in the XLSX cover sheet; validate passed the descriptor.
def test_descriptor_text_never_becomes_a_formula(package_copy: Path, tmp_path: Path) -> None:
    import openpyxl

    from creative_cities.release.about import about
    from creative_cities.release.typed import read_tables
    from creative_cities.release.xlsx_export import write_xlsx

    formula = '=HYPERLINK("https://evil.example","click")'
    descriptor = edit_descriptor(package_copy, title=formula, description="@SUM(1)")
    found = [(problem.file, problem.code) for problem in validate(package_copy).problems]
    assert found == [("datapackage.json", "formula"), ("datapackage.json", "formula")]
    target = tmp_path / "book.xlsx"
    write_xlsx(target, read_tables(descriptor, package_copy), about(descriptor))
    workbook = openpyxl.load_workbook(target)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    assert workbook["about"]["B1"].value == formula


def test_datasette_metadata_links_only_to_web_addresses(package_copy: Path) -> None:
    from creative_cities.release.about import about
    from creative_cities.release.datasette import metadata
    from creative_cities.release.typed import read_tables

    descriptor = edit_descriptor(package_copy, homepage="javascript:alert(1)")
    descriptor["licenses"][0]["path"] = "data:text/html,<script>alert(1)</script>"
    found = metadata("db", read_tables(descriptor, package_copy), about(descriptor))
    assert "source_url" not in found
    assert "license_url" not in found


# 5. The header check was quadratic; the workflows set no timeout.
def test_a_very_wide_header_is_checked_in_linear_time() -> None:
    descriptor = read_descriptor(ROOT / "datapackage.json")
    themes = next(res for res in resources(descriptor) if res.name == "themes")
    header = ",".join([*themes.field_names, *(f"extra{i}" for i in range(50_000))])
    started = time.perf_counter()
    problems, _ = check_text(THEMES, header + "\n", themes)
    assert time.perf_counter() - started < 5
    assert [problem.code for problem in problems] == ["header-width"]
    assert "50004 cells" in problems[0].message


@pytest.mark.parametrize("extra", [5_000, 20_000])
def test_validate_of_a_very_wide_header_is_quick(extra: int, package_copy: Path) -> None:
    target = package_copy / THEMES
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].rstrip("\n") + "".join(f",x{i}" for i in range(extra)) + "\n"
    target.write_text("".join(lines), encoding="utf-8")
    edit_descriptor(package_copy)
    started = time.perf_counter()
    codes = [problem.code for problem in validate(package_copy).problems]
    assert time.perf_counter() - started < 30
    assert codes == ["header-width"]


def test_a_long_header_of_repeated_names_is_checked_in_linear_time() -> None:
    descriptor = read_descriptor(ROOT / "datapackage.json")
    themes = next(res for res in resources(descriptor) if res.name == "themes")
    header = ",".join(["id", "name", "name", "source_id"] * 100)
    started = time.perf_counter()
    problems, _ = check_text(THEMES, header + "\n", themes)
    assert time.perf_counter() - started < 1
    assert "repeated ['id', 'name', 'source_id']" in problems[0].message


def _workflows() -> dict[str, dict[str, Any]]:
    folder = ROOT / ".github" / "workflows"
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.yml"))
    }


def test_every_workflow_job_has_a_timeout() -> None:
    for name, workflow in _workflows().items():
        for job_name, job in workflow["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), f"{name}: {job_name}"


# 8. The release token reached the whole job; no environment protected publishing.
def test_tokens_reach_only_the_steps_that_use_them_behind_an_environment() -> None:
    for name, workflow in _workflows().items():
        assert workflow.get("permissions") in ({}, {"contents": "read"}), name
        for job_name, job in workflow["jobs"].items():
            assert "github.token" not in json.dumps(job.get("env", {})), f"{name}: {job_name}"
            assert "secrets." not in json.dumps(job.get("env", {})), f"{name}: {job_name}"
            writes = [k for k, v in job.get("permissions", {}).items() if v == "write"]
            if writes:
                assert job.get("environment"), f"{name}: {job_name} writes {writes} unprotected"
            for step in job["steps"]:
                env = json.dumps(step.get("env", {}))
                if "github.token" in env or "secrets." in env:
                    assert "gh " in step.get("run", ""), f"{name}: {job_name}: {step.get('name')}"


# 6. fmt wrote in place: a kill during the write left a truncated file.
def test_fmt_writes_beside_the_file_then_replaces_it(package_copy: Path) -> None:
    from creative_cities.tools.fmt import format_package

    target = package_copy / THEMES
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    written: list[str] = []
    renamed: list[tuple[str, str]] = []
    watching = True

    def watch(event: str, args: tuple[Any, ...]) -> None:
        if not watching:
            return
        if event == "open" and str(args[0]).startswith(str(package_copy)):
            mode, flags = args[1], args[2]
            if (mode is None and flags & (os.O_WRONLY | os.O_RDWR)) or (
                mode is not None and any(c in mode for c in "wax+")
            ):
                written.append(str(args[0]))
        elif event == "os.rename" and str(args[1]).startswith(str(package_copy)):
            renamed.append((str(args[0]), str(args[1])))

    sys.addaudithook(watch)  # hooks cannot be removed: this one stops watching below
    format_package(package_copy)
    watching = False
    assert str(target) not in written
    assert any(dst == str(target) for _, dst in renamed)
    assert all(Path(src).parent == target.parent for src, _ in renamed)


def test_a_failed_write_leaves_the_file_as_it_was(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = package_copy / THEMES
    damaged = target.read_bytes().replace(b"\n", b"\r\n")
    target.write_bytes(damaged)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert main(["fmt", str(package_copy)]) == 2
    assert target.read_bytes() == damaged
    assert sorted(path.name for path in target.parent.iterdir()) == sorted(
        path.name for path in (ROOT / "data").iterdir()
    )
    output = _output(capsys)
    assert "No space left on device" in output
    assert "Traceback" not in output


# 7. fmt silently dropped a row whose cells were all empty.
def test_fmt_keeps_and_reports_a_row_of_empty_cells(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = package_copy / THEMES
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join([lines[0], ",,,\n", *lines[1:]]), encoding="utf-8")
    edit_descriptor(package_copy)
    assert main(["fmt", str(package_copy)]) == 1
    assert ",,,\n" in target.read_text(encoding="utf-8")
    assert len(target.read_text(encoding="utf-8").splitlines()) == len(lines) + 1
    assert f"{THEMES}:2: error[empty-row]" in _output(capsys)
    found = [f"{problem.location()} {problem.code}" for problem in validate(package_copy).problems]
    assert found == [f"{THEMES}:2 empty-row"]


# 9. Deep nesting and huge integers in the descriptor gave tracebacks and exit 1.
HOSTILE_DESCRIPTORS = {
    "deep": ('{"name": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested deeper"),
    "huge-integer": ('{"name": "x",\n "extra": ' + "9" * 5_000 + "}", ":2:.*digits"),
    "huge": ('{"name": "' + "x" * 20_000_000 + '"}', "larger than"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_DESCRIPTORS))
def test_a_hostile_descriptor_is_a_located_error(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, message = HOSTILE_DESCRIPTORS[kind]
    (tmp_path / "datapackage.json").write_text(text, encoding="utf-8")
    for command in (["validate"], ["fmt"], ["build", "--out", str(tmp_path / "dist")]):
        assert main([*command, str(tmp_path)]) == 2
        output = _output(capsys)
        assert "Traceback" not in output
        assert "datapackage.json" in output
    with pytest.raises(DataError, match=message):
        load(tmp_path)


# 10. build --previous unpacked a zip with no size limit.
def test_a_previous_zip_is_not_unpacked_beyond_a_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("datapackage.json", "w") as entry,
    ):
        for _ in range(120):
            entry.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 1 << 20
    out = tmp_path / "dist"
    assert main(["build", str(ROOT), "--out", str(out), "--previous", str(bomb)]) == 2
    output = _output(capsys)
    assert "unpack to more than" in output
    assert "Traceback" not in output


# 11. diff --format markdown passed HTML, images and links from cells through.
HOSTILE_VALUE = (
    "<img src=x onerror=alert(1)> ![p](https://evil.example/p.png) "
    "[c](https://evil.example) `x` | <b>"
)


def _rendered(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like", {"linkify": False}).render(markdown)


def _assert_inert(html: str) -> None:
    assert "<img" not in html
    assert "<a " not in html
    assert "<b>" not in html


def test_diff_markdown_escapes_cell_values(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = package_copy
    target = head / THEMES
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines[1].split(",", 2)
    lines[1] = f'{first[0]},"{HOSTILE_VALUE}",{first[2]}'
    target.write_text("".join(lines), encoding="utf-8")
    assert main(["diff", str(ROOT), str(head), "--format", "markdown"]) == 0
    _assert_inert(_rendered(capsys.readouterr().out))


def test_validate_step_summary_escapes_cell_values(
    package_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = package_copy / THEMES
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines[1].split(",", 2)
    lines[1] = f'{first[0]},"={HOSTILE_VALUE}",{first[2]}'
    target.write_text("".join(lines), encoding="utf-8")
    edit_descriptor(package_copy)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["validate", str(package_copy), "--format", "github"]) == 1
    _assert_inert(_rendered(summary.read_text(encoding="utf-8")))


# 12. Tracebacks: build --out an existing file; output piped to a reader that stops.
def test_build_into_a_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    out.write_text("not a folder", encoding="utf-8")
    assert main(["build", str(ROOT), "--out", str(out)]) == 2
    output = _output(capsys)
    assert "not a folder" in output
    assert "Traceback" not in output


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "creative_cities.cli", "validate", str(ROOT), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader stops before the command writes, as `head` does
    errors = process.stderr.read().decode()
    assert process.wait() == 1
    assert "Traceback" not in errors
    assert "BrokenPipeError" not in errors


def test_main_survives_a_closed_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["diff", str(ROOT), str(ROOT)]) == 1


# 13. load() errors were raw and unlocated; packages validate rejects loaded.
def _load_error(package: Path) -> str:
    with pytest.raises(DataError) as raised:
        Dataset(package, read_descriptor(package / "datapackage.json"))
    return str(raised.value)


def test_load_locates_a_byte_that_is_not_utf8(package_copy: Path) -> None:
    target = package_copy / THEMES
    lines = target.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"e", b"\xe9", 1)
    target.write_bytes(b"\n".join(lines))
    assert f"{THEMES}:4: " in _load_error(package_copy)


def test_load_refuses_a_folder_as_a_resource(package_copy: Path) -> None:
    (package_copy / THEMES).unlink()
    (package_copy / THEMES).mkdir()
    assert f"{THEMES}: " in _load_error(package_copy)
    assert "not a regular file" in _load_error(package_copy)


def test_load_refuses_a_schema_given_as_an_address(package_copy: Path) -> None:
    descriptor_file = package_copy / "datapackage.json"
    descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"] = "https://example.org/schema.json"
    descriptor_file.write_text(descriptor_text(descriptor), encoding="utf-8")
    with pytest.raises(DataError, match="schema must be an object"):
        load(package_copy)
    assert main(["validate", str(package_copy)]) == 2


def _rename_second_theme(package: Path, rename: Callable[[str], str]) -> None:
    """Change the name on line 3 of themes.csv (a plain, unquoted cell) and refresh stats."""
    target = package / THEMES
    lines = target.read_text(encoding="utf-8").split("\n")
    key, name, rest = lines[2].split(",", 2)
    lines[2] = f"{key},{rename(name)},{rest}"
    target.write_text("\n".join(lines), encoding="utf-8")
    edit_descriptor(package)


def test_load_refuses_nul_bytes_as_validate_does(package_copy: Path) -> None:
    _rename_second_theme(package_copy, lambda name: f"{name[0]}\x00{name[1:]}")
    assert "control-character" in {problem.code for problem in validate(package_copy).problems}
    assert f"{THEMES}:3:" in _load_error(package_copy)


def test_load_refuses_a_row_with_too_many_cells(package_copy: Path) -> None:
    target = package_copy / THEMES
    lines = target.read_text(encoding="utf-8").split("\n")
    lines[2] += ",extra"
    target.write_text("\n".join(lines), encoding="utf-8")
    assert f"{THEMES}:3: " in _load_error(package_copy)


def test_a_huge_value_is_a_located_problem(package_copy: Path) -> None:
    _rename_second_theme(package_copy, lambda name: "x" * 200_000)
    found = [(problem.location(), problem.code) for problem in validate(package_copy).problems]
    assert found == [(f"{THEMES}:3", "csv-syntax")]
    assert f"{THEMES}:3: " in _load_error(package_copy)
