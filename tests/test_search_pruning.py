"""Search's short cuts (no fuzzy tier once enough better matches, a least count of shared
trigrams) change no result."""

from __future__ import annotations

import pytest

from creative_cities import load, search
from creative_cities.search import FUZZY_FLOOR, FUZZY_WEIGHT, trigrams
from creative_cities.text import normalise

QUERIES = ["ham", "Manchestr", "arts council", "Brighton and Hove", "bristol", "kingston", "x"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("count_all", [0, 10**9])
def test_a_small_limit_gives_the_head_of_a_large_one(
    query: str, count_all: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNT_ALL", count_all)
    for table in (load().cities, load().local_authorities, load().organisations):
        assert table.search(query, 3) == table.search(query, 10_000)[:3]


@pytest.mark.parametrize("count_all", [0, 10**9])  # by rarest trigrams, and by counting all
@pytest.mark.parametrize("query", QUERIES)
def test_every_fuzzy_match_is_found(
    query: str, count_all: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNT_ALL", count_all)
    index = load().local_authorities.names
    grams = trigrams(normalise(query))
    found = {id(match.record) for match in index.search(query, 10_000)}
    for entry in index.entries:
        dice = 2 * len(grams & trigrams(entry.key)) / (len(grams) + entry.grams)
        if dice >= FUZZY_FLOOR:
            assert id(entry.record) in found, (entry.key, round(dice * FUZZY_WEIGHT, 4))
