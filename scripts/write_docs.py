"""Regenerate the README's data dictionary and CONTRIBUTING's problem codes.

`creative-cities fmt` refreshes the data dictionary too; the problem codes change with the code.
"""

import json
from pathlib import Path

from creative_cities.tools.docs import (
    CODES_BEGIN,
    CODES_END,
    current_readme,
    render_codes,
    replace_section,
)

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    current = current_readme(descriptor, ROOT)
    if current is not None:
        readme, text = current
        readme.write_text(text, encoding="utf-8")
    contributing = ROOT / "CONTRIBUTING.md"
    codes = replace_section(
        contributing.read_text(encoding="utf-8"), render_codes(), CODES_BEGIN, CODES_END
    )
    contributing.write_text(codes, encoding="utf-8")


if __name__ == "__main__":
    main()
