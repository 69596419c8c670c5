"""Reading tables column by column gives the records that row-by-row validation gives."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from creative_cities import columns
from creative_cities.dataset import DataError, Dataset, _read_rows, load
from creative_cities.models import MODELS, City

from .conftest import ROOT


@pytest.mark.parametrize("name", list(MODELS))
def test_columns_give_the_validated_records(name: str) -> None:
    model = MODELS[name]
    raw = (ROOT / "data" / f"{name}.csv").read_bytes()
    read = columns.read_columns(raw)
    assert read is not None
    typed = columns.typed_columns(model, read)
    assert typed is not None
    stored = columns.Stored(model, typed, load())
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    assert read.header == header
    for row, cells in enumerate(rows):
        expected = model.model_validate({k: v for k, v in zip(header, cells, strict=True) if v})
        built = stored.record(row)
        assert built == expected
        assert built.model_dump() == expected.model_dump()


@pytest.mark.parametrize(
    "text",
    [
        "id,title\nx,y\n\nz,w\n",  # a blank line
        "id,title\nx,y\n\n",  # a blank last line
        "\nid,title\nx,y\n",  # a blank first line
        "id,title\r\nx,y\r\n",  # CRLF
        'id,title\nx,"two\nlines"\n',  # a value over two lines
        "id,title\nx,y",  # no final newline
        "id,title\nx,y,z\n",  # a line wider than the header
        "id,title\nx\n",  # a narrower one
        "id,title\nx,y\tz\n",  # a control character
        "id,title\nx,y\u0085z\n",  # a control character beyond ASCII
        'id,title\nx,"y"z\n',  # a quote that CSV does not allow
        "id\nx\n",  # one column
    ],
)
def test_files_not_plainly_formed_are_left_to_the_row_reader(text: str) -> None:
    assert columns.read_columns(text.encode()) is None


@pytest.mark.parametrize("chunk", [1, 4, columns.CHUNK])
@pytest.mark.parametrize("raw", [b"a,\xff\nx,y\n", b"a,b\nx,y\nx,\xe2\x82\n", b"a,b\nx,\xc3\n"])
def test_bytes_that_are_not_utf8_are_left_to_the_row_reader(raw: bytes, chunk: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columns, "CHUNK", chunk)
        assert columns.read_columns(raw) is None


@pytest.mark.parametrize("chunk", range(1, 12))
@pytest.mark.parametrize("text", ["a,b\nx,y\n\nz,w\n", 'a,b\nx,"y"\n\n"z",w\n', "a,b\nx,y\n\n"])
def test_a_blank_line_anywhere_in_a_chunk_is_left_to_the_row_reader(text: str, chunk: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columns, "CHUNK", chunk)
        assert columns.read_columns(text.encode()) is None


def test_quoted_cells_are_read_as_csv() -> None:
    read = columns.read_columns(b'a,b\n"x, y","say ""hi"""\nz,\n')
    assert read is not None
    assert read.header == ["a", "b"]
    assert read.columns == [["x, y", "z"], ['say "hi"', None]]


CELL = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")) | st.sampled_from(',"'),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(
    width=st.integers(2, 5),
    data=st.data(),
    chunk=st.sampled_from([1, 7, 64, columns.CHUNK]),
)
def test_columns_are_the_csv_modules_cells(width: int, data: st.DataObject, chunk: int) -> None:
    """Read in chunks of any size, a file gives csv.reader's cells, and each column's values to
    type: its distinct ones, or the column."""
    rows = data.draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=12))
    header = [f"c{column}" for column in range(width)]
    if any(row == [""] * width for row in rows):  # csv writes an empty row as a blank line
        return
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columns, "CHUNK", chunk)
        read = columns.read_columns(out.getvalue().encode())
    assert read is not None
    expected = (
        [[cell or None for cell in column] for column in zip(*rows, strict=True)]
        if rows
        else [[]] * width
    )
    assert read.header == header
    assert read.columns == expected
    for column, values in zip(read.columns, read.values, strict=True):
        present = [cell for cell in column if cell is not None]
        assert values is column or values == list(dict.fromkeys(present))
        assert all(any(cell is value for value in values) for cell in present)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (",England,", ",Englnd,", r"data/cities\.csv:\d+: nation"),
        ("\nliverpool,", "\nLiverpool,", r"data/cities\.csv:\d+: id"),
        (",2644210,", ",2644210,\x07", r"data/cities\.csv:\d+"),
    ],
)
def test_a_bad_value_is_still_located(
    package_copy: Path, old: str, new: str, where: str, descriptor: dict[str, Any]
) -> None:
    path = package_copy / "data" / "cities.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError, match=where):
        Dataset(package_copy, descriptor)


def test_unvalidated_tables_build_each_record_once() -> None:
    data = load()
    assert data.cities["liverpool"] is data.cities["liverpool"]
    assert data.cities.records() == list(data.cities.values())
    assert data.cities.column("name") == [city.name for city in data.cities.values()]


@pytest.mark.parametrize("name", list(MODELS))
def test_to_pandas_matches_the_records(name: str) -> None:
    import pandas
    from pandas.testing import assert_frame_equal

    data = load()
    frame = data.to_pandas(name)
    records = [record.model_dump() for record in data.tables[name].values()]
    expected = pandas.DataFrame.from_records(records, columns=list(MODELS[name].model_fields))
    assert_frame_equal(frame[list(expected.columns)], expected)
    for column in frame.columns.difference(expected.columns):
        assert column.endswith(("_earliest", "_latest"))
        assert str(frame[column].dtype).startswith("datetime64")


# Cells quoted as CSV allows and as it does not: a quote inside a value, after a closing quote,
# doubled, unclosed, a quoted value over two lines.
TOKEN = st.sampled_from(
    ["a", "", '"a"', '""', '""""', 'a"a', '"a"a', '"a,a"', '"a""a"', ' "a"', '"', '"a\na"', 'a""']
)


@settings(max_examples=500, deadline=None)
@example(lines=['a,"a\na",a'])  # one record over two lines of two cells each
@given(
    lines=st.lists(
        st.lists(TOKEN, min_size=1, max_size=3).map(",".join).filter(bool), min_size=1, max_size=6
    )
)
def test_any_quoting_gives_the_csv_modules_cells_or_is_left_to_the_row_reader(
    lines: list[str],
) -> None:
    """Quotes where CSV does not allow them, or where it does: never cells csv would not give."""
    text = "a,b\n" + "\n".join(lines) + "\n"
    read = columns.read_columns(text.encode())
    try:
        _, *rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    except csv.Error:
        assert read is None
        return
    if read is not None:
        assert len(rows) == text.count("\n") - 1
        assert read.columns == [
            [cell or None for cell in column] for column in zip(*rows, strict=True)
        ]


@pytest.mark.parametrize("char", ["\u00a0", "\u200b", "\u2028", "\ufeff", "\U000e0001"])
def test_a_character_that_is_not_printable_is_read_as_the_row_reader_reads_it(char: str) -> None:
    """Only control characters send a file to the row reader, which refuses them; it reads
    any other character, printable or not, as the columns do."""
    raw = (ROOT / "data" / "cities.csv").read_bytes()
    raw = raw.replace(b",Liverpool,", f",Liver{char}pool,".encode(), 1)
    read = columns.read_columns(raw)
    assert read is not None
    typed = columns.typed_columns(City, read)
    assert typed is not None
    stored = columns.Stored(City, typed, load())
    rows = _read_rows(raw.decode("utf-8"), "data/cities.csv", City)
    assert [stored.record(row) for row in range(len(rows))] == rows
    assert f"Liver{char}pool" in typed["name"]
