"""What the agenda engine answers: one typed result per kind of item, and the whole agenda.

Renderers (``vaultkit.render``) read these attributes; ``to_json()`` is the one way
each becomes the JSON of docs/agenda.md (keys sorted by the writer, dates
``YYYY-MM-DD``). Optional keys (the extras of a drafted message) are written only when
they hold something, so an answer without them keeps the JSON it always had.

Results are slotted dataclasses, not frozen (a frozen one costs several times as much
to make, and a large vault makes them by the thousand): never change one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECTIONS = ("follow_up", "reconnect", "prepare", "debrief", "tasks", "birthdays", "job_changes", "introductions",
            "introductions_due")

result = dataclass(slots=True)


def _extras(out: dict[str, Any], mailto: str | None, context: list[str], notices: list[str]) -> dict[str, Any]:
    """The optional extras of a drafted message, added to ``out`` when they hold something."""
    if mailto:
        out["mailto"] = mailto
    if context:
        out["context"] = list(context)
    if notices:
        out["notices"] = list(notices)
    return out


@result
class LastNote:
    """The note of a contact's latest interaction: a dated section of their note (``note``),
    or the event or dated note linking to them (``event``, ``mention``: ``text`` empty)."""

    date: str
    title: str
    text: str
    path: str
    source: str

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "title": self.title, "text": self.text, "path": self.path,
                "source": self.source}


@result
class FollowUp:
    """Someone to get back to: after an event (``event_path``), or by their ``follow_up`` date."""

    contact: str
    path: str
    event: str | None
    event_path: str | None
    event_date: str | None
    due: str
    overdue: bool
    lang: str
    talking_points: list[str]
    draft: str
    mailto: str | None = None
    context: list[str] = field(default_factory=list)  # the user's notes shown beside the draft
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return _extras({
            "contact": self.contact, "path": self.path, "event": self.event, "event_path": self.event_path,
            "event_date": self.event_date, "due": self.due, "overdue": self.overdue, "lang": self.lang,
            "talking_points": self.talking_points, "draft": self.draft,
        }, self.mailto, self.context, self.notices)


@result
class Reconnect:
    """A contact whose keep-in-touch cadence has run out."""

    contact: str
    path: str
    last_contact: str | None
    cadence_days: int
    due: str
    overdue_days: int
    overdue_ratio: float
    last_note: LastNote | None
    draft: str | None = None  # made for the items shown (see ``AgendaEngine.reconnect``)
    mailto: str | None = None
    context: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = {"contact": self.contact, "path": self.path, "last_contact": self.last_contact,
               "cadence_days": self.cadence_days, "due": self.due, "overdue_days": self.overdue_days,
               "overdue_ratio": self.overdue_ratio,
               "last_note": self.last_note.to_json() if self.last_note else None}
        if self.draft:
            out["draft"] = self.draft
        return _extras(out, self.mailto, self.context, self.notices)


@result
class CardNote:
    """One of a contact's latest interactions with content: its day, title and points."""

    date: str
    title: str
    points: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "title": self.title, "points": self.points}


@result
class ElsewhereNote:
    """A line about a contact in the body of another event note (``- [[Name]]: ...``)."""

    date: str | None
    event: str
    path: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "event": self.event, "path": self.path, "text": self.text}


@result
class OpenTask:
    """An open task about a contact, or of an event."""

    text: str
    due: str | None
    path: str
    line: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "due": self.due, "path": self.path, "line": self.line}


@result
class Card:
    """What to know about a contact before meeting them at an event."""

    contact: str
    path: str
    company: str | None
    role: str | None
    last_contact: str | None
    notes: list[CardNote]
    needs: list[str]
    offers: list[str]
    open_tasks: list[OpenTask]
    notes_here: list[str] = field(default_factory=list)  # what this event's body says about them
    notes_elsewhere: list[ElsewhereNote] = field(default_factory=list)  # ... and other events' bodies

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact, "path": self.path, "company": self.company, "role": self.role,
                "last_contact": self.last_contact, "notes": [n.to_json() for n in self.notes],
                "needs": self.needs, "offers": self.offers,
                "open_tasks": [t.to_json() for t in self.open_tasks], "notes_here": self.notes_here,
                "notes_elsewhere": [n.to_json() for n in self.notes_elsewhere]}


@result
class WorthMeeting:
    """Someone in the vault worth meeting at an event, and why."""

    contact: str
    path: str
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact, "path": self.path, "reasons": self.reasons}


