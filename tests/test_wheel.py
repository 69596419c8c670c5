"""The data ships inside the wheel, byte for byte, and loads with no checkout nearby."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


def run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("wheels")
    run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "--no-build-isolation",
        "-w", target)  # fmt: skip
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


def test_wheel_loads_in_a_fresh_environment_offline(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    site = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    )
    run(python, "-m", "pip", "install", "--no-index", "--no-deps", "--quiet", wheel)
    # Its dependencies come from this environment, added after the wheel is installed so
    # that pip cannot take this environment's copy of creative_cities for the wheel's.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    away = tmp_path / "elsewhere"
    away.mkdir()
    script = (
        "import json, creative_cities as cc; d = cc.load(); "
        "print(json.dumps([cc.__file__, str(d.root), len(d.cities), d.cities.resolve('Hull').id]))"
    )
    module, root, cities, hull = json.loads(run(python, "-c", script, cwd=away))
    assert module.startswith(str(venv)) and root.startswith(str(venv))
    assert cities == len((ROOT / "data" / "cities.csv").read_text().splitlines()) - 1
    assert hull == "kingston-upon-hull"
