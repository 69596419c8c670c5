"""Network members on a day agree with the dated sources; a council's history runs on
through the councils that replaced it."""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from creative_cities import Dataset, MembersAnswer, PartialDate, load
from creative_cities.cli import main

from .conftest import ROOT, read_table

# The councils each list names, as written in the research report (drafts/09/REPORT.md)
# from the sources themselves: Derby City Council, 8 November 2013; the LGA's 2024 report.
DERBY_2013 = {
    "E06000022", "E06000009", "E06000028", "E06000043", "E08000026", "E06000015", "E08000017",
    "E06000010", "E06000042", "E07000148", "E06000031", "E06000026", "E06000044", "E07000123",
    "E06000045", "E06000033", "E06000021", "E08000024", "E08000036", "E08000031", "E06000014",
}  # fmt: skip
LGA_2024 = {
    "E06000022", "E06000058", "E08000032", "E07000138", "E07000071", "E08000026", "E06000063",
    "E07000041", "E07000081", "E06000010", "E08000034", "E07000121", "E06000035", "W06000022",
    "E07000148", "E06000026", "E06000044", "E07000123", "E06000038", "E08000006", "E06000045",
    "E06000033", "E06000021", "E08000024", "E08000031", "W06000006",
}  # fmt: skip


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(ROOT)


def _lists() -> list[dict[str, str]]:
    return read_table("membership_lists")


def _named(network_id: str, source_id: str) -> set[str]:
    return {
        row["lad_code"]
        for row in read_table("memberships")
        if row["network_id"] == network_id
        and row["source_id"] == source_id
        and row["statement"] == "listed"
    }


def _codes(answer: MembersAnswer) -> set[str]:
    return {council.gss_code for council in answer}


@pytest.mark.parametrize("row", _lists(), ids=lambda row: row["source_id"])
def test_members_on_a_list_date_are_the_councils_it_names(
    data: Dataset, row: dict[str, str]
) -> None:
    day = PartialDate.parse(row["as_of"]).latest()
    answer = data.organisations[row["network_id"]].members(as_of=day)
    assert answer.based_on_list is not None
    assert answer.based_on_list.source_id == row["source_id"]
    assert _codes(answer) == _named(row["network_id"], row["source_id"])
    assert answer.ended == ()


def test_the_2013_and_2024_lists_as_the_report_writes_them(data: Dataset) -> None:
    key_cities = data.organisations["key-cities"]
    assert _codes(key_cities.members(as_of=date(2013, 11, 8))) == DERBY_2013
    assert _codes(key_cities.members(as_of=date(2024, 12, 31))) == LGA_2024
    assert len(DERBY_2013) == 21 and len(LGA_2024) == 26


def test_a_council_never_appears_after_its_end_date(data: Dataset) -> None:
    days = {PartialDate.parse(row["as_of"]).latest() for row in read_table("memberships")}
    ended = [council for council in data.local_authorities.values() if council.end_date]
    days |= {council.end_date for council in ended if council.end_date}
    days |= {day + timedelta(days=1) for day in days}
    for network in ("key-cities", "core-cities"):
        for day in sorted(days):
            answer = data.organisations[network].members(as_of=day)
            for council in answer:
                assert council.end_date is None or day < council.end_date, (network, day)
    bournemouth = data.local_authorities["E06000028"]
    after = data.organisations["key-cities"].members(as_of=date(2019, 4, 1))
    assert bournemouth not in set(after) and after.ended == (bournemouth,)


def test_joiners_after_a_list_are_added(data: Dataset) -> None:
    key_cities = data.organisations["key-cities"]
    joined = key_cities.members(as_of=date(2018, 11, 28))
    assert joined.based_on_list is not None
    assert joined.based_on_list.source_id == "hemsworth-express-key-cities-2017"
    # "now encompasses 24 diverse cities" (key-cities-new-members-2018, 28 November 2018)
    assert len(joined) == 24
    medway = next(member for member in joined.members if member.council.gss_code == "E06000035")
    assert [row.statement for row in medway.statements] == ["joined"]
    assert "E06000035" in joined and data.local_authorities["E06000035"] in joined


def test_answers_say_what_the_sources_leave_open(data: Dataset) -> None:
    core = data.organisations["core-cities"]
    before = core.members(as_of=date(2000, 1, 1))
    assert len(before) == 0 and before.based_on_list is None
    assert "no complete list" in before.unsettled[0] and "2007-09-19" in before.unsettled[0]
    cardiff = core.members(as_of=date(2014, 9, 20))  # joined "2014-09", day unknown
    assert "W06000015" not in cardiff and len(cardiff) == 9
    assert any("Cardiff" in text and "2014-09" in text for text in cardiff.unsettled)
    assert core.members(as_of=date(2014, 9, 30)).settled
    mid_2024 = data.organisations["key-cities"].members(as_of=date(2024, 6, 1))
    assert mid_2024.based_on_list is not None
    assert mid_2024.based_on_list.source_id == "lga-key-cities-report-2023"
    assert any("lga-key-cities-report-2024" in text for text in mid_2024.unsettled)


