"""One look-up for any identifier people hold for a place or a council: a name or a code."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .search import Ambiguous
from .text import normalise

if TYPE_CHECKING:
    from .models import City, FormerGssCode, LocalAuthority
    from .tables import NamedTable, Table

How = Literal[
    "id",
    "name",
    "alias",
    "gss_code",
    "former_gss_code",
    "iso_3166_2",
    "register_code",
    "geonames_id",
    "wikidata",
]
"""Which of the record's identifiers matched."""

GSS = re.compile(r"[ENSW][0-9]{8}")
ISO = re.compile(r"GB-[A-Z]{3}")
QID = re.compile(r"Q[1-9][0-9]*")
REGISTER = re.compile(r"[A-Z]{3,4}")


@dataclass(frozen=True)
class ResolvedPlace:
    """A place found by ``Dataset.resolve``, and how."""

    record: City
    by: How
    kind: Literal["place"] = "place"


@dataclass(frozen=True)
class ResolvedCouncil:
    """A council found by ``Dataset.resolve``, and how."""

    record: LocalAuthority
    by: How
    kind: Literal["council"] = "council"


Resolved = ResolvedPlace | ResolvedCouncil


class Resolver:
    """Code and name indexes over places and councils, built once on first use."""

    def __init__(
        self,
        places: NamedTable[City],
        councils: NamedTable[LocalAuthority],
        former_codes: Table[str, FormerGssCode],
    ) -> None:
        self._places, self._councils, self._former_codes = places, councils, former_codes
        self._codes: dict[str, Resolved] | None = None
        self._lock = threading.Lock()

    @property
    def codes(self) -> dict[str, Resolved]:
        """Every code (upper case, or a GeoNames id as digits) and what it names."""
        if self._codes is None:
            with self._lock:
                if self._codes is None:
                    self._codes = self._index()
        return self._codes

    def _index(self) -> dict[str, Resolved]:
        codes: dict[str, Resolved] = {}
        for city in self._places.values():
            if city.geonames_id is not None:
                codes[str(city.geonames_id)] = ResolvedPlace(city, "geonames_id")
            if city.wikidata is not None:
                codes[city.wikidata] = ResolvedPlace(city, "wikidata")
        # A code shared by a former council and a current one names the current one.
        former_last = sorted(self._councils.values(), key=lambda la: la.end_date is None)
        for council in former_last:
            for code, how in _council_codes(council):
                codes[code] = ResolvedCouncil(council, how)
        for row in self._former_codes.values():
            council = self._councils[row.gss_code]
            codes.setdefault(row.former_code, ResolvedCouncil(council, "former_gss_code"))
        return codes

    def resolve(
        self, identifier: str | int, kind: Literal["place", "council"] | None = None
    ) -> Resolved | None:
        """What ``identifier`` names, preferring a code, then a place, then a current council."""
        text = str(identifier).strip()
        code = text.upper()
        if isinstance(identifier, int) or code.isdigit():
            return _kept(self.codes.get(code), kind)
        if GSS.fullmatch(code) or ISO.fullmatch(code) or QID.fullmatch(code) or text.isupper():
            found = _kept(self.codes.get(code), kind)
            if found is not None:
                return found
        for named in self._by_name(text, kind):
            return named
        if REGISTER.fullmatch(code):
            return _kept(self.codes.get(code), kind)
        return None

    def _by_name(self, text: str, kind: Literal["place", "council"] | None) -> Iterable[Resolved]:
        key = normalise(text)
        if kind != "council":
            places = self._places.names.named(key)
            if len(places) > 1:
                raise Ambiguous(text, "cities", places)
            for place in places:
                yield ResolvedPlace(place, _how(place, key, ("name",)))
        if kind != "place":
            councils = self._councils.names.named(key)
            current = [la for la in councils if la.end_date is None] or councils
            if len(current) > 1:
                raise Ambiguous(text, "local_authorities", current)
            for council in current:
                yield ResolvedCouncil(council, _how(council, key, ("name", "official_name")))


def _council_codes(council: LocalAuthority) -> Iterable[tuple[str, How]]:
    yield council.gss_code, "gss_code"
    yield council.register_code, "register_code"
    if council.iso_3166_2 is not None:
        yield council.iso_3166_2, "iso_3166_2"
    if council.wikidata is not None:
        yield council.wikidata, "wikidata"


def _how(record: City | LocalAuthority, key: str, fields: tuple[str, ...]) -> How:
    if any(normalise(getattr(record, field)) == key for field in fields):
        return "name"
    return "id" if normalise(str(record.key)) == key else "alias"


def _kept(found: Resolved | None, kind: Literal["place", "council"] | None) -> Resolved | None:
    return found if found is None or kind is None or found.kind == kind else None
