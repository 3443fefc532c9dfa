"""Introductions followed through: the next step of each introduction you recorded.

An introduction note (``kind: introduction``, written by ``vaultkit intro``) has a ``status``
and the day it took it (``status_date``, else the note's ``date``). Its next step is due:

- ``ask_again``: still ``proposed`` ``intro_answer_days`` days after (no answer recorded):
  ask again, or close it;
- ``make``: ``accepted`` (both said yes) but not ``made``: connect them, due at once;
- ``check_in``: ``made`` ``intro_checkin_days`` days ago and not ``checked_in`` yet: ask both
  whether they met.

A step due more than ``STALE_DAYS`` days ago is no longer shown (too late to ask), nor one
whose first person is snoozed. The agenda's ``introductions_due`` section lists them, and a
box ticked in Agenda.md records them (``engines/ticks.py``) through ``record_step``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vaultkit.engines import introducing
from vaultkit.engines import results as r
from vaultkit.engines.drafts import Drafter, first_email, first_name

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index
    from vaultkit.store.records import Event

STEPS = ("ask_again", "make", "check_in")
STALE_DAYS = 90  # a step due longer ago than this is dropped
_BY_STATUS = {"proposed": "ask_again", "accepted": "make", "made": "check_in"}


@dataclass(frozen=True, slots=True)
class Step:
    """The next step of one introduction note, and the day it is (or was) due."""

    path: str
    step: str
    status: str
    since: str  # the day the status was taken
    due: str


def _day(value: Any) -> str | None:
    text = str(value or "").strip()[:10]
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return None
    return text


def _plus(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def next_step(event: Event, fields: dict[str, Any], config: Config) -> Step | None:
    """The next step of an introduction note (None: nothing to do, or no day to count from)."""
    status = str(event.status or "").strip().lower()
    step = _BY_STATUS.get(status)
    since = _day(fields.get("status_date")) or _day(event.date)
    if step is None or since is None:
        return None
    if step == "check_in":
        checked = _day(fields.get("checked_in"))
        if checked and checked >= since:
            return None
        due = _plus(since, config.intro_checkin_days)
    elif step == "ask_again":
        due = _plus(since, config.intro_answer_days)
    else:
        due = since
    return Step(event.path, step, status, since, due)


def due_steps(index: Index, config: Config, today: str, paths: list[str] | None = None) -> list[Step]:
    """The steps due on or before ``today`` (and at most ``STALE_DAYS`` before it), of every
    introduction note, or of ``paths``."""
    events = index.introductions(_BY_STATUS)
    if paths is not None:
        events = [e for e in events if e.path in paths]
    if not events:
        return []
    fields = index.fields(e.path for e in events)
    oldest = _plus(today, -STALE_DAYS)
    out = []
    for e in events:
        step = next_step(e, fields.get(e.path, {}), config)
        if step is not None and oldest <= step.due <= today:
            out.append(step)
    return out


def introductions_due(index: Index, config: Config, today: str, drafter: Drafter) -> list[r.IntroductionDue]:
    """The agenda's ``introductions_due``: each step due, with the two people and drafts."""
    steps = due_steps(index, config, today)
    if not steps:
        return []
    people = index.event_people([s.path for s in steps])
    pairs: dict[str, list[str]] = {}
    for s in steps:
        found = [p.path for p in people.get(s.path, []) if p.path and not p.to_meet and not p.in_body]
        pairs[s.path] = list(dict.fromkeys(found))
    wanted = {p for pair in pairs.values() for p in pair[:2]}
    rows = index.contacts(wanted)
    fields = index.fields(wanted)
    items = []
    for s in steps:
        pair = [p for p in pairs[s.path] if p in rows and not rows[p].is_me][:2]
        if len(pair) < 2:
            continue
        a, b = rows[pair[0]], rows[pair[1]]
        if a.snooze and a.snooze[:10] > today:
            continue
        items.append(_item(s, a, b, fields.get(a.path, {}), fields.get(b.path, {}), drafter))
    items.sort(key=lambda i: (i.due, STEPS.index(i.step), i.path))
    return items


def _item(s: Step, a: Any, b: Any, fa: dict[str, Any], fb: dict[str, Any], drafter: Drafter) -> r.IntroductionDue:
    va, vb = drafter.voice(a.lang, fa), drafter.voice(b.lang, fb)
    me = drafter.me or ""
    a_first, b_first = first_name(a.name), first_name(b.name)
    draft_b = None
    if s.step == "ask_again":
        text = introducing.ask_again(va, a_first, b.name, me)
    elif s.step == "make":
        voice = va if va.lang == vb.lang else drafter.voice("en")
        text = introducing.connect(voice, a_first, b_first, a.name, b.name, me)
    else:
        text = introducing.check_in(va, a_first, b.name, me)
        draft_b = drafter.finish(introducing.check_in(vb, b_first, a.name, me), "intro", vb, first_email(fb),
                                 about=a.name)
    draft = drafter.finish(text, "intro", va, first_email(fa), about=b.name)
    return r.IntroductionDue(
        a=a.name, b=b.name, a_path=a.path, b_path=b.path, path=s.path, status=s.status, step=s.step,
        since=s.since, due=s.due, draft=draft.text, mailto=draft.mailto,
        draft_b=draft_b.text if draft_b else None, mailto_b=draft_b.mailto if draft_b else None)


def record_step(config: Config, step: Step, day: str, cancelled: bool = False) -> dict[str, str]:
    """Record that a step was done on ``day`` in the introduction note (its front matter
    only, through the writer): asked again (``status_date``), made (``status: made``), checked
    in (``checked_in``); ``cancelled`` closes a proposed or accepted one (``status: declined``).
    Returns the fields written."""
    from vaultkit.notes import writer

    if step.step == "check_in":
        values = {"checked_in": day}
    elif cancelled:
        values = {"status": "declined", "status_date": day}
    elif step.step == "make":
        values = {"status": "made", "status_date": day}
    else:
        values = {"status_date": day}
    writer.set_fields(config.vault / step.path, values)
    return values


def record_check_in(index: Index, config: Config, day: str, a_path: str, b_path: str) -> dict[str, str]:
    """``intro A B --checked-in``: write ``checked_in: DAY`` into their introduction note, once
    made. Returns ``{action: checked_in|unchanged, path, status, checked_in}``."""
    from vaultkit.errors import UsageError
    from vaultkit.notes import writer

    found = index.introductions_between(a_path, b_path)
    if not found:
        raise UsageError("no introduction note for these two: record it first (vaultkit intro A B)")
    event = found[0]
    status = str(event.status or "").strip().lower()
    if status != "made":
        raise UsageError(f"{event.path}: status {status or 'none'}, not made: nothing to check in on yet")
    have = _day(index.fields([event.path]).get(event.path, {}).get("checked_in"))
    if have == day:
        return {"action": "unchanged", "path": event.path, "status": status, "checked_in": day}
    writer.set_fields(config.vault / event.path, {"checked_in": day})
    return {"action": "checked_in", "path": event.path, "status": status, "checked_in": day}
