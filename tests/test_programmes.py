"""Programmes and their places, and organisations by place: the API against the dated sources."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from creative_cities import load
from creative_cities.check.validation import validate
from creative_cities.dataset import Dataset
from creative_cities.release.build import Release

from .conftest import ROOT, edit_descriptor, read_table, write_table


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(ROOT)


def test_programme_sizes_by_stage_and_cycle(data_regression: Any) -> None:
    """Rows per programme, cycle and stage, and distinct bids: a reviewer sees what changed."""
    sizes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    bids: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    rows: Counter[tuple[str, str, str]] = Counter()
    for row in read_table("programme_places"):
        key = (row["programme_id"], row["cycle"] or "undated", row["stage"])
        rows[key] += 1
        bids[key].add(row["bid"])
    for (programme, cycle, stage), count in sorted(rows.items()):
        sizes[programme].setdefault(cycle, {})[stage] = {
            "rows": count,
            "bids": len(bids[(programme, cycle, stage)]),
        }
    data_regression.check(dict(sizes))


def test_liverpool_is_a_unesco_city_of_music(data: Dataset) -> None:
    # BBC, 11 December 2015: "Liverpool named Unesco City of Music".
    found = [
        (row.programme.name, row.cycle, row.stage, row.field)
        for row in data.cities["liverpool"].designations
    ]
    assert ("UNESCO Creative Cities Network", 2015, "member", "music") in found
    # Liverpool held the European Capital of Culture title in 2008.
    assert ("European Capital of Culture", 2008, "holder", None) in found
    assert [row.cycle for row in data.cities["liverpool"].designations] == sorted(
        row.cycle or 0 for row in data.cities["liverpool"].designations
    )


def test_hull_won_uk_city_of_culture_2017(data: Dataset) -> None:
    # GOV.UK, 20 November 2013: Hull is UK City of Culture 2017.
    hull = data.cities.resolve("Hull")
    stages = [
        (row.cycle, row.stage)
        for row in hull.designations
        if row.programme_id == "uk-city-of-culture"
    ]
    assert (2017, "winner") in stages
    assert stages.index((2017, "shortlist")) < stages.index((2017, "winner"))
    (winner,) = data.programmes["uk-city-of-culture"].places(stage="winner", year=2017)
    assert winner.place == hull
    assert str(winner.announced) == "2013-11-20"


def test_uk_city_of_culture_winners_in_order(data: Dataset) -> None:
    winners = data.programmes.resolve("UK City of Culture").places(stage="winner")
    assert [(row.cycle, row.place.name if row.place else None) for row in winners] == [
        (2013, "Derry"),
        (2017, "Kingston upon Hull"),
        (2021, "Coventry"),
        (2025, "Bradford"),
    ]
    # The package's older record of the four title holders agrees.
    holders = {
        (int(str(link.start)), link.city_id)
        for link in data.initiatives["uk-city-of-culture"].places
    }
    assert holders == {(row.cycle, row.place_id) for row in winners}


def test_each_shortlist_holds_its_winner(data: Dataset) -> None:
    programme = data.programmes["uk-city-of-culture"]
    for winner in programme.places(stage="winner"):
        shortlist = programme.places(stage="shortlist", year=winner.cycle)
        assert winner.place_id in {row.place_id for row in shortlist}, winner.cycle


def test_unknown_stage_is_refused(data: Dataset) -> None:
    with pytest.raises(ValueError, match="'champion' is not a stage; the stages are 'bid'"):
        data.programmes["uk-city-of-culture"].places(stage="champion")


def test_unesco_members_have_a_field_and_a_year(data: Dataset) -> None:
    members = data.programmes["unesco-creative-cities"].places(stage="member")
    assert members, "the network has members"
    assert all(row.field is not None and row.cycle is not None for row in members)
    assert [row.cycle for row in members] == sorted(row.cycle or 0 for row in members)
    # Bradford was the world's first UNESCO City of Film (2009).
    assert ("bradford", "film", 2009) in {(row.place_id, row.field, row.cycle) for row in members}


def test_clusters_have_their_lead_institution(data: Dataset) -> None:
    clusters = data.programmes["creative-industries-clusters-programme"].places(year=2018)
    assert len({row.bid for row in clusters}) == 9
    leads = {row.bid: row.lead.name for row in clusters if row.lead is not None}
    assert leads["InGAME"] == "Abertay University"
    assert leads["Clwstwr Creadigol"] == "Cardiff University"
    assert len(leads) == 9
    york = data.organisations["university-of-york"]
    assert [row.bid for row in york.leads] == ["XR Stories"]


def test_organisations_by_place(data: Dataset) -> None:
    leeds = data.cities["leeds"]
    based = data.organisations.based_in(leeds)
    assert based == data.organisations.based_in("leeds")
    assert all(org.place == leeds for org in based)
    # Channel 4 has two head offices (London and Leeds): a base in Leeds, not based_in it.
    assert "channel-4" not in {org.id for org in based}
    assert "channel-4" in {org.id for org in leeds.organisations}
    (base,) = [base for base in data.organisations["channel-4"].bases if base.place_id == "leeds"]
    assert str(base.opened) == "2019-10-16"


def test_broadcaster_bases_and_sectors(data: Dataset) -> None:
    glasgow = data.cities["glasgow"].organisations
    assert {"bbc-scotland", "stv"} <= {org.id for org in glasgow}
    assert data.organisations["bbc-scotland"].parent == data.organisations["bbc"]
    assert [sector.id for sector in data.organisations["ukie"].sectors] == ["videogames"]
    assert data.organisations["ukie"] in data.sectors["videogames"].organisations


def test_sqlite_release_names_the_winners(release: Release) -> None:
    (path,) = [path for path in release.files if path.suffix == ".sqlite"]
    database = sqlite3.connect(path)
    found = database.execute(
        "SELECT cycle, place_name FROM programme_places_named "
        "WHERE programme_id = 'uk-city-of-culture' AND stage = 'winner' ORDER BY cycle"
    ).fetchall()
    assert found == [
        (2013, "Derry"),
        (2017, "Kingston upon Hull"),
        (2021, "Coventry"),
        (2025, "Bradford"),
    ]
    based = database.execute(
        "SELECT count(*) FROM organisations WHERE based_in IS NOT NULL"
    ).fetchone()[0]
    assert based == sum(1 for row in read_table("organisations") if row["based_in"])


def test_a_county_bid_is_the_councils(data: Dataset) -> None:
    # DCMS, 31 May 2022: Bradford won; County Durham, Southampton and Wrexham were runners-up.
    durham = data.local_authorities["E06000047"]
    assert (2025, "runner-up") in [(row.cycle, row.stage) for row in durham.designations]
    runners_up = data.programmes["uk-city-of-culture"].places(stage="runner-up", year=2025)
    assert sorted(row.bid for row in runners_up) == [
        "County Durham",
        "Southampton",
        "Wrexham County Borough",
    ]
    assert all(row.place_id is None for row in runners_up if row.bidder == "council")


def test_a_group_bid_is_a_row_per_council(data: Dataset) -> None:
    shortlist = data.programmes["uk-city-of-culture"].places(stage="shortlist", year=2017)
    swansea_bay = [row for row in shortlist if row.bid == "Swansea Bay"]
    assert {row.bidder for row in swansea_bay} == {"group"}
    assert sorted(row.gss_code or "" for row in swansea_bay) == [
        "W06000010",
        "W06000011",
        "W06000012",
    ]
    assert {row.bid for row in shortlist} == {"Dundee", "Hull", "Leicester", "Swansea Bay"}


def test_every_bidder_names_what_it_is() -> None:
    for row in read_table("programme_places"):
        named = (bool(row["place_id"]), bool(row["gss_code"]))
        expected = {
            "place": (True, False),
            "council": (False, True),
            "group": (False, True),
            "area": (False, False),
        }[row["bidder"]]
        assert named == expected, row
        if row["bidder"] == "area":
            assert row["note"], row


def test_london_bodies_are_based_in_greater_london(data: Dataset) -> None:
    london = data.cities["greater-london"]
    assert london.local_authority.official_name == "Greater London Authority"
    based = {org.id for org in data.organisations.based_in(london)}
    assert {"ukie", "bpi", "bafta", "arts-council-england"} <= based
    assert data.cities.resolve("London").id == "city-of-london"


def test_a_repeated_row_with_empty_key_cells_is_a_duplicate(package_copy: Path) -> None:
    rows = read_table("programme_places", package_copy)
    area = next(i for i, row in enumerate(rows) if row["bidder"] == "area")
    rows.insert(area + 1, dict(rows[area]))
    write_table("programme_places", rows, package_copy)
    edit_descriptor(package_copy)
    found = [(problem.code, problem.line) for problem in validate(package_copy).problems]
    assert found == [("primary-key", area + 3)]
