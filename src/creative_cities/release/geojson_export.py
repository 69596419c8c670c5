"""The places as GeoJSON (RFC 7946): a FeatureCollection of points, longitude first, WGS 84."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .about import About
from .places import Place, PlaceIndex, place_index
from .typed import TypedTable


def _properties(place: Place, index: PlaceIndex) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "status": place.status,
        "nation": place.nation,
        "council": place.council,
        "council_name": place.council_name,
        "aliases": list(place.aliases),
    }
    if index.has_networks:
        properties["networks"] = list(place.networks)
    if index.has_designations:
        properties["designations"] = [d.to_json() for d in place.designations]
    return properties


def feature_collection(tables: list[TypedTable], about: About) -> dict[str, Any]:
    """One Point feature per place that has coordinates, its id as the feature's id.

    The package's name and version ride in a foreign member ``metadata``, which RFC 7946
    (section 6.1) allows; coordinates are [longitude, latitude] in WGS 84, as it requires.
    """
    index = place_index(tables)
    return {
        "type": "FeatureCollection",
        "metadata": {
            "name": about.name,
            "title": about.title,
            "version": about.version,
            "licence": about.licence_text,
            "citation": about.citation,
        },
        "features": [
            {
                "type": "Feature",
                "id": place.id,
                "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                "properties": _properties(place, index),
            }
            for place in index.places
            if place.located
        ],
    }


def write_geojson(target: Path, tables: list[TypedTable], about: About) -> None:
    """Write the collection as UTF-8 JSON, one line per feature, ending in a newline."""
    document = feature_collection(tables, about)
    features = ",\n".join(json.dumps(f, ensure_ascii=False) for f in document["features"])
    head = json.dumps({k: v for k, v in document.items() if k != "features"}, ensure_ascii=False)
    text = head[:-1] + ', "features": [\n' + features + "\n]}\n"
    target.write_text(text, encoding="utf-8", newline="\n")
