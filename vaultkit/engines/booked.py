"""A meeting already booked: who attends an event in the coming days. The agenda's Reconnect
leaves them out and ``health`` never puts them at risk: one rule (kept light to import)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.notes.model import CALLED_OFF
from vaultkit.notes.recurrence import occurrences

if TYPE_CHECKING:
    from vaultkit.store.index import Index
    from vaultkit.store.records import Event


def repeating_occurrences(index: Index, today: str, until: str) -> list[tuple[Event, str]]:
    """Each occurrence of a repeating event from ``today`` to ``until``: ``(event, its day or
    day and time)``; never an introduction or a called-off event."""
    return [(e, day) for e in index.repeating_events(until)
            if (e.kind or "") != "introduction" and (e.status or "") not in CALLED_OFF and e.rrule and e.date
            for day in occurrences(e.rrule, e.date, today, until)]


def booked_meetings(index: Index, today: str, until: str) -> dict[str, tuple[str, str]]:
    """Contacts who attend an event from ``today`` to ``until`` (not called off; an occurrence
    of a repeating one counts): a meeting already booked. ``path → (day, event title)`` of the
    first. The agenda's Reconnect leaves them out and ``health`` never puts them at risk."""
    slots = [(e.date[:10], e) for e in index.events(since=today, until=until)
             if e.date and (e.status or "") not in CALLED_OFF]
    slots += [(day[:10], e) for e, day in repeating_occurrences(index, today, until)]
    if not slots:
        return {}
    people = index.attending_contacts({e.path for _, e in slots})
    out: dict[str, tuple[str, str]] = {}
    for day, event in sorted(slots, key=lambda s: (s[0], s[1].path)):
        for contact in people.get(event.path, ()):
            out.setdefault(contact, (day, event.title))
    return out
