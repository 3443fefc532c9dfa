"""What `vaultkit export` writes: contacts for vCard, agenda items for iCalendar.

Everything is read from the index (fresh: the caller refreshes it); the text
itself is made by ``vaultkit.formats.exporters``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from vaultkit.notes.model import CALLED_OFF
from vaultkit.notes.values import display, norm_key

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index

CONTACT_KEYS = ("name", "email", "phone", "company", "role", "linkedin", "birthday", "anniversary", "tags", "url")


def contacts(index: Index, tag: str | None = None) -> list[dict[str, Any]]:
    """Every contact but the user (or those with ``tag``), sorted by name, with the fields
    a vCard holds."""
    wanted = norm_key(tag.lstrip("#")) if tag else None
    chosen = {c.path: c for c in index.contacts().values()
              if not c.is_me and (wanted is None or wanted in {norm_key(t) for t in c.tags})}
    out = []
    for path, note in index.notes(chosen).items():
        fields = note.fields
        item: dict[str, Any] = {"name": note.name, "path": path}
        for key in CONTACT_KEYS[1:]:
            value = list(chosen[path].companies) if key == "company" else fields.get(key)
            if value not in (None, "", []):
                item[key] = value
        out.append(item)
    out.sort(key=lambda c: (norm_key(c["name"]), c["path"]))
    return out


def vcard_text(index: Index, tag: str | None = None, version: str = "4.0") -> str:
    from vaultkit.formats.exporters import contacts_to_vcard

    return contacts_to_vcard(contacts(index, tag), version=version)


def _uid(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest() + "@vaultkit"


def follow_up_items(index: Index, config: Config, today: str, days: int) -> list[dict[str, Any]]:
    """The pending follow-ups (only that part of the agenda is computed) as to-dos due on their
    day, the drafted message as description."""
    from vaultkit.engines.agenda import AgendaEngine

    items = []
    for f in AgendaEngine(index, config, today, days).follow_up():
        summary = f"Follow up with {f.contact}" + (f" after {f.event}" if f.event else "")
        lines = [f"Talking points: {'; '.join(f.talking_points)}"] if f.talking_points else []
        if f.draft:
            lines += ["", f.draft] if lines else [f.draft]
        items.append({"kind": "todo", "uid": _uid("follow_up", f.path, f.event_path or ""),
                      "summary": summary, "date": f.due, "description": "\n".join(lines), "alarm": 0})
    return items


def task_items(index: Index) -> list[dict[str, Any]]:
    """Open tasks with a due date, as to-dos (the uid follows the task's note and text)."""
    from vaultkit.engines.agenda import task_text

    items = []
    for task in index.open_tasks():
        if not task.due:
            continue
        text = display(task_text(task.text))
        about = [c.name for c in task.about]
        description = f"In {task.path}" + (f", about {', '.join(about)}" if about else "")
        items.append({"kind": "todo", "uid": _uid("task", task.path, text), "summary": text,
                      "date": task.due, "description": description, "alarm": 0})
    return items


def event_items(index: Index, today: str, days: int) -> list[dict[str, Any]]:
    """Events from ``today`` to ``today + days`` (cancelled and declined ones left out)."""
    until = (dt.date.fromisoformat(today) + dt.timedelta(days=days)).isoformat()
    paths = [e.path for e in index.events(since=today, until=until) if (e.status or "") not in CALLED_OFF]
    notes = index.notes(paths)
    attendees = {path: [display(p.target) for p in people if not (p.to_meet or p.in_body)]
                 for path, people in index.event_people(paths).items()}
    items = []
    for path in paths:
        note = notes[path]
        fields = note.fields
        lines = []
        if fields.get("location"):
            lines.append(f"Location: {fields['location']}")
        if attendees.get(path):
            lines.append(f"With: {', '.join(attendees[path])}")
        items.append({"kind": "event", "uid": str(fields.get("ical_uid") or _uid("event", path)),
                      "summary": note.name, "date": fields.get("date") or note.date,
                      "end": fields.get("end"), "description": "\n".join(lines)})
    return items


YEAR = 365  # days: every yearly date falls once within a year from today


def date_items(index: Index, config: Config, today: str) -> list[dict[str, Any]]:
    """Birthdays and important dates as all-day events repeating yearly from their next day,
    each with an alarm at its ``remind_before`` (no wishes drafted)."""
    from vaultkit.engines.agenda import AgendaEngine

    items, seen = [], set()
    for b in AgendaEngine(index, config, today, YEAR).birthdays(draft=False):
        if (b.path, b.occasion) in seen:
            continue
        seen.add((b.path, b.occasion))
        birthday = b.occasion == "birthday"
        summary = f"{b.contact}'s birthday" if birthday else f"{b.contact}: {b.occasion}"
        items.append({"kind": "event", "uid": _uid("date", b.path, b.occasion), "summary": summary,
                      "date": b.date, "description": f"In {b.path}", "yearly": True,
                      "alarm": b.remind_before})
    return items


def calendar_items(index: Index, config: Config, today: str, days: int = 30) -> list[dict[str, Any]]:
    """Follow-ups, open tasks with a due date, the coming events, and birthdays and important
    dates (repeating yearly), by date."""
    items = follow_up_items(index, config, today, days)
    items += task_items(index)
    items += date_items(index, config, today)
    items += event_items(index, today, days)
    items.sort(key=lambda i: (str(i["date"]), i["kind"], i["summary"], i["uid"]))
    return items


def ics_text(index: Index, config: Config, today: str, days: int = 30,
             now: dt.datetime | None = None) -> str:
    from vaultkit.formats.exporters import items_to_ics

    return items_to_ics(calendar_items(index, config, today, days), now=now)
