"""Generated parts of the repository are never stale."""

from __future__ import annotations

from typing import Any

from creative_cities import load
from creative_cities.check.stats import row_counts, stale_stats
from creative_cities.tools.docs import (
    CODES_BEGIN,
    CODES_END,
    SIZES_BEGIN,
    SIZES_END,
    network_sizes,
    render,
    render_codes,
    replace_section,
)

from .conftest import ROOT


def test_bytes_and_hash_match_the_files(descriptor: dict[str, Any]) -> None:
    assert stale_stats(descriptor, ROOT) == [], "run `python scripts/update_stats.py`"
    for resource in descriptor["resources"]:
        assert resource["hash"].startswith("sha256:")
        assert resource["bytes"] > 0


def test_readme_data_dictionary_is_current(descriptor: dict[str, Any]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = replace_section(readme, render(descriptor, row_counts(descriptor, ROOT)))
    assert readme == expected, "run `creative-cities fmt`"


def test_contributing_problem_codes_are_current() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    expected = replace_section(contributing, render_codes(), CODES_BEGIN, CODES_END)
    assert contributing == expected, "run `python scripts/write_docs.py`"


def test_readme_network_sizes_are_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sizes = network_sizes(load(ROOT))
    assert readme == replace_section(readme, sizes, SIZES_BEGIN, SIZES_END), (
        "run `python scripts/write_docs.py`"
    )


def test_network_sizes_agree_with_members_on_each_list_date() -> None:
    data = load(ROOT)
    sizes = network_sizes(data)
    for row in data.membership_lists.values():
        day = row.as_of.latest()
        count = len(data.organisations[row.network_id].members(as_of=day))
        name = data.organisations[row.network_id].name
        assert f"| {name} | {day} | {count} | `{row.source_id}` ({row.as_of}) |" in sizes


def test_data_dictionary_lists_every_field(descriptor: dict[str, Any]) -> None:
    section = render(descriptor, row_counts(descriptor, ROOT))
    for resource in descriptor["resources"]:
        assert f"### {resource['name']}" in section
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in section


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```")[0].strip() for block in readme.split("```sh\n")[1:]]
    install_and_run, install_and_test = blocks[0], blocks[1]
    assert install_and_run == 'python -m pip install ".[check]" && creative-cities validate'
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install_and_test in ci_lines
