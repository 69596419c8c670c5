"""Measure the API's speed: cold starts beside their baselines, warm look-ups, load scaling.

Run from a checkout with the package installed: ``python scripts/benchmark.py``.
Prints medians of repeated runs; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any

from synthetic import ROOT, generate, real_rows


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


SCALING_PROBE = """
import json, resource, statistics, sys, time, timeit
from creative_cities import dataset

start = time.perf_counter()
data = dataset.load(sys.argv[1])
result = {"load_ms": (time.perf_counter() - start) * 1000,
          "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
for label, call in (("first", data.cities.search), ("first_all", data.search)):
    start = time.perf_counter()
    call("Manchestr")
    result[label + "_ms"] = (time.perf_counter() - start) * 1000
for label, call in (("one", data.cities.search), ("all", data.search)):
    batches = timeit.repeat(lambda: call("Manchestr"), number=20, repeat=5)
    result[label + "_ms"] = statistics.median(batches) / 20 * 1000
result["end_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


# Exact names, aliases, short prefixes, common words, substrings, typos and misses.
SPREAD = [
    "Manchester", "Hull", "Brighton and Hove", "Liverpool City Region", "ham", "man", "b",
    "arts council", "city", "council", "chester", "anchester", "Manchestr", "Birmingam", "zzzzqqq",
]  # fmt: skip

SPREAD_PROBE = """
import json, sys, timeit
from creative_cities import dataset

data = dataset.load(sys.argv[1])
data.search("x")
calls = {"cities": data.cities.search, "local_authorities": data.local_authorities.search,
         "all": data.search}
result = {}
for query in json.loads(sys.argv[2]):
    for label, call in calls.items():
        batches = timeit.repeat(lambda: call(query), number=5, repeat=3)
        result[f"{query}|{label}"] = min(batches) / 5 * 1000
print(json.dumps(result))
"""


def probe(
    target: Path, source: Path | None, code: str = SCALING_PROBE, *args: str, cache: Path
) -> dict[str, float]:
    """One fresh process's figures from ``code`` (by default load and search), importing
    the package from ``source`` (a checkout's ``src``) when given, with ``cache`` as the
    folder of validation seals."""
    env = {**os.environ, "CREATIVE_CITIES_CACHE": str(cache)}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    found: dict[str, float] = json.loads(
        subprocess.run(
            [sys.executable, "-c", code, str(target), *args],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
    )
    return found


def scaling(
    runs: int, sizes: list[int], against: Path | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """Load time, peak memory and search times of the real package and synthetic ones, each
    the median over ``runs`` fresh processes; with ``against`` (another checkout), its figures
    too, its processes and ours run in turn."""
    codes: list[tuple[str, Path | None]] = [("this", None)]
    if against is not None:
        codes.append((against.name, against / "src"))
    results = []
    with tempfile.TemporaryDirectory() as folder:
        targets = [(real_rows(), ROOT)]
        for wanted in sizes:
            target = Path(folder) / str(wanted)
            targets.append((generate(target, wanted), target))
        for rows, target in targets:
            # the first load of a copy validates it and leaves a seal; the later ones trust it
            caches = {label: Path(folder) / f"cache-{label}-{rows}" for label, _ in codes}
            validating = {
                label: probe(target, source, cache=caches[label]) for label, source in codes
            }
            probes: dict[str, list[dict[str, float]]] = {label: [] for label, _ in codes}
            for _ in range(runs):
                for label, source in codes:
                    probes[label].append(probe(target, source, cache=caches[label]))
            for label, found in probes.items():
                medians = {key: statistics.median(p[key] for p in found) for key in found[0]}
                first = validating[label]
                row = {"rows": rows, "validating_ms": first["load_ms"], **medians}
                row["validating_rss_mb"] = first["peak_rss_mb"]
                results.append((label, row))
    return results


def spread(runs: int, rows: int, against: Path | None) -> None:
    """Print warm search times of the query spread at ``rows`` rows (cities, local
    authorities, all tables): the median over ``runs`` fresh processes of each one's best
    batch; with ``against``, its processes and ours run in turn, and the ratio."""
    codes: list[tuple[str, Path | None]] = [("this", None)]
    if against is not None:
        codes.append((against.name, against / "src"))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / str(rows)
        found_rows = generate(target, rows)
        probes: dict[str, list[dict[str, float]]] = {label: [] for label, _ in codes}
        for _ in range(runs):
            for label, source in codes:
                cache = Path(folder) / f"cache-{label}"
                found = probe(target, source, SPREAD_PROBE, json.dumps(SPREAD), cache=cache)
                probes[label].append(found)
    medians = {
        label: {key: statistics.median(p[key] for p in found) for key in found[0]}
        for label, found in probes.items()
    }
    print(f"Warm search at {found_rows} rows, ms per call (median of {runs} processes):")
    for query in SPREAD:
        cells = []
        for table in ("cities", "local_authorities", "all"):
            key = f"{query}|{table}"
            cell = f"{medians['this'][key]:6.2f}"
            if against is not None:
                old = medians[against.name][key]
                cell += f" ({old:6.2f}, {medians['this'][key] / old:4.2f})"
            cells.append(cell)
        print(f"  {query[:22]:22} cities {cells[0]}  councils {cells[1]}  all {cells[2]}")
    if against is not None:
        print(f"  in brackets: {against.name}'s code, and the ratio this / it")


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


def cold_and_warm(runs: int) -> None:
    """Cold starts beside their baselines, then the warm look-ups."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="cold processes per figure")
    parser.add_argument("--warm", action="store_true", help="only the warm look-ups")
    parser.add_argument("--scaling", action="store_true", help="only load and search by size")
    parser.add_argument(
        "--spread", type=int, metavar="ROWS", help="only warm search of many queries at ROWS rows"
    )
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10_000, 100_000], help="synthetic sizes, in rows"
    )
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout whose code runs in turn with this one's (--scaling, --spread)",
    )
    args = parser.parse_args()
    runs = args.runs
    if args.warm:
        warm_calls()
        return
    if args.spread:
        spread(runs, args.spread, args.against)
        return
    if not args.scaling:
        cold_and_warm(runs)

    print(f"Load and search by size, median of {runs} processes (ms; search 'Manchestr'):")
    print(f"  {'code':>10} {'rows':>8} {'validate':>9} {'RSS MB':>7} {'load':>8} {'RSS MB':>7} "
          f"{'1st cities':>11} {'1st all':>8} {'cities':>8} {'all':>8} {'RSS MB':>7}")  # fmt: skip
    for label, row in scaling(runs, args.sizes, args.against):
        print(f"  {label[:10]:>10} {row['rows']:>8} {row['validating_ms']:>9.1f} "
              f"{row['validating_rss_mb']:>7.1f} "
              f"{row['load_ms']:>8.1f} "
              f"{row['peak_rss_mb']:>7.1f} {row['first_ms']:>11.2f} {row['first_all_ms']:>8.2f} "
              f"{row['one_ms']:>8.3f} {row['all_ms']:>8.3f} {row['end_rss_mb']:>7.1f}")  # fmt: skip
    print("  validate: the first load() of the copy, which validates it (once, in one process);")
    print("  load: the later ones, which trust its seal. RSS: peak resident memory after load(),")
    print("  then after the searches. 1st: the first search of the process (it builds the name")
    print("  index); then warm, per call.")


if __name__ == "__main__":
    main()
