"""Did an event pay off? Its goals with what happened, the people to meet met or not, the
new contacts made there, and the follow-ups sent and pending (docs/debrief.md).

The rules, each in one sentence:

- **what happened** is what you wrote from the event's day on: the event note's body
  (leaving out its ``Goals``, ``Prep`` and ``Debrief`` sections, written before or by
  vaultkit), each line of another note dated that day or later that links to the event
  (a dated heading, a daily note), and the dated sections of its attendees' notes on its
  days;
- a **goal** is met when one of those lines shares two words with it (words of four letters
  or more, small words left out, compared by their first five letters), or when the goal
  names someone the line is about (``Catch up with Karim`` and ``- [[Karim Zerrouki]]: ...``,
  or a dated section of Karim's note);
- someone **to meet** was met when they now attend, have a note dated on the event's days,
  or were created with ``met: [[Event]]``; a name that is no contact is met by someone met
  there who works at a company it names (``the Kairos Cells founders``);
- the **new contacts** are those whose ``met`` links the event, and the attendees first met
  on its days;
- a **follow-up** is pending by the agenda's rule (``agenda.pending_follow_ups``, what
  ``followup EVENT`` lists), else sent.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.engines import results as r
from vaultkit.engines.agenda import pending_follow_ups
from vaultkit.engines.debriefing import append_once, body_of, body_sections, goals_of, has_debrief
from vaultkit.engines.terms import company_key
from vaultkit.notes.bullets import bullets
from vaultkit.notes.values import display, norm_key

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index
    from vaultkit.store.records import Event

SKIPPED_SECTIONS = ("goals", "goal", "objectives", "objectifs", "prep", "preparation", "debrief", "bilan")
_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset("""
with from that this about their there they them what when where which some someone more into over after
before than then have will would could should been were also just like only very much many each other
meet find talk catch still need needs want wants make sure good great back people person
avec pour dans chez leur leurs mais plus sans sous tout tous toute toutes cette comme entre faire trouver
rencontrer parler demander quelqu quelque notre votre nous vous elle elles sont etre avoir aussi
""".split())


def _words(text: str) -> set[str]:
    """The words that count of a text: four letters or more, small words left out, cut to five."""
    return {w[:5] for w in _WORD_RE.findall(norm_key(display(text))) if len(w) >= 4 and w not in _STOP}


class _Line:
    """A line of what happened: its day, where it is, its text and whom it is about."""

    __slots__ = ("day", "where", "text", "people", "words")

    def __init__(self, day: str, where: str, text: str, people: set[str]):
        self.day, self.where, self.text, self.people = day, where, text, people
        self.words = _words(text)

    def __str__(self) -> str:
        return f"{self.day} {self.where}: {self.text}"


def _names(name: str) -> set[str]:
    return {w[:5] for w in _WORD_RE.findall(norm_key(name)) if len(w) >= 3}


def build_debrief(index: Index, config: Config, today: str, path: str) -> r.Debrief:
    """The debrief of the event at ``path`` as of ``today``."""
    event = index.events(paths=[path])[0]
    note = index.notes([path])[path]
    body = body_of(config.vault, path)
    day = (event.date or today)[:10]
    last_day = max(day, (event.end or day)[:10])
    people = index.event_people([path]).get(path, [])
    attendees = list(dict.fromkeys(p.path for p in people if p.path and not p.to_meet))
    rows = index.contacts(attendees)
    attendees = [p for p in attendees if p in rows and not rows[p].is_me]
    back = index.backlinks(path)
    met_field = sorted({b.path for b in back if b.field == "met"})
    rows.update(index.contacts(met_field))
    met_field = [p for p in met_field if p in rows and not rows[p].is_me]
    lines = _happened(index, config.vault, body, note.name, back, attendees, day, last_day, today, rows)
    goals = [_goal(g, lines) for g in goals_of(note.fields, body)]
    days = index.contact_days(day, last_day)
    seen_there = {p for p, found in days.items() if found}
    to_meet = [_person(index, p.target, p.path, attendees, met_field, seen_there, rows)
               for p in people if p.to_meet]
    first = index.first_met(today, attendees) if attendees else {}
    new = list(dict.fromkeys([*met_field, *(p for p in attendees if day <= first.get(p, "")[:10] <= last_day)]))
    return r.Debrief(
        event=event.title, path=path, date=event.date[:10] if event.date else None, goals=goals, to_meet=to_meet,
        new_contacts=[rows[p].name for p in new], new_contact_paths=new,
        follow_ups=_follow_ups(index, config, today, event, attendees, rows),
        written=has_debrief(body))


def _happened(index: Index, vault: Path, body: str, title: str, back: list, attendees: list[str], day: str,
              last_day: str, today: str, rows: dict) -> list[_Line]:
    names = {p: rows[p].name for p in attendees}
    out: list[_Line] = []
    if day <= today:  # the event's own body, once it took place
        for heading, text in body_sections(body):
            if norm_key(heading).split(" ")[0] in SKIPPED_SECTIONS:
                continue
            out += [_Line(day, title, b, _linked(b, names)) for b in bullets(text)]
    dated = [b for b in back if b.field != "met" and b.date and day <= b.date[:10] <= today]
    notes = index.notes({b.path for b in dated} | set(attendees))
    for b in dated:
        n = notes.get(b.path)
        if n is None:
            continue
        owner = {rows[b.path].name} if b.path in rows else set()
        section = next((s for s in n.sections if s.date == b.date[:10] and s.line <= b.line), None)
        if section is not None and b.path in rows:
            text = " ".join(bullets(section.text)) or section.title
            out.append(_Line(section.date, n.name, text, owner | _linked(text, names)))
            continue
        line = _line_at(vault, b.path, b.line)
        if line:
            out.append(_Line(b.date[:10], n.name, line, owner | _linked(line, names)))
    for p in attendees:  # their notes on the event's days
        n = notes.get(p)
        for s in n.sections if n else ():
            if day <= s.date <= last_day:
                text = " ".join(bullets(s.text)) or s.title
                out.append(_Line(s.date, n.name, text, {rows[p].name}))
    seen: set[str] = set()
    unique = []
    for line in out:
        if str(line) not in seen:
            seen.add(str(line))
            unique.append(line)
    return unique


def _line_at(vault: Path, path: str, line: int) -> str:
    """The text of line ``line`` (from 1) of a note's file, links as their labels."""
    try:
        lines = (vault / path).read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return ""
    if not 0 < line <= len(lines):
        return ""
    return " ".join(display(lines[line - 1]).lstrip("-*+#> ").replace("**", "").split())


