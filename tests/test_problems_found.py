"""Broken copies of the package: each problem is reported with its code and physical line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from creative_cities.check.validation import validate


def edit(name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / "data" / f"{name}.csv"
        path.write_bytes(change(path.read_bytes()))

    return apply


def replace_line(number: int, text: bytes) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        lines[number - 1] = text
        return b"\n".join(lines)

    return change


def swap_lines(first: int, second: int) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        lines[first - 1], lines[second - 1] = lines[second - 1], lines[first - 1]
        return b"\n".join(lines)

    return change


CASES: dict[str, tuple[Callable[[Path], None], str, str, int | None]] = {
    "byte order mark": (edit("themes", lambda raw: b"\xef\xbb\xbf" + raw), "bom", "themes", 1),
    "crlf": (edit("themes", lambda raw: raw.replace(b"\n", b"\r\n")), "line-ending", "themes", 1),
    "cp1252": (
        edit("themes", lambda raw: raw.replace(b"Jobs and skills", b"Jobs \x96 skills")),
        "encoding",
        "themes",
        6,
    ),
    "header order": (
        edit("themes", replace_line(1, b"name,id,description,source_id")),
        "header",
        "themes",
        1,
    ),
    "blank line": (
        edit("themes", lambda raw: raw.replace(b"\n", b"\n\n", 2).replace(b"\n\n", b"\n", 1)),
        "blank-row",
        "themes",
        3,
    ),
    "trailing space": (
        edit("themes", lambda raw: raw.replace(b"City leadership,", b"City leadership ,")),
        "whitespace",
        "themes",
        2,
    ),
    "unsorted": (edit("themes", swap_lines(2, 3)), "row-order", "themes", 3),
    "no final newline": (
        edit("themes", lambda raw: raw.rstrip(b"\n")),
        "final-newline",
        "themes",
        8,
    ),
    "bad enum": (
        edit(
            "cities",
            lambda raw: raw.replace(b"liverpool,Liverpool,city", b"liverpool,Liverpool,metropolis"),
        ),
        "constraint-error",
        "cities",
        None,
    ),
    "dangling foreign key": (
        edit("city_sectors", lambda raw: raw.replace(b"liverpool,music", b"liverpol,music")),
        "foreign-key",
        "city_sectors",
        None,
    ),
    "duplicate key": (
        edit("themes", lambda raw: raw + raw.split(b"\n")[1] + b"\n"),
        "primary-key",
        "themes",
        9,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_problem_is_found_and_located(case: str, package_copy: Path) -> None:
    breaker, code, table, line = CASES[case]
    breaker(package_copy)
    report = validate(package_copy)
    found = [p for p in report.problems if p.code == code and p.file == f"data/{table}.csv"]
    assert found, [str(p) for p in report.problems]
    if line is not None:
        assert found[0].line == line, [str(p) for p in found]


def test_bad_value_names_its_row_and_field(package_copy: Path) -> None:
    CASES["bad enum"][0](package_copy)
    problem = next(p for p in validate(package_copy).problems if p.code == "constraint-error")
    assert (problem.field, problem.record_id) == ("status", "liverpool")
    lines = (package_copy / "data" / "cities.csv").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].startswith("liverpool,") if problem.line else False


def test_stale_stats_are_reported_once(package_copy: Path) -> None:
    edit("themes", lambda raw: raw.replace(b"Jobs and skills", b"Jobs and Skills"))(package_copy)
    codes = [p.code for p in validate(package_copy).problems]
    assert codes == ["stale-stats"]


def test_missing_file_is_reported(package_copy: Path) -> None:
    (package_copy / "data" / "themes.csv").unlink()
    codes = {p.code for p in validate(package_copy).problems}
    assert "missing-file" in codes


def _edit_descriptor(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def test_undocumented_field_is_reported(package_copy: Path) -> None:
    _edit_descriptor(package_copy, lambda d: d["resources"][0]["schema"]["fields"][1].pop("title"))
    problems = [str(p) for p in validate(package_copy).problems]
    assert problems == [
        "datapackage.json: error[descriptor-doc] resource 'sources', field 'title' has no title"
    ]


def test_descriptor_against_the_profile(package_copy: Path) -> None:
    _edit_descriptor(package_copy, lambda d: d["resources"][2].update(name=5))
    report = validate(package_copy)
    assert "descriptor" in {p.code for p in report.problems}
    assert not report.valid


def test_alias_that_names_another_place_is_reported(package_copy: Path) -> None:
    edit("city_aliases", lambda raw: raw.replace(b"Hull,", b"Exeter,"))(package_copy)
    problems = [p for p in validate(package_copy).problems if p.code != "stale-stats"]
    assert [(p.file, p.line, p.code) for p in problems] == [
        ("data/city_aliases.csv", 6, "alias-clash")
    ]
    assert "'Exeter' for 'kingston-upon-hull' also names 'exeter'" in problems[0].message


@pytest.mark.parametrize(
    ("engine", "stage"),
    [
        ("columnar", "creative_cities.check.columnar.run"),
        ("frictionless", "creative_cities.check.frictionless_run.check"),
    ],
)
def test_a_check_that_breaks_is_reported_and_the_others_still_run(
    package_copy: Path, monkeypatch: Any, engine: str, stage: str
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(stage, broken)
    edit("themes", lambda raw: raw.replace(b"Jobs and skills,", b"Jobs and skills ,"))(package_copy)
    problems = validate(package_copy, engine=engine).problems
    codes = {p.code for p in problems}
    assert {"internal-error", "whitespace"} <= codes
    internal = next(p for p in problems if p.code == "internal-error")
    assert f"{engine} check stopped unexpectedly: RuntimeError: boom" in internal.message


def test_what_cannot_be_read_is_skipped_and_said_and_the_rest_is_checked(
    package_copy: Path,
) -> None:
    edit("themes", lambda raw: raw.replace(b"Jobs and skills", b"Jobs \x96 skills"))(package_copy)
    wales, england = b"cardiff,Cardiff,city,Wales,", b"cardiff,Cardiff,city,England,"
    edit("cities", lambda raw: raw.replace(wales, england))(package_copy)
    edit("sic_codes", lambda raw: raw.replace(b"59.20,", b"59.2,"))(package_copy)
    report = validate(package_copy)
    codes = {(p.file, p.code) for p in report.problems}
    assert ("data/themes.csv", "encoding") in codes
    assert ("data/cities.csv", "gss-nation") in codes, "meaning is checked beside a bad file"
    assert ("data/sic_codes.csv", "constraint-error") in codes
    unread = "left out of the meaning checks: a reference names no record read"
    assert report.skipped == [
        "data/themes.csv: types, keys and meaning not checked, because it is not UTF-8 text",
        "data/sic_codes.csv: line(s) 14 left out of the meaning checks: a value is not of its "
        "field's type",
        f"data/initiative_themes.csv: line(s) 2, 3, 4, 5, 6, 7 {unread}",
        f"data/organisation_themes.csv: line(s) 2, 3 {unread}",
    ]


def test_a_rule_that_reports_missing_rows_waits_for_the_whole_table(package_copy: Path) -> None:
    """Memberships left out of the meaning checks would make their list look empty."""
    every_row_of_a_list = (b",listed,2014-09-25,", b",listed,25/09/2014,")
    edit("memberships", lambda raw: raw.replace(*every_row_of_a_list))(package_copy)
    report = validate(package_copy)
    assert "empty-list" not in {p.code for p in report.problems}
    assert any(
        note.startswith("data/memberships.csv: whether every complete list has its `listed` rows")
        for note in report.skipped
    ), report.skipped
    assert "constraint-error" in {p.code for p in report.problems}
