"""Contributors' documents: every problem code is explained, and CI runs what it should."""

from __future__ import annotations

import json
import re

import yaml

from creative_cities.check.problems import CODES, Problem

from .conftest import ROOT


def _documented_codes() -> set[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.MULTILINE))


def _produced_codes() -> set[str]:
    produced = set()
    for case in (ROOT / "tests" / "invalid").glob("*/case.json"):
        for expected in json.loads(case.read_text(encoding="utf-8"))["expect"]:
            produced.add(expected.rsplit(" ", 1)[1])
    return produced


def test_the_registry_is_what_contributing_documents() -> None:
    assert _documented_codes() == set(CODES)
    assert all(code.meaning and code.hint for code in CODES.values())


def test_every_code_the_corpus_produces_is_in_the_registry() -> None:
    assert _produced_codes() - set(CODES) == set()


def test_every_registered_code_has_a_case() -> None:
    # No schema declares a unique field yet; a failing check has no fixed input.
    without_case = {"unique-error", "internal-error"}
    assert set(CODES) - _produced_codes() == without_case


def test_a_problem_without_its_own_hint_takes_the_registry_hint() -> None:
    problem = Problem("data/cities.csv", "bom", "starts with a byte order mark")
    assert problem.hint == CODES["bom"].hint
    assert Problem("x.csv", "bom", "m", "my hint").hint == "my hint"


def test_pull_request_workflow_is_safe_and_complete() -> None:
    text = (ROOT / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert "pull_request_target" not in text
    trigger = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert trigger == {"pull_request": None, "push": {"branches": ["main"]}}
    assert flow["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["group"] == "validate-${{ github.ref }}"
    assert all(0 < job["timeout-minutes"] <= 20 for job in flow["jobs"].values())
    for use in re.findall(r"uses: (\S+)", text):
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", use), use
    for step in (
        "creative-cities validate --format github",
        "creative-cities fmt --check",
        "creative-cities diff",
        "GITHUB_STEP_SUMMARY",
        "python -m pytest",
    ):
        assert step in text  # fmt: skip


def test_issue_forms_and_pull_request_template() -> None:
    forms = {path.name for path in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")}
    assert {"add-data.yml", "correct-data.yml", "propose-sector-or-theme.yml"} <= forms
    assert (ROOT / ".github" / "pull_request_template.md").is_file()