def _linked(text: str, names: dict[str, str]) -> set[str]:
    key = norm_key(display(text))
    return {name for name in names.values() if norm_key(name) in key}


def _goal(goal: str, lines: list[_Line]) -> r.GoalOutcome:
    words = _words(goal)
    called = _names(display(goal))  # words that may be someone's name (three letters or more)
    evidence = []
    for line in lines:
        shared = words & line.words
        named = any(called & _names(p) for p in line.people)
        if len(shared) >= 2 or named or (len(words) == 1 and shared):
            evidence.append(str(line))
    return r.GoalOutcome(goal, evidence, bool(evidence))


def _person(index: Index, target: str, path: str | None, attendees: list[str], met_field: list[str],
            seen_there: set[str], rows: dict) -> r.PersonMet:
    name = display(target).strip() if "[[" in target else target.strip()
    if path is None:
        base = name.split(" (")[0].strip()
        path = index.contact_named(base) if base else None
        if path is not None:
            rows.update(index.contacts([path]))
    if path is not None and path in rows:
        how = ("attends" if path in attendees else "met field" if path in met_field
               else "note of the day" if path in seen_there else None)
        return r.PersonMet(rows[path].name, path, how is not None, how)
    key = f" {norm_key(name)} "
    for p in [*attendees, *met_field]:
        for company in rows[p].companies:
            ck = company_key(company)
            if ck and len(ck) >= 3 and f" {ck} " in key:
                return r.PersonMet(name, p, True, f"{rows[p].name} works at {company}")
    return r.PersonMet(name, None, False, None)


def _follow_ups(index: Index, config: Config, today: str, event: Event, attendees: list[str],
                rows: dict) -> list[r.FollowUpState]:
    day = (event.date or "")[:10]
    if not day or day >= today or not event.follow_ups or not attendees:
        return []
    pending = pending_follow_ups(index, config, today, event.path)
    last = index.last_contacts_of(attendees, today)
    done: dict[str, str] = {}  # the first done mark on or after the event's day
    for mark in sorted(index.sections_titled(attendees, "followed up", today), key=lambda m: m.date):
        if mark.date >= day:
            done.setdefault(mark.path, mark.date)
    out = []
    for p in attendees:
        if p in pending:
            out.append(r.FollowUpState(rows[p].name, p, "pending", None))
            continue
        seen = last.get(p)
        out.append(r.FollowUpState(rows[p].name, p, "sent", done.get(p) or (seen if seen and seen > day else None)))
    out.sort(key=lambda f: (f.state != "pending", norm_key(f.contact)))
    return out


def debrief_text(d: r.Debrief, today: str, link) -> str:
    """The ``## Debrief`` section written into the event note (its heading left out); ``link``
    makes a wikilink of ``(path, name)``."""
    out = [f"_Written by `vaultkit debrief` on {today}._", ""]
    if d.goals:
        out.append("### Goals")
        for g in d.goals:
            out.append(f"- {'✅' if g.met else '❌'} {g.goal}" + ("" if g.met else ": nothing written about it yet"))
            out += [f"    - {e}" for e in g.evidence[:3]]
        out.append("")
    if d.to_meet:
        out.append("### People to meet")
        for p in d.to_meet:
            who = link(p.path, p.name) if p.path and p.how and " works at " not in p.how else p.name
            out.append(f"- {'✅' if p.met else '❌'} {who}: " + (f"met ({p.how})" if p.met else "not met"))
        out.append("")
    if d.new_contacts:
        out.append("### New contacts")
        out += [f"- {link(p, n)}" for n, p in zip(d.new_contacts, d.new_contact_paths, strict=True)]
        out.append("")
    if d.follow_ups:
        out.append("### Follow-ups")
        for f in d.follow_ups:
            out.append(f"- {'Sent' if f.state == 'sent' else 'Pending'}: {link(f.path, f.contact)}"
                       + (f" ({f.on})" if f.on else ""))
        out.append("")
    return "\n".join(out).rstrip("\n")


def write_debrief(index: Index, config: Config, today: str, path: str) -> tuple[bool, r.Debrief]:
    """Append the ``## Debrief`` section to the event note, once: never when the note has one
    (written by vaultkit or by you); whether it wrote, and the debrief. Made again on the new
    text when the note changes meanwhile (``writer.rewrite``)."""
    from vaultkit.notes.links import note_link

    d = build_debrief(index, config, today, path)
    if d.written:
        return False, d
    return append_once(config, path, debrief_text(d, today, note_link)), d


