"""Search's short cuts (no fuzzy tier once enough better matches, a least count of shared
trigrams) change no result."""

from __future__ import annotations

import pytest

from creative_cities import load, search
from creative_cities.search import FUZZY_FLOOR, FUZZY_WEIGHT, merge, trigrams
from creative_cities.tables import NamedTable
from creative_cities.text import normalise

# Every way to find fuzzy matches: counting all postings; by runs of key lengths, counting
# them or computing the trigrams of the keys in the rarest lists.
FUZZY_WAYS = [
    {"COUNT_ALL": 10**9},
    {"COUNT_ALL": 0, "VERIFY_COST": 0},
    {"COUNT_ALL": 0, "VERIFY_COST": 10**9},
]
QUERIES = ["ham", "Manchestr", "arts council", "Brighton and Hove", "bristol", "kingston", "x"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("fuzzy", FUZZY_WAYS)
def test_a_small_limit_gives_the_head_of_a_large_one(
    query: str, fuzzy: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in fuzzy.items():
        monkeypatch.setattr(search, name, value)
    for table in (load().cities, load().local_authorities, load().organisations):
        assert table.search(query, 3) == table.search(query, 10_000)[:3]


@pytest.mark.parametrize("fuzzy", FUZZY_WAYS)
@pytest.mark.parametrize("query", QUERIES)
def test_every_fuzzy_match_is_found(
    query: str, fuzzy: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in fuzzy.items():
        monkeypatch.setattr(search, name, value)
    index = load().local_authorities.names
    grams = trigrams(normalise(query))
    found = {match.record.key for match in index.search(query, 10_000)}
    for entry, (key, size) in enumerate(zip(index.keys, index.sizes, strict=True)):
        assert size == len(trigrams(key))
        dice = 2 * len(grams & trigrams(key)) / (len(grams) + size)
        if dice >= FUZZY_FLOOR:
            assert index.record(entry).key in found, (key, round(dice * FUZZY_WEIGHT, 4))


@pytest.mark.parametrize("query", [*QUERIES, "b", "council", "creative industries", "zzzz"])
def test_search_across_tables_is_each_tables_search_merged(query: str) -> None:
    """Fuzzy matches are left out across tables only when they could not be kept."""
    data = load()
    named = [table for table in data.tables.values() if isinstance(table, NamedTable)]
    for limit in (1, 3, 10, 50):
        each = merge((table.search(query, limit) for table in named), limit)
        assert data.search(query, limit) == each, limit
