"""Random damage to the real CSVs never crashes ``validate``, and known breakage is never valid."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creative_cities.check.stats import with_fresh_stats
from creative_cities.check.validation import validate

from .conftest import ROOT

TABLES = sorted(path.name for path in (ROOT / "data").glob("*.csv"))


def _lines(raw: bytes) -> list[bytes]:
    return raw.rstrip(b"\n").split(b"\n")


def _has_rows(raw: bytes) -> bool:
    return len(_lines(raw)) > 1


def duplicate_row(raw: bytes, where: int) -> bytes:
    lines = _lines(raw)
    row = lines[1 + where % (len(lines) - 1)]
    return b"\n".join([*lines, row]) + b"\n"


def delete_cell(raw: bytes, where: int) -> bytes:
    lines = _lines(raw)
    index = 1 + where % (len(lines) - 1)
    lines[index] = lines[index].rsplit(b",", 1)[0]
    return b"\n".join(lines) + b"\n"


def open_quote(raw: bytes, where: int) -> bytes:
    lines = _lines(raw)
    index = 1 + where % (len(lines) - 1)
    lines[index] = b'"' + lines[index]
    return b"\n".join(lines) + b"\n"


# Mutations that always break a rule (a repeated key, a short row, an unclosed quote).
BREAKING: dict[str, Callable[[bytes, int], bytes]] = {
    "duplicate-row": duplicate_row,
    "delete-cell": delete_cell,
    "open-quote": open_quote,
}


def flip_byte(raw: bytes, where: int) -> bytes:
    if not raw:
        return raw
    index = where % len(raw)
    return raw[:index] + bytes([raw[index] ^ (1 << (where % 8))]) + raw[index + 1 :]


def truncate(raw: bytes, where: int) -> bytes:
    return raw[: where % len(raw)] if raw else raw


ANY: dict[str, Callable[[bytes, int], bytes]] = {
    **BREAKING,
    "flip-byte": flip_byte,
    "truncate": truncate,
}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.sampled_from(TABLES),
    mutations=st.lists(
        st.tuples(st.sampled_from(sorted(ANY)), st.integers(0, 10_000)), min_size=1, max_size=3
    ),
)
def test_damage_never_crashes_and_breakage_is_caught(
    table: str, mutations: list[tuple[str, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        package = Path(folder)
        shutil.copy(ROOT / "datapackage.json", package)
        shutil.copytree(ROOT / "data", package / "data")
        path = package / "data" / table
        broken = False
        for name, where in mutations:
            raw = path.read_bytes()
            # a mutation that needs rows is skipped on a file that has none left
            if name in BREAKING and not _has_rows(raw):
                broken = False
                continue
            path.write_bytes(ANY[name](raw, where))
            broken = name in BREAKING  # only the last change is sure to survive
        descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        fresh = with_fresh_stats(descriptor, package)
        (package / "datapackage.json").write_text(json.dumps(fresh), encoding="utf-8")
        report = validate(package)
    assert [p for p in report.problems if p.code == "internal-error"] == []
    if broken:
        assert not report.valid, mutations
