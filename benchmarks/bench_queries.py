"""Query commands on a large vault, without and with a live watcher (issue "Scale", items 3 and 4).

    python benchmarks/bench_queries.py [--contacts N] [--events M] [--runs R]
                                       [--vault DIR] [--cache DIR] [--no-watch] [--limit N]

Writes (or reuses) the synthetic vault (tools/genvault.py, as of 2026-11-26; default
10,000 contacts and 3,000 events; `--vault` takes one written before, such as
`tools/genvault.py --contacts 100000 --events 30000 DIR`), warms its index in a cache
folder (`--cache` keeps it between runs: a first build of 100,000 contacts takes
minutes), then times whole processes, each the median (and best) of R runs:

- floors measured in the same run: `vaultkit --version` (start-up) and a plain
  `python -c` opening the index and counting its notes with sqlite3;
- `show NAME`, `search "cold chain"`, `list contacts --tag investor --format json`,
  `company NAME`, `who "seed funding"`, `share "seed funding"`, `intros`,
  `health --format json`;
- `agenda --format json --limit 50` warm (nothing changed: the output cache), and after
  a one-note edit (a dated section added to, then removed from, a contact's note: each
  run computes a changed agenda). `--limit 0` times the whole agenda instead (as a
  version of vaultkit without `--limit` can).

Each command runs with the vault scan (no watcher), then, unless `--no-watch`, with
`vaultkit watch --no-agenda` running on the vault: after an edit the command runs once
the watcher has had a second to see it, as after a save. Prints seconds and the ratio
to the start-up floor, and the goals at 100,000 contacts: show/search/list --tag <= 0.3 s
and the edited agenda <= 1.0 s with the watcher live, <= 2.0 s without; intros <= 2.0 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import VAULTKIT, build_vault, env_with_cache

TODAY = "2026-11-26"
EDIT = b"\n## 2026-11-20 Coffee\nTalked about the pilot and who could help with the next round.\n"
GOALS = {"show": 0.3, "search": 0.3, "list --tag": 0.3, "agenda --limit 50, edited": 1.0, "intros": 2.0}
GOALS_SCAN = {"agenda --limit 50, edited": 2.0}


def timed(cmd: list[str], env: dict[str, str], runs: int, before=None) -> tuple[float, float]:
    """Median and best wall time of ``runs`` whole processes (``before()`` untimed before each)."""
    walls = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')}")
    return statistics.median(walls), min(walls)


def first_contact(vault: Path) -> tuple[Path, str, str]:
    """A contact's note, its name and company (as the generator writes them)."""
    note = sorted((vault / "people").glob("*.md"))[0]
    company = next((line.split(":", 1)[1].strip().strip('"').strip("[]") for line in
                    note.read_text().splitlines() if line.startswith("company:")), "Harbor Labs")
    return note, note.stem, company


