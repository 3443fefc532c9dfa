"""Benchmark: `vaultkit health` as a whole process, on a warm index of 10,000 contacts.

    .venv/bin/python benchmarks/bench_health.py [--runs 5]

Writes (or reuses) the synthetic vault of 10,000 contacts and 3,000 events
(tools/genvault.py, as of 2026-11-26), warms its index in a temp cache, then times
`health --format json` with nothing changed (the answer kept for scripts), the same after
one note changed before each run (its time touched: the index reads it again and every
answer is computed afresh), `health` (text: always computed) and, as baselines measured
in the same run (a loaded machine shows as ratios), `list contacts --format json` and
`who`. Prints the median wall time, the best, the CPU time, and whether each `health`
holds the target, under 0.5 s. Exits 1 when the warm one does not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import VAULTKIT, build_vault, env_with_cache, timed_runs

TODAY = "2026-11-26"
TARGET = 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    args = parser.parse_args()
    vault = build_vault(10000, 3000, TODAY)
    cache = Path(tempfile.mkdtemp(prefix="bench-health-"))
    env = env_with_cache(cache, bytecode=True)  # compiled once, as an installed package is
    at = ["--date", TODAY, "--vault", str(vault)]
    note = next((vault / "people").glob("*.md"))
    commands = {
        "health --format json": [*VAULTKIT, "health", "--format", "json", *at],
        "after a change": [*VAULTKIT, "health", "--format", "json", *at],
        "health": [*VAULTKIT, "health", *at],
        "list contacts": [*VAULTKIT, "list", "contacts", "--format", "json", "--vault", str(vault)],
        "who": [*VAULTKIT, "who", "seed funding", "--format", "json", *at],
    }
    try:
        subprocess.run([*VAULTKIT, "index", "--vault", str(vault)], env=env, check=True, stdout=subprocess.DEVNULL)
        for cmd in commands.values():  # warm (and compile what each imports)
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        results = {name: timed_runs(cmd, env, args.runs, _touch(note) if name == "after a change" else None)
                   for name, cmd in commands.items()}
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    base = results["list contacts"][0]
    print("10000 contacts, 3000 events (median wall, best, CPU; ratio to `list contacts`):")
    for name, (med, best, cpu) in results.items():
        print(f"  {name:22} {med:.3f} s  best {best:.3f} s  CPU {cpu:.3f} s  {med / base:.2f}x")
    for name in ("health --format json", "after a change", "health"):
        med = results[name][0]
        print(f"target: {name} under {TARGET} s at 10,000 contacts: {'ok' if med < TARGET else 'MISSED'} ({med:.3f} s)")
    return 0 if results["health --format json"][0] < TARGET else 1


def _touch(path: Path):
    """A function giving ``path`` a new modification time (its text unchanged)."""
    def touch() -> None:
        os.utime(path)
    return touch


if __name__ == "__main__":
    sys.exit(main())
