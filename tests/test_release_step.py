"""The maintainer's release step: `bump` sets the version the delta calls for and writes the
changelog entry from it, so that no pull request touches either."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from creative_cities.cli import main
from creative_cities.tools.bump import BumpError, changelog_with_entry, next_version
from creative_cities.tools.delta import Delta

from .conftest import ROOT

CHANGELOG = """# Changelog

## [Unreleased]

### Fixed

- a library note a pull request left here

## [0.3.1] - 2026-01-01

### Data

- no data changes

[Unreleased]: https://github.com/creative-cities/creative-cities/compare/v0.3.1...HEAD
[0.3.1]: https://github.com/creative-cities/creative-cities/releases/tag/v0.3.1
"""


def _version(root: Path) -> str:
    return str(json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"])


def test_bump_sets_the_version_and_writes_the_entry_from_the_delta(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "previous"
    shutil.copytree(package_copy, previous)
    shutil.copy(ROOT / "CHANGELOG.md", package_copy / "CHANGELOG.md")
    themes = package_copy / "data" / "themes.csv"
    themes.write_text(
        themes.read_text(encoding="utf-8") + "zz-new,New theme,,seed-creative-cities-toolkit\n",
        encoding="utf-8",
    )
    assert main(["fmt", str(package_copy)]) == 0
    old = _version(package_copy)
    args = ["bump", "--previous", str(previous), "--date", "2027-01-02", str(package_copy)]
    assert main(args) == 0
    new = next_version(old, "minor")
    assert _version(package_copy) == new
    assert f"version {old} → {new} (minor release)" in capsys.readouterr().out
    changelog = (package_copy / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [Unreleased]\n\n## [{new}] - 2027-01-02\n\n### Data\n\n" in changelog
    assert "- `themes`: 1 row added\n" in changelog
    link = f"[{new}]: https://github.com/creative-cities/creative-cities/compare/v{old}...v{new}"
    assert link in changelog
    assert main(["validate", str(package_copy)]) == 0
    # The release now carries the version its changes call for.
    assert main(["diff", str(previous), str(package_copy), "--release"]) == 0
    assert main(args) == 1, "a second bump finds the entry written"


def test_bump_with_no_data_changes_exits_1(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bump", "--previous", str(package_copy), str(package_copy)]) == 1
    assert "nothing to release" in capsys.readouterr().err


def test_the_entry_takes_what_unreleased_held() -> None:
    delta = Delta("0.3.1", "0.4.0", ())
    text = changelog_with_entry(CHANGELOG, "0.3.1", delta, date(2027, 3, 4))
    assert text.startswith("# Changelog\n\n## [Unreleased]\n\n## [0.4.0] - 2027-03-04\n")
    entry = text.split("## [0.4.0]", 1)[1].split("## [0.3.1]", 1)[0]
    assert "- no data changes" in entry and "a library note a pull request left here" in entry
    assert (
        "[Unreleased]: https://github.com/creative-cities/creative-cities/compare/v0.4.0...HEAD"
        in text
    )
    assert (
        "[0.4.0]: https://github.com/creative-cities/creative-cities/compare/v0.3.1...v0.4.0"
        in text
    )
    with pytest.raises(BumpError, match="already has an entry"):
        changelog_with_entry(text, "0.3.1", delta, date(2027, 3, 4))
