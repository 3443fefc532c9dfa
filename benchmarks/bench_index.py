"""Index speed on a large vault (10,000 contacts, 3,000 events by default).

    python benchmarks/bench_index.py [--contacts N] [--events M]

Prints, in one run: a plain loop of `frontmatter.load` over every file, skipping
the few that do not parse (the baseline), vaultkit's cold index build (a whole `vaultkit index` process on an
empty cache), a no-change refresh, `vaultkit list contacts --format json` as a
whole process, the ratios, and the peak memory of the index build.
Targets: cold/baseline <= 1.0, no-change refresh < 0.25 s, list < 0.5 s,
peak memory < 300 MB.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from common import VAULTKIT, best_of, build_vault, env_with_cache, run_timed

BASELINE = """
import glob, sys, time, frontmatter
files = glob.glob(sys.argv[1] + "/**/*.md", recursive=True)
start = time.perf_counter()
for f in files:
    try:
        frontmatter.load(f)
    except Exception:  # a note that does not parse (the vault has a few): skipped, as vaultkit does
        pass
print(time.perf_counter() - start, len(files))
"""

REFRESH = """
import sys, time
from pathlib import Path
from vaultkit.config import load_config
from vaultkit.store.index import Index
ix = Index(load_config(Path(sys.argv[1])))
ix.refresh()
times = []
for _ in range(7):
    start = time.perf_counter()
    result = ix.refresh()
    times.append(time.perf_counter() - start)
    assert result.read == 0
times.sort()
print(times[len(times) // 2])
"""

COLD = """
import resource, sys, time
from pathlib import Path
from vaultkit.config import load_config
from vaultkit.store.index import Index
start = time.perf_counter()
ix = Index(load_config(Path(sys.argv[1])))
result = ix.refresh()
elapsed = time.perf_counter() - start
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(elapsed, result.read, rss / 1024)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=3_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    vault = build_vault(args.contacts, args.events)
    cache = Path(tempfile.mkdtemp(prefix="vaultkit-bench-cache-"))
    env = env_with_cache(cache)
    py = [sys.executable, "-c"]
    try:
        baselines, colds, rss, read = [], [], [], 0
        for _ in range(args.repeat):
            baselines.append(float(run_timed([*py, BASELINE, str(vault)], env)[1].split()[0]))
            shutil.rmtree(cache / "vaultkit", ignore_errors=True)
            out = run_timed([*py, COLD, str(vault)], env)[1].split()
            colds.append(float(out[0]))
            read = int(out[1])
            rss.append(float(out[2]))
        whole_cold = []
        for _ in range(args.repeat):
            shutil.rmtree(cache / "vaultkit", ignore_errors=True)
            whole_cold.append(run_timed([*VAULTKIT, "index", "--vault", str(vault)], env)[0])
        baseline, cold = min(baselines), min(colds)
        refresh = float(run_timed([*py, REFRESH, str(vault)], env)[1])
        list_median, list_min = best_of(7, [*VAULTKIT, "list", "contacts", "--format", "json",
                                            "--vault", str(vault)], env)
        floor_median, _ = best_of(7, [sys.executable, "-c", "import vaultkit.cli.main"], env)
        print(f"vault: {vault} ({read} notes: {args.contacts} contacts, {args.events} events, "
              "daily, company and other notes)")
        print(f"baseline frontmatter.load loop     {baseline:7.3f} s")
        print(f"cold index build (in process)      {cold:7.3f} s   ratio to baseline {cold / baseline:5.2f}  "
              "(target <= 1.0)")
        print(f"cold `vaultkit index` (process)    {min(whole_cold):7.3f} s   ratio to baseline "
              f"{min(whole_cold) / baseline:5.2f}")
        print(f"no-change refresh (median)         {refresh:7.3f} s   (target < 0.25)")
        print(f"`vaultkit list contacts --format json` median {list_median:.3f} s, min {list_min:.3f} s"
              f"   (target < 0.5); import floor {floor_median:.3f} s, ratio {list_median / floor_median:.1f}x")
        print(f"peak memory of the cold build      {max(rss):7.0f} MB  (target < 300)")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
