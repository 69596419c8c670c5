"""Write a synthetic copy of the package, of about N rows, that passes every check.

The real package is copied ``k`` times and every identifier renamed per copy, so each copy is
the real data again under other keys: primary keys stay unique, foreign keys resolve within
their copy, names and aliases stay distinct, and the meaning checks (nations, GSS entity types,
dates, programme stages...) hold because every relation between rows is kept. Tables whose codes
have too few free values (regions, SIC codes) are written once. Rows are sorted by primary key
and the descriptor carries fresh ``bytes`` and ``hash``.

    python scripts/synthetic.py --rows 100000 --out /tmp/pkg100k
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
GSS = "^[ENSW][0-9]{8}$"
QID = "^Q[1-9][0-9]*$"
FIXED = frozenset({"regions", "sic_codes"})  # their codes have too few free values to multiply
# A GSS code keeps its entity (E06...) and numbers its copy above every real code (< 1000).
GSS_BLOCK = 1000
MAX_COPIES = 999
# Fields that name a record: a copy's value gets `` (copy k)`` so that names stay distinct.
NAMES = frozenset({"name", "short_name", "official_name", "title", "alias"})
NAMES_MAY_REPEAT = frozenset({"sources"})  # the title of a source is not a name

Rename = Callable[[str, int], str]


def _slug(value: str, copy: int) -> str:
    return f"{value}-c{copy}"


def _gss(value: str, copy: int) -> str:
    number = int(value[3:])
    if number >= GSS_BLOCK:
        raise ValueError(f"GSS code {value} is beyond the generator's block of {GSS_BLOCK}")
    return f"{value[:3]}{copy * GSS_BLOCK + number:06d}"


def _qid(value: str, copy: int) -> str:
    # Longer than any real QID (the copy, then the real number in ten digits): no clash.
    return f"Q{copy}{value[1:]:0>10}"


def _name(value: str, copy: int) -> str:
    return f"{value} (copy {copy})"


def _renames(resource: dict[str, Any]) -> dict[str, Rename]:
    """How each field of a resource changes from one copy to the next."""
    renames: dict[str, Rename] = {}
    for field in resource["schema"]["fields"]:
        pattern = field.get("constraints", {}).get("pattern")
        if pattern == SLUG:
            renames[field["name"]] = _slug
        elif pattern == GSS:
            renames[field["name"]] = _gss
        elif pattern == QID:
            renames[field["name"]] = _qid
        elif field["name"] in NAMES and resource["name"] not in NAMES_MAY_REPEAT:
            renames[field["name"]] = _name
    return renames


def copies_for(rows: int) -> int:
    """How many copies of the real package come closest to ``rows`` rows in total."""
    fixed, scaled = sizes()
    copies = max(1, round((rows - fixed) / scaled))
    if copies > MAX_COPIES:
        raise ValueError(f"at most {MAX_COPIES * scaled + fixed} rows (asked for {rows})")
    return copies


def sizes() -> tuple[int, int]:
    """Rows of the tables written once, and of those copied."""
    fixed = scaled = 0
    for resource in _descriptor()["resources"]:
        with (ROOT / resource["path"]).open(encoding="utf-8", newline="") as handle:
            count = sum(1 for _ in csv.reader(handle)) - 1
        if resource["name"] in FIXED:
            fixed += count
        else:
            scaled += count
    return fixed, scaled


def real_rows() -> int:
    """The rows of the real package, header lines excluded."""
    return sum(sizes())


def _descriptor() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return loaded


def write(target: Path, copies: int) -> dict[str, int]:
    """Write the package ``copies`` times over (copy 0 is the real data) into ``target``;
    return the rows of each table."""
    from creative_cities.check.stats import with_fresh_stats

    if not 1 <= copies <= MAX_COPIES:
        raise ValueError(f"copies must be between 1 and {MAX_COPIES}")
    descriptor = _descriptor()
    (target / "data").mkdir(parents=True, exist_ok=True)
    counts = {}
    for resource in descriptor["resources"]:
        with (ROOT / resource["path"]).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header, rows = next(reader), list(reader)
        renames = [(header.index(name), rename) for name, rename in _renames(resource).items()]
        out = list(rows)
        for copy in range(1, 1 if resource["name"] in FIXED else copies):
            for row in rows:
                changed = list(row)
                for column, rename in renames:
                    if changed[column]:
                        changed[column] = rename(changed[column], copy)
                out.append(changed)
        keys = [header.index(name) for name in resource["schema"]["primaryKey"]]
        out.sort(key=lambda row: [row[i] for i in keys])
        with (target / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(out)
        counts[resource["name"]] = len(out)
    fresh = with_fresh_stats(descriptor, target)
    (target / "datapackage.json").write_text(
        json.dumps(fresh, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return counts


def generate(target: Path, rows: int) -> int:
    """Write a package of about ``rows`` rows into ``target``; return its exact row count."""
    return sum(write(target, copies_for(rows)).values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="rows wanted, in all tables")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (new or empty)")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"error: {args.out} is not empty", file=sys.stderr)
        return 2
    try:
        copies = copies_for(args.rows)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counts = write(args.out, copies)
    print(f"{args.out}: {sum(counts.values())} rows, {copies} copies of the package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
