"""Merging imported contacts and events into the vault: never a duplicate, never an overwrite.

Records come from the parsers in ``vaultkit.importers``. Each one is matched to a
note already in the vault, or to a note planned earlier in the same run:

- a contact by email (case-insensitive), else by LinkedIn URL (scheme, ``www.``,
  query string and trailing slash ignored), else by normalised name when the emails
  do not conflict (one side has none, or they share one);
- an event by its iCalendar UID (``ical_uid`` in the note), else by title and day
  when the two do not carry different UIDs.

A matched note only gets the fields it lacks, added to its front matter; a value
that differs from the note's is reported as a conflict and the note's is kept; the
body is never touched. An unmatched record becomes a new note. The plan is computed
first (that is all ``dry_run`` does), then applied through ``vaultkit.notes.writer``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.config import note_folder
from vaultkit.engines.acting import spellings
from vaultkit.engines.terms import company_key
from vaultkit.errors import UsageError, WriteFailed, WriteRefused
from vaultkit.formats.records import ContactRecord, EventRecord, ImportProblem, latest_versions
from vaultkit.notes import writer
from vaultkit.notes.jobs import job_change_title
from vaultkit.notes.links import wikilink
from vaultkit.notes.model import CALLED_OFF, CONTACT, EVENT
from vaultkit.notes.names import file_name, title_field
from vaultkit.notes.reader import CONTACT_ALIASES, CONTACT_TYPES, EVENT_ALIASES, SPLIT_FIELDS, alias_table, field_key
from vaultkit.notes.values import as_list, display, norm_key

if TYPE_CHECKING:
    from datetime import tzinfo

    from vaultkit.config import Config
    from vaultkit.notes.model import Note
    from vaultkit.store.index import Index

KINDS = ("vcard", "linkedin", "ics")
# Contact fields an import may add, in the order they are written.
CONTACT_FIELDS = ("aliases", "email", "phone", "company", "role", "linkedin", "birthday", "anniversary", "address",
                  "messaging", "url", "tags")
CONTACT_LISTS = {"aliases", "email", "phone", "address", "messaging", "url", "tags"}
EVENT_FIELDS = ("title", "date", "end", "location", "attendees", "repeat", "exdate", "rdate", "recurring", "ical_uid")
# what a newer version of a calendar event changes in the note vaultkit wrote from it
SCHEDULE = ("date", "end", "repeat", "exdate", "rdate")
EVENT_LISTS = {"attendees"}
CONNECTED_TITLE = "Connected on LinkedIn"
_BRACES_RE = re.compile(r"\{(?=\{)")

Progress = Callable[[int, int], None]


# -- results --------------------------------------------------------------------------------


@dataclass
class Conflict:
    """A value of the import that differs from the note's; the note's was kept."""

    path: str
    field: str
    note: str
    imported: str

    def __str__(self) -> str:
        return (f'{self.path}: {self.field} is "{self.note}" in the note, "{self.imported}" in the '
                "import; kept the note's")

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "field": self.field, "note": self.note, "import": self.imported,
                "message": str(self)}


@dataclass
class Changed:
    """A value vaultkit had written from a calendar, replaced by that of a newer version of the event."""

    path: str
    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return (f'{self.path}: {self.field} changed from "{self.old}" to "{self.new}" (a newer version of the '
                "event)")

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "field": self.field, "note": self.old, "import": self.new,
                "message": str(self)}


@dataclass
class Planned:
    """One note the import creates, updates or finds already up to date."""

    kind: str  # CONTACT or EVENT
    action: str  # "create", "update", "unchanged" or "refused"
    path: str  # vault-relative; for a note to create, where it will most likely go
    name: str
    fields: dict[str, Any] = field(default_factory=dict)  # create: the front matter; update: what is added
    body: list[str] = field(default_factory=list)  # create only: paragraphs of the body
    photo: tuple[bytes, str] | None = None
    connected_on: str | None = None
    sources: list[str] = field(default_factory=list)
    replace: set[str] = field(default_factory=set)  # update: fields whose value is replaced, not added
    job_change: JobChange | None = None  # update: a new company or role, recorded (--accept-changes)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "action": self.action, "path": self.path, "name": self.name,
                "fields": list(self.fields), "sources": self.sources}


@dataclass
class JobChange:
    """A known contact's new company or role, as an import brings it."""

    path: str
    old_company: str | None
    new_company: str | None
    old_role: str | None
    new_role: str | None

    def heading(self, day: str) -> str:
        """The dated line written into the note: ``2026-12-03 Changed jobs: Coldline → Marché Vert``."""
        return f"{day} {job_change_title(self.old_company, self.new_company, self.old_role, self.new_role)}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "company": [self.old_company, self.new_company],
                "role": [self.old_role, self.new_role]}


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    dry_run: bool = False
    records: int = 0  # records read from the files
    merged: int = 0  # records folded into a note another record of the same run matched
    planned: list[Planned] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line each: file:line: message
    warnings: list[str] = field(default_factory=list)  # the same, for what was imported all the same
    not_imported: dict[str, int] = field(default_factory=dict)  # vCard properties no field took: lines
    job_changes: list[JobChange] = field(default_factory=list)  # recorded (--accept-changes)
    unaccepted: int = 0  # contacts with a new company or role, reported as conflicts only

    def by_action(self, action: str) -> list[Planned]:
        return [p for p in self.planned if p.action == action]

    @property
    def succeeded(self) -> int:
        return sum(1 for p in self.planned if p.action != "refused")

    @property
    def failed_all(self) -> bool:
        """Every record failed: nothing was (or would be) imported and something went wrong."""
        return self.succeeded == 0 and bool(self.problems)

    def summary(self) -> str:
        def count(n: int, one: str, many: str | None = None) -> str:
            return f"{n} {one if n == 1 else (many or one + 's')}"

        parts = [f"{len(self.by_action('create'))} created", f"{len(self.by_action('update'))} updated"]
        unchanged = len(self.by_action("unchanged"))
        if unchanged:
            parts.append(f"{unchanged} unchanged")
        if self.merged:
            parts.append(count(self.merged, "duplicate merged", "duplicates merged"))
        if self.job_changes:
            parts.append(count(len(self.job_changes), "job change recorded", "job changes recorded"))
        parts.append(count(len(self.conflicts), "conflict"))
        if self.problems:
            parts.append(f"{len(self.problems)} skipped (errors above)")
        if self.warnings:
            parts.append(count(len(self.warnings), "warning") + " (above)")
        text = ", ".join(parts)
        return f"dry run, nothing written: {text}" if self.dry_run else text

    def not_imported_line(self) -> str:
        """``vCard properties not imported: GEO (2), X-EVOLUTION-FILE-AS (1)``; empty when none."""
        if not self.not_imported:
            return ""
        ranked = sorted(self.not_imported.items(), key=lambda item: (-item[1], item[0]))
        return "vCard properties not imported: " + ", ".join(f"{name} ({n})" for name, n in ranked)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "records": self.records,
            "merged": self.merged,
            "created": [p.to_dict() for p in self.by_action("create")],
            "updated": [p.to_dict() for p in self.by_action("update")],
            "unchanged": [p.path for p in self.by_action("unchanged")],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "changed": [c.to_dict() for c in self.changed],
            "problems": self.problems,
            "warnings": self.warnings,
            "not_imported": dict(sorted(self.not_imported.items())),
            "job_changes": [j.to_dict() for j in self.job_changes],
            "job_changes_not_recorded": self.unaccepted,
            "summary": self.summary(),
        }


