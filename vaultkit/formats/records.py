"""Plain records produced by the import parsers."""

from __future__ import annotations

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
    source: str = ""  # "path:line"


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
