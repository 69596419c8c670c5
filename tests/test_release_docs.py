"""The versioning policy holds, the changelog has the release, and the workflow publishes it."""

from __future__ import annotations

import re
from typing import Any

import yaml

import creative_cities

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
ENTRY = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?$", re.M)
SUMMARY_LINE = re.compile(r"^- (`[a-z0-9_]+`: \S.*|no data changes)$")


def test_the_package_version_is_the_data_version(descriptor: dict[str, Any]) -> None:
    assert creative_cities.__version__ == descriptor["version"]


def changelog_entries() -> dict[str, str]:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heads = list(ENTRY.finditer(text))
    ends = [head.start() for head in heads[1:]] + [text.find("\n[Unreleased]:")]
    return {head["version"]: text[head.end() : end] for head, end in zip(heads, ends, strict=True)}


def test_the_changelog_has_the_data_version_with_its_data_changes(
    descriptor: dict[str, Any],
) -> None:
    entries = changelog_entries()
    assert next(iter(entries)) == "Unreleased"
    entry = entries[descriptor["version"]]
    data = entry.split("### Data\n", 1)[1].strip().split("\n\n")[0].splitlines()
    assert data and all(SUMMARY_LINE.match(line) for line in data), data
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"[{descriptor['version']}]: https://github.com/" in text


def workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def test_release_workflow_runs_on_version_tags_with_write_access_in_its_job_only() -> None:
    flow = workflow()
    trigger = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert trigger == {"push": {"tags": ["v*"]}}
    assert flow["permissions"] == {}
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"contents": "write"}


def test_release_workflow_pins_actions_and_builds_checks_and_uploads() -> None:
    (job,) = workflow()["jobs"].values()
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use) for use in uses), uses
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    for needed in (
        "python -m pytest",
        "creative-cities build --out dist",
        "sha256sum -c SHA256SUMS",
        'test "$TAG" = "v$data"',
        "gh release upload",
    ):
        assert needed in commands, needed


def test_readme_documents_the_build_and_the_download_addresses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'python -m pip install ".[release]" && creative-cities build --out dist' in readme
    base = "https://github.com/creative-cities/creative-cities/releases"
    assert f"{base}/latest/download/<file>" in readme
    assert f"{base}/download/v<version>/<file>" in readme
    assert "datasette creative-cities-<version>.sqlite" in readme
    for suffix in (".zip", ".json", ".sqlite", ".xlsx", "-<table>.parquet", "-delta.json"):
        assert f"`creative-cities-<version>{suffix}`" in readme, suffix
