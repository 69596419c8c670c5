"""The release files: every format holds exactly the rows of data/, and builds are reproducible."""

from __future__ import annotations

import datetime
import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pandas
import pyarrow.parquet as pq
import pytest
from frictionless import Package

from creative_cities.check.validation import validate
from creative_cities.partial_date import DESCRIPTOR_PATTERN, PartialDate
from creative_cities.release.build import Release, build

from .conftest import ROOT, read_table

STEM = "creative-cities"
DUCKDB_TYPES = {"integer": "BIGINT", "year": "BIGINT", "number": "DOUBLE", "date": "DATE"}
SQLITE_TYPES = {"integer": "INTEGER", "year": "INTEGER", "number": "REAL"}


def cast(cell: str, kind: str) -> object:
    """A CSV cell as the Table Schema type says it should be read."""
    if cell == "":
        return None
    if kind in ("integer", "year"):
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "date":
        return datetime.date.fromisoformat(cell)
    return cell


def partial_dates(resource: dict[str, Any]) -> list[str]:
    return [
        field["name"]
        for field in resource["schema"]["fields"]
        if field.get("constraints", {}).get("pattern") == DESCRIPTOR_PATTERN
    ]


def fields(resource: dict[str, Any]) -> list[tuple[str, str]]:
    """The columns of a release table: the schema's, each partial date followed by its
    earliest and latest day."""
    out = []
    for field in resource["schema"]["fields"]:
        out.append((field["name"], field["type"]))
        if field["name"] in partial_dates(resource):
            out += [(field["name"] + "_earliest", "date"), (field["name"] + "_latest", "date")]
    return out


def expected_rows(resource: dict[str, Any]) -> list[tuple[object, ...]]:
    rows = []
    for row in read_table(resource["name"]):
        for name in partial_dates(resource):
            when = PartialDate.parse(row[name]) if row[name] else None
            row[name + "_earliest"] = str(when.earliest()) if when else ""
            row[name + "_latest"] = str(when.latest()) if when else ""
        rows.append(tuple(cast(row[name], kind) for name, kind in fields(resource)))
    return rows


def test_release_tables_give_each_partial_date_its_first_and_last_day(
    database: sqlite3.Connection,
) -> None:
    row = database.execute(
        "SELECT as_of, as_of_earliest, as_of_latest FROM memberships "
        "WHERE source_id = 'lga-key-cities-report-2024' LIMIT 1"
    ).fetchone()
    assert row == ("2024", "2024-01-01", "2024-12-31")
    before_2014 = sum(
        PartialDate.parse(row["as_of"]) < datetime.date(2014, 1, 1)
        for row in read_table("memberships")
    )
    assert database.execute(
        "SELECT count(*) FROM memberships WHERE as_of_latest < '2014-01-01'"
    ).fetchone() == (before_2014,)


def as_dates(rows: list[tuple[object, ...]], resource: dict[str, Any]) -> list[tuple[object, ...]]:
    """Rows with ISO date text, or Excel's datetimes, turned back into dates."""

    def date(value: object, kind: str) -> object:
        if kind != "date" or value is None:
            return value
        if isinstance(value, datetime.datetime):
            return value.date()
        return datetime.date.fromisoformat(str(value))

    kinds = [kind for _, kind in fields(resource)]
    return [tuple(date(v, k) for v, k in zip(row, kinds, strict=True)) for row in rows]


def release_file(release: Release, suffix: str) -> Path:
    name = STEM + suffix
    (path,) = [path for path in release.files if path.name == name]
    return path


def test_files_are_named_without_the_version(release: Release, descriptor: dict[str, Any]) -> None:
    version = descriptor["version"]
    names = {path.name for path in release.files}
    stem = STEM
    suffixes = (".zip", ".json", ".geojson", ".sqlite", ".xlsx")
    expected = {f"{stem}{suffix}" for suffix in suffixes}
    expected |= {f"{stem}.datasette.json", "SHA256SUMS"}
    expected |= {f"{stem}-{res['name']}.parquet" for res in descriptor["resources"]}
    assert release.version == version
    assert names == expected
    assert all(path.stat().st_size > 0 for path in release.files)


def test_checksums_cover_every_other_file(release: Release) -> None:
    sums = release.files[-1]
    assert sums.name == "SHA256SUMS"
    lines = sums.read_text(encoding="utf-8").splitlines()
    listed = {line[66:]: line[:64] for line in lines}
    assert all(line[64:66] == "  " for line in lines)
    assert [line[66:] for line in lines] == sorted(listed)
    assert listed == {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in release.files[:-1]
    }


