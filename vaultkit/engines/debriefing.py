"""Which events wait for a debrief, what an event note says of its goals, and writing its
``## Debrief`` section once: the part of debriefs the agenda needs (``engines/debrief.py``
makes the debrief itself)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.engines import results as r
from vaultkit.notes.bullets import bullets
from vaultkit.notes.model import CALLED_OFF
from vaultkit.notes.values import display, norm_key

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index

HEADING = "Debrief"
GOAL_SECTIONS = ("goals", "goal", "objectives", "objectifs")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def body_of(vault: Path, path: str) -> str:
    """The body of a note as its file holds it now (the index keeps no bodies); empty when
    it cannot be read."""
    from vaultkit.notes.front_matter import Unclosed, split

    try:
        return split((vault / path).read_text(encoding="utf-8-sig").replace("\r\n", "\n"))[1]
    except (OSError, UnicodeDecodeError, Unclosed):
        return ""


def has_debrief(text: str) -> bool:
    """Whether a note's text has a ``Debrief`` heading (any level)."""
    return any((m := _HEADING_RE.match(line)) and norm_key(m.group(2)).startswith(HEADING.lower())
               for line in text.split("\n"))


def body_sections(body: str) -> list[tuple[str, str]]:
    """``(heading title, its text)`` of each part of a body; the text before any heading
    under an empty title."""
    out: list[tuple[str, list[str]]] = [("", [])]
    for line in body.split("\n"):
        m = _HEADING_RE.match(line)
        if m:
            out.append((m.group(2), []))
        else:
            out[-1][1].append(line)
    return [(title, "\n".join(lines)) for title, lines in out]


def goals_of(fields: dict, body: str) -> list[str]:
    """An event's goals: its ``goals`` field, then the items of a ``## Goals`` (or
    ``Objectifs``) section of its body that are not already there."""
    goals = [display(str(g)).strip() for g in fields.get("goals") or () if str(g).strip()]
    for title, text in body_sections(body):
        if norm_key(title) in GOAL_SECTIONS:
            goals += [b for b in bullets(text) if b not in goals]
    return goals


def skip_debrief(config: Config, path: str, today: str) -> bool:
    """Append a ``## Debrief`` section saying it was skipped (a debrief dismissed in the
    agenda note), once; whether it wrote."""
    return append_once(config, path, f"_Skipped on {today}: no debrief._")


def append_once(config: Config, path: str, body: str) -> bool:
    """Append ``## Debrief`` and ``body`` to the note, unless it has a Debrief heading by then:
    made again on the new text when the note changes meanwhile (``writer.rewrite``)."""
    from vaultkit.notes import writer

    def change(text: str, nl: str) -> str:
        if has_debrief(text):
            return text
        block = [f"## {HEADING}", *body.split("\n")]
        return writer.with_block(text, nl, "".join(line + nl for line in block))

    return writer.rewrite(config.vault / path, change)


def due_debriefs(index: Index, config: Config, today: str) -> list[r.DebriefDue]:
    """Events with goals or people to meet, over from yesterday back to ``follow_up_window``
    days, never called off nor an introduction, with no ``Debrief`` heading yet: due the day
    after they end."""
    t = dt.date.fromisoformat(today)
    since = (t - dt.timedelta(days=config.follow_up_window)).isoformat()
    events = [e for e in index.events(since=since, before=today)
              if (e.kind or "") != "introduction" and (e.status or "") not in CALLED_OFF and not e.rrule]
    if not events:
        return []
    people = index.event_people([e.path for e in events])
    fields = index.fields(e.path for e in events)
    wanted = [e for e in events if fields.get(e.path, {}).get("goals")
              or any(p.to_meet for p in people.get(e.path, []))]
    out = []
    for e in wanted:
        end = max(e.date[:10], (e.end or e.date)[:10])
        due = (dt.date.fromisoformat(end) + dt.timedelta(days=1)).isoformat()
        if due > today:
            continue
        body = body_of(config.vault, e.path)
        if has_debrief(body):
            continue
        goals = goals_of(fields.get(e.path, {}), body)
        out.append(r.DebriefDue(e.title, e.path, e.date[:10], due, len(goals),
                                sum(1 for p in people.get(e.path, []) if p.to_meet)))
    out.sort(key=lambda i: (i.due, i.path))
    return out
