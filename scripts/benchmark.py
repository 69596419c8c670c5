"""Measure the API's speed: cold starts beside their baselines, warm look-ups, load scaling.

Run from a checkout with the package installed: ``python scripts/benchmark.py``.
Prints medians of repeated runs; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
GSS = "^[ENSW][0-9]{8}$"
UNSCALED = {"regions", "sic_codes"}  # their codes have too few free values to multiply


def cold(code: str, runs: int) -> float:
    """Median wall time, in ms, of a fresh ``python -c code``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def warm(statement: str, setup: str, number: int) -> float:
    """Median time of one call, in µs, over five batches of ``number`` calls."""
    batches = timeit.repeat(statement, setup, number=number, repeat=5)
    return statistics.median(batches) / number * 1e6


def synthetic(target: Path, copies: int) -> int:
    """Write a package ``copies`` times the real one (keys renamed per copy); return its rows."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    (target / "data").mkdir(parents=True)
    total = 0
    for resource in descriptor["resources"]:
        patterns = {
            field["name"]: field.get("constraints", {}).get("pattern")
            for field in resource["schema"]["fields"]
        }
        with (ROOT / resource["path"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        out = []
        for copy in range(1 if resource["name"] in UNSCALED else copies):
            for row in rows:
                out.append(
                    {key: _rename(value, patterns[key], copy, key) for key, value in row.items()}
                )
        with (target / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(patterns), lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)
        total += len(out)
        resource.pop("bytes", None)
        resource.pop("hash", None)
    (target / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return total


def _rename(value: str, pattern: str | None, copy: int, field: str) -> str:
    if not value or copy == 0:
        return value
    if pattern == SLUG:
        return f"{value}-c{copy}"
    if pattern == GSS:
        return f"{value[:3]}{copy:02d}{value[5:]}"
    if field == "alias":
        return f"{value} {copy}"
    return value


def scaling(runs: int) -> list[dict[str, Any]]:
    probe = (
        "import resource, sys, time; import creative_cities; from creative_cities import dataset; "
        "t = time.perf_counter(); dataset.load(sys.argv[1]); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for copies in (1, 10, 100):
            target = Path(folder) / f"x{copies}"
            rows = synthetic(target, copies)
            seconds, memory = [], []
            for _ in range(runs):
                out = subprocess.run(
                    [sys.executable, "-c", probe, str(target)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                seconds.append(float(out[0]))
                memory.append(int(out[1]) / 1024)
            results.append(
                {
                    "copies": copies,
                    "rows": rows,
                    "load_ms": statistics.median(seconds) * 1000,
                    "peak_rss_mb": statistics.median(memory),
                }
            )
            shutil.rmtree(target)
    return results


WARM_CALLS = [
    ("cities['liverpool']", "data.cities['liverpool']", 1_000_000),
    ("cities.get('liverpool')", "data.cities.get('liverpool')", 1_000_000),
    ("cities.resolve('Hull')", "data.cities.resolve('Hull')", 100_000),
    ("cities.resolve('Brighton & Hove')", "data.cities.resolve('Brighton & Hove')", 100_000),
    ("resolve('Brighton and Hove')", "data.resolve('Brighton and Hove')", 100_000),
    ("resolve('GB-LIV')", "data.resolve('GB-LIV')", 100_000),
    ("resolve('E08000012')", "data.resolve('E08000012')", 100_000),
    ("resolve(2643123) (GeoNames)", "data.resolve(2643123)", 100_000),
    ("resolve('E06000099') (a miss)", "data.resolve('E06000099')", 100_000),
    ("cities.search('Manchestr')", "data.cities.search('Manchestr')", 1_000),
    ("search('ham') (all tables)", "data.search('ham')", 1_000),
    ("search('Manchestr') (all tables)", "data.search('Manchestr')", 1_000),
    ("search('arts council') (all tables)", "data.search('arts council')", 1_000),
    (
        "key_cities.members(as_of=2019-06-01)",
        "key_cities.members(as_of=date(2019, 6, 1))",
        100_000,
    ),
    (
        "membership_history(Carlisle)",
        "data.membership_history(data.local_authorities['E07000028'])",
        10_000,
    ),
]


def warm_calls() -> None:
    """Print the median time of each warm call; a call the API lacks prints ``n/a``."""
    setup = (
        "import creative_cities; from datetime import date; data = creative_cities.load(); "
        "data.search('x'); data.resolve('x'); key_cities = data.organisations['key-cities']; "
        "key_cities.members(as_of=date(2019, 6, 1))"
    )
    print("Warm calls, median of 5 batches (µs per call):")
    for label, statement, number in WARM_CALLS:
        try:
            value = f"{warm(statement, setup, number):10.3f}"
        except AttributeError:
            value = f"{'n/a':>10}"
        print(f"  {label:38}{value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="cold processes per figure")
    parser.add_argument("--warm", action="store_true", help="only the warm look-ups")
    args = parser.parse_args()
    runs = args.runs
    if args.warm:
        warm_calls()
        return

    print(f"Cold starts, median of {runs} processes (ms):")
    baseline = cold("pass", runs)
    package = cold("import creative_cities", runs)
    models = cold("import creative_cities.models", runs)
    first = cold("import creative_cities; creative_cities.load().cities['liverpool']", runs)
    rows = [
        ("python -c pass", baseline, ""),
        ("import creative_cities", package, f"+{package - baseline:.1f} over pass"),
        ("import creative_cities.models", models, ""),
        ("import, load(), one look-up", first, f"+{first - models:.1f} over models"),
    ]
    for label, value, note in rows:
        print(f"  {label:40}{value:7.1f}  {note}")
    try:
        import pycountry  # noqa: F401
    except ImportError:
        print("  pycountry cold look-up                  not installed (pip install pycountry)")
    else:
        reference = cold("import pycountry; pycountry.countries.get(alpha_2='GB')", runs)
        print(f"  pycountry cold look-up                  {reference:7.1f}  "
              f"(ours is {first / reference:.2f}x)")  # fmt: skip

    warm_calls()

    print(f"Load time and peak memory by size, median of {min(runs, 5)} processes:")
    print(f"  {'copies':>6} {'rows':>8} {'load ms':>9} {'ms/1k rows':>11} {'peak RSS MB':>12}")
    for row in scaling(min(runs, 5)):
        per_k = row["load_ms"] / row["rows"] * 1000
        print(f"  {row['copies']:>6} {row['rows']:>8} {row['load_ms']:>9.1f} {per_k:>11.2f} "
              f"{row['peak_rss_mb']:>12.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
