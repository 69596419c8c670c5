"""Meaning checks of programmes, their places and organisations' bases."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from .columns import Finding, Frames, rows, with_normalised
from .rows import ORDER

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
ALSO = r"Also: ([^.]*)\."
CYCLE = ["programme_id", "cycle"]
BID = "_bid"  # the bid's name, normalised
# The place_id and gss_code each kind of bidder fills (an area neither).
WANTED = {"place": (True, False), "council": (False, True), "group": (False, True)}
NEEDS = {
    (True, False): "a place_id and no gss_code",
    (False, True): "a gss_code and no place_id",
    (False, False): "neither a place_id nor a gss_code",
}


def _places(frames: Frames, *programme: str) -> pl.DataFrame:
    """The programme places with their bids normalised and their programme's fields."""
    places = with_normalised(frames["programme_places"], "bid", BID)
    if not programme:
        return places
    fields = frames["programmes"].select(
        pl.col("id").alias("programme_id"), *(pl.col(f).alias(f"_programme_{f}") for f in programme)
    )
    return places.join(fields, on="programme_id", maintain_order="left")


def bidders(frames: Frames) -> Iterator[Finding]:
    """A place bidder names a place only, a council or group a council only, an area neither."""
    places = frames["programme_places"]
    wants_place = pl.col("bidder") == "place"
    wants_council = pl.col("bidder").is_in(["council", "group"])
    wrong = (pl.col("place_id").is_not_null() != wants_place) | (
        pl.col("gss_code").is_not_null() != wants_council
    )
    for row in rows(places.filter(wrong)):
        needs = NEEDS[WANTED.get(row["bidder"], (False, False))]
        yield Finding(
            "programme_places",
            row,
            "bidder",
            "programme-bidder",
            f"a bidder of kind {row['bidder']!r} needs {needs}",
            "fill exactly the column the bidder's kind names (an area whose councils no "
            "source names has neither)",
        )


def group_bids(frames: Frames) -> Iterator[Finding]:
    """A group bid has a row for each of its councils; a place's or council's bid has one."""
    same = [*CYCLE, "stage", BID]
    places = _places(frames).with_columns(
        pl.len().over(same).alias("_rows"),
        pl.col("bidder").first().over(same).alias("_first_bidder"),
        pl.col("bid").first().over(same).alias("_first_bid"),
        pl.int_range(pl.len()).over(same).alias("_nth"),
    )
    alone = (pl.col("_first_bidder") == "group") & (pl.col("_rows") < 2) & (pl.col("_nth") == 0)
    many = (pl.col("_first_bidder") != "group") & (pl.col("_rows") > 1) & (pl.col("_nth") == 1)
    first_of_group = pl.col(ORDER).min().over(same).alias("_group_at")
    found = places.filter(alone | many).with_columns(first_of_group)
    for row in found.sort("_group_at").iter_rows(named=True):
        if row["_first_bidder"] == "group":
            yield Finding(
                "programme_places",
                row,
                "bidder",
                "group-bid",
                f"the group bid {row['bid']!r} has only one council",
                "add a row for each council of the group, or record the bidder as a council",
            )
        else:
            yield Finding(
                "programme_places",
                row,
                "bid",
                "group-bid",
                f"{row['_first_bid']!r} has {row['_rows']} rows at stage {row['stage']!r} but "
                "is not a group",
                "record a bid of several councils with bidder 'group', or name each bid apart",
            )


def stages_and_fields(frames: Frames) -> Iterator[Finding]:
    """A row's stage is one its programme's kind has; a network's members have a field."""
    places = _places(frames, "kind")
    kind = pl.col("_programme_kind")
    allowed = pl.concat_str(kind, pl.lit(":"), pl.col("stage")).is_in(
        [f"{k}:{stage}" for k, stages in STAGES_BY_KIND.items() for stage in stages]
    )
    fielded = (kind == "network") != pl.col("field").is_not_null()
    for row in rows(places.filter(~allowed | fielded)):
        kind_of = row["_programme_kind"]
        if row["stage"] not in STAGES_BY_KIND[kind_of]:
            yield Finding(
                "programme_places",
                row,
                "stage",
                "programme-stage",
                f"{row['stage']!r} is not a stage of a {kind_of} (stages: "
                f"{', '.join(STAGES_BY_KIND[kind_of])})",
                "use one of the programme's stages, or correct the programme's kind",
            )
        if (kind_of == "network") != (row["field"] is not None):
            message = (
                "a network member has no creative field"
                if kind_of == "network"
                else f"a {kind_of} has no creative fields, but the row gives {row['field']!r}"
            )
            yield Finding(
                "programme_places",
                row,
                "field",
                "programme-field",
                message,
                "give the field a source names for a network member, and none otherwise",
            )


def unique_winners(frames: Frames) -> Iterator[Finding]:
    """A competition's cycle has one winner (a group bid counts once)."""
    winners = _places(frames).filter(pl.col("stage") == "winner")
    cycles = (
        winners.group_by(CYCLE, maintain_order=True)
        .agg(
            pl.col(BID).n_unique().alias("_bids"),
            pl.col("bid").unique().alias("_names"),
            pl.all().last(),
        )
        .filter(pl.col("_bids") > 1)
    )
    for row in cycles.iter_rows(named=True):
        named = ", ".join(sorted({repr(bid) for bid in row["_names"]}))
        yield Finding(
            "programme_places",
            row,
            "stage",
            "winner-unique",
            f"{row['programme_id']} {row['cycle'] or '(no cycle)'} has {row['_bids']} winners: "
            f"{named}",
            "keep the one winner the sources name; others are runners-up or shortlisted",
        )


