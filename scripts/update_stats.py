"""Write each resource's ``bytes`` and ``hash`` into datapackage.json from its file."""

import json
from pathlib import Path

from creative_cities.check.stats import with_fresh_stats
from creative_cities.descriptor import descriptor_text

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    path = ROOT / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    fresh = with_fresh_stats(descriptor, ROOT)
    path.write_text(descriptor_text(fresh), encoding="utf-8")


if __name__ == "__main__":
    main()
