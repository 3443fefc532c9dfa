"""Chat capture speed: a WhatsApp export of 50,000 lines into a synthetic vault.

    python benchmarks/bench_chat.py [--lines N] [--contacts N] [--seed S]

Writes one WhatsApp group chat of N lines (default 50,000; Android, English, month-first
dates with AM/PM; the user writes three messages in ten, the others come from 300 of the
vault's contacts and 50 strangers; one line in ten continues a message) over two years, into
a copy of the synthetic vault (tools/genvault.py). Then times, each as a whole `vaultkit`
process: the first `import chat` (which writes the notes) and the second, a no-op. The
baseline, in the same run: reading the file's lines (decoding it and splitting it into
lines, what any reader of the export does first). Checks that the second run wrote no note.
The goals of the mail capture apply: the first import under 30 s, the no-op under 5 s.
"""

from __future__ import annotations

import argparse
import compileall
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, VAULTKIT, env_with_cache, import_twice, vault_copy

TODAY = "2026-11-26"
ME = "Sam Rivera"
WORDS = ("ok", "see you Thursday", "sounds good", "the deck is ready", "merci !", "on en parle demain ?",
         "<Media omitted>", "who's coming?", "great news", "can you intro me?", "running late", "👍")
STRANGERS = [f"Guest {i}" for i in range(50)]
NAMES_OF = """
import sys
from pathlib import Path
from vaultkit.config import load_config
from vaultkit.store.index import Index
with Index(load_config(Path(sys.argv[1]))) as ix:
    ix.refresh()
    for c in ix.identities():
        if not c.is_me:
            print(c.name)
"""
BASELINE = """
import sys, time
start = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as fh:
    n = len(fh.read().split("\\n"))
print(time.perf_counter() - start, n)
"""


def write_chat(path: Path, lines: int, people: list[str], seed: int) -> None:
    """``lines`` lines of a group chat, in time order, as WhatsApp on Android (US) writes them."""
    rng = random.Random(seed)
    start = 1_730_000_000  # late 2024
    step = 2 * 365 * 86400 / lines
    out = []
    for i in range(lines):
        if out and rng.random() < 0.1:
            out.append("and one more line of the same message")
            continue
        when = time.gmtime(start + int(i * step))
        hour = when.tm_hour % 12 or 12
        stamp = (f"{when.tm_mon}/{when.tm_mday}/{when.tm_year % 100:02d}, {hour}:{when.tm_min:02d} "
                 f"{'AM' if when.tm_hour < 12 else 'PM'}")
        roll = rng.random()
        who = ME if roll < 0.3 else (rng.choice(people) if roll < 0.95 else rng.choice(STRANGERS))
        out.append(f"{stamp} - {who}: {rng.choice(WORDS)}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    compileall.compile_dir(str(REPO / "vaultkit"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="vaultkit-bench-chat-"))
    try:
        vault = vault_copy(work / "vault", args.contacts, args.contacts // 4, TODAY, f"\nme: {ME}\n")
        env = env_with_cache(work / "cache")
        listed = subprocess.run([sys.executable, "-c", NAMES_OF, str(vault)], env=env, check=True,
                                capture_output=True, text=True).stdout.splitlines()
        people = random.Random(args.seed).sample(listed, min(300, len(listed)))
        chat = work / "WhatsApp Chat with Apéro Network.txt"
        write_chat(chat, args.lines, people, args.seed)
        size = chat.stat().st_size / 1e6
        print(f"a WhatsApp group chat of {args.lines:,} lines ({size:.1f} MB), {len(people)} contacts writing, "
              f"in a vault of {args.contacts:,} contacts")

        out = subprocess.run([sys.executable, "-c", BASELINE, str(chat)], capture_output=True, text=True, check=True)
        baseline = float(out.stdout.split()[0])
        print(f"baseline: reading the file's lines                {baseline:7.3f} s")

        import_twice([*VAULTKIT, "import", "chat", str(chat), "--vault", str(vault)], env, vault, baseline)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
