"""The index's change log: which notes each refresh changed, and what in them.

A refresh of a few notes compares each one's rows before and after it: a change is
**soft** when only the note's text changed (its body, the text under its dated
headings) and where things are in it (the line numbers of its headings, tasks and
links, as when a line is added above them), **hard** when anything else did. A hard
change says which kinds of rows changed (``ASPECTS``): the note's kind (``kind``), name
or date (``head``), the names links find it by (``keys``), its fields (``fields``), its
dated headings (``sections``), its tasks (``tasks``), its links (``links``, with the notes
they changed to), its problems (``problems``); a note added, deleted or not compared
changed ``WHOLE``. A note vaultkit generated (the agenda note) keeps no
rows but its own, alike whatever it says: rewriting, adding or deleting it is soft. Answers kept from an
earlier state of the index (``engines/kept.py``) stay right after soft changes to notes
whose text or task lines they did not read (``Reads.noting_texts``), and decide from the
kinds of rows a hard change altered what it can alter.

The log is a counter ``GENERATION:SEQ:FLOOR`` in ``meta`` and a row per note changed in
each refresh. A rebuild, a first build or a refresh of many notes starts a new
generation: whatever was kept from an earlier one is made again. A note over
``COMPARED_SIZE`` bytes is not compared: its change is whole (a 14 MB log's rows take a
second to compare, more than the answers take to make again). Only the last ``KEPT`` refreshes are logged.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from vaultkit.store.rows import chunks

TRACKED = 1000  # a refresh of more notes than this starts a new generation
KEPT = 1000  # refreshes logged
COMPARED_SIZE = 1_000_000  # bytes: a larger note's change is taken as hard, its rows not compared
WHOLE = "*"  # a note added, deleted or not compared: anything about it may have changed
# what a note's rows say besides its text and line numbers: every column but the body, the
# text of its sections, the lines and the file's stats (the lines in ``data``: left out
# below), each under the aspect of the note it tells
_HARD = {
    "kind": ("kind", "kind"),
    "notes": ("head", "name, date"),
    "data": ("fields", "data"),
    "keys": ("keys", "*"),
    "contacts": ("fields", "*"),
    "events": ("fields", "*"),
    "captured": ("fields", "*"),
    "sections": ("sections", "date, title"),
    "tasks": ("tasks", "text, done, due, links"),
    "edges": ("links", "key, target, field, date, dst"),
    "problems": ("problems", "message, level"),
}
ASPECTS = ("kind", "head", "keys", "fields", "sections", "tasks", "links", "problems")
LINKS = "link rows"  # in a digest: the note's links (key, target, field, date, target's path)


def digests(db: sqlite3.Connection, paths: Iterable[str]) -> dict[str, dict[str, Any]]:
    """A hash of the rows of each note of ``paths`` in the index, their text left out, by
    aspect (``ASPECTS``; an aspect without rows has none), and its links' rows (``LINKS``)."""
    parts: dict[str, dict[str, list[str]]] = {}
    links: dict[str, set[tuple]] = {}
    for chunk in chunks(sorted(set(paths))):
        marks = ",".join("?" * len(chunk))
        for name, (aspect, columns) in _HARD.items():
            table = "notes" if name in ("kind", "data") else name
            col = "src" if table == "edges" else "path"
            for row in db.execute(f"SELECT {col}, {columns} FROM {table} WHERE {col} IN ({marks}) "
                                  "ORDER BY rowid", chunk):
                if name == "data":
                    row = (row[0], _without_lines(row[1]))
                elif name == "edges":
                    links.setdefault(row[0], set()).add(row[1:])
                parts.setdefault(row[0], {}).setdefault(aspect, []).append(f"{table}{row!r}")
    out: dict[str, dict[str, Any]] = {
        path: {aspect: hashlib.blake2b("\n".join(rows).encode("utf-8", "surrogateescape"),
                                       digest_size=16).hexdigest() for aspect, rows in aspects.items()}
        for path, aspects in parts.items()}
    for path, rows in links.items():
        out[path][LINKS] = rows
    return out


def _without_lines(data: str) -> str:
    """A note's ``data`` without the line numbers of its body lines about attendees and marks."""
    if '"attendee_notes"' not in data and '"marks"' not in data:
        return data
    d = json.loads(data)
    d["attendee_notes"] = [(target, text) for target, text, _ in d.get("attendee_notes", ())]
    d["marks"] = [(key, text, date) for key, text, _, date in d.get("marks", ())]
    return json.dumps(d, sort_keys=True)


