"""Answers for `check`, `show` and `list`: plain data (for JSON and the terminal) built from
the index's read methods."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.notes.model import CONTACT, EVENT
from vaultkit.notes.values import norm_key
from vaultkit.store.index import Index

if TYPE_CHECKING:
    from vaultkit.store.records import OpenTask


def check(index: Index, paths: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every problem in the vault: parse errors, bad values, unresolved links, duplicates;
    with ``paths`` (vault-relative), only the problems of those notes (a duplicate is
    reported on each note of the pair that is among them)."""
    items = [{"path": p.path, "line": p.line, "level": p.level, "message": p.message}
             for p in index.problems()]
    for link in index.unresolved_links():
        items.append({"path": link.path, "line": link.line, "level": "warning",
                      "message": f"link [[{link.target}]] resolves to no note"})
    items.extend(_duplicates(index))
    if paths is not None:
        chosen = set(paths)
        items = [item for item in items if item["path"] in chosen]
    else:  # a walk of the vault's folders: only for the whole vault
        from vaultkit.notes.writer import leftovers

        for rel, note in leftovers(Path(index.root)):
            whose = f"of {note} " if note else ""
            items.append({"path": rel, "line": 1, "level": "warning",
                          "message": f"a copy {whose}left by a write that was interrupted; the note is "
                                     "whole: compare the two, then delete this file"})
    items.sort(key=lambda i: (i["path"], i["line"], i["message"]))
    return items


def _duplicates(index: Index) -> list[dict[str, Any]]:
    by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for contact in index.identities():
        if contact.is_me:
            continue
        path = contact.path
        for email in contact.emails:
            by[("email", email.strip().lower())].append(path)
        if contact.linkedin:
            url = contact.linkedin.strip().lower().split("?")[0].rstrip("/").replace("http://", "https://")
            by[("LinkedIn URL", url.replace("://linkedin.", "://www.linkedin."))].append(path)
        by[("name", contact.name_key)].append(path)
    items = []
    for (what, value), paths in sorted(by.items()):
        paths = sorted(set(paths))
        if len(paths) < 2:
            continue
        for path in paths:
            others = ", ".join(p for p in paths if p != path)
            items.append({
                "path": path, "line": 1, "level": "warning" if what == "name" else "error",
                "message": f"duplicate contact: same {what} ({value}) as {others}; "
                           f"merge them with: vaultkit merge {_quoted(path)} {_quoted(others)}"
                           if len(paths) == 2 else f"duplicate contact: same {what} ({value}) as {others}",
            })
    return items


def _quoted(path: str) -> str:
    return '"' + path.replace('"', '\\"') + '"'


def contact_card(index: Index, path: str, today: str) -> dict[str, Any]:
    """Everything known about one contact."""
    note = index.note(path)
    assert note is not None
    last = index.last_contacts_of([path], today).get(path)
    return {
        "kind": CONTACT,
        "name": note.name,
        "path": path,
        "fields": note.fields,
        "last_contact": last,
        # a link that only names them: never a contact, shown apart
        "last_mention": mention.as_dict() if (mention := index.last_mention(path, today)) else None,
        "interactions": [i.as_dict() for i in index.interactions(path, today)],
        # in their own note first, then in the other notes, in the order they are written
        "open_tasks": _tasks(sorted(index.open_tasks(about=[path]), key=lambda t: (t.path != path, t.path, t.line))),
        "events": [{"date": e.date, "title": e.title, "path": e.path} for e in index.events_of(path)],
        "linked_from": index.linked_from(path),
        "problems": [str(p) for p in note.problems],
    }


def event_card(index: Index, path: str) -> dict[str, Any]:
    """Everything known about one event, attendees resolved to contacts."""
    note = index.note(path)
    assert note is not None
    attendees = []
    seen = set()
    for person in index.event_people([path]).get(path, []):
        if person.to_meet or (person.in_body and person.path is None):
            continue
        key = (person.path, person.target, person.plain, person.in_body)
        if key not in seen:
            seen.add(key)
            attendees.append({"name": person.target, "path": person.path})
    talking = defaultdict(list)
    for a in note.attendee_notes:
        talking[a.target].append(a.text)
    return {
        "kind": EVENT,
        "name": note.name,
        "path": path,
        "date": note.date,
        "fields": note.fields,
        "attendees": attendees,
        "notes_on_attendees": dict(talking),
        "open_tasks": _tasks(sorted(index.open_tasks(notes=[path]), key=lambda t: t.line)),
        "linked_from": index.linked_from(path),
        "problems": [str(p) for p in note.problems],
    }


def _tasks(tasks: list[OpenTask]) -> list[dict[str, Any]]:
    return [{"path": t.path, "line": t.line, "text": t.text, "due": t.due, "contacts": [c.path for c in t.about]}
            for t in tasks]


def list_contacts(index: Index, today: str, tag: str | None = None, company: str | None = None,
                  met_since: str | None = None) -> list[dict[str, Any]]:
    """Contacts (never the user), sorted by name, with the filters applied. ``company``: one
    of their companies contains that text."""
    listed = index.contact_listing(tag=norm_key(tag.lstrip("#")) if tag else None,
                                   company=norm_key(company) if company else None)
    if met_since:
        met = index.first_met(today, [c.path for c in listed])
        listed = [c for c in listed if met.get(c.path) and met[c.path] >= met_since]
    last = index.last_contacts_of([c.path for c in listed], today).get
    return [{"name": c.name, "path": c.path, "company": ", ".join(c.companies) or None, "role": c.role,
             "email": list(c.emails), "tags": list(c.tags), "cadence_days": c.cadence_days,
             "last_contact": last(c.path)} for c in listed]


def list_events(index: Index, tag: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
    """Events sorted by date (undated last), then title."""
    attendees = {path: [p.target for p in people if not (p.to_meet or p.in_body)]
                 for path, people in index.event_people().items()}
    out = []
    for e in index.events():
        if since and not (e.date and e.date >= since):
            continue
        out.append({"title": e.title, "path": e.path, "date": e.date, "end": e.end, "kind": e.kind,
                    "status": e.status, "attendees": attendees.get(e.path, [])})
    if tag:
        wanted = norm_key(tag.lstrip("#"))
        notes = index.notes(e["path"] for e in out)
        out = [e for e in out if wanted in {norm_key(t) for t in notes[e["path"]].fields.get("tags", [])}]
    out.sort(key=lambda e: (e["date"] is None, e["date"] or "", norm_key(e["title"]), e["path"]))
    return out