def test_a_second_build_is_byte_identical(release: Release, tmp_path: Path) -> None:
    again = build(ROOT, tmp_path)
    assert [path.name for path in again.files] == [path.name for path in release.files]
    for first, second in zip(release.files, again.files, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_zip_holds_the_package_exactly_and_validates(release: Release, tmp_path: Path) -> None:
    archive = release_file(release, ".zip")
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in opened.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        contents = {name: opened.read(name) for name in names}
        opened.extractall(tmp_path)
    expected = {"datapackage.json": (ROOT / "datapackage.json").read_bytes()}
    expected |= {f"data/{p.name}": p.read_bytes() for p in (ROOT / "data").glob("*.csv")}
    assert contents == expected
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert validate(tmp_path).problems == []


def test_json_is_one_valid_package_with_every_row(
    release: Release, descriptor: dict[str, Any]
) -> None:
    path = release_file(release, ".json")
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n") and "\\u" not in text  # UTF-8, not escaped
    document = json.loads(text)
    assert document["version"] == descriptor["version"]
    for resource, inline in zip(descriptor["resources"], document["resources"], strict=True):
        assert inline["name"] == resource["name"]
        schema = {key: value for key, value in inline["schema"].items() if key != "fields"}
        assert schema == {key: v for key, v in resource["schema"].items() if key != "fields"}
        assert [field["name"] for field in inline["schema"]["fields"]] == [
            name for name, _ in fields(resource)
        ]
        assert "path" not in inline
        names = [name for name, _ in fields(resource)]
        assert all(list(row) == names for row in inline["data"])
        rows = [tuple(row.values()) for row in inline["data"]]
        assert as_dates(rows, resource) == expected_rows(resource), resource["name"]
    report = Package(str(path)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.fixture(scope="module")
def database(release: Release) -> sqlite3.Connection:
    return sqlite3.connect(release_file(release, ".sqlite"))


def test_sqlite_holds_every_row_with_the_schema_types(
    database: sqlite3.Connection, descriptor: dict[str, Any]
) -> None:
    for resource in descriptor["resources"]:
        name = resource["name"]
        columns = database.execute(f'PRAGMA table_info("{name}")').fetchall()
        assert [(c[1], c[2]) for c in columns] == [
            (field, SQLITE_TYPES.get(kind, "TEXT")) for field, kind in fields(resource)
        ]
        assert [c[1] for c in columns if c[5]] == resource["schema"]["primaryKey"]
        rows = database.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
        assert as_dates(rows, resource) == expected_rows(resource), name


def test_sqlite_keeps_every_foreign_key_and_indexes_every_key(
    database: sqlite3.Connection, descriptor: dict[str, Any]
) -> None:
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    for resource in descriptor["resources"]:
        name = resource["name"]
        declared = {
            (key["fields"][0], key["reference"]["resource"], key["reference"]["fields"][0])
            for key in resource["schema"].get("foreignKeys", [])
        }
        found = {
            (row[3], row[2], row[4])
            for row in database.execute(f'PRAGMA foreign_key_list("{name}")')
        }
        assert found == declared, name
        indexed = {
            tuple(column[2] for column in database.execute(f'PRAGMA index_info("{index[1]}")'))
            for index in database.execute(f'PRAGMA index_list("{name}")')
        }
        assert tuple(resource["schema"]["primaryKey"]) in indexed, name
        assert {(column,) for column, _, _ in declared} <= indexed, name


def test_sqlite_views_name_what_link_tables_refer_to(database: sqlite3.Connection) -> None:
    database.row_factory = sqlite3.Row
    row = database.execute(
        "SELECT * FROM memberships_named WHERE network_id = 'key-cities' AND city_id = 'preston'"
    ).fetchone()
    assert row["network_name"] == "Key Cities"
    assert row["city_name"] == "Preston"
    assert row["lad_name"] == "Preston"
    assert row["source_title"]
    views = {
        name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'view'")
    }
    assert {"memberships_named", "city_sectors_named", "initiative_cities_named"} <= views
    counts = [
        database.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0]
        == database.execute(f'SELECT count(*) FROM "{view.removesuffix("_named")}"').fetchone()[0]
        for view in views
    ]
    assert all(counts)
    sectors = database.execute(
        "SELECT city_name, sector_name FROM city_sectors_named WHERE city_id = 'liverpool'"
    ).fetchall()
    assert [tuple(row) for row in sectors] == [("Liverpool", "Music")]
    database.row_factory = None


def test_sqlite_keeps_titles_descriptions_licence_and_sources(
    database: sqlite3.Connection, descriptor: dict[str, Any]
) -> None:
    package = dict(database.execute("SELECT key, value FROM metadata_package").fetchall())
    assert package["title"] == descriptor["title"]
    assert package["version"] == descriptor["version"]
    assert descriptor["licenses"][0]["name"] in package["licence"]
    assert descriptor["version"] in package["citation"]
    sources = database.execute("SELECT title FROM metadata_sources ORDER BY position").fetchall()
    assert [title for (title,) in sources] == [s["title"] for s in descriptor["sources"]]
    tables = {
        name: (title, text)
        for name, title, text in database.execute(
            "SELECT table_name, title, description FROM metadata_tables WHERE kind = 'table'"
        )
    }
    assert tables == {r["name"]: (r["title"], r["description"]) for r in descriptor["resources"]}
    columns = {
        (table, column): text
        for table, column, text in database.execute(
            "SELECT table_name, column_name, description FROM metadata_columns"
        )
    }
    assert set(columns) == {
        (resource["name"], name)
        for resource in descriptor["resources"]
        for name, _ in fields(resource)
    }
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert columns[(resource["name"], field["name"])] == field["description"]


def test_datasette_metadata_describes_every_table(
    release: Release, descriptor: dict[str, Any]
) -> None:
    metadata = json.loads(release_file(release, ".datasette.json").read_text(encoding="utf-8"))
    assert metadata["license"] == descriptor["licenses"][0]["name"]
    (database,) = metadata["databases"]
    assert database == STEM
    tables = metadata["databases"][database]["tables"]
    for resource in descriptor["resources"]:
        table = tables[resource["name"]]
        assert table["description"] == resource["description"]
        assert set(table["columns"]) == {name for name, _ in fields(resource)}
    assert tables["cities"]["label_column"] == "name"
    assert tables["sources"]["label_column"] == "title"


def test_xlsx_has_a_cover_and_a_sheet_per_table(
    release: Release, descriptor: dict[str, Any]
) -> None:
    workbook = openpyxl.load_workbook(release_file(release, ".xlsx"))
    names = [resource["name"] for resource in descriptor["resources"]]
    assert workbook.sheetnames == ["about", *names]
    cover = {row[0]: row[1] for row in workbook["about"].iter_rows(values_only=True) if row[0]}
    assert cover["title"] == descriptor["title"]
    assert cover["version"] == descriptor["version"]
    assert "CC-BY-4.0" in str(cover["licence"])
    assert "data package version " + descriptor["version"] in str(cover["cite as"])
    sources = [
        row[1] for row in workbook["about"].iter_rows(values_only=True) if row[0] == "source"
    ]
    assert len(sources) == len(descriptor["sources"])
    for resource in descriptor["resources"]:
        header, *rows = workbook[resource["name"]].iter_rows(values_only=True)
        assert list(header) == [name for name, _ in fields(resource)]
        assert as_dates(rows, resource) == expected_rows(resource), resource["name"]


def test_parquet_reads_back_with_the_same_rows_and_types(
    release: Release, descriptor: dict[str, Any]
) -> None:
    for resource in descriptor["resources"]:
        path = release_file(release, f"-{resource['name']}.parquet")
        relation = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
        assert [str(kind) for kind in relation.types] == [
            DUCKDB_TYPES.get(kind, "VARCHAR") for _, kind in fields(resource)
        ]
        assert relation.fetchall() == expected_rows(resource), resource["name"]
        arrow = pq.read_table(path)
        assert [tuple(row.values()) for row in arrow.to_pylist()] == expected_rows(resource)
        assert (
            json.loads(arrow.schema.metadata[b"primary_key"]) == (resource["schema"]["primaryKey"])
        )


def test_pandas_reads_parquet_integers_as_integers(release: Release) -> None:
    frame = pandas.read_parquet(
        release_file(release, "-organisations.parquet"), dtype_backend="numpy_nullable"
    )
    assert str(frame["founded"].dtype) == "Int64"
    rows = read_table("organisations")
    assert len(frame) == len(rows)
    assert frame["founded"].isna().sum() == sum(row["founded"] == "" for row in rows)
    assert [None if pandas.isna(v) else int(v) for v in frame["founded"]] == [
        cast(row["founded"], "year") for row in rows
    ]


def test_every_file_holds_the_version_inside(release: Release, descriptor: dict[str, Any]) -> None:
    version = descriptor["version"]
    with zipfile.ZipFile(release_file(release, ".zip")) as archive:
        assert archive.comment.decode() == f"creative-cities {version}"
        assert json.loads(archive.read("datapackage.json"))["version"] == version
    document = json.loads(release_file(release, ".json").read_text(encoding="utf-8"))
    assert document["version"] == version
    datasette = json.loads(release_file(release, ".datasette.json").read_text(encoding="utf-8"))
    assert datasette["title"].endswith(f" {version}")
    geo = json.loads(release_file(release, ".geojson").read_text(encoding="utf-8"))
    assert geo["metadata"]["version"] == version
    with sqlite3.connect(release_file(release, ".sqlite")) as connection:
        row = connection.execute("SELECT value FROM metadata_package WHERE key = 'version'")
        assert row.fetchone() == (version,)
    assert openpyxl.load_workbook(release_file(release, ".xlsx")).properties.version == version
    for resource in descriptor["resources"]:
        schema = pq.read_schema(release_file(release, f"-{resource['name']}.parquet"))
        assert schema.metadata[b"version"].decode() == version, resource["name"]