def start_watcher(vault: Path, env: dict[str, str]) -> subprocess.Popen:
    """``vaultkit watch --no-agenda`` on the vault, once it answers commands (a live index)."""
    proc = subprocess.Popen([*VAULTKIT, "watch", "--no-agenda", "--vault", str(vault)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    traced = {**env, "VAULTKIT_TRACE": "1"}
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        out = subprocess.run([*VAULTKIT, "search", "x", "--vault", str(vault)], env=traced, capture_output=True)
        if b"no scan" in out.stderr:
            return proc
        if proc.poll() is not None:
            raise SystemExit("the watcher stopped")
        time.sleep(1)
    raise SystemExit("the watcher never said its index is current")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=None, help="default: 30%% of the contacts")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--vault", type=Path, help="a vault written by tools/genvault.py before")
    ap.add_argument("--cache", type=Path, help="cache folder to keep the index in (default: a temp folder)")
    ap.add_argument("--no-watch", action="store_true", help="only without a watcher")
    ap.add_argument("--limit", type=int, default=50, help="the agenda's --limit (0: the whole agenda)")
    args = ap.parse_args()
    vault = args.vault or build_vault(args.contacts, args.events or args.contacts * 3 // 10, TODAY)
    cache = args.cache or Path(tempfile.mkdtemp(prefix="vaultkit-bench-cache-"))
    env = env_with_cache(cache, bytecode=True)
    at = ["--vault", str(vault)]
    note, name, company = first_contact(vault)
    original = note.read_bytes()
    flip = [0]

    def edit() -> None:
        flip[0] ^= 1
        note.write_bytes(original + (EDIT if flip[0] else b""))

    def edit_and_wait() -> None:
        edit()
        time.sleep(1.0)  # as after a save: the watcher has seen it

    subprocess.run([*VAULTKIT, "index", *at], env=env, check=True, stdout=subprocess.DEVNULL)
    where = subprocess.run([*VAULTKIT, "path", "--format", "json", *at], env=env, capture_output=True, text=True)
    db = json.loads(where.stdout)["index"]
    floors = {
        "vaultkit --version": [*VAULTKIT, "--version"],
        "python + sqlite3 count": [sys.executable, "-c", "import sqlite3, sys; "
                                   "sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM notes').fetchone()", db],
    }
    commands = {
        "show": [*VAULTKIT, "show", name, *at],
        "search": [*VAULTKIT, "search", "cold", "chain", *at],
        "list --tag": [*VAULTKIT, "list", "contacts", "--tag", "investor", "--format", "json", *at],
        "company": [*VAULTKIT, "company", company, *at],
        "who": [*VAULTKIT, "who", "seed funding", *at],
        "share": [*VAULTKIT, "share", "seed funding", *at],
        "intros": [*VAULTKIT, "intros", *at],
        "health --format json": [*VAULTKIT, "health", "--format", "json", *at],
    }
    limit = ["--limit", str(args.limit)] if args.limit else []
    shown = f"agenda --limit {args.limit}" if args.limit else "agenda (whole)"
    agenda = commands[f"{shown}, warm"] = [*VAULTKIT, "agenda", "--format", "json", *limit, "--date", TODAY, *at]
    results: dict[str, dict[str, tuple[float, float]]] = {}
    watcher = None
    try:
        for mode in ("scan", "watch"):
            if mode == "watch":
                if args.no_watch:
                    break
                watcher = start_watcher(vault, env)
            found = results[mode] = {}
            for label, cmd in floors.items() if mode == "scan" else ():
                found[label] = timed(cmd, env, args.runs)
            for label, cmd in commands.items():
                subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL)  # warm
                found[label] = timed(cmd, env, args.runs)
            found[f"{shown}, edited"] = timed(agenda, env, args.runs, before=edit_and_wait)
    finally:
        note.write_bytes(original)
        if watcher is not None:
            os.killpg(watcher.pid, signal.SIGTERM)
            watcher.wait(30)
        if not args.cache:
            shutil.rmtree(cache, ignore_errors=True)
    floor = results["scan"]["vaultkit --version"][0]
    print(f"vault: {vault}, {args.runs} runs each; wall time median (best), and ratio to `vaultkit --version`")
    print(f"{'':34}{'no watcher':>22}{'watcher live':>22}")
    for label in results["scan"]:
        cells = []
        for mode in ("scan", "watch"):
            if label in results.get(mode, {}):
                median, best = results[mode][label]
                cells.append(f"{median:6.3f} ({best:5.3f}) {median / floor:4.1f}x")
            else:
                cells.append("")
        print(f"{label:34}{cells[0]:>22}{cells[1]:>22}")
    print("goals at 100,000 contacts (watcher live): "
          + ", ".join(f"{k} <= {v} s" for k, v in GOALS.items())
          + "; without a watcher: " + ", ".join(f"{k} <= {v} s" for k, v in GOALS_SCAN.items()))


if __name__ == "__main__":
    main()
