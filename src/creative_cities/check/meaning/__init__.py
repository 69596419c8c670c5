"""Checks of what the data means, on typed columns: things no schema can say.

The rows are read once into typed frames (``rows``); each rule is a few joins, group-bys and
filters over them, and only the rows that break it come back into Python to be described.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from ..memo import Kept, tables_key
from ..plain_form import LINE
from ..problems import Problem
from ..read_tables import ReadTable
from . import councils, dates, lists, names, points, programmes
from .columns import Finding, Rule
from .rows import ID, KEY, meaning_rows

RULES: tuple[Rule, ...] = (
    names.name_clashes,
    names.alias_clashes,
    dates.date_order,
    councils.gss_nations,
    councils.places_and_councils,
    dates.member_councils,
    lists.list_statements,
    lists.empty_lists,
    points.geonames_points,
    points.council_points,
    councils.gss_types,
    councils.iso_codes,
    names.wikidata_repeats,
    *programmes.RULES,
)
# The rules that report a missing row, with the table they need whole and what they ask.
NEEDS_EVERY_ROW: dict[Rule, tuple[str, str]] = {
    lists.empty_lists: ("memberships", "whether every complete list has its `listed` rows"),
    programmes.stage_order: (
        "programme_places",
        "whether every bidder at a later stage was at the earlier one",
    ),
}


# The problems and notes of packages checked before, by their descriptor and tables.
_CHECKED: Kept[tuple[tuple[Problem, ...], tuple[str, ...]]] = Kept(64)


def check(
    descriptor: dict[str, Any], tables: Sequence[ReadTable]
) -> tuple[list[Problem], list[str]]:
    """Every meaning problem of the tables' well-typed rows whose references resolve, and what
    was not checked and why: the rows left out, and the rules that report a missing row on a
    table some of whose rows were left out (a row left out would look missing)."""

    def find() -> tuple[tuple[Problem, ...], tuple[str, ...]]:
        problems, skipped = _check(descriptor, tables)
        return tuple(problems), tuple(skipped)

    problems, skipped = _CHECKED.through(tables_key(descriptor, tables), find)
    return list(problems), list(skipped)


def _check(
    descriptor: dict[str, Any], tables: Sequence[ReadTable]
) -> tuple[list[Problem], list[str]]:
    read = meaning_rows(descriptor, tables)
    skipped = list(read.notes)
    findings: list[Finding] = []
    for rule in RULES:
        table, question = NEEDS_EVERY_ROW.get(rule, ("", ""))
        if table in read.incomplete:
            skipped.append(
                f"{read.incomplete[table]}: {question} was not checked, because some of its "
                "rows were left out"
            )
            continue
        findings += rule(read.frames)
    by_name = {table.name: table for table in tables}
    lines = _lines(findings, read.keys)
    problems = [
        Problem(
            by_name[found.table].path,
            found.code,
            found.message,
            found.hint,
            lines[found.table].get(found.row[ID]),
            found.field,
            by_name[found.table].column(found.field) if found.field else None,
            found.row[ID],
        )
        for found in findings
    ]
    return problems, skipped


def _lines(findings: list[Finding], keys: dict[str, pl.DataFrame]) -> dict[str, dict[str, int]]:
    """The line of each found record: the last row of its table whose key, as the file writes
    it, is the record's id."""
    wanted: dict[str, set[str]] = {}
    for found in findings:
        wanted.setdefault(found.table, set()).add(found.row[ID])
    lines: dict[str, dict[str, int]] = {}
    for table, ids in wanted.items():
        rows = keys[table].filter(pl.col(KEY).is_in(list(ids)))
        last = rows.group_by(KEY).agg(pl.col(LINE).max())
        lines[table] = dict(zip(last[KEY].to_list(), last[LINE].to_list(), strict=True))
    return lines
