"""Companies: who you know at one now and before, its note and open tasks (`vaultkit company`),
every company with its counts (`vaultkit list companies`), and spellings of one company that
differ (a warning of `check`).

One rule says which spellings are one company: ``terms.company_key`` (case, accents,
punctuation and a legal form ignored; a link is its text). A contact is at a company *now*
when their ``company`` names it; *before* when their ``past_companies`` does, or a dated
heading ``Changed jobs: A → B`` leaves A (``notes/jobs.py``), and they are not there now.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit.engines.terms import company_key
from vaultkit.errors import Ambiguous, NotFound
from vaultkit.notes.fieldlines import field_line
from vaultkit.notes.jobs import read_job_change
from vaultkit.notes.reader import CONTACT_ALIASES
from vaultkit.notes.values import display, norm_key
from vaultkit.store import companies as store
from vaultkit.store.index import Index
from vaultkit.store.lookup import starts_words

NOW, PAST, JOB_CHANGE = "company", "past_companies", "job_change"  # why someone is listed


@dataclass(frozen=True)
class Member:
    """Someone at a company now or before, and why: the field or heading that says so."""

    path: str
    name: str
    role: str | None
    written: str  # the company as their note writes it
    source: str  # NOW, PAST or JOB_CHANGE
    why: str  # the field or the heading, as written: ``past_companies: Acme``
    date: str | None  # the day of the job change (JOB_CHANGE only)
    last_contact: str | None
    companies: tuple[str, ...]  # where they are now

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "role": self.role, "written": self.written,
                "source": self.source, "date": self.date, "why": self.why,
                "last_contact": self.last_contact, "companies": list(self.companies)}


@dataclass(frozen=True)
class TaskItem:
    """An open task about a company: in or linking its note, or about one of its people now."""

    path: str
    line: int
    text: str
    due: str | None
    contacts: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "text": self.text, "due": self.due,
                "contacts": list(self.contacts)}


@dataclass
class Company:
    """One company: its name, note and spellings, who is there now and before (paths, with
    the people themselves once ``Companies.detail`` made them), and open tasks."""

    key: str
    name: str = ""
    note: str | None = None
    spellings: list[str] = field(default_factory=list)
    now_paths: dict[str, str] = field(default_factory=dict)  # path → the company as written
    # path → (the company as written, source, why, date): see ``Member``
    before_paths: dict[str, tuple[str, str, str, str | None]] = field(default_factory=dict)
    last_contact: str | None = None  # the latest with anyone there now or before
    now: list[Member] = field(default_factory=list)
    before: list[Member] = field(default_factory=list)
    tasks: list[TaskItem] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Its line of `list companies`."""
        return {"name": self.name, "key": self.key, "note": self.note, "now": len(self.now_paths),
                "before": len(self.before_paths), "last_contact": self.last_contact}

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "key": self.key, "note": self.note, "spellings": list(self.spellings),
                "now": [m.to_json() for m in self.now], "before": [m.to_json() for m in self.before],
                "last_contact": self.last_contact, "open_tasks": [t.to_json() for t in self.tasks]}


@dataclass(frozen=True)
class _Seen:
    """Where a spelling of a company is first written: a note, a field or heading, a line (0:
    look it up when needed)."""

    path: str
    source: str
    line: int = 0


