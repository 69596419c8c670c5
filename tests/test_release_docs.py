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


def test_the_changelog_has_the_last_release_with_its_data_changes(
    descriptor: dict[str, Any],
) -> None:
    """The newest release entry is the data version. Pull requests change neither: the
    release step (`creative-cities bump`) sets both at once, so this holds between releases."""
    entries = changelog_entries()
    assert list(entries)[:2] == ["Unreleased", descriptor["version"]]
    entry = entries[descriptor["version"]]
    data = entry.split("### Data\n", 1)[1].strip().split("\n\n")[0].splitlines()
    assert data and all(SUMMARY_LINE.match(line) for line in data), data
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"[{descriptor['version']}]: https://github.com/" in text


def workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def test_release_workflow_gives_each_job_only_the_permissions_it_needs() -> None:
    flow = workflow()
    trigger = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert trigger == {"push": {"tags": ["v*"]}}
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "build": {"contents": "read"},
        "attach": {"contents": "write"},
        "pypi": {"id-token": "write"},
    }
    assert jobs["attach"]["needs"] == jobs["pypi"]["needs"] == "build"
    assert jobs["pypi"]["environment"]["name"] == "pypi"
    assert all(job["timeout-minutes"] <= 30 for job in jobs.values())
    for job in jobs.values():  # the token is handed to the steps that use it, not the job
        assert "GH_TOKEN" not in job.get("env", {})


def test_release_workflow_pins_actions_and_builds_checks_and_publishes() -> None:
    jobs = workflow()["jobs"]
    steps = [step for job in jobs.values() for step in job["steps"]]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use) for use in uses), uses
    commands = "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    for needed in (
        "python -m pytest",
        "creative-cities validate",
        "creative-cities build --out dist",
        "sha256sum -c SHA256SUMS",
        'test "$TAG" = "v$data"',
        'creative-cities diff "$previous" HEAD --release',
        "CHANGELOG.md has no entry for",
        "python -m build --outdir packages",
        "pip install packages/*.whl",
        "cc.load()",
    ):
        assert needed in commands, needed
    assert "gh release upload" in "\n".join(s.get("run", "") for s in jobs["attach"]["steps"])
    (publish,) = [s for s in jobs["pypi"]["steps"] if "gh-action-pypi-publish" in s.get("uses", "")]
    assert "password" not in publish.get("with", {})  # trusted publishing: no stored token


def test_readme_documents_the_build_and_the_download_addresses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'python -m pip install ".[release]" && creative-cities build --out dist' in readme
    base = "https://github.com/creative-cities/creative-cities/releases"
    assert f"{base}/latest/download/<file>" in readme
    assert f"{base}/download/v<version>/<file>" in readme
    assert "datasette creative-cities.sqlite --metadata creative-cities.datasette.json" in readme
    suffixes = (".zip", ".json", ".geojson", ".sqlite", ".datasette.json", ".xlsx")
    for suffix in (*suffixes, "-<table>.parquet", "-delta.json"):
        assert f"`creative-cities{suffix}`" in readme, suffix
    assert "creative-cities site --out site" in readme


def test_citation_file_matches_the_descriptor(descriptor: dict[str, Any]) -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "type"} <= set(citation)
    assert citation["title"] == descriptor["title"]
    assert citation["license"] == descriptor["licenses"][0]["name"]
    assert citation["repository-code"] == descriptor["homepage"]
    assert [a["name"] for a in citation["authors"]] == [
        c["title"] for c in descriptor["contributors"]
    ]
    assert "version" not in citation  # the version lives in datapackage.json alone


def test_pages_workflow_publishes_the_site_after_each_release_with_pinned_actions() -> None:
    flow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    trigger = flow.get("on", flow.get(True))
    assert trigger["workflow_run"] == {"workflows": ["release"], "types": ["completed"]}
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "build": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }
    steps = [step for job in jobs.values() for step in job["steps"]]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use) for use in uses), uses
    names = {use.split("@")[0] for use in uses}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= names
    commands = "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "creative-cities site --out site" in commands
