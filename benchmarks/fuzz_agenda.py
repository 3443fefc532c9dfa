"""Random edits to a copy of a generated vault: after each, the agenda with sections kept
(``engines/kept.py``) must be byte for byte the one made afresh.

    python benchmarks/fuzz_agenda.py [--contacts 10000] [--events 3000] [--rounds 200]
                                     [--seed 1] [--edits 1-3] [--keep DIR]

Each round makes one to three edits of random kinds (soft and hard: text, a task added or
ticked, a dated heading added or removed, a field changed, a note added, deleted or
renamed, an event moved or attended, a link added or removed, a follow-up marked done), then builds
the agenda of one of a few requests (``--limit`` 5, 50 or none; 7 or 30 days) with its
kept sections, and afresh, and compares their JSON. A difference stops the run with the
edits of the round, the sections made again and a diff, the vault left in place. Prints
the sections kept, mended or made over the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import build_vault  # noqa: E402

TODAY = "2026-11-26"
REQUESTS = [(7, 50), (7, 5), (30, 50), (7, None)]
FIELDS = {
    "cadence": ["1w", "2w", "1m", "3m", "10d"],
    "tags": ["[investor]", "[founder, climate]", "[friend]"],
    "needs": ["[seed funding]", "[a designer]", "[retail partners]"],
    "offers": ["[seed funding]", "[supply chain expertise]", "[design reviews]"],
    "company": ["Analytical Engines", "Juniper Legal", "Station F"],
    "follow_up": ["2026-11-28", "2026-11-20", "2026-12-10"],
    "snooze": ["2026-12-01", "2026-11-20"],
    "birthday": ["1985-11-29", "--12-01"],
}
WORDS = "coffee lunch call pilot deck intro climate design retail seed Lyon Berlin".split()


def _day(offset: int) -> str:
    return (dt.date.fromisoformat(TODAY) + dt.timedelta(days=offset)).isoformat()


class Editor:
    """Random edits to the vault at ``root``, each described in one line."""

    def __init__(self, root: Path, rng: random.Random):
        self.root = root
        self.rng = rng
        self.people = sorted(p for p in (root / "people").glob("*.md"))
        self.events = sorted(p for p in (root / "events").glob("*.md"))
        self.daily = sorted(p for p in (root / "daily").glob("*.md"))
        self.n = 0

    def pick(self, items: list[Path]) -> Path:
        while True:
            p = self.rng.choice(items)
            if p.exists():
                return p

    def name(self) -> str:
        return self.pick(self.people).stem

    def soon(self) -> str:
        return _day(self.rng.randint(-40, 20))

    def write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    # -- the kinds of edit ---------------------------------------------------------

    def text(self) -> str:
        p = self.pick(self.people + self.events)
        self.write(p, p.read_text(encoding="utf-8") + f"\n- {self.rng.choice(WORDS)} again\n")
        return f"text of {p.name}"

    def task(self) -> str:
        p = self.pick(self.people + self.daily + self.events)
        verb = self.rng.choice(["send", "call", "envoyer", "read"])
        link = f" [[{self.name()}]]" if p.parent.name != "people" or self.rng.random() < 0.2 else ""
        line = f"- [ ] {verb}{link} the {self.rng.choice(WORDS)} note 📅 {self.soon()}"
        self.write(p, p.read_text(encoding="utf-8") + f"\n{line}\n")
        return f"task in {p.name}: {line}"

    def tick(self) -> str:
        for _ in range(50):
            p = self.pick(self.people + self.events)
            text = p.read_text(encoding="utf-8")
            marks = [m.start() for m in re.finditer(r"- \[[ x]\] ", text)]
            if marks:
                at = self.rng.choice(marks)
                new = "- [x] " if text[at:at + 6] == "- [ ] " else "- [ ] "
                self.write(p, text[:at] + new + text[at + 6:])
                return f"task ticked in {p.name}: {new}"
        return self.task()

    def heading(self) -> str:
        p = self.pick(self.people)
        title = self.rng.choice([f"Coffee about {self.rng.choice(WORDS)}", "Followed up", "Call",
                                 "Changed jobs: Acme → Globex", "New role: Globex (CTO)"])
        day = self.soon() if self.rng.random() < 0.8 else _day(-self.rng.randint(40, 400))
        self.write(p, p.read_text(encoding="utf-8") + f"\n## {day} {title}\n- talked about {self.rng.choice(WORDS)}\n")
        return f"heading in {p.name}: {day} {title}"

    def unheading(self) -> str:
        for _ in range(50):
            p = self.pick(self.people)
            lines = p.read_text(encoding="utf-8").split("\n")
            dated = [i for i, line in enumerate(lines) if re.match(r"#+ .*\d{4}-\d{2}-\d{2}", line)]
            if dated:
                i = self.rng.choice(dated)
                removed = lines.pop(i)
                self.write(p, "\n".join(lines))
                return f"heading removed in {p.name}: {removed}"
        return self.heading()

    def field(self) -> str:
        p = self.pick(self.people)
        text = p.read_text(encoding="utf-8")
        key = self.rng.choice(list(FIELDS))
        value = self.rng.choice(FIELDS[key])
        head, sep, body = text.partition("\n---\n")
        lines = [line for line in head.split("\n") if not line.startswith(f"{key}:")]
        if key == "company":
            lines = [line for line in lines if not line.startswith(("organization:", "org:"))]
        lines.insert(2, f"{key}: {value}")
        self.write(p, "\n".join(lines) + sep + body)
        return f"field {key}: {value} in {p.name}"

    def add(self) -> str:
        self.n += 1
        if self.rng.random() < 0.5:
            p = self.root / "people" / f"Fuzz Person {self.n}.md"
            fields = f"cadence: {self.rng.choice(FIELDS['cadence'])}\n" if self.rng.random() < 0.7 else ""
            if self.rng.random() < 0.5:
                fields += f"needs: {self.rng.choice(FIELDS['needs'])}\n"
            self.write(p, f"---\ntype: contact\n{fields}---\n## {self.soon()} Met\n- first chat\n")
            self.people.append(p)
        else:
            day = _day(self.rng.randint(-10, 8))
            p = self.root / "events" / f"{day} Fuzz Event {self.n}.md"
            people = ", ".join(f'"[[{self.name()}]]"' for _ in range(self.rng.randint(1, 3)))
            self.write(p, f"---\ntype: event\ndate: {day}\nattendees: [{people}]\ngoals: [meet people]\n---\nA room.\n")
            self.events.append(p)
        return f"added {p.name}"

    def delete(self) -> str:
        p = self.pick(self.people + self.events)
        p.unlink()
        return f"deleted {p.name}"

    def rename(self) -> str:
        p = self.pick(self.people + self.events)
        self.n += 1
        new = p.with_name(f"{p.stem} {self.n}.md")
        p.rename(new)
        (self.people if p.parent.name == "people" else self.events).append(new)
        return f"renamed {p.name} to {new.name}"

    def move_event(self) -> str:
        p = self.pick(self.events)
        text = p.read_text(encoding="utf-8")
        day = _day(self.rng.randint(-10, 10))
        new, count = re.subn(r"^date: \S+", f"date: {day}", text, count=1, flags=re.MULTILINE)
        if not count:
            return self.text()
        self.write(p, new)
        return f"event {p.name} moved to {day}"

    def event_edit(self) -> str:
        p = self.pick(self.events)
        text = p.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n---\n")
        how = self.rng.choice(["attendee", "unattend", "no follow-up", "called off", "about"])
        if how == "attendee" and "attendees: [" in head:
            head = head.replace("attendees: [", f'attendees: ["[[{self.name()}]]", ', 1)
        elif how == "unattend" and "attendees: [" in head:
            head = re.sub(r'attendees: \["\[\[[^\]]+\]\]",? ?', "attendees: [", head, count=1)
        elif how == "no follow-up":
            head += "\nfollow_up: false"
        elif how == "called off":
            head += "\nstatus: cancelled"
        else:
            body += f"\n- [[{self.name()}]]: wants {self.rng.choice(WORDS)}\n"
        self.write(p, head + sep + body)
        return f"event {p.name}: {how}"

    def link(self) -> str:
        p = self.pick(self.people + self.daily)
        line = f"Lunch with [[{self.name()}]]."
        self.write(p, p.read_text(encoding="utf-8") + f"\n{line}\n")
        return f"link in {p.name}: {line}"

    def unlink(self) -> str:
        for _ in range(50):
            p = self.pick(self.people + self.daily)
            text = p.read_text(encoding="utf-8")
            links = [m for m in re.finditer(r"\[\[([^\]|#]+)[^\]]*\]\]", text) if "\n---" in text[:m.start()]]
            if links:
                m = self.rng.choice(links)
                self.write(p, text[:m.start()] + m.group(1) + text[m.end():])
                return f"link removed in {p.name}: {m.group(0)}"
        return self.link()

    def followed(self) -> str:
        p = self.pick(self.people)
        event = self.pick(self.events).stem
        line = f"## {self.soon()} Followed up\n- after [[{event}]]" if self.rng.random() < 0.5 else \
            f"## {self.soon()} Followed up\n- sent a note"
        self.write(p, p.read_text(encoding="utf-8") + f"\n{line}\n")
        return f"followed up in {p.name}: {line}"


KINDS = {"text": 3, "task": 4, "tick": 3, "heading": 4, "unheading": 2, "field": 2, "add": 1,
         "delete": 1, "rename": 1, "move_event": 1, "link": 2, "unlink": 2, "followed": 1,
         "event_edit": 3}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=None, help="default: 30%% of the contacts")
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--edits", default="1-3", help="edits per round: N or A-B")
    ap.add_argument("--keep", type=Path, default=None, help="where to copy the vault (default: a temp folder)")
    args = ap.parse_args()
    events = args.events if args.events is not None else args.contacts * 3 // 10
    low, _, high = args.edits.partition("-")
    work = Path(args.keep or tempfile.mkdtemp(prefix="vaultkit-fuzz-agenda-"))
    vault = work / "vault"
    shutil.rmtree(vault, ignore_errors=True)
    shutil.copytree(build_vault(args.contacts, events, TODAY), vault)
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    os.environ.pop("VAULTKIT_VAULT", None)

    from vaultkit.config import load_config
    from vaultkit.engines.agenda import build_agenda
    from vaultkit.engines.kept import Sections, keeping
    from vaultkit.store.index import Index

    made: Counter[str] = Counter()
    outcome: list[str] = []
    real_section = Sections.section

    def counting(self, name, make, *a, **kw):
        kept = self.kept.get(name)
        making = []

        def make_now():
            making.append(name)
            return make()

        value = real_section(self, name, make_now, *a, **kw)
        outcome.append(f"{name}:{'made' if making else 'kept' if self.made[name] is kept else 'mended'}")
        return value

    Sections.section = counting  # type: ignore[method-assign]
    rng = random.Random(args.seed)
    editor = Editor(vault, rng)
    config = load_config(vault)
    with Index(config) as ix:
        ix.refresh()
        for days, limit in REQUESTS:  # each request kept once
            with keeping():
                build_agenda(ix, config, TODAY, days, limit)
        start = time.perf_counter()
        for n in range(1, args.rounds + 1):
            did = [getattr(editor, rng.choices(list(KINDS), list(KINDS.values()))[0])()
                   for _ in range(rng.randint(int(low), int(high or low)))]
            ix.refresh()
            days, limit = rng.choice(REQUESTS)
            outcome.clear()
            with keeping():
                kept = json.dumps(build_agenda(ix, config, TODAY, days, limit).to_json(), sort_keys=True, indent=1)
            what = list(outcome)
            made.update(f"{w.split(':')[0]} {w.split(':')[1]}" for w in what)
            with Index(config) as other:  # afresh: another connection, nothing kept
                other.refresh()
                fresh = json.dumps(build_agenda(other, config, TODAY, days, limit).to_json(), sort_keys=True, indent=1)
            if kept != fresh:
                print(f"round {n}: DIFFERENT (days {days}, limit {limit}) after:\n  " + "\n  ".join(did))
                print("sections: " + ", ".join(what))
                print("".join(list(difflib.unified_diff(fresh.splitlines(True), kept.splitlines(True),
                                                        "fresh", "kept", n=2))[:200]))
                print(f"vault left in {work}")
                raise SystemExit(1)
            if n % 10 == 0:
                print(f"round {n}: same ({time.perf_counter() - start:.0f} s)", flush=True)
    print(f"{args.rounds} rounds, the kept agenda always the fresh one")
    for key, count in sorted(made.items()):
        print(f"  {key}: {count}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
