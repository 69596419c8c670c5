"""``diff``: rows added, removed and changed between revisions or folders, and the bump."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from creative_cities.cli import main
from creative_cities.descriptor import descriptor_text
from creative_cities.tools.bump import next_version
from creative_cities.tools.delta import Bump, compare
from creative_cities.tools.diff import bump_verdict
from creative_cities.tools.fmt import format_package


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _set_version(root: Path, version: str) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = version
    path.write_text(descriptor_text(descriptor), encoding="utf-8")


@pytest.mark.parametrize(
    ("version", "bump", "after"),
    [("0.1.0", "none", "0.1.0"), ("0.1.0", "patch", "0.1.1"), ("0.1.3", "minor", "0.2.0"),
     ("0.9.4", "major", "1.0.0"), (None, "major", "0.1.0")],
)  # fmt: skip
def test_next_version(version: str | None, bump: Bump, after: str) -> None:
    assert next_version(version, bump) == after


def test_diff_between_folders(
    package_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = tmp_path / "head"
    head.mkdir()
    for item in package_copy.iterdir():
        target = head / item.name
        if item.is_dir():
            target.mkdir()
            for file in item.iterdir():
                (target / file.name).write_bytes(file.read_bytes())
        else:
            target.write_bytes(item.read_bytes())
    themes = head / "data" / "themes.csv"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace("Jobs and skills,", "Jobs and Skills,")
        + "zz-new,New theme,,seed-creative-cities-toolkit\n",
        encoding="utf-8",
    )
    assert main(["diff", str(package_copy), str(head)]) == 0
    out = capsys.readouterr().out
    assert "themes: 1 row added; 1 row changed (name in 1)" in out
    assert "added id=zz-new" in out
    assert "name: 'Jobs and skills' → 'Jobs and Skills'" in out
    version = json.loads((package_copy / "datapackage.json").read_text())["version"]
    assert f"call for a minor release ({version} → {next_version(version, 'minor')})" in out
    assert "a maintainer sets the version and writes the changelog entry" in out
    assert main(["diff", str(package_copy), str(head), "--format", "markdown"]) == 0
    assert "#### `themes`" in capsys.readouterr().out


def test_diff_between_git_revisions(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(package_copy, "init", "-q")
    _git(package_copy, "add", "-A")
    _git(package_copy, "commit", "-q", "-m", "base")
    sectors = package_copy / "data" / "city_sectors.csv"
    lines = sectors.read_text(encoding="utf-8").splitlines(keepends=True)
    sectors.write_text("".join(line for line in lines if not line.startswith("brighton,")))
    format_package(package_copy)
    _git(package_copy, "commit", "-q", "-am", "remove a record")
    monkeypatch.chdir(package_copy)
    assert main(["diff", "HEAD~1", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "removed city_id=brighton, sector_id=digital-media" in out
    version = json.loads((package_copy / "datapackage.json").read_text())["version"]
    assert f"call for a major release ({version} → {next_version(version, 'major')})" in out
    # A release must carry the version the changes call for; a pull request leaves it alone.
    assert main(["diff", "HEAD~1", "HEAD", "--release"]) == 1
    assert "run `creative-cities bump --previous" in capsys.readouterr().out
    _set_version(package_copy, "0.0.1")
    assert main(["diff", "HEAD~1", "."]) == 0
    assert "leave `version` in datapackage.json at" in capsys.readouterr().out
    delta = compare(package_copy, package_copy)
    assert delta.tables == () and bump_verdict(delta)[0]


def test_diff_of_an_unknown_revision_exits_2(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(package_copy)
    assert main(["diff", "no-such-revision"]) == 2
    assert "is neither a package folder nor a git revision" in capsys.readouterr().err
