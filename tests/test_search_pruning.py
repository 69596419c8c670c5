"""Search's short cuts (no fuzzy tier once enough better matches, a least count of shared
trigrams) change no result."""

from __future__ import annotations

import pytest

from creative_cities import load, search
from creative_cities.search import FUZZY_FLOOR, FUZZY_WEIGHT, trigrams
from creative_cities.text import normalise

QUERIES = ["ham", "Manchestr", "arts council", "Brighton and Hove", "bristol", "kingston", "x"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("verify_cost", [0, 10**9])  # by counting postings, by trigrams
def test_a_small_limit_gives_the_head_of_a_large_one(
    query: str, verify_cost: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "VERIFY_COST", verify_cost)
    for table in (load().cities, load().local_authorities, load().organisations):
        assert table.search(query, 3) == table.search(query, 10_000)[:3]


@pytest.mark.parametrize("verify_cost", [0, 10**9])  # by counting postings, by trigrams
@pytest.mark.parametrize("query", QUERIES)
def test_every_fuzzy_match_is_found(
    query: str, verify_cost: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "VERIFY_COST", verify_cost)
    index = load().local_authorities.names
    grams = trigrams(normalise(query))
    found = {match.record.key for match in index.search(query, 10_000)}
    for entry, (key, size) in enumerate(zip(index.keys, index.sizes, strict=True)):
        assert size == len(trigrams(key))
        dice = 2 * len(grams & trigrams(key)) / (len(grams) + size)
        if dice >= FUZZY_FLOOR:
            assert index.record(entry).key in found, (key, round(dice * FUZZY_WEIGHT, 4))
