"""Benchmark: `vaultkit intros`, `who` and `share` as whole processes, on a warm index.

    .venv/bin/python benchmarks/bench_intros.py [--runs 5] [--work DIR]
    .venv/bin/python benchmarks/bench_intros.py --contacts 100000 --events 30000 [--runs 3]

Writes synthetic vaults (tools/genvault.py) of 2,500 contacts (750 events) and
10,000 contacts (3,000 events), byte-compiles vaultkit, warms each index, then times
each whole process. Two baselines are measured in the same run, so that a loaded
machine shows as ratios: `python -c "import vaultkit.cli.main"` (start-up) and
`vaultkit list contacts --format json` (a command that also reads every contact).
Prints the figures, the growth of `intros` from 2,500 to 10,000 contacts (scoring
every pair would grow 16x) and whether the targets hold at 10,000 contacts: `intros`
under 1.0 s, `who` and `share` under 0.5 s (median wall time), `intros` growth under
8x. Exits 1 when a target is missed.

With ``--contacts`` (and ``--events``), one vault of that size instead, the generator's
own, kept in the temp folder and reused by the next run (``common.build_vault``, as
``bench_scale.py`` has it): `intros` (text and JSON) against the same two baselines, and
its goal when there is one for that size (under 2.0 s at 100,000 contacts and 30,000
events, under 1.0 s at 10,000 and 3,000).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import build_vault, timed_runs, write_vault

SIZES = [(2500, 750), (10000, 3000)]
TODAY = "2026-11-26"
TARGETS = {"intros": 1.0, "who": 0.5, "share": 0.5}
MAX_GROWTH = 8.0
GOALS = {(100000, 30000): 2.0, (10000, 3000): 1.0}  # `intros` at one size: median wall time, seconds
REPO = Path(__file__).resolve().parents[1]


def vaultkit() -> list[str]:
    script = Path(sys.executable).parent / "vaultkit"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from vaultkit.cli.main import main; main()"]


def one_size(contacts: int, events: int, runs: int, work: Path) -> int:
    """`intros` on the generator's vault of that size, against the baselines; 1 when its goal is missed."""
    vault = build_vault(contacts, events, TODAY)
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "COLUMNS": "100"}
    env.pop("VAULTKIT_VAULT", None)
    cmd = vaultkit()
    subprocess.run([*cmd, "index", "--vault", str(vault)], env=env, check=True, stdout=subprocess.DEVNULL)
    at = ["--date", TODAY, "--vault", str(vault)]
    commands = {
        "import": [sys.executable, "-c", "import vaultkit.cli.main"],
        "list contacts": [*cmd, "list", "contacts", "--format", "json", "--vault", str(vault)],
        "intros": [*cmd, "intros", *at],
        "intros --format json": [*cmd, "intros", "--format", "json", *at],
    }
    subprocess.run(commands["intros"], env=env, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
    results = {name: timed_runs(c, env, runs) for name, c in commands.items()}
    base = results["list contacts"][0]
    print(f"{contacts:>6} contacts, {events:>5} events, warm index (median wall, best, CPU; ratio to `list contacts`):")
    for name, (med, best, cpu) in results.items():
        print(f"  {name:22} {med:.3f} s  best {best:.3f} s  CPU {cpu:.3f} s  {med / base:.2f}x")
    goal = GOALS.get((contacts, events))
    if goal is None:
        print("no goal at this size")
        return 0
    med = max(results["intros"][0], results["intros --format json"][0])
    print(f"goal: intros under {goal} s at {contacts:,} contacts: {'ok' if med < goal else 'MISSED'} ({med:.3f} s)")
    return 0 if med < goal else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--work", help="folder for the vaults and caches (kept; default: a temp folder)")
    parser.add_argument("--contacts", type=int, help="one vault of this size instead (the generator's, reused)")
    parser.add_argument("--events", type=int, help="its events (default: 30%% of the contacts)")
    args = parser.parse_args()
    if args.contacts:
        work = Path(args.work or tempfile.mkdtemp(prefix="bench-intros-"))
        work.mkdir(parents=True, exist_ok=True)
        compileall.compile_dir(REPO / "vaultkit", quiet=1)
        events = args.events if args.events is not None else args.contacts * 3 // 10
        try:
            return one_size(args.contacts, events, args.runs, work)
        finally:
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-intros-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "COLUMNS": "100"}
    env.pop("VAULTKIT_VAULT", None)
    compileall.compile_dir(REPO / "vaultkit", quiet=1)
    cmd = vaultkit()
    results: dict[int, dict[str, tuple[float, float, float]]] = {}
    try:
        for contacts, events in SIZES:
            vault = work / f"vault-{contacts}"
            if not (vault / "people").is_dir():
                write_vault(vault, contacts, events, TODAY)
            subprocess.run([*cmd, "index", "--vault", str(vault)], env=env, check=True, stdout=subprocess.DEVNULL)
            at = ["--format", "json", "--date", TODAY, "--vault", str(vault)]
            commands = {
                "import": [sys.executable, "-c", "import vaultkit.cli.main"],
                "list contacts": [*cmd, "list", "contacts", "--format", "json", "--vault", str(vault)],
                "intros": [*cmd, "intros", "--limit", "20", *at],
                "who": [*cmd, "who", "seed funding", *at],
                "share": [*cmd, "share", "levée de fonds seed", *at],
            }
            subprocess.run(commands["intros"], env=env, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
            results[contacts] = {name: timed_runs(c, env, args.runs) for name, c in commands.items()}
            base = results[contacts]["list contacts"][0]
            print(f"{contacts:>6} contacts, {events:>5} events (median wall, best, CPU; ratio to `list contacts`):")
            for name, (med, best, cpu) in results[contacts].items():
                print(f"  {name:14} {med:.3f} s  best {best:.3f} s  CPU {cpu:.3f} s  {med / base:.2f}x")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    small, large = (results[c]["intros"][0] for c, _ in SIZES)
    growth = large / small
    base_growth = results[SIZES[1][0]]["list contacts"][0] / results[SIZES[0][0]]["list contacts"][0]
    print(f"growth 2,500 -> 10,000 contacts: intros {growth:.2f}x (scoring every pair: 16x; "
          f"`list contacts` {base_growth:.2f}x)")
    ok = growth < MAX_GROWTH
    for name, target in TARGETS.items():
        med = results[SIZES[1][0]][name][0]
        print(f"target: {name} under {target} s at 10,000 contacts: {'ok' if med < target else 'MISSED'} ({med:.3f} s)")
        ok = ok and med < target
    print(f"target: intros growth under {MAX_GROWTH:g}x: {'ok' if growth < MAX_GROWTH else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
