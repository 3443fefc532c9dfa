"""The daily agenda: follow-ups, keep-in-touch, event prep, tasks, birthdays, introductions.

Whole-vault scans are SQL over the index tables; full notes are loaded only for
the items shown (follow-ups and events to prepare). Every date is ``YYYY-MM-DD``.
``T`` is the day computed for and ``H`` the look-ahead horizon in days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.engines.drafts import Drafter, at_event, event_name, first_name, join_list, language, sentence, when
from vaultkit.notes.values import DUE_RE, display, link_key, norm_key

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.notes.model import Note
    from vaultkit.store.index import Index

ATTENDING = ("attendees", "attendees:plain", "attendees:body")
TO_MEET = ("to_meet", "to_meet:plain")
SKIPPED_STATUS = ("proposed", "declined", "cancelled", "canceled")
SECTIONS = ("follow_up", "reconnect", "prepare", "tasks", "birthdays", "introductions")
DONE_TITLE = "Followed up"
RECENT_DAYS = 30  # `followup NAME` with nothing pending: a check-in draft within this, else a reconnection
GENERIC_COMPANIES = {"freelance", "independent", "self employed", "retired", "none", "student"}

_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_TASK_LINE_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX/\-]\]")
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


def _chunks(items: list, size: int = 500) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(items: list) -> str:
    return ",".join("?" * len(items))


def bullets(text: str) -> list[str]:
    """The items of a note's text: bullets (wrapped lines joined) and paragraphs; no tasks."""
    items: list[str] = []
    current: list[str] | None = None
    skipping = False
    for line in text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            current, skipping = None, False
            continue
        if _TASK_LINE_RE.match(line):
            current, skipping = None, True
            continue
        bullet = _BULLET_RE.match(line)
        if not bullet and skipping and line[:1] not in (" ", "\t"):
            current, skipping = None, False
        if bullet:
            current, skipping = [bullet.group(1).strip()], False
            items.append("")
        elif skipping and line[:1] in (" ", "\t"):
            continue  # the rest of a task
        elif current is not None:
            current.append(line.strip())
        else:
            current = [line.strip()]
            items.append("")
        if current is not None:
            items[-1] = " ".join(current)
    out = []
    for item in items:
        clean = " ".join(display(item).replace("**", "").replace("__", "").split())
        if clean:
            out.append(clean)
    return out


def task_text(text: str) -> str:
    """A task's text without its due-date marker."""
    if "📅" in text or "due" in text.lower():
        text = DUE_RE.sub("", text)
    return " ".join(text.split())


def wikilink(path: str, name: str) -> str:
    """A wikilink to a note: ``[[Name]]``, or ``[[file name|Name]]`` when they differ."""
    stem = path.rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.lower().endswith(".md") else stem
    label = re.sub(r"[\[\]|]", "", name).strip()
    return f"[[{stem}]]" if label == stem or not label else f"[[{stem}|{label}]]"


def _key(name: str) -> str:
    return norm_key(name or "")


# -- the engine ---------------------------------------------------------------------------


