"""Meaning checks of programmes, their places and organisations' bases."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ..dataset import Dataset
from ..models import ProgrammePlace
from ..record import Record
from ..text import normalise

Finding = tuple[Record, str | None, str, str, str]

# The stages each kind of programme has, from the first to the last.
STAGES_BY_KIND = {
    "competition": ("bid", "longlist", "shortlist", "runner-up", "winner"),
    "designation": ("bid", "shortlist", "holder"),
    "network": ("member",),
    "zone programme": ("shortlist", "zone"),
    "cluster programme": ("cluster",),
    "funding programme": ("funded",),
}
# How many years before its cycle a competition's or designation's stage may be announced.
YEARS_AHEAD = {"competition": 6, "designation": 8}
# A stage, and the earlier stages a bidder must have passed when the cycle lists them.
LADDER = {"shortlist": ("longlist",), "runner-up": ("shortlist", "longlist")}
LADDER["winner"] = LADDER["runner-up"]
ALSO = re.compile(r"Also: ([^.]*)\.")


def bidders(data: Dataset) -> Iterator[Finding]:
    """A place bidder names a place only, a council or group a council only, an area neither."""
    wanted = {"place": (True, False), "council": (False, True), "group": (False, True)}
    for row in data.programme_places.values():
        place, council = wanted.get(row.bidder, (False, False))
        if (row.place_id is not None, row.gss_code is not None) != (place, council):
            needs = {
                (True, False): "a place_id and no gss_code",
                (False, True): "a gss_code and no place_id",
                (False, False): "neither a place_id nor a gss_code",
            }[(place, council)]
            yield (
                row,
                "bidder",
                "programme-bidder",
                f"a bidder of kind {row.bidder!r} needs {needs}",
                "fill exactly the column the bidder's kind names (an area whose councils no "
                "source names has neither)",
            )


def group_bids(data: Dataset) -> Iterator[Finding]:
    """A group bid has a row for each of its councils; a place's or council's bid has one."""
    rows: dict[tuple[object, ...], list[ProgrammePlace]] = defaultdict(list)
    for row in data.programme_places.values():
        rows[(row.programme_id, row.cycle, row.stage, normalise(row.bid))].append(row)
    for same in rows.values():
        first = same[0]
        if first.bidder == "group" and len(same) < 2:
            yield (
                first,
                "bidder",
                "group-bid",
                f"the group bid {first.bid!r} has only one council",
                "add a row for each council of the group, or record the bidder as a council",
            )
        elif first.bidder != "group" and len(same) > 1:
            yield (
                same[1],
                "bid",
                "group-bid",
                f"{first.bid!r} has {len(same)} rows at stage {first.stage!r} but is not a group",
                "record a bid of several councils with bidder 'group', or name each bid apart",
            )


def stages_and_fields(data: Dataset) -> Iterator[Finding]:
    """A row's stage is one its programme's kind has; a network's members have a field."""
    for row in data.programme_places.values():
        kind = data.programmes[row.programme_id].kind
        if row.stage not in STAGES_BY_KIND[kind]:
            allowed = ", ".join(STAGES_BY_KIND[kind])
            yield (
                row,
                "stage",
                "programme-stage",
                f"{row.stage!r} is not a stage of a {kind} (stages: {allowed})",
                "use one of the programme's stages, or correct the programme's kind",
            )
        if (kind == "network") != (row.field is not None):
            message = (
                "a network member has no creative field"
                if kind == "network"
                else f"a {kind} has no creative fields, but the row gives {row.field!r}"
            )
            yield (
                row,
                "field",
                "programme-field",
                message,
                "give the field a source names for a network member, and none otherwise",
            )


