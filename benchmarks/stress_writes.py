"""Concurrent edits against `log` and `done`: does vaultkit ever lose a line of the user's?

    python benchmarks/stress_writes.py [--mode append|rename|held|all] [--runs 100]
                                       [--min-ms 2] [--max-ms 10] [--seed 1]
                                       [--no-exchange] [--no-lease]

A child process edits a contact's note the whole time, one numbered line every
2-10 ms, while `log` and `done` (the real commands, run in this process through
click) write into the same note RUNS times each. Modes of the child:

- ``append``: opens the note for appending, writes one line, closes it (in place,
  the same file every time: a script's ``>>``, a sync client, an editor that saves
  in place);
- ``rename``: reads the note, writes the whole text and its new line to a temp file
  and renames it over the note, the way most editors save. The editor is careful,
  as vaultkit is: where the system can swap two files atomically it swaps its copy
  in and puts the newer text back when what it replaced was not what it had read,
  so a line vaultkit wrote is never lost by the editor either;
- ``held``: keeps the note open for the whole run and appends through that one open
  file. No writer that saves by rename can keep up with this: vaultkit detects the
  lines that land just after its write and writes again, but a line appended later
  still goes to the old file. Shown for information (``all`` leaves it out).

``--no-exchange`` and ``--no-lease`` make vaultkit's writer do without the atomic swap
of two files and without asking the system whether a program has a file open for
writing (as on systems or file systems that cannot): its fallbacks are measured.

At the end every line the child appended and every section `log` and `done` wrote
must be in the note, each once. Prints, per mode: lines appended and lost, sections
written, lost and refused (a refusal loses nothing: the command says so and exits 1).
Exit status 1 when anything was lost or doubled.

The test suite runs a bounded version (tests/test_stress_writes.py).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

LINE = "- stress line {:06d}\n"
NOTE = "---\ntype: contact\nname: Ada Lovelace\n---\n# Ada Lovelace\n\nMet at the stress test.\n"


# -- the child: an editor or a script writing into the note ----------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange_function():
    """``exchange(a, b)``: swap two paths atomically (Linux renameat2), or None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None

    def exchange(a: str, b: str) -> None:
        if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), a)

    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        Path(a).write_bytes(b"a")
        Path(b).write_bytes(b"b")
        try:
            exchange(a, b)
        except OSError:
            return None
    return exchange


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _save_by_rename(path: str, line: bytes, exchange, problems: list[str]) -> None:
    """Save the note with ``line`` appended, by a temp file renamed over it."""
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.editor-tmp")
    for _ in range(100):
        base = _read(path)
        mine = base + line
        with open(tmp, "wb") as fh:
            fh.write(mine)
        if exchange is None:  # what most editors do: check the file, then rename
            if _read(path) != base:
                continue
            os.replace(tmp, path)
            return
        exchange(tmp, path)
        if _read(tmp) == base:
            os.unlink(tmp)
            return
        exchange(tmp, path)  # saved over a newer text: put it back, save again
        back = _read(tmp)
        os.unlink(tmp)
        if back != mine:
            problems.append(f"the editor's own copy changed while it was being put back: {back[-80:]!r}")
    problems.append("the editor could not save in 100 tries")


def child(mode: str, path: str, stop: str, min_ms: float, max_ms: float, seed: int) -> None:
    """Append numbered lines until ``stop`` exists; print how many were written."""
    rng = random.Random(seed)
    exchange = _exchange_function() if mode == "rename" else None
    held = os.open(path, os.O_WRONLY | os.O_APPEND) if mode == "held" else None
    problems: list[str] = []
    n = 0
    while not os.path.exists(stop):
        n += 1
        line = LINE.format(n).encode()
        if mode == "append":
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
            os.write(fd, line)
            os.close(fd)
        elif mode == "held":
            os.write(held, line)
        else:
            _save_by_rename(path, line, exchange, problems)
        time.sleep(rng.uniform(min_ms, max_ms) / 1000)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(n)


# -- the run: vaultkit's commands while the child writes -------------------------------------


@dataclass
class Outcome:
    mode: str
    runs: int
    lines: int = 0
    lines_lost: list[int] = field(default_factory=list)
    lines_doubled: list[int] = field(default_factory=list)
    sections: int = 0
    sections_lost: list[str] = field(default_factory=list)
    sections_doubled: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    seconds: float = 0.0
    child_problems: str = ""

    @property
    def ok(self) -> bool:
        return not (self.lines_lost or self.lines_doubled or self.sections_lost or self.sections_doubled
                    or self.child_problems)

    def summary(self) -> str:
        return (f"{self.mode:7} {self.runs} runs of log and done, {self.seconds:5.1f} s: "
                f"lines lost {len(self.lines_lost)} of {self.lines}, doubled {len(self.lines_doubled)}; "
                f"sections lost {len(self.sections_lost)} of {self.sections}, doubled "
                f"{len(self.sections_doubled)}, refused {len(self.refused)}")


