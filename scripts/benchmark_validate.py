"""Measure ``creative-cities validate`` beside ``frictionless validate``, side by side.

Run from a checkout with the package installed: ``python scripts/benchmark_validate.py``.
Prints medians of repeated runs on the real package, and rows per second and peak memory on a
synthetic package whose ``sources`` table has 100,000 rows; nothing here is asserted.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measure(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median wall time (s) and median peak memory (MB) of a command over ``runs`` runs."""
    seconds, memory = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", PROBE, *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        seconds.append(time.perf_counter() - start)
        memory.append(int(out.strip()) / 1024)
    return statistics.median(seconds), statistics.median(memory)


def synthetic(target: Path, rows: int) -> None:
    """A copy of the package whose sources table has ``rows`` extra, valid rows."""
    shutil.copytree(ROOT / "data", target / "data")
    path = target / "data" / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header, existing = next(reader), list(reader)
    extra = [
        [
            f"synthetic-{n:06d}",
            f"Synthetic source {n}",
            "Benchmark",
            f"https://example.org/{n}",
            "2020",
            "2026-11-27",
            "",
            "made up for a benchmark",
        ]
        for n in range(rows)
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(existing + extra))
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    from creative_cities.check.stats import with_fresh_stats

    fresh = with_fresh_stats(descriptor, target)
    (target / "datapackage.json").write_text(json.dumps(fresh, indent=2), encoding="utf-8")


def compare(label: str, folder: Path, rows: int, runs: int) -> None:
    ours = measure([sys.executable, "-m", "creative_cities.cli", "validate", "."], folder, runs)
    theirs = measure(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json"], folder, runs
    )
    print(f"{label}: {rows} rows, median of {runs} runs")
    print(f"  {'tool':28} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}")
    for name, (wall, memory) in (
        ("creative-cities validate", ours),
        ("frictionless validate", theirs),
    ):
        print(f"  {name:28} {wall:8.2f} {rows / wall:9.0f} {memory:8.1f}")
    print(f"  ratio (creative-cities / frictionless): {ours[0] / theirs[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure on the real package")
    parser.add_argument("--rows", type=int, default=100_000, help="rows added to the sources table")
    args = parser.parse_args()
    real_rows = sum(
        len((ROOT / "data" / path.name).read_text(encoding="utf-8").splitlines()) - 1
        for path in (ROOT / "data").glob("*.csv")
    )
    compare("real package", ROOT, real_rows, args.runs)
    with tempfile.TemporaryDirectory() as folder:
        synthetic(Path(folder), args.rows)
        compare("synthetic package", Path(folder), real_rows + args.rows, max(1, args.runs // 2))


if __name__ == "__main__":
    main()
