"""One look-up for any identifier: names, aliases and every kind of code, places and councils."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from creative_cities import Ambiguous, load
from creative_cities.dataset import Dataset
from creative_cities.resolve import ResolvedCouncil, ResolvedPlace

from .conftest import ROOT, read_table


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(ROOT)


def test_every_current_council_resolves_by_each_of_its_codes(data: Dataset) -> None:
    current = [row for row in read_table("local_authorities") if not row["end_date"]]
    assert len(current) > 300
    checked = Counter[str]()
    for row in current:
        for field in ("gss_code", "register_code", "iso_3166_2", "wikidata"):
            if not row[field]:
                continue
            for text in {row[field], row[field].lower()}:
                found = data.resolve(text)
                assert isinstance(found, ResolvedCouncil), (field, text)
                assert (found.record.gss_code, found.by) == (row["gss_code"], field)
            checked[field] += 1
    assert checked["gss_code"] == checked["register_code"] == len(current)
    assert checked["iso_3166_2"] > 150 and checked["wikidata"] > 250


def test_former_gss_codes_resolve_to_the_council_today(data: Dataset) -> None:
    rows = read_table("former_gss_codes")
    assert rows
    for row in rows:
        found = data.resolve(row["former_code"])
        assert found is not None and found.by == "former_gss_code"
        assert found.record.key == row["gss_code"]


def test_geonames_ids_as_numbers_and_text(data: Dataset) -> None:
    for row in read_table("cities"):
        if row["geonames_id"]:
            for identifier in (int(row["geonames_id"]), row["geonames_id"]):
                found = data.resolve(identifier)
                assert isinstance(found, ResolvedPlace) and found.by == "geonames_id"
                assert found.record.id == row["id"]


@pytest.mark.parametrize(
    ("identifier", "kind", "key", "by"),
    [
        ("GB-LIV", "council", "E08000012", "iso_3166_2"),
        ("E08000012", "council", "E08000012", "gss_code"),
        ("LIV", "council", "E08000012", "register_code"),
        ("Q6658351", "council", "E08000012", "wikidata"),
        ("Liverpool", "place", "liverpool", "name"),
        ("liverpool", "place", "liverpool", "name"),
        ("Brighton and Hove", "place", "brighton-and-hove", "name"),
        ("Brighton & Hove", "place", "brighton-and-hove", "name"),
        ("Brighton", "place", "brighton", "name"),
        ("Hull", "place", "kingston-upon-hull", "alias"),
        ("Londonderry", "place", "derry", "alias"),
        ("kingston-upon-hull", "place", "kingston-upon-hull", "name"),
        ("St David's", "place", "st-davids", "alias"),
        ("Hull City Council", "council", "E06000010", "name"),
        ("North Yorkshire", "council", "E06000065", "name"),
        ("E06000048", "council", "E06000057", "former_gss_code"),
    ],
)
def test_resolve_says_what_it_found_and_how(
    data: Dataset, identifier: str, kind: str, key: str, by: str
) -> None:
    found = data.resolve(identifier)
    assert found is not None
    assert (found.kind, found.record.key, found.by) == (kind, key, by)


def test_a_kind_picks_the_council_named_like_a_place(data: Dataset) -> None:
    council = data.resolve("Brighton and Hove", kind="council")
    assert council is not None and council.record.gss_code == "E06000043"
    assert data.resolve("GB-LIV", kind="place") is None
    place = data.resolve("Liverpool", kind="place")
    assert place is not None and place.record.lad_code == "E08000012"


@pytest.mark.parametrize("identifier", ["E06000099", "GB-ZZZ", "Q1", "ZZZ", "Atlantis", 1, ""])
def test_a_miss_is_none(data: Dataset, identifier: str | int) -> None:
    assert data.resolve(identifier) is None


def test_a_name_of_two_places_is_ambiguous(data: Dataset) -> None:
    with pytest.raises(Ambiguous) as caught:
        data.resolve("Bangor")
    assert {record.key for record in caught.value.candidates} == {
        "bangor-county-down",
        "bangor-gwynedd",
    }


@pytest.mark.parametrize("code", ["58.21", "5821", "58210", " 58.21 ", "58.21/0"])
def test_sic_code_forms(data: Dataset, code: str) -> None:
    sector = data.sectors.by_sic_code(code)
    assert sector is not None and sector.id == "it-software-and-computer-services"


@pytest.mark.parametrize("code", ["58.2", "5.821", "582100", "99.99", "01.11", "music"])
def test_sic_codes_that_name_no_creative_class(data: Dataset, code: str) -> None:
    assert data.sectors.by_sic_code(code) is None


def test_search_finds_substrings(data: Dataset) -> None:
    found = [match.record.key for match in data.cities.search("ham", limit=20)]
    assert {"birmingham", "nottingham", "durham"} <= set(found)
    everywhere = {match.record.key for match in data.search("ham", limit=40)}
    assert {"birmingham", "nottingham", "E09000013"} <= everywhere  # Hammersmith and Fulham


def test_search_ranks_exact_alias_prefix_substring_fuzzy(data: Dataset) -> None:
    ranked = [(m.record.key, m.score) for m in data.local_authorities.search("york", limit=50)]
    order = [key for key, _ in ranked]
    assert order[0] == "E06000014"  # York itself
    assert order.index("E47000012") < order.index("E06000065")  # prefix before word prefix
    hull = data.cities.search("hull")
    assert hull[0].record.key == "kingston-upon-hull" and hull[0].matched == "Hull"
    assert data.cities.search("manchester")[0].score > data.cities.search("manchest")[0].score
    typo = data.cities.search("Manchestr")[0]
    substring = data.cities.search("anchester")[0]
    assert typo.record.key == substring.record.key == "manchester"
    assert substring.score > typo.score


def test_sample_of_resolutions(data: Dataset, data_regression: Any) -> None:
    sample: list[str | int] = [
        "GB-LIV", "E08000012", "MAN", "Q16993720", 2643123, "2654710", "E06000048",
        "S12000046", "Brighton and Hove", "Brighton", "Hull", "Newcastle", "London",
        "City of London", "Derry/Londonderry", "Westminster", "Stoke", "Cumbria",
        "North Yorkshire", "Bournemouth", "E06000099",
    ]  # fmt: skip
    answers = {}
    for identifier in sample:
        found = data.resolve(identifier)
        answers[str(identifier)] = (
            None if found is None else {"kind": found.kind, "key": found.record.key, "by": found.by}
        )
    data_regression.check(answers)


def test_every_city_with_status(data: Dataset) -> None:
    cities = [city for city in data.cities.values() if city.status == "city"]
    assert len(cities) == 76  # since the 2022 Civic Honours (ITV, 2022-05-19)
    nations = Counter(city.nation for city in cities)
    assert nations == {"England": 55, "Scotland": 8, "Wales": 7, "Northern Ireland": 6}
    assert data.cities["brighton-and-hove"].status == "city"
    assert data.cities["brighton"].status == "town"
    granted_2022 = {city.id for city in cities if str(city.status_granted) == "2022"}
    assert granted_2022 == {
        "bangor-county-down", "colchester", "doncaster", "dunfermline", "milton-keynes", "wrexham",
    }  # fmt: skip


def test_every_primary_urban_area_with_its_councils(data: Dataset) -> None:
    assert len(data.urban_areas) == 63
    councils: dict[str, list[str]] = {}
    for link in data.urban_area_councils.values():
        councils.setdefault(link.urban_area_id, []).append(link.gss_code)
        assert data.local_authorities[link.gss_code].end_date is None, link
    assert set(councils) == set(data.urban_areas)
    greater_london = {
        la.gss_code for la in data.local_authorities.values()
        if la.combined_authority_gss == "E61000001"
    }  # fmt: skip
    assert len(greater_london) == 33 and greater_london <= set(councils["london"])
    assert councils["wigan"] == ["E08000010"]  # a PUA of its own, not part of Manchester's
    wigan = data.urban_areas["wigan"]
    assert [council.gss_code for council in wigan.councils] == ["E08000010"]
    assert data.local_authorities["E08000010"].urban_areas == (wigan,)
    assert "E08000010" not in councils["manchester"]
