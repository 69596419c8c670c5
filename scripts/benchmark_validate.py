"""Measure ``creative-cities validate`` beside ``frictionless validate``, run alternately.

Run from a checkout with the package installed: ``python scripts/benchmark_validate.py``.
For the real package and for synthetic packages of about 10k, 100k and 1M rows (see
``scripts/synthetic.py``), the two commands run in turn, ``--runs`` times each (``--big-runs``
at 1M rows); it prints median seconds, rows per second, median peak memory (the PSS of all
the command's processes) and the ratio.
Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import ROOT, generate, real_rows

SAMPLE_SECONDS = 0.02
TREE_EVERY = 5  # samples between two listings of the command's processes (each takes ~6 ms)
BIG = 500_000  # from this many rows on, ``--big-runs`` applies
TOOLS = {
    "creative-cities validate": [sys.executable, "-m", "creative_cities.cli", "validate", "."],
    "frictionless validate": [sys.executable, "-m", "frictionless", "validate", "datapackage.json"],
}


def run_once(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time (s), peak memory (MB) and exit status of one run of a command. The memory is
    the largest sum, sampled every 20 ms, of the proportional set size (PSS) of the command's
    processes (listed every ``TREE_EVERY`` samples): ``creative-cities validate`` forks a
    second one, whose pages it shares."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak, samples, pids = 0, 0, [process.pid]
    while process.poll() is None:
        if samples % TREE_EVERY == 0:  # listing every process costs more than the sampling
            pids = _tree(process.pid)
        peak = max(peak, sum(_pss_kb(pid) for pid in pids))
        samples += 1
        time.sleep(SAMPLE_SECONDS)
    return time.perf_counter() - start, peak / 1024, process.returncode


def _tree(root: int) -> list[int]:
    """The process and its descendants, from each process's parent in ``/proc``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(found[1]) if found else 0


def compare(label: str, folder: Path, rows: int, runs: int) -> None:
    """Run each tool ``runs`` times, alternately, and print their medians and ratio."""
    seconds: dict[str, list[float]] = {name: [] for name in TOOLS}
    memory: dict[str, list[float]] = {name: [] for name in TOOLS}
    status: dict[str, set[int]] = {name: set() for name in TOOLS}
    for _ in range(runs):
        for name, command in TOOLS.items():
            wall, peak, code = run_once(command, folder)
            seconds[name].append(wall)
            memory[name].append(peak)
            status[name].add(code)
    print(f"{label}: {rows} rows, median of {runs} alternate runs")
    print(f"  {'tool':28} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}  exit")
    medians = {}
    for name in TOOLS:
        medians[name] = statistics.median(seconds[name])
        peak = statistics.median(memory[name])
        codes = ",".join(map(str, sorted(status[name])))
        print(f"  {name:28} {medians[name]:8.2f} {rows / medians[name]:9.0f} {peak:8.1f}  {codes}")
    ours, theirs = medians.values()
    print(f"  time ratio (creative-cities / frictionless): {ours / theirs:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each tool per size")
    parser.add_argument("--big-runs", type=int, default=1, help="runs of each tool at 1M rows")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[10_000, 100_000, 1_000_000],
        help="synthetic package sizes, in rows (default: 10000 100000 1000000)",
    )
    args = parser.parse_args()
    compare("real package", ROOT, real_rows(), args.runs)
    for wanted in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            rows = generate(Path(folder), wanted)
            runs = args.big_runs if wanted >= BIG else args.runs
            compare(f"synthetic package (~{wanted})", Path(folder), rows, runs)


if __name__ == "__main__":
    main()
