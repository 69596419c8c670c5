"""Reading tables column by column gives the records that row-by-row validation gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from creative_cities import columns
from creative_cities.dataset import DataError, Dataset, load
from creative_cities.models import MODELS

from .conftest import ROOT


@pytest.mark.parametrize("name", list(MODELS))
def test_columns_give_the_validated_records(name: str) -> None:
    model = MODELS[name]
    text = (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8")
    lines = columns.split_lines(text)
    assert lines is not None
    typed = columns.typed_columns(model, lines)
    assert typed is not None
    stored = columns.Stored(model, typed, load())
    header = lines[0]
    for row, cells in enumerate(lines[1:]):
        expected = model.model_validate({k: v for k, v in zip(header, cells, strict=True) if v})
        built = stored.record(row)
        assert built == expected
        assert built.model_dump() == expected.model_dump()


@pytest.mark.parametrize(
    "text",
    [
        "id,title\nx,y\n\nz,w\n",  # a blank line
        "id,title\r\nx,y\r\n",  # CRLF
        'id,title\nx,"two\nlines"\n',  # a value over two lines
        "id,title\nx,y",  # no final newline
    ],
)
def test_files_not_plainly_formed_are_left_to_the_row_reader(text: str) -> None:
    assert columns.split_lines(text) is None


def test_quoted_cells_are_read_as_csv() -> None:
    assert columns.split_lines('a,b\n"x, y","say ""hi"""\n') == [["a", "b"], ["x, y", 'say "hi"']]


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
