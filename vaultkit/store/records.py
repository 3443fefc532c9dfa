"""What the index answers: one small record type per kind of answer.

The store's read methods (``vaultkit.store.read``) return these, never database
rows: engines and commands read named attributes, and only the store knows how
the tables lay them out. Lists stored as JSON come back as tuples of strings.

Records are slotted dataclasses, read-only by convention rather than frozen: a
frozen dataclass costs several times as much to make, and a command over a large
vault makes them by the ten thousand. The store shares them between the engines of
one command (see ``Reads.contacts``): never change one.

This module is imported when a question is first asked, not with the index: a
command answered from a cache (the agenda for a script) never pays for making
these classes. Making them is part of every other command, so it is kept cheap:
their repr and equality come from one base class rather than from code generated
for each, and their annotations are plain objects (not postponed strings, which
dataclasses would parse).
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from vaultkit.notes.model import AttendeeNote


class _Record:
    """Repr and equality from the fields, in order; a private field ``_x`` is shown and
    compared as what its property ``x`` reads."""

    __slots__ = ()

    def _values(self) -> list[tuple[str, Any]]:
        names = (f.lstrip("_") for f in self.__dataclass_fields__)  # type: ignore[attr-defined]
        return [(name, getattr(self, name)) for name in names]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._values())})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # as for a dataclass that compares and is not frozen


record = dataclass(slots=True, repr=False, eq=False)


@record
class Contact(_Record):
    """A contact as the agenda and the introductions engine see it."""

    path: str
    name: str
    name_key: str  # the name as compared (``norm_key``)
    is_me: bool
    lang: str | None
    role: str | None
    cadence_days: int | None  # keep in touch every so many days
    snooze: str | None  # no keep-in-touch reminder before this day
    companies: tuple[str, ...]  # each company as written (a link shown as its text)
    tags: tuple[str, ...]
    needs: tuple[str, ...]
    offers: tuple[str, ...]
    knows: tuple[str, ...]  # as written: links or names
    # the interests as the index stores them, until first read: most contacts' interests
    # are never looked at, and they are the longest lists
    _interests: Any  # shown and compared as ``interests``

    @property
    def interests(self) -> tuple[str, ...]:
        """What they care about."""
        value = self._interests
        if value.__class__ is not tuple:
            value = self._interests = _json_list(value)
        return value


@record
class NetworkPeople(_Record):
    """What the network of needs and offers reads of every contact (``Reads.network_people``),
    one list per field, in path order; the rest of a contact is read for the few it shows.
    Their needs, offers and tags are each list as stored, a key of ``items`` (its values):
    many contacts share one, and an engine works each distinct list out once."""

    paths: list[str]
    is_me: list[bool]
    name_keys: list[str]  # the names as compared (``norm_key``)
    needs: list[str | None]
    offers: list[str | None]
    tags: list[str | None]
    items: dict[str | None, tuple[str, ...]]


@record
class CadencedContact(_Record):
    """What health reads of a contact (``Reads.cadenced_contacts``): fewer fields than a
    ``Contact``, quicker to read for everyone."""

    path: str
    name: str
    name_key: str
    is_me: bool
    cadence_days: int | None
    companies: tuple[str, ...]
    tags: tuple[str, ...]


@record
class KeepInTouch(_Record):
    """A contact due to keep in touch with (``Reads.keep_in_touch``): their last contact (None:
    never), their cadence, the day it was due, days late and the overdue ratio."""

    path: str
    name: str
    cadence_days: int
    last_contact: str | None
    due: str
    late: int
    ratio: float


@record
class ContactRef(_Record):
    """Which contact, and their name."""

    path: str
    name: str


@record
class ListedContact(_Record):
    """A contact as `vaultkit list contacts` shows it."""

    path: str
    name: str
    name_key: str  # the name as compared (``norm_key``): the list's order
    role: str | None
    companies: tuple[str, ...]
    emails: tuple[str, ...]
    tags: tuple[str, ...]
    cadence_days: int | None


@record
class Identity(_Record):
    """What tells two contacts apart, or finds a contact again: name, emails, LinkedIn."""

    path: str
    name: str
    name_key: str
    is_me: bool
    emails: tuple[str, ...]
    linkedin: str | None


@record
class Birthday(_Record):
    """A contact's birthday as written (``YYYY-MM-DD`` or ``--MM-DD``; None when they have only
    important dates), its lead time in days, and their important dates."""

    path: str
    name: str
    birthday: str | None
    lang: str | None
    remind_before: int
    _dates: str | None

    @property
    def dates(self) -> tuple[tuple[str, str, int], ...]:
        """``(name, day, remind_before days)`` of each important date."""
        return tuple((n, d, r) for n, d, r in json.loads(self._dates)) if self._dates else ()


@record
class NoteHead(_Record):
    """A note's kind, display name and own date."""

    path: str
    kind: str  # contact, event or note
    name: str
    date: str | None


