"""Recording exchanges: one dated heading per contact, day and channel, never twice.

Each exchange's correspondents are matched to contacts by email, phone or profile URL
written in the contact's front matter, then by exact name or alias (one note only: never
a guess). A contact gets ``## 2026-12-01 Email: Proposal for Q1`` at the end of their
note, and under it a mark holding a short hash of each item recorded there
(notes/captured.py): a dated heading already there for that day and channel gets the new
hashes, not a second heading. The marks are read back into the index, so an item known
in a note is never recorded again, even after the index is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vaultkit.capture.exchanges import Exchange
from vaultkit.errors import WriteFailed, WriteRefused
from vaultkit.formats.merge import clean_line, linkedin_key, phone_key
from vaultkit.notes import writer
from vaultkit.notes.captured import mark_line, read_mark, uid_hash
from vaultkit.notes.names import file_name
from vaultkit.notes.reader import heading_date
from vaultkit.notes.values import norm_key

if TYPE_CHECKING:
    from vaultkit.store.index import Index

_TITLE_RE = re.compile(r"^#{1,6}[ \t]+\[{0,2}\d{4}-\d{2}-\d{2}\]{0,2}\s*[-–—:,]?\s*(.*?)[ \t#]*$")
_REPLY_RE = re.compile(r"^\s*(?:(?:re|fw|fwd|tr|réf|ref|aw|wg|sv)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
SUBJECT_MAX = 100  # characters of a subject kept in a heading


# -- the report -------------------------------------------------------------------------------


@dataclass
class Recorded:
    """What one contact's note got (or would get) for one day and channel."""

    path: str
    name: str
    day: str
    channel: str
    heading: str  # the heading the items are under (without the ``##``)
    items: int  # source items recorded there
    new_heading: bool  # False: under a heading already in the note

    def __str__(self) -> str:
        where = "new heading" if self.new_heading else "added to its heading"
        return f"{self.path}: ## {self.heading} ({self.items} item{'s' if self.items != 1 else ''}, {where})"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "name": self.name, "day": self.day, "channel": self.channel,
                "heading": self.heading, "items": self.items, "new_heading": self.new_heading}


@dataclass
class Unknown:
    """A correspondent who is no contact: how often and when last."""

    who: str  # an address, a phone number, a profile URL or a name
    name: str  # a display name seen with it ("" when none)
    count: int
    last: str

    def __str__(self) -> str:
        label = f"{self.name} <{self.who}>" if self.name and self.name != self.who else self.who
        return f"{label}: {self.count} exchange{'s' if self.count != 1 else ''}, last {self.last}"

    def to_json(self) -> dict[str, Any]:
        return {"who": self.who, "name": self.name, "count": self.count, "last": self.last}


@dataclass
class CaptureReport:
    """What a capture read, recorded, skipped and could not place."""

    dry_run: bool = False
    read: int = 0  # source items read (messages, chat lines...), told by the source
    exchanges: int = 0  # exchanges handed to the recorder
    recorded: list[Recorded] = field(default_factory=list)
    already: int = 0  # exchanges with a contact recorded before (nothing written for them)
    future: int = 0  # exchanges dated after today: not recorded
    skipped: dict[str, int] = field(default_factory=dict)  # items a source left out, by reason
    unknown: list[Unknown] = field(default_factory=list)  # most frequent first
    ambiguous: list[str] = field(default_factory=list)  # identifiers several contacts share
    created: list[str] = field(default_factory=list)  # contact notes made for correspondents
    problems: list[str] = field(default_factory=list)  # `path:line: problem`, each item skipped

    @property
    def items(self) -> int:
        return sum(r.items for r in self.recorded)

    def summary(self) -> str:
        verb = "would record" if self.dry_run else "recorded"
        notes = len({r.path for r in self.recorded})
        parts = [f"{self.read} read" if self.read else f"{self.exchanges} exchanges",
                 f"{verb} {self.items} in {notes} note{'s' if notes != 1 else ''}",
                 f"{self.already} already recorded"]
        parts += [f"{n} skipped ({reason})" for reason, n in sorted(self.skipped.items()) if n]
        if self.future:
            parts.append(f"{self.future} dated in the future")
        if self.unknown:
            parts.append(f"{len(self.unknown)} correspondent{'s' if len(self.unknown) != 1 else ''} not in "
                         "your contacts")
        if self.problems:
            parts.append(f"{len(self.problems)} not readable")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "read": self.read,
            "exchanges": self.exchanges,
            "recorded": [r.to_json() for r in self.recorded],
            "already": self.already,
            "future": self.future,
            "skipped": dict(sorted(self.skipped.items())),
            "unknown": [u.to_json() for u in self.unknown],
            "ambiguous": sorted(self.ambiguous),
            "created": self.created,
            "problems": self.problems,
            "summary": self.summary(),
        }


# -- matching ---------------------------------------------------------------------------------


