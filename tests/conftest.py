"""Shared fixtures: the package under test and helpers to read its tables."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from creative_cities.descriptor import descriptor_text
from creative_cities.release.build import Release, build
from creative_cities.release.site.build import Site, build_site

ROOT = Path(__file__).resolve().parents[1]


def read_table(name: str, root: Path = ROOT) -> list[dict[str, str]]:
    """The rows of ``data/<name>.csv`` as dictionaries of strings."""
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def members_on(network: str, day: str) -> set[str]:
    """The councils of ``network`` on ``day`` as the API answers (tests/test_networks.py checks
    that answer against every complete list), for the release files to agree with."""
    from datetime import date

    from creative_cities import load

    answer = load(ROOT).organisations[network].members(as_of=date.fromisoformat(day))
    return {council.gss_code for council in answer}


@pytest.fixture(scope="session")
def descriptor() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """Every release file of the package, built once for the session."""
    return build(ROOT, tmp_path_factory.mktemp("dist"))


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the package, for tests that break it on purpose."""
    target = tmp_path / "package"
    target.mkdir()
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "data", target / "data")
    return target


def write_table(name: str, rows: list[dict[str, str]], root: Path) -> None:
    """Write ``data/<name>.csv`` in canonical form (LF endings, minimal quoting)."""
    with (root / "data" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_descriptor(root: Path, **changes: Any) -> dict[str, Any]:
    """Apply top-level ``changes`` to a copy's descriptor and refresh every resource's stats."""
    from creative_cities.check.stats import with_fresh_stats

    path = root / "datapackage.json"
    descriptor = {**json.loads(path.read_text(encoding="utf-8")), **changes}
    fresh = with_fresh_stats(descriptor, root)
    path.write_text(descriptor_text(fresh), encoding="utf-8")
    return fresh


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The static site, built once for the session with the default tile server."""
    return build_site(ROOT, tmp_path_factory.mktemp("site") / "site")