class Agenda:
    """Computes the sections for one day ``today`` and horizon ``days``."""

    def __init__(self, index: Index, config: Config, today: str, days: int = 7):
        self.index = index
        self.db = index.db
        self.config = config
        self.today = _day(today).isoformat()
        self.days = max(0, int(days))
        self.until = _plus(self.today, self.days)
        self.drafter = Drafter(config.templates_dir, config.language, config.me)
        self._contacts: dict[str, dict[str, Any]] = {}
        self._offering: dict[str, list[tuple[str, str, str, str, str]]] = {}
        self._offer_keys: dict[str, set[tuple[str, str]]] = {}  # offers as stored → (term, key as written)
        self._synonyms = {_key(word): _key(canon) for canon, others in config.synonyms.items()
                          for word in (canon, *others)}
        self._resolved: dict[str, str | None] = {}

    # -- data access -----------------------------------------------------------------------

    def contacts(self, paths: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Contact rows (name, is_me, lang, ...) for ``paths`` that are contacts."""
        paths = list(paths)
        missing = [p for p in set(paths) if p not in self._contacts]
        for chunk in _chunks(missing):
            for row in self.db.execute(
                    "SELECT path, name, is_me, lang, companies, role, tags "
                    f"FROM contacts WHERE path IN ({_marks(chunk)})", chunk):
                companies = json.loads(row[4])
                self._contacts[row[0]] = {"path": row[0], "name": row[1], "is_me": bool(row[2]), "lang": row[3],
                                          "company": ", ".join(companies) or None, "companies": companies,
                                          "role": row[5], "tags": row[6]}
        return {p: self._contacts[p] for p in paths if p in self._contacts}

    def latest(self, paths: set[str]) -> tuple[dict[str, tuple[str, int, int]], dict[str, tuple[str, str]]]:
        """Up to today, for each of ``paths``: the latest dated section ``(date, line, rowid)``
        and the latest dated link to it from another note ``(date, src)`` (see the index)."""
        sections, links = self.index.latest_interactions(self.today)
        return ({p: sections[p] for p in paths if p in sections},
                {p: links[p] for p in paths if p in links})

    def last_contacts(self, paths: list[str]) -> dict[str, str]:
        """DESIGN's "last contact" as of today (never after it) for each of ``paths``."""
        wanted = set(paths)
        sections, links = self.latest(wanted)
        fields = dict(self._fields_of(wanted, "last_contact"))
        return {p: d for p in wanted if (d := _last(sections.get(p), links.get(p), fields.get(p), self.today))}

    def _fields_of(self, paths: set[str], column: str) -> Iterator[tuple[str, str]]:
        for chunk in _chunks(sorted(paths)):
            yield from self.db.execute(
                f"SELECT path, {column} FROM contacts WHERE path IN ({_marks(chunk)}) AND {column} IS NOT NULL",
                chunk)

    def done_marks(self, paths: list[str]) -> dict[str, list[tuple[str, set[str]]]]:
        """``Followed up`` sections of each contact up to today: ``(date, events it links to)``."""
        marks: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
        lines: dict[tuple[str, int], set[str]] = {}
        for chunk in _chunks(sorted(set(paths))):
            rows = self.db.execute(
                f"SELECT path, date, line, title FROM sections WHERE path IN ({_marks(chunk)}) "
                "AND title LIKE 'followed up%' AND date <= ?", (*chunk, self.today)).fetchall()
            rows = [r for r in rows if _DONE_RE.match(r[3])]
            if not rows:
                continue
            for path, _date, line, _ in rows:
                lines[(path, line)] = set()
            srcs = sorted({r[0] for r in rows})
            for src, line, dst in self.db.execute(
                    f"SELECT e.src, e.line, e.dst FROM edges e JOIN events ev ON ev.path=e.dst "
                    f"WHERE e.src IN ({_marks(srcs)}) AND e.field=''", srcs):
                if (src, line) in lines:
                    lines[(src, line)].add(dst)
            for path, date, line, _ in rows:
                marks[path].append((date, lines[(path, line)]))
        return marks

    def resolve(self, target: str) -> str | None:
        key = link_key(target)
        if key not in self._resolved:
            self._resolved[key] = self.index.resolve_link(target)
        return self._resolved[key]

    def offering(self, term: str) -> list[tuple[str, str, str, str, str]]:
        """``(name key, path, name, company, offers as stored)`` of the contacts offering ``term``,
        sorted by name; each list made on first use."""
        found = self._offering.get(term)
        if found is None:
            by_offers, with_term = self._offers
            found = self._offering[term] = sorted(
                entry for offers in with_term.get(term, ()) for entry in by_offers[offers])
        return found

    @cached_property
    def _offers(self) -> tuple[dict[str, list[tuple[str, str, str, str, str]]], dict[str, list[str]]]:
        """Who offers what: the contacts of each offers list as stored (contacts share the same
        lists), and the lists that hold each term (a list twice when it holds the term twice)."""
        by_offers: dict[str, list[tuple[str, str, str, str, str]]] = defaultdict(list)
        for path, name, norm, companies, offers in self.db.execute(
                "SELECT path, name, norm, companies, offers FROM contacts WHERE is_me=0 AND offers IS NOT NULL"):
            if offers and offers != "[]":
                company = ", ".join(json.loads(companies)) if companies != "[]" else ""
                by_offers[offers].append((norm, path, name, company, offers))  # norm: the name's key
        with_term: dict[str, list[str]] = defaultdict(list)
        for offers in by_offers:
            terms = self._offer_terms(offers)
            self._offer_keys[offers] = set(terms)
            for term, _ in terms:
                with_term[term].append(offers)
        return by_offers, with_term

    def _offer_terms(self, offers: str) -> list[tuple[str, str]]:
        """``(term, key as written)`` of each offer of a JSON list (synonyms applied to the term)."""
        out = []
        for offer in json.loads(offers):
            offer = str(offer)
            key = _key(display(offer) if "[[" in offer else offer)
            term = self._synonyms.get(key, key)
            if term:
                out.append((term, key))
        return out

    def helper(self, path: str, needs: list[str], knows: set[str]) -> tuple[str, str, str] | None:
        """``(need, helper name, helper company)``: someone in the vault offering what they
        need, the same words before synonyms, then by name."""
        if not needs:
            return None
        for need in needs:
            key = _key(display(need))
            term = self._synonyms.get(key, key)
            first = None
            for _, hpath, name, company, offers in self.offering(term):
                if hpath == path or hpath in knows:
                    continue
                if (term, key) in self._offer_keys[offers]:  # offered in the same words
                    return need, name, company
                first = first or (need, name, company)
            if first:
                return first
        return None

    # -- follow_up -------------------------------------------------------------------------

    def follow_up(self, only: str | None = None, window: bool = True) -> list[dict[str, Any]]:
        """Attendees of recent events not seen since, and contacts whose `follow_up` is near.

        ``only`` restricts to one event or contact; without ``window`` an event of any
        age up to today counts (for ``vaultkit followup EVENT``).
        """
        t = self.today
        sql = "SELECT path, title, date, status, kind FROM events WHERE date IS NOT NULL AND date <= ?"
        args: list[Any] = [t]
        if window:
            sql += " AND date < ? AND date >= ?"
            args += [t, _plus(t, -self.config.follow_up_window)]
        if only is not None:
            sql += " AND (path=? OR path IN (SELECT src FROM edges WHERE dst=?))"
            args += [only, only]
        events = {r[0]: {"title": r[1], "date": r[2][:10], "kind": r[4]} for r in self.db.execute(sql, args)
                  if (r[3] or "") not in SKIPPED_STATUS and r[4] != "introduction"}
        pairs: list[tuple[str, str]] = []
        if events:
            paths = sorted(events)
            for chunk in _chunks(paths):
                for src, dst in self.db.execute(
                        f"SELECT DISTINCT e.src, e.dst FROM edges e JOIN contacts c ON c.path=e.dst "
                        f"WHERE e.src IN ({_marks(chunk)}) AND c.is_me=0 "
                        f"AND e.field IN ({_marks(list(ATTENDING))})", (*chunk, *ATTENDING)):
                    if only is None or only in (src, dst):
                        pairs.append((dst, src))
        field_rows = self.db.execute(
            "SELECT path, follow_up FROM contacts WHERE follow_up IS NOT NULL AND follow_up <= ? AND is_me=0",
            (self.until,)).fetchall()
        if only is not None:
            field_rows = [r for r in field_rows if r[0] == only]
        people = sorted({c for c, _ in pairs} | {r[0] for r in field_rows})
        if not people:
            return []
        last = self.last_contacts(people)
        done = self.done_marks(people)
        pending: list[tuple[str, str | None, str]] = []  # (contact, event path or None, due)
        for contact, event in sorted(set(pairs)):
            e_date = events[event]["date"]
            if last.get(contact, "") > e_date:
                continue  # an interaction after the event's day
            if any(d >= e_date and (event in linked or not linked) for d, linked in done.get(contact, [])):
                continue  # a done mark for this event (or a plain one) on or after its day
            pending.append((contact, event, _plus(e_date, self.config.follow_up_days)))
        for contact, date in field_rows:
            date = date[:10]
            if last.get(contact, "") >= date:
                continue
            start = _plus(date, -self.config.follow_up_window)
            if any(d >= start for d, _ in done.get(contact, [])):
                continue
            pending.append((contact, None, date))
        return self._follow_up_items(pending, events)

    def _follow_up_items(self, pending: list[tuple[str, str | None, str]],
                         events: dict[str, dict[str, str]], manual: bool = False) -> list[dict[str, Any]]:
        if not pending:
            return []
        rows = self.contacts(c for c, _, _ in pending)
        notes = self.index.notes({c for c, _, _ in pending} | {e for _, e, _ in pending if e})
        items = []
        for contact, event, due in pending:
            note = notes.get(contact)
            row = rows.get(contact)
            if note is None or row is None:
                continue
            needs = [display(n) for n in note.fields.get("needs", [])]
            knows = {p for p in (self.resolve(k) for k in note.fields.get("knows", [])) if p}
            help_ = self.helper(contact, needs, knows)
            facts: dict[str, Any] = {"first_name": first_name(row["name"]), "name": row["name"]}
            lang = self.drafter_lang(row["lang"])
            if help_:
                facts.update(help_need=help_[0], helper=help_[1], helper_first=first_name(help_[1]),
                             helper_company=help_[2] or None)
            facts["needs"] = join_list(needs, lang)
            if event:
                enote = notes.get(event)
                e_date = events[event]["date"]
                points = self.event_points(enote, contact) if enote else []
                points += [b for s in note.sections if s.date == e_date for b in bullets(s.text)]
                ev = events[event]
                facts.update(event=event_name(ev["title"]), at_event=at_event(ev["title"], ev["kind"], lang),
                             when=when(e_date, self.today, lang),
                             point=sentence(points[0]) if points else None)
                kind = "followup"
            else:
                latest = _latest_section(note, self.today)
                points = bullets(latest.text) if latest else []
                facts.update(last_when=when(latest.date, self.today, lang) if latest else None,
                             last_topic=latest.title if latest else None,
                             point=sentence(points[0]) if points else None)
                kind = "checkin"
                if manual:  # no promise pending: a check-in when recent, else a reconnection
                    seen = self.last_contacts([contact]).get(contact)
                    if seen is None or (_day(self.today) - _day(seen)).days >= RECENT_DAYS:
                        kind = "reconnect"
            if needs:
                points.append("Needs: " + ", ".join(needs))
            items.append({
                "contact": row["name"],
                "path": contact,
                "event": events[event]["title"] if event else None,
                "event_path": event,
                "event_date": events[event]["date"] if event else None,
                "due": due,
                "overdue": due < self.today,
                "lang": lang,
                "talking_points": _unique(points),
                "draft": self.drafter.draft(kind, lang, facts),
            })
        items.sort(key=lambda i: (i["due"], _key(i["contact"]), i["path"], i["event_date"] or "",
                                  _key(i["event"] or "")))
        return items

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

    def reconnect(self, exclude: set[str]) -> list[dict[str, Any]]:
        """Contacts with a cadence whose last contact + cadence is on or before today."""
        t = self.today
        rows = [r for r in self.db.execute(
            "SELECT path, name, norm, cadence_days, snooze, last_contact FROM contacts "
            "WHERE cadence_days > 0 AND is_me=0") if r[0] not in exclude and not (r[4] and r[4][:10] > t)]
        if not rows:
            return []
        sections, links = self.index.latest_interactions(t)
        now = _ordinal(t)
        due_rows = []
        for path, name, norm, cadence, _snooze, field in rows:  # norm: the name's key
            section, link = sections.get(path), links.get(path)
            seen = _last(section, link, field, t)
            if seen:
                days = now - _ordinal(seen)
                if days < cadence:
                    continue
                due, late, ratio = _iso(now - days + cadence), days - cadence, days / cadence
            else:
                due, late, ratio = t, 0, 1.0
            due_rows.append((-ratio, due, norm, path, name, cadence, seen, late, section, link))
        due_rows.sort()
        notes = self._last_notes([(r[3], r[8], r[9]) for r in due_rows])
        return [{
            "contact": name,
            "path": path,
            "last_contact": seen,
            "cadence_days": cadence,
            "due": due,
            "overdue_days": late,
            "overdue_ratio": round(-neg_ratio, 3),
            "last_note": notes.get(path),
        } for neg_ratio, due, _, path, name, cadence, seen, late, _s, _l in due_rows]

    def _last_notes(self, items: list[tuple[str, Any, Any]]) -> dict[str, dict[str, Any]]:
        """The latest interaction's note for each ``(path, latest section, latest link)``:
        their own dated section, or the event or dated note linking to them, when later."""
        by_rowid: dict[int, str] = {}
        by_src: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for path, section, link in items:
            if link and (section is None or link[0] > section[0]):
                by_src[link[1]].append((path, link[0]))
            elif section:
                by_rowid[section[2]] = path
        out: dict[str, dict[str, Any]] = {}
        ids = sorted(by_rowid)
        for chunk in _chunks(ids):
            for rowid, date, title, text in self.db.execute(
                    f"SELECT rowid, date, title, text FROM sections WHERE rowid IN ({_marks(chunk)})", chunk):
                path = by_rowid[rowid]
                out[path] = {"date": date, "title": title, "text": text, "path": path, "source": "note"}
        srcs = sorted(by_src)
        for chunk in _chunks(srcs):
            for src, name, kind in self.db.execute(
                    f"SELECT path, name, kind FROM notes WHERE path IN ({_marks(chunk)})", chunk):
                for path, date in by_src[src]:
                    out[path] = {"date": date, "title": name, "text": "", "path": src,
                                 "source": "event" if kind == "event" else "mention"}
        return out





    # -- prepare ---------------------------------------------------------------------------

    def prepare(self, only: str | None = None) -> list[dict[str, Any]]:
        """Events from today to today + days (or the one event ``only``), with what to know."""
        if only is not None:
            rows = self.db.execute("SELECT path FROM events WHERE path=?", (only,)).fetchall()
        else:
            rows = self.db.execute(
                "SELECT path FROM events WHERE date >= ? AND date <= ?", (self.today, self.until)).fetchall()
        paths = [r[0] for r in rows]
        if not paths:
            return []
        notes = self.index.notes(paths)
        links: dict[str, list[tuple[str | None, str, str]]] = defaultdict(list)
        for chunk in _chunks(paths):
            fields = ATTENDING + TO_MEET
            for src, dst, target, fld in self.db.execute(
                    f"SELECT src, dst, target, field FROM edges WHERE src IN ({_marks(chunk)}) "
                    f"AND field IN ({_marks(list(fields))}) ORDER BY src, line, rowid", (*chunk, *fields)):
                links[src].append((dst, target, fld))
        known = {dst for items in links.values() for dst, _, _ in items if dst}
        rows_c = self.contacts(known)
        people = sorted(p for p, r in rows_c.items() if not r["is_me"])
        cards = self.cards(people) if people else {}
        items = []
        for path in paths:
            note = notes.get(path)
            if note is None:
                continue
            items.append(self._prepare_item(note, links.get(path, []), rows_c, cards))
        items.sort(key=lambda i: (i["date"] or "", i["time"] or "", _key(i["event"]), i["path"]))
        return items

    def _prepare_item(self, note: Note, links: list[tuple[str | None, str, str]],
                      rows: dict[str, dict[str, Any]], cards: dict[str, dict[str, Any]]) -> dict[str, Any]:
        attendees: list[str] = []
        to_meet: list[str] = []
        unknown: list[str] = []
        to_meet_text: list[str] = []
        for dst, target, fld in links:
            row = rows.get(dst) if dst else None
            if row is not None and row["is_me"]:
                continue
            if row is not None:
                bucket = to_meet if fld in TO_MEET else attendees
                if dst not in attendees and dst not in to_meet:
                    bucket.append(dst)
                continue
            if fld == "attendees:body":
                continue  # a body line about something that is not a contact
            name = display(target) if "[[" in target else target.strip()
            if fld in TO_MEET:
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
        return {
            "event": note.name,
            "path": note.path,
            "date": note.date,
            "time": date[11:16] if date and len(date) > 10 else None,
            "end": (f.get("end") or "")[:10] or None,
            "location": f.get("location"),
            "kind": f.get("kind"),
            "goals": [display(g) for g in f.get("goals", [])],
            "attendees": [dict(cards[p], notes_here=points.get(p, [])) for p in attendees if p in cards],
            "to_meet": [dict(cards[p], notes_here=points.get(p, [])) for p in to_meet if p in cards],
            "unknown_attendees": unknown,
            "worth_meeting": self.worth_meeting(to_meet, to_meet_text, set(attendees) | set(to_meet)),
        }

    def cards(self, paths: list[str]) -> dict[str, dict[str, Any]]:
        """What to know about each contact before meeting them."""
        rows = self.contacts(paths)
        notes = self.index.notes(paths)
        last = self.last_contacts(paths)
        tasks = self.tasks_about(paths)
        out = {}
        for path in paths:
            note, row = notes.get(path), rows.get(path)
            if note is None or row is None:
                continue
            recent = sorted((s for s in note.sections if s.date <= self.today),
                            key=lambda s: (s.date, s.line), reverse=True)[:2]
            out[path] = {
                "contact": row["name"],
                "path": path,
                "company": row["company"],
                "role": row["role"],
                "last_contact": last.get(path),
                "notes": [{"date": s.date, "title": s.title, "points": bullets(s.text)} for s in recent],
                "needs": [display(x) for x in note.fields.get("needs", [])],
                "offers": [display(x) for x in note.fields.get("offers", [])],
                "open_tasks": tasks.get(path, []),
            }
        return out

    def worth_meeting(self, to_meet: list[str], texts: list[str], present: set[str]) -> list[dict[str, Any]]:
        """People in the vault sharing a company or a tag with someone to meet there."""
        if not to_meet and not texts:
            return []
        wanted_companies: dict[str, str] = {}
        wanted_tags: dict[str, str] = {}
        for row in self.contacts(to_meet).values():
            for company in row["companies"]:
                if _key(company) and _key(company) not in GENERIC_COMPANIES:
                    wanted_companies[_key(company)] = row["name"]
            for tag in json.loads(row["tags"] or "[]"):
                wanted_tags.setdefault(_key(tag), row["name"])
        words = [f" {_key(t)} " for t in texts]
        found: dict[str, dict[str, Any]] = {}
        for path, name, companies, tags in self.db.execute(
                "SELECT path, name, companies, tags FROM contacts WHERE is_me=0"):
            if path in present:
                continue
            reasons: list[str] = []
            for comp in json.loads(companies) if companies != "[]" else ():
                key = _key(comp)
                if not key or key in GENERIC_COMPANIES:
                    continue
                if key in wanted_companies:
                    reasons.append(f"works at {comp} like {wanted_companies[key]}")
                elif len(key) >= 3 and any(f" {key} " in w for w in words):
                    reasons.append(f"works at {comp}")
            score = 2 * len(reasons)
            for tag in json.loads(tags or "[]"):
                if _key(tag) in wanted_tags:
                    reasons.append(f"tagged {tag} like {wanted_tags[_key(tag)]}")
                    score += 1
            if reasons:
                found[path] = {"contact": name, "path": path, "reasons": reasons, "score": score}
        ranked = sorted(found.values(), key=lambda i: (-i["score"], _key(i["contact"]), i["path"]))[:5]
        for item in ranked:
            del item["score"]
        return ranked

    # -- tasks -----------------------------------------------------------------------------

    def tasks(self) -> list[dict[str, Any]]:
        """Open tasks due on or before today + days, overdue first, with whom they are about."""
        t = self.today
        items = []
        for task in self.index.open_tasks(due_by=self.until):
            people = task.about if len(task.about) < 2 else sorted(task.about, key=lambda c: (_key(c.name), c.path))
            items.append({"text": task_text(task.text), "due": task.due, "overdue": task.due < t,
                          "path": task.path, "line": task.line, "contacts": [c.name for c in people],
                          "contact_paths": [c.path for c in people]})
        return items

    def tasks_about(self, paths: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Open tasks about each contact (the store's rule), soonest due first."""
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        wanted = set(paths)
        for task in self.index.open_tasks(about=wanted):
            text = task_text(task.text)
            for contact in task.about:
                if contact.path in wanted:
                    out[contact.path].append({"text": text, "due": task.due, "path": task.path, "line": task.line})
        return out

    # -- birthdays -------------------------------------------------------------------------

    def birthdays(self) -> list[dict[str, Any]]:
        """Birthdays from today to today + days; Feb 29 falls on Feb 28 in other years."""
        start = _day(self.today)
        window: dict[tuple[int, int], dt.date] = {}
        for n in range(self.days + 1):
            day = start + dt.timedelta(days=n)
            window[(day.month, day.day)] = day
            if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
                window[(2, 29)] = day
        items = []
        sql = "SELECT path, name, birthday, lang FROM contacts WHERE birthday IS NOT NULL AND is_me=0"
        month_days: list[str] = []
        if self.days <= 31:  # a short window: only the birthdays whose text holds one of its days
            month_days = [f"{month:02d}-{day:02d}" for month, day in window]
            sql += f" AND ({' OR '.join(['instr(birthday, ?)'] * len(month_days))})"
        for path, name, birthday, lang in self.db.execute(sql, month_days):
            parsed = _birthday(birthday)
            if parsed is None:
                continue
            year, month, day = parsed
            if self.days >= 366:
                occurrences = [_occurrence(y, month, day) for y in range(start.year, _day(self.until).year + 1)]
                occurrences = [d for d in occurrences if start <= d <= _day(self.until)]
            else:
                hit = window.get((month, day))
                occurrences = [hit] if hit else []
            for occurs in occurrences:
                age = occurs.year - year if year and occurs.year >= year else None
                items.append({
                    "contact": name,
                    "path": path,
                    "date": occurs.isoformat(),
                    "age": age,
                    "draft": self.drafter.draft("birthday", self.drafter_lang(lang), {"first_name": first_name(name),
                                                                                       "age": age}),
                })
        items.sort(key=lambda i: (i["date"], _key(i["contact"]), i["path"]))
        return items

    # -- introductions ---------------------------------------------------------------------

    def introductions(self) -> list[dict[str, Any]]:
        """The top introduction suggestions (empty while the introductions engine is absent)."""
        try:
            from vaultkit.engines import intros  # type: ignore[attr-defined]
        except ModuleNotFoundError as exc:
            if exc.name in ("vaultkit.engines.intros", "intros"):
                return []
            raise
        return list(intros.suggest(self.index, self.config, self.today, limit=3))

    # -- everything ------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        follow = self.follow_up()
        return {
            "date": self.today,
            "days": self.days,
            "follow_up": follow,
            "reconnect": self.reconnect({i["path"] for i in follow}),
            "prepare": self.prepare(),
            "tasks": self.tasks(),
            "birthdays": self.birthdays(),
            "introductions": self.introductions(),
        }


def _last(section: tuple | None, link: tuple | None, field: str | None, today: str) -> str | None:
    """The latest of a dated section, a dated link and the `last_contact` field, never after today."""
    latest = section[0] if section else None
    if link and (latest is None or link[0] > latest):
        latest = link[0]
    if field and field[:10] <= today and (latest is None or field[:10] > latest):
        latest = field[:10]
    return None if latest is None else latest[:10]


def _latest_section(note: Note, today: str):
    dated = [s for s in note.sections if s.date <= today]
    return max(dated, key=lambda s: (s.date, s.line)) if dated else None


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


# -- the public API ---------------------------------------------------------------------------


def build_agenda(index: Index, config: Config, today: str, days: int = 7) -> dict[str, Any]:
    """The agenda of ``today`` with a look-ahead of ``days``: the JSON object of the docs."""
    return Agenda(index, config, today, days).build()


def prep(index: Index, config: Config, event_path: str, today: str) -> dict[str, Any] | None:
    """The prepare item of one event (any date), or None when ``event_path`` is no event."""
    items = Agenda(index, config, today).prepare(only=event_path)
    return items[0] if items else None


def followups(index: Index, config: Config, today: str, path: str | None = None) -> list[dict[str, Any]]:
    """Pending follow-ups with drafts: all of them, or those of one event (of any age up to
    today) or one contact (with a check-in draft when nothing is pending)."""
    agenda = Agenda(index, config, today)
    if path is None:
        return agenda.follow_up()
    kind = index.db.execute("SELECT kind FROM notes WHERE path=?", (path,)).fetchone()
    if kind and kind[0] == "event":
        return agenda.follow_up(only=path, window=False)
    items = agenda.follow_up(only=path)
    if not items and kind and kind[0] == "contact":
        row = agenda.contacts([path]).get(path)
        if row and not row["is_me"]:
            items = agenda._follow_up_items([(path, None, agenda.today)], {}, manual=True)
    return items


def agenda_path(config: Config, today: str, path: str | Path | None = None) -> Path:
    """Where ``--write`` puts the agenda: PATH (relative to the vault), else the day's daily
    note when ``daily_note`` is set, else ``agenda_note`` at the vault root."""
    if path is not None and str(path) != "":
        p = Path(path).expanduser()
        return p if p.is_absolute() else config.vault / p
    if config.daily_note:
        return config.vault / config.daily_note.replace("{date}", today)
    return config.vault / config.agenda_note


def write_agenda(index: Index, config: Config, today: str, path: Path | None = None, days: int = 7) -> bool:
    """Write the markdown agenda (marked as generated) at ``path`` or the configured place;
    True when the file changed (an unchanged agenda is not rewritten)."""
    from vaultkit.notes.writer import write_generated
    from vaultkit.render.agenda_markdown import render_markdown

    agenda = build_agenda(index, config, today, days)
    return write_generated(agenda_path(config, today, path), render_markdown(agenda))
