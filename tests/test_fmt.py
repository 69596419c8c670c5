"""``fmt``: canonical form without losing, changing or inventing a value (property-tested)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from creative_cities.cli import main
from creative_cities.descriptor import Resource, read_descriptor, resources
from creative_cities.tools.fmt import canonical_text, format_package

from .conftest import ROOT


def _resource(descriptor: dict[str, Any], name: str) -> Resource:
    return next(res for res in resources(descriptor) if res.name == name)


# Read once: the property tests below draw hundreds of examples from it.
DESCRIPTOR = read_descriptor(ROOT / "datapackage.json")
THEMES = next(res for res in DESCRIPTOR["resources"] if res["name"] == "themes")
THEMES_ONLY = json.dumps({**DESCRIPTOR, "resources": [THEMES]})


VALUES = st.text(
    # A carriage return inside a value cannot survive minimal quoting: fmt refuses it (below).
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=12,
)


@st.composite
def messy_files(draw: st.DrawFn, resource: Resource) -> tuple[str, list[tuple[str, ...]]]:
    """A CSV file of the resource's fields in any column order, row order, quoting,
    delimiter and line ending, and the rows it holds in schema order."""
    fields = list(resource.field_names)
    rows = draw(
        st.lists(
            st.tuples(*[VALUES for _ in fields]).filter(any),
            max_size=8,
        )
    )
    rows = draw(st.permutations(rows))
    order = draw(st.permutations(range(len(fields))))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow([fields[i] for i in order])
    writer.writerows([row[i] for i in order] for row in rows)
    blank = draw(st.booleans())
    text = out.getvalue() + (terminator if blank else "")
    return text, [tuple(row) for row in rows]


def _rows(text: str) -> list[tuple[str, ...]]:
    return [tuple(row) for row in csv.reader(io.StringIO(text, newline=""))][1:]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_formatting_keeps_every_row(data: st.DataObject) -> None:
    resource = _resource(DESCRIPTOR, data.draw(st.sampled_from(["themes", "memberships"])))
    text, rows = data.draw(messy_files(resource))
    formatted, _ = canonical_text(text, resource)
    assert formatted is not None
    assert Counter(_rows(formatted)) == Counter(rows)
    assert canonical_text(formatted, resource)[0] == formatted
    assert formatted.startswith(",".join(resource.field_names) + "\n")
    keys = [
        tuple(row[resource.field_names.index(k)] for k in resource.primary_key)
        for row in _rows(formatted)
    ]
    assert keys == sorted(keys)


def test_fmt_check_and_rewrite(package_copy: Path, capsys: Any) -> None:
    path = package_copy / "data" / "themes.csv"
    original = path.read_bytes()
    lines = original.decode().splitlines()
    messy = "\r\n".join([lines[0], *reversed(lines[1:])]) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + messy.encode())
    assert main(["fmt", "--check", str(package_copy)]) == 1
    assert path.read_bytes() != original, "--check must change nothing"
    assert "would reformat data/themes.csv" in capsys.readouterr().out
    assert main(["fmt", str(package_copy)]) == 0
    assert path.read_bytes() == original
    assert main(["fmt", "--check", str(package_copy)]) == 0
    assert main(["validate", str(package_copy)]) == 0


def test_fmt_reports_what_it_must_not_fix(package_copy: Path) -> None:
    path = package_copy / "data" / "themes.csv"
    path.write_text(path.read_text().replace("Jobs and skills,", "Jobs and skills ,"))
    result = format_package(package_copy)
    assert [(p.code, p.line, p.field) for p in result.problems] == [("whitespace", 6, "name")]
    assert "Jobs and skills ," in path.read_text(), "the value is left as it was"


def test_fmt_leaves_an_undecodable_file_alone(package_copy: Path) -> None:
    path = package_copy / "data" / "themes.csv"
    raw = path.read_bytes().replace(b"Jobs and skills", b"Jobs \x96 skills")
    path.write_bytes(raw)
    result = format_package(package_copy)
    assert [p.code for p in result.problems] == ["encoding"]
    assert path.read_bytes() == raw


def test_the_package_is_canonical() -> None:
    result = format_package(ROOT, check=True)
    assert (result.changed, result.problems) == ([], [])


def test_fmt_refuses_a_carriage_return_inside_a_value(descriptor: dict[str, Any]) -> None:
    resource = _resource(descriptor, "themes")
    text = 'id,name,description,source_id\na,"b\rc",d,e\n'
    formatted, problems = canonical_text(text, resource)
    assert formatted is None
    assert [(p.code, p.line) for p in problems] == [("control-character", 2)]


ANY_VALUE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('",;\t\r\n =+-@')),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=6,
)


@st.composite
def hostile_files(draw: st.DrawFn, fields: list[str]) -> tuple[bytes, str]:
    """Any CSV of the fields, rows of empty cells and broken rows included, or raw bytes;
    and the delimiter it was written with."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=60)), ","
    rows = draw(st.lists(st.lists(ANY_VALUE, min_size=len(fields), max_size=len(fields))))
    if draw(st.booleans()):  # a row of the wrong width, or an unclosed quote
        rows.insert(draw(st.integers(0, len(rows))), draw(st.lists(ANY_VALUE, max_size=6)))
    order = draw(st.permutations(range(len(fields))))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerow([fields[i] for i in order])
    writer.writerows([row[i] for i in order] if len(row) == len(fields) else row for row in rows)
    text = out.getvalue() + draw(st.sampled_from(["", "\n", '"']))
    return text.encode("utf-8"), delimiter


