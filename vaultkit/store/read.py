"""The questions the index answers: every read statement of the store, one named method each.

``Reads`` is a base class of ``Index``: engines and commands call ``index.contacts()``,
``index.open_tasks(about=...)``... and get typed records back (``vaultkit.store.records``),
never rows. Nothing outside the store sees a statement, a row or a column.

Some answers are computed once per snapshot of the index (the last contact of everyone,
all the contacts) and shared by the engines of one command: a refresh or a new read
snapshot forgets them.

Two rules of the domain are decided here and nowhere else:
- whom an open task is about (``open_tasks``);
- a contact's companies, stored as a list and read as a tuple (``Contact.companies``).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from vaultkit.notes.model import BODY_FIELDS, CONTACT, EVENT, AttendeeNote, Link, Mark, Note, Problem, Section, Task
from vaultkit.notes.values import norm_key

if TYPE_CHECKING:
    from vaultkit.store.records import (
        Attendance,
        AttendeeLine,
        Backlink,
        Birthday,
        CadencedContact,
        Contact,
        ContactRef,
        DatedSection,
        Event,
        EventKey,
        EventMention,
        EventNotes,
        EventPerson,
        Identity,
        Interaction,
        KeepInTouch,
        ListedContact,
        Mention,
        NetworkPeople,
        NoteHead,
        OpenTask,
        SearchHit,
        Ties,
        UnresolvedLink,
    )

# how the edges table says where a link was written (a plain name: not a link)
_ATTENDING = ("attendees", "attendees:plain", "attendees:body")  # the last: a `- [[Name]]: ...` line
_TO_MEET = ("to_meet", "to_meet:plain")
_ATTENDING_SQL = "(" + ", ".join(f"'{f}'" for f in _ATTENDING) + ")"
_BODY_SQL = "(" + ", ".join(f"'{f}'" for f in BODY_FIELDS) + ")"  # links written in a note's body
_EVENT_FIELDS = "path, title, date, end_date, kind, status, rrule, follow_ups"
# a Contact's columns, in its order: plain values, the JSON lists decoded at once (``_LISTS``),
# and last the interests, decoded when first read
_CONTACT_FIELDS = ("path, name, norm, is_me, lang, role, cadence_days, snooze, "
                   "companies, tags, needs, offers, knows, interests")
_LISTS = slice(8, 13)
_VALUE_COLUMNS = frozenset(("needs", "offers", "interests", "tags", "role"))
# open tasks with the contact whose note holds them, if any
_TASKS = ("SELECT t.path, t.line, t.text, t.due, t.links, c.is_me, c.name FROM tasks t "
          "LEFT JOIN contacts c ON c.path = t.path WHERE t.done = 0")
# a contact's links to and from other contacts' notes, and the events they attend
_TIES = f"""
SELECT 0, e.dst, NULL, NULL, NULL, NULL FROM edges e JOIN contacts c ON c.path = e.dst
WHERE e.src = :path AND e.dst != :path
UNION ALL
SELECT 0, e.src, NULL, NULL, NULL, NULL FROM edges e JOIN contacts c ON c.path = e.src
WHERE e.dst = :path AND e.src != :path
UNION ALL
SELECT 1, e.src, ev.kind, ev.date, ev.status, lower(json_extract(n.data, '$.fields.type'))
FROM edges e JOIN events ev ON ev.path = e.src JOIN notes n ON n.path = ev.path
WHERE e.dst = :path AND e.field IN {_ATTENDING_SQL}
"""
# contacts due to keep in touch (``Reads.keep_in_touch``): each one's last contact as
# ``last_contacts`` has it (own dated sections, dated links from other notes, the
# `last_contact` field, repeating events attended: :repeated, a JSON object), then who is due
_KEEP_IN_TOUCH = """
WITH kept AS (
    SELECT c.path, c.name, c.norm, c.cadence_days, c.last_contact FROM contacts c
    WHERE c.cadence_days > 0 AND c.is_me = 0 AND (c.snooze IS NULL OR substr(c.snooze, 1, 10) <= :day)
    AND c.path NOT IN (SELECT value FROM json_each(:out))),
own AS (SELECT path, max(date) AS day FROM sections WHERE date <= :day GROUP BY path),
-- every dated link in one pass over the index of targets (it holds the dates and sources)
linked AS (SELECT dst AS path, max(date) AS day FROM edges INDEXED BY edges_dst
           WHERE date IS NOT NULL AND date <= :day AND src != dst GROUP BY dst),
seen AS MATERIALIZED (
    SELECT k.path, k.name, k.norm, k.cadence_days, max(
        coalesce(o.day, ''), coalesce(l.day, ''),
        CASE WHEN k.last_contact <= :day THEN k.last_contact ELSE '' END,
        coalesce(r.value, '')) AS last
    FROM kept k LEFT JOIN own o ON o.path = k.path LEFT JOIN linked l ON l.path = k.path
    LEFT JOIN json_each(:repeated) r ON r.key = k.path),
due AS MATERIALIZED (
    SELECT path, name, norm, cadence_days, nullif(last, '') AS last,
        CASE WHEN last = '' THEN 0 ELSE julianday(:day) - julianday(substr(last, 1, 10)) END AS days
    FROM seen)
SELECT path, name, cadence_days, last,
    CASE WHEN last IS NULL THEN :day ELSE date(:day, '-' || CAST(days AS INTEGER) || ' days',
                                               '+' || cadence_days || ' days') END AS due,
    CASE WHEN last IS NULL THEN 0 ELSE CAST(days AS INTEGER) - cadence_days END AS late,
    CASE WHEN last IS NULL THEN 1.0 ELSE days / cadence_days END AS ratio,
    count(*) OVER () AS total
