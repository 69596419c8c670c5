"""What the map, the GeoJSON and the site say of each place, from whichever tables exist.

The networks come from ``memberships`` (rows that name the place by ``city_id``), the
designations from ``programme_places`` and ``programmes`` when the package has them; a
package without those tables gives places without them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..schema_types import Value
from .typed import TypedTable

PLACES, ALIASES, COUNCILS = "cities", "city_aliases", "local_authorities"
MEMBERSHIPS, ORGANISATIONS = "memberships", "organisations"
PROGRAMMES, PROGRAMME_PLACES = "programmes", "programme_places"


@dataclass(frozen=True)
class Designation:
    """One row of ``programme_places`` naming the place: the programme, its cycle, the stage."""

    programme_id: str
    programme: str
    cycle: int | None
    stage: str

    def to_json(self) -> dict[str, Any]:
        return {
            "programme_id": self.programme_id,
            "programme": self.programme,
            "cycle": self.cycle,
            "stage": self.stage,
        }


@dataclass(frozen=True)
class Place:
    """A place with the names of what it belongs to (networks and designations by id)."""

    id: str
    name: str
    status: str
    nation: str
    council: str | None
    council_name: str | None
    latitude: float | None
    longitude: float | None
    aliases: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    designations: tuple[Designation, ...] = field(default=())

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class PlaceIndex:
    """Every place, the network names by id, and which optional tables the package has."""

    places: tuple[Place, ...]
    network_names: Mapping[str, str]
    has_networks: bool
    has_designations: bool


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def _group(rows: list[dict[str, Value]], key: str) -> dict[str, list[dict[str, Value]]]:
    grouped: dict[str, list[dict[str, Value]]] = {}
    for row in rows:
        if row.get(key) is not None:
            grouped.setdefault(str(row[key]), []).append(row)
    return grouped


def place_index(tables: list[TypedTable]) -> PlaceIndex:
    """The places of a package, in the order of its places table."""
    by_name = {table.name: table.records() for table in tables}
    councils = {str(row["gss_code"]): _text(row["name"]) for row in by_name.get(COUNCILS, [])}
    organisations = {str(row["id"]): _text(row["name"]) for row in by_name.get(ORGANISATIONS, [])}
    aliases = _group(by_name.get(ALIASES, []), "city_id")
    members = _group(by_name.get(MEMBERSHIPS, []), "city_id")
    programmes = {str(row["id"]): _text(row["name"]) for row in by_name.get(PROGRAMMES, [])}
    named = _group(by_name.get(PROGRAMME_PLACES, []), "place_id")
    network_ids = {str(row["network_id"]) for row in by_name.get(MEMBERSHIPS, [])}
    places = []
    for row in by_name.get(PLACES, []):
        place_id = str(row["id"])
        council = row.get("lad_code")
        designations = {
            Designation(
                programme_id=str(found["programme_id"]),
                programme=programmes.get(str(found["programme_id"]), str(found["programme_id"])),
                cycle=cycle if isinstance(cycle := found.get("cycle"), int) else None,
                stage=_text(found.get("stage")),
            )
            for found in named.get(place_id, [])
        }
        latitude, longitude = row.get("latitude"), row.get("longitude")
        places.append(
            Place(
                id=place_id,
                name=_text(row["name"]),
                status=_text(row.get("status")),
                nation=_text(row.get("nation")),
                council=None if council is None else str(council),
                council_name=None if council is None else councils.get(str(council)),
                latitude=float(latitude) if isinstance(latitude, (int, float)) else None,
                longitude=float(longitude) if isinstance(longitude, (int, float)) else None,
                aliases=tuple(sorted(_text(alias["alias"]) for alias in aliases.get(place_id, []))),
                networks=tuple(sorted({str(m["network_id"]) for m in members.get(place_id, [])})),
                designations=tuple(
                    sorted(designations, key=lambda d: (d.programme, d.cycle or 0, d.stage))
                ),
            )
        )
    return PlaceIndex(
        places=tuple(places),
        network_names={key: organisations.get(key, key) for key in sorted(network_ids)},
        has_networks=MEMBERSHIPS in by_name,
        has_designations=PROGRAMME_PLACES in by_name and PROGRAMMES in by_name,
    )
