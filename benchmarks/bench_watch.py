"""Benchmark: how fast the daemon turns a saved note into a rewritten agenda note.

    .venv/bin/python benchmarks/bench_watch.py [--contacts 10000] [--events 3000] [--saves 50]

Writes a synthetic vault (tools/genvault.py), warms its index, starts `vaultkit
watch` on it, then saves one contact note N times (a new, long overdue task each time, so the agenda
content changes) and measures the time from the save to the agenda note's
mtime (the log line's time when the agenda is not available). Prints the
median and 95th percentile (target p95 < 1 s, debounce included), the daemon's
resident memory after that (target < 200 MB) and its CPU use over 10 s idle
(target < 1%). Baseline, measured in the same run and in-process: the debounce
plus one refresh and one agenda rewrite after the same kind of save, without
any watcher; the ratio says what the watching itself costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import write_vault  # noqa: E402

from vaultkit.config import cache_dir, load_config  # noqa: E402
from vaultkit.store.index import Index  # noqa: E402
from vaultkit.watch.watcher import QUIET_SECONDS  # noqa: E402

REFRESH_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) refresh \(\d+ events\)")


def agenda_available() -> bool:
    try:
        from vaultkit.render.agenda_note import write_agenda  # noqa: F401
    except ImportError:
        return False
    return True


def save(note: Path, original: str, i: int) -> float:
    """Write the note in place with one more task, long overdue so that it comes first in the
    agenda's tasks (which the agenda note lists up to a limit); the time just before the write."""
    text = original + f"\n- [ ] bench ping {i} 📅 2000-01-01\n"
    t0 = time.time()
    with open(note, "w", encoding="utf-8") as fh:
        fh.write(text)
    return t0


def wait_for(predicate, what: str, timeout: float = 30.0, step: float = 0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise SystemExit(f"timed out waiting for {what}")


def mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def log_refreshes(log: Path) -> int:
    try:
        return sum(1 for line in log.read_text(encoding="utf-8").splitlines() if REFRESH_LINE.match(line))
    except FileNotFoundError:
        return 0


def logged_times(log: Path) -> tuple[float, float]:
    """Median (refresh + agenda, index part) seconds of the event refreshes, from the log."""
    took, index = [], []
    for line in log.read_text(encoding="utf-8").splitlines():
        m = re.search(r"refresh \(\d+ events\).*; (\d+\.\d+)s \(index (\d+\.\d+)s\)", line)
        if m:
            took.append(float(m.group(1)))
            index.append(float(m.group(2)))
    return (statistics.median(took), statistics.median(index)) if took else (0.0, 0.0)


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def baseline(vault: Path, note: Path, original: str, today: str, rounds: int = 10) -> dict[str, float]:
    """Median in-process seconds, after one save, of: a full refresh (what every command does),
    a refresh of the saved path only (what the watcher does after a file event), and one
    agenda rewrite."""
    config = load_config(vault)
    rel = note.relative_to(vault).as_posix()
    times: dict[str, list[float]] = {"refresh": [], "refresh_paths": [], "agenda": []}
    with Index(config) as ix:
        ix.refresh()
        for i in range(rounds):
            save(note, original, 10_000 + 2 * i)
            start = time.perf_counter()
            ix.refresh()
            times["refresh"].append(time.perf_counter() - start)
            save(note, original, 10_001 + 2 * i)
            start = time.perf_counter()
            ix.refresh_paths([rel])
            times["refresh_paths"].append(time.perf_counter() - start)
            if agenda_available():
                from vaultkit.render.agenda_note import write_agenda

                start = time.perf_counter()
                write_agenda(ix, config, today)
                times["agenda"].append(time.perf_counter() - start)
                ix.refresh()
    return {k: statistics.median(v) if v else 0.0 for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=3_000)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between saves")
    args = parser.parse_args()

    today = dt.date.today().isoformat()
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        vault = Path(tmp) / "vault"
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        write_vault(vault, args.contacts, args.events, today)
        (vault / ".vaultkit").mkdir(exist_ok=True)
        note = sorted((vault / "people").iterdir())[0]
        original = note.read_text(encoding="utf-8")
        vaultkit = [sys.executable, "-m", "vaultkit"]
        t = time.perf_counter()
        subprocess.run([*vaultkit, "index", "--vault", str(vault)], check=True, stdout=subprocess.DEVNULL)
        print(f"vault: {args.contacts} contacts, {args.events} events; cold index {time.perf_counter() - t:.1f}s")

        base = baseline(vault, note, original, today)
        with_agenda = agenda_available()
        agenda = vault / load_config(vault).agenda_note
        log = cache_dir(vault) / "daemon.log"

        proc = subprocess.Popen([*vaultkit, "watch", "--vault", str(vault)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: "refresh (start)" in (log.read_text() if log.exists() else ""), "the first refresh", 120)
            if with_agenda:
                wait_for(agenda.exists, "the agenda note")
            time.sleep(1.0)
            latencies = []
            for i in range(args.saves):
                before_mtime, before_lines = mtime(agenda), log_refreshes(log)
                t0 = save(note, original, i)
                if with_agenda:
                    after = wait_for(lambda b=before_mtime: (m := mtime(agenda)) != b and m, "the agenda rewrite")
                    latencies.append(after - t0)
                else:
                    wait_for(lambda b=before_lines: log_refreshes(log) > b, "the refresh line")
                    latencies.append(time.time() - t0)
                time.sleep(args.pause)
            rss = rss_mb(proc.pid)
            time.sleep(2.0)
            ticks0, t0 = cpu_ticks(proc.pid), time.monotonic()
            time.sleep(10.0)
            cpu = (cpu_ticks(proc.pid) - ticks0) / os.sysconf("SC_CLK_TCK") / (time.monotonic() - t0)
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=30)

        latencies.sort()
        median = statistics.median(latencies)
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        naive = QUIET_SECONDS + base["refresh"] + base["agenda"]
        floor = QUIET_SECONDS + base["refresh_paths"] + base["agenda"]
        measured = "agenda note mtime" if with_agenda else "log line (no agenda module)"
        print(f"save -> agenda rewritten ({measured}), {len(latencies)} saves:")
        print(f"  median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
              f"  (target p95 < 1000 ms: {'ok' if p95 < 1 else 'MISSED'})")
        print(f"baseline, in-process, same vault: full refresh {base['refresh'] * 1000:.0f} ms, "
              f"refresh of the saved path {base['refresh_paths'] * 1000:.1f} ms, "
              f"agenda rewrite {base['agenda'] * 1000:.0f} ms; debounce {QUIET_SECONDS * 1000:.0f} ms")
        print(f"  median / (debounce + path refresh + agenda) = {median / floor:.2f}x; "
              f"median / (debounce + full refresh + agenda) = {median / naive:.2f}x; "
              f"the daemon's own part of the median (without the agenda rewrite): "
              f"{(median - base['agenda']) * 1000:.0f} ms")
        took, index_part = logged_times(log)
        print(f"  the daemon's log: median {took * 1000:.0f} ms from the end of the debounce to the agenda "
              f"written (index {index_part * 1000:.1f} ms of it)")
        print(f"daemon RSS after the saves: {rss:.0f} MB (target < 200 MB: {'ok' if rss < 200 else 'MISSED'})")
        print(f"daemon idle CPU over 10 s: {cpu * 100:.2f}% (target < 1%: {'ok' if cpu < 0.01 else 'MISSED'})")
        print(f"daemon exit code after SIGTERM: {code}")


if __name__ == "__main__":
    main()
