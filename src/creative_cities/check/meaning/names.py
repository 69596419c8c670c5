"""Meaning checks of names and identifiers: distinct names, aliases and Wikidata items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from .columns import Finding, Frames, with_normalised
from .rows import ID, ORDER

# The fields that name a record of each named table (as the library's tables index them).
NAME_FIELDS = {
    "organisations": ("name", "short_name"),
    "regions": ("name",),
    "local_authorities": ("name", "official_name"),
    "cities": ("name",),
    "urban_areas": ("name",),
    "sectors": ("name",),
    "themes": ("name",),
    "initiatives": ("title",),
    "programmes": ("name",),
}
# What tells two records with one name apart (see ``_told_apart``).
TELLING = {
    "cities": ("id", "nation"),
    "local_authorities": ("gss_code", "start_date", "end_date", "replaced_by"),
}
NORM = "_norm"


def name_clashes(frames: Frames) -> Iterator[Finding]:
    """Records of one table whose names normalise to the same text."""
    for table, frame in frames.items():
        if table in NAME_FIELDS:
            yield from _clashes(table, frame, NAME_FIELDS[table])


def _clashes(table: str, frame: pl.DataFrame, fields: tuple[str, ...]) -> Iterator[Finding]:
    """The clashes of one table: only the rows whose normalised name another row shares come
    back, to be read in record order as a person would."""
    keep = [ORDER, ID, *TELLING.get(table, ())]
    named = pl.concat(
        [
            frame.select(*dict.fromkeys(keep), pl.lit(i).alias("_i"), pl.col(field).alias("_v"))
            for i, field in enumerate(fields)
        ]
    ).filter(pl.col("_v").is_not_null() & (pl.col("_v") != ""))
    named = with_normalised(named, "_v", NORM)
    shared = named.filter(pl.col(ORDER).n_unique().over(NORM) > 1).sort(ORDER, "_i")
    seen: dict[str, list[dict[str, Any]]] = {}
    for row in shared.iter_rows(named=True):
        same = seen.setdefault(row[NORM], [])
        first = next((other for other in same if not _told_apart(table, other, row)), None)
        if first is not None and first[ORDER] != row[ORDER]:
            yield Finding(
                table,
                row,
                fields[row["_i"]],
                "name-clash",
                f"{row['_v']!r} is also the name of {first[ID]!r} in {table}",
                "give each record a distinct name",
            )
        if all(other[ORDER] != row[ORDER] for other in same):
            same.append(row)


def _told_apart(table: str, first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Records that may share a name: places in different nations (the two Bangors), and
    councils that never existed at the same time (a county and the unitary replacing it)."""
    if table == "cities":
        return bool(first["nation"] != second["nation"])
    if table == "local_authorities":
        return _succeeds(first, second) or _succeeds(second, first)
    return False


def _succeeds(before: dict[str, Any], after: dict[str, Any]) -> bool:
    ended, began = before["end_date"], after["start_date"]
    return ended is not None and (
        before["replaced_by"] == after["gss_code"] or (began is not None and ended <= began)
    )


def alias_clashes(frames: Frames) -> Iterator[Finding]:
    """An alias names one place only: no other place has it as a name, id or alias."""
    aliases = with_normalised(frames["city_aliases"], "alias", NORM)
    cities = frames["cities"]
    # Every name of a place, in the order the library's name index holds them: each place's
    # name then its id, place by place, then the aliases.
    names = pl.concat(
        [
            _names(cities, 0, 0, "id", "name"),
            _names(cities, 0, 1, "id", "id"),
            _names(aliases, 1, 2, "city_id", "alias"),
        ]
    ).rename({ORDER: "_at"})
    named = (
        with_normalised(names, "_v", NORM)
        .filter(pl.col(NORM) != "")
        .join(aliases.select(NORM).unique(), on=NORM, how="semi")
    )
    bucket = named.sort("_group", "_at", "_phase").unique(
        [NORM, "id"], keep="first", maintain_order=True
    )
    others = (
        aliases.join(
            bucket.select(NORM, pl.col("id").alias("_other"), "_group", "_at", "_phase"), on=NORM
        )
        .filter(pl.col("_other") != pl.col("city_id"))
        .sort(ORDER, "_group", "_at", "_phase")
        .group_by(ORDER, maintain_order=True)
        .agg(pl.col(ID, "alias", "city_id").first(), pl.col("_other").alias("_others"))
    )
    for row in others.iter_rows(named=True):
        named_ids = ", ".join(repr(city) for city in row["_others"])
        yield Finding(
            "city_aliases",
            row,
            "alias",
            "alias-clash",
            f"{row['alias']!r} for {row['city_id']!r} also names {named_ids}",
            "remove the alias, or make it specific to one place",
        )


def _names(frame: pl.DataFrame, group: int, phase: int, place: str, name: str) -> pl.DataFrame:
    """The names a field gives places, with where the name index puts them."""
    return frame.select(
        pl.lit(group).alias("_group"),
        ORDER,
        pl.lit(phase).alias("_phase"),
        pl.col(place).alias("id"),
        pl.col(name).alias("_v"),
    )


def wikidata_repeats(frames: Frames) -> Iterator[Finding]:
    """A Wikidata QID names one record, across places, councils and organisations."""
    tables = ("cities", "local_authorities", "organisations")
    qids = pl.concat(
        [
            frames[table].select(pl.lit(table).alias("_table"), ORDER, ID, "wikidata")
            for table in tables
        ]
    ).filter(pl.col("wikidata").is_not_null())
    repeated = qids.filter(pl.len().over("wikidata") > 1)
    first = repeated.filter(pl.col("wikidata").is_first_distinct())
    later = repeated.filter(~pl.col("wikidata").is_first_distinct()).join(
        first.select(
            "wikidata", pl.col("_table").alias("_first_table"), pl.col(ID).alias("_first")
        ),
        on="wikidata",
        how="left",
        maintain_order="left",
    )
    for row in later.iter_rows(named=True):
        yield Finding(
            row["_table"],
            row,
            "wikidata",
            "wikidata-repeat",
            f"{row['wikidata']} is also the Wikidata item of {row['_first']!r} in "
            f"{row['_first_table']}",
            "check both items on wikidata.org and keep the QID on the record it describes",
        )
