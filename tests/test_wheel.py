"""The data ships inside the wheel, byte for byte, and loads with no checkout nearby."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

# The environment of a process far from any checkout: no PYTHONPATH leading back to one.
AWAY = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def run(*command: str | Path, cwd: Path | None = None) -> str:
    parts = [str(part) for part in command]
    result = subprocess.run(parts, cwd=cwd, env=AWAY, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel as ``pip wheel`` builds it: by the build backend that pyproject.toml names,
    in the checkout (called directly: pip would add a second of its own start-up)."""
    target = tmp_path_factory.mktemp("wheels")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    backend = pyproject["build-system"]["build-backend"]
    run(sys.executable, "-c", f"import {backend}; {backend}.build_wheel({str(target)!r})", cwd=ROOT)
    return next(target.glob("creative_cities-*.whl"))


def test_wheel_holds_the_data_byte_for_byte(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name.removeprefix("creative_cities/package/"): archive.read(name)
            for name in archive.namelist()
            if name.startswith("creative_cities/package/")
        }
    expected = {"datapackage.json": (ROOT / "datapackage.json").read_bytes()}
    expected |= {f"data/{p.name}": p.read_bytes() for p in (ROOT / "data").glob("*.csv")}
    assert shipped == expected


def test_wheel_holds_the_site_templates_and_leaflet(wheel: Path) -> None:
    site = ROOT / "src" / "creative_cities" / "release" / "site"
    kept = [path for path in site.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    with zipfile.ZipFile(wheel) as archive:
        for path in kept:
            name = path.relative_to(ROOT / "src").as_posix()
            assert archive.read(name) == path.read_bytes(), name
    names = {path.relative_to(site).as_posix() for path in kept}
    assert {"templates/home.html", "static/leaflet/leaflet.js", "static/leaflet/LICENSE"} <= names


def _installed(python: Path, root: str) -> tuple[set[str], set[str]]:
    """The distributions installed beside ``python``, and those that ``root`` requires, itself
    included, among them."""
    script = f"""
import json, re
from importlib import metadata
installed = sorted(dist.metadata["Name"] for dist in metadata.distributions())
seen, todo = set(), [{root!r}]
while todo:
    name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
    if name in seen:
        continue
    seen.add(name)
    for req in metadata.requires(name) or []:
        if "extra ==" not in req:
            todo.append(re.match(r"[A-Za-z0-9_.-]+", req).group(0))
print(json.dumps([installed, sorted(seen)]))
"""
    installed, required = json.loads(run(python, "-c", script))
    return {name.lower().replace("_", "-") for name in installed}, set(required)


def test_the_wheel_without_extras_brings_pydantic_alone(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # An empty environment, filled by this pip (seeding one with its own pip takes longer
    # than the rest of the test): whatever it holds then came with the wheel.
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python, command = venv / "bin" / "python", venv / "bin" / "creative-cities"
    pip = (sys.executable, "-m", "pip", "--python", python)
    run(*pip, "install", "--quiet", wheel)
    installed, required = _installed(python, "pydantic")
    assert installed == {"creative-cities"} | required
    away = tmp_path / "elsewhere"
    away.mkdir()
    script = (
        "import json, creative_cities as cc; d = cc.load(); "
        "print(json.dumps([cc.__file__, str(d.root), len(d.cities), d.cities['liverpool'].name, "
        "cc.__version__]))"
    )
    module, root, cities, liverpool, version = json.loads(run(python, "-c", script, cwd=away))
    assert module.startswith(str(venv)) and root.startswith(str(venv))
    assert cities == len((ROOT / "data" / "cities.csv").read_text().splitlines()) - 1
    assert liverpool == "Liverpool"
    assert version == json.loads((ROOT / "datapackage.json").read_text())["version"]
    for name, extra in (("validate", "check"), ("fmt", "check"), ("build", "release")):
        result = subprocess.run(
            [command, name], cwd=away, env=AWAY, capture_output=True, text=True, check=False
        )
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert f"pip install 'creative-cities[{extra}]'" in result.stderr
