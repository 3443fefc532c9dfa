"""Boxes ticked in the agenda note (Agenda.md, or the agenda region of a note), applied once.

Each box vaultkit writes ends with a block id Obsidian hides, ``^vk-<kind>-<hash>``: the kind
of item and a hash of what it is about (its contact, event or task). Reading the note back,
a ticked box is applied as the command that does the same would (``engines/acting.py``):

| kind | ticked ``[x]`` | cancelled ``[-]`` |
|---|---|---|
| ``fu`` follow-up | ``vaultkit done`` for that event | the same, said closed without a message |
| ``rc`` reconnect | ``## DAY Checked in`` in their note | snoozed for one cadence |
| ``tk`` task | ticked in its own note, ``✅ DAY`` | cancelled there, ``❌ DAY`` |
| ``in`` introduction | recorded as proposed (``vaultkit intro``) | recorded as declined |
| ``bd`` birthday | ``## DAY Birthday wishes sent`` in their note | nothing |
| ``jc`` job change | ``## DAY Congratulated`` in their note | nothing |
| ``db`` debrief | ``## Debrief`` in the event note (``debrief --write``) | ``## Debrief``: skipped |
| ``if`` introduction step | asked again (``status_date``), made or checked in | ``status: declined`` |

A snooze written on a line (``⏳ 2026-12-15`` or ``snooze:: 2026-12-15``) snoozes its contact
to that day. Applying twice changes nothing: each action first looks whether it was done
(the follow-up no longer pending, a check-in already there today...). An item whose line
no longer matches what it was written about is reported, never applied blindly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.errors import VaultkitError
from vaultkit.notes.values import link_targets

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index

KINDS = {"fu": "follow-up", "rc": "reconnect", "tk": "task", "in": "introduction", "bd": "birthday",
         "jc": "job change", "db": "debrief", "if": "introduction to follow through"}
_LINE_RE = re.compile(r"^\s*[-*+] \[(.)\] (.*?)\s*\^vk-([a-z]+)-([0-9a-f]{6})\s*$")
_SNOOZE_RE = re.compile(r"(?:⏳\s*|snooze::\s*)(\d{4}-\d{2}-\d{2})")
WISHES_WINDOW = 7  # days: wishes recorded this close to today were for this birthday
DEFAULT_SNOOZE_DAYS = 30  # a reconnect dismissed for someone without a cadence: snoozed this long


def item_id(kind: str, *parts: str | None) -> str:
    """The block id ending a box vaultkit writes: ``^vk-fu-3fa92c``."""
    digest = hashlib.sha1("\0".join([kind, *(p or "" for p in parts)]).encode("utf-8")).hexdigest()[:6]
    return f"^vk-{kind}-{digest}"


@dataclass
class Tick:
    """A box of the agenda note the user ticked, cancelled or wrote a snooze on."""

    kind: str
    digest: str
    mark: str  # "x", "-" or " " (a snooze alone)
    text: str  # the line, its box and id left out
    snooze: str | None

    @property
    def targets(self) -> list[str]:
        """The notes the line links to, in order (wikilinks, and markdown links to notes whose
        file name cannot be a wikilink: ``notes/links.py``)."""
        return link_targets(self.text)


@dataclass
class TickResult:
    """What became of one tick: ``applied``, ``skipped`` (already done) or ``refused``."""

    kind: str
    outcome: str
    message: str
    changed: tuple[str, ...] = ()  # notes written

    def __str__(self) -> str:
        return f"{KINDS.get(self.kind, self.kind)}: {self.message}"


def read_ticks(text: str) -> list[Tick]:
    """The boxes of an agenda note (or region) that ask for something."""
    out = []
    for line in text.split("\n"):
        if "^vk-" not in line:
            continue
        m = _LINE_RE.match(line.rstrip("\r"))
        if not m or m.group(3) not in KINDS:
            continue
        mark = m.group(1).lower()
        snooze = _SNOOZE_RE.search(m.group(2))
        if mark in ("x", "-") or snooze:
            out.append(Tick(m.group(3), m.group(4), mark if mark in ("x", "-") else " ", m.group(2),
                            snooze.group(1) if snooze else None))
    return out


def apply_ticks(index: Index, config: Config, today: str, ticks: list[Tick]) -> list[TickResult]:
    """Apply each tick once; what became of each."""
    results = []
    for tick in ticks:
        try:
            result = _apply(index, config, today, tick)
        except VaultkitError as exc:
            result = TickResult(tick.kind, "refused", str(exc))
        results.append(result)
        if result.changed:
            index.refresh_paths(result.changed)  # the next tick sees what this one did
    return results


def _apply(index: Index, config: Config, today: str, tick: Tick) -> TickResult:
    paths = [index.resolve_link(t) for t in tick.targets]
    if tick.kind == "tk":
        return _task(index, config, today, tick, paths)
    if tick.kind == "db":
        if tick.mark == " ":
            return TickResult("db", "refused", f"`{tick.text}`: a debrief is not snoozed; nothing was done")
        return _debrief(index, config, today, tick, paths)
    contact = paths[0] if paths else None
    if contact is None:
        return TickResult(tick.kind, "refused", f"`{tick.text}`: names no note any more; nothing was done")
    if tick.snooze and tick.mark == " ":
        return _snooze(index, config, today, tick, contact)
    if tick.kind == "if":
        done = _intro_step(index, config, today, tick, paths)
    else:
        expected = {
            "fu": [(contact, paths[1] if len(paths) > 1 else None)],
            "rc": [(contact,)], "bd": [(contact,)], "jc": [(contact,)],
            "in": [tuple(paths[:2])],
        }[tick.kind]
        if not any(item_id(tick.kind, *parts) == f"^vk-{tick.kind}-{tick.digest}" for parts in expected):
            return TickResult(tick.kind, "refused", f"`{tick.text}`: the line changed since vaultkit wrote it; "
                                                    "nothing was done (tick it in a fresh agenda)")
        done = {"fu": _follow_up, "rc": _reconnect, "in": _introduction, "bd": _birthday,
                "jc": _job_change}[tick.kind](index, config, today, tick, paths)
    if tick.snooze and done.outcome != "refused":
        snoozed = _snooze(index, config, today, tick, contact)
        done = TickResult(done.kind, done.outcome, f"{done.message}; {snoozed.message}",
                          done.changed + snoozed.changed)
    return done


def _follow_up(index: Index, config: Config, today: str, tick: Tick, paths: list) -> TickResult:
    from vaultkit.engines.acting import record_follow_up
    from vaultkit.engines.agenda import followups

    contact, event = paths[0], paths[1] if len(paths) > 1 else None
    pending = [i for i in followups(index, config, today, contact).items if i.event_path == event]
    if not pending:
        return TickResult("fu", "skipped", f"{contact}: no follow-up pending any more")
    heading = record_follow_up(index, config, contact, today, event, dismissed=tick.mark == "-", find_event=False)
    return TickResult("fu", "applied", f"{contact}: ## {heading}", (contact,))


def _reconnect(index: Index, config: Config, today: str, tick: Tick, paths: list) -> TickResult:
    from vaultkit.engines.acting import CHECKED_IN, dated_line, snooze

    contact = paths[0]
    if tick.mark == "-":
        current = index.contacts([contact]).get(contact)
        days = (current.cadence_days if current else None) or DEFAULT_SNOOZE_DAYS
        until = (dt.date.fromisoformat(today) + dt.timedelta(days=days)).isoformat()
        if current is not None and (current.snooze or "") >= until:
            return TickResult("rc", "skipped", f"{contact}: already snoozed until {current.snooze}")
        snooze(config, contact, until)
        return TickResult("rc", "applied", f"{contact}: snoozed until {until}", (contact,))
    if index.last_contacts_of([contact], today).get(contact) == today:
        return TickResult("rc", "skipped", f"{contact}: already in touch today")
    heading = dated_line(config, contact, today, CHECKED_IN)
    return TickResult("rc", "applied", f"{contact}: ## {heading}", (contact,))


def _birthday(index: Index, config: Config, today: str, tick: Tick, paths: list) -> TickResult:
    from vaultkit.engines.acting import WISHES_SENT, dated_line

    contact = paths[0]
    if tick.mark == "-":
        return TickResult("bd", "skipped", f"{contact}: nothing to record")
    since = (dt.date.fromisoformat(today) - dt.timedelta(days=WISHES_WINDOW)).isoformat()
    if any(s.date >= since for s in index.sections_titled([contact], WISHES_SENT, today)):
        return TickResult("bd", "skipped", f"{contact}: wishes already recorded")
    heading = dated_line(config, contact, today, WISHES_SENT)
    return TickResult("bd", "applied", f"{contact}: ## {heading}", (contact,))


def _job_change(index: Index, config: Config, today: str, tick: Tick, paths: list) -> TickResult:
    from vaultkit.engines.acting import CONGRATULATED, dated_line
    from vaultkit.engines.agenda import recent_job_changes

    contact = paths[0]
    if tick.mark == "-":
        return TickResult("jc", "skipped", f"{contact}: nothing to record")
    if not recent_job_changes(index, today, {contact}):  # a later section: already followed up
        return TickResult("jc", "skipped", f"{contact}: no job change waiting for congratulations")
    heading = dated_line(config, contact, today, CONGRATULATED)
    return TickResult("jc", "applied", f"{contact}: ## {heading}", (contact,))


def _introduction(index: Index, config: Config, today: str, tick: Tick, paths: list) -> TickResult:
    from vaultkit.engines.intros import record_intro

    if len(paths) < 2 or None in paths[:2]:
        return TickResult("in", "refused", f"`{tick.text}`: names no two contacts; nothing was done")
    status = "declined" if tick.mark == "-" else "proposed"
    existing = index.introductions_between(paths[0], paths[1])
    if existing:
        return TickResult("in", "skipped", f"already recorded in {existing[0].path}")
    done = record_intro(index, config, today, paths[0], paths[1], status=status, date=today)
    return TickResult("in", "applied", f"wrote {done['path']} (status: {done['status']})", (done["path"],))


def _debrief(index: Index, config: Config, today: str, tick: Tick, paths: list) -> TickResult:
    from vaultkit.engines.debrief import write_debrief
    from vaultkit.engines.debriefing import skip_debrief

    event = paths[0] if paths else None
    if event is None or item_id("db", event) != f"^vk-db-{tick.digest}":
        return TickResult("db", "refused", f"`{tick.text}`: the line changed since vaultkit wrote it; "
                                           "nothing was done (tick it in a fresh agenda)")
    if tick.mark == "-":
        wrote = skip_debrief(config, event, today)
    else:
        wrote, _ = write_debrief(index, config, today, event)
    if not wrote:
        return TickResult("db", "skipped", f"{event}: already has a ## Debrief section")
    return TickResult("db", "applied", f"{event}: ## Debrief" + (" (skipped)" if tick.mark == "-" else ""), (event,))


def _intro_step(index: Index, config: Config, today: str, tick: Tick, paths: list) -> TickResult:
    from vaultkit.engines.introduced import STEPS, due_steps, record_step

    if len(paths) < 3 or None in paths[:3]:
        return TickResult("if", "refused", f"`{tick.text}`: names no introduction note any more; nothing was done")
    a, b, note = paths[:3]
    step = next((s for s in STEPS if item_id("if", a, b, note, s) == f"^vk-if-{tick.digest}"), None)
    if step is None:
        return TickResult("if", "refused", f"`{tick.text}`: the line changed since vaultkit wrote it; "
                                           "nothing was done (tick it in a fresh agenda)")
    due = next((s for s in due_steps(index, config, today, [note]) if s.step == step), None)
    if due is None:
        return TickResult("if", "skipped", f"{note}: nothing left to do for this step")
    written = record_step(config, due, today, cancelled=tick.mark == "-")
    said = ", ".join(f"{k}: {v}" for k, v in written.items())
    return TickResult("if", "applied", f"{note}: {said}", (note,))


def _task(index: Index, config: Config, today: str, tick: Tick, paths: list) -> TickResult:
    from vaultkit.engines.acting import close_task
    from vaultkit.engines.agenda import task_text

    where = paths[-1] if paths else None  # the line ends with `in [[its note]]`
    own = index.open_tasks(notes=[where]) if where else []
    task = next((t for t in own if item_id("tk", t.path, task_text(t.text)) == f"^vk-tk-{tick.digest}"), None)
    if task is None:
        return TickResult("tk", "skipped", f"`{tick.text}`: no such open task any more (done, or changed)")
    close_task(config, task.path, task.text, today, cancelled=tick.mark == "-")
    return TickResult("tk", "applied", f"{task.path}: {'cancelled' if tick.mark == '-' else 'done'}: {task.text}",
                      (task.path,))


def _snooze(index: Index, config: Config, today: str, tick: Tick, contact: str) -> TickResult:
    from vaultkit.engines.acting import snooze

    until = tick.snooze or today
    if until < today:
        return TickResult(tick.kind, "refused", f"{contact}: snooze {until} is in the past; nothing was done")
    current = index.contacts([contact]).get(contact)
    if current is None:
        return TickResult(tick.kind, "refused", f"{contact}: not a contact; nothing was done")
    if (current.snooze or "") == until:
        return TickResult(tick.kind, "skipped", f"{contact}: already snoozed until {until}")
    snooze(config, contact, until)
    return TickResult(tick.kind, "applied", f"{contact}: snoozed until {until}", (contact,))

