"""Meaning checks of councils and the places in them: codes, nations, regions, types."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from .columns import Finding, Frames, rows

NATION_LETTERS = {"England": "E", "Scotland": "S", "Wales": "W", "Northern Ireland": "N"}
NATION_ADJECTIVES = {"E": "an English", "S": "a Scottish", "W": "a Welsh", "N": "a Northern Irish"}
# The GSS entity code (the first three characters) of each type of authority in the register.
GSS_ENTITIES = {
    "Unitary authority": "E06",
    "Non-metropolitan district": "E07",
    "Metropolitan district": "E08",
    "London borough": "E09",
    "City corporation": "E09",
    "County": "E10",
    "Combined authority": "E47",
    "Strategic Regional Authority": "E61",
    "Scottish unitary authority": "S12",
    "Welsh unitary authority": "W06",
    "NI district": "N09",
}


def councils(frames: Frames, *fields: str) -> pl.DataFrame:
    """The councils keyed by GSS code, with their fields renamed ``_council_<field>``."""
    renamed = {field: f"_council_{field}" for field in fields}
    return frames["local_authorities"].select(
        pl.col("gss_code").alias("_council_gss_code"),
        *(pl.col(f).alias(n) for f, n in renamed.items()),
    )


def with_council(frame: pl.DataFrame, code: str, frames: Frames, *fields: str) -> pl.DataFrame:
    """Each row of ``frame`` whose ``code`` names a council, with the council's fields."""
    found = councils(frames, *fields)
    return frame.join(
        found, left_on=code, right_on="_council_gss_code", maintain_order="left"
    ).with_columns(pl.col(code).alias("_council_gss_code"))


def gss_nations(frames: Frames) -> Iterator[Finding]:
    """A GSS code's first letter names the nation the record says it is in."""
    formers = with_council(frames["former_gss_codes"], "gss_code", frames, "nation")
    coded = [
        ("cities", frames["cities"], "lad_code", "nation"),
        ("local_authorities", frames["local_authorities"], "gss_code", "nation"),
        ("former_gss_codes", formers, "former_code", "_council_nation"),
    ]
    letter = pl.col("nation").replace_strict(NATION_LETTERS, default=None)
    for table, frame, field, nation in coded:
        wrong = frame.with_columns(pl.col(nation).alias("nation")).filter(
            pl.col(field).str.slice(0, 1) != letter
        )
        for row in rows(wrong):
            code = row[field]
            yield Finding(
                table,
                row,
                field,
                "gss-nation",
                f"{code!r} is {NATION_ADJECTIVES[code[0]]} code but nation is {row['nation']!r}",
                "correct the code or the nation: E England, S Scotland, W Wales, "
                "N Northern Ireland",
            )


def places_and_councils(frames: Frames) -> Iterator[Finding]:
    """A place lies in a current council of its own nation and region."""
    fields = ("name", "end_date", "replaced_by", "nation", "itl1_code")
    placed = with_council(frames["cities"], "lad_code", frames, *fields)
    ended = pl.col("_council_end_date").is_not_null()
    nation = pl.col("_council_nation") != pl.col("nation")
    region = pl.col("_council_itl1_code").is_not_null() & (
        pl.col("_council_itl1_code") != pl.col("itl1_code")
    )
    for row in rows(placed.filter(ended | nation | region)):
        council = f"{row['_council_name']}"
        if row["_council_end_date"] is not None:
            yield Finding(
                "cities",
                row,
                "lad_code",
                "former-council",
                f"{council} ({row['lad_code']}) ended on {row['_council_end_date']}",
                f"use the council that replaced it ({row['_council_replaced_by'] or 'unknown'})",
            )
        if row["_council_nation"] != row["nation"]:
            yield Finding(
                "cities",
                row,
                "nation",
                "place-council",
                f"nation is {row['nation']!r} but its council {council} is in "
                f"{row['_council_nation']!r}",
                "correct the nation or the council",
            )
        itl1 = row["_council_itl1_code"]
        if itl1 is not None and itl1 != row["itl1_code"]:
            yield Finding(
                "cities",
                row,
                "itl1_code",
                "place-council",
                f"region is {row['itl1_code']} but its council {council} is in {itl1}",
                "use the council's ITL1 region",
            )


def gss_types(frames: Frames) -> Iterator[Finding]:
    """A council's GSS code is of the entity its type has (E06 a unitary, E07 a district...)."""
    entity = pl.col("type").replace_strict(GSS_ENTITIES, default=None)
    frame = frames["local_authorities"]
    for row in rows(frame.filter(~pl.col("gss_code").str.starts_with(entity))):
        yield Finding(
            "local_authorities",
            row,
            "gss_code",
            "gss-type",
            f"{row['gss_code']!r} is not a {row['type'].lower()} code "
            f"({GSS_ENTITIES[row['type']]}…)",
            "check the code against the register: a well-formed code may name another "
            "kind of area, or none",
        )


def iso_codes(frames: Frames) -> Iterator[Finding]:
    """A council's ISO 3166-2 code is ``GB-`` and its register code."""
    code = pl.col("iso_3166_2")
    wrong = code.is_not_null() & (code != "GB-" + pl.col("register_code"))
    for row in rows(frames["local_authorities"].filter(wrong)):
        yield Finding(
            "local_authorities",
            row,
            "iso_3166_2",
            "iso-code",
            f"{row['iso_3166_2']!r} does not match the register code {row['register_code']!r}",
            "use the ISO code whose suffix is the register code, or leave it empty",
        )
