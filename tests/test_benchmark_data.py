"""The benchmarks' synthetic packages are valid, with every table multiplied but the fixed ones."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from frictionless import Package

from creative_cities.check.validation import validate
from creative_cities.dataset import Dataset
from creative_cities.descriptor import read_descriptor

from .conftest import ROOT, read_table

COPIES = 2


def _synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "scripts" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    target = tmp_path_factory.mktemp("synthetic")
    return target, _synthetic().write(target, COPIES)


def test_every_table_but_the_fixed_ones_grows(package: tuple[Path, dict[str, int]]) -> None:
    _, counts = package
    fixed = _synthetic().FIXED
    for name, count in counts.items():
        real = len(read_table(name))
        assert count == (real if name in fixed else COPIES * real), name


def test_synthetic_package_is_valid(package: tuple[Path, dict[str, int]]) -> None:
    target, counts = package
    report = validate(target)
    assert report.problems == []
    assert report.row_counts == counts


def test_frictionless_finds_it_valid(package: tuple[Path, dict[str, int]]) -> None:
    target, _ = package
    report = Package(str(target / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_copies_keep_their_relations(package: tuple[Path, dict[str, int]]) -> None:
    target, _ = package
    data = Dataset(target, read_descriptor(target / "datapackage.json"))
    copy = data.cities["liverpool-c1"]
    assert copy.name == "Liverpool (copy 1)"
    assert copy.local_authority.gss_code == "E08001012"
    assert [sector.id for sector in copy.sectors] == ["music-c1"]


def test_size_is_close_to_the_request() -> None:
    synthetic = _synthetic()
    fixed, scaled = synthetic.sizes()
    assert synthetic.copies_for(fixed + 10 * scaled + scaled // 3) == 10
    assert synthetic.copies_for(1) == 1
    with pytest.raises(ValueError):
        synthetic.copies_for(fixed + (synthetic.MAX_COPIES + 1) * scaled)