def stress(mode: str, runs: int, folder: Path, min_ms: float = 2, max_ms: float = 10, seed: int = 1) -> Outcome:
    """Run ``log`` and ``done`` ``runs`` times each on a note the child edits; see what is left."""
    from click.testing import CliRunner

    from vaultkit.cli.main import cli

    vault = folder / "vault"
    (vault / ".vaultkit").mkdir(parents=True)
    (vault / ".vaultkit" / "config.yaml").write_text("me: Sam Rivera\n", encoding="utf-8")
    (vault / "people").mkdir()
    note = vault / "people" / "Ada Lovelace.md"
    note.write_text(NOTE, encoding="utf-8")
    stop = folder / "stop"
    cache = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")  # the index of this vault, thrown away after
    outcome = Outcome(mode, runs)
    proc = subprocess.Popen([sys.executable, __file__, "--child", mode, str(note), str(stop), str(min_ms),
                             str(max_ms), str(seed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    expected: list[str] = []
    start = time.monotonic()
    try:
        deadline = time.monotonic() + 30
        while b"stress line" not in note.read_bytes():  # the child is writing
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the writing child did not start: {proc.communicate()[1]}")
            time.sleep(0.005)
        runner = CliRunner()
        for i in range(runs):
            log_day = (dt.date(2020, 1, 1) + dt.timedelta(days=i)).isoformat()
            done_day = (dt.date(2021, 1, 1) + dt.timedelta(days=i)).isoformat()
            for args, mark in ((["log", "ada", f"stress log {i:04d}: talked", "--date", log_day],
                                f"\nstress log {i:04d}: talked\n"),
                               (["done", "ada", "--date", done_day], f"\n## {done_day} Followed up\n")):
                result = runner.invoke(cli, [*args, "--vault", str(vault)])
                if result.exit_code == 0:
                    expected.append(mark)
                elif result.exception and not isinstance(result.exception, SystemExit):
                    raise result.exception
                else:
                    outcome.refused.append(result.output.strip())
    finally:
        outcome.seconds = time.monotonic() - start
        stop.touch()
        out, err = proc.communicate(timeout=60)
        if cache is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = cache
    outcome.lines = int(out.strip() or 0)
    outcome.child_problems = err.strip()
    text = note.read_text(encoding="utf-8")
    for n in range(1, outcome.lines + 1):
        found = text.count(LINE.format(n))
        if found == 0:
            outcome.lines_lost.append(n)
        elif found > 1:
            outcome.lines_doubled.append(n)
    outcome.sections = len(expected)
    for mark in expected:
        found = text.count(mark)
        if found == 0:
            outcome.sections_lost.append(mark.strip())
        elif found > 1:
            outcome.sections_doubled.append(mark.strip())
    return outcome


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        mode, path, stop, min_ms, max_ms, seed = sys.argv[2:8]
        child(mode, path, stop, float(min_ms), float(max_ms), int(seed))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=["append", "rename", "held", "all"], default="all")
    parser.add_argument("--runs", type=int, default=100, help="runs of log and of done (default 100)")
    parser.add_argument("--min-ms", type=float, default=2)
    parser.add_argument("--max-ms", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-exchange", action="store_true", help="the writer's fallback: rename, no swap")
    parser.add_argument("--no-lease", action="store_true",
                        help="the writer cannot tell whether a file is open for writing")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from vaultkit.notes import writer

    if args.no_exchange:
        writer._exchange = lambda a, b: False
    if args.no_lease:
        writer._open_for_writing = lambda fh: None
    modes = ["append", "rename"] if args.mode == "all" else [args.mode]
    failed = False
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix="vaultkit-stress-") as tmp:
            outcome = stress(mode, args.runs, Path(tmp), args.min_ms, args.max_ms, args.seed)
        print(outcome.summary(), flush=True)
        for what, items in (("lines lost", outcome.lines_lost), ("lines doubled", outcome.lines_doubled),
                            ("sections lost", outcome.sections_lost),
                            ("sections doubled", outcome.sections_doubled)):
            if items:
                print(f"  {what}: {', '.join(map(str, items[:20]))}{' ...' if len(items) > 20 else ''}")
        for message in sorted(set(outcome.refused))[:5]:
            print(f"  refused: {message}")
        if outcome.child_problems:
            print(f"  writer: {outcome.child_problems}")
        failed |= not outcome.ok
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
