"""The descriptor describes every table fully and tightly."""

from __future__ import annotations

import re
from typing import Any

from creative_cities import __version__
from creative_cities.descriptor import TABLES, descriptor_text
from creative_cities.models import MODELS

from .conftest import ROOT

SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"


def resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    return list(descriptor["resources"])


def test_package_metadata(descriptor: dict[str, Any]) -> None:
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for key in (
        "name",
        "title",
        "description",
        "version",
        "licenses",
        "sources",
        "contributors",
        "keywords",
        "created",
    ):
        assert descriptor.get(key), key
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", descriptor["version"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_version_is_written_once(descriptor: dict[str, Any]) -> None:
    """The package version is the data version, read from datapackage.json and kept nowhere else."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "datapackage.json"' in pyproject
    assert __version__ == descriptor["version"]
    literal = f'"{descriptor["version"]}"'
    copies = [p for p in (ROOT / "src").rglob("*.py") if literal in p.read_text(encoding="utf-8")]
    assert copies == []


def test_one_resource_per_csv(descriptor: dict[str, Any]) -> None:
    declared = sorted(resource["path"] for resource in resources(descriptor))
    on_disk = sorted(f"data/{path.name}" for path in (ROOT / "data").glob("*"))
    assert declared == on_disk


def test_resources_declare_encoding_and_full_dialect(descriptor: dict[str, Any]) -> None:
    for resource in resources(descriptor):
        assert resource["encoding"] == "utf-8", resource["name"]
        dialect = resource["dialect"]
        assert dialect["delimiter"] == ","
        assert dialect["quoteChar"] == '"'
        assert dialect["doubleQuote"] is True
        assert dialect["skipInitialSpace"] is False
        assert dialect["header"] is True


def test_every_resource_and_field_is_documented(descriptor: dict[str, Any]) -> None:
    for resource in resources(descriptor):
        assert resource.get("title") and resource.get("description"), resource["name"]
        for field in resource["schema"]["fields"]:
            assert field.get("title") and field.get("description"), (resource["name"], field)
            assert field.get("type") in {"string", "integer", "number", "year", "date", "boolean"}


# A programme place is a place's or a council's (or an area's, with neither), and a few rows
# have no cycle: these key parts may be empty, and an empty cell still counts in the key.
NULLABLE_KEY_PARTS = {
    ("programme_places", "cycle"),
    ("programme_places", "place_id"),
    ("programme_places", "gss_code"),
}


def test_keys_are_required_and_referenced(descriptor: dict[str, Any]) -> None:
    names = {resource["name"] for resource in resources(descriptor)}
    for resource in resources(descriptor):
        schema = resource["schema"]
        fields = {field["name"]: field for field in schema["fields"]}
        assert schema["primaryKey"], resource["name"]
        for name in schema["primaryKey"]:
            if (resource["name"], name) in NULLABLE_KEY_PARTS:
                assert not fields[name]["constraints"].get("required"), (resource["name"], name)
                continue
            assert fields[name]["constraints"]["required"] is True, (resource["name"], name)
        referencing = {name for key in schema["foreignKeys"] for name in key["fields"]}
        for key in schema["foreignKeys"]:
            assert key["reference"]["resource"] in names
        # every column that names another record is a checked foreign key
        for name in fields:
            if name.endswith("_id") or name in {"lad_code", "itl1_code", "replaced_by"}:
                is_own_key = schema["primaryKey"] == [name] or name == "geonames_id"
                assert is_own_key or name in referencing, (resource["name"], name)


def test_every_fact_table_cites_a_source(descriptor: dict[str, Any]) -> None:
    for resource in resources(descriptor):
        if resource["name"] == "sources":
            continue
        fields = {field["name"]: field for field in resource["schema"]["fields"]}
        assert fields["source_id"]["constraints"]["required"] is True, resource["name"]


def test_identifier_patterns(descriptor: dict[str, Any]) -> None:
    for resource in resources(descriptor):
        for field in resource["schema"]["fields"]:
            pattern = field.get("constraints", {}).get("pattern")
            is_slug = field["name"] == "id" or field["name"].endswith("_id")
            if is_slug and field["type"] == "string":
                assert pattern == SLUG, (resource["name"], field["name"])
            if field["name"] == "wikidata":
                assert pattern == "^Q[1-9][0-9]*$"
            assert field.get("format") != "uri", "use a pattern: format uri is slow"
            assert "categories" not in field, "frictionless 5 enforces constraints.enum only"


def test_descriptor_is_canonical_json(descriptor: dict[str, Any]) -> None:
    text = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    assert text == descriptor_text(descriptor)


def test_the_tables_the_checker_requires_are_those_the_library_reads() -> None:
    assert list(TABLES) == list(MODELS)
