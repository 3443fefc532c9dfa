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
    """One company: its name, note, spellings, people now and before, and open tasks."""

    key: str
    name: str = ""
    note: str | None = None
    spellings: list[str] = field(default_factory=list)
    now: list[Member] = field(default_factory=list)
    before: list[Member] = field(default_factory=list)
    tasks: list[TaskItem] = field(default_factory=list)

    @property
    def last_contact(self) -> str | None:
        return max((m.last_contact for m in self.now + self.before if m.last_contact), default=None)

    def summary(self) -> dict[str, Any]:
        """Its line of `list companies`."""
        return {"name": self.name, "key": self.key, "note": self.note, "now": len(self.now),
                "before": len(self.before), "last_contact": self.last_contact}

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "key": self.key, "note": self.note, "spellings": list(self.spellings),
                "now": [m.to_json() for m in self.now], "before": [m.to_json() for m in self.before],
                "last_contact": self.last_contact, "open_tasks": [t.to_json() for t in self.tasks]}


@dataclass(frozen=True)
class _Seen:
    """Where a spelling of a company is written: a note, a field or heading, a line (0:
    look it up when needed)."""

    path: str
    source: str
    line: int = 0


class Companies:
    """Every company of the vault, from contacts' companies, past companies, job changes and
    company notes; built once per command."""

    def __init__(self, index: Index, today: str) -> None:
        self.index = index
        self.today = today
        self.by_key: dict[str, Company] = {}
        self._seen: dict[str, list[tuple[str, _Seen]]] = {}  # key → (spelling, where), in order read
        self._build()

    def _company(self, key: str) -> Company:
        found = self.by_key.get(key)
        if found is None:
            found = self.by_key[key] = Company(key)
        return found

    def _build(self) -> None:
        index = self.index
        last = index.last_contacts(self.today)
        people = {c.path: c for c in index.contact_listing()}
        written_now: dict[str, set[str]] = {}
        for c in sorted(people.values(), key=lambda c: c.path):
            for text in c.companies:
                key = company_key(text)
                if not key or key in written_now.setdefault(c.path, set()):
                    continue
                written_now[c.path].add(key)
                self._seen.setdefault(key, []).append((text, _Seen(c.path, NOW)))
                self._company(key).now.append(Member(c.path, c.name, c.role, text, NOW, f"company: {text}", None,
                                                     last.get(c.path), c.companies))
        before: dict[tuple[str, str], Member] = {}
        for path, values in sorted(store.past_companies(index).items()):
            c = people.get(path)
            for value in values:
                text = display(value)
                key = company_key(text)
                if c is None or not key:
                    continue
                self._seen.setdefault(key, []).append((text, _Seen(path, PAST)))
                if key not in written_now.get(path, ()) and (key, path) not in before:
                    before[key, path] = Member(path, c.name, c.role, text, PAST, f"past_companies: {value}", None,
                                             last.get(path), c.companies)
        for heading in store.job_headings(index, self.today):
            change = read_job_change(heading.title)
            c = people.get(heading.path)
            if c is None or change is None or not change.new_company or not change.old:
                continue
            text = display(change.old)
            key = company_key(text)
            if not key:
                continue
            self._seen.setdefault(key, []).append((text, _Seen(heading.path, JOB_CHANGE, heading.line)))
            if key not in written_now.get(heading.path, ()) and (key, heading.path) not in before:
                before[key, heading.path] = Member(heading.path, c.name, c.role, text, JOB_CHANGE,
                                                   f"{heading.date} {heading.title}", heading.date,
                                                   last.get(heading.path), c.companies)
        for (key, _), member in before.items():
            self._company(key).before.append(member)
        for note in store.company_notes(index):
            for text in (note.name, *note.aliases):
                key = company_key(text)
                if key and (key in self.by_key or text == note.name):
                    company = self._company(key)
                    if company.note is None:
                        company.note, company.name = note.path, note.name
        for company in self.by_key.values():
            spellings = Counter(text for text, _ in self._seen.get(company.key, ()))
            company.spellings = sorted(spellings, key=lambda s: (-spellings[s], s))
            if not company.name:
                company.name = company.spellings[0]
            company.now.sort(key=_by_name)
            company.before.sort(key=_by_name)

    def listing(self) -> list[Company]:
        """Every company, by name."""
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

    def with_tasks(self, company: Company) -> Company:
        """``company`` with its open tasks: those in its note or whose line links it, and those
        about its people now (``Reads.open_tasks``), by due day (undated last), note and line."""
        found = {}
        people = [m.path for m in company.now]
        for task in self.index.open_tasks(about=people) if people else []:
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
        for key, seen in sorted(self._seen.items()):
            company = self.by_key[key]
            if len(company.spellings) < 2:
                continue
            first = {}
            for text, where in seen:
                first.setdefault(text, where)
            ranked = company.spellings  # most written first
            for i, common in enumerate(ranked):
                for rare in ranked[i + 1:]:
                    where = first[rare]
                    out.append({"path": where.path, "line": where.line or _line(root, where),
                                "level": "warning",
                                "message": f'company "{rare}" looks like "{common}" in {first[common].path}'})
        return out


def _line(root: Path, where: _Seen) -> int:
    keys = CONTACT_ALIASES["company"] if where.source == NOW else (PAST,)
    return field_line(root / where.path, keys)


def _by_name(m: Member) -> tuple[str, str]:
    return norm_key(m.name), m.path


def company(index: Index, today: str, name: str) -> Company:
    """`vaultkit company NAME`: the company ``name`` means, with its people and open tasks."""
    companies = Companies(index, today)
    return companies.with_tasks(companies.find(name))


def list_companies(index: Index, today: str) -> list[Company]:
    """`vaultkit list companies`: every company, by name."""
    return Companies(index, today).listing()


def company_warnings(index: Index, today: str) -> list[dict[str, Any]]:
    """`check`'s warnings about spellings of one company that differ."""
    return Companies(index, today).spelling_warnings()
