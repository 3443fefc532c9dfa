"""Benchmark: `vaultkit reach` and `vaultkit graph` as whole processes, on a warm index of
10,000 contacts.

    .venv/bin/python benchmarks/bench_reach.py [--runs 5]

Writes (or reuses) the synthetic vault of 10,000 contacts and 3,000 events
(tools/genvault.py, as of 2026-11-26), warms its index in a temp cache, then times `reach`
to a contact, to the company with the most people and to a need (JSON), and `graph` of the
whole vault as a canvas and as DOT; as a baseline measured in the same run (a loaded
machine shows as ratios), `list contacts --format json`. Prints the median wall time, the
best, the CPU time, and whether the targets hold: `reach` under 1 s, `graph` of the whole
vault under 3 s. Exits 1 when one does not.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import VAULTKIT, build_vault, env_with_cache, run_timed, timed_runs

TODAY = "2026-11-26"
REACH, GRAPH = 1.0, 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    args = parser.parse_args()
    vault = build_vault(10000, 3000, TODAY)
    cache = Path(tempfile.mkdtemp(prefix="bench-reach-"))
    env = env_with_cache(cache, bytecode=True)
    at = ["--date", TODAY, "--vault", str(vault)]
    try:
        subprocess.run([*VAULTKIT, "index", "--vault", str(vault)], env=env, check=True, stdout=subprocess.DEVNULL)
        companies = json.loads(run_timed([*VAULTKIT, "list", "companies", "--format", "json", *at[2:]], env)[1])
        biggest = max(companies, key=lambda r: (r["now"] + r["before"], r["name"]))["name"]
        people = json.loads(run_timed([*VAULTKIT, "list", "contacts", "--format", "json", *at[2:]], env)[1])
        someone = people[len(people) // 2]["name"]
        commands = {
            "list contacts": [*VAULTKIT, "list", "contacts", "--format", "json", *at[2:]],
            f"reach {someone!r}": [*VAULTKIT, "reach", someone, "--contact", "--format", "json", *at],
            f"reach {biggest!r}": [*VAULTKIT, "reach", biggest, "--company", "--format", "json", *at],
            "reach 'seed funding'": [*VAULTKIT, "reach", "seed funding", "--need", "--format", "json", *at],
            "graph (canvas)": [*VAULTKIT, "graph", *at],
            "graph --format dot": [*VAULTKIT, "graph", "--format", "dot", *at],
        }
        for cmd in commands.values():
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)  # warm, and must work
        sizes = json.loads(run_timed([*VAULTKIT, "graph", "--format", "json", *at], env)[1])
        results = {name: timed_runs(cmd, env, args.runs) for name, cmd in commands.items()}
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    base = results["list contacts"][0]
    print(f"10000 contacts, 3000 events; the graph: {len(sizes['nodes'])} nodes, {len(sizes['edges'])} edges")
    print("median wall, best, CPU; ratio to `list contacts`:")
    for name, (med, best, cpu) in results.items():
        print(f"  {name:34} {med:.3f} s  best {best:.3f} s  CPU {cpu:.3f} s  {med / base:.2f}x")
    reach = max(med for name, (med, _, _) in results.items() if name.startswith("reach"))
    graph = max(med for name, (med, _, _) in results.items() if name.startswith("graph"))
    print(f"target: reach under {REACH} s: {'ok' if reach < REACH else 'MISSED'} ({reach:.3f} s slowest)")
    print(f"target: graph of the whole vault under {GRAPH} s: {'ok' if graph < GRAPH else 'MISSED'} ({graph:.3f} s)")
    return 0 if reach < REACH and graph < GRAPH else 1


if __name__ == "__main__":
    sys.exit(main())
