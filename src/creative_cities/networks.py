"""A city network's members on a day, worked out from its complete lists and dated events.

The rule: start from the latest complete list surely on or before the day; add councils
that founded or joined after that list and surely on or before the day; drop councils
that left by then, or whose council had ceased to exist (``end_date`` on or before the
day). Before the first complete list, only founding and joining events count. A partial
date is surely on or before a day when its latest day is.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import City, LocalAuthority, Membership, MembershipList

EVENTS = frozenset({"founded", "joined", "left"})


@dataclass(frozen=True, slots=True)
class Member:
    """A member council, the place it is named for, and the statements that support it."""

    council: LocalAuthority
    place: City | None
    statements: tuple[Membership, ...]


@dataclass(frozen=True, slots=True)
class MembersAnswer:
    """Who the sources say the network's members were on ``as_of``, and why.

    ``based_on_list`` is the complete list the answer starts from (``None`` before the
    first); ``ended`` the councils it would name but which had ceased to exist;
    ``unsettled`` says, in words, what the sources leave open (empty when they settle it).
    Iterating gives the member councils in GSS code order, as ``members`` does.
    """

    network_id: str
    as_of: date
    based_on_list: MembershipList | None
    members: tuple[Member, ...]
    ended: tuple[LocalAuthority, ...] = ()
    unsettled: tuple[str, ...] = ()

    @property
    def councils(self) -> tuple[LocalAuthority, ...]:
        """The member councils, in GSS code order."""
        return tuple(member.council for member in self.members)

    @property
    def settled(self) -> bool:
        """Whether the sources settle the answer (nothing in ``unsettled``)."""
        return not self.unsettled

    def __iter__(self) -> Iterator[LocalAuthority]:
        return (member.council for member in self.members)

    def __len__(self) -> int:
        return len(self.members)

    def __contains__(self, council: object) -> bool:
        code = getattr(council, "gss_code", council)
        return any(member.council.gss_code == code for member in self.members)


@dataclass(frozen=True, slots=True)
class _Core:
    """The part of an answer that is the same on every day of one segment of the timeline."""

    based_on_list: MembershipList | None
    members: tuple[Member, ...]
    ended: tuple[LocalAuthority, ...]
    unsettled: tuple[str, ...]


class Timeline:
    """One network's statements in date order, and its answers by segment of days.

    Every condition of the rule has the form "a known day is on or before the day asked";
    so the answer only changes on those days, and is worked out once per segment between them.
    """

    def __init__(self, data: Dataset, network_id: str) -> None:
        self._data = data
        self.network_id = network_id
        lists = data.membership_lists.where("network_id", network_id)
        self.lists: tuple[MembershipList, ...] = tuple(
            sorted(lists, key=lambda row: (row.as_of.latest(), row.as_of.earliest()))
        )
        self._list_days = [row.as_of.latest() for row in self.lists]
        rows = sorted(data.memberships.where("network_id", network_id), key=_date_order)
        self._listed: dict[str, tuple[Membership, ...]] = {
            row.source_id: tuple(
                found
                for found in rows
                if found.source_id == row.source_id and found.statement == "listed"
            )
            for row in self.lists
        }
        self._events = tuple(row for row in rows if row.statement in EVENTS)
        self._mentions = tuple(row for row in rows if row.statement == "mentioned")
        councils = {row.lad_code for row in rows}
        ends = (data.local_authorities[code].end_date for code in councils)
        days = {row.as_of.latest() for row in rows} | {row.as_of.earliest() for row in rows}
        days |= {row.as_of.earliest() for row in self.lists} | set(self._list_days)
        days |= {day for day in ends if day is not None}
        self._breaks = sorted(days)
        self._segments: dict[int, _Core] = {}

    @property
    def days(self) -> tuple[date, ...]:
        """The days on which the answer may change, in order."""
        return tuple(self._breaks)

    def members(self, as_of: date) -> MembersAnswer:
        """The answer for one day."""
        segment = bisect.bisect_right(self._breaks, as_of)
        core = self._segments.get(segment)
        if core is None:
            core = self._segments[segment] = self._work_out(as_of)
        return MembersAnswer(
            self.network_id, as_of, core.based_on_list, core.members, core.ended, core.unsettled
        )

    def _work_out(self, day: date) -> _Core:
        position = bisect.bisect_right(self._list_days, day)
        base = self.lists[position - 1] if position else None
        floor = base.as_of.earliest() if base is not None else date.min
        found: dict[str, list[Membership]] = {}
        if base is not None:
            found = {row.lad_code: [row] for row in self._listed[base.source_id]}
        uncertain: list[Membership] = []
        for row in self._events:
            if row.as_of.latest() < floor:
                continue  # the list supersedes what happened before it
            if row.as_of.latest() > day:
                if row.as_of.earliest() <= day:
                    uncertain.append(row)
                continue
            if row.statement == "left":
                found.pop(row.lad_code, None)
            else:
                found.setdefault(row.lad_code, []).append(row)
        unsettled = list(
            dict.fromkeys(
                f"{_name(row)} {row.statement} in {row.as_of}: whether on or before this day "
                "is not known"
                for row in uncertain
                if (row.lad_code in found) == (row.statement == "left")
            )
        )
        for row in self._mentions:
            if floor <= row.as_of.latest() <= day and row.lad_code in found:
                found[row.lad_code].append(row)
        if base is None:
            first = f" (the first is as of {self.lists[0].as_of})" if self.lists else ""
            unsettled.insert(
                0,
                "no complete list of members is dated on or before this day"
                + first
                + ("; only founding and joining events count" if found else ""),
            )
        upcoming = self.lists[position] if position < len(self.lists) else None
        if upcoming is not None and upcoming.as_of.earliest() <= day:
            unsettled.append(
                f"the complete list {upcoming.source_id} is as of {upcoming.as_of}, "
                "which may already hold on this day"
            )
        members: list[Member] = []
        ended: list[LocalAuthority] = []
        for code in sorted(found):
            council = self._data.local_authorities[code]
            if council.end_date is not None and council.end_date <= day:
                ended.append(council)
                continue
            statements = tuple(found[code])
            members.append(Member(council, _place(statements), statements))
        return _Core(base, tuple(members), tuple(ended), tuple(unsettled))


def history(data: Dataset, subject: LocalAuthority | City) -> tuple[Membership, ...]:
    """Every membership statement about a council and the councils that replaced it, or
    about a place: the councils sources name for it and its council today, with their
    successors. In date order (earliest day, then latest day), then network and source."""
    from .models import City

    if isinstance(subject, City):
        codes = {row.lad_code for row in data.memberships.where("city_id", subject.id)}
        codes.add(subject.lad_code)
    else:
        codes = {subject.gss_code}
    rows = (
        row
        for code in _with_successors(data, codes)
        for row in data.memberships.where("lad_code", code)
    )
    return tuple(sorted(rows, key=_date_order))


def _with_successors(data: Dataset, codes: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for code in codes:
        current: str | None = code
        while current is not None and current not in seen:
            seen.append(current)
            council = data.local_authorities.get(current)
            current = council.replaced_by if council is not None else None
    return sorted(seen)


def _date_order(row: Membership) -> tuple[date, date, str, str, str]:
    return (row.as_of.earliest(), row.as_of.latest(), row.network_id, row.lad_code, row.source_id)


def _place(statements: tuple[Membership, ...]) -> City | None:
    for row in reversed(statements):
        if row.city_id is not None:
            return row.city
    return None


def _name(row: Membership) -> str:
    return f"{row.local_authority.name} ({row.lad_code})"