FROM due WHERE last IS NULL OR days >= cadence_days
ORDER BY ratio DESC, due, norm, path
LIMIT :limit
"""
# the same for a few contacts (:only, a JSON list): their rows through the indexes, with
# their sort key's name (``Reads.keep_in_touch_of``)
_KEEP_IN_TOUCH_OF = (
    _KEEP_IN_TOUCH
    .replace("AND c.path NOT IN (SELECT value FROM json_each(:out))",
             "AND c.path IN (SELECT value FROM json_each(:only))")
    .replace("own AS (SELECT path, max(date) AS day FROM sections WHERE date <= :day GROUP BY path)",
             "own AS (SELECT path, max(date) AS day FROM sections WHERE path IN (SELECT value FROM json_each(:only)) "
             "AND date <= :day GROUP BY path)")
    .replace("linked AS (SELECT dst AS path, max(date) AS day FROM edges INDEXED BY edges_dst\n           WHERE date",
             "linked AS (SELECT dst AS path, max(date) AS day FROM edges INDEXED BY edges_dst\n"
             "           WHERE dst IN (SELECT value FROM json_each(:only)) AND date")
    .replace("count(*) OVER () AS total", "norm")
    .replace("LIMIT :limit", ""))
assert _KEEP_IN_TOUCH_OF.count(":only") == 3
# each contact's latest dated section of their own note, and latest dated link from
# another note, up to :day (``Reads.last_contacts``): one pass over each index (it holds
# the columns read)
_LAST_DAYS = """
SELECT s.path, max(s.date) FROM sections s JOIN contacts c ON c.path = s.path WHERE s.date <= :day GROUP BY s.path
UNION ALL
SELECT e.dst, max(e.date) FROM edges e INDEXED BY edges_dst JOIN contacts c ON c.path = e.dst
WHERE e.date IS NOT NULL AND e.date <= :day AND e.src != e.dst GROUP BY e.dst
"""

def _last_of(path: str, field: str) -> str:
    """The SQL of the last contact (``last_contacts``' rule, repeating events aside: '' for
    none) with the contact at ``path``, whose `last_contact` field is ``field``: their latest
    dated section, latest dated link from another note (each one search of an index) and
    the field, up to :day."""
    return (f"max(coalesce((SELECT max(s.date) FROM sections s WHERE s.path = {path} AND s.date <= :day), ''), "
            f"coalesce((SELECT e.date FROM edges e WHERE e.dst = {path} AND e.date IS NOT NULL "
            f"AND e.date <= :day AND e.src != e.dst ORDER BY e.date DESC LIMIT 1), ''), "
            f"CASE WHEN {field} <= :day THEN {field} ELSE '' END)")


_LAST_OF = (f"SELECT j.value, {_last_of('j.value', 'c.last_contact')} FROM json_each(:paths) j "
            "LEFT JOIN contacts c INDEXED BY contacts_brief ON c.path = j.value")
# keys of the answers kept for a snapshot: a day (the latest interactions up to it),
# ("last", day) (the last contacts), and this one (every contact)
_ALL_CONTACTS = ("contacts",)


class Reads:
    """The read methods of ``Index`` (which provides the connection and the snapshot memo)."""

    db: sqlite3.Connection
    _latest: dict[Any, Any]
    _texts_read: set[str] | None = None  # while ``noting_texts``: the notes whose text was read

    if TYPE_CHECKING:
        def resolve_link(self, target: str) -> str | None: ...
        def _sync_fts(self) -> None: ...

    # -- what changed ------------------------------------------------------------------

    def change_mark(self) -> str | None:
        """Where the index's change log stands (``vaultkit.store.changes``)."""
        from vaultkit.store import changes

        return changes.mark(self.db)

    def changes_since(self, mark: str) -> dict[str, bool] | None:
        """The notes changed since ``change_mark()`` was ``mark``, each with whether the
        change was hard (more than their text); None when the log cannot tell."""
        from vaultkit.store import changes

        return changes.since(self.db, mark)

    def what_changed_since(self, mark: str) -> dict[str, frozenset[str]] | None:
        """The notes changed since ``change_mark()`` was ``mark``, each with what changed in
        it (``vaultkit.store.changes.what_since``); None when the log cannot tell."""
        from vaultkit.store import changes

        return changes.what_since(self.db, mark)

    def links_changed_since(self, mark: str) -> dict[str, frozenset[str]]:
        """For each note changed since ``change_mark()`` was ``mark``, the notes whose links
        from it changed (``vaultkit.store.changes.linked_since``)."""
        from vaultkit.store import changes

        return changes.linked_since(self.db, mark)

    @contextlib.contextmanager
    def noting_texts(self) -> Iterator[set[str]]:
        """The paths of the notes whose text (body, text under dated headings) or task lines
        the answers given inside read, gathered in the set yielded: what a soft change
        (``vaultkit.store.changes``) can alter."""
        outer, seen = self._texts_read, set()
        self._texts_read = seen
        try:
            yield seen
        finally:
            self._texts_read = outer
            if outer is not None:
                outer |= seen

    def _noted(self, paths: Iterable[str]) -> None:
        if self._texts_read is not None:
            self._texts_read.update(paths)

    # -- notes -------------------------------------------------------------------------

    def note(self, path: str) -> Note | None:
        return self.notes([path]).get(path)

    def notes(self, paths: Iterable[str]) -> dict[str, Note]:
        """The notes at ``paths`` as the reader gave them (without their body)."""
        out: dict[str, Note] = {}
        for chunk in _chunks(list(paths)):
            marks = _marks(chunk)
            for path, kind, name, date, data in self.db.execute(
                    f"SELECT path, kind, name, date, data FROM notes WHERE path IN ({marks})", chunk):
                d = json.loads(data)
                out[path] = Note(path, kind, name, d["fields"], date, generated=d.get("generated", False),
                                 attendee_notes=[AttendeeNote(*a) for a in d.get("attendee_notes", ())],
                                 marks=[Mark(*m) for m in d.get("marks", ())])
            for src, target, line, fld in self.db.execute(
                    f"SELECT src, target, line, field FROM edges WHERE src IN ({marks}) "
                    "AND field != 'attendees:body' ORDER BY rowid", chunk):
                out[src].links.append(Link(target, line, fld))
            for path, date, title, text, line in self.db.execute(
                    f"SELECT path, date, title, text, line FROM sections WHERE path IN ({marks}) "
                    "ORDER BY rowid", chunk):
                out[path].sections.append(Section(date, title, text, line))
            for path, line, text, done, due, links in self.db.execute(
                    f"SELECT path, line, text, done, due, links FROM tasks WHERE path IN ({marks}) "
                    "ORDER BY rowid", chunk):
                out[path].tasks.append(Task(text, line, bool(done), due, json.loads(links)))
            for path, line, message, level in self.db.execute(
                    f"SELECT path, line, message, level FROM problems WHERE path IN ({marks}) "
                    "ORDER BY rowid", chunk):
                out[path].problems.append(Problem(path, line, message, level))
        self._noted(out)
        return out

    def fields(self, paths: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The fields of the notes at ``paths`` as the reader gave them, without the rest."""
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(sorted(set(paths))):
            for path, data in self.db.execute(
                    f"SELECT path, data FROM notes WHERE path IN ({_marks(chunk)})", chunk):
                out[path] = json.loads(data)["fields"]
        return out

    def heads(self, paths: Iterable[str]) -> dict[str, NoteHead]:
        """Kind, name and date of those of ``paths`` that are notes of the index."""
        from vaultkit.store.records import NoteHead

        out: dict[str, NoteHead] = {}
        for chunk in _chunks(sorted(set(paths))):
            for path, kind, name, date in self.db.execute(
                    f"SELECT path, kind, name, date FROM notes WHERE path IN ({_marks(chunk)})", chunk):
                out[path] = NoteHead(path, kind, name, date)
        return out

    def contacts_linked_from(self, paths: Iterable[str]) -> set[str]:
        """The contacts that the notes of ``paths`` link to."""
        out: set[str] = set()
        for chunk in _chunks(sorted(set(paths))):
            out.update(r[0] for r in self.db.execute(
                "SELECT DISTINCT e.dst FROM edges e JOIN contacts c ON c.path = e.dst "
                f"WHERE e.src IN ({_marks(chunk)})", chunk))
        return out

    def known(self, paths: Iterable[str]) -> set[str]:
        """Those of ``paths`` that the index holds."""
        out: set[str] = set()
        for chunk in _chunks(list(paths)):
            out.update(r[0] for r in self.db.execute(
                f"SELECT path FROM notes WHERE path IN ({_marks(chunk)})", chunk))
        return out

    def paths(self, kind: str | None = None) -> list[str]:
        if kind:
            return [r[0] for r in self.db.execute(
                "SELECT path FROM notes WHERE kind=? ORDER BY path", (kind,))]
        return [r[0] for r in self.db.execute("SELECT path FROM notes ORDER BY path")]

    def counts(self) -> dict[str, int]:
        """Notes of each kind, without the ones vaultkit generated (stored with no body)."""
        # each contact and event has its row, the generated notes none; counted from indexes
        # (a pass over the notes table took 0.1 s at 130,000 notes)
        contacts, events, notes, generated = self.db.execute(
            "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM notes), (SELECT count(*) FROM notes WHERE body IS NULL)").fetchone()
        return {"contact": contacts, "event": events, "note": notes - generated - contacts - events}

    def note_count(self) -> int:
        """Every note of the index, generated ones included."""
        return self.db.execute("SELECT count(*) FROM notes").fetchone()[0]

    def linked_from(self, path: str) -> list[str]:
        """The other notes that link to this one, by path."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT src FROM edges WHERE dst=? AND src != ? ORDER BY src", (path, path))]

    def backlinks(self, path: str) -> list[Backlink]:
        """Every link to this note from another one, by note and line."""
        from vaultkit.store.records import Backlink

        return [Backlink(*r) for r in self.db.execute(
            "SELECT DISTINCT src, line, coalesce(field, ''), date FROM edges WHERE dst=? AND src != ? "
            "ORDER BY src, line", (path, path))]

    def problems(self, paths: Iterable[str] | None = None, level: str | None = None) -> list[Problem]:
        """What is wrong in the notes (or in those of ``paths``; only of ``level`` when given),
        by path and line."""
        sql = "SELECT path, line, message, level FROM problems WHERE " + ("level=?" if level else "1")
        args: tuple = (level,) if level else ()
        if paths is None:
            rows = self.db.execute(f"{sql} ORDER BY path, line", args).fetchall()
        else:
            rows = []
            for chunk in _chunks(list(paths)):
                rows += self.db.execute(f"{sql} AND path IN ({_marks(chunk)})", (*args, *chunk)).fetchall()
            rows.sort(key=lambda r: (r[0], r[1]))
        return [Problem(*r) for r in rows]

    def unread_count(self) -> int:
        """How many notes could not be read (or their front matter could not): left out of
        every answer until fixed (``notes.model.UNREAD_PROBLEMS``)."""
        from vaultkit.notes.model import UNREAD_PROBLEMS

        starts = " OR ".join("substr(message, 1, ?) = ?" for _ in UNREAD_PROBLEMS)
        args = [x for p in UNREAD_PROBLEMS for x in (len(p), p)]
        return self.db.execute(f"SELECT count(DISTINCT path) FROM problems WHERE level = 'error' AND ({starts})",
                               args).fetchone()[0]

    def unresolved_links(self) -> list[UnresolvedLink]:
        """Links (not plain names) that resolve to no note, by path and line. A link in the
        tags (`categories: [[People]]`, as Obsidian's category notes are written) marks what
        the note is, and needs no note of its own."""
        from vaultkit.store.records import UnresolvedLink

        return [UnresolvedLink(*r) for r in self.db.execute(
            "SELECT DISTINCT src, line, target FROM edges WHERE dst IS NULL "
            "AND field NOT LIKE '%:plain' AND field NOT IN ('attendees:body', 'tags') "
            "ORDER BY src, line")]

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Notes matching every word of ``text``, ranked by relevance (FTS5 bm25)."""
        from vaultkit.store.records import SearchHit

        query = _fts_query(text)
        if not query:
            return []
        self._sync_fts()
        return [SearchHit(*r) for r in self.db.execute(
            "SELECT path, name, snippet(fts, 2, '[', ']', '…', 12) FROM fts WHERE fts MATCH ? "
            "ORDER BY bm25(fts, 0, 5.0, 1.0), path LIMIT ?", (query, limit))]

    def last_refresh(self) -> float | None:
        row = self.db.execute("SELECT value FROM meta WHERE key='refreshed'").fetchone()
        return float(row[0]) if row else None

    def stamp(self) -> str:
        """The index's version and last change, as one text: the same while its content is."""
        return "\0".join(f"{k}={v}" for k, v in self.db.execute(
            "SELECT key, value FROM meta WHERE key IN ('version', 'refreshed') ORDER BY key"))

    # -- contacts ----------------------------------------------------------------------

    def contacts(self, paths: Iterable[str] | None = None) -> dict[str, Contact]:
        """Contacts by path: all of them, the user included, in path order (read once per
        snapshot and shared by the engines of a command); or those of ``paths`` that are
        contacts."""
        every = self._latest.get(_ALL_CONTACTS)
        if paths is None:
            if every is None:
                rows = self.db.execute(f"SELECT {_CONTACT_FIELDS} FROM contacts").fetchall()
                rows.sort(key=_first)  # by path: quicker here than ORDER BY in SQL, and than comparing rows
                every = self._latest[_ALL_CONTACTS] = dict(zip([r[0] for r in rows], _contacts(rows), strict=True))
            return every
        if every is not None:
            return {p: every[p] for p in paths if p in every}
        rows = []
        for chunk in _chunks(sorted(set(paths))):
            rows += self.db.execute(
                f"SELECT {_CONTACT_FIELDS} FROM contacts WHERE path IN ({_marks(chunk)})", chunk).fetchall()
        return {c.path: c for c in _contacts(rows)}

    def network_people(self, paths: Iterable[str] | None = None) -> NetworkPeople:
        """Every contact (or those of ``paths``), the user included, by path: who they are, their
        name's key, needs, offers and tags only, read from one index (``contacts_brief``)
        without a pass over the contacts' rows; each distinct list decoded once."""
        from vaultkit.store.records import NetworkPeople

        sql = "SELECT path, is_me, norm, needs, offers, tags FROM contacts INDEXED BY contacts_brief"
        if paths is None:
            rows = self.db.execute(f"{sql} ORDER BY path").fetchall()
        else:
            rows = self.db.execute(f"{sql} WHERE path IN (SELECT value FROM json_each(?)) ORDER BY path",
                                   (json.dumps(sorted(set(paths))),)).fetchall()
        if not rows:
            return NetworkPeople([], [], [], [], [], [], {None: ()})
        paths_, is_me, keys, needs, offers, tags = (list(map(itemgetter(i), rows)) for i in range(6))
        return NetworkPeople(paths_, list(map(bool, is_me)), keys, needs, offers, tags, _lists(needs, offers, tags))

    def cadenced_contacts(self, paths: Iterable[str] | None = None) -> list[CadencedContact]:
        """Every contact (or those of ``paths``), the user included, by path: their name, cadence,
        companies and tags only (what health reads of everyone)."""
        from vaultkit.store.records import CadencedContact

        sql = "SELECT path, name, norm, is_me, cadence_days, companies, tags FROM contacts"
        if paths is None:
            rows = self.db.execute(sql).fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(paths))):
                rows += self.db.execute(f"{sql} WHERE path IN ({_marks(chunk)})", chunk).fetchall()
        rows.sort(key=_first)
        if not rows:
            return []
        columns = list(zip(*rows, strict=True))
        decoded = _lists(*columns[5:]).__getitem__
        return list(map(CadencedContact, *columns[:3], map(bool, columns[3]), columns[4],
                        map(decoded, columns[5]), map(decoded, columns[6])))

    def contact_values(self, columns: Iterable[str]) -> dict[str, dict[str | None, tuple[str, ...]]]:
        """The distinct values of these contact fields (``needs``, ``offers``, ``interests``,
        ``tags``: lists; ``role``: one text), each as stored → its items: many contacts share
        one, so a matcher tests each once (``contacts_holding``) instead of every contact."""
        out: dict[str, dict[str | None, tuple[str, ...]]] = {}
        for column in columns:
            if column not in _VALUE_COLUMNS:
                raise ValueError(f"not a contact list field: {column}")
            texts = [r[0] for r in self.db.execute(f"SELECT DISTINCT {column} FROM contacts")]
            if column == "role":
                out[column] = {t: (t,) if t else () for t in texts}
            else:
                decoded = _lists(texts)
                out[column] = {t: decoded[t] for t in texts}
        return out

    def contacts_holding(self, values: dict[str, Collection[str | None]]) -> set[str]:
        """The contacts (the user always among them) whose field holds one of these values as
        stored (``contact_values``): ``{column: stored values}``."""
        wheres, args = ["is_me = 1"], []
        for column, texts in values.items():
            if column not in _VALUE_COLUMNS:
                raise ValueError(f"not a contact list field: {column}")
            if texts:
                wheres.append(f"{column} IN (SELECT value FROM json_each(?))")
                args.append(json.dumps(sorted(t for t in texts if t is not None)))
        return {r[0] for r in self.db.execute(f"SELECT path FROM contacts WHERE {' OR '.join(wheres)}", args)}

    def first_met(self, as_of: str, paths: Iterable[str] | None = None) -> dict[str, str]:
        """When the user first met each contact (never the user; only those of ``paths`` when
        given) that has a day for it: their `met` field when it is a day (``2019-05-14``,
        ``2024-03``, ``2019``, ``[[2019-05-14]]``) or links an event with a date, else their
        earliest contact up to ``as_of``: a dated section of their note, a past event they
        attended, a dated contact line or done task linking them, their `last_contact` field.
        Mentions are no contact."""
        from vaultkit.notes.values import leading_day

        args = {"day": as_of, "paths": json.dumps(sorted(set(paths))) if paths is not None else None}

        def only(column: str) -> str:
            return f" AND {column} IN (SELECT value FROM json_each(:paths))" if paths is not None else ""

        earliest: dict[str, str] = {}
        for path, date in self.db.execute(
                "SELECT s.path, min(s.date) FROM sections s JOIN contacts c ON c.path=s.path "
                f"WHERE s.date <= :day AND c.is_me=0{only('s.path')} GROUP BY s.path "
                "UNION ALL SELECT e.dst, min(e.date) FROM edges e JOIN contacts c ON c.path=e.dst "
                "WHERE e.date IS NOT NULL AND e.date <= :day AND e.src != e.dst AND c.is_me=0"
                f"{only('e.dst')} GROUP BY e.dst "
                "UNION ALL SELECT path, last_contact FROM contacts "
                f"WHERE last_contact IS NOT NULL AND last_contact <= :day AND is_me=0{only('path')}", args):
            if date and (path not in earliest or date < earliest[path]):
                earliest[path] = date
        met = dict(self.db.execute(
            "SELECT e.src, min(ev.date) FROM edges e JOIN events ev ON ev.path=e.dst "
            f"WHERE e.field='met' AND ev.date IS NOT NULL{only('e.src')} GROUP BY e.src", args).fetchall())
        for path, text in self.db.execute(
                f"SELECT path, met FROM contacts WHERE met IS NOT NULL AND is_me=0{only('path')}", args):
            day = leading_day(text)
            if day:
                met[path] = day
        return {**earliest, **{path: day[:10] for path, day in met.items()}}

    def contact_named(self, name: str) -> str | None:
        """A contact whose name is ``name`` (compared as keys), if any."""
        row = self.db.execute("SELECT path FROM contacts WHERE norm=? ORDER BY path LIMIT 1",
                              (norm_key(name),)).fetchone()
        return row[0] if row else None

    def contact_listing(self, tag: str | None = None, company: str | None = None) -> list[ListedContact]:
        """Every contact but the user, for `list contacts`, by name (``norm_key``) then path;
        only those with the tag of key ``tag`` (``norm_key``), and with a company whose key
        holds ``company``, when given. Many contacts share their list of tags (or companies):
        each distinct list is compared once (the tags' from their index, ``contacts_tags``),
        and the contacts with a matching one are read."""
        from vaultkit.store.records import ListedContact

        where, args = ["is_me=0"], []
        for column, wanted, holds in (("tags", tag, lambda key, k: key == k),
                                      ("companies", company, lambda key, k: k in key)):
            if wanted is None:
                continue
            texts = [r[0] for r in self.db.execute(f"SELECT DISTINCT {column} FROM contacts WHERE is_me=0")]
            lists = _lists(texts)
            chosen = [t for t in texts if any(holds(norm_key(x), wanted) for x in lists[t])]
            where.append(f"{column} IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(chosen))
        rows = self.db.execute("SELECT path, name, norm, role, companies, emails, tags, cadence_days FROM contacts "
                               f"WHERE {' AND '.join(where)}", args).fetchall()
        if not rows:
            return []
        rows.sort(key=itemgetter(2, 0))  # by name and path: quicker than ORDER BY for a whole vault
        columns = [list(map(itemgetter(i), rows)) for i in range(8)]
        decoded = _lists(*columns[4:7]).__getitem__
        return list(map(ListedContact, *columns[:4], *(map(decoded, column) for column in columns[4:7]), columns[7]))

    def identities(self) -> list[Identity]:
        """Every contact's name, emails and LinkedIn URL, by path."""
        from vaultkit.store.records import Identity

        rows = self.db.execute(
            "SELECT path, name, norm, is_me, emails, linkedin FROM contacts ORDER BY path").fetchall()
        lists = _lists(row[4] for row in rows)
        return [Identity(path, name, key, bool(is_me), lists[emails], linkedin)
                for path, name, key, is_me, emails, linkedin in rows]

    def contact_keys(self) -> list[tuple[str, str]]:
        """Every ``(key, path)`` a contact is found by: its file name, name and aliases
        (normalised as ``norm_key``), never the user's own note."""
        return self.db.execute(
            "SELECT DISTINCT k.key, k.path FROM keys k JOIN contacts c ON c.path = k.path "
            "WHERE c.is_me = 0 ORDER BY k.key, k.path").fetchall()

    def contact_phones(self) -> list[tuple[str, str]]:
        """Every ``(phone as written, path)`` of the contacts' front matter."""
        out = []
        for path, phones in self.db.execute(
                "SELECT n.path, json_extract(n.data, '$.fields.phone') FROM notes n "
                "JOIN contacts c ON c.path = n.path WHERE c.is_me = 0 "
                "AND json_extract(n.data, '$.fields.phone') IS NOT NULL ORDER BY n.path"):
            items = json.loads(phones) if isinstance(phones, str) and phones.startswith("[") else [phones]
            out.extend((str(p), path) for p in items if p)
        return out

    def captured(self) -> set[tuple[str, str]]:
        """Every ``(path, hash)`` of an item a capture recorded in a note (the marks under its
        dated headings, notes/captured.py)."""
        return set(self.db.execute("SELECT path, hash FROM captured"))

    def follow_up_dates(self, until: str) -> dict[str, str]:
        """Contacts (never the user) with a `follow_up` day on or before ``until``: that day."""
        return dict(self.db.execute(
            "SELECT path, follow_up FROM contacts WHERE follow_up IS NOT NULL AND follow_up <= ? AND is_me=0",
            (until,)).fetchall())

    def birthdays(self, month_days: list[str] | None = None, days: int = 0) -> list[Birthday]:
        """Contacts with a birthday or important dates, never the user; when ``month_days``
        (``MM-DD``) is given, only those with a date holding one of them, or a lead time
        longer than ``days``."""
        from vaultkit.store.records import Birthday

        sql = ("SELECT path, name, birthday, lang, coalesce(remind_before, 0), dates FROM contacts "
               "WHERE (birthday IS NOT NULL OR dates IS NOT NULL) AND is_me=0")
        args: list[Any] = []
        if month_days:
            held = " OR ".join(["instr(coalesce(birthday, '') || coalesce(dates, ''), ?)"] * len(month_days))
            sql += f" AND ({held} OR reach > ?)"
            args = [*month_days, days]
        return [Birthday(*r) for r in self.db.execute(sql, args)]

    # -- interactions ------------------------------------------------------------------

    def latest_interactions(self, as_of: str) -> tuple[dict[str, tuple[str, int, int]],
                                                        dict[str, tuple[str, str]]]:
        """Per contact, up to ``as_of``: the latest dated section of their own note
        ``(date, line, rowid)``, and the latest dated link to them from another note
        ``(date, src)``. One scan, computed once per snapshot; the other answers about
        interactions are made from it."""
        cached = self._latest.get(as_of)
        if cached is None:
            # the latest by (date, line) and by (date, src), compared without making tuples:
            # tens of thousands of rows
            sections: dict[str, tuple[str, int, int]] = {}
            have_section = sections.get
            for path, date, line, rowid in self.db.execute(
                    "SELECT s.path, s.date, s.line, s.rowid FROM sections s JOIN contacts c ON c.path=s.path "
                    "WHERE s.date <= ?", (as_of,)):
                have = have_section(path)
                if have is None or date > have[0] or (date == have[0] and line > have[1]):
                    sections[path] = (date, line, rowid)
            links: dict[str, tuple[str, str]] = {}
            have_link = links.get
            for dst, date, src in self.db.execute(
                    "SELECT e.dst, e.date, e.src FROM edges e JOIN contacts c ON c.path=e.dst "
                    "WHERE e.date IS NOT NULL AND e.date <= ? AND e.src != e.dst", (as_of,)):
                found = have_link(dst)
                if found is None or date > found[0] or (date == found[0] and src > found[1]):
                    links[dst] = (date, src)
            cached = self._latest[as_of] = (sections, links)
        return cached

    def _latest_of(self, paths: list[str], as_of: str) -> tuple[dict[str, tuple[str, int, int]],
                                                                dict[str, tuple[str, str]]]:
        """``latest_interactions`` of a few contacts only (the same answer for each of them)."""
        sections: dict[str, tuple[str, int, int]] = {}
        links: dict[str, tuple[str, str]] = {}
        for path in dict.fromkeys(paths):
            row = self.db.execute(
                "SELECT s.date, s.line, s.rowid FROM sections s JOIN contacts c ON c.path = s.path "
                "WHERE s.path = ? AND s.date <= ? ORDER BY s.date DESC, s.line DESC LIMIT 1", (path, as_of)).fetchone()
            if row:
                sections[path] = row
            row = self.db.execute(
                "SELECT e.date, e.src FROM edges e JOIN contacts c ON c.path = e.dst WHERE e.dst = ? "
                "AND e.date IS NOT NULL AND e.date <= ? AND e.src != e.dst ORDER BY e.date DESC, e.src DESC LIMIT 1",
                (path, as_of)).fetchone()
            if row:
                links[path] = row
        return sections, links

    def last_contacts(self, as_of: str) -> dict[str, str]:
        """DESIGN's "last contact" of every contact that has one: the latest of their own dated
        sections, dated links to them, and their `last_contact` field, never after ``as_of``.
        Computed once per snapshot: do not change the answer."""
        key = ("last", as_of)
        out = self._latest.get(key)
        if out is None:
            out = {}
            if as_of in self._latest:  # the latest interactions are known already
                sections, links = self.latest_interactions(as_of)
                rows: Iterable[tuple[str, str]] = [*((p, s[0]) for p, s in sections.items()),
                                                   *((p, link[0]) for p, link in links.items())]
            else:  # the latest day of each, in SQL: one pass over each table
                rows = self.db.execute(_LAST_DAYS, {"day": as_of}).fetchall()
            for path, date in rows:
                if date > out.get(path, ""):
                    out[path] = date
            for path, date in self.db.execute(
                    "SELECT path, last_contact FROM contacts WHERE last_contact IS NOT NULL AND last_contact <= ?",
                    (as_of,)):
                if date > out.get(path, ""):
                    out[path] = date
            for path, date in self._repeated_contacts(as_of).items():
                if date > out.get(path, ""):
                    out[path] = date
            self._latest[key] = out
        return out

    def last_contacts_of(self, paths: Iterable[str], as_of: str) -> dict[str, str]:
        """``last_contacts`` of a few contacts (a company's people): the same rule, read
        through the indexes for them alone; the whole answer's when it is already known."""
        wanted = sorted(set(paths))
        known = self._latest.get(("last", as_of))
        if known is not None or len(wanted) > 20000:
            known = self.last_contacts(as_of)
            return {p: known[p] for p in wanted if p in known}
        out = {}
        repeated = self._repeated_contacts(as_of)
        for path, date in self.db.execute(_LAST_OF, {"paths": json.dumps(wanted), "day": as_of}):
            date = max(date, repeated.get(path, ""))
            if date:
                out[path] = date
        return out

    def keep_in_touch(self, as_of: str, leave_out: Collection[str] = (),
                      limit: int | None = None, every: set[str] | None = None) -> tuple[list[KeepInTouch], int]:
        """Contacts with a cadence (never the user, nor those of ``leave_out``, nor someone
        snoozed past ``as_of``) whose last contact (``last_contacts``' rule) plus cadence is on
        or before ``as_of``, or who were never contacted: the most overdue first (days since
        the last contact ÷ cadence; 1 for never), then by due day, name and path. Computed in
        SQL from the indexes; the first ``limit`` of them (all without), and their number.
        ``every``, when given, receives the paths of all of them (shown or beyond the limit)."""
        from vaultkit.store.records import KeepInTouch

        args = {"day": as_of, "out": json.dumps(sorted(set(leave_out))),
                "repeated": json.dumps(self._repeated_contacts(as_of)),
                "limit": -1 if limit is None or every is not None else max(1, limit)}  # one row at least
        rows = self.db.execute(_KEEP_IN_TOUCH, args).fetchall()
        total = rows[0][-1] if rows else 0
        if every is not None:
            every.update(r[0] for r in rows)
        return [KeepInTouch(*r[:-1]) for r in rows[:limit]], total

    def keep_in_touch_of(self, paths: Iterable[str], as_of: str) -> dict[str, tuple[KeepInTouch, tuple]]:
        """``keep_in_touch``'s rule for a few contacts (nobody left out): each of ``paths`` due,
        with its place in that order (a key to sort by: the most overdue first)."""
        from vaultkit.store.records import KeepInTouch

        wanted = sorted(set(paths))
        if not wanted:
            return {}
        repeated = self._repeated_contacts(as_of)
        args = {"day": as_of, "only": json.dumps(wanted),
                "repeated": json.dumps({p: repeated[p] for p in wanted if p in repeated})}
        return {r[0]: (KeepInTouch(*r[:-1]), (-r[6], r[4], r[-1], r[0]))
                for r in self.db.execute(_KEEP_IN_TOUCH_OF, args)}

    def _repeated_contacts(self, as_of: str) -> dict[str, str]:
        """The latest past occurrence (up to ``as_of``) of each repeating event attended, for
        each contact attending it (an event's own row dates its first occurrence only).
        Computed once per snapshot: do not change the answer."""
        key = ("repeated", as_of)
        if key not in self._latest:
            self._latest[key] = self._read_repeated_contacts(as_of)
        return self._latest[key]

    def _read_repeated_contacts(self, as_of: str) -> dict[str, str]:
        from vaultkit.notes.recurrence import occurrences

        out: dict[str, str] = {}
        latest: dict[str, str] = {}
        for event, rule, start in self.db.execute(
                "SELECT path, rrule, date FROM events WHERE rrule IS NOT NULL AND date <= ?", (as_of,)):
            days = occurrences(rule, start, start, as_of)
            if days:
                latest[event] = days[-1][:10]
        for chunk in _chunks(sorted(latest)):  # few events repeat: their links by the source's index
            for event, contact in self.db.execute(
                    f"SELECT e.src, e.dst FROM edges e JOIN contacts c ON c.path = e.dst "
                    f"WHERE e.src IN ({_marks(chunk)}) AND e.date IS NOT NULL AND e.field IN {_ATTENDING_SQL} "
                    "AND c.is_me = 0", chunk):
                if latest[event] > out.get(contact, ""):
                    out[contact] = latest[event]
        return out

    def last_interactions(self, paths: Iterable[str], as_of: str) -> dict[str, Interaction]:
        """The latest interaction up to ``as_of`` with each of ``paths`` that has one (fields
        aside): their own dated section, or the event or dated note linking to them, when later."""
        from vaultkit.store.records import Interaction

        paths = list(paths)
        if as_of in self._latest or len(paths) > 2000:
            sections, links = self.latest_interactions(as_of)
        else:  # a few contacts (the top of a section): their own rows, through the indexes
            sections, links = self._latest_of(paths, as_of)
        by_rowid: dict[int, str] = {}
        by_src: dict[str, list[tuple[str, str]]] = {}
        for path in paths:
            section, link = sections.get(path), links.get(path)
            if link and (section is None or link[0] > section[0]):
                by_src.setdefault(link[1], []).append((path, link[0]))
            elif section:
                by_rowid[section[2]] = path
        out: dict[str, Interaction] = {}
        for chunk in _chunks(sorted(by_rowid)):
            for rowid, date, title, text, line in self.db.execute(
                    f"SELECT rowid, date, title, text, line FROM sections WHERE rowid IN ({_marks(chunk)})", chunk):
                path = by_rowid[rowid]
                out[path] = Interaction(date, title, text, path, line, "note")
        self._noted(by_rowid.values())
        for chunk in _chunks(sorted(by_src)):
            for src, name, kind in self.db.execute(
                    f"SELECT path, name, kind FROM notes WHERE path IN ({_marks(chunk)})", chunk):
                for path, date in by_src[src]:
                    out[path] = Interaction(date, name, "", src, 0, "event" if kind == EVENT else "dated_note")
        return out

    def interactions(self, contact: str, as_of: str | None = None) -> list[Interaction]:
        """Every dated interaction with a contact, newest first; a repeating event attended
        once, at its latest occurrence up to ``as_of`` (given)."""
        from vaultkit.notes.recurrence import occurrences
        from vaultkit.store.records import Interaction

        items = [Interaction(date, title, text, contact, line, "note") for date, title, text, line in
                 self.db.execute("SELECT date, title, text, line FROM sections WHERE path=?", (contact,))]
        self._noted([contact])
        for src, date, line, kind, name, field, rule, start in self.db.execute(
                "SELECT e.src, e.date, e.line, n.kind, n.name, e.field, ev.rrule, ev.date FROM edges e "
                "JOIN notes n ON n.path=e.src LEFT JOIN events ev ON ev.path = e.src "
                "WHERE e.dst=? AND e.date IS NOT NULL AND e.src != e.dst", (contact,)):
            if rule and as_of and start and field in _ATTENDING:
                days = occurrences(rule, start, start, as_of)
                date = days[-1][:10] if days else date
            items.append(Interaction(date, name, "", src, line, "event" if kind == EVENT else "dated_note"))
        if as_of:
            items = [i for i in items if i.date <= as_of]
        seen, unique = set(), []
        for item in sorted(items, key=lambda i: (i.date, i.path, i.line), reverse=True):
            key = (item.date, item.path, item.source == "note" and item.line)
            if key not in seen:
                seen.add(key)
                unique.append(item)
        return unique

    def last_mention(self, contact: str, as_of: str) -> Mention | None:
        """The latest mention of a contact up to ``as_of`` (a line of another note that links
        them without reading as an exchange; not a line of an event they attend, which is part
        of that event), dated by the dated section holding it, else by its note's own day
        (never a contact's note: it has none)."""
        from vaultkit.store.records import Mention

        found = None
        for src, line, name, kind, note_day, section_day in self.db.execute(
                "SELECT e.src, e.line, n.name, n.kind, n.date, (SELECT s.date FROM sections s "
                "WHERE s.path = e.src AND s.line <= e.line ORDER BY s.line DESC LIMIT 1) "
                "FROM edges e JOIN notes n ON n.path = e.src "
                "WHERE e.dst = ? AND e.field = 'mention' AND e.src != e.dst AND NOT EXISTS ("
                f"SELECT 1 FROM edges a WHERE a.src = e.src AND a.dst = e.dst AND a.field IN {_ATTENDING_SQL})",
                (contact,)):
            day = (section_day or (note_day if kind != CONTACT else None) or "")[:10]
            if day and day <= as_of and (found is None or (day, src, line) > (found.date, found.path, found.line)):
                found = Mention(day, name, src, line)
        return found

    def contact_days(self, since: str, until: str, paths: Collection[str] | None = None) -> dict[str, list[str]]:
        """The days from ``since`` to ``until`` (both included) on which the user was in contact
        with each contact (never the user; only those of ``paths`` when given), each day once,
        in order: dated sections of their note, dated links to them (contact lines, done tasks,
        events attended, each occurrence of a repeating event), their `last_contact` field.
        Mentions are no contact."""
        from vaultkit.notes.recurrence import occurrences

        wanted = set(paths) if paths is not None else None

        def only(column: str) -> str:
            return f" AND {column} IN (SELECT value FROM json_each(:paths))" if wanted is not None else ""

        found: dict[str, set[str]] = {}
        for path, day in self.db.execute(
                "SELECT s.path, substr(s.date, 1, 10) FROM sections s JOIN contacts c ON c.path=s.path "
                f"WHERE c.is_me=0 AND s.date >= :since AND s.date <= :until{only('s.path')} "
                "UNION ALL SELECT e.dst, substr(e.date, 1, 10) FROM edges e JOIN contacts c ON c.path=e.dst "
                f"WHERE c.is_me=0 AND e.date >= :since AND e.date <= :until AND e.src != e.dst{only('e.dst')} "
                "UNION ALL SELECT path, last_contact FROM contacts "
                f"WHERE is_me=0 AND last_contact >= :since AND last_contact <= :until{only('path')}",
                {"since": since, "until": until + "~",
                 "paths": json.dumps(sorted(wanted)) if wanted is not None else None}):
            if day <= until:
                found.setdefault(path, set()).add(day)
        repeated: dict[str, list[str]] = {}
        for event, rule, start in self.db.execute(
                "SELECT path, rrule, date FROM events WHERE rrule IS NOT NULL AND date <= ?", (until + "~",)):
            days = [d[:10] for d in occurrences(rule, start, since, until)]
            if days:
                repeated[event] = days
        for chunk in _chunks(sorted(repeated)):
            for event, contact in self.db.execute(
                    f"SELECT DISTINCT e.src, e.dst FROM edges e JOIN contacts c ON c.path = e.dst "
                    f"WHERE e.src IN ({_marks(chunk)}) AND e.date IS NOT NULL AND e.field IN {_ATTENDING_SQL} "
                    "AND c.is_me = 0", chunk):
                if wanted is None or contact in wanted:
                    found.setdefault(contact, set()).update(repeated[event])
        return {path: sorted(days) for path, days in found.items()}

    def cadence_sources(self, paths: Iterable[str] | None = None) -> dict[str, str]:
        """Where the cadence of each contact that has one (only those of ``paths`` when given)
        comes from: ``cadence`` (their own), ``tier NAME``, or ``tag TAG (VALUE)`` (the config's
        ``cadence_by_tag``)."""
        sql = ("SELECT c.path, json_extract(n.data, '$.fields.cadence_from'), json_extract(n.data, '$.fields.tier'), "
               "json_extract(n.data, '$.fields.cadence') FROM contacts c JOIN notes n ON n.path = c.path "
               "WHERE c.cadence_days IS NOT NULL AND c.is_me = 0")
        if paths is None:
            rows = self.db.execute(sql).fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(paths))):
                rows += self.db.execute(f"{sql} AND c.path IN ({_marks(chunk)})", chunk).fetchall()
        return {path: "cadence" if own else f"tier {tier}" if tier else tag or "cadence"
                for path, tag, tier, own in rows}

    def contact_sections(self, since: str, until: str, paths: Iterable[str] | None = None) -> list[DatedSection]:
        """Dated sections of contacts' notes (never the user's) from ``since`` to ``until``
        (of the notes of ``paths`` only, when given)."""
        from vaultkit.store.records import DatedSection

        sql = ("SELECT s.path, s.date, s.title, s.text, s.line FROM sections s JOIN contacts c ON c.path = s.path "
               "WHERE c.is_me = 0 AND s.date >= ? AND s.date <= ?")
        if paths is None:
            out = [DatedSection(*r) for r in self.db.execute(sql, (since, until))]
        else:
            out = [DatedSection(*r) for chunk in _chunks(sorted(set(paths)))
                   for r in self.db.execute(f"{sql} AND s.path IN ({_marks(chunk)})", (since, until, *chunk))]
        self._noted(s.path for s in out)
        return out

    def sections_titled(self, paths: Iterable[str], prefix: str, until: str) -> list[DatedSection]:
        """The dated sections of these notes up to ``until`` whose title starts with ``prefix``
        (plain words, any case)."""
        from vaultkit.store.records import DatedSection

        pattern = f"{prefix}%"
        out = []
        for chunk in _chunks(sorted(set(paths))):
            out += [DatedSection(*r) for r in self.db.execute(
                f"SELECT path, date, title, text, line FROM sections WHERE path IN ({_marks(chunk)}) "
                "AND title LIKE ? AND date <= ?", (*chunk, pattern, until))]
        self._noted(s.path for s in out)
        return out

    def event_mentions(self, paths: Iterable[str]) -> list[EventMention]:
        """Links from the bodies of these notes to events, with their line."""
        from vaultkit.store.records import EventMention

        out = []
        for chunk in _chunks(sorted(set(paths))):
            out += [EventMention(*r) for r in self.db.execute(
                f"SELECT e.src, e.line, e.dst FROM edges e JOIN events ev ON ev.path=e.dst "
                f"WHERE e.src IN ({_marks(chunk)}) AND e.field IN {_BODY_SQL}", chunk)]
        return out

    def ties(self, contact: str) -> Ties:
        """What shows whom a contact knows: links between their note and other contacts' notes
        (either way), and the events they attended."""
        from vaultkit.store.records import AttendedEvent, Ties

        rows = self.db.execute(_TIES, {"path": contact}).fetchall()
        return Ties(tuple(other for event, other, *_ in rows if not event),
                    {other: AttendedEvent(*fields) for event, other, *fields in rows if event})

    # -- events ------------------------------------------------------------------------

    def events(self, *, paths: Iterable[str] | None = None, since: str | None = None,
               until: str | None = None, before: str | None = None,
               involving: str | None = None) -> list[Event]:
        """Events by date, then path: those of ``paths``, dated from ``since`` to ``until``
        (both included) and ``before`` that day, involving a note (the note itself, or an
        event linking to it); all of them without any of these."""
        from vaultkit.store.records import Event

        where, args = [], []
        if since is not None or until is not None or before is not None:
            where.append("date IS NOT NULL")
        for clause, value in (("date >= ?", since), ("date <= ?", until), ("date < ?", before)):
            if value is not None:
                where.append(clause)
                args.append(value)
        if involving is not None:
            where.append("(path=? OR path IN (SELECT src FROM edges WHERE dst=?))")
            args += [involving, involving]
        sql = f"SELECT {_EVENT_FIELDS} FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        if paths is None:
            rows = self.db.execute(sql + " ORDER BY date, path", args).fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(paths))):
                rows += self.db.execute(f"{sql} {'AND' if where else 'WHERE'} path IN ({_marks(chunk)})",
                                        (*args, *chunk)).fetchall()
            rows.sort(key=lambda r: (r[2] is not None, r[2] or "", r[0]))  # as SQLite orders: NULL first
        return [Event(*r) for r in rows]

    def repeating_events(self, until: str) -> list[Event]:
        """Events with a `repeat:` rule that start on or before ``until``, by date, then path."""
        from vaultkit.store.records import Event

        return [Event(*r) for r in self.db.execute(
            f"SELECT {_EVENT_FIELDS} FROM events WHERE rrule IS NOT NULL AND date IS NOT NULL "
            "AND date <= ? ORDER BY date, path", (until,))]

    def snoozes(self, since: str) -> dict[str, str]:
        """Contacts (never the user) snoozed until ``since`` or a later day: that day."""
        return dict(self.db.execute(
            "SELECT path, snooze FROM contacts WHERE snooze IS NOT NULL AND snooze >= ? AND is_me=0",
            (since,)).fetchall())

    def events_of(self, contact: str) -> list[Event]:
        """Events the contact attended, newest first."""
        from vaultkit.store.records import Event

        return [Event(*r) for r in self.db.execute(
            f"SELECT DISTINCT {', '.join('ev.' + f for f in _EVENT_FIELDS.split(', '))} FROM edges e "
            f"JOIN events ev ON ev.path=e.src WHERE e.dst=? AND e.field IN {_ATTENDING_SQL} "
            "ORDER BY ev.date DESC", (contact,))]

    def introductions(self, statuses: Iterable[str]) -> list[Event]:
        """Introduction events (``kind: introduction``) whose status is one of ``statuses``,
        by date, then path."""
        from vaultkit.store.records import Event

        wanted = sorted(set(statuses))
        if not wanted:
            return []
        return [Event(*r) for r in self.db.execute(
            f"SELECT {_EVENT_FIELDS} FROM events WHERE kind = 'introduction' AND status IN ({_marks(wanted)}) "
            "ORDER BY date, path", wanted)]

    def introductions_between(self, a: str, b: str) -> list[Event]:
        """Introduction events that have both contacts as attendees, newest first."""
        from vaultkit.store.records import Event

        return [Event(*r) for r in self.db.execute(
            f"SELECT {_EVENT_FIELDS} FROM events ev WHERE ev.kind = 'introduction' "
            "AND EXISTS (SELECT 1 FROM edges e WHERE e.src = ev.path AND e.dst = ? AND e.field LIKE 'attendees%') "
            "AND EXISTS (SELECT 1 FROM edges e WHERE e.src = ev.path AND e.dst = ? AND e.field LIKE 'attendees%') "
            "ORDER BY ev.date DESC, ev.path", (a, b))]

    def event_people(self, events: Iterable[str] | None = None) -> dict[str, list[EventPerson]]:
        """Whom each event lists (of ``events``, or every event), in the order they are
        written: attendees, people to meet there, and body lines about attendees."""
        from vaultkit.store.records import EventPerson

        fields = _ATTENDING + _TO_MEET
        sql = f"SELECT src, dst, target, field FROM edges WHERE field IN ({_marks(fields)})"
        if events is None:
            rows = self.db.execute(sql + " ORDER BY src, line, rowid", fields).fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(events))):
                rows += self.db.execute(f"{sql} AND src IN ({_marks(chunk)}) ORDER BY src, line, rowid",
                                        (*fields, *chunk)).fetchall()
        out: dict[str, list[EventPerson]] = {}
        for src, dst, target, fld in rows:
            out.setdefault(src, []).append(EventPerson(target, dst, fld in _TO_MEET, fld.endswith(":plain"),
                                                       fld == "attendees:body"))
        return out

    def attendee_lines(self, contacts: Iterable[str], until: str) -> dict[str, list[AttendeeLine]]:
        """What the bodies of the events up to ``until`` that each of ``contacts`` attended say
        about them (``- [[Name]]: ...`` lines), newest event first."""
        from vaultkit.store.records import AttendeeLine

        wanted = set(contacts)
        events: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(sorted(wanted)):
            for src, title, date in self.db.execute(
                    f"SELECT e.src, ev.title, ev.date FROM edges e JOIN events ev ON ev.path = e.src "
                    f"WHERE e.dst IN ({_marks(chunk)}) AND e.field IN {_ATTENDING_SQL} "
                    "AND substr(ev.date, 1, 10) <= ?", (*chunk, until)):
                events[src] = (title, date[:10])
        out: dict[str, list[AttendeeLine]] = {}
        for chunk in _chunks(sorted(events)):
            for src, data in self.db.execute(
                    f"SELECT path, data FROM notes WHERE path IN ({_marks(chunk)}) "
                    "AND data LIKE '%\"attendee_notes\":[[%'", chunk):
                title, date = events[src]
                for target, text, line in json.loads(data)["attendee_notes"]:
                    dst = self.resolve_link(target)
                    if dst in wanted:
                        out.setdefault(dst, []).append(AttendeeLine(dst, src, title, date, line, text))
        for lines in out.values():
            lines.sort(key=lambda a: (a.date, a.event, -a.line), reverse=True)
        return out

    def attending_contacts(self, events: Iterable[str]) -> dict[str, list[str]]:
        """The contacts (never the user) who attended each of ``events``."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(set(events))):
            for src, dst in self.db.execute(
                    f"SELECT DISTINCT e.src, e.dst FROM edges e JOIN contacts c ON c.path=e.dst "
                    f"WHERE e.src IN ({_marks(chunk)}) AND c.is_me=0 "
                    f"AND e.field IN ({_marks(_ATTENDING)})", (*chunk, *_ATTENDING)):
                out.setdefault(src, []).append(dst)
        return out

    def attendance(self, event: str, leave_out: Collection[str] = (), leave_out_key: str = "") -> Attendance:
        """How many people an event lists as attendees, and which of them are contacts;
        ``leave_out`` notes and a name of key ``leave_out_key`` are not counted."""
        from vaultkit.store.records import Attendance

        # each contact once, and each name that resolves to no note once
        sql = ("SELECT DISTINCT dst, CASE WHEN dst IS NULL THEN key END FROM edges WHERE src = ? "
               f"AND field IN {_ATTENDING_SQL} AND coalesce(dst, '') NOT IN ({_marks(leave_out)})"
               + (" AND key != ?" if leave_out_key else ""))
        who = self.db.execute(sql, (event, *leave_out, *([leave_out_key] if leave_out_key else []))).fetchall()
        return Attendance(len(who), tuple(dst for dst, _ in who if dst is not None))

    def attendee_notes(self, since: str, until: str) -> list[EventNotes]:
        """Events from ``since`` to ``until`` whose body says something about attendees."""
        from vaultkit.store.records import EventNotes

        out = []
        for path, title, date, data in self.db.execute(
                "SELECT path, name, date, data FROM notes WHERE kind = 'event' AND date >= ? AND date <= ? "
                "AND data LIKE '%\"attendee_notes\":[[%'", (since, until)):
            notes = tuple(AttendeeNote(*a) for a in json.loads(data)["attendee_notes"])
            out.append(EventNotes(path, title, date, notes))
        return out

    def event_keys(self) -> list[EventKey]:
        """Every event's calendar UID (from an import), title and date, by path."""
        from vaultkit.store.records import EventKey

        return [EventKey(path, title, date, str(uid).strip() if uid else None)
                for path, title, date, uid in self.db.execute(
                    "SELECT e.path, e.title, e.date, json_extract(n.data, '$.fields.ical_uid') FROM events e "
                    "JOIN notes n ON n.path=e.path ORDER BY e.path")]

    # -- tasks -------------------------------------------------------------------------

    def open_tasks(self, about: Iterable[str] | None = None, *, notes: Iterable[str] | None = None,
                   due_by: str | None = None, containing: Iterable[str] = (),
                   limit: int | None = None) -> list[OpenTask]:
        """Open tasks, each with the contacts it is about, by due day (undated last), note
        and line.

        The rule (DESIGN): a task in a contact's own note is about that contact; in any
        other note, the user's own included, it is about the contacts its line links (not
        every contact the note links). It is never about the user.

        ``about``: only the tasks about one of these contacts; ``notes``: only the tasks
        of these notes; ``due_by``: only the tasks due on or before that day; ``containing``:
        only the tasks whose text holds one of these words (any case, ASCII); ``limit``: the
        first ones only (read through the index of due days when ``due_by`` alone is given).
        """
        from vaultkit.store.records import ContactRef, OpenTask

        words = [f"%{w}%" for w in containing]
        has = f" AND ({' OR '.join(['t.text LIKE ?'] * len(words))})" if words else ""
        due = (" AND t.due IS NOT NULL AND t.due <= ?" if due_by else "") + has
        extra = ((due_by,) if due_by else ()) + tuple(words)
        wanted = None
        if about is not None:
            wanted = set(about)
            notes = set(wanted)  # their own notes, and the notes with tasks that link to them
            for chunk in _chunks(sorted(wanted)):
                notes.update(r[0] for r in self.db.execute(
                    # an open task's line links with the field `task` (see notes/model.py)
                    f"SELECT DISTINCT src FROM edges WHERE dst IN ({_marks(chunk)}) AND field='task' "
                    "AND src != dst", chunk))
        if notes is None and due_by and limit is not None:  # no undated task: the index's order
            rows = self.db.execute(f"{_TASKS}{due} ORDER BY t.due, t.path, t.line LIMIT ?",
                                   (*extra, limit)).fetchall()
        elif notes is None:
            rows = self.db.execute(f"{_TASKS}{due} ORDER BY t.due IS NULL, t.due, t.path, t.line",
                                   extra).fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(notes))):
                rows += self.db.execute(f"{_TASKS} AND t.path IN ({_marks(chunk)}){due}", (*chunk, *extra)).fetchall()
            rows.sort(key=lambda r: (r[3] is None, r[3] or "", r[0], r[1]))
        refs: dict[str, ContactRef] = {}
        on_line = self._contacts_on_lines(sorted({r[0] for r in rows if r[5] != 0 and r[4] != "[]"}), refs)
        owner: dict[str, tuple[ContactRef]] = {}  # a contact's note → (that contact,)
        out = []
        append, owner_of = out.append, owner.get
        for path, line, text, due_day, links, is_me, name in rows:
            people: tuple[ContactRef, ...] | None
            if is_me == 0:  # a contact's own note
                people = owner_of(path)
                if people is None:
                    people = owner[path] = (refs.get(path) or ContactRef(path, name),)
            else:
                people = on_line.get((path, line), ()) if links != "[]" else ()
            if wanted is not None and not any(p.path in wanted for p in people):
                continue
            append(OpenTask(path, line, text, due_day, people))
        out = out if limit is None else out[:limit]
        self._noted({t.path for t in out})  # their line numbers: where they are in the text
        return out

    def open_task_count(self, due_by: str) -> int:
        """How many open tasks are due on or before ``due_by`` (``open_tasks(due_by=...)``'s number)."""
        return self.db.execute("SELECT count(*) FROM tasks WHERE done = 0 AND due IS NOT NULL AND due <= ?",
                               (due_by,)).fetchone()[0]

    def _contacts_on_lines(self, srcs: list[str], refs: dict[str, ContactRef]
                           ) -> dict[tuple[str, int], tuple[ContactRef, ...]]:
        """The contacts (never the user) linked from the bodies of ``srcs``, by ``(src, line)``."""
        from vaultkit.store.records import ContactRef

        found: dict[tuple[str, int], list[ContactRef]] = {}
        for chunk in _chunks(srcs):
            for src, line, dst, name in self.db.execute(
                    f"SELECT e.src, e.line, e.dst, c.name FROM edges e JOIN contacts c ON c.path=e.dst "
                    f"WHERE e.src IN ({_marks(chunk)}) AND e.field IN {_BODY_SQL} AND c.is_me=0 "
                    "AND e.src != e.dst", chunk):
                ref = refs.get(dst)
                if ref is None:
                    ref = refs[dst] = ContactRef(dst, name)
                people = found.setdefault((src, line), [])
                if ref not in people:
                    people.append(ref)
        return {key: tuple(people) for key, people in found.items()}


