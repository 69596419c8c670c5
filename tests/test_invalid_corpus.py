"""The corpus of invalid packages: each case must produce exactly the problems it lists,
and must not load.

Each folder under ``tests/invalid/`` (except ``base``) holds ``case.json`` and the
files that differ from ``tests/invalid/base``, a valid snapshot of the package;
``case.json`` may ``delete`` files and give resources other ``paths``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from creative_cities import DataError, load
from creative_cities.check.problems import Problem
from creative_cities.check.stats import with_fresh_stats
from creative_cities.check.validation import validate
from creative_cities.cli import main
from creative_cities.descriptor import DescriptorError, descriptor_text

from .conftest import ROOT

CORPUS = ROOT / "tests" / "invalid"
BASE = CORPUS / "base"
CASES = sorted(path for path in CORPUS.iterdir() if path.is_dir() and path != BASE)


def build(case: Path, target: Path) -> dict[str, Any]:
    """The base package with the case's files laid over it; stats refreshed unless the
    case brings its own descriptor, so that only the case's defect shows."""
    shutil.copytree(BASE, target)
    spec: dict[str, Any] = json.loads((case / "case.json").read_text(encoding="utf-8"))
    for path in case.rglob("*"):
        if path.is_file() and path.name != "case.json":
            destination = target / path.relative_to(case)
            destination.write_bytes(path.read_bytes())
    for relative in spec.get("delete", []):
        (target / relative).unlink()
    if not (case / "datapackage.json").exists():
        descriptor_file = target / "datapackage.json"
        descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:  # "paths": resource name to the path it names
            resource["path"] = spec.get("paths", {}).get(resource["name"], resource["path"])
        fresh = with_fresh_stats(descriptor, target)
        descriptor_file.write_text(descriptor_text(fresh), encoding="utf-8")
    return spec


def test_base_is_valid() -> None:
    assert [str(problem) for problem in validate(BASE).problems] == []


def test_corpus_covers_every_class_of_problem() -> None:
    assert len(CASES) >= 35
    classes = {case.name.split("-")[0] for case in CASES}
    assert {"encoding", "structure", "header", "value", "key", "meaning", "descriptor"} <= classes


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "package"
    spec = build(case, package)
    monkeypatch.chdir(package)  # the report names files from where the command runs
    if "unreadable" in spec:
        with pytest.raises(DescriptorError, match=spec["unreadable"]):
            validate(package)
        assert main(["validate", str(package)]) == 2
        output = capsys.readouterr()
    else:  # one run, through the command: its exit code, and its report as JSON
        assert main(["validate", "--format", "json", "."]) == 1
        output = capsys.readouterr()
        found = [
            f"{Problem(**problem).location()} {problem['code']}"
            for problem in json.loads(output.out)["problems"]
        ]
        assert found == spec["expect"]
    assert "Traceback" not in output.out + output.err
    with pytest.raises(DataError) as refused:  # a package that fails validation never loads
        load(package)
    if "unreadable" not in spec:
        location, code = spec["expect"][0].split()
        assert f"{location}: error[{code}]" in str(refused.value)
