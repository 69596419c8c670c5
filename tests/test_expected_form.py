"""Messages for people who use spreadsheets: the expected form in words with an example, and
what a spreadsheet did to a value, with the value to write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from creative_cities.check.expected_form import describe_problem, expected, spreadsheet_fix
from creative_cities.check.reporting import problem_lines
from creative_cities.check.validation import validate
from creative_cities.descriptor import resources

from .conftest import ROOT

PARTIAL = {"name": "listed_on", "type": "string", "constraints": {"pattern": (
    r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")}}  # fmt: skip
DATE = {"name": "accessed", "type": "date"}
SIC = {"name": "code", "type": "string", "constraints": {"pattern": r"^[0-9]{2}\.[0-9]{2}$"}}
SLUG = {"name": "id", "type": "string", "constraints": {"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}}
GEONAMES = {"name": "geonames_id", "type": "integer"}
STATUS = {"name": "status", "type": "string", "constraints": {"enum": ["city", "town"]}}


@pytest.mark.parametrize(
    ("value", "spec", "fix"),
    [
        ("19/09/2007", PARTIAL, "day/month/year: write '2007-09-19'"),
        ("9/19/2007", DATE, "month/day/year: write '2007-09-19'"),
        ("19.09.07", DATE, "write '2007-09-19'"),
        ("Nov-13", PARTIAL, "write '2013-11'"),
        ("November 2013", PARTIAL, "write '2013-11'"),
        ("19-Sep-2007", PARTIAL, "write '2007-09-19'"),
        ("13-Nov", PARTIAL, "hides the year: write YYYY-11-13"),
        ("2007-09-19 00:00:00", DATE, "write '2007-09-19'"),
        ("39344", DATE, "serial number: write '2007-09-19'"),
        ("59.2", SIC, "dropped a trailing zero: write '59.20'"),
        ("1.11", SIC, "dropped a leading zero: write '01.11'"),
        ("2.64E+06", GEONAMES, "scientific notation"),
        ("“key-cities”", SLUG, "curly ones: write 'key-cities'"),
        ("2,643,123", GEONAMES, "without thousands separators: '2643123'"),
        ("City", STATUS, "exactly as the vocabulary does: 'city'"),
    ],
)
def test_spreadsheet_damage_is_recognised(value: str, spec: dict[str, Any], fix: str) -> None:
    found = spreadsheet_fix(value, spec)
    assert found is not None and fix in found, found


def test_a_value_that_is_simply_wrong_gets_no_spreadsheet_story() -> None:
    assert spreadsheet_fix("liverpool!", SLUG) is None
    assert spreadsheet_fix("31/02/2007", DATE) is None  # no such day


def test_every_pattern_of_the_schema_is_described_in_words(descriptor: dict[str, Any]) -> None:
    for res in resources(descriptor):
        for spec in res.fields:
            if "pattern" not in spec.get("constraints", {}) and spec["type"] == "string":
                continue
            words = expected(spec)
            assert not any(char in words for char in "^$[]\\"), (res.name, spec["name"], words)
            assert "such as `" in words or "https://" in words, (res.name, spec["name"], words)


def test_an_undescribed_pattern_falls_back_on_the_fields_description() -> None:
    spec = {"name": "ukprn", "description": "UK provider number, written `10007788`.",
            "constraints": {"pattern": "^1[0-9]{7}$"}}  # fmt: skip
    assert expected(spec) == "in the form the data dictionary gives for `ukprn`, such as `10007788`"
    assert describe_problem("pattern", "1000778", spec)[0].startswith("'1000778' is not in the")


def test_contributings_example_is_what_validate_prints(package_copy: Path) -> None:
    sic = package_copy / "data" / "sic_codes.csv"
    sic.write_text(sic.read_text(encoding="utf-8").replace("59.20,", "59.2,"), encoding="utf-8")
    printed = problem_lines(p for p in validate(package_copy).problems if p.code != "stale-stats")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "\n".join(printed) in contributing
