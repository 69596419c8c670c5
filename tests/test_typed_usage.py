"""Every public call, with the exact types mypy must infer (checked by ``mypy --strict``)."""

from __future__ import annotations

from datetime import date
from typing import Literal, assert_type

import creative_cities
from creative_cities import (
    Ambiguous,
    Dataset,
    Match,
    Member,
    MembersAnswer,
    NotFound,
    PartialDate,
    Record,
    Resolved,
    ResolvedCouncil,
    ResolvedPlace,
    load,
)
from creative_cities.models import (
    City,
    CitySector,
    Initiative,
    InitiativeCity,
    InitiativeOrganisation,
    LocalAuthority,
    Membership,
    MembershipList,
    Organisation,
    OrganisationBase,
    Programme,
    ProgrammePlace,
    Region,
    Sector,
    SicCode,
    Source,
    Theme,
    UrbanArea,
)

from .conftest import ROOT


def test_public_calls_have_exact_types() -> None:
    assert_type(creative_cities.__version__, str)
    data = assert_type(load(), Dataset)
    assert_type(load(ROOT), Dataset)
    assert_type(data.version, str)

    city = assert_type(data.cities["liverpool"], City)
    assert_type(data.cities.get("liverpool"), City | None)
    assert_type(data.cities.resolve("Hull"), City)
    assert_type(data.cities.search("Hull"), list[Match[City]])
    assert_type(data.cities.by_gss_code("E08000012"), tuple[City, ...])
    assert_type(data.cities.by_geonames_id(2644210), City | None)
    assert_type(data.cities.by_wikidata("Q24826"), City | None)
    assert_type(data.sectors.by_sic_code("59.20"), Sector | None)
    assert_type(data.organisations.by_wikidata("Q1"), Organisation | None)
    assert_type(data.local_authorities.by_gss_code("E08000012"), LocalAuthority | None)
    assert_type(data.search("arts"), list[Match[Record]])
    assert_type(data.cities.by_geonames_id("2644210"), City | None)
    found = assert_type(data.resolve("GB-LIV"), Resolved | None)
    if found is not None and found.kind == "council":
        assert_type(found.record, LocalAuthority)
    assert_type(data.resolve(2644210), Resolved | None)
    place = assert_type(data.resolve("Liverpool", kind="place"), ResolvedPlace | None)
    assert place is not None
    assert_type(place.record, City)
    assert_type(place.kind, Literal["place"])
    by_code = assert_type(data.resolve("LIV", kind="council"), ResolvedCouncil | None)
    assert by_code is not None
    assert_type(by_code.record.iso_3166_2, str | None)

    assert_type(city.sectors, tuple[Sector, ...])
    assert_type(city.aliases, tuple[str, ...])
    assert_type(city.memberships, tuple[Membership, ...])
    assert_type(city.initiatives, tuple[InitiativeCity, ...])
    assert_type(city.local_authority, LocalAuthority)
    assert_type(city.region, Region)
    assert_type(city.source, Source)
    assert_type(city.latitude, float | None)
    assert_type(city.geonames_id, int | None)

    sector = data.sectors["music"]
    assert_type(sector.parent, Sector | None)
    assert_type(sector.children, tuple[Sector, ...])
    assert_type(sector.sic_codes, tuple[SicCode, ...])
    assert_type(sector.cities, tuple[City, ...])

    network = data.organisations["key-cities"]
    answer = network.members(as_of=date(2014, 6, 1))
    assert_type(answer, MembersAnswer)
    assert_type(answer.councils, tuple[LocalAuthority, ...])
    assert_type(answer.members[0], Member)
    assert_type(answer.members[0].statements, tuple[Membership, ...])
    assert_type(answer.based_on_list, MembershipList | None)
    assert_type(data.membership_history(city), tuple[Membership, ...])
    assert_type(network.memberships, tuple[Membership, ...])
    assert_type(network.themes, tuple[Theme, ...])
    assert_type(network.initiatives, tuple[Initiative, ...])
    assert_type(network.children, tuple[Organisation, ...])
    assert_type(network.founded, int | None)

    membership = network.memberships[0]
    assert_type(membership.network, Organisation)
    assert_type(membership.city, City | None)
    assert_type(membership.local_authority, LocalAuthority)
    assert_type(membership.as_of, PartialDate)

    initiative = data.initiatives["creative-industries-toolkit"]
    assert_type(initiative.themes, tuple[Theme, ...])
    assert_type(initiative.partners, tuple[InitiativeOrganisation, ...])
    assert_type(initiative.places, tuple[InitiativeCity, ...])
    assert_type(data.city_sectors[("liverpool", "music")], CitySector)

    council = city.local_authority
    assert_type(council.successor, LocalAuthority | None)
    assert_type(council.predecessors, tuple[LocalAuthority, ...])
    assert_type(council.cities, tuple[City, ...])
    assert_type(council.urban_areas, tuple[UrbanArea, ...])
    assert_type(data.urban_areas["wigan"].councils, tuple[LocalAuthority, ...])
    assert_type(city.region.local_authorities, tuple[LocalAuthority, ...])

    assert_type(city.designations, tuple[ProgrammePlace, ...])
    assert_type(city.organisations, tuple[Organisation, ...])
    assert_type(council.designations, tuple[ProgrammePlace, ...])
    programme = assert_type(data.programmes.resolve("UK City of Culture"), Programme)
    winner = assert_type(programme.places(stage="winner", year=2017), tuple[ProgrammePlace, ...])[0]
    assert_type(winner.programme, Programme)
    assert_type(winner.place, City | None)
    assert_type(winner.local_authority, LocalAuthority | None)
    assert_type(winner.lead, Organisation | None)
    assert_type(winner.cycle, int | None)
    assert_type(winner.announced, PartialDate | None)
    assert_type(programme.organisation, Organisation | None)
    assert_type(data.organisations.based_in("leeds"), tuple[Organisation, ...])
    assert_type(data.organisations.based_in(city), tuple[Organisation, ...])
    assert_type(network.place, City | None)
    assert_type(network.bases, tuple[OrganisationBase, ...])
    assert_type(network.sectors, tuple[Sector, ...])
    assert_type(network.leads, tuple[ProgrammePlace, ...])
    assert_type(network.programmes, tuple[Programme, ...])
    assert_type(sector.organisations, tuple[Organisation, ...])

    when = assert_type(PartialDate.parse("2014-08"), PartialDate)
    assert_type(when.earliest(), date)
    assert_type(when.precision, Literal["year", "month", "day"])
    try:
        data.cities.resolve("Atlantis")
    except NotFound as missing:
        assert_type(missing.suggestions, tuple[Match[Record], ...])
    except Ambiguous as ambiguous:
        assert_type(ambiguous.candidates, tuple[Record, ...])
