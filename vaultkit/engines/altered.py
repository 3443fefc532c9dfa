"""What the hard changes since an agenda was made can alter in it (``engines/kept.py``).

The index's change log says which kinds of rows of each note changed (``store/changes.py``).
Two kinds are told apart finely, the others make every section again:

- **tasks** of a note (a task added, ticked, its due date moved): the tasks section, and the
  items of the contacts those tasks can be about (the note's own contact, the contacts it
  links to): their promises, open tasks on a prep card;
- **dated headings** of a contact's note (a conversation added or removed): that contact's
  last contact and latest notes, so whether and when they are due to follow up with or to
  reconnect, their prep card, a job change, how fresh an introduction with them is.

A change of a note's fields, links, kind or name, a note added or deleted, dated headings
of another note than a contact's: ``everything``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.notes.model import CONTACT

if TYPE_CHECKING:
    from vaultkit.store.index import Index

NARROW = frozenset({"tasks", "sections", "problems"})  # a note's problems alone alter no section


@dataclass(frozen=True)
class Altered:
    """What hard changes can alter: ``everything``, else the ``contacts`` whose items they can
    alter, the ``dated`` ones among them (their dated headings changed) and whether any
    ``tasks`` changed."""

    everything: bool = False
    contacts: frozenset[str] = frozenset()
    dated: frozenset[str] = frozenset()
    tasks: bool = False

    def items(self) -> set[str] | None:
        """The contacts whose items can change (None: any)."""
        return None if self.everything else set(self.contacts)


EVERYTHING = Altered(everything=True)


def altered(index: Index, hard: dict[str, frozenset[str]]) -> Altered:
    """What the changes ``hard`` (path: the aspects changed) can alter."""
    if not hard:
        return Altered()
    if any(not what <= NARROW for what in hard.values()):
        return EVERYTHING
    heads = index.heads(hard)
    contacts: set[str] = set()
    dated: set[str] = set()
    tasks: set[str] = set()
    for path, what in hard.items():
        head = heads.get(path)
        if head is None:
            return EVERYTHING
        if "sections" in what:
            if head.kind != CONTACT:
                return EVERYTHING  # another note's dated headings: not told apart
            dated.add(path)
        if "tasks" in what:
            tasks.add(path)
            if head.kind == CONTACT:
                contacts.add(path)
    # a task is about the contact whose note holds it, or about contacts its line links to
    contacts |= dated | index.contacts_linked_from(tasks)
    return Altered(False, frozenset(contacts), frozenset(dated), bool(tasks))
