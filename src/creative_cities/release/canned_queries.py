"""Datasette's canned queries, each offered only when the tables and columns it reads exist.

``members_as_of`` reads ``memberships`` in either of its forms: periods (``start``, ``end``)
or dated statements (``statement``, ``as_of``) with the complete lists of
``membership_lists``. Dates are compared as ISO 8601 text, so a partial date such as
``2014`` counts from the start of its period.
"""

from __future__ import annotations

from typing import Any

from .typed import TypedTable

MEMBERS_SELECT = """SELECT m.lad_code, la.name AS council,
  group_concat(DISTINCT m.city_id) AS places,
  group_concat(DISTINCT m.source_id) AS sources
FROM memberships AS m JOIN local_authorities AS la ON la.gss_code = m.lad_code
  AND (la.end_date IS NULL OR la.end_date > :as_of)"""

MEMBERS_BY_PERIOD = f"""WITH dated AS (
  SELECT lad_code, min(coalesce(start, listed_on)) AS since, min("end") AS ended
  FROM memberships WHERE network_id = :network GROUP BY lad_code
)
{MEMBERS_SELECT}
WHERE m.network_id = :network
  AND m.lad_code IN (
    SELECT lad_code FROM dated WHERE since <= :as_of AND (ended IS NULL OR ended > :as_of)
  )
GROUP BY m.lad_code ORDER BY m.lad_code"""

MEMBERS_BY_STATEMENT = f"""WITH base AS (
  SELECT source_id, as_of FROM membership_lists
  WHERE network_id = :network AND as_of <= :as_of ORDER BY as_of DESC LIMIT 1
), events AS (
  SELECT lad_code, statement, as_of FROM memberships
  WHERE network_id = :network AND statement IN ('founded', 'joined', 'left')
    AND as_of <= :as_of AND as_of >= coalesce((SELECT as_of FROM base), '')
), latest AS (
  SELECT lad_code, statement FROM events AS e
  WHERE as_of = (SELECT max(as_of) FROM events AS f WHERE f.lad_code = e.lad_code)
), chosen AS (
  SELECT lad_code FROM memberships
  WHERE network_id = :network AND statement = 'listed'
    AND source_id = (SELECT source_id FROM base)
  UNION SELECT lad_code FROM latest WHERE statement IN ('founded', 'joined')
)
{MEMBERS_SELECT}
WHERE m.network_id = :network AND m.as_of <= :as_of
  AND m.lad_code IN (SELECT lad_code FROM chosen)
  AND m.lad_code NOT IN (SELECT lad_code FROM latest WHERE statement = 'left')
GROUP BY m.lad_code ORDER BY m.lad_code"""

DESIGNATIONS = """SELECT p.name AS programme, pp.cycle, pp.stage, pp.bid, pp.place_id, pp.gss_code,
  pp.announced, pp.source_id, s.title AS source
FROM programme_places AS pp
JOIN programmes AS p ON p.id = pp.programme_id
JOIN sources AS s ON s.id = pp.source_id
WHERE pp.place_id = :place
   OR pp.gss_code = (SELECT lad_code FROM cities WHERE id = :place)
ORDER BY pp.cycle, p.name, pp.stage"""


def _columns(tables: list[TypedTable]) -> dict[str, set[str]]:
    return {table.name: set(table.column_names) for table in tables}


def canned_queries(tables: list[TypedTable]) -> dict[str, Any]:
    """The queries this package's tables can answer, in Datasette's metadata form."""
    columns = _columns(tables)
    queries: dict[str, Any] = {}
    members = columns.get("memberships", set())
    has_councils = {"gss_code", "name", "end_date"} <= columns.get("local_authorities", set())
    sql = None
    if has_councils and {"statement", "as_of"} <= members and "membership_lists" in columns:
        sql = MEMBERS_BY_STATEMENT
        rule = (
            "The councils on the network's latest complete list dated on or before the day, "
            "with those that founded or joined it since, less those that left "
            "and those whose council had ceased to exist; each with the places and sources "
            "that name it."
        )
    elif has_councils and {"start", "end", "listed_on"} <= members:
        sql = MEMBERS_BY_PERIOD
        rule = (
            "The councils that a dated row shows as members by the day (joined by then, or "
            "listed on or before it) and whose membership had not ended, less those whose "
            "council had ceased to exist; each with the places and sources that name it. An "
            "undated row counts for no day."
        )
    if sql is not None:
        queries["members_as_of"] = {
            "title": "Members of a network on a date",
            "description": f"{rule} `network` is an organisation id such as `key-cities`; "
            "`as_of` a date such as `2020-01-01`.",
            "sql": sql,
        }
    if {"place_id", "gss_code", "programme_id"} <= columns.get("programme_places", set()) and (
        "programmes" in columns
    ):
        queries["designations_of_place"] = {
            "title": "Designations of a place",
            "description": "Every programme that names the place or its council, by cycle and "
            "stage, with its source. `place` is a place id such as `liverpool`.",
            "sql": DESIGNATIONS,
        }
    return queries
