"""A 100,000-contact vault: the table of issue 21, with its baselines, in one run.

    python benchmarks/bench_scale.py [--contacts N] [--events M] [--folder DIR] [--runs R]
                                     [--no-watch] [--rows WORDS] [--cache DIR]

Writes the vault with tools/genvault.py (default 100,000 contacts and 30,000 events; the
vault is kept and reused, in the temp folder or under ``--folder``), then measures, each
command as a whole process:

- the baselines: a plain ``frontmatter.load`` loop over every note (one process), listing
  the notes with their sizes and modification times with ``os.scandir`` (one process), and
  ``find VAULT -name '*.md' -printf '%p %s %T@'``;
- a cold ``vaultkit index --rebuild`` on an empty cache, ``vaultkit index`` with nothing
  changed, ``agenda --format json`` with nothing changed and after one note's text changed
  (also with ``--limit 50`` when the command has it, and after a dated heading or a task
  added to one note: hard changes), ``intros``, ``search``, ``show``,
  ``list contacts --format json`` and ``list contacts --tag``;
- the commands a watcher makes quicker again, with ``vaultkit watch --no-agenda`` running.

Times are medians of ``--runs`` runs (the cold build: one run). Memory is given two ways:
**peak** is the highest sum, over the command's process and every process it started (its
worker processes), of their proportional set size (``Pss`` of /proc/PID/smaps_rollup:
pages shared by forked workers are counted once in all), sampled every 20 ms; **max rss**
is ``ru_maxrss`` of ``getrusage(RUSAGE_CHILDREN)`` in a process that only runs the command:
the largest resident set of any one of its processes (the workers are waited for, so they
count). Ratios are against the baselines of the same run, and the goals of the issue.

``--rows "intros,--tag"`` measures only the rows whose title holds one of those words (the
index is then built first, untimed): ``--rows "limit 50,the same after"`` times only
``agenda --limit 50`` after each kind of edit, without and with the watcher. ``--cache DIR``
keeps the index between runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from common import REPO, VAULTKIT, build_vault, env_with_cache

TODAY = "2026-11-26"

FRONTMATTER_LOOP = """
import glob, sys, time, frontmatter
files = glob.glob(sys.argv[1] + "/**/*.md", recursive=True)
start, cpu = time.perf_counter(), time.process_time()
for f in files:
    try:
        frontmatter.load(f)
    except Exception:  # a note that does not parse (the vault has a few): skipped, as vaultkit does
        pass
print(time.perf_counter() - start, len(files), time.process_time() - cpu)
"""

LISTING = """
import os, sys
out = []
stack = [sys.argv[1]]
while stack:
    with os.scandir(stack.pop()) as entries:
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                stack.append(e.path)
            elif e.name.endswith(".md"):
                st = e.stat()
                out.append((e.path, st.st_size, st.st_mtime_ns))
print(len(out))
"""

# runs a command and says the largest resident set of its processes (in KiB), its exit code
# and the CPU seconds of all its processes
MAXRSS = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL).returncode
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(use.ru_maxrss, code, use.ru_utime + use.ru_stime)
"""


def _tree(root: int) -> list[int]:
    """``root`` and every process under it, now."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, ()))
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Wall seconds, peak MB (sum of PSS over the process tree), max rss MB and CPU seconds
    (user and system, of all its processes) of one run."""
    proc = subprocess.Popen([sys.executable, "-c", MAXRSS, *cmd], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    start = time.perf_counter()
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss_kib(pid) for pid in _tree(proc.pid)[1:]))  # not the wrapper
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode or len(out.split()) != 3 or int(out.split()[1]) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({out.decode()}):\n{err.decode(errors='replace')}")
    maxrss, _, cpu = out.split()
    return wall, peak / 1024, int(maxrss) / 1024, float(cpu)


Figures = tuple[float, float, float, float]  # wall s, peak MB, max rss MB, CPU s


def summary(results: list[Figures]) -> Figures:
    """Median times, largest memory figures."""
    return (statistics.median(r[0] for r in results), max(r[1] for r in results), max(r[2] for r in results),
            statistics.median(r[3] for r in results))


def median_of(runs: int, cmd: list[str], env: dict[str, str], before=None) -> Figures:
    """``summary`` of ``runs`` runs (``before`` is called before each one, untimed)."""
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(measure(cmd, env))
    return summary(results)


def has_option(command: list[str], option: str, env: dict[str, str]) -> bool:
    out = subprocess.run([*VAULTKIT, *command, "--help"], env=env, capture_output=True, text=True)
    return option in out.stdout


class Table:
    def __init__(self) -> None:
        print(f"{'what':58} {'time':>8} {'cpu':>8} {'peak':>8} {'max rss':>8}   ratio / goal")

    def row(self, what: str, figures: Figures, note: str = "") -> float:
        wall, peak, maxrss, cpu = figures
        print(f"{what:58} {wall:7.2f}s {cpu:7.2f}s {peak:6.0f}MB {maxrss:6.0f}MB   {note}", flush=True)
        return wall


