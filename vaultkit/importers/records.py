"""Plain records produced by the import parsers."""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"