class Companies:
    """Every company of the vault, from contacts' companies, past companies, job changes and
    company notes; built once per command. Who is where is kept as paths: the people
    themselves are made for the one company asked about (``detail``)."""

    def __init__(self, index: Index, today: str) -> None:
        self.index = index
        self.today = today
        self.by_key: dict[str, Company] = {}
        self._counts: dict[str, Counter[str]] = {}  # key → how often each spelling is written
        self._first: dict[tuple[str, str], _Seen] = {}  # (key, spelling) → where first written
        self._keys: dict[str, str] = {}  # spelling → key
        self._build()

    def _key(self, text: str) -> str:
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = company_key(text)
        return key

    def _written(self, key: str, text: str, where: _Seen) -> Company:
        counts = self._counts.get(key)
        if counts is None:
            counts = self._counts[key] = Counter()
            self.by_key[key] = Company(key)
        counts[text] += 1
        self._first.setdefault((key, text), where)
        return self.by_key[key]

    def _build(self) -> None:
        index = self.index
        for path, companies in store.contacts_companies(index):
            for text in companies:
                key = self._key(text)
                if key:
                    self._written(key, text, _Seen(path, NOW)).now_paths.setdefault(path, text)
        for path, values in sorted(store.past_companies(index).items()):
            for value in values:
                text = display(value)
                key = self._key(text)
                if key:
                    company = self._written(key, text, _Seen(path, PAST))
                    if path not in company.now_paths:
                        company.before_paths.setdefault(path, (text, PAST, f"past_companies: {value}", None))
        for heading in store.job_headings(index, self.today):
            change = read_job_change(heading.title)
            if change is None or not change.new_company or not change.old:
                continue
            text = display(change.old)
            key = self._key(text)
            if key:
                company = self._written(key, text, _Seen(heading.path, JOB_CHANGE, heading.line))
                if heading.path not in company.now_paths:
                    company.before_paths.setdefault(
                        heading.path, (text, JOB_CHANGE, f"{heading.date} {heading.title}", heading.date))
        for note in store.company_notes(index):
            for text in (note.name, *note.aliases):
                key = self._key(text)
                if key and (key in self.by_key or text == note.name):
                    company = self.by_key.setdefault(key, Company(key))
                    if company.note is None:
                        company.note, company.name = note.path, note.name
        for company in self.by_key.values():
            counts = self._counts.get(company.key, Counter())
            company.spellings = sorted(counts, key=lambda s: (-counts[s], s))
            if not company.name:
                company.name = company.spellings[0]

    def listing(self) -> list[Company]:
        """Every company, by name, with its last contact."""
        last = self.index.last_contacts(self.today)
        for company in self.by_key.values():
            company.last_contact = max((d for p in (*company.now_paths, *company.before_paths)
                                        if (d := last.get(p))), default=None)
        return sorted(self.by_key.values(), key=lambda c: (norm_key(c.name), c.key))
    def find(self, name: str) -> Company:
        """The one company ``name`` means, matched like `show` matches names: the same company
        (any spelling), else words that start the same way; a clear error when none or several
        match, with suggestions."""
        query = company_key(name) or norm_key(display(name))
        if query in self.by_key:
            return self.by_key[query]
        words = query.split()
        partial = sorted(k for k in self.by_key if starts_words(k, words))
        if len(partial) > 1:
            leading = [k for k in partial if k.startswith(query)]
            if len(leading) == 1:
                return self.by_key[leading[0]]
            shown = ", ".join(self.by_key[k].name for k in partial[:8])
            more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
            raise Ambiguous(f"{name!r} matches several companies: {shown}{more}. Type more of the name.")
        if partial:
            return self.by_key[partial[0]]
        close = difflib.get_close_matches(query, list(self.by_key), n=3, cutoff=0.6)
        hint = f" Did you mean: {', '.join(sorted(self.by_key[k].name for k in close))}?" if close else ""
        raise NotFound(f"no company named {name!r}.{hint} (`vaultkit list companies` lists them)")

    def detail(self, company: Company) -> Company:
        """``company`` with its people now and before (name, role, where they are now, last
        contact), by name, and its open tasks: those in its note or whose line links it, and
        those about its people now (``Reads.open_tasks``), by due day (undated last), note
        and line."""
        paths = {*company.now_paths, *company.before_paths}
        people = self.index.contacts(paths)
        last = self.index.last_contacts_of(paths, self.today)
        company.now = sorted((Member(p, people[p].name, people[p].role, text, NOW, f"company: {text}", None,
                                     last.get(p), people[p].companies)
                              for p, text in company.now_paths.items() if p in people), key=_by_name)
        company.before = sorted((Member(p, people[p].name, people[p].role, text, source, why, date,
                                        last.get(p), people[p].companies)
                                 for p, (text, source, why, date) in company.before_paths.items() if p in people),
                                key=_by_name)
        company.last_contact = max((m.last_contact for m in company.now + company.before if m.last_contact),
                                   default=None)
        found = {}
        people_now = [m.path for m in company.now]
        for task in self.index.open_tasks(about=people_now) if people_now else []:
            found[task.path, task.line] = task
        if company.note:
            lines = store.task_lines_linking(self.index, company.note)
            for task in self.index.open_tasks(notes={company.note} | {src for src, _ in lines}):
                if task.path == company.note or (task.path, task.line) in lines:
                    found[task.path, task.line] = task
        company.tasks = [TaskItem(t.path, t.line, t.text, t.due, tuple(p.path for p in t.about))
                         for t in sorted(found.values(), key=lambda t: (t.due is None, t.due or "", t.path, t.line))]
        return company

    def spelling_warnings(self) -> list[dict[str, Any]]:
        """A `check` warning for each pair of spellings of one company that differ (a link
        and its text are the same spelling), on the note of the rarer one, once per pair."""
        root = Path(self.index.root)
        out = []
        for key, company in sorted(self.by_key.items()):
            ranked = company.spellings  # most written first
            for i, common in enumerate(ranked):
                for rare in ranked[i + 1:]:
                    where, other = self._first[key, rare], self._first[key, common]
                    out.append({"path": where.path, "line": where.line or _line(root, where),
                                "level": "warning",
                                "message": f'company "{rare}" looks like "{common}" in {other.path}'})
        return out


def _line(root: Path, where: _Seen) -> int:
    keys = CONTACT_ALIASES["company"] if where.source == NOW else (PAST,)
    return field_line(root / where.path, keys)


def _by_name(m: Member) -> tuple[str, str]:
    return norm_key(m.name), m.path


def company(index: Index, today: str, name: str) -> Company:
    """`vaultkit company NAME`: the company ``name`` means, with its people and open tasks."""
    companies = Companies(index, today)
    return companies.detail(companies.find(name))


def list_companies(index: Index, today: str) -> list[Company]:
    """`vaultkit list companies`: every company, by name."""
    return Companies(index, today).listing()


def company_warnings(index: Index, today: str) -> list[dict[str, Any]]:
    """`check`'s warnings about spellings of one company that differ."""
    return Companies(index, today).spelling_warnings()
