"""Answers for `check`, `show` and `list`: plain data built from the index."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from vaultkit.notes.model import CONTACT, EVENT
from vaultkit.notes.values import norm_key
from vaultkit.store.index import Index

if TYPE_CHECKING:
    from vaultkit.store.records import OpenTask


def check(index: Index) -> list[dict[str, Any]]:
    """Every problem in the vault: parse errors, bad values, unresolved links, duplicates."""
    items = [{"path": p, "line": line, "level": level, "message": msg}
             for p, line, msg, level in index.problems()]
    for src, line, target in index.unresolved_links():
        items.append({"path": src, "line": line, "level": "warning",
                      "message": f"link [[{target}]] resolves to no note"})
    items.extend(_duplicates(index))
    items.sort(key=lambda i: (i["path"], i["line"], i["message"]))
    return items


def _duplicates(index: Index) -> list[dict[str, Any]]:
    by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path, norm, emails, linkedin in index.db.execute(
            "SELECT path, norm, emails, linkedin FROM contacts WHERE is_me=0"):
        for email in json.loads(emails):
            by[("email", email.strip().lower())].append(path)
        if linkedin:
            url = linkedin.strip().lower().split("?")[0].rstrip("/").replace("http://", "https://")
            by[("LinkedIn URL", url.replace("://linkedin.", "://www.linkedin."))].append(path)
        by[("name", norm)].append(path)
    items = []
    for (what, value), paths in sorted(by.items()):
        paths = sorted(set(paths))
        if len(paths) < 2:
            continue
        for path in paths:
            others = ", ".join(p for p in paths if p != path)
            items.append({
                "path": path, "line": 1, "level": "warning" if what == "name" else "error",
                "message": f"duplicate contact: same {what} ({value}) as {others}",
            })
    return items


def contact_card(index: Index, path: str, today: str) -> dict[str, Any]:
    """Everything known about one contact."""
    note = index.note(path)
    assert note is not None
    last = index.last_contacts(today).get(path)
    return {
        "kind": CONTACT,
        "name": note.name,
        "path": path,
        "fields": note.fields,
        "last_contact": last,
        "interactions": index.interactions(path, today),
        # in their own note first, then in the other notes, in the order they are written
        "open_tasks": _tasks(sorted(index.open_tasks(about=[path]), key=lambda t: (t.path != path, t.path, t.line))),
        "events": [{"date": d, "title": t, "path": p} for d, t, p in index.events_of(path)],
        "linked_from": [p for p, _ in index.backlinks(path)],
        "problems": [str(p) for p in note.problems],
    }


def event_card(index: Index, path: str) -> dict[str, Any]:
    """Everything known about one event, attendees resolved to contacts."""
    note = index.note(path)
    assert note is not None
    attendees = []
    for dst, target, fld in index.db.execute(
            "SELECT DISTINCT dst, target, field FROM edges WHERE src=? AND field LIKE 'attendees%' "
            "ORDER BY line", (path,)):
        if fld == "attendees:body" and dst is None:
            continue
        attendees.append({"name": target, "path": dst})
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
        "linked_from": [p for p, _ in index.backlinks(path)],
        "problems": [str(p) for p in note.problems],
    }


def _tasks(tasks: list[OpenTask]) -> list[dict[str, Any]]:
    return [{"path": t.path, "line": t.line, "text": t.text, "due": t.due, "contacts": [c.path for c in t.about]}
            for t in tasks]


def list_contacts(index: Index, today: str, tag: str | None = None, company: str | None = None,
                  met_since: str | None = None) -> list[dict[str, Any]]:
    """Contacts (never the user), sorted by name, with the filters applied."""
    last = index.last_contacts(today)
    met = _first_met(index) if met_since else {}
    out = []
    for path, name, emails, companies, tags, cadence, role in index.db.execute(
            "SELECT path, name, emails, companies, tags, cadence_days, role FROM contacts "
            "WHERE is_me=0"):
        tag_list = json.loads(tags)
        if tag and norm_key(tag.lstrip("#")) not in {norm_key(t) for t in tag_list}:
            continue
        comp = json.loads(companies)
        if company and not any(norm_key(company) in norm_key(c) for c in comp):
            continue
        if met_since and not (met.get(path) and met[path] >= met_since):
            continue
        out.append({
            "name": name, "path": path, "company": ", ".join(comp) or None, "role": role,
            "email": json.loads(emails), "tags": tag_list, "cadence_days": cadence,
            "last_contact": last.get(path),
        })
    out.sort(key=lambda c: (norm_key(c["name"]), c["path"]))
    return out


def _first_met(index: Index) -> dict[str, str]:
    """When the user met each contact: their `met` event's date, else the first interaction."""
    earliest: dict[str, str] = {}
    for path, date in index.db.execute(
            "SELECT c.path, min(s.date) FROM contacts c JOIN sections s ON s.path=c.path GROUP BY c.path "
            "UNION ALL SELECT e.dst, min(e.date) FROM edges e JOIN contacts c ON c.path=e.dst "
            "WHERE e.date IS NOT NULL GROUP BY e.dst"):
        if date and (path not in earliest or date < earliest[path]):
            earliest[path] = date
    met = dict(index.db.execute(
        "SELECT e.src, min(ev.date) FROM edges e JOIN events ev ON ev.path=e.dst "
        "WHERE e.field='met' AND ev.date IS NOT NULL GROUP BY e.src").fetchall())
    return {**earliest, **met}


def list_events(index: Index, tag: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
    """Events sorted by date (undated last), then title."""
    attendees: dict[str, list[str]] = defaultdict(list)
    for src, target in index.db.execute(
            "SELECT src, target FROM edges WHERE field IN ('attendees','attendees:plain') "
            "ORDER BY src, line, rowid"):
        attendees[src].append(target)
    out = []
    for path, title, date, end, kind, status in index.db.execute(
            "SELECT path, title, date, end_date, kind, status FROM events"):
        if since and not (date and date >= since):
            continue
        out.append({"title": title, "path": path, "date": date, "end": end, "kind": kind,
                    "status": status, "attendees": attendees.get(path, [])})
    if tag:
        wanted = norm_key(tag.lstrip("#"))
        notes = index.notes(e["path"] for e in out)
        out = [e for e in out if wanted in {norm_key(t) for t in notes[e["path"]].fields.get("tags", [])}]
    out.sort(key=lambda e: (e["date"] is None, e["date"] or "", norm_key(e["title"]), e["path"]))
    return out
