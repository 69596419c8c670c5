"""``diff``: rows added, removed and changed between revisions or folders, and the bump."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from creative_cities.cli import main
from creative_cities.descriptor import descriptor_text
from creative_cities.tools.delta import compare
from creative_cities.tools.diff import bump_verdict, version_bump
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
    ("old", "new", "bump"),
    [("0.1.0", "0.1.0", "none"), ("0.1.0", "0.1.1", "patch"), ("0.1.3", "0.2.0", "minor"),
     ("0.9.0", "1.0.0", "major"), (None, "0.1.0", "major"), ("0.2.0", "0.1.9", "none")],
)  # fmt: skip
def test_version_bump(old: str | None, new: str, bump: str) -> None:
    assert version_bump(old, new) == bump


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
    assert "call for a minor release" in out and "not enough" in out
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
    _set_version(package_copy, "0.2.0")
    format_package(package_copy)
    _git(package_copy, "commit", "-q", "-am", "remove a record")
    monkeypatch.chdir(package_copy)
    assert main(["diff", "HEAD~1", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "removed city_id=brighton, sector_id=digital-media" in out
    assert "call for a major release; version 0.1.0 → 0.2.0 (not enough" in out
    delta = compare(package_copy, package_copy)
    assert delta.tables == () and bump_verdict(delta)[0]


def test_diff_of_an_unknown_revision_exits_2(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(package_copy)
    assert main(["diff", "no-such-revision"]) == 2
    assert "is neither a package folder nor a git revision" in capsys.readouterr().err
