"""The daily agenda: follow-ups, keep-in-touch, event prep, tasks, birthdays and important
dates, job changes, introductions.

Whole-vault questions are asked of the store (which narrows them in SQL); full
notes are loaded only for the items shown (follow-ups and events to prepare). Every date is ``YYYY-MM-DD``.
``T`` is the day computed for and ``H`` the look-ahead horizon in days.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from vaultkit.engines import results as r
from vaultkit.engines import talking
from vaultkit.engines.booked import booked_meetings, repeating_occurrences
from vaultkit.engines.drafts import Drafter, first_email, first_name, language
from vaultkit.engines.phrasing import PROMISE_WORDS, ordinal
from vaultkit.engines.terms import EXACT, Phrase, Vocabulary, company_key, meets
from vaultkit.notes.bullets import bullets
from vaultkit.notes.jobs import Change, read_job_change
from vaultkit.notes.model import CALLED_OFF, CONTACT, EVENT, INTRO_STATUSES
from vaultkit.notes.recurrence import occurrences
from vaultkit.notes.values import DUE_RE, display, link_key, norm_key

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.engines.altered import Altered
    from vaultkit.engines.intros import Network, Terms
    from vaultkit.engines.kept import Sections
    from vaultkit.notes.model import Note
    from vaultkit.store.index import Index
    from vaultkit.store.records import Contact, Event, EventPerson, Interaction

ATTENDING = ("attendees", "attendees:plain", "attendees:body")
TO_MEET = ("to_meet", "to_meet:plain")
SKIPPED_STATUS = (INTRO_STATUSES[0], *CALLED_OFF)  # not agreed yet, or not taking place
SECTIONS = r.SECTIONS
ELSEWHERE = 3  # lines about a contact in other events' bodies, on a prep card
RECONNECT_DRAFTED = 25  # without --limit, the most overdue this many get a draft (text shows 25)
RECENT_DAYS = 30  # `followup NAME` with nothing pending: a check-in draft within this, else a reconnection
JOB_CHANGE_DAYS = 14  # a job change recorded this many days ago or less is news
DEFER_DAYS = 90  # a snooze defers the follow-ups of events up to this many days before its day
FEW = 20  # the follow-ups of this many people or fewer: the events linking to each read alone

_DONE_RE = re.compile(r"^followed up\b", re.IGNORECASE)


# -- small helpers ------------------------------------------------------------------------


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def _plus(iso: str, days: int) -> str:
    return (_day(iso) + dt.timedelta(days=days)).isoformat()


@lru_cache(maxsize=4096)
def _ordinal(iso: str) -> int:
    """The day number of a date (dates repeat a lot over a vault: computed once each)."""
    return _day(iso).toordinal()


@lru_cache(maxsize=4096)
def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def task_text(text: str) -> str:
    """A task's text without its due-date marker."""
    if "📅" in text or "due" in text.lower():
        text = DUE_RE.sub("", text)
    return " ".join(text.split())


def _key(name: str) -> str:
    return norm_key(name or "")


# -- the engine ---------------------------------------------------------------------------


