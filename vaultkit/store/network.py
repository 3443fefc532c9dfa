"""The index's answers about who is linked to whom: `knows` and `introduced_by` fields
between contacts, and who attended which event with how many people. Plain records; the
rules (which events are small enough to have met there) are the engine's
(``vaultkit.engines.network``)."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from vaultkit.store.index import Index

# the edges' fields of a contact's `knows` and `introduced_by` (a plain name: not a link)
_LINK_FIELDS = ("knows", "knows:plain", "introduced_by", "introduced_by:plain")
_ATTENDING = ("attendees", "attendees:plain", "attendees:body")


@dataclass(frozen=True, slots=True)
class FieldLink:
    """A contact's `knows` or `introduced_by` entry that names another contact."""

    src: str
    dst: str
    field: str  # ``knows`` or ``introduced_by``
    line: int


@dataclass(frozen=True, slots=True)
class Gathering:
    """An event up to a day, with how many people it lists (by link or by name, the user
    left out) and the contacts among them."""

    path: str
    title: str
    date: str
    kind: str | None
    status: str | None
    type: str | None
    people: int
    contacts: tuple[str, ...]


def field_links(index: Index, paths: Collection[str] | None = None) -> list[FieldLink]:
    """Every `knows` and `introduced_by` entry of a contact's note that resolves to another
    contact's note (only those from or to one of ``paths`` when given), by source, line and
    target."""
    marks = ",".join("?" * len(_LINK_FIELDS))
    only, args = "", ()
    if paths is not None:
        only = (" AND (e.src IN (SELECT value FROM json_each(?)) OR e.dst IN (SELECT value FROM json_each(?)))")
        args = (json.dumps(sorted(paths)),) * 2
    rows = index.db.execute(
        "SELECT e.src, e.dst, e.field, e.line FROM edges e JOIN contacts a ON a.path = e.src "
        f"JOIN contacts b ON b.path = e.dst WHERE e.field IN ({marks}) AND e.src != e.dst{only} "
        "ORDER BY e.src, e.line, e.dst", (*_LINK_FIELDS, *args)).fetchall()
    return [FieldLink(src, dst, field.split(":")[0], line) for src, dst, field, line in rows]


def gatherings(index: Index, until: str, leave_out: frozenset[str] = frozenset(),
               leave_out_key: str = "", attended_by: Collection[str] | None = None) -> list[Gathering]:
    """Every dated event up to ``until`` with at least one contact among its attendees (one
    of ``attended_by`` when given), by date and path; ``leave_out`` notes and a name of key
    ``leave_out_key`` (the user) are neither counted nor listed."""
    marks = ",".join("?" * len(_ATTENDING))
    only, args = "", ()
    if attended_by is not None:
        only = (" AND ev.path IN (SELECT src FROM edges WHERE dst IN (SELECT value FROM json_each(?)) "
                f"AND field IN ({marks}))")
        args = (json.dumps(sorted(attended_by)), *_ATTENDING)
    rows = index.db.execute(
        "SELECT ev.path, ev.title, ev.date, ev.kind, ev.status, "
        "lower(json_extract(n.data, '$.fields.type')), e.dst, e.key, c.path IS NOT NULL "
        "FROM events ev JOIN notes n ON n.path = ev.path JOIN edges e ON e.src = ev.path "
        "LEFT JOIN contacts c ON c.path = e.dst "
        f"WHERE ev.date IS NOT NULL AND substr(ev.date, 1, 10) <= ? AND e.field IN ({marks}){only} "
        "ORDER BY ev.date, ev.path, e.line, e.rowid", (until, *_ATTENDING, *args)).fetchall()
    out: list[Gathering] = []
    head: tuple | None = None
    seen: set = set()
    contacts: list[str] = []
    for path, title, date, kind, status, type_, dst, key, is_contact in rows:
        if head is None or head[0] != path:
            if head is not None:
                out.append(Gathering(*head, len(seen), tuple(contacts)))
            head, seen, contacts = (path, title, date, kind, status, type_), set(), []
        if dst in leave_out or (dst is None and leave_out_key and key == leave_out_key):
            continue
        who = dst if dst is not None else ("", key)
        if who in seen:
            continue
        seen.add(who)
        if is_contact:
            contacts.append(dst)
    if head is not None:
        out.append(Gathering(*head, len(seen), tuple(contacts)))
    return [g for g in out if g.contacts]
