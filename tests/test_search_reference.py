"""The name index answers as a plain reading of the ranking rules does, name by name."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creative_cities import load, search, word_ranks
from creative_cities.search import (
    ALIAS,
    EXACT,
    FUZZY_FLOOR,
    FUZZY_WEIGHT,
    PREFIX,
    SUBSTRING,
    SUBSTRING_MIN,
    WORD_PREFIX,
    WORDS,
    NameIndex,
    trigrams,
)
from creative_cities.text import normalise, normalise_all

from .test_search_pruning import FUZZY_WAYS

Named = tuple[str, int]  # a name and the row it names


def reference(
    names: list[Named], aliases: int, query: str, limit: int, order: Mapping[int, str] | None = None
) -> list[tuple[int, float, str]]:
    """Every name scored by every rule; a row keeps its best (of one score: a literal match
    first by the key from the match on, then the name given first); rows of one score in
    the order of ``order`` (each row's key as text; by default ``row-<row>``)."""
    wanted = normalise(query)
    if not wanted or limit <= 0:
        return []
    best: dict[int, tuple[float, tuple[object, ...], str]] = {}
    for position, (name, row) in enumerate(names):
        key = normalise(name)
        if not key:
            continue
        scored: list[tuple[float, tuple[object, ...]]] = []
        for offset in [0, *(at + 1 for at, char in enumerate(key) if char == " ")]:
            if key.startswith(wanted, offset):
                if wanted == key:
                    score = ALIAS if position >= len(names) - aliases else EXACT
                else:
                    score = PREFIX if offset == 0 else WORD_PREFIX
                scored.append((score, (key[offset:], position, offset)))
        words = wanted.split()
        if len(words) > 1 and set(words) <= set(key.split()):
            scored.append((WORDS, ("", position)))
        inside = [at for at in range(1, len(key)) if key[at - 1] != " "]
        if len(wanted) >= SUBSTRING_MIN and any(key.startswith(wanted, at) for at in inside):
            scored.append((SUBSTRING, ("", position)))
        grams, own = trigrams(wanted), trigrams(key)
        dice = 2 * len(grams & own) / (len(grams) + len(own))
        if dice >= FUZZY_FLOOR:
            scored.append((round(dice * FUZZY_WEIGHT, 4), ("", position)))
        for score, tie in scored:
            known = best.get(row)
            if known is None or (score, known[1]) > (known[0], tie):
                best[row] = (score, tie, name)
    key = order.__getitem__ if order is not None else "row-{}".format
    ranked = sorted(best.items(), key=lambda found: (-found[1][0], key(found[0])))
    return [(row, score, name) for row, (score, _, name) in ranked[:limit]]


NAME = st.text(alphabet="abc &-", max_size=9)


@pytest.mark.parametrize("fuzzy", FUZZY_WAYS)
@settings(max_examples=400, deadline=None)
@given(
    names=st.lists(st.tuples(NAME, st.integers(0, 6)), max_size=14),
    aliases=st.integers(0, 3),
    query=NAME | st.sampled_from(["abc", "ab ca", "a", "b c"]),
    limit=st.integers(0, 8),
)
def test_the_index_ranks_as_the_rules_say(
    names: list[Named], aliases: int, query: str, limit: int, fuzzy: dict[str, int]
) -> None:
    aliases = min(aliases, len(names))
    index = NameIndex(
        "t",
        [name for name, _ in names],
        [row for _, row in names],
        aliases,
        lambda row: row,  # the record of a row is the row itself here
        {row: f"row-{row}" for _, row in names},
    )
    with pytest.MonkeyPatch.context() as patch:
        for name, value in fuzzy.items():
            patch.setattr(search, name, value)
        found = index.search(query, limit)
    expected = reference(names, aliases, query, limit)
    assert [(match.record, match.score, match.matched) for match in found] == expected


# Small blocks and no sorting of few trigram candidates, so that a run of words spans whole
# blocks and substring matches are merged from their runs of one key length.
SMALL_RUNS = {"BLOCK": 2, "MERGE_FROM": 0}


def small_runs(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(word_ranks, "BLOCK", SMALL_RUNS["BLOCK"])
    patch.setattr(search, "MERGE_FROM", SMALL_RUNS["MERGE_FROM"])


@settings(max_examples=200, deadline=None)
@given(
    names=st.lists(st.tuples(NAME, st.integers(0, 40)), min_size=40, max_size=160),
    aliases=st.integers(0, 20),
    query=st.sampled_from(["a", "b", "ab", "a b", "abc", "ca", "b a", "c", "bca", "a a"]),
    limit=st.sampled_from([1, 3, 10]),
)
def test_many_matches_cut_at_a_small_limit_rank_as_the_rules_say(
    names: list[Named], aliases: int, query: str, limit: int
) -> None:
    """Many names share a few letters, so each tier holds more records than ``limit``."""
    aliases = min(aliases, len(names))
    with pytest.MonkeyPatch.context() as patch:
        small_runs(patch)
        index = NameIndex(
            "t",
            [name for name, _ in names],
            [row for _, row in names],
            aliases,
            lambda row: row,
            {row: f"row-{row}" for _, row in names},
        )
        found = index.search(query, limit)
    expected = reference(names, aliases, query, limit)
    assert [(match.record, match.score, match.matched) for match in found] == expected


MANY = [
    "a",
    "b",
    "m",
    "ham",
    "man",
    "city",
    "council",
    "arts council",
    "of the",
    "and",
    "anchester",
]


@pytest.mark.parametrize("table", ["cities", "local_authorities", "organisations", "sources"])
@pytest.mark.parametrize("small", [False, True])
def test_the_package_tables_rank_as_the_rules_say(
    table: str, small: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real package's names, queried for many matches with small limits."""
    named = getattr(load(), table)
    built = named.names
    given = sorted(range(len(built.keys)), key=built.positions.__getitem__)
    names = [(built.names[entry], built.rows[entry]) for entry in given]
    order = {row: str(key) for key, row in named._rows.items()}
    if small:
        small_runs(monkeypatch)
    index = NameIndex(table, *zip(*names, strict=True), len(built.aliases), lambda row: row, order)
    for query in MANY:
        for limit in (1, 3, 10):
            expected = reference(names, len(built.aliases), query, limit, order)
            found = [
                (match.record, match.score, match.matched) for match in index.search(query, limit)
            ]
            assert found == expected, (query, limit)


TEXT = st.text(st.characters(exclude_categories=("Cs",)) | st.sampled_from("&-() \t\xa0Éé"))


@settings(max_examples=500, deadline=None)
@given(texts=st.lists(TEXT, max_size=6))
def test_names_normalised_together_are_normalised_as_one(texts: list[str]) -> None:
    """The index's pass over all the names at once gives each name's ``normalise``."""
    assert normalise_all(texts) == [normalise(text) for text in texts]