class AgendaEngine:
    """Computes the sections for one day ``today`` and horizon ``days``, as typed results
    (``vaultkit.engines.results``)."""

    def __init__(self, index: Index, config: Config, today: str, days: int = 7, limit: int | None = None):
        self.index = index
        self.config = config
        self.today = _day(today).isoformat()
        self.days = max(0, int(days))
        self.until = _plus(self.today, self.days)
        self.drafter = Drafter.for_config(config)
        # `--limit N`: each section's first N items are made in full (drafts, notes), the
        # others only counted (``totals``)
        self.limit = limit if limit is None else max(0, int(limit))
        self.totals: dict[str, int] = {}
        self._contacts: dict[str, Contact] = {}
        self._resolved: dict[str, str | None] = {}
        self._followed: set[str] = set()
        self._worth: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None
        # ``helper``'s answers (from the fields of the vault, never its text: kept between runs
        # with the sections, see ``build``)
        self.helpers: dict[tuple, tuple[str, str, str] | None] = {}
        # what a section keeps besides its items to mend them after a hard change (``build``)
        self.states: dict[str, Any] = {}
        self.keeping = False

    def cut(self, section: str, items: list) -> list:
        """The first ``limit`` of a section's ``items`` (all without a limit); their number
        in all is kept in ``totals``."""
        if self.limit is None:
            return items
        self.totals[section] = len(items)
        return items[: self.limit]

    # -- data access -----------------------------------------------------------------------

    def contacts(self, paths: Iterable[str]) -> dict[str, Contact]:
        """The contacts among ``paths``."""
        paths = list(paths)
        missing = [p for p in set(paths) if p not in self._contacts]
        if missing:
            self._contacts.update(self.index.contacts(missing))
        return {p: self._contacts[p] for p in paths if p in self._contacts}

    def last_contacts(self, paths: list[str]) -> dict[str, str]:
        """DESIGN's "last contact" as of today (never after it) for each of ``paths``."""
        return self.index.last_contacts_of(paths, self.today)

    def done_marks(self, paths: list[str]) -> dict[str, list[tuple[str, set[str]]]]:
        """``Followed up`` sections of each contact up to today: ``(date, events it links to)``."""
        marks: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
        sections = [s for s in self.index.sections_titled(paths, "followed up", self.today)
                    if _DONE_RE.match(s.title)]
        if not sections:
            return marks
        lines: dict[tuple[str, int], set[str]] = {(s.path, s.line): set() for s in sections}
        for mention in self.index.event_mentions({s.path for s in sections}):
            if (mention.path, mention.line) in lines:
                lines[(mention.path, mention.line)].add(mention.event)
        for s in sections:
            marks[s.path].append((s.date, lines[(s.path, s.line)]))
        return marks

    def resolve(self, target: str) -> str | None:
        key = link_key(target)
        if key not in self._resolved:
            self._resolved[key] = self.index.resolve_link(target)
        return self._resolved[key]

    @cached_property
    def terms(self) -> Terms:
        """The phrases of the vault's needs, offers and tags, with its synonyms."""
        from vaultkit.engines.intros import Terms

        return Terms(Vocabulary(self.config.synonyms))

    @cached_property
    def network(self) -> Network:
        """Everyone's needs and offers as introductions see them (made once, on first use)."""
        from vaultkit.engines.intros import Network

        return Network(self.index, self.config, self.today)

    def helper(self, path: str, needs: list[str], knows: set[str]) -> tuple[str, str, str] | None:
        """``(need, helper name, helper company)``: the first of the contact's ``needs`` that
        someone in the vault could help with (``Network.helpers``), and the best of them, leaving
        out the contact and the paths in ``knows``."""
        if not needs:
            return None
        key = (path, tuple(needs), tuple(sorted(knows)))
        if key not in self.helpers:
            self.helpers[key] = self._helper(path, needs, knows)
        return self.helpers[key]

    def _helper(self, path: str, needs: list[str], knows: set[str]) -> tuple[str, str, str] | None:
        net = self.network
        for text in needs:
            need = net.terms.phrase(text)
            if not need.full:
                continue
            for p in net.helpers(need):
                if p.path != path and p.path not in knows:
                    return text, p.name, p.company
        return None

    # -- follow_up -------------------------------------------------------------------------

    def follow_up(self, only: str | None = None, window: bool = True) -> list[r.FollowUp]:
        """Attendees of recent events not seen since, and contacts whose `follow_up` is near.

        ``only`` restricts to one event or contact; without ``window`` an event of any
        age up to today counts (for ``vaultkit followup EVENT``).
        """
        pending, events = self.pending_follow_ups(only, window)
        return self._follow_up_items(pending, events, section="follow_up")

    def pending_follow_ups(self, only: str | None = None, window: bool = True, people: set[str] | None = None
                           ) -> tuple[list[tuple[str, str | None, str]], dict[str, dict[str, str]]]:
        """The rule of ``follow_up`` without the drafts: ``(contact, event path or None, due)``
        of each follow-up pending, and the events they follow (title, date, kind by path);
        with ``people``, only the follow-ups of those contacts (the same rule)."""
        t = self.today
        dated = [e for who in ([only] if people is None or len(people) > FEW else sorted(people))
                 for e in self.index.events(until=t, before=t if window else None,
                                            since=_plus(t, -self.config.follow_up_window) if window else None,
                                            involving=who)]
        start = _plus(t, -self.config.follow_up_window)
        snoozed = self.index.snoozes(start) if only is None else {}
        deferred = {c: s for c, s in snoozed.items() if s <= t}  # a snooze just over: its follow-ups are back
        # a follow-up of someone snoozed waits for the snooze's day, and is due then; an event
        # up to DEFER_DAYS before that day, older than the window, is still followed up
        older = [(c, e) for c, day in deferred.items() if window and (people is None or c in people)
                 for e in self.index.events_of(c)
                 if e.date and e.date[:10] < start and _plus(e.date[:10], DEFER_DAYS) >= day]
        # repeating events and `follow_up: false` ones are followed up by no one
        events = {e.path: {"title": e.title, "date": e.date[:10], "kind": e.kind}
                  for e in [*dated, *(e for _, e in older)]
                  if e.date and (e.status or "") not in SKIPPED_STATUS and e.kind != "introduction"
                  and e.follow_ups}
        pairs: list[tuple[str, str]] = [(c, e.path) for c, e in older if e.path in events]
        if events:
            for event, attending in self.index.attending_contacts(events.keys() - {e.path for _, e in older}).items():
                pairs += [(contact, event) for contact in attending if (only is None or only in (contact, event))
                          and (people is None or contact in people)]
        if snoozed:
            pairs = [(c, e) for c, e in pairs if snoozed.get(c, "") <= t]
        field_rows = self.index.follow_up_dates(self.until)
        if only is not None:
            field_rows = {only: field_rows[only]} if only in field_rows else {}
        if people is not None:
            field_rows = {c: d for c, d in field_rows.items() if c in people}
        if snoozed:
            field_rows = {c: d for c, d in field_rows.items() if snoozed.get(c, "") <= t}
        who = sorted({c for c, _ in pairs} | set(field_rows))
        if not who:
            return [], events
        last = self.last_contacts(who)
        done = self.done_marks(who)
        pending: list[tuple[str, str | None, str]] = []  # (contact, event path or None, due)
        for contact, event in sorted(set(pairs)):
            e_date = events[event]["date"]
            if last.get(contact, "") > e_date:
                continue  # an interaction after the event's day
            if any(d >= e_date and (event in linked or not linked) for d, linked in done.get(contact, [])):
                continue  # a done mark for this event (or a plain one) on or after its day
            pending.append((contact, event, max(_plus(e_date, self.config.follow_up_days), deferred.get(contact, ""))))
        for contact, date in field_rows.items():
            date = date[:10]
            if last.get(contact, "") >= date:
                continue
            start = _plus(date, -self.config.follow_up_window)
            if any(d >= start for d, _ in done.get(contact, [])):
                continue
            pending.append((contact, None, max(date, deferred.get(contact, ""))))
        return pending, events

    def _follow_up_items(self, pending: list[tuple[str, str | None, str]],
                         events: dict[str, dict[str, str]], manual: bool = False,
                         section: str | None = None) -> list[r.FollowUp]:
        """The follow-up items of ``pending``, in the agenda's order; with a limit and a
        ``section`` to count them in, only the first ones are drafted."""
        if not pending:
            return []
        rows = self.contacts(c for c, _, _ in pending)
        if section is not None:
            pending = [p for p in pending if p[0] in rows]
            self._followed = {c for c, _, _ in pending}
        if section is not None and self.keeping:  # every follow-up pending in order: to mend it
            self.states[section] = sorted(_pending_key(p, rows[p[0]].name, events) for p in pending)
        if section is not None and self.limit is not None:
            pending.sort(key=lambda p: _follow_up_order(p[2], rows[p[0]].name, p[0], events.get(p[1] or "")))
            pending = self.cut(section, pending)
        notes = self.index.notes({c for c, _, _ in pending} | {e for _, e, _ in pending if e})
        promised = self.promises(rows)
        seen_last = self.last_contacts([c for c, e, _ in pending if not e])  # once for the check-ins
        items = []
        for contact, event, due in pending:
            note = notes.get(contact)
            row = rows.get(contact)
            if note is None or row is None:
                continue
            needs, help_ = self.needs_and_helper(contact, note)
            lang = self.drafter_lang(row.lang)
            if event:
                enote = notes.get(event)
                e_date = events[event]["date"]
                points = self.event_points(enote, contact) if enote else []
                points += [b for s in note.sections if s.date == e_date for b in bullets(s.text)]
                kind, seen, day = "followup", None, e_date
            else:
                enote = None
                latest = _latest_section(note, self.today)
                points = bullets(latest.text) if latest else []
                kind, day = "checkin", latest.date if latest else None
                seen = seen_last.get(contact)
                # no promise pending: a check-in when recent, else a reconnection
                if manual and (seen is None or (_day(self.today) - _day(seen)).days >= RECENT_DAYS):
                    kind = "reconnect"
            if needs:
                points.append("Needs: " + ", ".join(needs))
            draft = talking.draft(self.drafter, kind, row, note, self.today, resolve=self.resolve, needs=needs,
                                  helper=help_, promises=promised.get(contact, ()), event=events.get(event or ""),
                                  event_note=enote, day=day, seen=seen, context=_unique(points))
            items.append(r.FollowUp(
                contact=row.name,
                path=contact,
                event=events[event]["title"] if event else None,
                event_path=event,
                event_date=events[event]["date"] if event else None,
                due=due,
                overdue=due < self.today,
                lang=lang,
                talking_points=_unique(points),
                **draft.fields(),
            ))
        items.sort(key=lambda i: (i.due, _key(i.contact), i.path, i.event_date or "", _key(i.event or "")))
        return items

    def mend_follow_up(self, items: list[r.FollowUp], paths: set[str]) -> list[r.FollowUp] | None:
        """``items`` of ``follow_up`` with those whose contact's or event's note is among
        ``paths`` made again (talking points and drafts: what the text of those notes says),
        the others as they are; None when one of them cannot be (made again in full then).
        Who is pending, when and in what order does not depend on text."""
        touched = [i for i in items if i.path in paths or (i.event_path or "") in paths]
        events = {e.path: {"title": e.title, "date": e.date[:10], "kind": e.kind}
                  for e in self.index.events(paths=sorted({i.event_path for i in touched if i.event_path}))
                  if e.date}
        made = self._follow_up_items([(i.path, i.event_path, i.due) for i in touched], events)
        again = {(i.path, i.event_path): i for i in made}
        if len(again) != len(touched):
            return None
        return [again.get((i.path, i.event_path), i) for i in items]

    def mend_follow_up_of(self, items: list[r.FollowUp], keyed: list[tuple], texts: set[str],
                          contacts: set[str]) -> tuple[list[r.FollowUp], list[tuple]] | None:
        """``items`` of ``follow_up`` after a change to what ``contacts`` are owed (a dated
        heading, a task): their follow-ups found again by the same rule and put in their places
        among ``keyed`` (every follow-up pending, in order: ``_pending_key``); the items shown
        of those contacts, of ``texts`` (notes whose text changed) and new to the part shown
        made again, the others as they are. The items and the new ``keyed``; None when an item
        cannot be made."""
        pending, events = self.pending_follow_ups(people=contacts)
        rows = self.contacts(c for c, _, _ in pending)
        keyed = sorted([k for k in keyed if k[-3] not in contacts]
                       + [_pending_key(p, rows[p[0]].name, events) for p in pending if p[0] in rows])
        shown = keyed if self.limit is None else keyed[: self.limit]
        old = {(i.path, i.event_path, i.due): i for i in items}
        redo = [k[-3:] for k in shown if k[-3] in contacts or k[-3] in texts or (k[-2] or "") in texts
                or k[-3:] not in old]
        wanted = sorted({e for _, e, _ in redo if e and e not in events})
        events.update({e.path: {"title": e.title, "date": e.date[:10], "kind": e.kind}
                       for e in self.index.events(paths=wanted) if e.date})
        made = {(i.path, i.event_path, i.due): i for i in self._follow_up_items(redo, events)}
        if len(made) != len(redo):
            return None
        return [made.get(k[-3:]) or old[k[-3:]] for k in shown], keyed

    def promises(self, contacts: Iterable[str]) -> dict[str, list[str]]:
        """Open tasks that may be promises (send, share, envoyer...), by the contacts they name."""
        promised: dict[str, list[str]] = defaultdict(list)
        for task in self.index.open_tasks(about=set(contacts), containing=PROMISE_WORDS):
            for person in task.about:
                promised[person.path].append(task_text(task.text))
        return promised

    def needs_and_helper(self, contact: str, note: Note) -> tuple[list[str], tuple[str, str, str] | None]:
        """The contact's needs as written, and someone who offers one (the matcher of intros)."""
        needs = [display(n) for n in note.fields.get("needs", [])]
        knows = {p for p in (self.resolve(k) for k in note.fields.get("knows", [])) if p}
        return needs, self.helper(contact, needs, knows)

    def followed_up(self) -> set[str]:
        """Everyone with a pending follow-up in the section (shown or beyond the limit)."""
        return set(self._followed)

    def drafter_lang(self, lang: str | None) -> str:
        return language(lang, self.config.language)

    def event_points(self, event: Note, contact: str) -> list[str]:
        """What the event's body says about the contact (``- [[Name]]: ...`` lines)."""
        out = []
        for att in event.attendee_notes:
            if self.resolve(att.target) == contact:
                text = " ".join(display(att.text).replace("**", "").split())
                if text:
                    out.append(text)
        return out

    # -- reconnect -------------------------------------------------------------------------

    def meeting_soon(self) -> set[str]:
        """Contacts who attend an event from today to the horizon (a meeting already booked
        is no reason to reconnect): ``booked_meetings``."""
        return set(booked_meetings(self.index, self.today, self.until))

    def reconnect(self, exclude: set[str]) -> list[r.Reconnect]:
        """Contacts with a cadence whose last contact + cadence is on or before today, the
        most overdue first (the store's bounded query: only the items kept are read in full)."""
        t = self.today
        every: set[str] | None = set() if self.keeping else None
        due, total = self.index.keep_in_touch(t, exclude, self.limit, every=every)
        if every is not None:  # who is due, shown or not, and who was left out: to mend it
            self.states["reconnect"] = (frozenset(every), frozenset(exclude))
        if self.limit is not None:
            self.totals["reconnect"] = total
        notes = self.index.last_interactions([d.path for d in due], t)
        drafted = due if self.limit is not None else due[:RECONNECT_DRAFTED]
        drafts = self.reconnect_drafts([(d.path, d.last_contact) for d in drafted])
        return [r.Reconnect(d.name, d.path, d.last_contact, d.cadence_days, d.due, d.late, round(d.ratio, 3),
                            _last_note(notes.get(d.path)), **drafts.get(d.path, {})) for d in due]

    def mend_reconnect_of(self, items: list[r.Reconnect], state: tuple[frozenset[str], frozenset[str]],
                          texts: set[str], contacts: set[str], exclude: set[str]
                          ) -> tuple[list[r.Reconnect], tuple[frozenset[str], frozenset[str]]] | None:
        """``items`` of ``reconnect`` after a change to whether and when ``contacts`` are due
        (``state``: who was due, shown or not, and who was left out then; ``exclude``: who is
        left out now): each of them, and of those left out or back, put in its place among the
        items shown again (``keep_in_touch_of``), the items of ``texts`` made again too.
        None when the part shown would need an item beyond it (made again in full then)."""
        every, before = state
        again = set(contacts) | (before ^ exclude)
        shown = [i.path for i in items]
        found = {p: v for p, v in self.index.keep_in_touch_of(again, self.today).items() if p not in exclude}
        keys: dict[str, tuple] = {}

        def key(path: str) -> tuple:
            if path not in keys:
                keys.update({p: v[1] for p, v in self.index.keep_in_touch_of([path], self.today).items()})
            return keys[path]

        keys.update({p: v[1] for p, v in found.items()})
        order = [p for p in shown if p not in again]
        limit = self.limit
        bound = len(order)  # the items known end here: those beyond the part shown come after them
        for path in sorted(found, key=key):
            at = bisect.bisect_left(order, key(path), key=key)
            if at < bound:
                bound += 1
            order.insert(at, path)
        every = (every - again) | set(found)
        if limit is not None:
            if len(state[0]) > len(shown) and min(limit, len(every)) > bound:
                return None  # an item beyond the part shown would come in
            order = order[:limit]
        old = {i.path: i for i in items}
        was_drafted = set(shown if limit is not None else shown[:RECONNECT_DRAFTED])
        drafted = order if limit is not None else order[:RECONNECT_DRAFTED]
        wanted = set(drafted)
        redo = [p for p in order if p in again or p in texts]
        rows = {p: v[0] for p, v in self.index.keep_in_touch_of(redo, self.today).items()}
        if len(rows) != len(redo):
            return None
        notes = self.index.last_interactions(redo, self.today)
        drafts = self.reconnect_drafts([(p, rows[p].last_contact) for p in redo if p in wanted]
                                       + [(p, old[p].last_contact) for p in drafted
                                          if p not in rows and p not in was_drafted])
        none = r.Reconnect("", "", None, 0, "", 0, 0.0, None)
        bare = {"draft": none.draft, "mailto": none.mailto, "context": none.context, "notices": none.notices}
        out = []
        for path in order:
            if path in rows:
                d = rows[path]
                item = r.Reconnect(d.name, d.path, d.last_contact, d.cadence_days, d.due, d.late,
                                   round(d.ratio, 3), _last_note(notes.get(path)), **drafts.get(path, {}))
            else:
                item = old[path]
                if path in drafts:
                    item = replace(item, **drafts[path])
                elif path not in wanted and item.draft is not None:
                    item = replace(item, **bare)
            out.append(item)
        if limit is not None:
            self.totals["reconnect"] = len(every)
        return out, (frozenset(every), frozenset(exclude))

    def mend_reconnect(self, items: list[r.Reconnect], paths: set[str]) -> list[r.Reconnect]:
        """``items`` of ``reconnect`` with those of ``paths`` made again (their last note and
        draft: what the text of their note says), the others as they are. Each item is made
        from its contact's note alone; who is due and in what order does not depend on text."""
        notes = self.index.last_interactions(sorted(paths), self.today)
        drafted = items if self.limit is not None else items[:RECONNECT_DRAFTED]
        drafts = self.reconnect_drafts([(i.path, i.last_contact) for i in drafted if i.path in paths])
        none = r.Reconnect("", "", None, 0, "", 0, 0.0, None)
        out = []
        for item in items:
            if item.path in paths:
                draft = drafts.get(item.path, {"draft": none.draft, "mailto": none.mailto,
                                               "context": none.context, "notices": none.notices})
                item = replace(item, last_note=_last_note(notes.get(item.path)), **draft)
            out.append(item)
        return out

    def reconnect_drafts(self, due: list[tuple[str, str | None]]) -> dict[str, dict[str, Any]]:
        """A reconnection draft for each ``(contact, last contact)``: how long it has been in
        words, what they need and who can help, a promise pending; the notes of their latest
        section beside it."""
        if not due:
            return {}
        rows = self.contacts(c for c, _ in due)
        notes = self.index.notes({c for c, _ in due})
        promised = self.promises(rows)
        out: dict[str, dict[str, Any]] = {}
        for contact, seen in due:
            note, row = notes.get(contact), rows.get(contact)
            if note is None or row is None:
                continue
            needs, help_ = self.needs_and_helper(contact, note)
            latest = _latest_section(note, self.today)
            points = bullets(latest.text) if latest else []
            if needs:
                points.append("Needs: " + ", ".join(needs))
            draft = talking.draft(self.drafter, "reconnect", row, note, self.today, resolve=self.resolve,
                                  needs=needs, helper=help_, promises=promised.get(contact, ()),
                                  day=latest.date if latest else None, seen=seen, context=_unique(points))
            out[contact] = draft.fields()
        return out

    # -- prepare ---------------------------------------------------------------------------

    def prepare(self, only: str | None = None) -> list[r.Prepare]:
        """Events from today to today + days (or the one event ``only``), with what to know."""
        if only is not None:
            events = self.index.events(paths=[only])
            # a repeating event: its next occurrence (in the coming year), else its first
            slots = [(e.path, next(iter(occurrences(e.rrule, e.date, self.today, _plus(self.today, 366))), None)
                      if e.rrule and e.date else None) for e in events]
        else:
            events = [e for e in self.index.events(since=self.today, until=self.until)
                      # introductions and called-off events are nothing to prepare
                      if (e.kind or "") != "introduction" and (e.status or "") not in CALLED_OFF and not e.rrule]
            slots = [(e.path, None) for e in events] + [(e.path, day) for e, day in self.occurrences()]
        paths = sorted({path for path, _ in slots})
        if only is None and self.keeping:  # the events to prepare, shown or not: to keep it
            self.states["prepare"] = frozenset(paths)
        if not paths:
            return []
        notes = self.index.notes(paths)
        links = self.index.event_people(paths)
        known = {p.path for items in links.values() for p in items if p.path}
        rows_c = self.contacts(known)
        people = sorted(p for p, r in rows_c.items() if not r.is_me)
        cards = self.cards(people) if people else {}
        items = []
        for path, day in slots:
            note = notes.get(path)
            if note is None:
                continue
            item = self._prepare_item(note, links.get(path, []), rows_c, cards)
            if day:  # one occurrence of a repeating event
                item = replace(item, date=day[:10], time=day[11:16] or item.time, end=None)
            items.append(item)
        items.sort(key=lambda i: (i.date or "", i.time or "", _key(i.event), i.path))
        return items

    def occurrences(self) -> list[tuple[Event, str]]:
        """Each occurrence of a repeating event from today to the horizon: ``(event, its day
        or day and time)``; never an introduction or a called-off event."""
        return repeating_occurrences(self.index, self.today, self.until)

    def _prepare_item(self, note: Note, listed: list[EventPerson],
                      rows: dict[str, Contact], cards: dict[str, r.Card]) -> r.Prepare:
        attendees: list[str] = []
        to_meet: list[str] = []
        unknown: list[str] = []
        to_meet_text: list[str] = []
        for person in listed:
            dst, target = person.path, person.target
            row = rows.get(dst) if dst else None
            if row is not None and row.is_me:
                continue
            if row is not None:
                bucket = to_meet if person.to_meet else attendees
                if dst not in attendees and dst not in to_meet:
                    bucket.append(dst)
                continue
            if person.in_body:
                continue  # a body line about something that is not a contact
            name = display(target) if "[[" in target else target.strip()
            if person.to_meet:
                to_meet_text.append(name)
            if name and name not in unknown and _key(name) != _key(self.config.me or ""):
                unknown.append(name)
        points: dict[str, list[str]] = defaultdict(list)
        for att in note.attendee_notes:
            dst = self.resolve(att.target)
            if dst:
                points[dst].append(" ".join(display(att.text).split()))
        f = note.fields
        date = f.get("date") or note.date
        return r.Prepare(
            event=note.name,
            path=note.path,
            date=note.date,
            time=date[11:16] if date and len(date) > 10 else None,
            end=(f.get("end") or "")[:10] or None,
            location=f.get("location"),
            kind=f.get("kind"),
            goals=[display(g) for g in f.get("goals", [])],
            attendees=[self._here(cards[p], points.get(p, []), note.path) for p in attendees if p in cards],
            to_meet=[self._here(cards[p], points.get(p, []), note.path) for p in to_meet if p in cards],
            unknown_attendees=unknown,
            worth_meeting=self.worth_meeting(to_meet, to_meet_text, set(attendees) | set(to_meet)),
        )

    @staticmethod
    def _here(card: r.Card, notes_here: list[str], event: str) -> r.Card:
        """The card of a contact at one event: what its body says about them, and what other
        events' bodies say (never this one's again)."""
        return replace(card, notes_here=notes_here,
                       notes_elsewhere=[n for n in card.notes_elsewhere if n.path != event][:ELSEWHERE])

    def cards(self, paths: list[str]) -> dict[str, r.Card]:
        """What to know about each contact before meeting them."""
        rows = self.contacts(paths)
        notes = self.index.notes(paths)
        last = self.last_contacts(paths)
        tasks = self.tasks_about(paths)
        elsewhere = self.index.attendee_lines(paths, self.today)
        out = {}
        for path in paths:
            note, row = notes.get(path), rows.get(path)
            if note is None or row is None:
                continue
            # the two latest interactions with something to say (a bare done mark has nothing)
            recent = [(s, points) for s in sorted((s for s in note.sections if s.date <= self.today),
                                                  key=lambda s: (s.date, s.line), reverse=True)
                      if (points := bullets(s.text))][:2]
            out[path] = r.Card(
                contact=row.name,
                path=path,
                company=", ".join(row.companies) or None,
                role=row.role,
                last_contact=last.get(path),
                notes=[r.CardNote(s.date, s.title, points) for s, points in recent],
                needs=[display(x) for x in note.fields.get("needs", [])],
                offers=[display(x) for x in note.fields.get("offers", [])],
                open_tasks=tasks.get(path, []),
                notes_elsewhere=[r.ElsewhereNote(a.date, a.title, a.event, _clean(a.text))
                                 for a in elsewhere.get(path, [])[:ELSEWHERE + 1]],
            )
        return out

    def worth_meeting(self, to_meet: list[str], texts: list[str], present: set[str]) -> list[r.WorthMeeting]:
        """People in the vault sharing a company or a tag (one that ``meets`` exactly, as shared
        tags of an introduction) with someone to meet there."""
        if not to_meet and not texts:
            return []
        phrase = self.terms.phrase
        wanted_companies: dict[str, str] = {}
        wanted_tags: list[tuple[Phrase, str]] = []
        for row in self.contacts(to_meet).values():
            for company in row.companies:
                if key := company_key(company):
                    wanted_companies[key] = row.name
            wanted_tags += [(phrase(tag), row.name) for tag in row.tags]
        words = [f" {_key(t)} " for t in texts]
        by_company, by_tag = self._worth_index()
        alike: dict[str, str | None] = {}  # a tag → the person to meet it is like, if any
        if wanted_tags:
            for tag in by_tag:  # each tag written in the vault is compared once
                alike[tag] = next((who for want, who in wanted_tags if meets(phrase(tag), want) == EXACT), None)
        # the score of each person (2 a company, 1 a tag), counted from the lists of who has
        # which company and tag; reasons are written for the five shown only
        keys = [key for key in by_company
                if key in wanted_companies or (len(key) >= 3 and any(f" {key} " in w for w in words))]
        scores: Counter[str] = Counter()
        for key in keys:
            scores.update(by_company[key])
        for path in list(scores):
            scores[path] *= 2
        for tag, like in alike.items():
            if like:
                scores.update(by_tag[tag])
        for path in present:
            scores.pop(path, None)
        everyone = self.index.contacts()
        by_score: dict[int, list[str]] = defaultdict(list)
        for path, score in scores.items():
            by_score[score].append(path)
        ranked: list[tuple[int, str]] = []  # the best scores' people, until five at least
        for score in sorted(by_score, reverse=True):
            if len(ranked) >= 5:
                break
            ranked += [(-score, p) for p in by_score[score]]
        out = []
        for _, path in sorted(ranked, key=lambda k: (k[0], _key(everyone[k[1]].name), k[1]))[:5]:
            c = everyone[path]
            reasons: list[str] = []
            for comp in c.companies:
                key = company_key(comp)
                if not key:
                    continue
                if key in wanted_companies:
                    reasons.append(f"works at {comp} like {wanted_companies[key]}")
                elif len(key) >= 3 and any(f" {key} " in w for w in words):
                    reasons.append(f"works at {comp}")
            reasons += [f"tagged {tag} like {like}" for tag in c.tags if (like := alike.get(tag))]
            out.append(r.WorthMeeting(c.name, path, reasons))
        return out

    def _worth_index(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Everyone but the user by company key, and by tag as written, once for each time it
        is written (made once for all the events to prepare): who ``worth_meeting`` can name."""
        if self._worth is None:
            by_company: dict[str, list[str]] = defaultdict(list)
            by_tag: dict[str, list[str]] = defaultdict(list)
            for c in self.index.contacts().values():
                if c.is_me:
                    continue
                for comp in c.companies:
                    if key := company_key(comp):
                        by_company[key].append(c.path)
                for tag in c.tags:
                    by_tag[tag].append(c.path)
            self._worth = (dict(by_company), dict(by_tag))
        return self._worth

    # -- tasks -----------------------------------------------------------------------------

    def tasks(self) -> list[r.Task]:
        """Open tasks due on or before today + days, overdue first, with whom they are about."""
        t = self.today
        items = []
        found = self.index.open_tasks(due_by=self.until, limit=self.limit)
        if self.limit is not None:
            self.totals["tasks"] = self.index.open_task_count(due_by=self.until)
        for task in found:
            about = task.about
            if len(about) == 1:  # most tasks: in a contact's note
                names, paths = [about[0].name], [about[0].path]
            else:
                people = sorted(about, key=lambda c: (_key(c.name), c.path))
                names, paths = [c.name for c in people], [c.path for c in people]
            due = task.due
            items.append(r.Task(task_text(task.text), due, due < t, task.path, task.line, names, paths))
        return items

    def tasks_about(self, paths: list[str]) -> dict[str, list[r.OpenTask]]:
        """Open tasks about each contact (the store's rule), soonest due first."""
        out: dict[str, list[r.OpenTask]] = defaultdict(list)
        wanted = set(paths)
        for task in self.index.open_tasks(about=wanted):
            text = task_text(task.text)
            for contact in task.about:
                if contact.path in wanted:
                    out[contact.path].append(r.OpenTask(text, task.due, task.path, task.line))
        return out

    # -- birthdays -------------------------------------------------------------------------

    def birthdays(self, draft: bool = True) -> list[r.Birthday]:
        """Birthdays and important dates (``dates:``) from today to today + the larger of the
        horizon and their ``remind_before``; Feb 29 falls on Feb 28 in other years. A wish is
        drafted for each birthday unless ``draft`` is false (the calendar export)."""
        start = _day(self.today)
        month_days = None
        if self.days <= 31:  # a short window: only the dates holding one of its days (or reaching further)
            month_days = sorted(_month_days(start, self.days))
        found: list[tuple[str, str, str, int | None, str | None, str, int]] = []
        for contact in self.index.birthdays(month_days, self.days):
            dates = [("birthday", contact.birthday, contact.remind_before)] if contact.birthday else []
            for occasion, value, lead in [*dates, *contact.dates]:
                parsed = _birthday(value)
                if parsed is None:
                    continue
                year, month, day = parsed
                end = start + dt.timedelta(days=max(self.days, lead))
                for occurs in _occurrences(month, day, start, end):
                    if occasion != "birthday" and year and occurs.year < year:
                        continue  # an important date recurs from its day on
                    age = occurs.year - year if year and occurs.year >= year else None
                    if occasion != "birthday" and not age:
                        age = None
                    found.append((contact.name, contact.path, occurs.isoformat(), age, contact.lang, occasion, lead))
        fields = self.index.fields(f[1] for f in found) if found and draft else {}
        items = []
        for name, path, day, age, lang, occasion, lead in found:  # drafts only for the birthdays shown
            if occasion != "birthday" or not draft:
                items.append(r.Birthday(name, path, day, age, None, occasion=occasion, remind_before=lead))
                continue
            f = fields.get(path, {})
            voice = self.drafter.voice(lang, f)
            facts = {"first_name": first_name(name), "name": name, "age": age,
                     "age_ordinal": ordinal(age) if age else None}
            wish = self.drafter.compose("birthday", voice, facts, first_email(f))
            items.append(r.Birthday(name, path, day, age, **wish.fields(), remind_before=lead))
        items.sort(key=lambda i: (i.date, _key(i.contact), i.path, i.occasion != "birthday", i.occasion))
        return items

    # -- job changes -----------------------------------------------------------------------

    def job_changes(self) -> list[r.JobChange]:
        """Job changes recorded in the last ``JOB_CHANGE_DAYS`` days and not followed by any
        other dated section of the note yet, each with a drafted congratulation."""
        return self._job_change_items(recent_job_changes(self.index, self.today))

    def mend_job_changes(self, items: list[r.JobChange], contacts: set[str]) -> list[r.JobChange]:
        """``job_changes`` (all of them) after the dated headings of ``contacts`` changed."""
        found = self._job_change_items(recent_job_changes(self.index, self.today, contacts))
        items = [i for i in items if i.path not in contacts] + found
        items.sort(key=lambda i: (i.date, _key(i.contact), i.path))
        return items

    def _job_change_items(self, found: list[tuple[str, str, Change]]) -> list[r.JobChange]:
        if not found:
            return []
        contacts = self.contacts(path for path, _, _ in found)
        fields = self.index.fields(path for path, _, _ in found)
        items = []
        for path, day, change in found:
            contact = contacts.get(path)
            if contact is None:
                continue
            f = fields.get(path, {})
            voice = self.drafter.voice(contact.lang, f)
            company = change.new if change.new_company else next(iter(contact.companies), None)
            facts = {"first_name": first_name(contact.name), "name": contact.name, "company": company,
                     "role": change.role, "old_company": change.old if change.new_company else None}
            draft = self.drafter.compose("congrats", voice, facts, first_email(f))
            items.append(r.JobChange(contact.name, path, day, change.old, change.new, change.role,
                                     **draft.fields()))
        items.sort(key=lambda i: (i.date, _key(i.contact), i.path))
        return items

    # -- introductions ---------------------------------------------------------------------

    def introductions(self) -> list[r.Introduction]:
        """The top introduction suggestions (empty while the introductions engine is absent)."""
        try:
            from vaultkit.engines import intros  # type: ignore[attr-defined]
        except ModuleNotFoundError as exc:
            if exc.name in ("vaultkit.engines.intros", "intros"):
                return []
            raise
        found = intros.suggest(self.index, self.config, self.today, limit=3, net=self.network)
        if self.keeping:  # a change to the last contact of anyone else cannot alter them
            self.states["introductions"] = self.network.last_read()
        return [r.Introduction.from_suggestion(s) for s in found]

    # -- debriefs and introductions followed through --------------------------------------

    def debriefs(self) -> list[r.DebriefDue]:
        """Events with goals or people to meet, over, not debriefed yet (``engines/debrief.py``)."""
        from vaultkit.engines.debriefing import due_debriefs

        return due_debriefs(self.index, self.config, self.today)

    def introductions_due(self) -> list[r.IntroductionDue]:
        """The next steps of the introductions recorded (``engines/introduced.py``)."""
        from vaultkit.engines.introduced import introductions_due

        return introductions_due(self.index, self.config, self.today, self.drafter)

    # -- everything ------------------------------------------------------------------------

    def build(self, kept: Sections | None = None) -> r.Agenda:
        """The agenda; with ``kept``, the sections no change can have altered since they were
        last made are taken from it (``engines/kept.py``), the others made (or mended: the
        items a change can alter made again, ``engines/altered.py``) and kept in it."""
        section = self._kept if kept is None else self._keeping(kept)
        change = _Changes(self.index, kept)
        if kept is not None:
            self.keeping = True
            if change.hard and change.found.everything:  # a contact's fields may have changed
                kept.memo.pop("helpers", None)
            self.helpers = kept.memo.setdefault("helpers", {})
        follow = section("follow_up", self.follow_up, mend=self._mend_follow_up,
                         items=lambda found: {p for i in found for p in (i.path, i.event_path) if p},
                         reach=lambda made: change.items())
        # everyone with a follow-up, shown or beyond the limit, is no one to reconnect with
        exclude = self.followed_up() | self.meeting_soon()

        def reconnect_reach(made: Made) -> set[str] | None:
            found = change.items()
            if found is None or made.state is None:
                return None
            return found | (made.state[1] ^ exclude)

        reconnect = section("reconnect", lambda: self.reconnect(exclude),
                            mend=lambda made, texts, reached: self._mend_reconnect(made, texts, reached, exclude),
                            items=lambda found: {i.path for i in found}, reach=reconnect_reach)
        return r.Agenda(
            date=self.today,
            days=self.days,
            follow_up=follow,
            reconnect=reconnect,
            prepare=section("prepare", lambda: self.cut("prepare", self.prepare()),
                            reach=lambda made: change.prepare(made, self.today, self.until)),
            tasks=section("tasks", self.tasks, reach=lambda made: change.tasks()),
            birthdays=section("birthdays", lambda: self.cut("birthdays", self.birthdays()),
                              reach=lambda made: change.none()),
            job_changes=section("job_changes", lambda: self.cut("job_changes", self.job_changes()),
                                mend=self._mend_job_changes, items=lambda found: set(),
                                reach=lambda made: change.dated()),
            introductions=section("introductions", lambda: self.cut("introductions", self.introductions()),
                                  reach=lambda made: change.introductions(made.state)),
            # these two read event notes' files: made each time (they are quick)
            debrief=self.cut("debrief", self.debriefs()),
            introductions_due=self.cut("introductions_due", self.introductions_due()),
            problems=self.index.unread_count(),
            limit=self.limit,
            totals=dict(self.totals),
        )

    def _mend_follow_up(self, made: Made, texts: set[str], reached: set[str]) -> Made | None:
        if not reached:  # only text: who is pending, and in what order, stays
            items = self.mend_follow_up(made.value, texts)
            return None if items is None else replace(made, value=items)
        if made.state is None:
            return None
        found = self.mend_follow_up_of(made.value, made.state, texts, reached)
        if found is None:
            return None
        items, keyed = found
        return Made(items, len(keyed) if self.limit is not None else None, {k[-3] for k in keyed}, keyed)

    def _mend_reconnect(self, made: Made, texts: set[str], reached: set[str], exclude: set[str]) -> Made | None:
        if not reached:
            return replace(made, value=self.mend_reconnect(made.value, texts))
        found = self.mend_reconnect_of(made.value, made.state, texts, reached, exclude)
        if found is None:
            return None
        items, state = found
        return Made(items, self.totals.get("reconnect"), None, state)

    def _mend_job_changes(self, made: Made, texts: set[str], reached: set[str]) -> Made | None:
        if self.limit is not None and (made.total or 0) > len(made.value):
            return None  # some beyond the limit: not kept
        items = self.mend_job_changes(made.value, reached)
        return Made(self.cut("job_changes", items) if self.limit is not None else items,
                    len(items) if self.limit is not None else None, None, None)

    @staticmethod
    def _kept(name: str, make: Callable[[], Any], inputs: Hashable = None, **_: Any) -> Any:
        return make()

    def _keeping(self, kept: Sections) -> Callable[..., Any]:
        """``_kept`` through ``kept``: a section kept comes back with its number in all, what it
        keeps to be mended and, for the follow-ups, who has one."""

        def section(name: str, make: Callable[[], Any], inputs: Hashable = None,
                    mend: Callable[[Made, set[str], set[str]], Made | None] | None = None,
                    items: Callable[[Any], set[str]] | None = None,
                    reach: Callable[[Made], set[str] | None] | None = None) -> Any:
            def made() -> Made:
                value = make()
                return Made(value, self.totals.get(name), self._followed if name == "follow_up" else None,
                            self.states.get(name))

            found = kept.section(name, made, inputs, mend, (lambda m: items(m.value)) if items else None, reach)
            if found.total is not None:
                self.totals[name] = found.total
            if found.followed is not None:
                self._followed = set(found.followed)
            return found.value

        return section


@dataclass
class Made:
    """A section as kept: its items, their number in all (with a limit), who has a follow-up
    (the follow-ups) and what it keeps to mend itself after a hard change."""

    value: Any
    total: int | None = None
    followed: set[str] | None = None
    state: Any = None


class _Changes:
    """What the hard changes since the sections kept were made can alter, for each section
    (``engines/altered.py``): the notes whose items to make again, or None (the whole section)."""

    def __init__(self, index: Index, kept: Sections | None):
        self.index = index
        self.hard = kept.hard if kept is not None else {}
        self.linked = kept.linked if kept is not None else {}

    @cached_property
    def found(self) -> Altered:
        from vaultkit.engines.altered import altered

        return altered(self.index, self.hard, self.linked)

    def none(self) -> set[str] | None:
        return None if self.hard and self.found.everything else set()

    def items(self) -> set[str] | None:
        return self.found.items() if self.hard else set()

    def tasks(self) -> set[str] | None:
        return None if self.hard and (self.found.everything or self.found.tasks) else set()

    def dated(self) -> set[str] | None:
        if not self.hard:
            return set()
        return None if self.found.everything else set(self.found.dated)

    def prepare(self, made: Made, today: str, until: str) -> set[str] | None:
        """Prepare: made again when a contact with a card is one whose items changed, or an
        event changed that was to prepare (``made.state``: the events in it, shown or not) or
        can be now (dated in the horizon, or repeating)."""
        found = self.items()
        if found is None or found & {c.path for i in made.value for c in (*i.attendees, *i.to_meet)}:
            return None
        if self.found.events:
            if made.state is None or self.found.events & made.state:
                return None
            for e in self.index.events(paths=sorted(self.found.events)):
                if e.rrule or (e.date and today <= e.date[:10] <= until):
                    return None
        return set()

    def introductions(self, read: frozenset[str] | None) -> set[str] | None:
        """Introductions: a dated heading changes how fresh a pair is with that contact, which
        matters only when its last contact was read (``Network.last_read``); a link between
        contacts' notes, who knows whom."""
        found = self.none()
        if found is None or self.found.ties or (self.found.dated and (read is None or self.found.dated & read)):
            return None
        return found


def _last_note(found: Interaction | None) -> r.LastNote | None:
    """The note of a contact's latest interaction."""
    if found is None:
        return None
    return r.LastNote(found.date, found.title, found.text, found.path, found.source)


def _clean(text: str) -> str:
    """A line of a note as shown: links as their labels, no bold marks, spaces folded."""
    return " ".join(display(text).replace("**", "").split())


def _latest_section(note: Note, today: str):
    dated = [s for s in note.sections if s.date <= today]
    return max(dated, key=lambda s: (s.date, s.line)) if dated else None


def _follow_up_order(due: str, name: str, path: str, event: dict[str, str] | None) -> tuple:
    """Where a follow-up goes in its section (the order of its items)."""
    return (due, _key(name), path, event["date"] if event else "", _key(event["title"]) if event else "")


def _pending_key(pending: tuple[str, str | None, str], name: str, events: dict[str, dict[str, str]]) -> tuple:
    """A pending follow-up ``(contact, event or None, due)`` after the key it is sorted by in
    its section (``_follow_up_order``; among equals, those of an event first, as the rule
    finds them): sorting these sorts the follow-ups, ``key[-3:]`` is the follow-up."""
    contact, event, due = pending
    return (*_follow_up_order(due, name, contact, events.get(event or "")), event is None, event or "", *pending)


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _birthday(value: str) -> tuple[int | None, int, int] | None:
    match = re.fullmatch(r"(?:(\d{4})|-)-(\d{2})-(\d{2})", value.strip())
    if not match:
        return None
    year = int(match.group(1)) if match.group(1) else None
    return year, int(match.group(2)), int(match.group(3))


def _occurrence(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # Feb 29 outside a leap year
        return dt.date(year, month, 28) if (month, day) == (2, 29) else dt.date(year, month, 1)


def _occurrences(month: int, day: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days from ``start`` to ``end`` on which a yearly ``month``-``day`` falls."""
    found = (_occurrence(y, month, day) for y in range(start.year, end.year + 1))
    return [d for d in found if start <= d <= end]


def _month_days(start: dt.date, days: int) -> set[str]:
    """``MM-DD`` of each day from ``start`` to ``start + days`` (and ``02-29`` on a Feb 28 of
    a common year)."""
    out = set()
    for n in range(days + 1):
        day = start + dt.timedelta(days=n)
        out.add(f"{day.month:02d}-{day.day:02d}")
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            out.add("02-29")
    return out


# -- the public API ---------------------------------------------------------------------------


def recent_job_changes(index: Index, today: str, paths: set[str] | None = None) -> list[tuple[str, str, Change]]:
    """``(path, day, change)`` of each contact (of ``paths``, when given) whose latest dated
    section up to ``today`` records a job change of the last ``JOB_CHANGE_DAYS`` days: a
    change nobody followed up on yet (any later section, such as ``Congratulated``, ends it)."""
    latest: dict[str, tuple[str, int, str]] = {}
    for s in index.contact_sections(_plus(today, -JOB_CHANGE_DAYS), today, paths):
        have = latest.get(s.path)
        if have is None or (s.date, s.line) > have[:2]:
            latest[s.path] = (s.date, s.line, s.title)
    out = []
    for path, (day, _, title) in latest.items():
        change = read_job_change(title)
        if change is not None:
            out.append((path, day, change))
    return out



def build_agenda(index: Index, config: Config, today: str, days: int = 7, limit: int | None = None) -> r.Agenda:
    """The agenda of ``today`` with a look-ahead of ``days`` (its JSON: ``to_json()``); with
    ``limit``, at most that many items in each section, and each section's number in all.
    Inside ``kept.keeping()``, sections no change since the last such run can have altered
    are taken as they were then (``engines/kept.py``): the same answer, made quicker."""
    from vaultkit.engines.kept import Sections, keeping_on

    engine = AgendaEngine(index, config, today, days, limit)
    if not keeping_on():
        return engine.build()
    kept = Sections.open(index, config, f"{engine.today}:{engine.days}:{engine.limit}")
    agenda = engine.build(kept)
    kept.save()
    return agenda


def prep(index: Index, config: Config, today: str, event_path: str | None = None) -> r.Prep:
    """What to prepare: the one event ``event_path`` (of any date; no item when it is no
    event), else every event of the coming week."""
    engine = AgendaEngine(index, config, today)
    if event_path is None:
        return r.Prep(engine.today, engine.prepare())
    return r.Prep(engine.today, engine.prepare(only=event_path)[:1], one=True)


def followups(index: Index, config: Config, today: str, path: str | None = None) -> r.FollowUps:
    """Pending follow-ups with drafts: all of them, or those of one event (of any age up to
    today) or one contact (with a check-in draft when nothing is pending)."""
    engine = AgendaEngine(index, config, today)
    return r.FollowUps(engine.today, _followups(engine, index, path))


def pending_follow_ups(index: Index, config: Config, today: str, event: str) -> set[str]:
    """The contacts whose follow-up after ``event`` (of any age up to ``today``) is pending:
    the rule of ``followups`` for an event, without drafting the messages."""
    pending, _ = AgendaEngine(index, config, today).pending_follow_ups(only=event, window=False)
    return {contact for contact, path, _ in pending if path == event}


def _followups(agenda: AgendaEngine, index: Index, path: str | None) -> list[r.FollowUp]:
    if path is None:
        return agenda.follow_up()
    head = index.heads([path]).get(path)
    if head and head.kind == EVENT:
        return agenda.follow_up(only=path, window=False)
    items = agenda.follow_up(only=path)
    if not items and head and head.kind == CONTACT:
        row = agenda.contacts([path]).get(path)
        if row and not row.is_me:
            items = agenda._follow_up_items([(path, None, agenda.today)], {}, manual=True)
    return items