def stage_order(frames: Frames) -> Iterator[Finding]:
    """A bidder shortlisted, runner-up or winning was listed at the cycle's earlier stage."""
    bidder = pl.coalesce("place_id", "gss_code", BID).alias("_bidder")
    places = _places(frames).with_columns(bidder)
    stages = places.select(*CYCLE, "stage").unique()
    listed = places.select(*CYCLE, pl.col("stage").alias("_earlier"), "_bidder").unique()
    climbing = places.filter(pl.col("stage").is_in(list(LADDER)))
    earlier: pl.Expr = pl.lit(None, pl.String)
    for step in (1, 0):  # the first earlier stage the cycle lists
        candidate = pl.col("stage").replace_strict(
            {stage: steps[step] if step < len(steps) else None for stage, steps in LADDER.items()},
            default=None,
            return_dtype=pl.String,
        )
        held = stages.select(
            *CYCLE, pl.col("stage").alias(f"_step{step}"), pl.lit(True).alias(f"_held{step}")
        )
        climbing = climbing.with_columns(candidate.alias(f"_step{step}")).join(
            held, on=[*CYCLE, f"_step{step}"], how="left", nulls_equal=True, maintain_order="left"
        )
        earlier = pl.when(pl.col(f"_held{step}")).then(pl.col(f"_step{step}")).otherwise(earlier)
    climbing = climbing.with_columns(earlier.alias("_earlier")).filter(
        pl.col("_earlier").is_not_null()
    )
    missing = climbing.join(
        listed,
        on=[*CYCLE, "_earlier", "_bidder"],
        how="anti",
        nulls_equal=True,
        maintain_order="left",
    )
    for row in rows(missing):
        yield Finding(
            "programme_places",
            row,
            "stage",
            "stage-order",
            f"{row['bid']!r} is {row['stage']!r} of {row['cycle']} but not on its "
            f"{row['_earlier']}",
            f"add its {row['_earlier']} row, or name the same place or council in both",
        )


def announced_in_cycle(frames: Frames) -> Iterator[Finding]:
    """A stage is announced after its programme began and in keeping with its cycle: before
    a competition's or designation's title year (by a few years at most), and in the year of
    a network's, zone's, cluster's or fund's round."""
    places = _places(frames, "name", "kind", "start", "start_earliest").filter(
        pl.col("announced").is_not_null()
    )
    early = pl.col("announced_latest") < pl.col("_programme_start_earliest")
    year = pl.col("announced").str.slice(0, 4).cast(pl.Int64)
    ahead = pl.col("_programme_kind").replace_strict(
        YEARS_AHEAD, default=None, return_dtype=pl.Int64
    )
    off = (
        pl.when(ahead.is_null())
        .then(year != pl.col("cycle"))
        .otherwise((year < pl.col("cycle") - ahead) | (year > pl.col("cycle")))
    )
    for row in rows(places.filter(early.fill_null(False) | off.fill_null(False))):
        if (
            row["_programme_start"] is not None
            and row["announced_latest"] < row["_programme_start_earliest"]
        ):
            yield Finding(
                "programme_places",
                row,
                "announced",
                "announced-cycle",
                f"announced {row['announced']}, before {row['_programme_name']} began "
                f"({row['_programme_start']})",
                "correct the date, or the programme's start",
            )
            continue
        years = YEARS_AHEAD.get(row["_programme_kind"])
        when, cycle = int(row["announced"][:4]), row["cycle"]
        if years is None:
            problem = f"in {when}, not in its cycle's year {cycle}"
        else:
            problem = f"in {when}, outside the {years} years up to its title year {cycle}"
        yield Finding(
            "programme_places",
            row,
            "announced",
            "announced-cycle",
            f"{row['bid']!r} ({row['stage']}) is announced {problem}",
            "check the announcement date and the cycle against the source",
        )


def note_sources(frames: Frames) -> Iterator[Finding]:
    """The further sources a note names after ``Also:`` are sources of the package."""
    named = (
        frames["programme_places"]
        .filter(pl.col("note").str.contains(ALSO))
        .with_columns(pl.col("note").str.extract_all(ALSO).alias("_also"))
        .explode("_also")
        .with_columns(
            pl.col("_also").str.slice(6).str.strip_suffix(".").str.split(";").alias("_source")
        )
        .explode("_source")
        .with_columns(pl.col("_source").str.strip_chars())
    )
    unknown = named.filter(~pl.col("_source").is_in(frames["sources"]["id"].implode()))
    for row in unknown.iter_rows(named=True):
        yield Finding(
            "programme_places",
            row,
            "note",
            "note-source",
            f"the note names source {row['_source']!r}, which is not in sources",
            "add the source to data/sources.csv, or correct its id",
        )


def bases_after_founding(frames: Frames) -> Iterator[Finding]:
    """A base opens no earlier than the year its organisation was founded."""
    founded = frames["organisations"].select(
        pl.col("id").alias("organisation_id"), pl.col("founded").alias("_founded")
    )
    bases = frames["organisation_bases"].join(founded, on="organisation_id", maintain_order="left")
    early = pl.col("opened").str.slice(0, 4).cast(pl.Int64) < pl.col("_founded")
    for row in rows(bases.filter(early)):
        yield Finding(
            "organisation_bases",
            row,
            "opened",
            "base-before-founding",
            f"opened {row['opened']}, before {row['organisation_id']} was founded in "
            f"{row['_founded']}",
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
