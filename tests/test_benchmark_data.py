"""The benchmark's synthetic packages load, with every table multiplied but the fixed ones."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from creative_cities.dataset import Dataset
from creative_cities.descriptor import read_descriptor

from .conftest import ROOT, read_table


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_package_is_a_valid_multiple(tmp_path: Path) -> None:
    rows = _benchmark().synthetic(tmp_path, 3)
    data = Dataset(tmp_path, read_descriptor(tmp_path / "datapackage.json"))
    assert len(data.cities) == 3 * len(read_table("cities"))
    assert len(data.regions) == len(read_table("regions"))
    assert sum(len(table) for table in data.tables.values()) == rows
    copy = data.cities["liverpool-c2"]
    assert copy.local_authority.gss_code == "E08020012"
    assert [sector.id for sector in copy.sectors] == ["music-c2"]
