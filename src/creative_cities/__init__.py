"""Open, sourced data about the UK's creative cities.

``import creative_cities`` reads nothing and imports nothing heavy: the data,
pydantic and the models load on first use of a public name.

>>> import creative_cities
>>> data = creative_cities.load()
>>> data.cities.resolve("Hull").name
'Kingston upon Hull'
"""

from __future__ import annotations

# Not ``typing.TYPE_CHECKING``: importing typing would double the cost of this import.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .dataset import DataError, Dataset, load
    from .networks import Member, MembersAnswer
    from .partial_date import PartialDate
    from .record import DetachedRecordError, Record
    from .resolve import Resolved, ResolvedCouncil, ResolvedPlace
    from .search import Ambiguous, Match, NotFound

    __version__: str

_LAZY = {
    "load": "dataset",
    "Dataset": "dataset",
    "DataError": "dataset",
    "Member": "networks",
    "MembersAnswer": "networks",
    "PartialDate": "partial_date",
    "Record": "record",
    "DetachedRecordError": "record",
    "Match": "search",
    "NotFound": "search",
    "Ambiguous": "search",
    "Resolved": "resolve",
    "ResolvedPlace": "resolve",
    "ResolvedCouncil": "resolve",
}

__all__ = [
    "Ambiguous",
    "DataError",
    "Dataset",
    "DetachedRecordError",
    "Match",
    "Member",
    "MembersAnswer",
    "NotFound",
    "PartialDate",
    "Record",
    "Resolved",
    "ResolvedCouncil",
    "ResolvedPlace",
    "__version__",
    "load",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use."""
    from importlib import import_module

    if name == "__version__":
        from .descriptor import package_version

        globals()[name] = version = package_version()
        return version
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'creative_cities' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
