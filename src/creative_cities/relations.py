"""Relations that run against a foreign key (a city's sectors, a network's members).

Each class is mixed into the generated model of the same name; the relations
that follow a foreign key forwards (a membership's city) are generated with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, get_args

from .networks import MembersAnswer

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import (
        City,
        Initiative,
        InitiativeCity,
        InitiativeOrganisation,
        LocalAuthority,
        Membership,
        Organisation,
        OrganisationBase,
        Programme,
        ProgrammePlace,
        Sector,
        SicCode,
        Theme,
        UrbanArea,
    )


class _Related:
    if TYPE_CHECKING:

        def dataset(self) -> Dataset: ...


def stages() -> tuple[str, ...]:
    """The stages a programme place can have, from a bid to a title (the schema's order)."""
    from .models import ProgrammePlace

    return get_args(ProgrammePlace.model_fields["stage"].annotation)


def in_programme_order(rows: Iterable[ProgrammePlace]) -> tuple[ProgrammePlace, ...]:
    """Rows by cycle (undated last), programme, stage from bid to title, then bid."""
    rank = {stage: index for index, stage in enumerate(stages())}
    return tuple(
        sorted(
            rows,
            key=lambda row: (
                row.cycle is None,
                row.cycle or 0,
                row.programme_id,
                rank[row.stage],
                row.bid,
                row.gss_code or "",
            ),
        )
    )


class CityRelations(_Related):
    if TYPE_CHECKING:
        id: str

    @property
    def sectors(self) -> tuple[Sector, ...]:
        """Creative sectors a source says the place is known for."""
        data = self.dataset()
        return tuple(
            data.sectors[link.sector_id] for link in data.city_sectors.where("city_id", self.id)
        )

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names of the place."""
        return tuple(row.alias for row in self.dataset().city_aliases.where("city_id", self.id))

    @property
    def memberships(self) -> tuple[Membership, ...]:
        """What sources say of the network memberships of the council named for the place."""
        return self.dataset().memberships.where("city_id", self.id)

    @property
    def initiatives(self) -> tuple[InitiativeCity, ...]:
        """The place's part in initiatives (a UK City of Culture year, a toolkit example)."""
        return self.dataset().initiative_cities.where("city_id", self.id)

    @property
    def designations(self) -> tuple[ProgrammePlace, ...]:
        """The place's bids, listings, titles, memberships and clusters in programmes, by
        cycle. A bid made by a council or a group of councils is the council's (see
        ``LocalAuthority.designations``), not the place's."""
        return in_programme_order(self.dataset().programme_places.where("place_id", self.id))

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """Organisations based in the place or with a base there, in id order."""
        data = self.dataset()
        found = {org.id: org for org in data.organisations.where("based_in", self.id)}
        for base in data.organisation_bases.where("place_id", self.id):
            found.setdefault(base.organisation_id, data.organisations[base.organisation_id])
        return tuple(found[key] for key in sorted(found))


class SectorRelations(_Related):
    if TYPE_CHECKING:
        id: str

    @property
    def children(self) -> tuple[Sector, ...]:
        """The sectors directly below this one."""
        return self.dataset().sectors.where("parent_id", self.id)

    @property
    def sic_codes(self) -> tuple[SicCode, ...]:
        """The SIC 2007 classes that count towards this sector group."""
        return self.dataset().sic_codes.where("sector_id", self.id)

    @property
    def cities(self) -> tuple[City, ...]:
        """Places a source says are known for this sector."""
        data = self.dataset()
        return tuple(
            data.cities[link.city_id] for link in data.city_sectors.where("sector_id", self.id)
        )

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """Organisations a source says serve this sector."""
        data = self.dataset()
        return tuple(
            data.organisations[link.organisation_id]
            for link in data.organisation_sectors.where("sector_id", self.id)
        )


class OrganisationRelations(_Related):
    if TYPE_CHECKING:
        id: str

    @property
    def children(self) -> tuple[Organisation, ...]:
        """Organisations that are part of this one."""
        return self.dataset().organisations.where("parent_id", self.id)

    @property
    def memberships(self) -> tuple[Membership, ...]:
        """For a city network: every source's statement of a council's membership."""
        return self.dataset().memberships.where("network_id", self.id)

    def members(self, as_of: date | None = None) -> MembersAnswer:
        """Member councils of a city network on ``as_of`` (today if not given).

        The latest complete list on or before that day, plus councils that founded or
        joined after it, less those that left or ceased to exist by then; before the first
        list, founding and joining events only. A partial date counts as on or before the
        day when its latest day is. The answer gives each member with its supporting
        statements, the list it rests on, and what the sources leave unsettled.
        """
        if as_of is None:
            as_of = date.today()
        elif isinstance(as_of, datetime):
            as_of = as_of.date()
        elif not isinstance(as_of, date):
            raise TypeError(f"as_of must be a datetime.date, not {type(as_of).__name__}")
        return self.dataset().timeline(self.id).members(as_of)

    @property
    def themes(self) -> tuple[Theme, ...]:
        """Agendas the organisation promotes."""
        data = self.dataset()
        return tuple(
            data.themes[link.theme_id]
            for link in data.organisation_themes.where("organisation_id", self.id)
        )

    @property
    def initiatives(self) -> tuple[Initiative, ...]:
        """Initiatives the organisation leads or publishes."""
        return self.dataset().initiatives.where("organisation_id", self.id)

    @property
    def sectors(self) -> tuple[Sector, ...]:
        """Creative sectors the organisation serves."""
        data = self.dataset()
        return tuple(
            data.sectors[link.sector_id]
            for link in data.organisation_sectors.where("organisation_id", self.id)
        )

    @property
    def bases(self) -> tuple[OrganisationBase, ...]:
        """Its bases (a broadcaster's headquarters and hubs), with their opening dates."""
        return self.dataset().organisation_bases.where("organisation_id", self.id)

    @property
    def programmes(self) -> tuple[Programme, ...]:
        """Programmes the organisation runs."""
        return self.dataset().programmes.where("organisation_id", self.id)

    @property
    def leads(self) -> tuple[ProgrammePlace, ...]:
        """Bids and clusters the organisation leads."""
        return in_programme_order(self.dataset().programme_places.where("lead_id", self.id))


class LocalAuthorityRelations(_Related):
    if TYPE_CHECKING:
        gss_code: str

    @property
    def cities(self) -> tuple[City, ...]:
        """Places that lie in the council's area."""
        return self.dataset().cities.where("lad_code", self.gss_code)

    @property
    def memberships(self) -> tuple[Membership, ...]:
        """What sources say of the council's memberships of city networks."""
        return self.dataset().memberships.where("lad_code", self.gss_code)

    @property
    def predecessors(self) -> tuple[LocalAuthority, ...]:
        """Councils that this one replaced."""
        return self.dataset().local_authorities.where("replaced_by", self.gss_code)

    @property
    def designations(self) -> tuple[ProgrammePlace, ...]:
        """Bids and titles of the council, alone or in a group of councils, by cycle."""
        return in_programme_order(self.dataset().programme_places.where("gss_code", self.gss_code))

    @property
    def urban_areas(self) -> tuple[UrbanArea, ...]:
        """The Primary Urban Areas the council's area is part of."""
        data = self.dataset()
        return tuple(
            data.urban_areas[link.urban_area_id]
            for link in data.urban_area_councils.where("gss_code", self.gss_code)
        )


class UrbanAreaRelations(_Related):
    if TYPE_CHECKING:
        id: str

    @property
    def councils(self) -> tuple[LocalAuthority, ...]:
        """The councils the urban area is made of, in GSS code order."""
        data = self.dataset()
        return tuple(
            data.local_authorities[link.gss_code]
            for link in data.urban_area_councils.where("urban_area_id", self.id)
        )


class RegionRelations(_Related):
    if TYPE_CHECKING:
        itl1_code: str

    @property
    def cities(self) -> tuple[City, ...]:
        """Places in the region."""
        return self.dataset().cities.where("itl1_code", self.itl1_code)

    @property
    def local_authorities(self) -> tuple[LocalAuthority, ...]:
        """Council areas in the region."""
        return self.dataset().local_authorities.where("itl1_code", self.itl1_code)


class InitiativeRelations(_Related):
    if TYPE_CHECKING:
        id: str

    @property
    def themes(self) -> tuple[Theme, ...]:
        """The themes the initiative covers."""
        data = self.dataset()
        return tuple(
            data.themes[link.theme_id]
            for link in data.initiative_themes.where("initiative_id", self.id)
        )

    @property
    def partners(self) -> tuple[InitiativeOrganisation, ...]:
        """Organisations taking part, with their roles."""
        return self.dataset().initiative_organisations.where("initiative_id", self.id)

    @property
    def places(self) -> tuple[InitiativeCity, ...]:
        """Places in the initiative, with their part and year."""
        return self.dataset().initiative_cities.where("initiative_id", self.id)


class ThemeRelations(_Related):
    if TYPE_CHECKING:
        id: str

    @property
    def initiatives(self) -> tuple[Initiative, ...]:
        """Initiatives that cover the theme."""
        data = self.dataset()
        return tuple(
            data.initiatives[link.initiative_id]
            for link in data.initiative_themes.where("theme_id", self.id)
        )

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """Organisations that promote the theme."""
        data = self.dataset()
        return tuple(
            data.organisations[link.organisation_id]
            for link in data.organisation_themes.where("theme_id", self.id)
        )


class ProgrammeRelations(_Related):
    if TYPE_CHECKING:
        id: str

    def places(
        self, stage: str | None = None, year: int | None = None
    ) -> tuple[ProgrammePlace, ...]:
        """The programme's rows by cycle, stage and bid; only one ``stage`` (``"winner"``,
        ``"member"``, ...) or one cycle ``year`` if given. An unknown stage is a ``ValueError``."""
        if stage is not None and stage not in stages():
            known = ", ".join(map(repr, stages()))
            raise ValueError(f"{stage!r} is not a stage; the stages are {known}")
        rows = self.dataset().programme_places.where("programme_id", self.id)
        return in_programme_order(
            row
            for row in rows
            if (stage is None or row.stage == stage) and (year is None or row.cycle == year)
        )
