"""The index's answers about companies: their notes, contacts' past companies, job changes,
and the tasks that link a note. Plain records; the rules (which spellings are one company)
are the engine's (``vaultkit.engines.companies``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from vaultkit.notes.model import CONTACT, NOTE
from vaultkit.store.index import Index

# a note of this kind, in a folder of this name (any case, any depth), is a company's note
COMPANY_TYPE = "company"
COMPANY_FOLDER = "companies"
# the heading an import writes on a job change (see notes/jobs.py)
_CHANGED_JOBS_LIKE = "Changed jobs:%"


@dataclass(frozen=True)
class CompanyNote:
    """A company's own note: its path, name and aliases."""

    path: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class JobHeading:
    """A dated heading of a contact's note that records a job change, as written."""

    path: str
    date: str
    title: str
    line: int


def contacts_companies(index: Index) -> list[tuple[str, tuple[str, ...]]]:
    """``(path, companies)`` of every contact (never the user) with a company, by path;
    each company as written (a link shown as its text)."""
    # one pass over the table, sorted here: quicker than reading it in the order of its index
    rows = sorted(index.db.execute("SELECT path, companies FROM contacts NOT INDEXED "
                                   "WHERE is_me = 0 AND companies != '[]'").fetchall())
    decoded: dict[str, tuple[str, ...]] = {}  # many contacts share one list
    out = []
    for path, text in rows:
        companies = decoded.get(text)
        if companies is None:
            companies = decoded[text] = tuple(json.loads(text))
        out.append((path, companies))
    return out


def company_notes(index: Index) -> list[CompanyNote]:
    """Notes (neither contacts nor events) with ``type: company`` or in a ``companies/``
    folder, by path."""
    rows = index.db.execute(
        "SELECT path, name, json_extract(data, '$.fields.aliases'), json_type(data, '$.fields.aliases') "
        "FROM notes NOT INDEXED WHERE kind = ? AND ("
        "lower(path) LIKE ? OR lower(path) LIKE ? OR lower(json_extract(data, '$.fields.type')) = ?)",
        (NOTE, f"{COMPANY_FOLDER}/%", f"%/{COMPANY_FOLDER}/%", COMPANY_TYPE)).fetchall()
    rows.sort()  # by path (a few notes; reading the table in its index's order costs a row each)
    return [CompanyNote(path, name, _strings(json.loads(aliases) if kind == "array" else aliases))
            for path, name, aliases, kind in rows]


def past_companies(index: Index) -> dict[str, tuple[str, ...]]:
    """Each contact's (never the user's) ``past_companies`` field as written (links kept), by
    path; contacts without one are left out."""
    rows = index.db.execute(
        "SELECT n.path, json_extract(n.data, '$.fields.past_companies'), json_type(n.data, '$.fields.past_companies') "
        "FROM notes n JOIN contacts c ON c.path = n.path WHERE n.kind = ? AND c.is_me = 0 "
        "AND json_extract(n.data, '$.fields.past_companies') IS NOT NULL", (CONTACT,))
    out = {}
    for path, value, kind in rows:
        values = _strings(json.loads(value) if kind == "array" else value)
        if values:
            out[path] = values
    return out


def job_headings(index: Index, until: str) -> list[JobHeading]:
    """``Changed jobs: A → B`` headings of contacts' notes (never the user's) up to ``until``,
    by date."""
    rows = index.db.execute(  # one pass over the sections (a few match), not a search per contact
        "SELECT s.path, s.date, s.title, s.line FROM sections s NOT INDEXED JOIN contacts c ON c.path = s.path "
        "WHERE c.is_me = 0 AND s.title LIKE ? AND s.date <= ?", (_CHANGED_JOBS_LIKE, until)).fetchall()
    return [JobHeading(*r) for r in sorted(rows, key=lambda r: (r[1], r[0], r[3]))]


def task_lines_linking(index: Index, path: str) -> set[tuple[str, int]]:
    """``(note, line)`` of each task line that links the note at ``path``."""
    return set(index.db.execute(
        "SELECT src, line FROM edges WHERE dst = ? AND field = 'task' AND src != dst", (path,)).fetchall())


def _strings(value: Any) -> tuple[str, ...]:
    """A value of a note's fields (one string or a list) as a tuple of strings."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(x).strip() for x in items if x is not None and str(x).strip())
