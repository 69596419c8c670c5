"""The columnar file checks of a file in plain form give what ``check_text`` gives."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creative_cities.check.file_form import check_file
from creative_cities.check.plain_form import read_plain
from creative_cities.check.read_tables import _checkable
from creative_cities.descriptor import Resource, read_descriptor, resources

from .conftest import ROOT
from .test_cell_fast_path import TRICKY  # characters that change what the checks say

cells = st.text(
    alphabet=st.sampled_from(TRICKY) | st.characters(exclude_categories=("Cs",)), max_size=8
)
any_cell = cells | st.sampled_from(["", "a", "b", "-2.9", "+5", "=1", " x", "x "])
RESOURCES = [
    Resource("t", "t.csv", tuple({"name": n} for n in "abc"), key, {})
    for key in ((), ("a",), ("a", "b"))
]


def _written(body: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["a", "b", "c"], *body])
    return out.getvalue().encode("utf-8")


def _damaged(raw: bytes, at: int, insert: bytes) -> bytes:
    """The bytes with ``insert`` put in at a place past the header (as an edit would)."""
    place = 6 + at % max(len(raw) - 5, 1)
    return raw[:place] + insert + raw[place:]


def assert_same_as_check_text(raw: bytes, resource: Resource) -> bool:
    """Whether the plain path read the file; if it did, its problems and rows are those of
    ``check_text`` and ``_checkable``."""
    plain = read_plain("t.csv", raw, resource)
    if plain is None:
        return False
    problems, frame = plain
    expected, records = check_file("t.csv", raw, resource)
    assert problems == expected
    assert frame.equals(_checkable(resource, records, expected).frame)
    return True


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(any_cell, min_size=3, max_size=3), max_size=6),
    st.sampled_from(RESOURCES),
)
def test_a_written_file_is_read_as_check_text_reads_it(
    body: list[list[str]], resource: Resource
) -> None:
    assert_same_as_check_text(_written(body), resource)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(any_cell, min_size=3, max_size=3), max_size=5),
    st.integers(min_value=0),
    st.sampled_from([b'"', b",", b"\n", b'""', b'"x"', b"\n\n", b",,", b"\xc3", b"\r"]),
    st.sampled_from(RESOURCES),
)
def test_a_damaged_file_is_read_as_check_text_reads_it_or_left_to_it(
    body: list[list[str]], at: int, insert: bytes, resource: Resource
) -> None:
    assert_same_as_check_text(_damaged(_written(body), at, insert), resource)


def test_plain_files_with_every_kind_of_row_problem_take_the_plain_path() -> None:
    body = [["b", "=x", " y"], ["", "", ""], ["a", "+5", "é"], ["a", "a", "Ã©"], ["c", "1", "2"]]
    for resource in RESOURCES:
        assert assert_same_as_check_text(_written(body), resource)


def test_every_file_of_the_package_takes_the_plain_path() -> None:
    descriptor = read_descriptor(ROOT / "datapackage.json")
    for resource in resources(descriptor):
        assert assert_same_as_check_text((ROOT / resource.path).read_bytes(), resource)


def test_a_panic_in_polars_leaves_the_file_to_the_csv_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import polars as pl

    def panic(*_: object, **__: object) -> None:
        raise pl.exceptions.PanicException("a bug in polars")

    raw = _written([["a", "b", "c"], ["b", "=x", ""]])
    assert assert_same_as_check_text(raw, RESOURCES[1])
    monkeypatch.setattr(pl, "read_csv", panic)
    assert read_plain("t.csv", raw, RESOURCES[1]) is None
    assert check_file("t.csv", raw, RESOURCES[1])[0]  # which still finds the formula
