"""What a release says about itself: title, version, licence, sources and how to cite it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

EPOCH = datetime.datetime(1980, 1, 1)


@dataclass(frozen=True)
class About:
    """The package's metadata in the form that the release files show it."""

    name: str
    title: str
    description: str
    version: str
    licence: str
    licence_title: str
    licence_url: str
    homepage: str
    authors: str
    created: datetime.datetime
    sources: tuple[tuple[str, str], ...]

    @property
    def licence_text(self) -> str:
        """``Title (NAME) address``, leaving out the parts the descriptor lacks."""
        named = f"{self.licence_title} ({self.licence})" if self.licence_title else self.licence
        return f"{named} {self.licence_url}".strip()

    @property
    def citation(self) -> str:
        return (
            f"{self.authors} ({self.created.year}). {self.title}, data package version "
            f"{self.version}. {self.homepage}".strip()
        )


def about(descriptor: dict[str, Any]) -> About:
    """The release metadata of a descriptor; ``created`` is fixed by the descriptor, never now."""
    licences = descriptor.get("licenses") or [{}]
    created = str(descriptor.get("created", ""))
    try:
        when = datetime.datetime.fromisoformat(created).replace(tzinfo=None)
    except ValueError:
        when = EPOCH
    return About(
        name=str(descriptor.get("name", "")),
        title=str(descriptor.get("title", descriptor.get("name", ""))),
        description=str(descriptor.get("description", "")),
        version=str(descriptor.get("version", "")),
        licence=str(licences[0].get("name", "")),
        licence_title=str(licences[0].get("title", "")),
        licence_url=str(licences[0].get("path", "")),
        homepage=str(descriptor.get("homepage", "")),
        authors=", ".join(
            str(person.get("title", "")) for person in descriptor.get("contributors", [])
        ),
        created=when,
        sources=tuple(
            (str(source.get("title", "")), str(source.get("path", "")))
            for source in descriptor.get("sources", [])
        ),
    )
