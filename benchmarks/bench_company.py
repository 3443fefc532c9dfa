"""`vaultkit company` and `list companies` speed on a large vault (10,000 contacts by default).

    python benchmarks/bench_company.py [--contacts N] [--events M] [--runs R]

Writes the synthetic vault (tools/genvault.py), warms the index, then times whole
processes: the import floor, `vaultkit company NAME --format json` warm for the
company with the most people, and `vaultkit list companies --format json` warm.
Target: `company` warm < 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from common import VAULTKIT, build_vault, env_with_cache, run_timed

TODAY = "2026-11-26"


def median(runs: int, cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Median and best wall time of ``runs`` whole processes."""
    times = [run_timed(cmd, env, text=False)[0] for _ in range(runs)]
    return statistics.median(times), min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=3_000)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    vault = build_vault(args.contacts, args.events, TODAY)
    cache = Path(tempfile.mkdtemp(prefix="vaultkit-bench-cache-"))
    env = env_with_cache(cache, bytecode=True)
    base = ["--vault", str(vault)]
    try:
        run_timed([*VAULTKIT, "index", *base], env)  # warm the index and the bytecode
        listing = [*VAULTKIT, "list", "companies", "--format", "json", *base]
        rows = json.loads(run_timed(listing, env)[1])
        biggest = max(rows, key=lambda r: (r["now"] + r["before"], r["name"]))
        company = [*VAULTKIT, "company", biggest["name"], "--date", TODAY, "--format", "json", *base]
        out = json.loads(run_timed(company, env)[1])
        floor = median(args.runs, [sys.executable, "-c", "import vaultkit.cli.main"], env)
        timed = median(args.runs, company, env)
        listed = median(args.runs, listing, env)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"vault: {vault} ({args.contacts} contacts, {args.events} events), {args.runs} runs each")
    print(f"{len(rows)} companies; {biggest['name']}: {len(out['now'])} now, {len(out['before'])} before, "
          f"{len(out['open_tasks'])} open tasks")
    for label, (wall, best) in (("import floor", floor), (f"`vaultkit company {biggest['name']!r}`", timed),
                                ("`vaultkit list companies`", listed)):
        print(f"{label:<40}{wall:6.3f} s median ({best:.3f} best)")
    print("target met: company < 0.5 s" if timed[0] < 0.5 else "target missed: company < 0.5 s")


if __name__ == "__main__":
    main()
