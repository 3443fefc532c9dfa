"""What acting on the agenda writes into the vault, for the commands (`done`, `snooze`) and for
the boxes ticked in the agenda note: one function each, so both record the same thing.

Every write goes through ``vaultkit.notes.writer``: minimal, atomic, refused when the note
changed under it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from vaultkit.errors import WriteRefused
from vaultkit.notes import writer
from vaultkit.notes.links import note_link, safe_target, wikilink
from vaultkit.notes.reader import CONTACT_ALIASES

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index

DONE_TITLE = "Followed up"
DISMISSED = "closed without a message"
CHECKED_IN = "Checked in"
WISHES_SENT = "Birthday wishes sent"
CONGRATULATED = "Congratulated"  # on a job change
_OPEN_TASK_RE = re.compile(r"^([ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[) (\][ \t]+)(.*?)([ \t]*)$")


def event_link(index: Index, path: str, title: str) -> str:
    """``[[Title]]`` when the title is a safe link to this very event, else ``[[file|Title]]``."""
    if safe_target(title) == title and index.resolve_link(title) == path:
        return wikilink(title)
    return note_link(path, title)


def record_follow_up(index: Index, config: Config, contact: str, day: str, event: str | None = None,
                     dismissed: bool = False, find_event: bool = True) -> str:
    """``## DAY Followed up [after [[Event]]]`` at the end of the contact's note (an
    interaction that day); ``dismissed``: a follow-up closed without a message, said so in
    the heading. The event is ``event``, else the one they are pending a follow-up for, if
    any (``find_event``: the caller already knows there is none). Returns the heading written."""
    from vaultkit.engines.agenda import followups

    if event is None and find_event:
        pending = [i for i in followups(index, config, day, contact).items if i.event_path]
        if pending:
            event = max(pending, key=lambda i: (i.event_date or "", i.event_path or "")).event_path
    heading = f"{day} {DONE_TITLE}"
    if event:
        title = index.heads([event])[event].name
        heading += f" after {event_link(index, event, title)}"
    if dismissed:
        heading += f" ({DISMISSED})"
    writer.append_section(config.vault / contact, heading, "")
    return heading


def dated_line(config: Config, contact: str, day: str, title: str) -> str:
    """A dated heading with no text at the end of a contact's note; the heading."""
    heading = f"{day} {title}"
    writer.append_section(config.vault / contact, heading, "")
    return heading


def snooze(config: Config, contact: str, until: str) -> None:
    """Set the contact's `snooze` (replacing an existing `snooze`, `snooze_until` or
    `prm-snooze-until` line)."""
    writer.set_fields(config.vault / contact, {"snooze": dt.date.fromisoformat(until)},
                      spellings={"snooze": spellings("snooze", config, contact=True)})


def spellings(key: str, config: Config, contact: bool) -> set[str]:
    """Every way ``key`` may already be written in a note's front matter."""
    from vaultkit.notes.reader import EVENT_ALIASES

    table = CONTACT_ALIASES if contact else EVENT_ALIASES
    names = set(table.get(key, (key,))) | set(config.aliases.get(key, []))
    names.discard("categories")  # Obsidian's `categories: [[People]]` marks the note type: never replaced
    out = set()
    for name in names:
        low = name.lower()
        out |= {low, low.replace("_", "-"), low.replace("_", " ")}
    if contact and key == "follow_up":
        out.add("nextaction")
    return out


def close_task(config: Config, path: str, text: str, day: str, cancelled: bool = False) -> None:
    """Tick the open task ``text`` in its own note, with its completion date in the Obsidian
    Tasks style (``- [x] … ✅ 2026-12-03``; cancelled: ``- [-] … ❌ 2026-12-03``). Refused
    when the note has no such open task any more."""
    mark, stamp = ("-", "❌") if cancelled else ("x", "✅")

    def change(current: str, nl: str) -> str:
        lines = current.split("\n")
        for i, line in enumerate(lines):
            m = _OPEN_TASK_RE.match(line.rstrip("\r"))
            if m and m.group(3).strip() == text.strip():
                end = "\r" if line.endswith("\r") else ""
                lines[i] = f"{m.group(1)}{mark}{m.group(2)}{m.group(3)} {stamp} {day}{m.group(4)}{end}"
                return "\n".join(lines)
        raise WriteRefused(f"{config.vault / path}: no open task `{text}` any more; nothing was written")

    writer.rewrite(config.vault / path, change)