@record
class Event(_Record):
    """An event note's own fields."""

    path: str
    title: str
    date: str | None  # a day, or a day and a time
    end: str | None
    kind: str | None  # meetup, dinner, introduction...
    status: str | None  # for introductions: proposed, accepted, declined, made
    rrule: str | None  # how it repeats (an iCalendar RRULE), from its `repeat:`
    follow_ups: bool  # whether its attendees are followed up (not `follow_up: false`, not repeating)


@record
class EventPerson(_Record):
    """Someone an event lists: an attendee, or someone to meet there."""

    target: str  # as written: a link target or a plain name
    path: str | None  # the note it resolves to, if any
    to_meet: bool  # in `to_meet`, not among the attendees
    plain: bool  # written as a plain name, not as a link
    in_body: bool  # from a ``- [[Name]]: ...`` line of the body, not the front matter


@record
class EventKey(_Record):
    """What finds an event again on import: its calendar UID, else its title and day."""

    path: str
    title: str
    date: str | None
    uid: str | None


@record
class EventNotes(_Record):
    """What an event's body says about its attendees."""

    path: str
    title: str
    date: str | None
    notes: tuple[AttendeeNote, ...]


@record
class AttendeeLine(_Record):
    """A line of an event's body about one of its attendees (``- [[Name]]: ...``)."""

    contact: str
    event: str  # the event note's path
    title: str
    date: str
    line: int
    text: str


@record
class Attendance(_Record):
    """Who attended an event: how many people (listed by link or by name), and the contact
    notes among them."""

    people: int
    paths: tuple[str, ...]


@record
class AttendedEvent(_Record):
    """What says whether an event a contact attended was a meeting: its fields as written."""

    kind: str | None
    date: str | None
    status: str | None
    type: str | None  # its `type` field, in lower case


@record
class Ties(_Record):
    """What shows whom a contact already knows."""

    contacts: tuple[str, ...]  # contacts whose notes link to theirs, or that theirs links to
    events: dict[str, AttendedEvent]  # events they attended


@record
class DatedSection(_Record):
    """A dated heading of a note (an interaction, in a contact's note) and its text."""

    path: str
    date: str
    title: str
    text: str
    line: int


@record
class Backlink(_Record):
    """A link to a note from another one: where (``path``, ``line``), in which field (empty
    for the body), and the day of that line (a dated section or a dated note), if any."""

    path: str
    line: int
    field: str
    date: str | None


@record
class EventMention(_Record):
    """A link from a note's body to an event, on a given line."""

    path: str
    line: int
    event: str


@record
class Interaction(_Record):
    """One dated interaction with a contact: a dated section of their note (``note``), an
    event they attended (``event``), or a line of a dated note that reads as an exchange with
    them (``dated_note``)."""

    date: str
    title: str
    text: str
    path: str
    line: int
    source: str

    def as_dict(self) -> dict[str, str | int]:
        return {"date": self.date, "title": self.title, "text": self.text, "path": self.path,
                "line": self.line, "source": self.source}


@record
class Mention(_Record):
    """A link to a contact on a line that only names them (no exchange): where, and the day of
    the note or dated section holding it."""

    date: str
    title: str  # the name of the note holding it
    path: str
    line: int

    def as_dict(self) -> dict[str, str | int]:
        return {"date": self.date, "title": self.title, "path": self.path, "line": self.line}


@record
class OpenTask(_Record):
    """An open task, with the contacts it is about (see ``Reads.open_tasks``)."""

    path: str
    line: int
    text: str  # as written, due marker included
    due: str | None
    about: tuple[ContactRef, ...]


@record
class UnresolvedLink(_Record):
    """A link that resolves to no note."""

    path: str
    line: int
    target: str


@record
class SearchHit(_Record):
    """A note found by full-text search, with the matching words in brackets."""

    path: str
    name: str
    snippet: str


@lru_cache(maxsize=8192)  # contacts share values: each text is read once
def _json_list(text: str | None) -> tuple[str, ...]:
    """A list the index stores as JSON text (None or "[]" when empty), as a tuple."""
    return tuple(json.loads(text)) if text else ()