class Matcher:
    """Which contact each address, phone, profile or name means (one note, or none)."""

    def __init__(self, index: Index, phones: bool = False):
        self.names: dict[str, str] = {}
        self.by: dict[str, dict[str, set[str]]] = {"email": {}, "phone": {}, "profile": {}, "name": {}}
        for contact in index.identities():
            if contact.is_me:
                continue
            self.names[contact.path] = contact.name
            for email in contact.emails:
                self._put("email", email.strip().lower().removeprefix("mailto:"), contact.path)
            if contact.linkedin:
                self._put("profile", linkedin_key(contact.linkedin), contact.path)
        for key, path in index.contact_keys():
            self._put("name", key, path)
        if phones:
            for phone, path in index.contact_phones():
                self._put("phone", phone_key(phone), path)

    def _put(self, kind: str, key: str, path: str) -> None:
        if key:
            self.by[kind].setdefault(key, set()).add(path)

    def find(self, kind: str, value: str) -> set[str]:
        """The notes ``value`` names (several: ambiguous; none: no contact)."""
        if kind == "email":
            key = value.strip().lower().removeprefix("mailto:")
        elif kind == "phone":
            key = phone_key(value)
        elif kind == "profile":
            key = linkedin_key(value)
        else:
            key = norm_key(value)
        return self.by[kind].get(key, set()) if key else set()


def _who(ex: Exchange) -> list[tuple[str, str]]:
    """The exchange's identifiers, strongest first: ``(kind, value)``."""
    return ([("email", e) for e in ex.emails] + [("phone", p) for p in ex.phones]
            + [("profile", p) for p in ex.profiles] + [("name", n) for n in ex.names])


# -- planning ---------------------------------------------------------------------------------


@dataclass
class _Group:
    """The items of one contact's note for one day and channel."""

    day: str
    channel: str
    subject: str
    hashes: list[str] = field(default_factory=list)


def heading_subject(subject: str) -> str:
    """A subject as a heading may show it: one line, no reply prefixes, no links or marks."""
    text = _REPLY_RE.sub("", clean_line(subject))
    text = text.replace("[[", "[ [").replace("]]", "] ]").replace("%%", "% %").strip(" #")
    return text if len(text) <= SUBJECT_MAX else text[: SUBJECT_MAX - 1].rstrip() + "…"


def _heading(group: _Group, no_subject: bool) -> str:
    subject = "" if no_subject else heading_subject(group.subject)
    return f"{group.day} {group.channel}: {subject}" if subject else f"{group.day} {group.channel}"


def _channel_re(channel: str) -> re.Pattern:
    return re.compile(rf"{re.escape(channel)}(?![\w-])", re.IGNORECASE)


def with_captures(text: str, nl: str, groups: list[_Group], no_subject: bool
                  ) -> tuple[str, list[tuple[_Group, str, int, bool]]]:
    """``text`` with each group's hashes not in it yet under its day-and-channel heading (an
    existing one, else a new heading at the end); and, per group written, its heading, how
    many items and whether the heading is new. Every other byte is kept."""
    lines = text.split("\n")
    present: set[str] = set()
    channels = {g.channel.lower(): _channel_re(g.channel) for g in groups}
    headings: dict[tuple[str, str], int] = {}
    for i, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if line.startswith("%% vaultkit:"):
            present.update(read_mark(line) or ())
        elif line[:1] == "#":
            found = heading_date(line)
            title = _TITLE_RE.match(line) if found else None
            if title:
                for low, pattern in channels.items():
                    if pattern.match(title.group(1)):
                        headings.setdefault((found[1], low), i)  # type: ignore[index]
    done: list[tuple[_Group, str, int, bool]] = []
    under: dict[int, list[str]] = {}
    appended: list[tuple[_Group, list[str]]] = []
    for group in groups:
        new = list(dict.fromkeys(h for h in group.hashes if h not in present))
        if not new:
            continue
        present.update(new)
        at = headings.get((group.day, group.channel.lower()))
        if at is None:
            appended.append((group, new))
            done.append((group, _heading(group, no_subject), len(new), True))
        else:
            under.setdefault(at, []).extend(new)
            title = _TITLE_RE.match(lines[at].rstrip("\r"))
            shown = f"{group.day} {title.group(1)}" if title else group.day
            done.append((group, shown, len(new), False))
    for at in sorted(under, reverse=True):
        after = at + 1
        old = read_mark(lines[after].rstrip("\r")) if after < len(lines) else None
        if old is not None:
            end = "\r" if lines[after].endswith("\r") else ""
            lines[after] = mark_line(old + under[at]) + end
        else:
            end = "\r" if lines[at].endswith("\r") else ""
            lines.insert(after, mark_line(under[at]) + end)
    out = "\n".join(lines)
    if appended:
        blocks = [f"## {_heading(group, no_subject)}{nl}{mark_line(new)}{nl}" for group, new in appended]
        out = writer.with_block(out, nl, nl.join(blocks))
    return out, done


