"""The index's change log: which notes each refresh changed, and how much.

A refresh of a few notes compares each one's rows before and after it: a change is
**soft** when only the note's text changed (its body, the text under its dated
headings) and where things are in it (the line numbers of its headings, tasks and
links, as when a line is added above them), **hard** when anything else did (its
fields, links, tasks, dated headings, names; a note added or deleted). A note vaultkit
generated (the agenda note) keeps no rows but its own, alike whatever it says:
rewriting it is soft. Answers kept
from an earlier state of the index (``engines/kept.py``) stay right after soft changes
to notes whose text or task lines they did not read (``Reads.noting_texts``).

The log is a counter ``GENERATION:SEQ:FLOOR`` in ``meta`` and a row per note changed in
each refresh. A rebuild, a first build or a refresh of many notes starts a new
generation: whatever was kept from an earlier one is made again. A note over
``COMPARED_SIZE`` bytes is not compared: its change is hard (a 14 MB log's rows take a
second to compare, more than the answers take to make again). Only the last ``KEPT`` refreshes are logged.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable

from vaultkit.store.rows import chunks

TRACKED = 1000  # a refresh of more notes than this starts a new generation
KEPT = 1000  # refreshes logged
COMPARED_SIZE = 1_000_000  # bytes: a larger note's change is taken as hard, its rows not compared
# what a note's rows say besides its text and line numbers: every column but the body, the
# text of its sections, the lines and the file's stats (the lines in ``data``: left out below)
_HARD = {
    "notes": "kind, name, date, data",
    "keys": "*",
    "sections": "date, title",
    "tasks": "text, done, due, links",
    "contacts": "*",
    "events": "*",
    "problems": "message, level",
    "captured": "*",
    "edges": "key, target, field, date, dst",
}


def digests(db: sqlite3.Connection, paths: Iterable[str]) -> dict[str, str]:
    """A hash of the rows of each note of ``paths`` in the index, their text left out."""
    parts: dict[str, list[str]] = {}
    for chunk in chunks(sorted(set(paths))):
        marks = ",".join("?" * len(chunk))
        for table, columns in _HARD.items():
            col = "src" if table == "edges" else "path"
            for row in db.execute(f"SELECT {col}, {columns} FROM {table} WHERE {col} IN ({marks}) "
                                  "ORDER BY rowid", chunk):
                if table == "notes":
                    row = (*row[:4], _without_lines(row[4]))
                parts.setdefault(row[0], []).append(f"{table}{row!r}")
    return {path: hashlib.blake2b("\n".join(rows).encode("utf-8", "surrogateescape"),
                                  digest_size=16).hexdigest() for path, rows in parts.items()}


def _without_lines(data: str) -> str:
    """A note's ``data`` without the line numbers of its body lines about attendees and marks."""
    if '"attendee_notes"' not in data and '"marks"' not in data:
        return data
    d = json.loads(data)
    d["attendee_notes"] = [(target, text) for target, text, _ in d.get("attendee_notes", ())]
    d["marks"] = [(key, text, date) for key, text, _, date in d.get("marks", ())]
    return json.dumps(d, sort_keys=True)


def record(db: sqlite3.Connection, before: dict[str, str] | None, after: dict[str, str],
           paths: Iterable[str]) -> None:
    """Log a refresh that changed ``paths`` (inside its transaction): ``before`` and ``after``
    are their ``digests``, ``before`` None for a refresh not followed note by note."""
    generation, seq, floor = _mark(db)
    if before is None or generation is None:
        db.execute("DELETE FROM changes")
        _set(db, os.urandom(8).hex(), 0, 0)
        return
    seq += 1
    db.executemany("INSERT INTO changes VALUES (?, ?, ?)",
                   ((seq, p, int(before.get(p) is None or before.get(p) != after.get(p))) for p in set(paths)))
    if seq - floor > KEPT:
        floor = seq - KEPT
        db.execute("DELETE FROM changes WHERE seq <= ?", (floor,))
    _set(db, generation, seq, floor)


def mark(db: sqlite3.Connection) -> str | None:
    """Where the log stands (None: no log yet)."""
    row = db.execute("SELECT value FROM meta WHERE key='changes'").fetchone()
    return row[0] if row else None


def since(db: sqlite3.Connection, then: str) -> dict[str, bool] | None:
    """The notes changed since the log stood at ``then``, each with whether the change was
    hard; None when the log cannot tell (another generation, or too long ago)."""
    generation, seq, floor = _mark(db)
    try:
        old_generation, old_seq, _ = then.split(":")
        old = int(old_seq)
    except ValueError:
        return None
    if generation != old_generation or old < floor or old > seq:
        return None
    out: dict[str, bool] = {}
    for path, hard in db.execute("SELECT path, max(hard) FROM changes WHERE seq > ? GROUP BY path", (old,)):
        out[path] = bool(hard)
    return out


def _mark(db: sqlite3.Connection) -> tuple[str | None, int, int]:
    value = mark(db)
    if not value:
        return None, 0, 0
    generation, seq, floor = value.split(":")
    return generation, int(seq), int(floor)


def _set(db: sqlite3.Connection, generation: str, seq: int, floor: int) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('changes', ?)", (f"{generation}:{seq}:{floor}",))