@result
class Prepare:
    """An event to prepare: goals, the contacts coming (with their cards), who is not a
    contact yet, and who else is worth meeting there."""

    event: str
    path: str
    date: str | None
    time: str | None
    end: str | None
    location: Any
    kind: Any
    goals: list[str]
    attendees: list[Card]
    to_meet: list[Card]
    unknown_attendees: list[str]
    worth_meeting: list[WorthMeeting]

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "path": self.path, "date": self.date, "time": self.time, "end": self.end,
                "location": self.location, "kind": self.kind, "goals": self.goals,
                "attendees": [c.to_json() for c in self.attendees], "to_meet": [c.to_json() for c in self.to_meet],
                "unknown_attendees": self.unknown_attendees,
                "worth_meeting": [w.to_json() for w in self.worth_meeting]}


@result
class Task:
    """An open task due within the horizon, with the contacts it is about."""

    text: str
    due: str
    overdue: bool
    path: str
    line: int
    contacts: list[str]
    contact_paths: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "due": self.due, "overdue": self.overdue, "path": self.path, "line": self.line,
                "contacts": self.contacts, "contact_paths": self.contact_paths}


@result
class Birthday:
    """A birthday or an important date (``occasion``: ``birthday`` or the date's name) within
    the horizon or its lead time ``remind_before`` (days); ``age``: the years since, when the
    year is known. Only a birthday has a drafted wish."""

    contact: str
    path: str
    date: str
    age: int | None
    draft: str | None
    mailto: str | None = None
    context: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    occasion: str = "birthday"
    remind_before: int = 0

    def to_json(self) -> dict[str, Any]:
        return _extras({"contact": self.contact, "path": self.path, "date": self.date, "age": self.age,
                        "draft": self.draft, "occasion": self.occasion, "remind_before": self.remind_before},
                       self.mailto, self.context, self.notices)


@result
class JobChange:
    """A recent job change recorded in a contact's note (``## DAY Changed jobs: A → B (role)``)
    with nothing after it yet, with a drafted congratulation. ``old``/``new``: the companies
    (for a ``New role:`` line, the roles)."""

    contact: str
    path: str
    date: str
    old: str | None
    new: str | None
    role: str | None
    draft: str | None
    mailto: str | None = None
    context: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return _extras({"contact": self.contact, "path": self.path, "date": self.date, "from": self.old,
                        "to": self.new, "role": self.role, "draft": self.draft},
                       self.mailto, self.context, self.notices)


@result
class Introduction:
    """Two contacts worth introducing, with the reasons and a drafted message to ``a``."""

    a: str
    b: str
    a_path: str | None
    b_path: str | None
    score: Any
    reasons: list[str]
    draft: str | None
    mailto: str | None = None
    context: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    draft_b: str | None = None  # the message to ``b``, to send once ``a`` said yes
    mailto_b: str | None = None

    @classmethod
    def from_suggestion(cls, s: dict[str, Any]) -> Introduction:
        """From an item of the introductions engine (``intros.suggest``)."""
        return cls(s["a"], s["b"], s.get("a_path"), s.get("b_path"), s.get("score"), list(s.get("reasons", [])),
                   s.get("draft"), s.get("mailto"), list(s.get("context") or ()), list(s.get("notices") or ()),
                   s.get("draft_b"), s.get("mailto_b"))

    def to_json(self) -> dict[str, Any]:
        out = _extras({"a": self.a, "b": self.b, "a_path": self.a_path, "b_path": self.b_path,
                       "score": self.score, "reasons": self.reasons, "draft": self.draft},
                      self.mailto, self.context, self.notices)
        if self.draft_b:
            out["draft_b"] = self.draft_b
        if self.mailto_b:
            out["mailto_b"] = self.mailto_b
        return out