def _iso(day: str | dt.date | None) -> str:
    if day is None:
        return dt.date.today().isoformat()
    return day if isinstance(day, str) else day.isoformat()


def record_exchanges(index: Index, exchanges: Iterable[Exchange], *, dry_run: bool = False,
                     no_subject: bool = False, today: str | dt.date | None = None) -> CaptureReport:
    """Record each exchange in the notes of the contacts it was with (the index must be
    fresh; it is refreshed for the notes written). Idempotent: an item already recorded in a
    contact's note is never recorded there again."""
    report = CaptureReport(dry_run=dry_run)
    items = sorted(exchanges, key=lambda ex: ex.day)  # stable: the order read within a day
    report.exchanges = len(items)
    until = _iso(today)
    matcher = Matcher(index, phones=any(ex.phones for ex in items))
    known = index.captured()
    plan: dict[str, dict[tuple[str, str], _Group]] = {}
    unknown: dict[str, list[Any]] = {}
    ambiguous: set[str] = set()
    for ex in items:
        day = ex.day.isoformat()
        if day > until:
            report.future += 1
            continue
        paths: set[str] = set()
        strays: list[tuple[str, str]] = []
        shared: list[str] = []
        by_other = False
        for kind, value in _who(ex):
            if kind == "name" and by_other and len(ex.names) == 1:
                continue  # the one name of a correspondent found by address: the same person
            found = matcher.find(kind, value)
            if len(found) == 1:
                paths |= found
                by_other = by_other or kind != "name"
            elif found:
                shared.append(value)
            elif kind != "name" or not (ex.emails or ex.phones or ex.profiles):
                strays.append((kind, value))
        if not paths:
            ambiguous.update(shared)  # several notes, and nothing else tells which: none
        if paths and len(ex.emails) + len(ex.phones) + len(ex.profiles) <= 1:
            strays = []  # one correspondent, found by name: a contact under another address
        for kind, value in strays:
            if kind == "name" and paths:
                continue
            key = value.lower() if kind == "email" else value
            entry = unknown.setdefault(key, [key, "", 0, day])
            if kind != "name" and len(ex.names) == 1:
                entry[1] = ex.names[0]
            entry[2] += 1
            entry[3] = max(entry[3], day)
        if not paths:
            continue
        digest = uid_hash(f"{ex.channel}\0{ex.uid}")
        fresh = False
        for path in sorted(paths):
            if (path, digest) in known:
                continue
            fresh = True
            group = plan.setdefault(path, {}).setdefault(
                (day, ex.channel), _Group(day, ex.channel, ex.subject))
            if not group.subject and ex.subject:
                group.subject = ex.subject
            group.hashes.append(digest)
        if not fresh:
            report.already += 1
    report.unknown = [Unknown(*entry) for entry in sorted(unknown.values(), key=lambda e: (-e[2], e[0]))]
    report.ambiguous = sorted(ambiguous)
    _write(index, plan, report, dry_run, no_subject, matcher.names)
    return report


def _write(index: Index, plan: dict[str, dict[tuple[str, str], _Group]], report: CaptureReport,
           dry_run: bool, no_subject: bool, names: dict[str, str]) -> None:
    """Write each note's groups in one edit (or only say what it would get, ``dry_run``)."""
    vault = index.config.vault
    written: list[str] = []
    for path in sorted(plan):
        groups = sorted(plan[path].values(), key=lambda g: (g.day, g.channel))
        outcome: list[tuple[_Group, str, int, bool]] = []

        def change(text: str, nl: str, groups: list[_Group] = groups,
                   outcome: list[tuple[_Group, str, int, bool]] = outcome) -> str:
            new_text, done = with_captures(text, nl, groups, no_subject)
            outcome[:] = done  # a note changed meanwhile: what the last edit did
            return new_text

        try:
            if dry_run:  # what the edit would do, refused as it would be
                snap = writer.Snapshot.take(vault / path)
                writer.check_parses(vault / path, snap.text)
                change(snap.text, snap.newline)
            elif writer.rewrite(vault / path, change):
                written.append(path)
        except (WriteRefused, WriteFailed) as exc:
            report.problems.append(f"{exc}")
            continue
        except OSError as exc:
            report.problems.append(f"{path}: cannot write: {exc.strerror or exc}; skipped")
            continue
        name = names.get(path) or file_name(path)
        for group, heading, count, new in outcome:
            report.recorded.append(Recorded(path, name, group.day, group.channel, heading, count, new))
    if written:
        index.refresh_paths(written)


def tally(report: CaptureReport, reasons: Counter[str]) -> None:
    """Add a source's skipped items (by reason) to the report."""
    for reason, n in reasons.items():
        report.skipped[reason] = report.skipped.get(reason, 0) + n
