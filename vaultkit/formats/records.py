"""Plain records produced by the import parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ContactRecord:
    """One contact read from a third-party file, mapped to the vault's contact fields."""

    name: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str | None = None
    role: str | None = None
    linkedin: str | None = None
    urls: list[str] = field(default_factory=list)
    birthday: str | None = None  # "YYYY-MM-DD", or "--MM-DD" when the year is unknown
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    connected_on: str | None = None  # "YYYY-MM-DD" (LinkedIn only)
    photo: tuple[bytes, str] | None = None  # (data, file extension such as "jpg")
    aliases: list[str] = field(default_factory=list)  # nicknames
    addresses: list[str] = field(default_factory=list)  # each on one line
    anniversary: str | None = None  # like birthday
    messaging: list[str] = field(default_factory=list)  # handles as URIs: "xmpp:ada@example.com"
    not_imported: dict[str, int] = field(default_factory=dict)  # properties no field took: name -> lines
    source: str = ""  # "path: card N" or "path:line"


@dataclass
class EventRecord:
    """One calendar event, with dates as ISO strings in the user's time zone."""

    title: str
    date: str  # "YYYY-MM-DD" (all-day) or "YYYY-MM-DDTHH:MM"
    end: str | None = None
    location: str | None = None
    attendees: list[tuple[str, str | None]] = field(default_factory=list)  # (name, email)
    description: str = ""
    uid: str | None = None
    recurring: bool = False
    rrule: str | None = None  # how it repeats: the RRULE text (FREQ=WEEKLY;BYDAY=TU)
    exdates: list[str] = field(default_factory=list)  # days of the rule it skips ("YYYY-MM-DD")
    rdates: list[str] = field(default_factory=list)  # occurrences it adds, like ``date``
    recurrence_id: str | None = None  # the occurrence a changed occurrence replaces
    sequence: int = 0  # SEQUENCE: the revision of the event
    stamp: str | None = None  # LAST-MODIFIED, else DTSTAMP, in UTC: "YYYYMMDDTHHMMSSZ"
    source: str = ""  # "path:line"
    cancelled: bool = False  # STATUS:CANCELLED: only said to the note an earlier version made

    @property
    def version(self) -> tuple[int, str]:
        """Orders the versions of one event: a higher SEQUENCE, else a later stamp, is newer."""
        return self.sequence, self.stamp or ""


def latest_versions(records: list[EventRecord]) -> tuple[list[EventRecord], int]:
    """The records without the older versions of an event (same UID and occurrence, a lower
    SEQUENCE, or the same and an earlier LAST-MODIFIED or DTSTAMP), wherever they come in
    the files; and how many were left out. Equal versions are all kept."""
    latest: dict[tuple[str, str | None], tuple[int, str]] = {}
    for record in records:
        if record.uid:
            key = (record.uid, record.recurrence_id)
            latest[key] = max(latest.get(key, record.version), record.version)
    kept = [r for r in records if not r.uid or r.version == latest[(r.uid, r.recurrence_id)]]
    return kept, len(records) - len(kept)


@dataclass
class ImportProblem:
    """Something in an input file that could not be imported."""

    path: str
    line: int | None
    message: str
    warning: bool = False  # the record was imported all the same, without what is described

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


def read_input(path: str | Path) -> tuple[bytes, ImportProblem | None]:
    """The file's bytes, or a problem saying why it cannot be read."""
    try:
        return Path(path).read_bytes(), None
    except OSError as exc:
        return b"", ImportProblem(str(path), None, f"cannot read the file: {exc.strerror or exc}")


def decode_text(data: bytes) -> str:
    """UTF-16 with a byte-order mark, else UTF-8 (with or without one), else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_HINTS = {
    "ics": "it looks like an iCalendar file: use import ics",
    "vcard": "it looks like a vCard: use import vcard",
    "linkedin": "it looks like a LinkedIn export: use import linkedin",
    "zip": "it looks like a zip archive: unzip it and import the file inside",
    "binary": "it is not a text file",
    "empty": "the file is empty",
}
_LOOKS = (("ics", re.compile(r"^BEGIN:(?:VCALENDAR|VEVENT)\s*$", re.IGNORECASE | re.MULTILINE)),
          ("vcard", re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)),
          ("linkedin", re.compile(r"^.*\bfirst name\b.*\blast name\b", re.IGNORECASE | re.MULTILINE)))


def not_this_kind(path: str, what: str, data: bytes, kind: str, otherwise: str, line: int = 1) -> ImportProblem:
    """``path:1: not <what> (<why>)``, the why saying which import the file looks made for
    (``kind`` being this one), else ``otherwise``."""
    if not data.strip():
        found: str | None = "empty"
    elif data.startswith(b"PK\x03\x04"):
        found = "zip"
    else:
        text = decode_text(data[:1 << 16])
        found = next((name for name, pattern in _LOOKS if name != kind and pattern.search(text)), None)
        if found is None and "\x00" in text:
            found = "binary"
    return ImportProblem(path, line if found is None else 1, f"not {what} ({_HINTS[found] if found else otherwise})")