# -- normalising ----------------------------------------------------------------------------


def clean_line(text: str | None) -> str:
    """One line of text for the front matter: control characters become spaces, runs of
    spaces one space, and ``{{`` is split (the reader takes ``{{x}}`` for a template)."""
    if not text:
        return ""
    if not text.isprintable():  # the per-character check only when needed
        text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = " ".join(text.split())
    return _BRACES_RE.sub("{ ", text) if "{{" in text else text


def clean_text(text: str | None) -> str:
    """Several lines of text: control characters other than line breaks and tabs dropped."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return "\n".join(line.rstrip() for line in kept.strip().split("\n"))


def clean_name(text: str | None) -> str:
    """A display name as the vault reads it back (``[[links]]`` shown as their text)."""
    return clean_line(display(clean_line(text)))


def name_key(text: str) -> str:
    """``values.norm_key``, or the case-folded text when that leaves nothing (a lone accent)."""
    return norm_key(text) or " ".join(text.casefold().split())


def linkedin_key(url: str | None) -> str:
    """A LinkedIn profile URL without scheme, ``www.``, query string or trailing slash."""
    text = (url or "").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0].removeprefix("www.")
    return text.rstrip("/")


def phone_key(text: str) -> str:
    """Digits only (and a leading +): ``+44 7700 900123`` equals ``+447700900123``."""
    digits = re.sub(r"[^\d+]", "", text)
    return digits or name_key(text)


def _key(kind: str, value: str) -> str:
    if kind == "email":
        return value.strip().lower().removeprefix("mailto:")
    if kind == "phone":
        return phone_key(value)
    if kind == "linkedin":
        return linkedin_key(value)
    if kind in ("exdate", "rdate"):
        return _iso(value).lower()
    if kind == "company":  # the one rule of what spellings are one company
        return company_key(str(value)) or name_key(display(str(value)))
    return name_key(display(str(value)))


def _same_birthday(note: str, imported: str) -> bool:
    """Equal, or the import only lacks the year the note has."""
    return note == imported or (imported.startswith("--") and note[-6:] == imported[-6:])


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _yaml_value(value: Any) -> Any:
    """What to write: a one-item list as its item, an ISO day as a date (in a list of days too)."""
    if isinstance(value, list):
        if len(value) == 1:
            return writer.yaml_value(value[0])
        days = [writer.yaml_value(v) for v in value]
        return days if all(isinstance(d, date) for d in days) else value
    return writer.yaml_value(value)


def _front_keys(path: Path, table: dict[str, str], contact: bool) -> tuple[dict[str, bool], set[str]] | None:
    """Canonical names of the keys written in a note's front matter, each with whether its
    written value is empty (``linkedin:`` left by a template), and the keys as written (in the
    reader's form); None when the file cannot be read or its front matter does not parse."""
    import yaml

    from vaultkit.notes.front_matter import Unclosed, locate
    from vaultkit.notes.plainyaml import full_load  # the reader's YAML read


    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        found = locate(text)
    except Unclosed:
        return None
    if found is None:
        return {}, set()
    try:
        data = full_load(text[found[0] : found[1]])
    except yaml.YAMLError:
        return None
    if data is None:
        return {}, set()
    if not isinstance(data, dict):
        return None
    keys = {field_key(k): data[k] in (None, "", [], {}) for k in data}
    out: dict[str, bool] = {}
    for key, empty in keys.items():
        canon = title_field(keys, table) if contact and key == "title" else table.get(key, key)
        out[canon] = out.get(canon, True) and empty
    return out, set(keys)


# -- the merge ------------------------------------------------------------------------------


@dataclass(eq=False)  # entries are compared (and hashed) by identity
class _Entry:
    """A note a record may merge into: one already in the vault, or one planned in this run."""

    path: str
    existing: bool
    emails: set[str] = field(default_factory=set)
    uid: str | None = None
    note: Note | None = None
    keys: dict[str, bool] | None = None  # front-matter keys (canonical), each: empty?
    written: set[str] = field(default_factory=set)  # the keys as written, in the reader's form
    plan: Planned | None = None
    names: set[str] = field(default_factory=set)  # normalised names (the name check of conflicts)
    version: tuple[int, str] | None = None  # events: the version of the calendar event it holds


class _Merger:
    """Plans one import: finds the entry of each record and what to add or report."""

    def __init__(self, index: Index, config: Config, kind: str, photos: bool = False,
                 accept_changes: bool = False, today: str | None = None):
        self.index = index
        self.accept_changes = accept_changes
        self.today = today
        self.photos = photos
        self.config = config
        self.kind = kind
        self.contact = kind == CONTACT
        self.vault = config.vault
        self.folder = note_folder(config, contact=self.contact)
        self.table = alias_table(CONTACT_ALIASES if self.contact else EVENT_ALIASES, config.aliases)
        table = CONTACT_ALIASES if self.contact else EVENT_ALIASES
        self.spellings = {canon: spellings(canon, config, self.contact) for canon in table}
        self.result = ImportResult()
        self.by: dict[str, dict[Any, _Entry | list[_Entry]]] = {
            "email": {}, "linkedin": {}, "name": {}, "uid": {}, "title_day": {}}
        self.taken: set[str] = set()  # file names planned in this run (lower case)
        self.touched: set[_Entry] = set()  # entries a record of this run went into
        self.reported: set[tuple[str, str, str, str]] = set()

    def report(self, problems: Iterable[ImportProblem | str]) -> None:
        """The parsers' problems, one line each: warnings apart from the records skipped."""
        for problem in problems:
            line = " ".join(str(problem).splitlines())
            warning = isinstance(problem, ImportProblem) and problem.warning
            (self.result.warnings if warning else self.result.problems).append(line)

    # -- lookups -------------------------------------------------------------------------

    def _put(self, table: str, key: Any, entry: _Entry, many: bool = False) -> None:
        if not key:
            return
        slot = self.by[table]
        if many:
            slot.setdefault(key, []).append(entry)  # type: ignore[union-attr]
        else:
            slot.setdefault(key, entry)

    def load_contacts(self) -> None:
        for contact in self.index.identities():
            stem = file_name(contact.path)
            entry = _Entry(contact.path, True, {_key("email", e) for e in contact.emails},
                           names={name_key(contact.name), name_key(stem)})
            for email in entry.emails:
                self._put("email", email, entry)
            self._put("linkedin", linkedin_key(contact.linkedin), entry)
            for key in entry.names:
                if entry not in self.by["name"].get(key, []):  # type: ignore[operator]
                    self._put("name", key, entry, many=True)

    def load_events(self) -> None:
        for event in self.index.event_keys():
            entry = _Entry(event.path, True, uid=event.uid)
            self._put("uid", entry.uid, entry)
            if event.date:
                self._put("title_day", (name_key(event.title or ""), event.date[:10]), entry, many=True)

    def find_contact(self, name: str, emails: list[str], linkedin: str | None,
                     values: dict[str, Any] | None = None) -> _Entry | None:
        """Same email, else same LinkedIn URL, else same name without conflicting emails; among
        several notes of that name, the one already holding most of the record's ``values``
        (so that importing the same records again finds the notes they went into)."""
        for email in emails:
            entry = self.by["email"].get(_key("email", email))
            if entry is not None:
                return entry  # type: ignore[return-value]
        entry = self.by["linkedin"].get(linkedin_key(linkedin)) if linkedin else None
        if entry is not None:
            return entry  # type: ignore[return-value]
        wanted = {_key("email", e) for e in emails}
        candidates = [c for c in self.by["name"].get(name_key(name), [])  # type: ignore[union-attr]
                      if not c.emails or not wanted or c.emails & wanted]
        if len(candidates) > 1 and values:
            return max(candidates, key=lambda c: self._agreement(c, values))  # the first of equals
        return candidates[0] if candidates else None

    def _agreement(self, entry: _Entry, values: dict[str, Any]) -> int:
        """How many of a record's values the entry already holds."""
        if entry.existing and entry.note is None:
            entry.note = self.index.note(entry.path)
        have = dict(entry.note.fields) if entry.note else {}
        if entry.plan:
            have.update(entry.plan.fields)
        score = 0
        for key, value in values.items():
            held = have.get(key)
            if key == "name" or value in (None, "", []) or held in (None, "", []):
                continue
            known = {_key(key, str(v)) for v in (held if isinstance(held, list) else [held])}
            score += sum(_key(key, str(v)) in known for v in (value if isinstance(value, list) else [value]))
        return score

    def find_event(self, title: str, day: str, uid: str | None) -> _Entry | None:
        """Same UID, else same title and day when the two do not carry different UIDs."""
        if uid and uid in self.by["uid"]:
            return self.by["uid"][uid]  # type: ignore[return-value]
        for candidate in self.by["title_day"].get((name_key(title), day), []):  # type: ignore[union-attr]
            if not (uid and candidate.uid and candidate.uid != uid):
                return candidate
        return None

    # -- planning ------------------------------------------------------------------------

    def add(self, values: dict[str, Any], name: str, entry: _Entry | None, source: str,
            body: str = "", photo: tuple[bytes, str] | None = None,
            connected_on: str | None = None, version: tuple[int, str] | None = None) -> _Entry:
        """Merge one record (its canonical ``values``) into ``entry``, or plan a new note."""
        if entry in self.touched:
            self.result.merged += 1
        if entry is None:
            entry = self._new(values, name, body, photo, connected_on)
            entry.version = version
        elif entry.existing:
            self._update(entry, values, name, version)
        else:
            self._merge_new(entry, values, name, body, photo, connected_on)
        assert entry.plan is not None
        entry.plan.sources.append(source)
        self.touched.add(entry)
        if self.contact:  # later records of the run with this name find the entry too
            key = name_key(name)
            if entry not in self.by["name"].get(key, []):  # type: ignore[operator]
                self._put("name", key, entry, many=True)
            entry.names.add(key)
        return entry

    def _new(self, values: dict[str, Any], name: str, body: str,
             photo: tuple[bytes, str] | None, connected_on: str | None) -> _Entry:
        stem = name if self.contact else f"{values['date'][:10]} {name}"
        path = self._free_path(stem, photo[1] if photo and self.photos else None)
        front: dict[str, Any] = {"type": self.kind}
        front["name" if self.contact else "title"] = name
        front.update((k, v) for k, v in values.items() if k != "title" and v not in (None, "", []))
        plan = Planned(self.kind, "create", path, name, front, [body] if body else [], photo, connected_on)
        entry = _Entry(path, False, plan=plan)
        for key, value in values.items():
            if value not in (None, "", []):
                self._index_added(entry, key, value)
        if not self.contact:
            self._put("title_day", (name_key(name), values["date"][:10]), entry, many=True)
        self.result.planned.append(plan)
        return entry

    def _free_path(self, stem: str, photo_ext: str | None) -> str:
        """Where a new note will most likely be written (create_note decides for real)."""
        safe = writer.safe_filename(stem)
        folder = self.vault / self.folder if self.folder else self.vault
        candidate, n = safe, 2
        while (candidate.lower() in self.taken or (folder / f"{candidate}.md").exists()
               or (photo_ext and (folder / f"{candidate}.{photo_ext}").exists())):
            candidate, n = f"{safe} {n}", n + 1
        self.taken.add(candidate.lower())
        return f"{self.folder}/{candidate}.md" if self.folder else f"{candidate}.md"

    def _update(self, entry: _Entry, values: dict[str, Any], name: str,
                version: tuple[int, str] | None = None) -> None:
        if entry.plan is None:
            entry.note = self.index.note(entry.path)
            entry.plan = Planned(self.kind, "unchanged", entry.path,
                                 entry.note.name if entry.note else name)
            self.result.planned.append(entry.plan)
        note = entry.note
        if note is None:
            return
        if version is not None:
            self._follow_calendar(entry, note, values, version)
        current = dict(note.fields)
        current.update(entry.plan.fields)
        if self.contact and entry.plan.job_change is None:
            values = self._job_change(entry, current, values)
        label = "name" if self.contact else "title"
        names = entry.names | {name_key(note.name)} | {name_key(a) for a in note.fields.get("aliases", [])}
        if name_key(name) not in names:
            self._conflict(entry.path, label, note.name, name)
        for key, value in values.items():
            if key == label or value in (None, "", []):
                continue
            have = current.get(key)
            if have in (None, "", []):
                self._read_keys(entry)
                assert entry.keys is not None
                if key in entry.keys:
                    if not entry.keys[key]:  # a value the reader could not take: the user's to fix
                        self._conflict(entry.path, key, "", value)
                        continue
                    entry.plan.replace.add(key)  # written but empty (a template's `linkedin:`): filled
                entry.plan.fields[key] = value
                entry.plan.action = "update"
                self._index_added(entry, key, value)
            elif key in self._lists and (added := self._further(key, have, value)):
                # a second email or phone joins the note's list (written as it was, plus these);
                # values under a spelling never written to (`categories: [[People]], x`) stay there
                self._read_keys(entry)
                spelled = {field_key(n) for n in self.spellings.get(key, {key})}
                kept = (have if isinstance(have, list) else [have]) if entry.written & spelled else []
                entry.plan.fields[key] = [*kept, *added]
                entry.plan.replace.add(key)
                entry.plan.action = "update"
                self._index_added(entry, key, added)
            else:
                self._compare(entry.path, key, have, value)

    def _job_change(self, entry: _Entry, current: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        """A different company or role than the note's: with ``accept_changes``, planned as
        a job change (the old company joins ``past_companies``) and taken out of ``values``;
        otherwise counted, and left to be reported as conflicts."""
        companies = [str(c) for c in as_list(current.get("company"))]
        new_company = values.get("company")
        moved = bool(companies and new_company and _key("company", new_company) not in
                     {_key("company", c) for c in companies})
        new_role = values.get("role")
        role = current.get("role")
        promoted = bool(role and new_role and _key("role", str(role)) != _key("role", new_role))
        if not (moved or promoted):
            return values
        if not self.accept_changes:
            self.result.unaccepted += 1
            return values
        plan = entry.plan
        assert plan is not None
        change = JobChange(entry.path, companies[0] if companies else None, new_company if moved else None,
                           str(role) if role else None, new_role if promoted else None)
        if moved:
            past = [str(c) for c in as_list(current.get("past_companies"))]
            plan.fields["past_companies"] = past + [c for c in companies if c not in past]
            plan.fields["company"] = new_company
            plan.replace.update(("company", "past_companies"))
        if change.new_role:
            plan.fields["role"] = new_role
            plan.replace.add("role")
        plan.job_change = change
        plan.action = "update"
        self.result.job_changes.append(change)
        return {k: v for k, v in values.items() if k not in ("company", "role")}

    def _read_keys(self, entry: _Entry) -> None:
        """The entry's front-matter keys, read from its file once."""
        if entry.keys is None:
            entry.keys, entry.written = _front_keys(self.vault / entry.path, self.table, self.contact) or ({}, set())

    @staticmethod
    def _further(key: str, have: Any, value: Any) -> list[Any]:
        """The values of a list field the note does not have yet (compared as the reader
        will read them back: ``tags: a, b`` is two tags)."""
        split = key in SPLIT_FIELDS
        known = {_key(key, v) for v in as_list(have, split=split)}
        new = value if isinstance(value, list) else [value]
        return [v for v in new if any(_key(key, part) not in known for part in as_list(v, split=split))]

    def _follow_calendar(self, entry: _Entry, note: Note, values: dict[str, Any],
                         version: tuple[int, str]) -> None:
        """An event note vaultkit wrote from a calendar event takes the schedule (date, end,
        repeat rule and its exceptions) of a newer version of that event (same UID): only
        while these are still those vaultkit wrote, as told by the hash in its
        ``ical_version``."""
        uid = values.get("ical_uid")
        if entry.plan is not None and "ical_version" in entry.plan.replace:
            return  # moved already by a record of this run
        stored = _read_version(note.fields.get("ical_version"))
        if (not uid or str(note.fields.get("ical_uid", "")).strip() != uid or stored is None
                or version <= stored[0] or not _hash_matches(stored[1], uid, note.fields)):
            return
        plan = entry.plan
        assert plan is not None
        moved: dict[str, Any] = {}
        for key in SCHEDULE:
            value = values.get(key) or ([] if key in ("exdate", "rdate") else None)
            if value is not None and _schedule(key, value) != _schedule(key, note.fields.get(key)):
                moved[key] = value  # a date, end or rule the calendar dropped stays; exceptions empty
        if not moved:
            return  # the same schedule (a calendar exported again): nothing to write
        now = {key: moved[key] if key in moved else note.fields.get(key) for key in SCHEDULE}
        for key, value in moved.items():
            old = note.fields.get(key)
            self.result.changed.append(Changed(entry.path, key, _shown_schedule(key, old), _shown_schedule(key, value)))
        plan.fields.update(moved)
        plan.fields["ical_version"] = ical_version(version, uid, now)
        plan.replace.update(moved, ["ical_version"])
        plan.action = "update"

    def cancel(self, rec: EventRecord) -> None:
        """A calendar event cancelled since vaultkit wrote its note (same UID, a newer version):
        the note gets ``status: cancelled``, so the agenda neither prepares it nor counts it as
        a contact. Only a note vaultkit wrote from that event, with no status of the user's."""
        uid = clean_line(rec.uid)
        entry = self.by["uid"].get(uid) if uid else None
        if entry is None or not entry.existing:  # type: ignore[union-attr]
            return
        assert isinstance(entry, _Entry)
        if entry.plan is None:
            entry.note = self.index.note(entry.path)
            entry.plan = Planned(self.kind, "unchanged", entry.path, entry.note.name if entry.note else "")
            self.result.planned.append(entry.plan)
        note, plan = entry.note, entry.plan
        if note is None:
            return
        self.touched.add(entry)
        plan.sources.append(rec.source)
        stored = _read_version(note.fields.get("ical_version"))
        status = str(note.fields.get("status") or "").strip().lower()
        if (status in CALLED_OFF or stored is None or rec.version <= stored[0]
                or str(note.fields.get("ical_uid", "")).strip() != uid):
            return
        if status:
            self._conflict(entry.path, "status", status, "cancelled")
            return
        plan.fields["status"] = "cancelled"
        plan.fields["ical_version"] = f"{rec.version[0]} {rec.version[1] or '-'} {stored[1]}"
        plan.replace.add("ical_version")
        plan.action = "update"
        self.result.changed.append(Changed(entry.path, "status", "", "cancelled"))

    def finish_events(self) -> None:
        """Notes created from calendar events get the ``ical_version`` of what they hold."""
        for entry in self.touched:
            plan = entry.plan
            if entry.existing or plan is None or entry.version is None or not plan.fields.get("ical_uid"):
                continue
            plan.fields["ical_version"] = ical_version(entry.version, plan.fields["ical_uid"], plan.fields)

    def _merge_new(self, entry: _Entry, values: dict[str, Any], name: str, body: str,
                   photo: tuple[bytes, str] | None, connected_on: str | None) -> None:
        """A second record for a note this run creates: lists are united, the first value of
        anything else is kept (a different one is a conflict)."""
        plan = entry.plan
        assert plan is not None
        if name_key(name) not in entry.names | {name_key(plan.name)}:
            self._conflict(plan.path, "name" if self.contact else "title", plan.name, name)
        for key, value in values.items():
            if key in ("title", "name") or value in (None, "", []):
                continue
            have = plan.fields.get(key)
            if have in (None, "", []):
                plan.fields[key] = value
            elif isinstance(have, list) and key in self._lists:
                known = {_key(key, v) for v in have}
                plan.fields[key] = have + [v for v in value if _key(key, v) not in known]
            else:
                self._compare(plan.path, key, have, value)
                continue
            self._index_added(entry, key, value)
        if body and body not in plan.body:
            plan.body.append(body)
        plan.photo = plan.photo or photo
        if connected_on and (not plan.connected_on or connected_on < plan.connected_on):
            plan.connected_on = connected_on

    @property
    def _lists(self) -> set[str]:
        return CONTACT_LISTS if self.contact else EVENT_LISTS

    def _index_added(self, entry: _Entry, key: str, value: Any) -> None:
        """Later records of the run find the entry by what was just added to it."""
        if key == "email":
            for email in value:
                entry.emails.add(_key("email", email))
                self._put("email", _key("email", email), entry)
        elif key == "linkedin":
            self._put("linkedin", linkedin_key(value), entry)
        elif key == "ical_uid":
            entry.uid = entry.uid or value
            self._put("uid", value, entry)

    def _compare(self, path: str, key: str, have: Any, value: Any) -> None:
        if isinstance(value, list) or isinstance(have, list):
            have_list = have if isinstance(have, list) else [have]
            known = {_key(key, v) for v in have_list}
            new = value if isinstance(value, list) else [value]
            if any(_key(key, v) not in known for v in new):
                self._conflict(path, key, have_list, new)
            return
        if key in ("birthday", "anniversary"):
            if not _same_birthday(str(have), str(value)):
                self._conflict(path, key, have, value)
        elif isinstance(value, bool) or key in ("date", "end", "ical_uid"):
            if str(have).replace(" ", "T").lower() != str(value).replace(" ", "T").lower():
                self._conflict(path, key, have, value)
        elif _key(key, str(have)) != _key(key, str(value)):
            self._conflict(path, key, have, value)

    def _conflict(self, path: str, key: str, have: Any, value: Any) -> None:
        conflict = Conflict(path, key, _shown(have), _shown(value))
        seen = (path, key, conflict.note, conflict.imported)
        if seen not in self.reported:
            self.reported.add(seen)
            self.result.conflicts.append(conflict)

    # -- writing -------------------------------------------------------------------------

    def apply(self, progress: Progress | None) -> None:
        todo = [p for p in self.result.planned if p.action in ("create", "update")]
        for done, plan in enumerate(todo, start=1):
            try:
                if plan.action == "create":
                    self._create(plan)
                else:
                    written = []
                    for replace in (False, True):  # the fields added, then those replaced
                        values = {k: _yaml_value(v) for k, v in plan.fields.items() if (k in plan.replace) == replace}
                        if values:
                            written += writer.set_fields(
                                self.vault / plan.path, values, only_missing=not replace,
                                spellings={k: self.spellings.get(k, {k}) for k in values})
                    plan.fields = {k: v for k, v in plan.fields.items() if k in written}
                    if plan.job_change is not None and {"company", "role"} & set(written):
                        writer.append_section(self.vault / plan.path,
                                              plan.job_change.heading(self.today or _today()), "")
                    if not written:
                        plan.action = "unchanged"
            except WriteRefused as exc:
                plan.action = "refused"
                self.result.problems.append(str(exc))
            except (OSError, WriteFailed) as exc:  # a read-only folder, a full disk...
                plan.action = "refused"
                self.result.problems.append(f"{plan.path}: cannot write: {exc.strerror or exc}; skipped")
            if progress:
                progress(done, len(todo))

    def _create(self, plan: Planned) -> None:
        body = list(plan.body)
        folder = self.vault / self.folder if self.folder else self.vault
        stem = file_name(plan.path)
        if self.photos and plan.photo and plan.photo[1] != "bin":
            name = self._save_photo(folder, stem, plan.photo)
            body.insert(0, "!" + wikilink(name))
        if plan.connected_on:
            body.append(f"## {plan.connected_on} {CONNECTED_TITLE}")
        front = {k: _yaml_value(v) for k, v in plan.fields.items()}
        path = writer.create_note(self.vault, self.folder, stem, writer.note_text(front, "\n\n".join(body)))
        plan.path = path.relative_to(self.vault.resolve()).as_posix()

    def _save_photo(self, folder: Path, stem: str, photo: tuple[bytes, str]) -> str:
        """Write the photo as ``<stem>.<ext>`` beside the note (never over an existing file)."""
        data, ext = photo
        root = self.vault.resolve()
        target = folder.resolve()
        if root != target and root not in target.parents:
            raise WriteRefused(f"{self.folder}: outside the vault; nothing was written")
        candidate, n = stem, 2
        while True:
            path = target / f"{candidate}.{ext}"
            if not path.exists():
                try:
                    writer.replace_if_unchanged(path, None, data)
                    return path.name
                except WriteRefused:
                    pass  # written by someone else just now: take the next name
            candidate, n = f"{stem} {n}", n + 1


# -- records to values ------------------------------------------------------------------------


def contact_values(rec: ContactRecord) -> dict[str, Any]:
    """The canonical front-matter values of a contact record (lists for list fields)."""
    emails = _unique([clean_line(e).removeprefix("mailto:") for e in rec.emails], "email")
    name = name_key(clean_name(rec.name))
    # aliases are read back split at commas and semicolons: written that way
    aliases = [a for a in (clean_name(part) for alias in rec.aliases for part in re.split(r"[,;]", alias))
               if a and name_key(a) != name]
    return {
        "aliases": _unique(aliases, "aliases"),
        "email": emails,
        "phone": _unique([clean_line(p) for p in rec.phones], "phone"),
        "company": clean_line(rec.company) or None,
        "role": clean_line(rec.role) or None,
        "linkedin": clean_line(rec.linkedin) or None,
        "birthday": rec.birthday or None,
        "anniversary": rec.anniversary or None,
        "address": _unique([clean_line(a) for a in rec.addresses], "address"),
        "messaging": _unique([clean_line(m) for m in rec.messaging], "messaging"),
        "url": _unique([clean_line(u) for u in rec.urls], "url"),
        "tags": _unique([t for t in (clean_line(part).lstrip("#") for tag in rec.tags for part in tag.split(";"))
                         if name_key(t) not in CONTACT_TYPES], "tags"),
    }


def _today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()


def _unique(values: Iterable[str], kind: str) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = _key(kind, value)
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _iso(value: Any) -> str:
    """A date or date and time as the reader gives it back (``YYYY-MM-DDTHH:MM``)."""
    return str(value or "").strip().replace(" ", "T")


def _schedule(key: str, value: Any) -> str:
    """A schedule field as the hash and the comparisons read it, whichever way it is written."""
    if key in ("exdate", "rdate"):
        return ",".join(sorted(_iso(v) for v in as_list(value, split=True)))
    if key == "repeat":
        return "".join(str(value or "").split()).upper().removeprefix("RRULE:")
    return _iso(value)


def _shown_schedule(key: str, value: Any) -> str:
    if key in ("exdate", "rdate"):
        return ", ".join(_iso(v).replace("T", " ") for v in as_list(value, split=True))
    return _iso(value).replace("T", " ") if value else ""


def _time_hash(uid: str, fields: dict[str, Any], legacy: bool = False) -> str:
    """A short hash of an event's UID and schedule, as vaultkit wrote them (the date and end
    alone for an event that does not repeat, and for notes written before rules were
    followed: ``legacy``)."""
    text = f"{uid}\n{_iso(fields.get('date'))}\n{_iso(fields.get('end'))}"
    rest = [_schedule(key, fields.get(key)) for key in ("repeat", "exdate", "rdate")]
    if any(rest) and not legacy:
        text += "\n" + "\n".join(rest)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _hash_matches(stored: str, uid: str, fields: dict[str, Any]) -> bool:
    """Whether a note's schedule is still the one vaultkit wrote (a note written before
    exceptions were imported hashed its date and end only, its rule being the calendar's)."""
    if stored == _time_hash(uid, fields):
        return True
    return not fields.get("exdate") and not fields.get("rdate") and stored == _time_hash(uid, fields, legacy=True)


def ical_version(version: tuple[int, str], uid: str, fields: dict[str, Any]) -> str:
    """``ical_version`` of an event note: the SEQUENCE and time stamp of the calendar event it
    was written from, and the hash of the schedule vaultkit wrote
    (``2 20261130T100000Z 3f9a0c1b2d4e``)."""
    return f"{version[0]} {version[1] or '-'} {_time_hash(uid, fields)}"


def _read_version(value: Any) -> tuple[tuple[int, str], str] | None:
    """``((sequence, stamp), hash)`` from an ``ical_version``; None when there is none."""
    parts = str(value or "").split()
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return (int(parts[0]), "" if parts[1] == "-" else parts[1]), parts[2]


def _when(iso: str | None) -> str | None:
    """``YYYY-MM-DDTHH:MM`` → ``YYYY-MM-DD HH:MM`` (how event notes write a time)."""
    return iso.replace("T", " ") if iso else None


def event_values(rec: EventRecord, attendees: list[str]) -> dict[str, Any]:
    return {
        "title": clean_name(rec.title) or "Untitled event",
        "date": _when(rec.date),
        "end": _when(rec.end),
        "location": clean_line(rec.location) or None,
        "attendees": attendees,
        "repeat": rec.rrule or None,  # the RRULE, read by the agenda (no follow-up, each occurrence)
        "exdate": list(rec.exdates),  # days of the rule that do not take place
        "rdate": [_when(day) for day in rec.rdates],  # occurrences on top of the rule
        "recurring": True if rec.recurring and not rec.rrule and not rec.rdates else None,
        "ical_uid": clean_line(rec.uid) or None,
    }


class _Attendees:
    """Attendees to ``[[links]]`` to their contact notes (by email, then name) or plain names."""

    def __init__(self, index: Index):
        self.by_email: dict[str, tuple[str, str]] = {}
        self.by_name: dict[str, tuple[str, str]] = {}
        self.named: dict[str, str] = {}  # email -> the name it was written as in this run
        for contact in index.identities():
            path, name = contact.path, contact.name
            for email in contact.emails:
                self.by_email.setdefault(_key("email", email), (path, name))
            stem = file_name(path)
            self.by_name.setdefault(name_key(name), (path, name))
            self.by_name.setdefault(name_key(stem), (path, name))

    def links(self, people: list[tuple[str, str | None]]) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        for raw_name, email in people:
            name = clean_name(raw_name)
            found = (self.by_email.get(_key("email", email)) if email else None) or self.by_name.get(name_key(name))
            if found:
                item = wikilink(file_name(found[0]), clean_name(found[1]))
            elif email and _key("email", email) in self.named:
                item = self.named[_key("email", email)]  # one email, one person: as first named
            elif name:
                item = name
                if email:
                    self.named[_key("email", email)] = item
            else:
                continue
            key = name_key(display(item))
            if key not in seen:
                seen.add(key)
                out.append(item)
        return out


# -- entry points -----------------------------------------------------------------------------


def parse_files(kind: str, paths: Iterable[str | Path], tz: tzinfo | None = None
                ) -> tuple[list[ContactRecord] | list[EventRecord], list[ImportProblem]]:
    """Read every file with the parser of ``kind`` (vcard, linkedin or ics)."""
    if kind not in KINDS:
        raise UsageError(f"unknown import kind {kind!r}: use one of {', '.join(KINDS)}")
    records: list[Any] = []
    problems: list[ImportProblem] = []
    for path in paths:
        if kind == "vcard":
            from vaultkit.formats.vcard import parse_vcards

            got, bad = parse_vcards(path, tz=tz)
        elif kind == "linkedin":
            got, bad = _parse_linkedin(path)
        elif Path(path).is_dir():  # a calendar folder: one .ics per event, nested or not
            got, bad = _parse_calendar_folder(path, tz)
        else:
            from vaultkit.formats.ics import parse_events

            got, bad = parse_events(path, tz=tz, cancelled=True)
        records.extend(got)
        problems.extend(bad)
    return records, problems


def _parse_linkedin(path: str | Path) -> tuple[list[ContactRecord], list[ImportProblem]]:
    """``Connections.csv``, given itself or inside the export (its folder or its ZIP)."""
    from vaultkit.formats.exportfiles import find_member, is_archive
    from vaultkit.formats.linkedin import parse_connections

    if not Path(path).is_dir() and not is_archive(path):
        return parse_connections(path)
    found = find_member(path, "Connections.csv")
    if found is None:
        return [], [ImportProblem(str(path), None, "no Connections.csv in this LinkedIn export")]
    if isinstance(found, ImportProblem):
        return [], [found]
    return parse_connections(found.where, found.data)


def _parse_calendar_folder(path: str | Path, tz: tzinfo | None) -> tuple[list[EventRecord], list[ImportProblem]]:
    """Every ``.ics`` of a calendar folder; a file that cannot be read is a problem, the others
    are imported."""
    from vaultkit.formats.exportfiles import calendar_files
    from vaultkit.formats.ics import parse_events

    files = calendar_files(path)
    if not files:
        return [], [ImportProblem(str(path), None, "no .ics file in this folder")]
    records: list[EventRecord] = []
    problems: list[ImportProblem] = []
    for file in files:
        got, bad = parse_events(file, tz=tz, cancelled=True)
        records.extend(got)
        problems.extend(bad)
    return records, problems


def import_contacts(index: Index, config: Config, records: list[ContactRecord],
                    problems: Iterable[ImportProblem | str] = (), *, photos: bool = False,
                    dry_run: bool = False, progress: Progress | None = None,
                    accept_changes: bool = False, today: str | None = None) -> ImportResult:
    """Merge contact records into the vault (the index must be fresh). With
    ``accept_changes``, a new company or role is recorded as a job change."""
    merger = _Merger(index, config, CONTACT, photos, accept_changes, today)
    merger.result.dry_run = dry_run
    merger.result.records = len(records)
    merger.report(problems)
    merger.load_contacts()
    for rec in records:
        for prop, lines in rec.not_imported.items():
            merger.result.not_imported[prop] = merger.result.not_imported.get(prop, 0) + lines
        name = clean_name(rec.name)
        if not name:
            merger.result.problems.append(f"{rec.source}: no usable name; skipped")
            continue
        values = contact_values(rec)
        entry = merger.find_contact(name, values["email"], values["linkedin"], values)
        merger.add(values, name, entry, rec.source, clean_text(rec.notes), rec.photo, rec.connected_on)
    if not dry_run:
        merger.apply(progress)
    return merger.result


def import_events(index: Index, config: Config, records: list[EventRecord],
                  problems: Iterable[ImportProblem | str] = (), *, dry_run: bool = False,
                  progress: Progress | None = None) -> ImportResult:
    """Merge event records into the vault (the index must be fresh)."""
    merger = _Merger(index, config, EVENT)
    merger.result.dry_run = dry_run
    merger.result.records = len(records)
    merger.report(problems)
    merger.load_events()
    people = _Attendees(index)
    records, superseded = latest_versions(records)
    merger.result.merged += superseded  # older versions of an event are folded into the latest
    cancelled = [rec for rec in records if rec.cancelled]
    merger.result.records -= len(cancelled)
    for rec in cancelled:
        merger.cancel(rec)
    for rec in records:
        if rec.cancelled:
            continue
        values = event_values(rec, people.links(rec.attendees))
        entry = merger.find_event(values["title"], rec.date[:10], values["ical_uid"])
        merger.add(values, values["title"], entry, rec.source, clean_text(rec.description),
                   version=rec.version if values["ical_uid"] else None)
    merger.finish_events()
    if not dry_run:
        merger.apply(progress)
    return merger.result


def import_files(kind: str, paths: Iterable[str | Path], index: Index, config: Config, *,
                 photos: bool = False, dry_run: bool = False, progress: Progress | None = None,
                 tz: tzinfo | None = None, accept_changes: bool = False,
                 today: str | None = None) -> ImportResult:
    """Parse the files and merge what they hold into the vault (`vaultkit import vcard`,
    `linkedin`, `ics`, and the watcher's calendar folders)."""
    records, problems = parse_files(kind, paths, tz)
    if kind == "ics":
        return import_events(index, config, records, problems, dry_run=dry_run,  # type: ignore[arg-type]
                             progress=progress)
    return import_contacts(index, config, records, problems, photos=photos,  # type: ignore[arg-type]
                           dry_run=dry_run, progress=progress, accept_changes=accept_changes, today=today)


def written_paths(result: ImportResult) -> list[str]:
    """The notes an import made or changed (to read back into the index)."""
    return [p.path for p in result.planned if p.action in ("create", "update")]
