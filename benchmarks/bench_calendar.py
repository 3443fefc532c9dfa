"""Calendar folder import speed: a khal/vdirsyncer folder of one .ics per event.

    python benchmarks/bench_calendar.py [--events N] [--series-every K]

Writes N events, one file each in nested folders (every K-th a weekly series with an
EXDATE, an RDATE and a moved occurrence), then times as whole `vaultkit` processes:
the parse of the folder without the series' exceptions (the baseline: reading the
files as before), the parse with them (recurring-ical-events expanding each series),
the import into an empty vault, the same import again (the no-op: no file may change),
and the agenda of the vault. Prints the times and ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from common import VAULTKIT, env_with_cache, run_timed

PARSE = """
import sys, time
from vaultkit.formats.merge import parse_files
start = time.perf_counter()
records, problems = parse_files("ics", [sys.argv[1]])
print(time.perf_counter() - start, len(records), len(problems))
"""
NAMES = ("Ada Okafor", "Bob Martin", "Chloé Durand", "Dan Lee", "Eve Stone", "Farid Haddad", "Grace Kim")


def event(n: int, start: date, series: bool, exceptions: bool) -> str:
    day = start + timedelta(days=n % 400)
    stamp = f"{day:%Y%m%d}T{9 + n % 8:02d}3000"
    who = NAMES[n % len(NAMES)]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//calendar//EN", "BEGIN:VEVENT",
             f"UID:bench-{n}@example", "DTSTAMP:20261101T080000Z", f"SUMMARY:Meeting {n} with {who}",
             f"DTSTART;TZID=Europe/Paris:{stamp}", f"DTEND;TZID=Europe/Paris:{stamp[:-4]}5900",
             f"ATTENDEE;CN={who}:mailto:{who.split()[0].lower()}.{n}@example.org"]
    if series:
        lines.append("RRULE:FREQ=WEEKLY;COUNT=40")
        if exceptions:
            skipped, extra = day + timedelta(weeks=3), day + timedelta(weeks=5, days=2)
            lines += [f"EXDATE;TZID=Europe/Paris:{skipped:%Y%m%d}{stamp[8:]}",
                      f"RDATE;TZID=Europe/Paris:{extra:%Y%m%d}T140000"]
    lines.append("END:VEVENT")
    if series and exceptions:
        moved = day + timedelta(weeks=6)
        lines += ["BEGIN:VEVENT", f"UID:bench-{n}@example", "DTSTAMP:20261101T080000Z",
                  f"RECURRENCE-ID;TZID=Europe/Paris:{moved:%Y%m%d}{stamp[8:]}",
                  f"DTSTART;TZID=Europe/Paris:{moved + timedelta(days=1):%Y%m%d}T160000",
                  f"SUMMARY:Meeting {n} with {who} (moved)", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def write_folder(root: Path, count: int, every: int, exceptions: bool) -> None:
    start = date(2026, 1, 5)
    for n in range(count):
        folder = root / f"cal{n % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"bench-{n}.ics").write_text(event(n, start, n % every == 0, exceptions), encoding="utf-8",
                                                newline="")


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    out = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            out[str(path.relative_to(root))] = (path.stat().st_mtime_ns, path.read_bytes())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--series-every", type=int, default=10)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vaultkit-bench-calendar-"))
    try:
        plain, full = work / "plain", work / "calendar"
        write_folder(plain, args.events, args.series_every, exceptions=False)
        write_folder(full, args.events, args.series_every, exceptions=True)
        env = env_with_cache(work / "cache")
        env["TZ"] = "Europe/Paris"
        vault = work / "vault"
        (vault / ".vaultkit").mkdir(parents=True)
        (vault / ".vaultkit" / "config.yaml").write_text("me: Sam Rivera\n", encoding="utf-8")
        subprocess_compile = [sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parents[1] /
                                                                             "vaultkit")]
        run_timed(subprocess_compile, env)
        base, out = run_timed([sys.executable, "-c", PARSE, str(plain)], env)
        base_inner = float(out.split()[0])
        parse, out = run_timed([sys.executable, "-c", PARSE, str(full)], env)
        parse_inner, records, problems = out.split()
        first, out = run_timed([*VAULTKIT, "import", "ics", str(full), "--vault", str(vault)], env)
        before = snapshot(vault)
        noop, again = run_timed([*VAULTKIT, "import", "ics", str(full), "--vault", str(vault)], env)
        changed = sorted(p for p in set(before) | set(snapshot(vault)) if before.get(p) != snapshot(vault).get(p))
        agenda, _ = run_timed([*VAULTKIT, "agenda", "--date", "2026-06-01", "--days", "14", "--format", "json",
                               "--vault", str(vault)], env)
        series = (args.events + args.series_every - 1) // args.series_every
        print(f"calendar folder: {args.events} files, {series} weekly series with exceptions, "
              f"{records} records, {problems} problems")
        print(f"  parse without exceptions (baseline): {base:6.2f} s  (in-process {base_inner:.2f} s)")
        print(f"  parse with exceptions:               {parse:6.2f} s  (in-process {float(parse_inner):.2f} s)")
        print(f"  import into an empty vault:          {first:6.2f} s  ({out.strip()})")
        print(f"  the same import again:               {noop:6.2f} s  ({again.strip()})")
        print(f"  agenda of the vault (14 days):       {agenda:6.2f} s")
        print(f"  files rewritten by the no-op: {len(changed)}")
        print(f"  ratios: parse with / without exceptions {parse / base:.2f} (in-process "
              f"{float(parse_inner) / base_inner:.2f}), no-op / first import {noop / first:.2f}")
        if changed:
            raise SystemExit("the no-op import rewrote files")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
