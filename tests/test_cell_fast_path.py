"""The quick tests that let the file-form check skip ``cell_problems`` agree with it."""

from __future__ import annotations

import csv
import io
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from creative_cities.check.file_form import (
    FIRST_UNEXPECTED,
    SCRIPTS_NOT_EXPECTED,
    _clean,
    _clean_cell,
    cell_problems,
    check_text,
)
from creative_cities.csv_reader import read_rows
from creative_cities.descriptor import Resource

CELL_CODES = {"whitespace", "control-character", "invisible-space", "mojibake", "formula"}
# Characters that change the answer: signs, formula starts, digits and number parts,
# spaces (visible and invisible), controls (NUL, CR, LF, TAB, zero-width), mojibake and letters.
TRICKY = (
    '+-=@ 0123456789.eE,"\x00\r\n\t\u200b\u00a0\u202f\x7f\u00e2\u20ac\u2122\u00c3\u00a9aZ\u0416'
)
cells = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=12)
numbers = st.floats(allow_nan=False, allow_infinity=False).map(lambda x: f"{x:+}")
any_cell = cells | numbers | st.sampled_from(["", "-2.9", "+5", "-", "=1+1", "-.5e3", "1e3 "])
rows = st.lists(any_cell, min_size=1, max_size=5)


def _plain(row: list[str]) -> bool:
    text = ",".join(row)
    return text.isascii() and text.isprintable()


@settings(deadline=None)
@given(any_cell)
def test_a_cell_passed_as_clean_has_no_problems(cell: str) -> None:
    if _clean_cell(cell):
        assert cell_problems(cell) == []


@settings(deadline=None)
@given(any_cell)
def test_a_printable_ascii_cell_is_clean_exactly_when_it_has_no_problems(cell: str) -> None:
    if cell.isascii() and cell.isprintable():
        assert _clean_cell(cell) == (cell_problems(cell) == [])


@settings(deadline=None)
@given(rows)
def test_a_row_passed_as_clean_has_no_damaged_cell(row: list[str]) -> None:
    for plain in (False, True) if _plain(row) else (False,):
        if _clean(row, plain):
            assert all(cell_problems(cell) == [] for cell in row)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(any_cell, min_size=3, max_size=3), max_size=6))
def test_check_text_reports_cell_problems_for_every_cell(body: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["a", "b", "c"], *body])
    text = out.getvalue()
    resource = Resource("t", "t.csv", tuple({"name": n} for n in "abc"), ("a",), {})
    problems, _ = check_text("t.csv", text, resource)
    found = [(p.line, p.column, p.code, p.message) for p in problems if p.code in CELL_CODES]
    expected = [
        (row.line, column, code, message)
        for row in list(read_rows(text))[1:]
        if len(row.cells) == 3 and any(row.cells)
        for column, cell in enumerate(row.cells, start=1)
        for code, message, _ in cell_problems(cell)
    ]
    assert found == expected


def test_no_letter_before_the_first_unexpected_character_is_of_an_unexpected_script() -> None:
    letters = (chr(code) for code in range(ord(FIRST_UNEXPECTED)) if chr(code).isalpha())
    names = [unicodedata.name(letter, "") for letter in letters]
    assert names and not [name for name in names if name.startswith(SCRIPTS_NOT_EXPECTED)]
    assert unicodedata.name(FIRST_UNEXPECTED).startswith("GREEK")