def _records(raw: bytes, delimiter: str, fields: list[str]) -> Counter[tuple[str, ...]]:
    """Every record after the header (blank lines hold none), in the schema's field order."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    header = rows[0]
    return Counter(tuple(row[header.index(name)] for name in fields) for row in rows[1:] if row)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_fmt_keeps_every_value_and_row_or_leaves_the_file_untouched(data: st.DataObject) -> None:
    fields = [spec["name"] for spec in THEMES["schema"]["fields"]]
    raw, delimiter = data.draw(hostile_files(fields))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data").mkdir()
        (root / "data" / "themes.csv").write_bytes(raw)
        (root / "datapackage.json").write_text(THEMES_ONLY, encoding="utf-8")
        result = format_package(root)
        after = (root / "data" / "themes.csv").read_bytes()
        assert sorted(path.name for path in (root / "data").iterdir()) == ["themes.csv"]
    if after == raw:  # refused, with a reason, or already canonical
        assert result.problems or "data/themes.csv" not in result.changed
        return
    assert "data/themes.csv" in result.changed
    assert _records(after, ",", fields) == _records(raw, delimiter, fields)
    assert after.decode("utf-8").startswith(",".join(fields) + "\n")


def test_fmt_locates_what_remains_in_the_file_as_rewritten(package_copy: Path, capsys: Any) -> None:
    path = package_copy / "data" / "themes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0], *reversed(lines[1:])]  # unsorted: fmt moves every row
    text = "\n".join(lines).replace("Jobs and skills,", "Jobs and skills ,")
    path.write_text(text + "\n", encoding="utf-8")
    sic = package_copy / "data" / "sic_codes.csv"
    sic.write_text(sic.read_text(encoding="utf-8").replace("59.20,", "59.2,"), encoding="utf-8")
    assert main(["fmt", str(package_copy)]) == 1
    out = capsys.readouterr().out
    rewritten = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(rewritten, 1) if "Jobs and skills ," in row)
    assert f"data/themes.csv:{line}:name: error[whitespace]" in out
    assert "'59.2' is not a SIC 2007 class" in out and "write '59.20'" in out
    assert "problem(s) remain that formatting cannot fix" in out
