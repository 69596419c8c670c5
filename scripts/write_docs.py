"""Regenerate the README's data dictionary and CONTRIBUTING's problem codes."""

import json
from pathlib import Path

from creative_cities import load
from creative_cities.check.stats import row_counts
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

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    readme = ROOT / "README.md"
    section = render(descriptor, row_counts(descriptor, ROOT))
    text = replace_section(readme.read_text(encoding="utf-8"), section)
    sizes = network_sizes(load(ROOT))
    readme.write_text(replace_section(text, sizes, SIZES_BEGIN, SIZES_END), encoding="utf-8")
    contributing = ROOT / "CONTRIBUTING.md"
    codes = replace_section(
        contributing.read_text(encoding="utf-8"), render_codes(), CODES_BEGIN, CODES_END
    )
    contributing.write_text(codes, encoding="utf-8")


if __name__ == "__main__":
    main()