def unique_winners(data: Dataset) -> Iterator[Finding]:
    """A competition's cycle has one winner (a group bid counts once)."""
    winners: dict[tuple[str, int | None], list[ProgrammePlace]] = defaultdict(list)
    for row in data.programme_places.values():
        if row.stage == "winner":
            winners[(row.programme_id, row.cycle)].append(row)
    for (programme, cycle), rows in winners.items():
        bids = {normalise(row.bid) for row in rows}
        if len(bids) > 1:
            named = ", ".join(sorted({repr(row.bid) for row in rows}))
            yield (
                rows[-1],
                "stage",
                "winner-unique",
                f"{programme} {cycle or '(no cycle)'} has {len(bids)} winners: {named}",
                "keep the one winner the sources name; others are runners-up or shortlisted",
            )


def _bidder(row: ProgrammePlace) -> str:
    return row.place_id or row.gss_code or normalise(row.bid)


def stage_order(data: Dataset) -> Iterator[Finding]:
    """A bidder shortlisted, runner-up or winning was listed at the cycle's earlier stage."""
    listed: dict[tuple[str, int | None, str], set[str]] = defaultdict(set)
    for row in data.programme_places.values():
        listed[(row.programme_id, row.cycle, row.stage)].add(_bidder(row))
    for row in data.programme_places.values():
        earlier = [
            stage
            for stage in LADDER.get(row.stage, ())
            if listed.get((row.programme_id, row.cycle, stage))
        ]
        if earlier and _bidder(row) not in listed[(row.programme_id, row.cycle, earlier[0])]:
            yield (
                row,
                "stage",
                "stage-order",
                f"{row.bid!r} is {row.stage!r} of {row.cycle} but not on its {earlier[0]}",
                f"add its {earlier[0]} row, or name the same place or council in both",
            )


def announced_in_cycle(data: Dataset) -> Iterator[Finding]:
    """A stage is announced after its programme began and in keeping with its cycle: before
    a competition's or designation's title year (by a few years at most), and in the year of
    a network's, zone's, cluster's or fund's round."""
    for row in data.programme_places.values():
        if row.announced is None:
            continue
        programme = data.programmes[row.programme_id]
        if programme.start is not None and row.announced.latest() < programme.start.earliest():
            yield (
                row,
                "announced",
                "announced-cycle",
                f"announced {row.announced}, before {programme.name} began ({programme.start})",
                "correct the date, or the programme's start",
            )
            continue
        if row.cycle is None:
            continue
        ahead = YEARS_AHEAD.get(programme.kind)
        year = row.announced.year
        if ahead is None and year != row.cycle:
            problem = f"in {year}, not in its cycle's year {row.cycle}"
        elif ahead is not None and not row.cycle - ahead <= year <= row.cycle:
            problem = f"in {year}, outside the {ahead} years up to its title year {row.cycle}"
        else:
            continue
        yield (
            row,
            "announced",
            "announced-cycle",
            f"{row.bid!r} ({row.stage}) is announced {problem}",
            "check the announcement date and the cycle against the source",
        )


def note_sources(data: Dataset) -> Iterator[Finding]:
    """The further sources a note names after ``Also:`` are sources of the package."""
    for row in data.programme_places.values():
        for found in ALSO.finditer(row.note or ""):
            for source_id in (part.strip() for part in found.group(1).split(";")):
                if source_id not in data.sources:
                    yield (
                        row,
                        "note",
                        "note-source",
                        f"the note names source {source_id!r}, which is not in sources",
                        "add the source to data/sources.csv, or correct its id",
                    )


def bases_after_founding(data: Dataset) -> Iterator[Finding]:
    """A base opens no earlier than the year its organisation was founded."""
    for base in data.organisation_bases.values():
        founded = data.organisations[base.organisation_id].founded
        if base.opened is not None and founded is not None and base.opened.year < founded:
            yield (
                base,
                "opened",
                "base-before-founding",
                f"opened {base.opened}, before {base.organisation_id} was founded in {founded}",
                "correct the opening date or the founding year",
            )


RULES = (
    bidders,
    group_bids,
    stages_and_fields,
    unique_winners,
    stage_order,
    announced_in_cycle,
    note_sources,
    bases_after_founding,
)
