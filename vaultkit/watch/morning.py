"""The morning notification: what is due today, when to show it, and the day it was shown.

The body counts the agenda's items due on or before today (an overdue task is still
due), section by section, and names the first few people: ``3 follow-ups, 2 tasks due,
1 birthday: Ada Okafor, Léa Moreau…``. It is shown once a day, at the first check at or
after ``notify_at``; the day it was decided is kept in the cache folder, so a restart
the same day shows nothing again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import Any

from vaultkit.config import parse_clock, private_file
from vaultkit.engines.results import SECTIONS, Agenda

TITLE = "vaultkit: your network today"
NAMES_SHOWN = 3
# how each section's count reads: (one, several)
LABELS = {
    "follow_up": ("follow-up", "follow-ups"),
    "reconnect": ("to reconnect with", "to reconnect with"),
    "prepare": ("event today", "events today"),
    "tasks": ("task due", "tasks due"),
    "birthdays": ("birthday", "birthdays"),
    "job_changes": ("job change", "job changes"),
    "debrief": ("event to debrief", "events to debrief"),
    "introductions_due": ("introduction to follow through", "introductions to follow through"),
}


def _day(item: Any) -> str | None:
    """The day an item is due (``due``, else ``date``); None for an undated one (an introduction)."""
    for attr in ("due", "date"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value:
            return value[:10]
    return None


def _names(item: Any) -> list[str]:
    """Whom an item is about: its contact, the contacts of a task, else its event."""
    contact = getattr(item, "contact", None)
    if isinstance(contact, str):
        return [contact]
    contacts = getattr(item, "contacts", None)
    if isinstance(contacts, list):
        return [str(c) for c in contacts]
    event = getattr(item, "event", None)
    return [event] if isinstance(event, str) else []


def due_today(agenda: Agenda) -> dict[str, list[Any]]:
    """The items of each section due on or before the agenda's day, sections with none left out."""
    out: dict[str, list[Any]] = {}
    for name in SECTIONS:
        items = [item for item in agenda.section(name) if (_day(item) or "9999") <= agenda.date]
        if items:
            out[name] = items
    return out


def summary(agenda: Agenda) -> str | None:
    """The notification's body, or None when nothing is due today."""
    due = due_today(agenda)
    if not due:
        return None
    counts = []
    names: list[str] = []
    for name, items in due.items():
        one, several = LABELS.get(name, (name.replace("_", " "), name.replace("_", " ")))
        counts.append(f"{len(items)} {one if len(items) == 1 else several}")
        for item in items:
            names += [n for n in _names(item) if n not in names]
    body = ", ".join(counts)
    if names:
        body += ": " + ", ".join(names[:NAMES_SHOWN]) + ("…" if len(names) > NAMES_SHOWN else "")
    return body


def moment(day: dt.date, notify_at: str) -> dt.datetime:
    """When the notification of ``day`` is due: ``notify_at`` (``HH:MM``, local time) that day."""
    return dt.datetime.combine(day, parse_clock(notify_at))


def is_due(now: dt.datetime, today: dt.date, shown: str | None, notify_at: str) -> bool:
    """Whether to decide today's notification now: not yet done today, and ``notify_at`` passed."""
    return shown != today.isoformat() and now >= moment(today, notify_at)


def next_check(now: dt.datetime, today: dt.date, shown: str | None, notify_at: str) -> dt.datetime:
    """The next moment a notification may be due: today's, or tomorrow's once today's is done."""
    day = today if shown != today.isoformat() else today + dt.timedelta(days=1)
    return max(now, moment(day, notify_at))


def read_shown(path: Path) -> str | None:
    """The day (``YYYY-MM-DD``) whose notification was last decided, from ``path``."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text).isoformat()
    return None


def remember(path: Path, day: str) -> None:
    """Keep ``day`` in ``path`` (owner-only, replaced in one step). Raises OSError."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}")
    with os.fdopen(private_file(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "w", encoding="utf-8") as fh:
        fh.write(day + "\n")
    os.replace(tmp, path)
