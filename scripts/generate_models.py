"""Regenerate src/creative_cities/models.py from datapackage.json."""

import json
import subprocess
import sys
from pathlib import Path

from creative_cities.tools.generate_models import render

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    target = ROOT / "src" / "creative_cities" / "models.py"
    target.write_text(render(descriptor), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", str(target)], check=True)


if __name__ == "__main__":
    main()
