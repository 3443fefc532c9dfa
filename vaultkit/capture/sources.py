"""The kinds of capture sources, and one capture: read a source, record what it holds.

A kind is a function from paths to a ``SourceRead`` (its exchanges, what it skipped, what
it could not read), given the user's own addresses. `import mail` and the watcher both
call ``capture``; another kind is plugged in with ``register``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.capture.exchanges import SourceRead
from vaultkit.capture.mail import is_mbox, read_mail
from vaultkit.capture.recorder import CaptureReport, Matcher, record_exchanges, tally
from vaultkit.errors import UsageError

if TYPE_CHECKING:
    from vaultkit.store.index import Index

Reader = Callable[[Sequence[str | os.PathLike], Iterable[str]], SourceRead]
Recognise = Callable[[Path], bool]

READERS: dict[str, Reader] = {"mail": read_mail}
# which kind a file dropped into the config's `drop` folder is: the first that recognises it
DROPPED: list[tuple[str, Recognise]] = [("mail", is_mbox)]


def register(kind: str, reader: Reader, recognise: Recognise | None = None) -> None:
    """Make ``kind`` a source that ``capture`` (and the config's `capture:`) can read;
    ``recognise``: whether a file dropped into the `drop` folder is one of its files."""
    READERS[kind] = reader
    if recognise is not None:
        DROPPED.append((kind, recognise))


def dropped_kind(path: Path) -> str | None:
    """The kind of a file dropped into the `drop` folder, or None when no kind reads it."""
    if path.name.startswith(".") or not path.is_file():
        return None
    for kind, recognise in DROPPED:
        try:
            if recognise(path):
                return kind
        except OSError:
            return None
    return None


def my_addresses(index: Index) -> list[str]:
    """The user's own addresses: the config's `capture.my_emails` and the emails of their
    own note (`me`)."""
    mine = list(index.config.capture.my_emails)
    for contact in index.identities():
        if contact.is_me:
            mine += [e.strip().lower() for e in contact.emails]
    return sorted(set(mine))


def capture(index: Index, kind: str, paths: Sequence[str | os.PathLike], *, new: Sequence[str] = (),
            dry_run: bool = False, no_subject: bool = False,
            today: str | dt.date | None = None) -> CaptureReport:
    """Read the sources of ``kind`` at ``paths`` and record their exchanges (the index must be
    fresh). ``new``: correspondents (addresses or names) to make contact notes for first."""
    reader = READERS.get(kind)
    if reader is None:
        raise UsageError(f"unknown capture source {kind!r}: use one of {', '.join(sorted(READERS))}")
    got = reader(paths, my_addresses(index))
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
    """Contact notes for the correspondents ``wanted`` names (an address, or a name seen with
    one), made as an import makes them; the paths made and the problems."""
    from vaultkit.formats.merge import clean_name, import_contacts, name_key
    from vaultkit.formats.records import ContactRecord

    matcher = Matcher(index)
    people: dict[str, tuple[str, list[str]]] = {}  # key: (name, emails)
    for ex in got.exchanges:
        for i, email in enumerate(ex.emails):
            if matcher.find("email", email):
                continue
            name = ex.names[i] if len(ex.names) == len(ex.emails) else (ex.names[0] if len(ex.names) == 1 else "")
            people.setdefault(email, (clean_name(name), [email]))
    problems: list[str] = []
    records: list[ContactRecord] = []
    for who in wanted:
        text = who.strip()
        hits = [k for k, (name, _) in people.items()
                if k == text.lower() or (name and name_key(name) == name_key(text))]
        if not hits:
            problems.append(f"--new {who}: no correspondent of these messages has this address or name "
                            "(or they are a contact already)")
            continue
        for key in hits:
            name, emails = people.pop(key)
            records.append(ContactRecord(name=name or key.split("@")[0], emails=emails,
                                         source=f"--new {who}"))
    if not records:
        return [], problems
    result = import_contacts(index, index.config, records, dry_run=dry_run,
                             today=None if today is None else str(today))
    made = [p.path for p in result.planned if p.action == "create"]
    problems += result.problems
    if not dry_run:
        index.refresh_paths(made + [p.path for p in result.planned if p.action == "update"])
    return made, problems
