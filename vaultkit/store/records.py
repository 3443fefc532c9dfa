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
these classes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class ContactRef:
    """Which contact, and their name."""

    path: str
    name: str


@dataclass(slots=True)
class OpenTask:
    """An open task, with the contacts it is about (see ``Reads.open_tasks``)."""

    path: str
    line: int
    text: str  # as written, due marker included
    due: str | None
    about: tuple[ContactRef, ...]
