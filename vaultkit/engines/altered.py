"""What the hard changes since an agenda was made can alter in it (``engines/kept.py``).

The index's change log says which kinds of rows of each note changed (``store/changes.py``)
and the notes its links changed to. These are told apart finely:

- **tasks** of a note (a task added, ticked, its due date moved): the tasks section, and the
  items of the contacts those tasks can be about (the note's own contact, the contacts it
  links to): their promises, open tasks on a prep card;
- **dated headings** of a contact's note (a conversation added or removed): that contact's
  last contact and latest notes, so whether and when they are due to follow up with or to
  reconnect, their prep card, a job change, how fresh an introduction with them is;
- **links** of a contact's or a plain note (a daily note's "Lunch with [[Ada]]"): the
  contacts linked or linked no more (the log says which), as with a dated heading in
  their notes; links between contacts' notes also say who knows whom (the introductions
  are made again);
- an **event's note** (its date, title, attendees, what its body says of them, its
  tasks): the contacts it links to now and those it linked to before (who attends it),
  whose follow-ups, last contact (a past event attended) and booked meetings it can
  change; the events to prepare when it is or was one of them.

Anything else makes every section again (``everything``): a contact's or a plain note's
fields, kind or name, the names links find a note by, a note added or deleted, a link to an
event from another note.
The dated headings of a plain note alter nothing but through its links' days (a change of
its links).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.notes.model import CONTACT, EVENT

if TYPE_CHECKING:
    from vaultkit.store.index import Index

NARROW = frozenset({"tasks", "sections", "links", "problems"})  # a note's problems alone alter no section
EVENT_NARROW = NARROW | {"head", "fields"}  # an event's title, date, attendees...


@dataclass(frozen=True)
class Altered:
    """What hard changes can alter: ``everything``, else the ``contacts`` whose items they can
    alter, the ``dated`` ones among them (their last contact can have changed), whether any
    ``tasks`` changed, whether links between contacts' notes did (``ties``) and the
    ``events`` whose notes changed."""

    everything: bool = False
    contacts: frozenset[str] = frozenset()
    dated: frozenset[str] = frozenset()
    tasks: bool = False
    ties: bool = False
    events: frozenset[str] = frozenset()

    def items(self) -> set[str] | None:
        """The contacts whose items can change (None: any)."""
        return None if self.everything else set(self.contacts)


EVERYTHING = Altered(everything=True)


def altered(index: Index, hard: dict[str, frozenset[str]], linked: dict[str, frozenset[str]]) -> Altered:
    """What the changes ``hard`` (path: the aspects changed) can alter; ``linked``: the notes
    whose links from each note changed."""
    if not hard:
        return Altered()
    if any(not what <= EVENT_NARROW for what in hard.values()):
        return EVERYTHING
    targets = {t for path, what in hard.items() if "links" in what for t in linked.get(path, ())}
    heads = index.heads({*hard, *targets})
    contacts: set[str] = set()
    dated: set[str] = set()
    tasks: set[str] = set()
    events: set[str] = set()
    ties = False
    for path, what in hard.items():
        head = heads.get(path)
        if head is None or (head.kind != EVENT and not what <= NARROW):
            return EVERYTHING
        if head.kind == EVENT and what - {"problems"}:
            events.add(path)
        if "sections" in what and head.kind == CONTACT:
            dated.add(path)
        if "tasks" in what:
            tasks.add(path)
            if head.kind == CONTACT:
                contacts.add(path)
        if "links" in what:
            for target in linked.get(path, ()):
                kind = heads[target].kind if target in heads else None
                if kind == EVENT and target != path:
                    return EVERYTHING  # who attends it, what was followed up
                if kind == CONTACT:
                    dated.add(target)  # a dated link is a contact with them
                    ties = ties or head.kind == CONTACT
            if head.kind == CONTACT:
                dated.add(path)
    # an event's people now (those before: its links changed, above)
    dated |= index.contacts_linked_from(events)
    # a task is about the contact whose note holds it, or about contacts its line links to
    contacts |= dated | index.contacts_linked_from(tasks)
    return Altered(False, frozenset(contacts), frozenset(dated), bool(tasks), ties, frozenset(events))
