"""The canned query of a network's members on a date, in the dated-statement form of
``memberships`` (complete lists, joins and departures) that the package is moving to."""

from __future__ import annotations

import sqlite3

import pytest

from creative_cities.release.canned_queries import canned_queries
from creative_cities.release.typed import Column, TypedTable

COLUMNS = {
    "local_authorities": ("gss_code", "name", "end_date"),
    "membership_lists": ("network_id", "source_id", "as_of"),
    "memberships": ("network_id", "lad_code", "source_id", "city_id", "statement", "as_of"),
}
ROWS = {
    "local_authorities": [
        ("E1", "Alpha", None), ("E2", "Beta", None), ("E3", "Gamma", "2018-04-01"),
        ("E4", "Delta", None),
    ],
    "membership_lists": [("net", "list-2010", "2010-06"), ("net", "list-2020", "2020-03-01")],
    "memberships": [
        ("net", "E1", "list-2010", "alpha", "listed", "2010-06"),
        ("net", "E2", "list-2010", "beta", "listed", "2010-06"),
        ("net", "E3", "list-2010", None, "listed", "2010-06"),
        ("net", "E4", "news-2012", "delta", "joined", "2012-05-02"),
        ("net", "E2", "news-2015", "beta", "left", "2015-01-10"),
        ("net", "E1", "list-2020", "alpha", "listed", "2020-03-01"),
        ("net", "E4", "list-2020", "delta", "listed", "2020-03-01"),
    ],
}  # fmt: skip


def table(name: str) -> TypedTable:
    columns = tuple(Column(c, "string", c, "", required=False) for c in COLUMNS[name])
    return TypedTable(name, name, "", columns, (COLUMNS[name][0],), (), tuple(ROWS[name]))


@pytest.fixture(scope="module")
def database() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    for name, columns in COLUMNS.items():
        quoted = ", ".join(f'"{column}"' for column in columns)
        connection.execute(f"CREATE TABLE {name} ({quoted})")
        marks = ", ".join("?" for _ in columns)
        connection.executemany(f"INSERT INTO {name} VALUES ({marks})", ROWS[name])
    return connection


@pytest.mark.parametrize(
    ("day", "members"),
    [
        ("2009-12-31", []),  # before the first complete list, and no joins
        ("2011-01-01", ["E1", "E2", "E3"]),  # the 2010 list
        ("2013-01-01", ["E1", "E2", "E3", "E4"]),  # Delta joined in 2012
        ("2016-01-01", ["E1", "E3", "E4"]),  # Beta left in 2015
        ("2019-01-01", ["E1", "E4"]),  # Gamma's council ended in 2018
        ("2021-01-01", ["E1", "E4"]),  # the 2020 list
    ],
)
def test_members_on_a_day_follow_lists_joins_departures_and_ended_councils(
    database: sqlite3.Connection, day: str, members: list[str]
) -> None:
    query = canned_queries([table(name) for name in COLUMNS])["members_as_of"]
    assert "complete list" in query["description"]
    rows = database.execute(query["sql"], {"network": "net", "as_of": day}).fetchall()
    assert [row[0] for row in rows] == members


def test_no_query_is_offered_for_tables_the_package_lacks() -> None:
    assert canned_queries([table("local_authorities")]) == {}
