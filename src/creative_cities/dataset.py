"""Loading the package into typed, read-only tables with look-ups and name search."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args, overload

from pydantic import ValidationError

from . import columns
from .bulk import collector_paused
from .columns import Stored
from .csv_reader import CsvSyntaxError, read_rows
from .descriptor import (
    DESCRIPTOR_NAME,
    DescriptorError,
    descriptor_path,
    read_descriptor,
    resources,
)
from .errors import DataError as DataError
from .models import (
    MODELS,
    City,
    CityAlias,
    CitySector,
    FormerGssCode,
    Initiative,
    InitiativeCity,
    InitiativeOrganisation,
    InitiativeTheme,
    LocalAuthority,
    Membership,
    MembershipList,
    Organisation,
    OrganisationBase,
    OrganisationSector,
    OrganisationTheme,
    Programme,
    ProgrammePlace,
    Region,
    Sector,
    SicCode,
    Source,
    Theme,
    UrbanArea,
    UrbanAreaCouncil,
)
from .networks import Timeline, history
from .partial_date import PartialDate
from .record import Record
from .resolve import Resolved, ResolvedCouncil, ResolvedPlace, Resolver
from .safe_paths import read_bytes
from .search import Match, search_all
from .tables import NamedTable, Table
from .validity import trusted_files

if TYPE_CHECKING:
    import pandas

LinkKey = tuple[str, ...]
# A SIC 2007 class, ``58.21`` or ``5821``, or a subclass of it, ``58210`` or ``58.21/0``.
SIC_CODE = re.compile(r"([0-9]{2})\.?([0-9]{2})(?:/?[0-9])?")
# programme, cycle, stage, bid, place, council: the cycle and one of place and council may be None
ProgrammePlaceKey = tuple[str, int | None, str, str, str | None, str | None]
R = TypeVar("R", bound=Record)


class Cities(NamedTable[City]):
    """Places, found by id, name, alias or external identifier."""

    def by_gss_code(self, code: str) -> tuple[City, ...]:
        """Places lying in the local authority district with this GSS code."""
        return self.where("lad_code", code)

    def by_geonames_id(self, geonames_id: int | str) -> City | None:
        """The place with this GeoNames id (a number, or its digits as text), if the data
        holds it."""
        text = str(geonames_id).strip()
        if not text.isdigit():
            return None
        return next(iter(self.where("geonames_id", int(text))), None)

    def by_wikidata(self, qid: str) -> City | None:
        """The place with this Wikidata QID, if the data holds it."""
        return next(iter(self.where("wikidata", qid)), None)


class Organisations(NamedTable[Organisation]):
    """Organisations, found by id, name or short name."""

    def by_wikidata(self, qid: str) -> Organisation | None:
        """The organisation with this Wikidata QID, if the data holds it."""
        return next(iter(self.where("wikidata", qid)), None)

    def based_in(self, place: City | str) -> tuple[Organisation, ...]:
        """Organisations whose head office is in the place (a ``City`` or its id), in id
        order. ``City.organisations`` adds those with only a base there."""
        return self.where("based_in", place if isinstance(place, str) else place.id)


class LocalAuthorities(NamedTable[LocalAuthority]):
    """Councils keyed by GSS code, found by name or official name too."""

    def by_gss_code(self, code: str) -> LocalAuthority | None:
        """The council with this GSS code, if the data holds it."""
        return self.get(code)


class Sectors(NamedTable[Sector]):
    """Creative sectors, found by id, name or SIC 2007 code."""

    def __init__(
        self, name: str, records: list[Sector] | Stored[Sector], sic_codes: Table[str, SicCode]
    ) -> None:
        super().__init__(name, records, ("name",))
        self._sic_codes = sic_codes

    def by_sic_code(self, code: str) -> Sector | None:
        """The DCMS group that a SIC 2007 class counts towards, if any: written ``"58.21"``,
        ``"5821"`` or as one of its five-digit subclasses (``"58210"``)."""
        parts = SIC_CODE.fullmatch(code.strip())
        if parts is None:
            return None
        found = self._sic_codes.get(f"{parts[1]}.{parts[2]}")
        return None if found is None else self[found.sector_id]


class Dataset:
    """Every table of one copy of the package. Obtain it with ``creative_cities.load()``."""

    def __init__(
        self, root: Path, descriptor: dict[str, Any], files: Mapping[str, bytes] | None = None
    ) -> None:
        # Every table is built with the collector paused (see bulk.collector_paused).
        with collector_paused():
            self.root = root
            self.version: str = str(descriptor.get("version", ""))
            paths = {res.name: res.path for res in resources(descriptor)}

            def rows(model: type[R]) -> list[R] | Stored[R]:
                if model.table not in paths:
                    raise DescriptorError(
                        f"{root / DESCRIPTOR_NAME}: no resource is named {model.table!r}"
                    )
                path = paths[model.table]
                raw = files[path] if files is not None else read_bytes(root, path)
                return _read(raw, path, model, self)

            self.sources = NamedTable("sources", rows(Source), ("title",))
            self.organisations = Organisations(
                "organisations", rows(Organisation), ("name", "short_name")
            )
            self.regions = NamedTable("regions", rows(Region), ("name",))
            self.local_authorities = LocalAuthorities(
                "local_authorities", rows(LocalAuthority), ("name", "official_name")
            )
            self.former_gss_codes: Table[str, FormerGssCode] = Table(
                "former_gss_codes", rows(FormerGssCode)
            )
            self.city_aliases: Table[str, CityAlias] = Table("city_aliases", rows(CityAlias))
            aliases = zip(  # read from the columns: no alias record is built (5 ms at 100k)
                self.city_aliases.column("alias"), self.city_aliases.column("city_id"), strict=True
            )
            self.cities = Cities("cities", rows(City), ("name",), aliases)
            self.urban_areas = NamedTable("urban_areas", rows(UrbanArea), ("name",))
            self.urban_area_councils: Table[LinkKey, UrbanAreaCouncil] = Table(
                "urban_area_councils", rows(UrbanAreaCouncil)
            )
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
            self.membership_lists: Table[LinkKey, MembershipList] = Table(
                "membership_lists", rows(MembershipList)
            )
            self.memberships: Table[LinkKey, Membership] = Table("memberships", rows(Membership))
            self.city_sectors: Table[LinkKey, CitySector] = Table("city_sectors", rows(CitySector))
            self.programmes = NamedTable("programmes", rows(Programme), ("name",))
            self.programme_places: Table[ProgrammePlaceKey, ProgrammePlace] = Table(
                "programme_places", rows(ProgrammePlace)
            )
            self.organisation_sectors: Table[LinkKey, OrganisationSector] = Table(
                "organisation_sectors", rows(OrganisationSector)
            )
            self.organisation_bases: Table[LinkKey, OrganisationBase] = Table(
                "organisation_bases", rows(OrganisationBase)
            )
            self._timelines: dict[str, Timeline] = {}
            self._timeline_lock = threading.Lock()

        self._resolver = Resolver(self.cities, self.local_authorities, self.former_gss_codes)

    @property
    def tables(self) -> Mapping[str, Table[Any, Record]]:
        """Every table by resource name, in the descriptor's order."""
        return {name: getattr(self, name) for name in MODELS}

    def timeline(self, network_id: str) -> Timeline:
        """A city network's statements in date order, built on first use (once per network)."""
        found = self._timelines.get(network_id)
        if found is None:
            with self._timeline_lock:
                found = self._timelines.get(network_id)
                if found is None:
                    found = self._timelines[network_id] = Timeline(self, network_id)
        return found

    def membership_history(self, subject: LocalAuthority | City) -> tuple[Membership, ...]:
        """Every membership statement about a council or a place, in date order, each with
        its source; a council's history runs on through the councils that replaced it."""
        return history(self, subject)

    @overload
    def resolve(self, identifier: str | int, kind: None = None) -> Resolved | None: ...
    @overload
    def resolve(self, identifier: str | int, kind: Literal["place"]) -> ResolvedPlace | None: ...
    @overload
    def resolve(
        self, identifier: str | int, kind: Literal["council"]
    ) -> ResolvedCouncil | None: ...

    def resolve(
        self, identifier: str | int, kind: Literal["place", "council"] | None = None
    ) -> Resolved | None:
        """The place or council that ``identifier`` names, saying how, or ``None``.

        Accepts a name or alias (as ``cities.resolve``), a GSS code (current or former), an
        ISO 3166-2 code (``GB-LIV``), the register's three-letter code, a GeoNames id (int or
        text) or a Wikidata QID. A name of both a place and a council gives the place (pass
        ``kind="council"`` for the council); a name shared by two places raises ``Ambiguous``.
        """
        return self._resolver.resolve(identifier, kind)

    def search(self, text: str, limit: int = 10) -> list[Match[Record]]:
        """Records of every named table ranked by how well they match ``text``."""
        named = [table for table in self.tables.values() if isinstance(table, NamedTable)]
        return search_all((table.names for table in named), text, limit)

    def to_pandas(self, table: str) -> pandas.DataFrame:
        """A table as a pandas DataFrame (needs the ``pandas`` extra); each partial date
        column (text) is followed by ``<field>_earliest`` and ``<field>_latest``, the first
        and last day it may mean, as ``datetime64`` columns."""
        try:
            import pandas
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_pandas needs pandas: pip install 'creative-cities[pandas]'"
            ) from exc
        model, rows = MODELS[table], self.tables[table]
        data: dict[str, Any] = {}
        for name, field in model.model_fields.items():
            values = rows.column(name)
            if PartialDate not in (field.annotation, *get_args(field.annotation)):
                data[name] = values
                continue
            data[name] = [None if value is None else str(value) for value in values]
            for end in ("earliest", "latest"):
                days = [None if value is None else getattr(value, end)() for value in values]
                data[f"{name}_{end}"] = pandas.to_datetime(pandas.Series(days, dtype=object))
        frame = pandas.DataFrame(data)
        return frame

    def __repr__(self) -> str:
        return f"<Dataset {self.version} from {self.root}>"


