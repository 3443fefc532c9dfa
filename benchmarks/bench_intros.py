"""Benchmark: `vaultkit intros --limit 20 --format json` as a whole process, on a warm index.

    .venv/bin/python benchmarks/bench_intros.py [--runs 5] [--work DIR]

Writes synthetic vaults (tools/genvault.py) of 2,500 contacts (750 events) and
10,000 contacts (3,000 events), warms each index, then times the whole process. The baseline, measured in
the same run, is `vaultkit list contacts --format json` (a command that also reads
every contact). Prints the figures, the growth from 2,500 to 10,000 contacts (scoring
every pair would grow 16x) and whether the targets hold: under 1.5 s at 10,000
contacts, growth far from 16x (under 8x). Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import write_vault

SIZES = [(2500, 750), (10000, 3000)]
TODAY = "2026-11-26"
TARGET_SECONDS = 1.5
MAX_GROWTH = 8.0


def vaultkit() -> list[str]:
    script = Path(sys.executable).parent / "vaultkit"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from vaultkit.cli.main import main; main()"]


def timed(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """(median wall, best wall, median CPU) seconds of ``runs`` runs of the command. CPU time
    (user + system) shows the cost when other processes share the machine."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--work", help="folder for the vaults and caches (kept; default: a temp folder)")
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-intros-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "COLUMNS": "100"}
    env.pop("VAULTKIT_VAULT", None)
    cmd = vaultkit()
    results = {}
    try:
        for contacts, events in SIZES:
            vault = work / f"vault-{contacts}"
            if not (vault / "people").is_dir():
                write_vault(vault, contacts, events, TODAY)
            subprocess.run([*cmd, "index", "--vault", str(vault)], env=env, check=True, stdout=subprocess.DEVNULL)
            intros = [*cmd, "intros", "--limit", "20", "--format", "json", "--date", TODAY, "--vault", str(vault)]
            baseline = [*cmd, "list", "contacts", "--format", "json", "--vault", str(vault)]
            subprocess.run(intros, env=env, check=True, stdout=subprocess.DEVNULL)  # warm the file cache too
            results[contacts] = {"intros": timed(intros, env, args.runs), "baseline": timed(baseline, env, args.runs)}
            med, best, cpu = results[contacts]["intros"]
            base_med, _, base_cpu = results[contacts]["baseline"]
            print(f"{contacts:>6} contacts, {events:>5} events: intros median {med:.3f} s (best {best:.3f} s, "
                  f"CPU {cpu:.3f} s); baseline `list contacts` {base_med:.3f} s (CPU {base_cpu:.3f} s); "
                  f"intros/baseline {med / base_med:.2f}x")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    small, large = (results[c]["intros"][0] for c, _ in SIZES)
    growth = large / small
    base_growth = results[SIZES[1][0]]["baseline"][0] / results[SIZES[0][0]]["baseline"][0]
    print(f"growth 2,500 -> 10,000 contacts: intros {growth:.2f}x (scoring every pair: 16x; "
          f"baseline {base_growth:.2f}x)")
    ok_time = large < TARGET_SECONDS
    ok_growth = growth < MAX_GROWTH
    print(f"target: under {TARGET_SECONDS} s at 10,000 contacts: {'ok' if ok_time else 'MISSED'} ({large:.3f} s); "
          f"growth under {MAX_GROWTH:g}x: {'ok' if ok_growth else 'MISSED'}")
    return 0 if ok_time and ok_growth else 1


if __name__ == "__main__":
    sys.exit(main())
