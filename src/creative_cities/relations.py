"""Relations that run against a foreign key (a city's sectors, a network's members).

Each class is mixed into the generated model of the same name; the relations
that follow a foreign key forwards (a membership's city) are generated with it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

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
        Sector,
        SicCode,
        Theme,
        UrbanArea,
    )


class _Related:
    if TYPE_CHECKING:

        def dataset(self) -> Dataset: ...


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
