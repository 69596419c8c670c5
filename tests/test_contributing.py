"""Contributors' documents: every problem code is explained, and CI runs what it should."""

from __future__ import annotations

import json
import re

from .conftest import ROOT


def _documented_codes() -> set[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.MULTILINE))


def test_every_code_the_corpus_produces_is_documented() -> None:
    produced = set()
    for case in (ROOT / "tests" / "invalid").glob("*/case.json"):
        for expected in json.loads(case.read_text(encoding="utf-8"))["expect"]:
            produced.add(expected.rsplit(" ", 1)[1])
    assert produced - _documented_codes() == set()


def test_every_documented_code_has_a_case() -> None:
    produced = set()
    for case in (ROOT / "tests" / "invalid").glob("*/case.json"):
        for expected in json.loads(case.read_text(encoding="utf-8"))["expect"]:
            produced.add(expected.rsplit(" ", 1)[1])
    # No schema declares a unique field yet; a failing check has no fixed input.
    without_case = {"unique-error", "internal-error"}
    assert _documented_codes() - produced == without_case


def test_pull_request_workflow_is_safe_and_complete() -> None:
    text = (ROOT / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8")
    assert "pull_request_target" not in text
    assert re.search(r"^on:\n  pull_request:", text, re.MULTILINE)
    assert re.search(r"^permissions:\n  contents: read$", text, re.MULTILINE)
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
