"""LinkedIn's data export: ``messages.csv`` and ``Invitations.csv`` as exchanges.

``Connections.csv`` is imported as contacts by ``vaultkit import linkedin``
(vaultkit/formats/linkedin.py). Here each conversation day with someone is one exchange,
and an invitation that carries a message is one too (a bare invitation is a click, not an
exchange; the day it was accepted is already the contact's "Connected on LinkedIn").
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path

from vaultkit.capture.exchanges import Exchange
from vaultkit.capture.people import clean, everywhere, me_keys, person_key, uid
from vaultkit.formats.exportfiles import find_member, is_archive
from vaultkit.formats.records import ImportProblem, decode_text, read_input

CHANNEL = "LinkedIn"
INVITATION_SUBJECT = "Invitation to connect"
_MESSAGES = ("CONVERSATION ID", "FROM", "DATE")
_INVITATIONS = ("DIRECTION", "INVITERPROFILEURL", "INVITEEPROFILEURL")
_URL_SPLIT = re.compile(r"[;,\s]+")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(UTC|GMT|Z)?$", re.I)
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*([AP]M)?$", re.I)
_DAY_ONLY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}
_DAY_MONTH = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})$")


def parse_linkedin(path: str | Path, *, me: str | Iterable[str] | None = None,
                   tz: tzinfo | None = None, tally: Counter[str] | None = None) -> tuple[list[Exchange], list[str]]:
    """The exchanges of a LinkedIn export: its ZIP, its folder, or its ``messages.csv`` or
    ``Invitations.csv`` alone. ``me``: the user's name (else the participant of every
    conversation); ``tz``: the zone of the days (default: the system's); ``tally["read"]``
    counts the rows read."""
    found: list[tuple[str, bytes]] = []
    errors: list[str] = []
    if Path(path).is_dir() or is_archive(path):
        for name in ("messages.csv", "Invitations.csv"):
            member = find_member(path, name)
            if isinstance(member, ImportProblem):
                errors.append(str(member))
            elif member is not None:
                found.append((member.where, member.data))
        if not found and not errors:
            return [], [f"{path}: no messages.csv or Invitations.csv in this LinkedIn export"]
        connections = _connections(path)
    else:
        data, unreadable = read_input(path)
        if unreadable:
            return [], [str(unreadable)]
        found.append((str(path), data))
        connections = set()
    exchanges: list[Exchange] = []
    for where, data in found:
        rows, header = _rows(data)
        if tally is not None and header is not None:
            tally["read"] += len(rows)
        if header is not None and all(col in header for col in _MESSAGES):
            got, bad = _messages(where, rows, me, tz, connections)
        elif header is not None and all(col in header for col in _INVITATIONS):
            got, bad = _invitations(where, rows, tz)
        else:
            got, bad = [], [f"{where}:1: not a LinkedIn messages.csv or Invitations.csv "
                            "(no CONVERSATION ID, FROM, DATE or Direction, inviterProfileUrl header)"]
        exchanges.extend(got)
        errors.extend(bad)
    return exchanges, errors


# ---------------------------------------------------------------- reading rows


def _rows(data: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[str] | None]:
    """``(line, row by upper-cased column)`` of a CSV, and its header; ``None`` for no header."""
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [clean(h).upper() for h in next(reader)]
    except (StopIteration, csv.Error):
        return [], None
    rows = []
    start = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, dict(zip(header, (cell.strip() for cell in row), strict=False))))
            start = reader.line_num + 1
    except csv.Error:
        pass  # a broken quote to the end of the file: the rows before it are kept
    return rows, header


def _when(text: str, tz: tzinfo | None) -> date | None:
    """The day of LinkedIn's time stamps (``2026-11-03 09:12:44 UTC``; ``11/3/26, 9:12 AM``),
    in ``tz``; None when it cannot be read."""
    text = clean(text)
    try:
        if match := _ISO.match(text):
            y, mo, d, h, mi, s, zone = match.groups()
            moment = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
            if zone:  # a UTC time: the day is the user's
                moment = moment.replace(tzinfo=timezone.utc).astimezone(tz)
            return moment.date()
        if match := _US.match(text):
            mo, d, y, h, mi, half = match.groups()
            hour = int(h) % 12 + (12 if (half or "").upper() == "PM" else 0) if half else int(h)
            year = int(y) + (2000 if len(y) == 2 else 0)
            return datetime(year, int(mo), int(d), hour, int(mi)).date()
        if match := _DAY_ONLY.match(text):
            return date(*(int(g) for g in match.groups()))
        if (match := _DAY_MONTH.match(text)) and match.group(2).lower() in _MONTHS:
            return date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None
    return None


def _profile_key(url: str) -> str:
    from vaultkit.formats.merge import linkedin_key

    return linkedin_key(url)


def _connections(path: str | Path) -> set[str]:
    """The profiles of the export's ``Connections.csv`` (never the user's own)."""
    from vaultkit.formats.linkedin import parse_connections

    member = find_member(path, "Connections.csv")
    if member is None or isinstance(member, ImportProblem):
        return set()
    records, _ = parse_connections(member.where, member.data)
    return {_profile_key(r.linkedin) for r in records if r.linkedin}


# ---------------------------------------------------------------- messages


@dataclass
class _Party:
    names: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)


@dataclass
class _Message:
    line: int
    conversation: str
    day: date
    sender: str
    recipients: list[str]
    subject: str


def _messages(where: str, rows: list[tuple[int, dict[str, str]]], me: str | Iterable[str] | None,
              tz: tzinfo | None, connections: set[str]) -> tuple[list[Exchange], list[str]]:
    parties: dict[str, _Party] = {}
    messages: list[_Message] = []
    errors: list[str] = []

    def party(name: str, url: str) -> str:
        key = _profile_key(url) if url else ("name:" + person_key(name) if clean(name) else "")
        if key:
            entry = parties.setdefault(key, _Party())
            if clean(name):
                entry.names.add(clean(name))
            if url:
                entry.urls.add(url.strip())
        return key

    for line, row in rows:
        if row.get("IS MESSAGE DRAFT", "").strip().lower() in ("yes", "true"):
            continue
        conversation = row.get("CONVERSATION ID", "")
        day = _when(row.get("DATE", ""), tz)
        if not conversation:
            errors.append(f"{where}:{line}: no CONVERSATION ID; skipped")
            continue
        if day is None:
            errors.append(f"{where}:{line}: bad DATE {row.get('DATE', '')!r}; skipped")
            continue
        sender = party(row.get("FROM", ""), row.get("SENDER PROFILE URL", ""))
        if not sender:
            errors.append(f"{where}:{line}: no FROM; skipped")
            continue
        urls = [u for u in _URL_SPLIT.split(row.get("RECIPIENT PROFILE URLS", "")) if u]
        names = [n.strip() for n in row.get("TO", "").split(",") if n.strip()]
        if urls and len(names) != len(urls):
            names = [""] * len(urls) if len(names) != 1 else names * len(urls)
        recipients = [party(n, u) for n, u in zip(names, urls, strict=True)] if urls else \
            [party(n, "") for n in names]
        messages.append(_Message(line, conversation, day, sender, [r for r in recipients if r],
                                 clean(row.get("SUBJECT", "")) or clean(row.get("CONVERSATION TITLE", ""))))
    owner, problem = _owner(where, messages, parties, me, connections)
    if problem:
        return [], [*errors, problem]
    return _conversation_days(where, messages, parties, owner), errors


def _owner(where: str, messages: list[_Message], parties: dict[str, _Party],
           me: str | Iterable[str] | None, connections: set[str]) -> tuple[set[str], str | None]:
    """The keys of the export's owner: the config's ``me``, else the participant of every
    conversation (when several are, the one who is not among their own connections)."""
    if not messages:
        return set(), None
    wanted = me_keys(me)
    if wanted:
        owner = {key for key, p in parties.items() if {person_key(n) for n in p.names} & wanted}
        if owner:
            return owner, None
    by_conversation: dict[str, set[str]] = {}
    for m in messages:
        by_conversation.setdefault(m.conversation, set()).update([m.sender, *m.recipients])
    candidates = everywhere(list(by_conversation.values()))
    if len(candidates) > 1 and connections:
        candidates = {c for c in candidates if c not in connections} or candidates
    if len(candidates) == 1:
        return candidates, None
    return set(), (f"{where}: cannot tell which participant is you (set `me` in the config to your name "
                   "as LinkedIn writes it); skipped")


def _conversation_days(where: str, messages: list[_Message], parties: dict[str, _Party],
                       owner: set[str]) -> list[Exchange]:
    """One exchange per conversation and day: with the other party of a conversation between
    two; in a group, with those who wrote that day, when the user wrote too."""
    members: dict[str, set[str]] = {}
    for m in messages:
        members.setdefault(m.conversation, set()).update([m.sender, *m.recipients])
    days: dict[tuple[str, date], list[_Message]] = {}
    for m in messages:
        days.setdefault((m.conversation, m.day), []).append(m)
    out = []
    for (conversation, day), items in days.items():
        others = members[conversation] - owner
        if len(others) > 1:  # a group: those who wrote, on a day the user wrote too
            writers = {m.sender for m in items}
            others = writers - owner if writers & owner else set()
        if not others:
            continue
        first = min(items, key=lambda m: m.line)
        names = sorted({n for key in others for n in sorted(parties[key].names)[:1]})
        profiles = sorted({u for key in others for u in parties[key].urls})
        subject = next((m.subject for m in sorted(items, key=lambda m: m.line) if m.subject), "")
        out.append(Exchange(day, CHANNEL, uid(CHANNEL, conversation, day.isoformat()), names=tuple(names),
                            profiles=tuple(profiles), subject=subject, source=f"{where}:{first.line}"))
    return sorted(out, key=lambda e: (e.day, e.source))


# ---------------------------------------------------------------- invitations


def _invitations(where: str, rows: list[tuple[int, dict[str, str]]],
                 tz: tzinfo | None) -> tuple[list[Exchange], list[str]]:
    out: list[Exchange] = []
    errors: list[str] = []
    for line, row in rows:
        direction = row.get("DIRECTION", "").upper()
        if direction not in ("INCOMING", "OUTGOING"):
            errors.append(f"{where}:{line}: bad Direction {row.get('DIRECTION', '')!r} "
                          "(INCOMING or OUTGOING); skipped")
            continue
        day = _when(row.get("SENT AT", ""), tz)
        if day is None:
            errors.append(f"{where}:{line}: bad Sent At {row.get('SENT AT', '')!r}; skipped")
            continue
        if not row.get("MESSAGE", "").strip():
            continue  # a bare invitation is a click, not an exchange
        name, url = ((row.get("FROM", ""), row.get("INVITERPROFILEURL", "")) if direction == "INCOMING"
                     else (row.get("TO", ""), row.get("INVITEEPROFILEURL", "")))
        if not clean(name) and not url:
            errors.append(f"{where}:{line}: no name or profile of the other person; skipped")
            continue
        key = _profile_key(url) if url else person_key(name)
        out.append(Exchange(day, CHANNEL, uid(CHANNEL, "invitation", key, day.isoformat()),
                            names=(clean(name),) if clean(name) else (), profiles=(url,) if url else (),
                            subject=INVITATION_SUBJECT, source=f"{where}:{line}"))
    return out, errors
