"""Benchmark: `vaultkit health` as a whole process, on a warm index of 10,000 contacts.

    .venv/bin/python benchmarks/bench_health.py [--runs 5]

Copies the synthetic vault of 10,000 contacts and 3,000 events (tools/genvault.py, as of
2026-11-26) to a temp folder, warms its index in a temp cache (code compiled once), then
times `health`:

- `--format json` with nothing changed (the answer printed again for scripts);
- the same after a text edit before each run (a word of a note's body: the index reads the
  note again, the answer kept since health reads no text);
- the same after an edit before each run (a dated heading added to or taken from a contact's
  note: health computed afresh);
- the text (what a person types) with nothing changed (the kept answer), and after an edit
  (computed afresh);

and, as baselines measured in the same run (a loaded machine shows as ratios), `list
contacts --format json` (also after an edit: what reading the note again costs) and `who`.
Prints the median wall time, the best, the CPU time, the ratio to `list contacts`, and
whether each `health` holds the target, under 0.5 s. Exits 1 when the warm one does not.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import VAULTKIT, env_with_cache, timed_runs, vault_copy

TODAY = "2026-11-26"
TARGET = 0.5
HEADING = "\n## 2026-11-25 Call\n- caught up on the pilot\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-health-"))
    try:
        vault = vault_copy(work / "vault", 10000, 3000, TODAY, "")
        env = env_with_cache(work / "cache", bytecode=True)  # compiled once, as an installed package is
        at = ["--date", TODAY, "--vault", str(vault)]
        note = sorted((vault / "people").glob("*.md"))[0]
        json_ = [*VAULTKIT, "health", "--format", "json", *at]
        text = [*VAULTKIT, "health", *at]
        listing = [*VAULTKIT, "list", "contacts", "--format", "json", "--vault", str(vault)]
        commands = {
            "json, nothing changed": (json_, None),
            "json after a text edit": (json_, _text_edit(note)),
            "json after an edit": (json_, _edit(note)),
            "text, nothing changed": (text, None),
            "text after an edit": (text, _edit(note)),
            "list contacts": (listing, None),
            "list after an edit": (listing, _edit(note)),
            "who": ([*VAULTKIT, "who", "seed funding", "--format", "json", *at], None),
        }
        subprocess.run([*VAULTKIT, "index", "--vault", str(vault)], env=env, check=True, stdout=subprocess.DEVNULL)
        for cmd, _ in commands.values():  # warm (and compile what each imports)
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        results = {name: timed_runs(cmd, env, args.runs, setup) for name, (cmd, setup) in commands.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = results["list contacts"][0]
    print("10000 contacts, 3000 events (median wall, best, CPU; ratio to `list contacts`):")
    for name, (med, best, cpu) in results.items():
        print(f"  {name:24} {med:.3f} s  best {best:.3f} s  CPU {cpu:.3f} s  {med / base:.2f}x")
    for name in results:
        if name.startswith(("json", "text")):
            med = results[name][0]
            print(f"target: health {name} under {TARGET} s at 10,000 contacts: "
                  f"{'ok' if med < TARGET else 'MISSED'} ({med:.3f} s)")
    return 0 if results["json, nothing changed"][0] < TARGET else 1


def _text_edit(path: Path):
    """A function changing a word of the body of ``path``, back and forth: its text only."""
    def edit() -> None:
        text = path.read_text(encoding="utf-8")
        if "A note. " in text or "A note! " in text:
            text = text.replace("A note. ", "A note! ") if "A note. " in text else text.replace("A note! ", "A note. ")
        else:
            text = text.replace("\n---\n", "\n---\nA note. \n", 1)  # after the front matter
        path.write_text(text, encoding="utf-8")
    return edit


def _edit(path: Path):
    """A function adding a dated heading to ``path`` or taking it away, in turn: a contact
    more or less, which health computes afresh."""
    def edit() -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(HEADING, "") if HEADING in text else text + HEADING, encoding="utf-8")
    return edit


if __name__ == "__main__":
    sys.exit(main())