def _contacts(rows: list[tuple]) -> list[Contact]:
    """Contact records of rows of ``_CONTACT_FIELDS``, made column by column (quicker than row by
    row for a whole vault)."""
    from vaultkit.store.records import Contact

    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    decoded = _lists(*columns[_LISTS]).__getitem__
    return list(map(Contact, *columns[:3], map(bool, columns[3]), *columns[4:_LISTS.start],
                    *(map(decoded, column) for column in columns[_LISTS]), columns[-1]))


def _lists(*columns: Iterable[str | None]) -> dict[str | None, tuple[str, ...]]:
    """Each distinct JSON list text of these columns → its items, as a tuple. The index writes
    these lists (of strings) itself; many contacts share the same values, and the distinct
    texts are decoded together, in one decoder call."""
    out: dict[str | None, tuple[str, ...]] = {None: (), "[]": ()}
    distinct: dict[str | None, None] = {}
    for column in columns:
        distinct.update(dict.fromkeys(column))
    texts = [text for text in distinct if text not in out]
    if texts:
        try:
            values = json.loads("[" + ",".join(texts) + "]")
        except ValueError:
            values = None
        if not isinstance(values, list) or len(values) != len(texts):
            values = [json.loads(text) for text in texts]
        out.update(zip(texts, map(tuple, values), strict=True))
    return out


_first = itemgetter(0)


def _chunks(items: list, size: int = 500) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(items: Collection) -> str:
    return ",".join("?" * len(items))


def _fts_query(text: str) -> str:
    """User text → an FTS5 query of quoted terms (no syntax errors from user input)."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip()]
    return " ".join(f'"{t}"' for t in terms)

