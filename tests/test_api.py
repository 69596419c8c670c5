"""The Python API: look-ups, names, relations, immutability and the models' fidelity."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date
from typing import Any

import pydantic
import pytest

import creative_cities
from creative_cities import Ambiguous, NotFound, PartialDate, load
from creative_cities.dataset import DataError, Dataset
from creative_cities.models import MODELS, City
from creative_cities.record import DetachedRecordError
from creative_cities.tables import NamedTable
from creative_cities.tools.generate_models import render

from .conftest import ROOT, read_table


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(ROOT)


def test_import_reads_nothing_and_imports_nothing_heavy() -> None:
    code = (
        "import sys, creative_cities; "
        "heavy = {'pydantic', 'frictionless', 'pandas', 'creative_cities.models'}; "
        "heavy &= set(sys.modules); "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_load_is_cached_and_thread_safe(data: Dataset) -> None:
    found: list[Dataset] = []
    threads = [threading.Thread(target=lambda: found.append(load(ROOT))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(dataset is data for dataset in found)
    assert load(ROOT / "datapackage.json") is data


def test_bundled_data_loads_by_default() -> None:
    assert len(load().cities) == len(read_table("cities"))


def _as_cells(key: Any) -> tuple[str, ...]:
    """A key as the text of its cells (an empty cell for None), the order of the CSV rows."""
    parts = key if isinstance(key, tuple) else (key,)
    return tuple("" if part is None else str(part) for part in parts)


def test_tables_behave_as_read_only_mappings(data: Dataset) -> None:
    for name, table in data.tables.items():
        rows = read_table(name)
        assert len(table) == len(rows)
        keys = list(table)
        assert keys == sorted(keys, key=_as_cells)
    liverpool = data.cities["liverpool"]
    assert liverpool.name == "Liverpool"
    assert "liverpool" in data.cities and "atlantis" not in data.cities
    assert data.cities.get("atlantis") is None
    assert data.cities.get("atlantis", liverpool) is liverpool
    with pytest.raises(KeyError, match="did you mean 'liverpool'"):
        data.cities["liverpol"]
    with pytest.raises(TypeError):
        data.cities["x"] = liverpool  # type: ignore[index]


def test_records_are_frozen(data: Dataset) -> None:
    with pytest.raises(pydantic.ValidationError):
        data.cities["liverpool"].name = "Everton"  # type: ignore[misc]
    assert data.cities["liverpool"].name == "Liverpool"


def test_records_forbid_unknown_fields() -> None:
    with pytest.raises(pydantic.ValidationError):
        City.model_validate({"id": "x", "surprise": 1})


def test_every_row_becomes_a_typed_record(data: Dataset) -> None:
    leamington = data.cities["royal-leamington-spa"]
    assert isinstance(leamington.latitude, float)
    assert isinstance(leamington.geonames_id, int)
    assert data.organisations["key-cities"].founded == 2013
    first = data.memberships[("key-cities", "E06000028", "derby-key-cities-2013")]
    assert first.statement == "listed"
    assert first.as_of == PartialDate(2013, 11, 8)
    assert first.as_of.precision == "day"
    assert data.sources["dcms-blog-20-years"].published == PartialDate(2012, 4)


def test_external_identifiers(data: Dataset) -> None:
    assert [city.id for city in data.cities.by_gss_code("E07000222")] == ["royal-leamington-spa"]
    assert data.cities.by_gss_code("E99999999") == ()
    manchester = data.cities.by_geonames_id(2643123)
    assert manchester is not None and manchester.id == "manchester"
    assert data.cities.by_geonames_id(1) is None
    assert data.cities.by_wikidata("Q1") is None
    sector = data.sectors.by_sic_code("58.21")
    assert sector is not None and sector.id == "it-software-and-computer-services"
    assert data.sectors.by_sic_code("01.11") is None
    council = data.local_authorities.by_gss_code("E06000043")
    assert council is not None and council.name == "Brighton and Hove"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hull", "kingston-upon-hull"),
        ("Leamington", "royal-leamington-spa"),
        ("leamington spa", "royal-leamington-spa"),
        ("Derry", "derry"),
        ("Londonderry", "derry"),
        ("Derry~Londonderry", "derry"),
        ("Brighton & Hove", "brighton-and-hove"),
        ("brighton and hove", "brighton-and-hove"),
        ("Brighton", "brighton"),
        ("NEWCASTLE", "newcastle-upon-tyne"),
        ("Stoke on Trent", "stoke-on-trent"),
        ("kingston-upon-hull", "kingston-upon-hull"),
    ],
)
def test_resolve_names_and_aliases(data: Dataset, text: str, expected: str) -> None:
    assert data.cities.resolve(text).id == expected


def test_resolve_raises_with_suggestions(data: Dataset) -> None:
    with pytest.raises(NotFound) as caught:
        data.cities.resolve("Manchestr")
    assert caught.value.suggestions[0].record.key == "manchester"
    assert "did you mean 'Manchester'" in str(caught.value)


def test_ambiguous_names_carry_their_candidates(data: Dataset) -> None:
    england, wales = (
        data.organisations["arts-council-england"],
        data.organisations["arts-council-of-wales"],
    )
    table = NamedTable(
        "organisations",
        [england, wales],
        ("name",),
        [("Arts Council", england.id), ("Arts Council", wales.id)],
    )
    with pytest.raises(Ambiguous) as caught:
        table.resolve("arts council")
    assert set(caught.value.candidates) == {england, wales}


def test_search_ranks_and_never_raises(data: Dataset) -> None:
    results = data.cities.search("manchester")
    assert results[0].record.id == "manchester" and results[0].score == 1.0
    assert results[0].matched == "Manchester"
    assert data.cities.search("") == []
    assert data.cities.search("zzzzzz") == []
    assert len(data.cities.search("a", limit=3)) <= 3
    scores = [match.score for match in data.search("Arts Council", limit=20)]
    assert scores == sorted(scores, reverse=True)
    kinds = {match.record.table for match in data.search("Core Cities")}
    assert "organisations" in kinds


def test_no_name_or_alias_names_two_records(data: Dataset) -> None:
    for table in data.tables.values():
        names = getattr(table, "names", None)
        if names is None or table.name == "sources":  # two pages may share a title
            continue
        clashes = {key for key, records in names.exact.items() if len(records) > 1}
        assert clashes == SHARED_NAMES.get(table.name, set()), table.name


# Names two records may share: places in different nations, a county and its successor.
SHARED_NAMES = {"cities": {"bangor"}, "local_authorities": {"north yorkshire", "somerset"}}


def test_relations_both_ways(data: Dataset) -> None:
    liverpool = data.cities["liverpool"]
    assert [sector.id for sector in liverpool.sectors] == ["music"]
    assert liverpool in data.sectors["music"].cities
    assert liverpool.local_authority.gss_code == liverpool.lad_code
    assert liverpool.region.name == "North West (England)"
    assert liverpool in liverpool.local_authority.cities
    assert liverpool.source.id == liverpool.source_id
    music = data.sectors["music"]
    assert music.parent is not None and music.parent.id == "music-performing-and-visual-arts"
    assert music in music.parent.children
    group = data.sectors["film-tv-radio-and-photography"]
    assert "60.20" in {code.code for code in group.sic_codes}
    assert data.sic_codes["60.20"].sector == group
    toolkit = data.initiatives["creative-industries-toolkit"]
    assert len(toolkit.themes) == 5
    assert toolkit.organisation.id == "creative-industries-council"
    assert {place.city_id for place in toolkit.places} == {
        "liverpool",
        "manchester",
        "brighton",
        "royal-leamington-spa",
    }
    assert toolkit in data.themes["jobs-and-skills"].initiatives
    assert data.organisations["key-cities"] in data.themes["inclusive-growth"].organisations
    assert data.cities["coventry"].memberships[0].network.kind == "city network"
    bournemouth = data.local_authorities["E06000028"]
    assert bournemouth.successor is not None
    assert bournemouth in bournemouth.successor.predecessors
    assert "Hull" in data.cities["kingston-upon-hull"].aliases


def test_network_members_over_time(data: Dataset) -> None:
    key_cities = data.organisations["key-cities"]
    founders = {"Coventry", "Derby", "Preston", "Sunderland", "Wakefield"}
    early = key_cities.members(as_of=date(2013, 6, 1))
    assert set(early) == set()  # "founded in 2013" could be later than June 2013
    assert early.based_on_list is None and not early.settled
    in_2014 = {council.name for council in key_cities.members(as_of=date(2014, 6, 1))}
    assert founders <= in_2014 and len(in_2014) == 21
    assert "Medway" not in in_2014
    assert "Medway" in {council.name for council in key_cities.members(as_of=date(2019, 1, 1))}
    core = data.organisations["core-cities"]
    assert "Glasgow City" not in {c.name for c in core.members(as_of=date(2014, 8, 13))}
    assert "Glasgow City" in {c.name for c in core.members(as_of=date(2014, 8, 14))}


def test_relations_need_a_dataset() -> None:
    detached = City.model_validate(
        {key: value for key, value in read_table("cities")[0].items() if value}
    )
    with pytest.raises(DetachedRecordError):
        detached.sectors  # noqa: B018


def test_models_are_generated_from_the_descriptor(descriptor: dict[str, Any]) -> None:
    rendered = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-"],
        input=render(descriptor),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    current = (ROOT / "src" / "creative_cities" / "models.py").read_text(encoding="utf-8")
    assert current == rendered, "run `python scripts/generate_models.py`"


def test_models_match_every_field(descriptor: dict[str, Any]) -> None:
    for resource in descriptor["resources"]:
        model = MODELS[resource["name"]]
        assert model.table == resource["name"]
        assert list(model.model_fields) == [field["name"] for field in resource["schema"]["fields"]]
        for field in resource["schema"]["fields"]:
            info = model.model_fields[field["name"]]
            assert info.is_required() == bool(field.get("constraints", {}).get("required"))
            assert info.description == field["description"]


def test_a_bad_row_is_reported_with_its_line(package_copy: Any) -> None:
    path = package_copy / "data" / "cities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2644210,", ",not-a-number,"))
    with pytest.raises(DataError, match=r"data/cities\.csv:\d+: geonames_id"):
        Dataset(package_copy, {"resources": []} | _descriptor(package_copy))


def _descriptor(root: Any) -> dict[str, Any]:
    import json

    return dict(json.loads((root / "datapackage.json").read_text(encoding="utf-8")))


def test_to_pandas(data: Dataset) -> None:
    frame = data.to_pandas("cities")
    expected = []
    for field in MODELS["cities"].model_fields:
        expected.append(field)
        if field == "status_granted":  # a partial date: its text, then its first and last day
            expected += ["status_granted_earliest", "status_granted_latest"]
    assert list(frame.columns) == expected
    assert len(frame) == len(data.cities)
    assert frame["latitude"].dtype.kind == "f"


def test_versions() -> None:
    assert creative_cities.__version__ == load().version
