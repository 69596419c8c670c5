"""Meaning checks of complete membership lists and the rows that cite them."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from .columns import Finding, Frames, rows

LIST = ["network_id", "source_id"]


def _listed(frames: Frames) -> pl.DataFrame:
    return frames["memberships"].filter(pl.col("statement") == "listed")


def list_statements(frames: Frames) -> Iterator[Finding]:
    """A ``listed`` row cites a complete list of its network, and has that list's date."""
    lists = frames["membership_lists"].select(
        *LIST, pl.col("as_of").alias("_list_as_of"), pl.lit(True).alias("_found")
    )
    cited = _listed(frames).join(lists, on=LIST, how="left", maintain_order="left")
    wrong = pl.col("_found").is_null() | ~pl.col("as_of").eq_missing(pl.col("_list_as_of"))
    for row in rows(cited.filter(wrong)):
        if row["_found"] is None:
            yield Finding(
                "memberships",
                row,
                "statement",
                "not-a-list",
                f"{row['source_id']!r} is not a complete list of {row['network_id']!r} "
                "in membership_lists",
                "add the source to membership_lists if it names every member; "
                "otherwise the statement is `mentioned`",
            )
        else:
            yield Finding(
                "memberships",
                row,
                "as_of",
                "list-date",
                f"as_of {row['as_of']} differs from the list's date {row['_list_as_of']}",
                "give the row the date of its list in membership_lists",
            )


def empty_lists(frames: Frames) -> Iterator[Finding]:
    """A complete list names at least one council."""
    lists = frames["membership_lists"]
    for row in rows(lists.join(_listed(frames), on=LIST, how="anti", maintain_order="left")):
        yield Finding(
            "membership_lists",
            row,
            "source_id",
            "empty-list",
            f"no `listed` row of memberships cites {row['source_id']!r} for {row['network_id']!r}",
            "add a `listed` row for every council the list names, or remove the list",
        )
