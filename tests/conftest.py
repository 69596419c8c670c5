"""Shared fixtures: the package under test and helpers to read its tables."""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from creative_cities.descriptor import descriptor_text
from creative_cities.release.build import Release
from creative_cities.release.site.build import Site, build_site

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """One folder of validation seals per run, shared by its workers (which inherit it): a
    run neither trusts an earlier run's seals nor leaves seals in the user's cache."""
    os.environ.setdefault("CREATIVE_CITIES_CACHE", tempfile.mkdtemp(prefix="creative-cities-"))


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
def release(site: Site) -> Release:
    """Every release file of the package: the site's, which ``build`` wrote (as the command
    ``build`` does) before the pages; built once for the session."""
    return site.release


def copy_package(target: Path) -> Path:
    """A copy of the package's descriptor and data at ``target``."""
    target.mkdir()
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "data", target / "data")
    return target


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the package, for tests that break it on purpose."""
    return copy_package(tmp_path / "package")


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


# The test files whose tests share a fixture that is costly to build (the site and the
# release files in it, the wheel, the synthetic package, a broken package): each group
# runs on one worker, so that the fixture is built once for the whole run, not once per
# worker. Groups go out first, the largest first, and the other tests, one at a time,
# fill in around them.
# (xdist's own ``--dist loadgroup`` ignores its marks under pytest 9.2: pytest-xdist#1386.)
GROUPS = {
    "tests/test_site.py": "site",
    "tests/test_browser.py": "site",
    "tests/test_release.py": "site",
    "tests/test_datasette.py": "site",
    "tests/test_geojson.py": "site",
    "tests/test_programmes.py": "site",
    "tests/test_wheel.py": "wheel",
    "tests/test_benchmark_data.py": "synthetic",
    "tests/test_journeys.py": "journeys",  # two long tests, started early
    "tests/test_reporting.py": "reporting",
}
# The three tests of each case of the invalid corpus (both engines' findings, the problems
# reported, the meaning problems) run on one worker, one after the other: validation keeps
# each unchanged table's results within a process, so the later two check little again.
CORPUS_TESTS = {
    "tests/test_engine_differential.py::test_corpus_case",
    "tests/test_invalid_corpus.py::test_case",
    "tests/test_meaning_regression.py::test_corpus_case",
}


def group(nodeid: str) -> str:
    """The group a test runs in: its case's for a corpus test, else its file's or its own."""
    function, _, case = nodeid.partition("[")
    if function in CORPUS_TESTS:
        return f"corpus[{case}"
    return GROUPS.get(nodeid.split("::", 1)[0], nodeid)


# The fixtures that make a group; a test that uses one elsewhere stops the collection.
SHARED = {
    "site": "site",
    "release": "site",
    "wheel": "wheel",
    "package": "synthetic",
    "broken": "reporting",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        for name in sorted(set(getattr(item, "fixturenames", ())) & set(SHARED)):
            if GROUPS.get(path) != SHARED[name]:
                message = f"{item.nodeid} uses the fixture {name!r}: add {path} to {SHARED[name]!r}"
                raise pytest.UsageError(f"{message} in GROUPS, tests/conftest.py")


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``-n``'s default distribution, the grouping above; any other ``--dist`` as asked."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

    class Grouped(LoadScopeScheduling):  # type: ignore[misc]  # xdist ships no types
        def _split_scope(self, nodeid: str) -> str:
            return group(nodeid)

    return Grouped(config, log)
