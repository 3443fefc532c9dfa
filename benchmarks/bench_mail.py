"""Mail capture speed: a 50,000-message mbox into a synthetic vault.

    python benchmarks/bench_mail.py [--messages N] [--contacts N] [--seed S] [--body-kb K]

Writes an mbox of N messages (default 50,000: seven in ten with a contact of the vault,
the rest strangers, mailing lists, bulk mail and no-reply senders, over two years) into a
copy of the synthetic vault (tools/genvault.py), then times, each as a whole `vaultkit`
process: the first `import mail` (which writes the notes) and the second, a no-op. The
baseline, in the same run: reading the same headers with the standard library's
`mailbox.mbox` (what any mail tool does). Checks that the second run wrote no note.
Targets: the first import under 30 s, the no-op under 5 s. Then the memory of reading the
mbox's headers as the import does, against the file's size (``--body-kb`` gives each
message a body of K kilobytes, as real mail has).
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

ME = "sam.rivera@bench.example"
TODAY = "2026-11-26"
SUBJECTS = ("Proposal for Q1", "Re: Intro", "Suite à notre appel", "Coffee next week?", "Deck v3",
            "Re: Re: Pilot numbers", "Tr: Présentation", "Follow-up from the meetup", "Quick question",
            "Invitation: dinner", "Merci !", "Contract draft")
STRANGERS = [f"person{i}@elsewhere{i % 40}.example" for i in range(3000)]
CONTACTS_OF = """
import sys
from pathlib import Path
from vaultkit.config import load_config
from vaultkit.store.index import Index
with Index(load_config(Path(sys.argv[1]))) as ix:
    ix.refresh()
    for c in ix.identities():
        if c.emails and not c.is_me:
            print(c.name + "\\t" + c.emails[0])
"""


def write_mbox(path: Path, count: int, people: list[tuple[str, str]], seed: int, body_kb: int = 0) -> None:
    """``count`` messages, headers and a short body each, as a mail client's export writes them."""
    rng = random.Random(seed)
    body = ("the body is never read " * 43 + "\n") * body_kb  # about K kilobytes
    start = 1_730_000_000  # late 2024
    span = 2 * 365 * 86400
    with open(path, "wb") as fh:
        for i in range(count):
            when = time.gmtime(start + rng.randrange(span))
            date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", when)
            roll = rng.random()
            extra = ""
            if roll < 0.7:
                name, addr = rng.choice(people)
            elif roll < 0.9:
                name, addr = "", rng.choice(STRANGERS)
            elif roll < 0.95:
                name, addr, extra = "Weekly News", "news@list.example", "List-Id: <weekly.list.example>\n"
            else:
                name, addr, extra = "Service", "no-reply@service.example", ""
            sender, to = (f"{name} <{addr}>", ME) if rng.random() < 0.6 else (f"Sam Rivera <{ME}>", f"{name} <{addr}>")
            fh.write((f"From {addr} {time.strftime('%a %b %d %H:%M:%S %Y', when)}\n"
                      f"From: {sender}\nTo: {to}\nSubject: {rng.choice(SUBJECTS)}\nDate: {date}\n"
                      f"Message-ID: <m{i}.{seed}@bench.example>\n{extra}MIME-Version: 1.0\n"
                      "Content-Type: text/plain; charset=utf-8\n\n"
                      "Hello,\nthe body is never read by the import.\nBest,\n" + body + "\n").encode())


HEADERS = """
import resource, sys, time
from pathlib import Path
from vaultkit.capture.mail import mbox_headers
start = time.perf_counter()
n = sum(1 for _ in mbox_headers(Path(sys.argv[1]), []))
print(time.perf_counter() - start, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

BASELINE = """
import mailbox, sys, time
start = time.perf_counter()
n = 0
for msg in mailbox.mbox(sys.argv[1], create=False):
    for key in ("From", "To", "Cc", "Date", "Subject", "Message-ID", "List-Id", "Precedence", "Auto-Submitted"):
        msg.get(key)
    n += 1
print(time.perf_counter() - start, n)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--body-kb", type=int, default=0, help="kilobytes of body per message (default 0)")
    args = parser.parse_args()
    compileall.compile_dir(str(REPO / "vaultkit"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="vaultkit-bench-mail-"))
    try:
        vault = vault_copy(work / "vault", args.contacts, args.contacts // 4, TODAY,
                           f"\ncapture:\n  my_emails: [{ME}]\n")
        env = env_with_cache(work / "cache")
        listed = subprocess.run([sys.executable, "-c", CONTACTS_OF, str(vault)], env=env, check=True,
                                capture_output=True, text=True).stdout
        people = [tuple(line.split("\t", 1)) for line in listed.splitlines()]
        box = work / "mail.mbox"
        write_mbox(box, args.messages, people, args.seed, args.body_kb)  # type: ignore[arg-type]
        size = box.stat().st_size / 1e6
        print(f"{args.messages:,} messages ({size:.0f} MB) with {len(people):,} contacts' addresses "
              f"in a vault of {args.contacts:,} contacts")

        out = subprocess.run([sys.executable, "-c", BASELINE, str(box)], capture_output=True, text=True, check=True)
        baseline = float(out.stdout.split()[0])
        print(f"baseline: mailbox.mbox reading the same headers   {baseline:7.2f} s")

        import_twice([*VAULTKIT, "import", "mail", str(box), "--vault", str(vault)], env, vault, baseline)
        out = subprocess.run([sys.executable, "-c", HEADERS, str(box)], env=env, capture_output=True, text=True,
                             check=True)
        took, count, rss = out.stdout.split()
        print(f"the headers of {count} messages read as the import does: {float(took):.2f} s, "
              f"max RSS {float(rss):.0f} MB for a {size:.0f} MB mbox")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
