"""The GeoJSON file follows RFC 7946: a FeatureCollection of WGS 84 points, longitude first."""

from __future__ import annotations

import json
from typing import Any

import geojson
import pytest

from creative_cities.release.build import Release
from creative_cities.release.places import place_index
from creative_cities.release.typed import Column, TypedTable

from .conftest import read_table

# The United Kingdom's extent: longitude first, so swapped coordinates fall outside it.
UK_LONGITUDES, UK_LATITUDES = (-8.7, 1.8), (49.8, 60.9)


@pytest.fixture(scope="module")
def collection(release: Release) -> dict[str, Any]:
    (path,) = [path for path in release.files if path.suffix == ".geojson"]
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def test_geojson_is_valid_by_rfc_7946(collection: dict[str, Any]) -> None:
    parsed = geojson.loads(json.dumps(collection))
    assert isinstance(parsed, geojson.FeatureCollection)
    assert parsed.is_valid, parsed.errors()
    assert "crs" not in collection  # RFC 7946 section 4: WGS 84 only, no crs member
    for feature in collection["features"]:
        assert geojson.Feature(**feature).is_valid
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert UK_LONGITUDES[0] < longitude < UK_LONGITUDES[1], feature["id"]
        assert UK_LATITUDES[0] < latitude < UK_LATITUDES[1], feature["id"]


def test_one_feature_per_place_with_coordinates(collection: dict[str, Any]) -> None:
    places = read_table("cities")
    located = [row for row in places if row["latitude"] and row["longitude"]]
    features = {feature["id"]: feature for feature in collection["features"]}
    assert list(features) == [row["id"] for row in located]
    councils = {row["gss_code"]: row["name"] for row in read_table("local_authorities")}
    for row in located:
        feature = features[row["id"]]
        assert feature["geometry"]["coordinates"] == [
            float(row["longitude"]),
            float(row["latitude"]),
        ]
        properties = feature["properties"]
        assert (properties["id"], properties["name"]) == (row["id"], row["name"])
        assert (properties["status"], properties["nation"]) == (row["status"], row["nation"])
        assert (properties["council"], properties["council_name"]) == (
            row["lad_code"], councils[row["lad_code"]],
        )  # fmt: skip


def test_properties_name_networks_and_aliases(collection: dict[str, Any]) -> None:
    features = {feature["id"]: feature["properties"] for feature in collection["features"]}
    named = {}
    for row in read_table("memberships"):
        if row["city_id"]:
            named.setdefault(row["city_id"], set()).add(row["network_id"])
    for place, networks in named.items():
        if place in features:  # a place without coordinates has no feature
            assert features[place]["networks"] == sorted(networks), place
    aliases = read_table("city_aliases")
    for alias in aliases:
        if alias["city_id"] in features:
            assert alias["alias"] in features[alias["city_id"]]["aliases"]
    unesco = [
        d
        for d in features["liverpool"]["designations"]
        if d["programme_id"] == "unesco-creative-cities"
    ]
    assert [(d["stage"], d["cycle"]) for d in unesco] == [
        (row["stage"], int(row["cycle"]))
        for row in read_table("programme_places")
        if row["programme_id"] == "unesco-creative-cities" and row["place_id"] == "liverpool"
    ]


def test_designations_come_from_the_programme_tables_when_they_exist() -> None:
    def table(name: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> TypedTable:
        typed = tuple(Column(c, "string", c, "", required=False) for c in columns)
        return TypedTable(name, name, "", typed, (columns[0],), (), tuple(rows))

    tables = [
        table("cities", ("id", "name", "status", "nation", "lad_code", "latitude", "longitude"),
              [("hull", "Hull", "city", "England", None, 53.7, -0.3)]),
        table("programmes", ("id", "name"), [("uk-city-of-culture", "UK City of Culture")]),
        table("programme_places", ("programme_id", "cycle", "stage", "place_id"),
              [("uk-city-of-culture", 2017, "winner", "hull")]),
    ]  # fmt: skip
    index = place_index(tables)
    assert index.has_designations and not index.has_networks
    (place,) = index.places
    assert [d.to_json() for d in place.designations] == [
        {"programme_id": "uk-city-of-culture", "programme": "UK City of Culture",
         "cycle": 2017, "stage": "winner"}
    ]  # fmt: skip
