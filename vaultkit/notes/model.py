"""Plain data produced by the reader and stored in the index."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CONTACT, EVENT, NOTE = "contact", "event", "note"
# An event's `status`: the steps of an introduction, in order (a new one is proposed), and
# the statuses of an event that does not take place.
INTRO_STATUSES = ("proposed", "accepted", "declined", "made")
CALLED_OFF = ("declined", "cancelled", "canceled")
# The `field` of a link in a note's body, by what its line says of the people it links: a
# contact ("", and a done task), a mention, an open task, a quote (see notes/interactions.py).
BODY_FIELDS = ("", "mention", "task", "quote")


def met_there(fields: dict) -> bool:
    """Whether an event's attendees were met there (on its day): not when it was called off,
    nor for an introduction before it is made (proposed or accepted: nothing sent yet)."""
    status = str(fields.get("status") or "").strip().lower()
    if status in CALLED_OFF:
        return False
    return not is_introduction(fields) or status == "made"


def is_introduction(fields: dict) -> bool:
    """Whether an event note is an introduction the user makes (`type` or `kind: introduction`)."""
    return "introduction" in (str(fields.get("type") or "").lower(), str(fields.get("kind") or "").lower())


# kinds of events so big that their note lists only the few people met there, who need not
# have met each other
LARGE_KINDS = frozenset({"conference", "summit", "fair", "festival", "expo", "trade show", "salon", "congrès"})


def small_gathering(people: int, kind: str | None, limit: int) -> bool:
    """Whether attending the same event says two people met there: an introduction, or an
    event of at most ``limit`` people (the user left out) that is not of a large kind."""
    kind = (kind or "").strip().lower()
    return kind == "introduction" or (people <= limit and kind not in LARGE_KINDS)


def follows_up(fields: dict) -> bool:
    """Whether an event's attendees get a follow-up: not when it says `follow_up: false`, nor
    when it repeats (a `repeat:` rule, `rdate:` days, or `recurring: true` from an older calendar
    import)."""
    return (fields.get("follow_up") is not False and not fields.get("repeat") and not fields.get("rdate")
            and fields.get("recurring") is not True)
# how the problem of a note that could not be read (at all, or its front matter) starts:
# such a note is left out of every answer, so the agenda counts them (``Reads.unread_count``)
UNREAD_PROBLEMS = ("not UTF-8 text", "could not read this note", "cannot read this note",
                   "invalid YAML in front matter", "front matter is not a list",
                   "front matter opened with --- is never closed")


@dataclass(slots=True)  # many of them in a long note: no dict each
class Problem:
    """Something wrong in a note, reported as ``path:line: message``."""

    path: str
    line: int
    message: str
    level: str = "error"  # or "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(slots=True)
class Link:
    """A ``[[wikilink]]``: its normalised target and where it was written."""

    target: str  # as written, without label or heading
    line: int
    field: str = ""  # front-matter field it came from, "" for the body


@dataclass(slots=True)
class Section:
    """A dated heading in a note: one interaction."""

    date: str
    title: str
    text: str
    line: int


@dataclass(slots=True)
class Task:
    """A markdown checkbox item, with its due date when it has one."""

    text: str
    line: int
    done: bool
    due: str | None = None
    links: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AttendeeNote:
    """An event body line ``- [[Name]]: what was learned``."""

    target: str
    text: str
    line: int


@dataclass(slots=True)
class Mark:
    """Text marked for messages (``topic:: ...``, see notes/marks.py), with the day of the
    dated section it is in (None outside one)."""

    key: str
    text: str
    line: int
    date: str | None = None


@dataclass
class Note:
    """Everything the reader extracts from one markdown file."""

    path: str  # relative to the vault, with forward slashes
    kind: str = NOTE
    name: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    date: str | None = None  # date of the note itself (event date, daily note)
    links: list[Link] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    attendee_notes: list[AttendeeNote] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    generated: bool = False
    body: str = ""
    captured: list[str] = field(default_factory=list)  # hashes of the items captured into it
