"""Benchmark: `vaultkit debrief EVENT` as a whole process, on a warm index of 10,000 contacts.

    .venv/bin/python benchmarks/bench_debrief.py [--runs 5]

Writes (or reuses) the synthetic vault of 10,000 contacts and 3,000 events
(tools/genvault.py, as of 2026-11-26), warms its index in a temp cache, then times
`debrief EVENT --format json` for the past event with goals and the most attendees, the
agenda (which now has a debrief section) and, as a baseline measured in the same run (a
loaded machine shows as ratios), `list contacts --format json`. Prints the median wall
time, the best, the CPU time, and whether `debrief` holds its target: under 0.5 s. Exits
1 when it does not.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import VAULTKIT, build_vault, env_with_cache, timed_runs

TODAY = "2026-11-26"
TARGET = 0.5


def busiest_event(vault: Path) -> str:
    """The file name of the past event with goals that lists the most people."""
    best = ("", -1)
    for path in sorted((vault / "events").glob("*.md")):
        if path.name[:10] >= TODAY:
            continue
        text = path.read_text(encoding="utf-8")
        if "goals:" not in text and "objectives:" not in text:
            continue
        people = text.count("[[")
        if people > best[1]:
            best = (path.stem, people)
    return best[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    args = parser.parse_args()
    vault = build_vault(10000, 3000, TODAY)
    event = busiest_event(vault)
    cache = Path(tempfile.mkdtemp(prefix="bench-debrief-"))
    env = env_with_cache(cache)
    at = ["--date", TODAY, "--vault", str(vault)]
    commands = {
        "debrief --format json": [*VAULTKIT, "debrief", event, "--format", "json", *at],
        "debrief": [*VAULTKIT, "debrief", event, *at],
        "agenda --format json": [*VAULTKIT, "agenda", "--format", "json", *at],
        "list contacts": [*VAULTKIT, "list", "contacts", "--format", "json", "--vault", str(vault)],
    }
    try:
        subprocess.run([*VAULTKIT, "index", "--vault", str(vault)], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(commands["debrief"], env=env, check=True, stdout=subprocess.DEVNULL)  # warm
        results = {name: timed_runs(cmd, env, args.runs) for name, cmd in commands.items()}
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    base = results["list contacts"][0]
    print(f"10000 contacts, 3000 events; debrief of {event!r} (median wall, best, CPU; ratio to `list contacts`):")
    for name, (med, best, cpu) in results.items():
        print(f"  {name:22} {med:.3f} s  best {best:.3f} s  CPU {cpu:.3f} s  {med / base:.2f}x")
    med = results["debrief --format json"][0]
    print(f"target: debrief under {TARGET} s at 10,000 contacts: {'ok' if med < TARGET else 'MISSED'} ({med:.3f} s)")
    return 0 if med < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