def _text(raw: bytes, path: str) -> str:
    """The file's text, strictly UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"{path}:{line}: byte 0x{raw[exc.start]:02x} is not UTF-8 ({exc.reason})"
        raise DataError(message, path, line) from None


def _read(raw: bytes, path: str, model: type[R], dataset: Dataset) -> list[R] | Stored[R]:
    """The file's rows: typed columns when it is plainly well formed and valid, else records
    read row by row, which raises ``DataError`` at the first bad row."""
    read = columns.read_columns(raw)
    typed = None if read is None else columns.typed_columns(model, read)
    if typed is not None:
        return Stored(model, typed, dataset)
    records = _read_rows(_text(raw, path), path, model)
    for record in records:
        record._dataset = dataset
    return records


def _read_rows(text: str, path: str, model: type[R]) -> list[R]:
    try:
        rows = list(read_rows(text))
    except CsvSyntaxError as exc:
        raise DataError(
            f"{path}:{exc.line}: cannot be read as CSV: {exc}", path, exc.line
        ) from None
    if not rows:
        raise DataError(f"{path}:1: the file is empty", path, 1)
    header = rows[0].cells
    records = []
    for row in rows[1:]:
        if len(row.cells) != len(header):
            message = f"{path}:{row.line}: {len(row.cells)} cells, the header has {len(header)}"
            raise DataError(message, path, row.line)
        values = {key: value for key, value in zip(header, row.cells, strict=True) if value != ""}
        for key, value in values.items():
            if not value.isprintable() and any(unicodedata.category(c) == "Cc" for c in value):
                message = f"{path}:{row.line}:{key}: the value holds a control character"
                raise DataError(message, path, row.line)
        try:
            records.append(model.model_validate(values))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, error['loc']))}: {error['msg']}" for error in exc.errors()
            )
            raise DataError(f"{path}:{row.line}: {problems}", path, row.line) from None
    return records


_cache: dict[Path, Dataset] = {}
_lock = threading.Lock()


def load(path: str | Path | None = None) -> Dataset:
    """The package at ``path`` (a folder or its ``datapackage.json``), or the bundled data.

    Only a valid copy loads: one that validation has not passed before, byte for byte, is
    validated first (see ``validity``), and one with problems raises ``DataError`` quoting
    them. Each copy is read once and cached; concurrent first calls read it once.
    """
    location = descriptor_path(path).resolve()
    cached = _cache.get(location)
    if cached is not None:
        return cached
    with _lock:
        if location not in _cache:
            descriptor = read_descriptor(location)
            files = trusted_files(location, descriptor)
            _cache[location] = Dataset(location.parent, descriptor, files)
        return _cache[location]
