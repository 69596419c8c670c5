"""The columnar engine against frictionless: the same findings, on the same rows, everywhere.

Both engines check the rows the file checks read: every case of the invalid corpus, copies
of the real package with planted errors, and generated values in typed fields (the edge
cases of numbers, dates and years). Their findings must be equal, field for field, and so
must the problems made of them (file, line, field, column, code, message).
"""

from __future__ import annotations

import csv
import decimal
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creative_cities.check import columnar, frictionless_run
from creative_cities.check.read_tables import ReadTable, read_tables
from creative_cities.check.validation import BLOCKING, descriptor_problems, validate
from creative_cities.descriptor import read_descriptor

from .conftest import ROOT
from .test_invalid_corpus import BASE, CASES, build

EDGE_VALUES = [
    "1e3",
    "NaN",
    "nan",
    "-Infinity",
    "+5",
    "-0",
    "1_000",
    " 7",
    "7 ",
    " ",
    "0099",
    "99",
    "+099",
    " 099",
    "2024",
    "20240",
    "2024-02-30",
    "2024-02-29",
    "2023-02-29",
    "2024-1-5",
    "0000-01-01",
    "0999-12-31",
    "2024-13-01",
    "2024-01-01T00:00",
    "١٢٣",
    "12.50",
    "53.4000000000000001",
    "60.9",
    "60.90000000000001",
    "49.8",
    "-8.7",
    "1.8",
    "1.80",
    ".5",
    "5.",
    "0x1F",
    "1,000",
    "true",
    "٢٠٢٤",
    "\uff12\uff10\uff12\uff14",
    "9" * 20,
    "-",
    "e5",
]


def findings(descriptor: dict[str, Any], tables: list[ReadTable]) -> tuple[Any, Any]:
    """What each engine finds, as findings by table and as problems."""
    plan = frictionless_run.plan(descriptor, tables)
    slow = frictionless_run.remember(
        plan, frictionless_run.run(plan, frictionless_run.uncached(plan))
    )
    fast = columnar.run(descriptor, tables)
    return (
        (slow, frictionless_run.located(descriptor, tables, slow)),
        (fast, frictionless_run.located(descriptor, tables, fast)),
    )


def assert_same(package: Path) -> None:
    descriptor = read_descriptor(package / "datapackage.json")
    _, tables, _ = read_tables(descriptor, package)
    (slow, slow_problems), (fast, fast_problems) = findings(descriptor, tables)
    assert fast == slow
    assert fast_problems == slow_problems


# A case whose descriptor cannot be read at all never reaches either engine.
READABLE = [case for case in CASES if "unreadable" not in (case / "case.json").read_text()]


@pytest.mark.parametrize("case", READABLE, ids=lambda case: case.name)
def test_corpus_case(case: Path, tmp_path: Path) -> None:
    package = tmp_path / "package"
    build(case, package)
    descriptor = read_descriptor(package / "datapackage.json")
    blocking = [
        problem.code
        for problem in descriptor_problems(descriptor, package)
        if problem.code in BLOCKING
    ]
    if blocking:  # neither engine runs: validation stops at the descriptor
        assert validate(package).skipped
    else:
        assert_same(package)


def test_base() -> None:
    assert_same(BASE)


