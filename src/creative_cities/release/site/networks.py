"""A network's membership over time: its member count on the first day of each year, from
the ``members_as_of`` canned query run on the release's SQLite file (so the chart and
Datasette agree), drawn as an inline SVG bar chart."""

from __future__ import annotations

import datetime
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..canned_queries import canned_queries
from ..typed import TypedTable

MEMBERSHIPS = "memberships"
YEAR = re.compile(r"(1[89]|20)[0-9]{2}")
WIDTH, HEIGHT, MARGIN = 640, 220, 32


@dataclass(frozen=True)
class Bar:
    """One day's count, placed in the chart's coordinates."""

    day: datetime.date
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    """A bar chart of member counts, ready for the template to draw."""

    width: int
    height: int
    baseline: float
    bars: tuple[Bar, ...]
    peak: int


def network_ids(tables: list[TypedTable]) -> list[str]:
    """The networks that ``memberships`` names, in order."""
    found = next((t for t in tables if t.name == MEMBERSHIPS), None)
    if found is None or "network_id" not in found.column_names:
        return []
    return sorted({str(row["network_id"]) for row in found.records()})


def _first_year(tables: list[TypedTable], network_id: str) -> int | None:
    found = next(t for t in tables if t.name == MEMBERSHIPS)
    years = [
        int(match.group(0))
        for row in found.records()
        if row["network_id"] == network_id
        for value in row.values()
        if isinstance(value, str) and (match := YEAR.match(value))
    ]
    return min(years, default=None)


def counts(
    database: Path, tables: list[TypedTable], network_id: str, last: datetime.date
) -> list[tuple[datetime.date, int]]:
    """The member count on 1 January of each year from the network's first dated row to
    ``last``'s year, and on ``last``; empty when the package cannot say."""
    query = canned_queries(tables).get("members_as_of")
    first = _first_year(tables, network_id)
    if query is None or first is None:
        return []
    days = [datetime.date(year, 1, 1) for year in range(first, last.year + 1)]
    if last not in days:
        days.append(last)
    with sqlite3.connect(database) as connection:
        return [
            (
                day,
                len(
                    connection.execute(
                        query["sql"], {"network": network_id, "as_of": day.isoformat()}
                    ).fetchall()
                ),
            )
            for day in days
        ]


def chart(series: list[tuple[datetime.date, int]]) -> Chart | None:
    """The series as bars scaled to the chart; ``None`` when there is nothing to draw."""
    if not series:
        return None
    peak = max(count for _, count in series) or 1
    step = (WIDTH - 2 * MARGIN) / len(series)
    baseline = HEIGHT - MARGIN
    scale = (HEIGHT - 2 * MARGIN) / peak
    bars = tuple(
        Bar(
            day=day,
            count=count,
            x=round(MARGIN + number * step + step * 0.1, 1),
            y=round(baseline - count * scale, 1),
            width=round(step * 0.8, 1),
            height=round(count * scale, 1),
        )
        for number, (day, count) in enumerate(series)
    )
    return Chart(WIDTH, HEIGHT, baseline, bars, peak)
