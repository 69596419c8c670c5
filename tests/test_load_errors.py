"""Only a valid package loads: ``load()`` validates a copy that it has not seen valid, byte
for byte, and refuses one with problems with the library's error (tests/invalid: every case)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from creative_cities import dataset, load, validity
from creative_cities.check.stats import with_fresh_stats
from creative_cities.cli import main
from creative_cities.descriptor import DescriptorError, descriptor_text, read_descriptor
from creative_cities.errors import DataError

from .conftest import ROOT, copy_package, read_table, write_table


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A seal folder of the test's own, and no copy loaded before."""
    monkeypatch.setenv(validity.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(dataset, "_cache", {})
    return tmp_path / "cache" / "valid"


def _forget_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset, "_cache", {})


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(location: Path) -> tuple[list[Any], str]:
        raise AssertionError(f"{location} was validated again")

    monkeypatch.setattr(validity, "_checker", lambda: refuse)


def _edit_a_value(package: Path) -> None:
    """Change one theme's description (still valid) and refresh the stats, as fmt does."""
    rows = read_table("themes", package)
    rows[0]["description"] += " And so on."
    write_table("themes", rows, package)
    descriptor = with_fresh_stats(read_descriptor(package / "datapackage.json"), package)
    (package / "datapackage.json").write_text(descriptor_text(descriptor), encoding="utf-8")


def test_a_valid_copy_is_validated_once(
    cache: Path, package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load(package_copy).cities["kingston-upon-hull"].name == "Kingston upon Hull"
    assert len(list(cache.iterdir())) == 1
    _forget_loaded(monkeypatch)
    _no_validation(monkeypatch)
    assert load(package_copy).cities["kingston-upon-hull"].name == "Kingston upon Hull"


def test_validate_leaves_the_seal_that_load_trusts(
    cache: Path, package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["validate", str(package_copy)]) == 0
    _no_validation(monkeypatch)
    assert load(package_copy).version == load(ROOT).version


def test_a_changed_copy_is_validated_again(
    cache: Path, package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(package_copy)
    _edit_a_value(package_copy)
    _forget_loaded(monkeypatch)
    validated: list[Path] = []
    checker = validity._checker()
    assert checker is not None

    def counted(location: Path) -> tuple[list[Any], str | None]:
        validated.append(location)
        return checker(location)

    monkeypatch.setattr(validity, "_checker", lambda: counted)
    load(package_copy)
    assert validated == [package_copy / "datapackage.json"]
    assert len(list(cache.iterdir())) == 2


def test_a_seal_holds_for_one_version_of_the_code(package_copy: Path) -> None:
    descriptor = read_descriptor(package_copy / "datapackage.json")
    hashes = {
        path: validity.file_hash((package_copy / path).read_bytes())
        for path in (resource["path"] for resource in descriptor["resources"])
    }
    digest = validity.package_digest(descriptor, hashes)
    validity._code_digest.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(validity, "PACKAGE", ROOT / "tests")  # other modules, other rules
            assert validity.package_digest(descriptor, hashes) != digest
    finally:
        validity._code_digest.cache_clear()
    assert validity.package_digest(descriptor, hashes) == digest
    first = next(iter(hashes))
    assert validity.package_digest(descriptor, {**hashes, first: "sha256:" + "0" * 64}) != digest


def test_a_package_changed_while_it_is_validated_does_not_load(
    cache: Path, package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker = validity._checker()
    assert checker is not None

    def validate_while_editing(location: Path) -> tuple[list[Any], str | None]:
        _edit_a_value(location.parent)  # still valid, but not the bytes load() read
        return checker(location)

    monkeypatch.setattr(validity, "_checker", lambda: validate_while_editing)
    with pytest.raises(DataError, match="changed while it was validated"):
        load(package_copy)
    assert len(list(cache.iterdir())) == 1  # the edited copy's seal: it validated


def test_a_cache_that_cannot_be_written_still_loads(
    tmp_path: Path, package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(validity.CACHE_ENV, str(blocked))
    _forget_loaded(monkeypatch)
    assert load(package_copy).cities["kingston-upon-hull"].name == "Kingston upon Hull"


def test_without_the_checker_only_the_installed_release_loads(
    cache: Path, tmp_path: Path, package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validity, "_checker", lambda: None)
    needs = r"needs the checker: pip install 'creative-cities\[check\]'"
    with pytest.raises(DataError, match=needs):
        load(package_copy)
    library = tmp_path / "site-packages" / "creative_cities"
    library.mkdir(parents=True)
    installed = copy_package(library / "package")
    monkeypatch.setattr(validity, "PACKAGE", library)
    assert load(installed).cities["kingston-upon-hull"].name == "Kingston upon Hull"
    _forget_loaded(monkeypatch)
    rows = read_table("themes", installed)
    rows[0]["description"] += " And so on."
    write_table("themes", rows, installed)  # its hash is now stale
    with pytest.raises(DataError, match="has not been validated"):  # no longer the release
        load(installed)


def test_a_missing_resource_is_the_librarys_error(cache: Path, package_copy: Path) -> None:
    path = package_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "sectors"]
    path.write_text(descriptor_text(descriptor), encoding="utf-8")
    first = r"4 problems:\n  datapackage.json: error\[missing-resource\]"
    with pytest.raises(DataError, match=first):
        load(package_copy)
    with pytest.raises(DescriptorError, match="no resource is named 'sectors'"):
        dataset.Dataset(package_copy, descriptor)  # built directly, unvalidated


def test_without_the_checker_an_unreadable_file_is_named(
    cache: Path, package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validity, "_checker", lambda: None)
    (package_copy / "data" / "themes.csv").unlink()
    with pytest.raises(DataError, match=r"data/themes\.csv: no such file"):
        load(package_copy)