def plant(package: Path, table: str, edits: dict[tuple[int, str], str]) -> None:
    """Set cells of ``table``: (data row index, field) to a value, keeping the CSV valid."""
    path = package / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for (index, name), value in edits.items():
        rows[1 + index % (len(rows) - 1)][header.index(name)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    package = tmp_path_factory.mktemp("real")
    shutil.copy(ROOT / "datapackage.json", package)
    shutil.copytree(ROOT / "data", package / "data")
    return package


def copy_of(real: Path, target: Path) -> Path:
    shutil.copytree(real, target)
    return target


PLANTED = {
    "cities": {
        (0, "latitude"): "1e3",
        (1, "latitude"): "NaN",
        (2, "longitude"): " -1.5",
        (3, "geonames_id"): "+5",
        (4, "geonames_id"): "0",
        (5, "geonames_id"): "1.0",
        (6, "lad_code"): "E06000099",
        (7, "id"): "",
        (8, "status"): "village",
        (9, "wikidata"): "Q0",
        (10, "id"): "bath",
    },
    "local_authorities": {
        (0, "start_date"): "2024-02-30",
        (1, "end_date"): " 2024-01-01",
        (2, "start_date"): "2024-1-5",
        (3, "latitude"): "61",
        (4, "replaced_by"): "E09999999",
        (5, "itl1_code"): "",
    },
    "programme_places": {
        (0, "cycle"): "0099",
        (1, "cycle"): " 024",
        (2, "cycle"): "+2024",
        (3, "cycle"): "",
        (4, "place_id"): "nowhere",
    },
    "organisations": {(0, "founded"): "99", (1, "dissolved"): "1799", (2, "parent_id"): "none"},
    "sources": {(0, "accessed"): "", (1, "accessed"): "2024-02-29x"},
}


def test_planted_errors(real: Path, tmp_path: Path) -> None:
    package = copy_of(real, tmp_path / "planted")
    for table, edits in PLANTED.items():
        plant(package, table, edits)
    assert_same(package)


def test_duplicate_and_missing_keys(real: Path, tmp_path: Path) -> None:
    package = copy_of(real, tmp_path / "keys")
    path = package / "data" / "programme_places.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1], lines[1], lines[2]]), encoding="utf-8")
    plant(package, "sectors", {(0, "id"): "", (1, "parent_id"): "no-such-sector"})
    assert_same(package)


def test_error_limit(real: Path, tmp_path: Path) -> None:
    """Past 1000 errors in a table, frictionless stops: both keep the same first 1000."""
    package = copy_of(real, tmp_path / "limit")
    plant(package, "sources", {(i, "accessed"): "x" for i in range(600)})
    plant(package, "sources", {(i, "url"): "ftp://x" for i in range(600)})
    assert_same(package)


TYPED = {
    "cities": ["latitude", "geonames_id"],
    "local_authorities": ["start_date"],
    "programme_places": ["cycle"],
}


def typed_package(target: Path, values: list[str]) -> Path:
    """A package of one small table whose fields are the real schema's typed fields (with
    their constraints), every value of ``values`` in each of them."""
    descriptor = read_descriptor(ROOT / "datapackage.json")
    specs = {res["name"]: res["schema"]["fields"] for res in descriptor["resources"]}
    fields = [
        {**spec, "name": f"{table}_{spec['name']}"}
        for table, names in TYPED.items()
        for spec in specs[table]
        if spec["name"] in names
    ]
    key = {"name": "id", "type": "string", "title": "Id", "description": "The row."}
    resource = next(res for res in descriptor["resources"] if res["name"] == "themes")
    resource = {
        **{name: value for name, value in resource.items() if name not in ("bytes", "hash")},
        "name": "cells",
        "path": "data/cells.csv",
        "schema": {"fields": [key, *fields], "primaryKey": ["id"]},
    }
    (target / "data").mkdir(parents=True)
    (target / "datapackage.json").write_text(
        json.dumps({**descriptor, "resources": [resource]}), encoding="utf-8"
    )
    plant_rows = [[str(i), *[value] * len(fields)] for i, value in enumerate(values)]
    with (target / "data" / "cells.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows([[spec["name"] for spec in [key, *fields]], *plant_rows])
    return target


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.sampled_from(EDGE_VALUES),
            st.text(alphabet=st.sampled_from("0123456789-+.eE :NaIf\u00a0"), max_size=11),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_generated_values(values: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert_same(typed_package(Path(folder) / "package", values))


def test_every_edge_value_in_every_typed_field(tmp_path: Path) -> None:
    assert_same(typed_package(tmp_path / "package", EDGE_VALUES))


def test_a_value_that_stops_frictionless_is_a_type_error_to_the_columnar_engine(
    tmp_path: Path,
) -> None:
    """Frictionless raises on ``sNaN`` in a bounded number (decimal.InvalidOperation)."""
    package = typed_package(tmp_path / "package", ["sNaN"])
    descriptor = read_descriptor(package / "datapackage.json")
    _, tables, _ = read_tables(descriptor, package)
    plan = frictionless_run.plan(descriptor, tables)
    with pytest.raises(decimal.InvalidOperation):
        frictionless_run.run(plan, ["cells"])
    found = columnar.run(descriptor, tables)["cells"]
    assert {(finding.type, finding.field_name) for finding in found} >= {
        ("type-error", "cities_latitude")
    }
