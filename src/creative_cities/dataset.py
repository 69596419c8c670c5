"""Loading the package into typed, read-only tables with look-ups and name search."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import ValidationError

from .csv_reader import read_rows
from .descriptor import descriptor_path, read_descriptor, resources
from .models import (
    MODELS,
    City,
    CityAlias,
    CitySector,
    Initiative,
    InitiativeCity,
    InitiativeOrganisation,
    InitiativeTheme,
    LocalAuthority,
    Membership,
    Organisation,
    OrganisationTheme,
    Region,
    Sector,
    SicCode,
    Source,
    Theme,
)
from .record import Record
from .search import Match, merge
from .tables import NamedTable, Table

if TYPE_CHECKING:
    import pandas

LinkKey = tuple[str, ...]
R = TypeVar("R", bound=Record)


class RowReader(Protocol):
    """Reads a table's records: ``Dataset`` reads the package's files unless given one."""

    def __call__(self, model: type[R]) -> list[R]: ...


class DataError(ValueError):
    """A row of the package does not fit its model; the message says file and line."""


class Cities(NamedTable[City]):
    """Places, found by id, name, alias or external identifier."""

    def by_gss_code(self, code: str) -> tuple[City, ...]:
        """Places lying in the local authority district with this GSS code."""
        return self.where("lad_code", code)

    def by_geonames_id(self, geonames_id: int) -> City | None:
        """The place with this GeoNames id, if the data holds it."""
        return next(iter(self.where("geonames_id", geonames_id)), None)

    def by_wikidata(self, qid: str) -> City | None:
        """The place with this Wikidata QID, if the data holds it."""
        return next(iter(self.where("wikidata", qid)), None)


class Organisations(NamedTable[Organisation]):
    """Organisations, found by id, name or short name."""

    def by_wikidata(self, qid: str) -> Organisation | None:
        """The organisation with this Wikidata QID, if the data holds it."""
        return next(iter(self.where("wikidata", qid)), None)


class LocalAuthorities(NamedTable[LocalAuthority]):
    """Councils keyed by GSS code, found by name or official name too."""

    def by_gss_code(self, code: str) -> LocalAuthority | None:
        """The council with this GSS code, if the data holds it."""
        return self.get(code)


class Sectors(NamedTable[Sector]):
    """Creative sectors, found by id, name or SIC 2007 code."""

    def __init__(self, name: str, records: list[Sector], sic_codes: Table[str, SicCode]) -> None:
        super().__init__(name, records, ("name",))
        self._sic_codes = sic_codes

    def by_sic_code(self, code: str) -> Sector | None:
        """The DCMS group that a SIC 2007 class (``"59.20"``) counts towards, if any."""
        found = self._sic_codes.get(code)
        return None if found is None else self[found.sector_id]


class Dataset:
    """Every table of one copy of the package. Obtain it with ``creative_cities.load()``."""

    def __init__(
        self, root: Path, descriptor: dict[str, Any], reader: RowReader | None = None
    ) -> None:
        self.root = root
        self.version: str = str(descriptor.get("version", ""))
        paths = {res.name: res.path for res in resources(descriptor)}

        def rows(model: type[R]) -> list[R]:
            if reader is not None:
                return reader(model)
            return _read(root, paths[model.table], model)

        self.sources = NamedTable("sources", rows(Source), ("title",))
        self.organisations = Organisations(
            "organisations", rows(Organisation), ("name", "short_name")
        )
        self.regions = NamedTable("regions", rows(Region), ("name",))
        self.local_authorities = LocalAuthorities(
            "local_authorities", rows(LocalAuthority), ("name", "official_name")
        )
        self.city_aliases: Table[str, CityAlias] = Table("city_aliases", rows(CityAlias))
        aliases = [(row.alias, row.city_id) for row in self.city_aliases.values()]
        self.cities = Cities("cities", rows(City), ("name",), aliases)
        self.sic_codes: Table[str, SicCode] = Table("sic_codes", rows(SicCode))
        self.sectors = Sectors("sectors", rows(Sector), self.sic_codes)
        self.themes = NamedTable("themes", rows(Theme), ("name",))
        self.initiatives = NamedTable("initiatives", rows(Initiative), ("title",))
        self.initiative_themes: Table[LinkKey, InitiativeTheme] = Table(
            "initiative_themes", rows(InitiativeTheme)
        )
        self.initiative_organisations: Table[LinkKey, InitiativeOrganisation] = Table(
            "initiative_organisations", rows(InitiativeOrganisation)
        )
        self.initiative_cities: Table[LinkKey, InitiativeCity] = Table(
            "initiative_cities", rows(InitiativeCity)
        )
        self.organisation_themes: Table[LinkKey, OrganisationTheme] = Table(
            "organisation_themes", rows(OrganisationTheme)
        )
        self.memberships: Table[LinkKey, Membership] = Table("memberships", rows(Membership))
        self.city_sectors: Table[LinkKey, CitySector] = Table("city_sectors", rows(CitySector))
        for table in self.tables.values():
            for record in table.values():
                record._dataset = self

    @property
    def tables(self) -> Mapping[str, Table[Any, Record]]:
        """Every table by resource name, in the descriptor's order."""
        return {name: getattr(self, name) for name in MODELS}

    def search(self, text: str, limit: int = 10) -> list[Match[Record]]:
        """Records of every named table ranked by how well they match ``text``."""
        named = [table for table in self.tables.values() if isinstance(table, NamedTable)]
        return merge((table.search(text, limit) for table in named), limit)

    def to_pandas(self, table: str) -> pandas.DataFrame:
        """A table as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_pandas needs pandas: pip install 'creative-cities[pandas]'"
            ) from exc
        model = MODELS[table]
        records = [record.model_dump() for record in self.tables[table].values()]
        frame = pandas.DataFrame.from_records(records, columns=list(model.model_fields))
        return frame

    def __repr__(self) -> str:
        return f"<Dataset {self.version} from {self.root}>"


def _read(root: Path, path: str, model: type[R]) -> list[R]:
    location = root / path
    rows = read_rows(location.read_text(encoding="utf-8"))
    header = next(rows).cells
    records = []
    for row in rows:
        values = {key: value for key, value in zip(header, row.cells, strict=False) if value != ""}
        try:
            records.append(model.model_validate(values))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, error['loc']))}: {error['msg']}" for error in exc.errors()
            )
            raise DataError(f"{path}:{row.line}: {problems}") from None
    return records


_cache: dict[Path, Dataset] = {}
_lock = threading.Lock()


def load(path: str | Path | None = None) -> Dataset:
    """The package at ``path`` (a folder or its ``datapackage.json``), or the bundled data.

    Each copy is read once and cached; concurrent first calls read it once.
    """
    location = descriptor_path(path).resolve()
    cached = _cache.get(location)
    if cached is not None:
        return cached
    with _lock:
        if location not in _cache:
            _cache[location] = Dataset(location.parent, read_descriptor(location))
        return _cache[location]