def verdict(value: float, goal: float) -> str:
    return f"(goal <= {goal:g}: {'met' if value <= goal else 'MISSED'})"


def touch_note(note: Path, original: str, counter: list[int]) -> None:
    """One change to one note's text: a line added at its end (the vault is put back at the
    end). The agenda keeps every section that did not read that note's text."""
    counter[0] += 1
    note.write_text(original + f"\n- bench edit {counter[0]}\n", encoding="utf-8")


def meet_note(note: Path, original: str, counter: list[int]) -> None:
    """One change to what a note says: a dated heading added (a new contact with that person),
    so that every section of the agenda is made again."""
    counter[0] += 1
    day = (dt.date.fromisoformat(TODAY) - dt.timedelta(days=1 + counter[0] % 20)).isoformat()
    note.write_text(original + f"\n## {day} Coffee {counter[0]}\n- talked about the bench\n", encoding="utf-8")


def task_note(note: Path, original: str, counter: list[int]) -> None:
    """One task added to a note (due long ago, so that it comes first in the tasks): a hard change."""
    counter[0] += 1
    note.write_text(original + f"\n- [ ] send the bench deck {counter[0]} 📅 2000-01-01\n", encoding="utf-8")


def start_watcher(vault: Path, env: dict[str, str]) -> subprocess.Popen:
    proc = subprocess.Popen([*VAULTKIT, "watch", "--no-agenda", "--vault", str(vault)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    trace = dict(env, VAULTKIT_TRACE="1")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # live: a command is told the index is current
        out = subprocess.run([*VAULTKIT, "search", "zzzz", "--vault", str(vault)], env=trace,
                             capture_output=True, text=True)
        if "no scan" in out.stderr:
            return proc
        if proc.poll() is not None:
            raise SystemExit("the watcher stopped")
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the watcher never became current")


EDITS = (("`agenda --format json --limit 50` after one note changed", touch_note),
         ("the same after a dated heading added to one note", meet_note),
         ("the same after a task added to one note", task_note))


def limited(runs: int, table: Table, agenda: list[str], env: dict[str, str], note: Path, original: str,
            edits: list[int], goal: float, want: Callable[..., bool]) -> None:
    """`agenda --limit 50` after a text edit, then after a dated heading added, then a task (those
    of them ``want`` asks for)."""
    subprocess.run([*agenda, "--limit", "50"], env=env, check=True, stdout=subprocess.DEVNULL)  # kept once
    for what, edit in EDITS:
        if not want(what, "agenda --format json --limit 50"):
            continue
        wall = table.row(what, median_of(runs, [*agenda, "--limit", "50"], env,
                                         lambda edit=edit: edit(note, original, edits)))
        print(f"{'':58}   {verdict(wall, goal)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=None, help="default: 30%% of the contacts")
    ap.add_argument("--folder", type=Path, default=None, help="where the vault is written and kept")
    ap.add_argument("--runs", type=int, default=3, help="runs of each warm command (median)")
    ap.add_argument("--no-watch", action="store_true", help="skip the rows with a watcher running")
    ap.add_argument("--rows", default="", metavar="WORDS",
                    help="only the rows whose title holds one of these comma-separated words "
                         "(`cold`, `nothing changed`, `agenda`, `intros`, `search`, `show`, `list contacts`, "
                         "`--tag`...); the index is built first, untimed, when the cold build is not one of them")
    ap.add_argument("--cache", type=Path, default=None,
                    help="the cache folder, kept (default: a new one, removed at the end); the cold build "
                         "empties it")
    args = ap.parse_args()
    words = [w.strip().lower() for w in args.rows.split(",") if w.strip()]

    def want(*titles: str) -> bool:
        """Whether one of these rows is asked for."""
        return not words or any(w in t.lower() for w in words for t in titles)

    events = args.events if args.events is not None else args.contacts * 3 // 10
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "vaultkit")], check=True)
    t = time.perf_counter()
    vault = build_vault(args.contacts, events, TODAY, args.folder)
    (vault / ".vaultkit").mkdir(exist_ok=True)
    made = time.perf_counter() - t
    cache = args.cache or Path(tempfile.mkdtemp(prefix="vaultkit-bench-scale-cache-"))
    cache.mkdir(parents=True, exist_ok=True)
    env = env_with_cache(cache)
    py = [sys.executable, "-c"]
    at = ["--vault", str(vault)]
    note = sorted((vault / "people").iterdir())[0]
    original = note.read_text(encoding="utf-8")
    edits = [0]
    limit = has_option(["agenda"], "--limit", env)
    agenda = [*VAULTKIT, "agenda", "--date", TODAY, "--format", "json", *at]
    person = note.stem
    cold_title = "cold `vaultkit index --rebuild` (empty cache)"
    try:
        loops: list[Figures] = []
        files = 0

        def frontmatter_loop() -> Figures:
            nonlocal files
            out = subprocess.run([*py, FRONTMATTER_LOOP, str(vault)], env=env, capture_output=True, text=True,
                                 check=True).stdout.split()
            loops.append((float(out[0]), 0, 0, float(out[2])))
            files = int(out[1])
            return loops[-1]

        size = sum(e.stat().st_size for e in os.scandir(vault / "people")) / 1e6
        if want(cold_title, "frontmatter.load loop"):
            frontmatter_loop()
            print(f"vault: {vault} ({files} notes; people/ {size:.0f} MB; "
                  f"{'written' if made > 5 else 'reused'} in {made:.0f} s)", flush=True)
            table = Table()
            table.row("baseline: frontmatter.load loop, before the build", loops[0], f"{files} files")
            cold = measure([*VAULTKIT, "index", "--rebuild", *at], env)
            table.row("baseline: frontmatter.load loop, after the build", frontmatter_loop())
            loop, loop_cpu = statistics.mean(r[0] for r in loops), statistics.mean(r[3] for r in loops)
            table.row(cold_title, cold,
                      f"{cold[0] / loop:.2f}x loop {verdict(cold[0] / loop, 1.0)} (cpu {cold[3] / loop_cpu:.2f}x); "
                      f"peak {verdict(cold[1], 300)}")
        else:
            print(f"vault: {vault} (people/ {size:.0f} MB; {'written' if made > 5 else 'reused'} in {made:.0f} s)",
                  flush=True)
            subprocess.run([*VAULTKIT, "index", *at], env=env, check=True, stdout=subprocess.DEVNULL)  # untimed
            table = Table()
        if want("`vaultkit index`, nothing changed", "baseline: listing", "baseline: find"):
            # the listings and the no-change refresh in turn, so that the load of the machine weighs
            # on each alike
            runs: dict[str, list[Figures]] = {"scandir": [], "find": [], "index": []}
            for _ in range(args.runs):
                runs["scandir"].append(measure([*py, LISTING, str(vault)], env))
                runs["find"].append(measure(["sh", "-c", f"find '{vault}' -name '*.md' -printf '%p %s %T@\\n' "
                                                         ">/dev/null"], env))
                runs["index"].append(measure([*VAULTKIT, "index", *at], env))
            med = {k: summary(v) for k, v in runs.items()}
            listing = table.row("baseline: listing with os.scandir + sizes, mtimes (process)", med["scandir"])
            find = table.row("baseline: find -printf '%p %s %T@' (process)", med["find"])
            nochange = table.row("`vaultkit index`, nothing changed", med["index"])
            print(f"{'':58}   {nochange / listing:.2f}x scandir listing {verdict(nochange / listing, 1.5)}, "
                  f"{nochange / find:.2f}x find; cpu {med['index'][3] / med['scandir'][3]:.2f}x scandir listing",
                  flush=True)

        def limited_after_edits(goal: float) -> None:
            limited(args.runs, table, agenda, env, note, original, edits, goal, want)

        def timed(title: str, cmd: list[str], goal: float | None = None, before=None) -> None:
            if want(title):
                wall = table.row(title, median_of(args.runs, cmd, env, before))
                if goal is not None:
                    print(f"{'':58}   {verdict(wall, goal)}")

        def edited() -> None:
            touch_note(note, original, edits)

        timed("`agenda --format json`, nothing changed", agenda)
        timed("`agenda --format json` after one note changed", agenda, before=edited)
        if limit:
            limited_after_edits(2.0)
        else:
            print("`agenda --limit 50`: skipped, this vaultkit has no --limit option")
        timed("`vaultkit intros` (warm)", [*VAULTKIT, "intros", *at], 2.0)
        timed('`vaultkit search "cold chain"`', [*VAULTKIT, "search", "cold chain", *at])
        timed(f"`vaultkit show {person}`", [*VAULTKIT, "show", person, *at])
        timed("`vaultkit list contacts --format json`", [*VAULTKIT, "list", "contacts", "--format", "json", *at])
        timed("`vaultkit list contacts --tag investor`", [*VAULTKIT, "list", "contacts", "--tag", "investor", *at])
        watched = [('`vaultkit search "cold chain"`', ["search", "cold chain"], 0.3),
                   (f"`vaultkit show {person}`", ["show", person], 0.3),
                   ("`vaultkit list contacts --tag investor`", ["list", "contacts", "--tag", "investor"], 0.3),
                   ("`vaultkit intros` (warm)", ["intros"], 2.0)]
        edits_watched = ["`agenda --format json --limit 50` after one note changed",
                         "the same after a dated heading added to one note",
                         "`agenda --format json` after one note changed"]
        if args.no_watch or not want(*(w[0] for w in watched), *edits_watched):
            return
        print("\nwith `vaultkit watch --no-agenda` running and current:")
        watcher = start_watcher(vault, env)
        try:
            for what, cmd, goal in watched:
                timed(what, [*VAULTKIT, *cmd, *at], goal)
            if limit:
                limited_after_edits(1.0)
            timed("`agenda --format json` after one note changed", agenda, before=edited)
        finally:
            watcher.terminate()
            watcher.wait(timeout=60)
    finally:
        note.write_text(original, encoding="utf-8")
        if args.cache is None:
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