def generated(db: sqlite3.Connection, paths: Iterable[str]) -> set[str]:
    """Those of ``paths`` that are notes vaultkit generated (they keep no rows but their own:
    adding or deleting one alters no answer)."""
    out: set[str] = set()
    for chunk in chunks(sorted(set(paths))):
        out.update(r[0] for r in db.execute(
            f"SELECT path FROM notes WHERE body IS NULL AND path IN ({','.join('?' * len(chunk))})", chunk))
    return out


def record(db: sqlite3.Connection, before: dict[str, dict[str, Any]] | None,
           after: dict[str, dict[str, Any]], paths: Iterable[str], quiet: set[str] = frozenset()) -> None:
    """Log a refresh that changed ``paths`` (inside its transaction): ``before`` and ``after``
    are their ``digests``, ``before`` None for a refresh not followed note by note. With what
    changed in each note, the notes its links changed to (a link added, removed, moved to
    another dated heading) are logged. ``quiet``: generated notes added or deleted (soft)."""
    generation, seq, floor = _mark(db)
    if before is None or generation is None:
        db.execute("DELETE FROM changes")
        _set(db, os.urandom(8).hex(), 0, 0)
        return
    seq += 1
    db.executemany("INSERT INTO changes VALUES (?, ?, ?, ?)",
                   ((seq, p, "" if p in quiet else _what(before.get(p), after.get(p)),
                     _linked(before.get(p), after.get(p))) for p in set(paths)))
    if seq - floor > KEPT:
        floor = seq - KEPT
        db.execute("DELETE FROM changes WHERE seq <= ?", (floor,))
    _set(db, generation, seq, floor)


def _linked(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """The paths of the notes whose links from this note changed, one a line."""
    if before is None or after is None:
        return ""
    rows = before.get(LINKS, set()) ^ after.get(LINKS, set())
    return "\n".join(sorted({row[-1] for row in rows if row[-1]}))


def _what(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """The aspects that differ between two digests of a note, comma-separated ("": its
    text only; ``WHOLE``: no digest to compare)."""
    if before is None or after is None:
        return WHOLE
    return ",".join(a for a in ASPECTS if before.get(a) != after.get(a))


def mark(db: sqlite3.Connection) -> str | None:
    """Where the log stands (None: no log yet)."""
    row = db.execute("SELECT value FROM meta WHERE key='changes'").fetchone()
    return row[0] if row else None


def since(db: sqlite3.Connection, then: str) -> dict[str, bool] | None:
    """The notes changed since the log stood at ``then``, each with whether the change was
    hard; None when the log cannot tell (another generation, or too long ago)."""
    found = what_since(db, then)
    return None if found is None else {path: bool(what) for path, what in found.items()}


def what_since(db: sqlite3.Connection, then: str) -> dict[str, frozenset[str]] | None:
    """The notes changed since the log stood at ``then``, each with the aspects of it that
    changed (``ASPECTS``; empty: its text only; ``{WHOLE}``: anything); None when the log
    cannot tell (another generation, or too long ago)."""
    generation, seq, floor = _mark(db)
    try:
        old_generation, old_seq, _ = then.split(":")
        old = int(old_seq)
    except ValueError:
        return None
    if generation != old_generation or old < floor or old > seq:
        return None
    out: dict[str, set[str]] = {}
    for path, what in db.execute("SELECT path, what FROM changes WHERE seq > ?", (old,)):
        out.setdefault(path, set()).update(filter(None, what.split(",")))
    return {path: frozenset({WHOLE} if WHOLE in what else what) for path, what in out.items()}


def linked_since(db: sqlite3.Connection, then: str) -> dict[str, frozenset[str]]:
    """For each note changed since the log stood at ``then`` (``what_since`` tells), the
    notes whose links from it changed."""
    try:
        old = int(then.split(":")[1])
    except (ValueError, IndexError):
        return {}
    out: dict[str, set[str]] = {}
    for path, linked in db.execute("SELECT path, linked FROM changes WHERE seq > ? AND linked != ''", (old,)):
        out.setdefault(path, set()).update(linked.split("\n"))
    return {path: frozenset(found) for path, found in out.items()}


def _mark(db: sqlite3.Connection) -> tuple[str | None, int, int]:
    value = mark(db)
    if not value:
        return None, 0, 0
    generation, seq, floor = value.split(":")
    return generation, int(seq), int(floor)


def _set(db: sqlite3.Connection, generation: str, seq: int, floor: int) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('changes', ?)", (f"{generation}:{seq}:{floor}",))