@result
class IntroductionDue:
    """The next step of an introduction you recorded (``engines/introduced.py``): ``step`` is
    ``ask_again`` (still proposed, no answer), ``make`` (accepted, not made yet) or
    ``check_in`` (made a while ago: did they meet?). ``draft`` goes to ``a`` (for ``make``, to
    both), ``draft_b`` to ``b`` (a check-in only)."""

    a: str
    b: str
    a_path: str
    b_path: str
    path: str  # the introduction note
    status: str
    step: str
    since: str  # the day the status was taken
    due: str
    draft: str
    mailto: str | None = None
    draft_b: str | None = None
    mailto_b: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"a": self.a, "b": self.b, "a_path": self.a_path, "b_path": self.b_path,
                               "path": self.path, "status": self.status, "step": self.step,
                               "since": self.since, "due": self.due, "draft": self.draft}
        for key in ("mailto", "draft_b", "mailto_b"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


@result
class GoalOutcome:
    """One goal of an event, and what the notes written since say about it."""

    goal: str
    evidence: list[str]  # the lines that speak of it, ``DAY note: text``
    met: bool  # some evidence was found

    def to_json(self) -> dict[str, Any]:
        return {"goal": self.goal, "evidence": self.evidence, "met": self.met}


@result
class PersonMet:
    """Someone to meet at an event: met there or not, and how we know."""

    name: str
    path: str | None
    met: bool
    how: str | None  # attends | note of the day | met field; None when not met

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "met": self.met, "how": self.how}


@result
class FollowUpState:
    """An attendee of the event and whether they were followed up (``sent``) or not yet."""

    contact: str
    path: str
    state: str  # sent | pending
    on: str | None  # the day of the follow-up sent (a done mark or a later interaction)

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact, "path": self.path, "state": self.state, "on": self.on}


@result
class Debrief:
    """``vaultkit debrief EVENT``: did the event pay off? Its goals with what happened, the
    people to meet met or not, the new contacts made there, the follow-ups sent and pending;
    ``written``: whether the event note already has a ``## Debrief`` section."""

    event: str
    path: str
    date: str | None
    goals: list[GoalOutcome]
    to_meet: list[PersonMet]
    new_contacts: list[str]
    new_contact_paths: list[str]
    follow_ups: list[FollowUpState]
    written: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "path": self.path, "date": self.date,
                "goals": [g.to_json() for g in self.goals], "to_meet": [p.to_json() for p in self.to_meet],
                "new_contacts": [{"contact": n, "path": p} for n, p in zip(self.new_contacts,
                                                                           self.new_contact_paths, strict=True)],
                "follow_ups": [f.to_json() for f in self.follow_ups], "written": self.written}


@result
class DebriefDue:
    """An event with goals or people to meet, over since yesterday or earlier (at most
    ``follow_up_window`` days), with no ``## Debrief`` section yet."""

    event: str
    path: str
    date: str
    due: str
    goals: int
    to_meet: int

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "path": self.path, "date": self.date, "due": self.due,
                "goals": self.goals, "to_meet": self.to_meet}


@result
class Agenda:
    """The agenda of ``date`` with a look-ahead of ``days``: its nine sections, and how many
    notes could not be read (left out of every section)."""

    date: str
    days: int
    follow_up: list[FollowUp] = field(default_factory=list)
    reconnect: list[Reconnect] = field(default_factory=list)
    prepare: list[Prepare] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    birthdays: list[Birthday] = field(default_factory=list)
    job_changes: list[JobChange] = field(default_factory=list)
    introductions: list[Introduction] = field(default_factory=list)
    debrief: list[DebriefDue] = field(default_factory=list)
    introductions_due: list[IntroductionDue] = field(default_factory=list)
    problems: int = 0
    limit: int | None = None  # `--limit N`: at most N items in each section
    totals: dict[str, int] = field(default_factory=dict)  # with a limit: each section's items in all

    def section(self, name: str) -> list[Any]:
        return getattr(self, name)

    def total(self, name: str) -> int:
        """How many items the section has in all (more than shown when a limit cut it)."""
        return max(self.totals.get(name, 0), len(getattr(self, name)))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.date, "days": self.days, "problems": self.problems}
        for name in SECTIONS:
            out[name] = [item.to_json() for item in getattr(self, name)]
        if self.limit is not None:  # only asked for with --limit: the JSON without it is unchanged
            out["limit"] = self.limit
            out["totals"] = {name: self.total(name) for name in SECTIONS}
        return out


@result
class Prep:
    """``vaultkit prep``: the events to prepare; ``one`` when a single event was asked for
    (its JSON is then that item, or null, instead of a list)."""

    date: str
    items: list[Prepare]
    one: bool = False

    def to_json(self) -> Any:
        if self.one:
            return self.items[0].to_json() if self.items else None
        return [item.to_json() for item in self.items]


@result
class FollowUps:
    """``vaultkit followup``: the pending follow-ups (of one event or contact, or all)."""

    date: str
    items: list[FollowUp]

    def to_json(self) -> list[dict[str, Any]]:
        return [item.to_json() for item in self.items]