def test_each_member_comes_with_its_statements(data: Dataset) -> None:
    answer = data.organisations["key-cities"].members(as_of=date(2014, 1, 1))
    coventry = next(member for member in answer.members if member.council.name == "Coventry")
    assert coventry.place is not None and coventry.place.id == "coventry"
    sources = {row.source_id for row in coventry.statements}
    assert {"derby-key-cities-2013", "key-cities-home", "key-cities-appg-launch"} == sources
    assert all(row.as_of <= date(2014, 1, 1) for row in coventry.statements)
    with pytest.raises(AttributeError):
        answer.as_of = date(2020, 1, 1)  # type: ignore[misc]


def test_members_without_a_day_are_todays(data: Dataset) -> None:
    network = data.organisations["core-cities"]
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date, not str"):
        network.members(as_of="2019")  # type: ignore[arg-type]
    noon = datetime(2014, 8, 14, 12)
    assert list(network.members(as_of=noon)) == list(network.members(as_of=noon.date()))
    assert network.members().as_of == date.today()
    assert list(network.members()) == list(network.members(as_of=date.today()))


def test_history_of_a_place_runs_through_its_successor_council(data: Dataset) -> None:
    bournemouth = data.membership_history(data.cities["bournemouth"])
    assert [(row.lad_code, row.source_id) for row in bournemouth] == [
        ("E06000028", "derby-key-cities-2013"),
        ("E06000028", "hemsworth-express-key-cities-2017"),
        ("E06000058", "lga-key-cities-report-2023"),
        ("E06000058", "lga-key-cities-report-2024"),
    ]
    assert data.membership_history(data.local_authorities["E06000028"]) == bournemouth
    carlisle = data.membership_history(data.local_authorities["E07000028"])
    assert [(row.lad_code, row.statement, str(row.as_of)) for row in carlisle] == [
        ("E07000028", "joined", "2018-11-28"),
        ("E06000063", "listed", "2023"),
        ("E06000063", "listed", "2024"),
    ]
    assert data.membership_history(data.cities["carlisle"]) == carlisle
    assert all(row.source.title for row in carlisle)


def test_history_is_in_date_order(data: Dataset) -> None:
    glasgow = data.membership_history(data.local_authorities["S12000049"])
    days = [(row.as_of.earliest(), row.as_of.latest()) for row in glasgow]
    assert days == sorted(days) and len(glasgow) == 4
    assert glasgow[0].statement == "joined" and glasgow[0].source_id.startswith("birmingham")


def test_a_council_that_left_is_dropped(tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(ROOT / "data", package / "data")
    shutil.copy(ROOT / "datapackage.json", package / "datapackage.json")
    path = package / "data" / "memberships.csv"
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                *("key-cities", "E06000035", "localgov-colchester-reading-2022", ""),
                *("left", "2020", "member", "a made-up leaving, for this test only"),
            ]
        )
    assert main(["fmt", str(package)]) == 0  # the row in its place, the stats refreshed: valid
    key_cities = load(package).organisations["key-cities"]
    assert "E06000035" in key_cities.members(as_of=date(2019, 12, 31))
    assert "E06000035" not in key_cities.members(as_of=date(2020, 12, 31))
    unsure = key_cities.members(as_of=date(2020, 6, 1))
    assert "E06000035" in unsure
    assert any("Medway" in text and "left in 2020" in text for text in unsure.unsettled)


def test_partial_dates_compare_with_days() -> None:
    year = PartialDate.parse("2013")
    assert year < date(2014, 1, 1) and year <= date(2013, 12, 31)
    assert not year <= date(2013, 12, 30) and not year > date(2013, 6, 1)
    assert year > date(2012, 12, 31) and year >= date(2013, 1, 1)
    assert date(2014, 1, 1) > year and not date(2013, 6, 1) < year
    assert PartialDate.parse("2014-08-14") <= date(2014, 8, 14) <= PartialDate.parse("2014-08-14")
    assert PartialDate.parse("2014-08-14") != date(2014, 8, 14)
    assert sorted(map(PartialDate.parse, ["2014-01", "2014", "2013-05-01"])) == [
        PartialDate(2013, 5, 1),
        PartialDate(2014),
        PartialDate(2014, 1),
    ]
