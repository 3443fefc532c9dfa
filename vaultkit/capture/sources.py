"""The kinds of capture sources, and one capture: read a source, record what it holds.

A kind is a function from paths to a ``SourceRead`` (its exchanges, what it skipped, what
it could not read), given who the user is (``Me``: their addresses and names). `import
mail`, `import chat`, `import linkedin` and the watcher all call ``capture``; the kinds are
``mail`` and the exports of capture/kinds.py (``linkedin``, ``whatsapp``, ``telegram``);
another kind is plugged in with ``register``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.capture.exchanges import SourceRead
from vaultkit.capture.kinds import PARSERS, guess_kind
from vaultkit.capture.mail import is_mbox, read_mail
from vaultkit.capture.recorder import CaptureReport, Matcher, record_exchanges, tally
from vaultkit.errors import UsageError

if TYPE_CHECKING:
    from vaultkit.store.index import Index


@dataclass(frozen=True)
class Me:
    """Who the user is to a source: their own addresses (mail) and names (chats)."""

    emails: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


Reader = Callable[[Sequence[str | os.PathLike], Me], SourceRead]
Recognise = Callable[[Path], bool]


def _read_mail(paths: Sequence[str | os.PathLike], me: Me) -> SourceRead:
    return read_mail(paths, me.emails)


READERS: dict[str, Reader] = {"mail": _read_mail}
# which kind a file dropped into the config's `drop` folder is: the first that recognises it
DROPPED: list[tuple[str, Recognise]] = [("mail", is_mbox)]


def register(kind: str, reader: Reader, recognise: Recognise | None = None) -> None:
    """Make ``kind`` a source that ``capture`` (and the config's `capture:`) can read;
    ``recognise``: whether a file dropped into the `drop` folder is one of its files."""
    READERS[kind] = reader
    if recognise is not None:
        DROPPED.append((kind, recognise))


def export_reader(kind: str) -> Reader:
    """A reader of the exports of ``kind`` (capture/kinds.py): each path parsed with the
    user's names as ``me``; its messages counted as read, its errors as problems."""
    parser = PARSERS[kind]

    def read(paths: Sequence[str | os.PathLike], me: Me) -> SourceRead:
        out = SourceRead()
        tally: Counter[str] = Counter()
        for path in paths:
            got, errors = parser(path, me=list(me.names) or None, tally=tally)
            out.exchanges.extend(got)
            out.problems.extend(errors)
        out.read = tally["read"]
        return out

    return read


def _recognise(kind: str) -> Recognise:
    return lambda path: guess_kind(path) == kind


def dropped_kind(path: Path) -> str | None:
    """The kind of a file (or unzipped export folder) dropped into the `drop` folder, or
    None when no kind reads it."""
    if path.name.startswith(".") or not path.exists():
        return None
    for kind, recognise in DROPPED:
        try:
            if recognise(path):
                return kind
        except OSError:
            return None
    return None


def whoami(index: Index) -> Me:
    """The user: the config's `capture.my_emails` and `me`, and the emails and name of their
    own note."""
    emails = list(index.config.capture.my_emails)
    names = [index.config.me] if index.config.me else []
    for contact in index.identities():
        if contact.is_me:
            emails += [e.strip().lower() for e in contact.emails]
            names.append(contact.name)
    return Me(tuple(sorted(set(emails))), tuple(dict.fromkeys(n for n in names if n and n.strip())))


def capture(index: Index, kind: str, paths: Sequence[str | os.PathLike], *, new: Sequence[str] = (),
            dry_run: bool = False, no_subject: bool = False,
            today: str | dt.date | None = None) -> CaptureReport:
    """Read the sources of ``kind`` at ``paths`` and record their exchanges (the index must be
    fresh). ``new``: correspondents (addresses, phones, profile URLs or names) to make
    contact notes for first."""
    reader = READERS.get(kind)
    if reader is None:
        raise UsageError(f"unknown capture source {kind!r}: use one of {', '.join(sorted(READERS))}")
    got = reader(paths, whoami(index))
    created: list[str] = []
    problems: list[str] = []
    if new:
        created, problems = make_contacts(index, got, new, dry_run, today)
    report = record_exchanges(index, got.exchanges, dry_run=dry_run, no_subject=no_subject, today=today)
    report.read = got.read
    report.created = created
    report.problems = got.problems + problems + report.problems
    tally(report, got.skipped)
    return report


def make_contacts(index: Index, got: SourceRead, wanted: Sequence[str], dry_run: bool,
                  today: str | dt.date | None) -> tuple[list[str], list[str]]:
    """Contact notes for the correspondents ``wanted`` names (an address, a phone number, a
    profile URL, or a name seen in the source), made as an import makes them; the paths made
    and the problems."""
    from vaultkit.formats.merge import import_contacts, name_key
    from vaultkit.formats.records import ContactRecord

    people = strangers(Matcher(index, phones=True), got)
    problems: list[str] = []
    records: list[ContactRecord] = []
    for who in wanted:
        text = who.strip()
        hits = [k for k, (name, ids) in people.items()
                if any(_same(kind, value, text) for kind, value in ids)
                or (name and name_key(name) == name_key(text))]
        if not hits:
            problems.append(f"--new {who}: no correspondent read here has this address, phone, profile or "
                            "name (or they are a contact already)")
            continue
        for key in hits:
            name, ids = people.pop(key)
            values = {kind: [v for k, v in ids if k == kind] for kind in ("email", "phone", "profile")}
            records.append(ContactRecord(name=name or text, emails=values["email"], phones=values["phone"],
                                         linkedin=(values["profile"] or [None])[0], source=f"--new {who}"))
    if not records:
        return [], problems
    result = import_contacts(index, index.config, records, dry_run=dry_run,
                             today=None if today is None else str(today))
    made = [p.path for p in result.planned if p.action == "create"]
    problems += result.problems
    if not dry_run:
        index.refresh_paths(made + [p.path for p in result.planned if p.action == "update"])
    return made, problems


def strangers(matcher: Matcher, got: SourceRead) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """The correspondents who are no contact, by key: their name and identifiers. A mail's
    address goes with the name shown with it; the one other person of a chat exchange with
    their phone or profile; the writers of a group by name alone."""
    from vaultkit.formats.merge import clean_name, name_key

    people: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for ex in got.exchanges:
        if ex.emails:
            for i, email in enumerate(ex.emails):
                if matcher.find("email", email):
                    continue
                name = ex.names[i] if len(ex.names) == len(ex.emails) else (ex.names[0] if len(ex.names) == 1 else "")
                people.setdefault(email, (clean_name(name), [("email", email)]))
            continue
        ids = [("phone", p) for p in ex.phones] + [("profile", p) for p in ex.profiles]
        if len(ids) > 1 or len(ex.names) > 1:  # several people: their names alone
            for name in ex.names:
                if not matcher.find("name", name):
                    people.setdefault("name:" + name_key(name), (clean_name(name), []))
            continue
        name = ex.names[0] if ex.names else ""
        if any(matcher.find(kind, value) for kind, value in ids) or (name and matcher.find("name", name)):
            continue
        key = f"{ids[0][0]}:{ids[0][1]}" if ids else "name:" + name_key(name)
        if key != "name:":
            people.setdefault(key, (clean_name(name), ids))
    return people


def _same(kind: str, value: str, text: str) -> bool:
    from vaultkit.formats.merge import linkedin_key, phone_key

    if kind == "email":
        return value.lower() == text.lower()
    if kind == "phone":
        return bool(phone_key(text)) and phone_key(value) == phone_key(text)
    return bool(linkedin_key(text)) and linkedin_key(value) == linkedin_key(text)


for _kind in PARSERS:
    register(_kind, export_reader(_kind), _recognise(_kind))
